"""The flags of `run` (and `chat`): declared, checked, and what they mean."""

from __future__ import annotations

import argparse
import dataclasses
import shutil
from pathlib import Path
from typing import Any, Optional, TextIO

import orjson

from .. import RequestError
from .._request import duration
from .._types import Think
from ._output import CLIError

__all__ = ["RunSettings", "add_run_arguments", "read_prompt", "terminal_width"]

_THINK_VALUES: dict[str, Think] = {"": True, "true": True, "false": False, "high": "high", "medium": "medium", "low": "low", "max": "max"}  # fmt: skip


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of `run` (and its alias `chat`), named as `ollama run` names them."""
    parser.add_argument("model")
    parser.add_argument(
        "prompt", nargs="*", default=[], help="the prompt (else stdin, else the REPL)"
    )
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
    """What the flags of `run` mean once checked."""

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
                duration(args.keepalive, "--keepalive")
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


def terminal_width(out: TextIO) -> Optional[int]:
    """The columns of `out` when it is a terminal wide enough to wrap in, else `None`."""
    if not out.isatty():
        return None
    columns = shutil.get_terminal_size().columns
    return columns if columns >= 10 else None


def read_prompt(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> None:
    """Set `args.prompt_text` (piped stdin first, then the words) and `args.interactive`.

    Called before the event loop starts, so Ctrl-C while stdin is read is a
    plain `KeyboardInterrupt`.
    """
    pieces = list(args.prompt)
    if not stdin.isatty():
        piped = stdin.read()
        if piped:
            pieces.insert(0, piped)
    args.prompt_text = " ".join(pieces)
    args.interactive = not pieces and stdin.isatty() and out.isatty()
