"""I/O-free builders of a complete response from streamed chunks.

Ollama's non-streaming mode concatenates the text of every chunk into the
last one; these do the same on the client side, so a stream can hand out its
final response (or, after a failure, the partial one) without a second
request. They work on the parsed dicts, before any response object is built.

They are also where a chunk's known fields meet their JSON types: a field the
stream uses that has the wrong type (`"message": "oops"`, `"content": 123`)
raises `ProtocolError` naming the field and the line, instead of a raw
`AttributeError` or `TypeError` later. The checks are `type(x) is T`
tests on the fields each chunk is read for anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn, Optional

import orjson

from ._exceptions import ProtocolError

__all__ = ["Accumulator", "ChatAccumulator", "GenerateAccumulator", "ProgressAccumulator"]

_JSON_TYPES = {
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    list: "an array",
    dict: "an object",
}


class Accumulator:
    """Common interface: feed every chunk to `handle_chunk`, then read `result`."""

    __slots__ = ("chunks", "last")

    def __init__(self) -> None:
        self.chunks = 0
        self.last: Optional[dict[str, Any]] = None

    @property
    def complete(self) -> bool:
        """Whether the final `done: true` chunk has been seen."""
        last = self.last
        return last is not None and last.get("done") is True

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one parsed chunk into account."""
        self.chunks += 1
        self.last = chunk

    def result(self) -> Optional[dict[str, Any]]:
        """The response built from the chunks so far (`None` before the first)."""
        return self.last

    def check(self, reply: Mapping[str, Any]) -> None:
        """Check the known fields of a whole (non-streamed) reply, as for a chunk."""
        self.handle_chunk(dict(reply))

    def _wrong_type(self, chunk: dict[str, Any], field: str, value: Any, expected: str) -> NoReturn:
        line = orjson.dumps(chunk)
        preview = line[:200].decode("utf-8", "replace") + ("..." if len(line) > 200 else "")
        raise ProtocolError(
            f"line {self.chunks + 1} of the response has {field!r} as "
            f"{_JSON_TYPES.get(type(value), 'null')}, not {expected}: {preview}"
        )


class _TextAccumulator(Accumulator):
    """Concatenates text and thinking, and gathers tool calls and logprobs."""

    __slots__ = ("logprobs", "text", "thinking", "tool_calls")

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.thinking: list[str] = []
        self.tool_calls: list[Any] = []
        self.logprobs: list[Any] = []

    def _gather(
        self, chunk: dict[str, Any], part: dict[str, Any], text_key: str, where: str
    ) -> None:
        # Every field is checked before any is taken, so .partial holds whole chunks only.
        text = part.get(text_key)
        thinking = part.get("thinking")
        tool_calls = part.get("tool_calls")
        logprobs = chunk.get("logprobs")
        if type(text) is not str and text is not None:
            self._wrong_type(chunk, where + text_key, text, "a string")
        if type(thinking) is not str and thinking is not None:
            self._wrong_type(chunk, where + "thinking", thinking, "a string")
        if type(tool_calls) is not list and tool_calls is not None:
            self._wrong_type(chunk, where + "tool_calls", tool_calls, "an array")
        if type(logprobs) is not list and logprobs is not None:
            self._wrong_type(chunk, "logprobs", logprobs, "an array")
        if text:
            self.text.append(text)
        if thinking:
            self.thinking.append(thinking)
        if tool_calls:
            self.tool_calls.extend(tool_calls)
        if logprobs:
            self.logprobs.extend(logprobs)

    def _merge(self, part: dict[str, Any], text_key: str) -> dict[str, Any]:
        merged = dict(part)
        merged[text_key] = "".join(self.text)
        for key, values in (("thinking", self.thinking), ("tool_calls", self.tool_calls)):
            if values:
                merged[key] = "".join(values) if key == "thinking" else list(values)
            else:
                merged.pop(key, None)
        return merged


class GenerateAccumulator(_TextAccumulator):
    """Builds a `/api/generate` response: `response`, `thinking`, `tool_calls`, `logprobs`."""

    __slots__ = ()

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one generate chunk into account."""
        done = chunk.get("done")
        if done is not None and done is not True and done is not False:
            self._wrong_type(chunk, "done", done, "a boolean")
        if "thinking" in chunk or "tool_calls" in chunk or "logprobs" in chunk:
            self._gather(chunk, chunk, "response", "")
        else:
            # The common chunk, text only: one field to check and take.
            text = chunk.get("response")
            if type(text) is str:
                if text:
                    self.text.append(text)
            elif text is not None:
                self._wrong_type(chunk, "response", text, "a string")
        self.chunks += 1
        self.last = chunk

    def result(self) -> Optional[dict[str, Any]]:
        """The generate response so far, text concatenated."""
        if self.last is None:
            return None
        merged = self._merge(self.last, "response")
        if self.logprobs:
            merged["logprobs"] = list(self.logprobs)
        return merged


class ChatAccumulator(_TextAccumulator):
    """Builds a `/api/chat` response: `message` content, thinking and tool calls."""

    __slots__ = ()

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one chat chunk into account."""
        done = chunk.get("done")
        if done is not None and done is not True and done is not False:
            self._wrong_type(chunk, "done", done, "a boolean")
        message = chunk.get("message")
        if type(message) is dict:
            if "thinking" in message or "tool_calls" in message or "logprobs" in chunk:
                self._gather(chunk, message, "content", "message.")
            else:
                # The common chunk, text only: one field to check and take.
                text = message.get("content")
                if type(text) is str:
                    if text:
                        self.text.append(text)
                elif text is not None:
                    self._wrong_type(chunk, "message.content", text, "a string")
        elif message is None:
            self._gather(chunk, _NO_MESSAGE, "content", "message.")
        else:
            self._wrong_type(chunk, "message", message, "an object")
        self.chunks += 1
        self.last = chunk

    def result(self) -> Optional[dict[str, Any]]:
        """The chat response so far, message text concatenated."""
        last = self.last
        if last is None:
            return None
        merged = dict(last)
        message = last.get("message") or {"role": "assistant"}
        merged["message"] = self._merge(message, "content")
        if self.logprobs:
            merged["logprobs"] = list(self.logprobs)
        return merged


_NO_MESSAGE: dict[str, Any] = {}


class ProgressAccumulator(Accumulator):
    """Tracks pull/push/create progress; complete at `{"status": "success"}`."""

    __slots__ = ()

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one progress chunk into account."""
        status = chunk.get("status")
        if status is not None and type(status) is not str:
            self._wrong_type(chunk, "status", status, "a string")
        self.chunks += 1
        self.last = chunk

    @property
    def complete(self) -> bool:
        """Whether the `success` status has been seen."""
        last = self.last
        return last is not None and last.get("status") == "success"
