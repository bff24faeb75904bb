"""Printing one streamed reply as `ollama run` does: thinking block, text, timings.

Extras of ours: `--sentences` (one sentence per line with its arrival time),
`--speak` (each sentence handed to a `Speaker`), and a spinner on
terminals that says `Thinking…` while hidden thinking arrives.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional, TextIO

from .. import ReplyStream
from ._inline import InlineThinking
from ._layout import metrics_summary
from ._output import CLIError, Colours
from ._speak import Speaker
from ._wrap import WordWrap

__all__ = ["Display", "Reply", "Spinner", "print_reply"]

_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


@dataclasses.dataclass
class Display:
    """How replies are shown; the REPL's `/set` commands change it between turns."""

    out: TextIO
    err: TextIO
    colours: Colours
    spinner: bool = False
    hide_thinking: bool = False
    sentences: bool = False
    verbose: bool = False
    speaker: Optional[Speaker] = None
    wrap_width: Optional[int] = None
    """Terminal columns to word-wrap replies at; `None`: no wrapping."""
    image_dir: Path = Path(".")
    think_prefill: bool = False
    """Whether replies start inside a `<think>` block the model's template opened."""


@dataclasses.dataclass
class Reply:
    """What one reply put on screen: its text, its thinking, and the final chunk if it came."""

    text: str = ""
    thinking: str = ""
    final: Optional[Mapping[str, Any]] = None
    image: Optional[Path] = None


class Spinner:
    """A spinner on stderr until the first visible output; its label can change."""

    def __init__(self, err: TextIO, enabled: bool) -> None:
        self._err = err
        self._task: Optional[asyncio.Task[None]] = (
            asyncio.ensure_future(self._spin()) if enabled else None
        )
        self.label = ""

    async def _spin(self) -> None:
        frame = 0
        while True:
            self._err.write(f"\r\x1b[K{self.label}{_FRAMES[frame % len(_FRAMES)]} ")
            self._err.flush()
            frame += 1
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        """Remove the spinner (idempotent)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            self._err.write("\r\x1b[K")
            self._err.flush()


class _Printer:
    """The screen side of one reply: thinking block, text or sentence lines, wrapping."""

    def __init__(self, display: Display, reply: Reply) -> None:
        self.display = display
        self.reply = reply
        self.spinner = Spinner(display.err, display.spinner)
        self.wrap = WordWrap(display.wrap_width) if display.wrap_width else None
        self.started = time.perf_counter()
        self.thinking_open = False
        self.wrote = False  # something is on the current stdout line

    def write(self, text: str, *, wrap: bool = True) -> None:
        """Write to stdout, word-wrapped unless `wrap` is off."""
        self.display.out.write(self.wrap.feed(text) if wrap and self.wrap else text)
        self.wrote = True

    def thinking(self, text: str) -> None:
        """A piece of thinking: shown grey after `Thinking...`, or hidden behind the spinner."""
        self.reply.thinking += text
        if self.display.hide_thinking:
            self.spinner.label = "Thinking… "
            return
        self.spinner.stop()
        c = self.display.colours
        if not self.thinking_open:
            self.write(f"{c.grey}{c.bold}Thinking...\n{c.reset}{c.grey}", wrap=False)
            self.thinking_open = True
        self.write(text)

    def content(self, text: str) -> None:
        """A piece of the reply: closes the thinking block, then text or sentence lines."""
        self.spinner.stop()
        if self.thinking_open:
            c = self.display.colours
            newline = "" if self.reply.thinking.endswith("\n") else "\n"
            self.write(f"{newline}{c.grey}{c.bold}...done thinking.\n\n{c.reset}", wrap=False)
            self.thinking_open = False
            if self.wrap:
                self.wrap.reset()
        self.reply.text += text
        if not self.display.sentences:
            self.write(text)

    def pieces(self, pieces: list[tuple[bool, str]]) -> None:
        """Pieces of reply text, each thinking (`True`) or reply."""
        for is_thinking, text in pieces:
            if is_thinking:
                self.thinking(text)
            else:
                self.content(text)

    def sentence(self, sentence: str) -> None:
        """A complete sentence: to the speaker, and as a timed line with `--sentences`."""
        display, c = self.display, self.display.colours
        if display.speaker is not None:
            display.speaker.say(sentence)
        if display.sentences:
            elapsed = time.perf_counter() - self.started
            self.write(f"{c.grey}[{elapsed:5.2f}s]{c.reset} {sentence.strip()}\n", wrap=False)

    def interrupted(self) -> None:
        """Ctrl-C: end the line the reply (or the terminal's `^C` echo) is on."""
        if self.wrote or self.display.out.isatty():
            self.display.out.write(self.display.colours.reset + "\n")

    def close(self) -> None:
        """Remove the spinner and reset the colours, however the reply ended."""
        self.spinner.stop()
        if self.thinking_open:
            self.display.out.write(self.display.colours.reset)
        self.display.out.flush()


async def print_reply(
    stream: ReplyStream[Any], display: Display, reply: Optional[Reply] = None
) -> Reply:
    """Print `stream` as it arrives into `reply`; on cancellation the screen is left clean.

    Pass your own `reply` to read what was shown after a cancellation.
    """
    reply = Reply() if reply is None else reply
    printer = _Printer(display, reply)
    wants_sentences = display.sentences or display.speaker is not None
    # Thinking that arrives in the reply text is shown as thinking too.
    inline = InlineThinking(inside=display.think_prefill)
    deltas = stream.deltas(sentences=wants_sentences, think_prefill=display.think_prefill or None)
    try:
        async for delta in deltas:
            if delta.type == "thinking":
                printer.thinking(delta.text)
            elif delta.type == "text":
                printer.pieces(inline.feed(delta.text))
            elif delta.type == "sentence":
                printer.sentence(delta.text)
            display.out.flush()
        printer.pieces(inline.flush())
        final = stream.partial()
        if final is not None:
            reply.final = final.raw
            if "image" in final.raw:
                reply.image = save_image(final.raw["image"], display.image_dir)
    except asyncio.CancelledError:
        printer.interrupted()
        raise
    finally:
        printer.close()
        await stream.aclose()
    return reply


def finish_reply(reply: Reply, display: Display) -> None:
    """After a reply: the blank line, the image path, the `--verbose` timings."""
    out = display.out
    if not display.sentences:
        out.write("\n\n" if reply.text else "\n" if reply.thinking else "")
    if reply.image is not None:
        out.write(f"Image saved to {reply.image}\n")
    out.flush()
    if display.verbose and reply.final is not None:
        display.err.write(metrics_summary(reply.final))
        display.err.flush()


def save_image(data: Any, directory: Path) -> Path:
    """Write a reply's `image` field (a base64 PNG) to a new `ollama-image-N.png`."""
    try:
        png = base64.b64decode(data, validate=True) if isinstance(data, str) else b""
    except (binascii.Error, ValueError):
        png = b""
    if not png:
        raise CLIError(f"the reply's image field is not base64 data: {str(data)[:40]!r}")
    number = 1
    while True:
        path = directory / f"ollama-image-{number}.png"
        try:
            with path.open("xb") as file:
                file.write(png)
        except FileExistsError:
            number += 1
            continue
        return path
