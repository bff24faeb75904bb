"""The `>>>` prompt of `run` in a terminal, with ollama's slash commands.

Each turn sends the whole conversation to `/api/chat`. Ctrl-C stops the
reply being written (and the voice, with `--speak`), not the program; the
history keeps what was shown (or spoken). Ctrl-D or `/bye` quits.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Sequence
from typing import Any, Optional, cast

from .. import AsyncClient, OllamaError, ResponseError
from .._options import OPTION_TYPES
from .._types import Options, Think
from ._layout import show_info
from ._output import describe
from ._reply import Display, Reply, Spinner, finish_reply, print_reply
from ._settings import RunSettings, terminal_width

__all__ = ["Repl", "parse_parameter"]

with contextlib.suppress(ImportError):  # line editing and history where the platform has it
    import readline  # noqa: F401

_HELP = """Available Commands:
  /set            Set session variables
  /show           Show model information
  /clear          Clear session context
  /bye            Exit
  /?, /help       Help for a command
  /? shortcuts    Help for keyboard shortcuts

Use \"\"\" to begin a multi-line message.

"""
_SET_HELP = """Available Commands:
  /set parameter ...     Set a parameter
  /set system <string>   Set system message
  /set wordwrap          Enable wordwrap
  /set nowordwrap        Disable wordwrap
  /set format json       Enable JSON mode
  /set noformat          Disable formatting
  /set verbose           Show LLM stats
  /set quiet             Disable LLM stats
  /set think             Enable thinking
  /set nothink           Disable thinking

"""
_SHOW_HELP = """Available Commands:
  /show info         Show details for this model
  /show license      Show model license
  /show modelfile    Show Modelfile for this model
  /show parameters   Show parameters for this model
  /show system       Show system message
  /show template     Show prompt template

"""
_SHORTCUTS = """Available keyboard shortcuts:
  Ctrl + c            Stop the model from responding
  Ctrl + d            Exit (/bye)

"""
_PARAMETER_HELP = (
    "Available Parameters:\n"
    + "".join(f"  /set parameter {name} <{kind}>\n" for name, kind in OPTION_TYPES.items())
    + "\n"
)

_THINK_LEVELS: dict[str, Think] = {"high": "high", "medium": "medium", "low": "low", "max": "max"}
_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
          "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}  # fmt: skip


def parse_parameter(name: str, words: Sequence[str]) -> Any:
    """A `/set parameter` value as Ollama's `FormatParams` converts it.

    Raises `ValueError` with ollama's wording for an unknown name or a bad value.
    """
    kind = OPTION_TYPES.get(name)
    if kind is None:
        raise ValueError(f"unknown parameter '{name}'")
    if kind == "list of str":
        return list(words)
    value = words[0]
    try:
        if kind.startswith("int"):
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        raise ValueError(f"invalid {kind.split()[0]} value [{value}]") from None
    if value not in _BOOLS:
        raise ValueError(f"invalid bool value [{value}]")
    return _BOOLS[value]


class Repl:
    """One interactive session: the conversation, its options, and the display."""

    def __init__(
        self,
        client: AsyncClient,
        settings: RunSettings,
        display: Display,
        capabilities: Sequence[str],
    ) -> None:
        self.client = client
        self.settings = settings
        self.display = display
        self.capabilities = list(capabilities)
        self.messages: list[dict[str, Any]] = []
        if settings.system:
            self.messages.append({"role": "system", "content": settings.system})
        self.options: dict[str, Any] = {}
        self._turn: Optional[asyncio.Task[None]] = None
        self._interrupted_prompt = False

    # -- the loop -------------------------------------------------------------

    async def loop(self) -> None:
        """Read and answer until `/bye` or Ctrl-D."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C ends the program
            loop.add_signal_handler(signal.SIGINT, self._interrupt)
        try:
            await self._load()
            while True:
                line = await self._read_message()
                if line is None:
                    return
                if not line.strip():
                    continue
                if line.startswith("/") and not await self._command(line.strip()):
                    return
                if not line.startswith("/"):
                    await self._take_turn(line)
        finally:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signal.SIGINT)

    async def _take_turn(self, prompt: str) -> None:
        """Answer `prompt`; Ctrl-C or an error the server reports leaves the session open.

        (Ollama ends the session on most server errors; a typo in `/set` should not.)
        """
        self._turn = asyncio.ensure_future(self._answer(prompt))
        try:
            await self._turn
        except asyncio.CancelledError:
            pass
        except ResponseError as exc:
            self.display.err.write(f"Error: {describe(exc, self.client.base_url)}\n")
            self.display.err.flush()
        finally:
            self._turn = None

    async def _load(self) -> None:
        """Load the model before the first prompt, with the spinner, as ollama does."""
        spinner = Spinner(self.display.err, self.display.spinner)
        try:
            await self.client.generate(self.settings.model, keep_alive=self.settings.keep_alive)
        finally:
            spinner.stop()

    def _interrupt(self) -> None:
        if self._turn is not None and not self._turn.done():
            self._turn.cancel()
            return
        self._interrupted_prompt = True
        self.display.out.write("\nUse Ctrl + d or /bye to exit.\n>>> ")
        self.display.out.flush()

    async def _input(self, prompt: str) -> Optional[str]:
        try:
            return await asyncio.to_thread(input, prompt)
        except EOFError:
            return None

    async def _read_message(self) -> Optional[str]:
        """One message: a line, or a `\"\"\"` block joined by newlines (`None` at Ctrl-D)."""
        self._interrupted_prompt = False
        line = await self._input(">>> ")
        if line is None:
            self.display.out.write("\n")
            return None
        head = '/set system """' if line.startswith('/set system """') else '"""'
        if not line.startswith(head):
            return line
        first = line[len(head) :]
        if first.endswith('"""'):
            return line[: len(head) - 3] + first[:-3]
        lines = [first]
        while not lines[-1].endswith('"""'):
            more = await self._input("... ")
            if more is None or self._interrupted_prompt:  # Ctrl-C drops the block
                return "" if more is not None else None
            lines.append(more)
        lines[-1] = lines[-1][:-3]
        text = "\n".join(lines).strip("\n") if head == '"""' else "\n".join(lines)
        return line[: len(head) - 3] + text

    async def _answer(self, prompt: str) -> None:
        display = self.display
        self.messages.append({"role": "user", "content": prompt})
        reply = Reply()
        try:
            stream = await self.client.chat(
                self.settings.model,
                self.messages,
                stream=True,
                think=self.settings.think,
                format=self.settings.format,
                # parse_parameter checked each key and value against the option table.
                options=cast("Options", self.options) if self.options else None,
                keep_alive=self.settings.keep_alive,
            )
            await print_reply(stream, display, reply)
            if display.speaker is not None:
                await display.speaker.finish()
            finish_reply(reply, display)
        finally:
            heard = reply.text
            if display.speaker is not None:
                await display.speaker.stop()
                heard = "".join(display.speaker.spoken) or reply.text
                display.speaker.spoken.clear()
            if heard:
                self.messages.append({"role": "assistant", "content": heard})

    # -- slash commands -------------------------------------------------------

    async def _command(self, line: str) -> bool:
        """Run one slash command; `False` ends the session."""
        words = line.split()
        name = words[0]
        err = self.display.err
        if name.startswith(("/bye", "/exit")):
            return False
        if name in ("/?", "/help"):
            topic = words[1] if len(words) > 1 else ""
            helps = {"": _HELP, "set": _SET_HELP, "show": _SHOW_HELP}
            helps.update(shortcut=_SHORTCUTS, shortcuts=_SHORTCUTS)
            err.write(helps.get(topic, ""))
        elif name == "/clear":
            self.messages = [m for m in self.messages if m["role"] == "system"]
            self._say("Cleared session context")
        elif name == "/set":
            self._set(words[1:], line)
        elif name == "/show":
            await self._show(words[1:])
        else:
            self._say(f"Unknown command '{name}'. Type /? for help")
        err.flush()
        return True

    def _say(self, text: str) -> None:
        self.display.out.write(text + "\n")
        self.display.out.flush()

    def _set(self, words: list[str], line: str) -> None:
        if not words:
            self.display.err.write(_SET_HELP)
            return
        what, rest = words[0], words[1:]
        settings, display = self.settings, self.display
        if what == "parameter":
            if len(rest) < 2:
                self.display.err.write(_PARAMETER_HELP)
                return
            try:
                self.options[rest[0]] = parse_parameter(rest[0], rest[1:])
            except ValueError as exc:
                self._say(f'Couldn\'t set parameter: "{exc}"')
                return
            self._say(f"Set parameter '{rest[0]}' to '{', '.join(rest[1:])}'")
        elif what == "system":
            self._set_system(line.split(maxsplit=2)[2] if rest else "")  # keeps newlines
        elif what in ("think", "nothink"):
            level = rest[0] if what == "think" and rest else None
            if level is not None and level not in _THINK_LEVELS:
                self._say(f"error: invalid think value {level!r} (use high, medium, low or max)")
                return
            settings.think = _THINK_LEVELS[level] if level else what == "think"
            if "thinking" not in self.capabilities:
                display.err.write(
                    f'warning: model "{settings.model}" does not support thinking output\n'
                )
            self._say(f"Set '{what}' mode" + (f" to '{level}'." if level else "."))
        elif what in ("verbose", "quiet"):
            display.verbose = what == "verbose"
            self._say(f"Set '{what}' mode.")
        elif what == "format" and rest == ["json"]:
            settings.format = "json"
            self._say("Set format to 'json' mode.")
        elif what == "format":
            self._say("Invalid or missing format. For 'json' mode use '/set format json'")
        elif what == "noformat":
            settings.format = None
            self._say("Disabled format.")
        elif what in ("wordwrap", "nowordwrap"):
            display.wrap_width = terminal_width(display.out) if what == "wordwrap" else None
            self._say(f"Set '{what}' mode.")
        elif what not in ("history", "nohistory"):
            self._say(f"Unknown command '/set {what}'. Type /? for help")

    def _set_system(self, text: str) -> None:
        self.settings.system = text
        if self.messages and self.messages[-1]["role"] == "system":
            self.messages[-1] = {"role": "system", "content": text}
        else:
            self.messages.append({"role": "system", "content": text})
        self._say("Set system message.")

    async def _show(self, words: list[str]) -> None:
        out, err = self.display.out, self.display.err
        if not words:
            err.write(_SHOW_HELP)
            return
        try:
            info = await self.client.show(self.settings.model)
        except OllamaError as exc:  # one line, and the session goes on
            self._say(f"error: couldn't get model: {describe(exc, self.client.base_url)}")
            return
        what = words[0]
        if what == "info":
            err.write(show_info(info))
        elif what == "license":
            out.write((info.license or "No license was specified for this model.") + "\n")
        elif what == "modelfile":
            out.write((info.modelfile or "") + "\n")
        elif what == "parameters":
            out.write("Model defined parameters:\n")
            lines = (info.parameters or "").splitlines()
            out.write("".join(f"  {line}\n" for line in lines) or
                      "  No additional parameters were specified for this model.\n")  # fmt: skip
            out.write("\n")
            if self.options:
                out.write("User defined parameters:\n")
                out.write("".join(f"  {k:<30} {v}\n" for k, v in self.options.items()) + "\n")
        elif what == "system":
            system = self.settings.system or info.system
            out.write(
                f"{system}\n\n" if system else "No system message was specified for this model.\n"
            )
        elif what == "template":
            out.write((info.template or "No prompt template was specified for this model.") + "\n")
        else:
            out.write(f"Unknown command '/show {what}'. Type /? for help\n")
        out.flush()
