"""``ollama-async run MODEL [PROMPT]``: pull if missing, then one answer or the REPL."""

from __future__ import annotations

import argparse
import dataclasses
import shutil
from pathlib import Path
from typing import Any, Optional, TextIO

import orjson

from .. import AsyncClient, ModelNotFoundError, RequestError, ShowResponse
from .._request import encode_keep_alive
from .._types import Think
from ._output import CLIError, colours
from ._progress import ProgressBar
from ._reply import Display, finish_reply, print_reply
from ._speak import Speaker

__all__ = ["RunSettings", "add_run_arguments", "ensure_model", "pull_with_progress", "run"]

_THINK_VALUES: dict[str, Think] = {"": True, "true": True, "false": False, "high": "high", "medium": "medium", "low": "low", "max": "max"}  # fmt: skip


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``run`` (and its alias ``chat``), named as ``ollama run`` names them."""
    parser.add_argument("model")
    parser.add_argument("prompt", nargs="*", help="the prompt (else stdin, else the REPL)")
    parser.add_argument("--verbose", action="store_true", help="show timings after each reply")
    parser.add_argument(
        "--think",
        metavar="LEVEL",
        help="thinking: --think (true), --think=false, =high, =medium, =low or =max",
    )
    parser.add_argument("--hidethinking", action="store_true", help="do not show the thinking")
    parser.add_argument("--format", help="reply format: json, or a JSON schema")
    parser.add_argument(
        "--keepalive", metavar="DURATION", help="how long the model stays loaded (5m, 1h, 0)"
    )
    parser.add_argument(
        "--nowordwrap", action="store_true", help="do not wrap words at the terminal's edge"
    )
    parser.add_argument("--insecure", action="store_true", help="pull from an insecure registry")
    parser.add_argument("--system", help="system message")
    parser.add_argument(
        "--sentences", action="store_true", help="one sentence per line, with latency"
    )
    parser.add_argument("--speak", action="store_true", help="speak each sentence with espeak-ng")
    parser.add_argument("--speak-to", type=Path, metavar="DIR",
                        help="with --speak: write NNN.wav files to DIR instead of playing")  # fmt: skip


@dataclasses.dataclass
class RunSettings:
    """What the flags of ``run`` mean once checked."""

    model: str
    think: Optional[Think]
    think_given: bool
    format: Optional[Any]
    keep_alive: Optional[str]
    system: Optional[str]
    insecure: bool

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RunSettings:
        """Check the flags; a bad value is a one-line error naming the flag."""
        think: Optional[Think] = None
        if args.think is not None:
            if args.think not in _THINK_VALUES:
                raise CLIError(
                    f"invalid value for --think: {args.think!r} "
                    "(must be true, false, high, medium, low, or max)"
                )
            think = _THINK_VALUES[args.think]
        if args.keepalive is not None:
            try:
                encode_keep_alive(args.keepalive)
            except RequestError:
                raise CLIError(
                    f"invalid --keepalive {args.keepalive!r}: use a duration with a unit, "
                    "such as 30s, 5m, 1h30m, or 0 to unload at once"
                ) from None
        return cls(
            model=args.model,
            think=think,
            think_given=args.think is not None,
            format=_format(args.format),
            keep_alive=args.keepalive,
            system=args.system,
            insecure=args.insecure,
        )


def _format(value: Optional[str]) -> Optional[Any]:
    if value is None or value == "json":
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise CLIError(f"invalid --format {value!r}: use json, or a JSON schema") from None


async def pull_with_progress(client: AsyncClient, model: str, insecure: bool, err: TextIO) -> None:
    """Pull ``model`` with the progress bar; the bar's line is ended even on Ctrl-C."""
    bar = ProgressBar(err)
    try:
        stream = await client.pull(model, insecure=insecure, stream=True)
        async with stream:
            async for update in stream:
                bar.update(update)
    finally:
        bar.close()


async def ensure_model(
    client: AsyncClient, model: str, insecure: bool, err: TextIO
) -> ShowResponse:
    """``show`` the model, pulling it first when it is not installed (as ``ollama run`` does)."""
    try:
        return await client.show(model)
    except ModelNotFoundError:
        pass
    await pull_with_progress(client, model, insecure, err)
    return await client.show(model)


def terminal_width(out: TextIO) -> Optional[int]:
    """The columns of ``out`` when it is a terminal wide enough to wrap in, else ``None``."""
    if not out.isatty():
        return None
    columns = shutil.get_terminal_size().columns
    return columns if columns >= 10 else None


def read_prompt(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> None:
    """Set ``args.prompt_text`` (piped stdin first, then the words) and ``args.interactive``.

    Called before the event loop starts, so Ctrl-C while stdin is read is a
    plain ``KeyboardInterrupt``.
    """
    pieces = list(args.prompt)
    if not stdin.isatty():
        piped = stdin.read()
        if piped:
            pieces.insert(0, piped)
    args.prompt_text = " ".join(pieces)
    args.interactive = not pieces and stdin.isatty() and out.isatty()


async def run(client: AsyncClient, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    """Carry out ``run``: one answer for a prompt or piped input, else the REPL."""
    settings = RunSettings.from_args(args)
    prompt, interactive = args.prompt_text, args.interactive
    speaker = Speaker.find(err, args.speak_to) if args.speak or args.speak_to else None
    info = await ensure_model(client, settings.model, settings.insecure, err)
    capabilities = list(info.capabilities or [])
    if not settings.think_given and "thinking" in capabilities:
        settings.think = True
    if "embedding" in capabilities:
        if not prompt:
            raise CLIError(
                "embedding models require input text. "
                f'Usage: ollama-async run {settings.model} "your text here"'
            )
        result = await client.embed(settings.model, prompt, keep_alive=settings.keep_alive)
        out.write(orjson.dumps(list(result.embeddings[0])).decode() + "\n")
        return
    display = Display(
        out=out,
        err=err,
        colours=colours(out),
        spinner=err.isatty(),
        hide_thinking=args.hidethinking,
        sentences=args.sentences,
        verbose=args.verbose,
        speaker=speaker,
        wrap_width=None if args.nowordwrap else terminal_width(out),
    )
    if interactive and "image" in capabilities:
        raise CLIError(
            f'image generation models need a prompt: ollama-async run {settings.model} "a red fox"'
        )
    try:
        if interactive:
            from ._repl import Repl

            await Repl(client, settings, display, capabilities).loop()
        elif prompt:
            stream = await client.generate(
                settings.model,
                prompt,
                stream=True,
                system=settings.system,
                think=settings.think,
                format=settings.format,
                keep_alive=settings.keep_alive,
            )
            reply = await print_reply(stream, display)
            if speaker is not None:
                await speaker.finish()
            finish_reply(reply, display)
        else:  # an empty prompt only loads the model, as ollama does
            await client.generate(settings.model, keep_alive=settings.keep_alive)
    finally:
        if speaker is not None:
            await speaker.aclose()
