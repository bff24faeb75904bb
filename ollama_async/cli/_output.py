"""Output discipline: colour only where it belongs, and one shell-worded line per error."""

from __future__ import annotations

import os
from typing import NamedTuple, TextIO

from .. import (
    ModelNotFoundError,
    OllamaConnectionError,
    OllamaError,
    OllamaTimeoutError,
    ResponseError,
    StreamError,
)
from .._exceptions import PROXY_UNREACHABLE

__all__ = ["CLIError", "Colours", "colours", "describe", "pull_hint"]


class CLIError(Exception):
    """A failure the command line words itself; `str()` is the whole message."""


class Colours(NamedTuple):
    """ANSI sequences, or empty strings when colour is off."""

    grey: str = ""
    bold: str = ""
    reset: str = ""


def colours(stream: TextIO) -> Colours:
    """Colour for `stream` only when it is a terminal and `NO_COLOR` is unset or empty."""
    if os.environ.get("NO_COLOR") or not stream.isatty():
        return Colours()
    return Colours(grey="\x1b[90m", bold="\x1b[1m", reset="\x1b[0m")


def pull_hint(model: str) -> str:
    """The shell command that installs `model`."""
    return f"pull it with: ollama-async pull {model}"


def describe(exc: BaseException, base_url: str, *, hints: bool = True) -> str:
    """One line for `exc`, worded for someone at a shell prompt.

    Errors inside a 200 stream carry no status; `hints=False` leaves out
    advice (`rm nosuch` must not suggest installing the model).
    """
    if isinstance(exc, ModelNotFoundError):
        return f"{exc.error} ({pull_hint(exc.model)})" if hints and exc.model else exc.error
    if isinstance(exc, StreamError):
        return exc.error
    if isinstance(exc, ResponseError):
        return f"{exc.error} ({exc.hint})" if hints and exc.hint else exc.error
    os_error = getattr(exc.__cause__, "os_error", None)  # set when connecting failed
    proxy_failed = str(exc).startswith(PROXY_UNREACHABLE)  # the server is not to blame
    if (
        isinstance(exc, OllamaConnectionError)
        and isinstance(os_error, OSError)
        and not proxy_failed
    ):
        code = os_error.errno
        # errno > 0: a socket error ("Connection refused"); else a resolver error text
        reason = os.strerror(code) if code and code > 0 else os_error.strerror
        return (
            f"could not connect to ollama server at {base_url}"
            + (f" ({reason})" if reason else "")
            + "; start it with `ollama serve`, or point at another one with OLLAMA_HOST=host:port"
        )
    if isinstance(exc, OllamaTimeoutError):
        return f"ollama server at {base_url} did not answer in time (the {exc.limit} timeout fired)"
    if isinstance(exc, OllamaError):
        return str(exc)
    return str(exc) or type(exc).__name__
