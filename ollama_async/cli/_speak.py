"""`--speak`: each sentence spoken through espeak-ng while the model writes the next.

Sentences queue up; one espeak-ng process speaks at a time. `Speaker.stop`
is the barge-in: the queue is emptied and the voice cut off at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path
from typing import Optional, TextIO

from ._output import CLIError

__all__ = ["Speaker"]

_MISSING = (
    "--speak needs espeak-ng, which is not installed "
    "(Debian/Ubuntu: sudo apt-get install espeak-ng; macOS: brew install espeak-ng)"
)


class Speaker:
    """Speaks queued sentences in order; `spoken` lists those said to the end."""

    def __init__(self, binary: str, err: TextIO, wav_dir: Optional[Path] = None) -> None:
        self._binary = binary
        self._err = err
        self._wav_dir = wav_dir
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._worker: Optional[asyncio.Task[None]] = None
        self._process: Optional[asyncio.subprocess.Process] = None
        self._warned = False
        self._files = 0  # WAV files written, for the next file's number
        self.spoken: list[str] = []

    @classmethod
    def find(cls, err: TextIO, wav_dir: Optional[Path] = None) -> Speaker:
        """A speaker using the espeak-ng on `PATH`; a one-line error when there is none."""
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise CLIError(_MISSING)
        if wav_dir is not None:
            wav_dir.mkdir(parents=True, exist_ok=True)
        return cls(binary, err, wav_dir)

    def say(self, sentence: str) -> None:
        """Queue `sentence`; it is spoken after those queued before it."""
        if self._worker is None:
            self._worker = asyncio.ensure_future(self._speak_all())
        self._queue.put_nowait(sentence)

    async def finish(self) -> None:
        """Wait until every queued sentence has been spoken."""
        await self._queue.join()

    async def stop(self) -> None:
        """Barge-in: forget the queue and cut the current sentence off."""
        while not self._queue.empty():
            self._queue.get_nowait()
            self._queue.task_done()
        process = self._process
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    async def aclose(self) -> None:
        """Stop speaking and end the worker task."""
        await self.stop()
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def _speak_all(self) -> None:
        while True:
            sentence = await self._queue.get()
            try:
                await self._speak(sentence)
            finally:
                self._queue.task_done()

    async def _speak(self, sentence: str) -> None:
        args = [self._binary]
        if self._wav_dir is not None:
            args += ["-w", str(self._wav_dir / f"{self._files:03d}.wav")]
            self._files += 1
        self._process = await asyncio.create_subprocess_exec(
            *args, "--", sentence,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            _, errors = await self._process.communicate()
        finally:
            if self._process.returncode is None:  # cancelled: stop talking at once
                self._process.kill()
                await self._process.wait()
        if self._process.returncode == 0 and not errors:
            self.spoken.append(sentence)
        elif self._process.returncode is not None and self._process.returncode >= 0:
            self._warn(errors)

    def _warn(self, errors: bytes) -> None:
        if self._warned:
            return
        self._warned = True
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        reason = (
            lines[-1]
            if lines
            else f"exit status {self._process.returncode if self._process else '?'}"
        )
        self._err.write(
            f"Warning: espeak-ng could not play audio ({reason}); "
            "--speak-to DIR writes the speech to WAV files instead\n"
        )
        self._err.flush()
