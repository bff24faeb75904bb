"""Speak a streamed reply sentence by sentence with espeak-ng, with barge-in on Ctrl-C.

The first sentence is spoken while the model is still writing the rest.
Ctrl-C stops speaking and closes the stream, so Ollama stops generating; the
sentences already spoken are what goes into the chat history.

Needs espeak-ng (Debian/Ubuntu: ``sudo apt-get install espeak-ng``; macOS:
``brew install espeak-ng``). Talks to a real Ollama when one answers,
otherwise to the built-in test server.

    python examples/speak.py ["your question"] [--wav-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
from collections.abc import Awaitable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Callable, Optional

from _backend import ollama_or_fake

from ollama_async import AsyncClient, ChatStream
from ollama_async.testing import FakeModel

QUESTION = "Tell me, in three short sentences, why the sky is blue."
FAKE_REPLY = (
    "Sunlight is made of every colour. Air molecules scatter blue light far more than red. "
    "So wherever you look, scattered blue light reaches your eyes!"
)

Speak = Callable[[str, int], Awaitable[None]]


def espeak(wav_dir: Optional[Path]) -> Speak:
    """A speaker: plays each sentence, or writes it to ``wav_dir/NNN.wav``."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise SystemExit("espeak-ng is not installed: sudo apt-get install espeak-ng")

    async def speak(sentence: str, number: int) -> None:
        args = [binary, "-v", "en-us+f3" if sentence.isascii() else "cmn"]
        if wav_dir is not None:
            args += ["-w", str(wav_dir / f"{number:03d}.wav")]
        process = await asyncio.create_subprocess_exec(
            *args, "--", sentence, stdout=asyncio.subprocess.DEVNULL
        )
        try:
            await process.wait()
        finally:
            if process.returncode is None:  # barge-in: stop talking at once
                process.kill()
                await process.wait()

    return speak


async def speak_reply(stream: ChatStream, speak: Speak, spoken: list[str]) -> None:
    """Speak each sentence as soon as it is complete, appending it to ``spoken`` once said.

    Splitting runs ahead of speaking, so the next sentence is ready when the
    current one ends. Cancelling this coroutine stops both and closes the
    stream; ``spoken`` then holds exactly what the user heard.
    """
    queue: asyncio.Queue[Optional[str]] = asyncio.Queue()

    async def split() -> None:
        try:
            async for sentence in stream.sentences(strip_markdown=True, skip_code=True):
                await queue.put(sentence)
        finally:
            await queue.put(None)

    splitter = asyncio.ensure_future(split())
    try:
        while (sentence := await queue.get()) is not None:
            await speak(sentence, len(spoken))
            spoken.append(sentence)
        await splitter  # re-raise a stream error
    finally:
        splitter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await splitter
        await stream.aclose()


async def main(question: str, wav_dir: Optional[Path]) -> None:
    """Ask ``question`` and speak the answer."""
    speak = espeak(wav_dir)
    async with AsyncExitStack() as stack:
        fake = FakeModel("speak-model", reply=FAKE_REPLY, token_delay=0.05)
        host, model = await ollama_or_fake(stack, fake)
        client = await stack.enter_async_context(AsyncClient(host))
        print(f"> {question}  (Ctrl-C to interrupt)")
        stream = await client.chat(model, [{"role": "user", "content": question}], stream=True)
        spoken: list[str] = []
        try:
            await speak_reply(stream, speak, spoken)
        except asyncio.CancelledError:
            print("\n[interrupted]")
        print(f"history gets what was heard: {''.join(spoken)!r}")
        if stream.time_to_first_sentence is not None:
            print(f"first sentence ready after {stream.time_to_first_sentence * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default=QUESTION)
    parser.add_argument("--wav-dir", type=Path, help="write NNN.wav files instead of playing")
    options = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(options.question, options.wav_dir))
