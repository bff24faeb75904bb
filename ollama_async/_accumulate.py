"""I/O-free builders of a complete response from streamed chunks.

Ollama's non-streaming mode concatenates the text of every chunk into the
last one; these do the same on the client side, so a stream can hand out its
final response (or, after a failure, the partial one) without a second
request. They work on the parsed dicts, before any response object is built.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["Accumulator", "ChatAccumulator", "GenerateAccumulator", "ProgressAccumulator"]


class Accumulator:
    """Common interface: feed every chunk to :meth:`handle_chunk`, then read :meth:`result`."""

    __slots__ = ("chunks", "last")

    def __init__(self) -> None:
        self.chunks = 0
        self.last: Optional[dict[str, Any]] = None

    @property
    def complete(self) -> bool:
        """Whether the final ``done: true`` chunk has been seen."""
        last = self.last
        return last is not None and last.get("done") is True

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one parsed chunk into account."""
        self.chunks += 1
        self.last = chunk

    def result(self) -> Optional[dict[str, Any]]:
        """The response built from the chunks so far (``None`` before the first)."""
        return self.last


class _TextAccumulator(Accumulator):
    """Concatenates text and thinking, and gathers tool calls and logprobs."""

    __slots__ = ("logprobs", "text", "thinking", "tool_calls")

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.thinking: list[str] = []
        self.tool_calls: list[Any] = []
        self.logprobs: list[Any] = []

    def _gather_rest(self, part: dict[str, Any]) -> None:
        """Thinking and tool calls, for the chunks that have either (the text is done inline)."""
        thinking = part.get("thinking")
        if thinking:
            self.thinking.append(thinking)
        tool_calls = part.get("tool_calls")
        if tool_calls:
            self.tool_calls.extend(tool_calls)

    def _gather_logprobs(self, chunk: dict[str, Any]) -> None:
        logprobs = chunk.get("logprobs")
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
    """Builds a ``/api/generate`` response: ``response``, ``thinking``, ``tool_calls``, ``logprobs``."""

    __slots__ = ()

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one generate chunk into account."""
        self.chunks += 1
        self.last = chunk
        text = chunk.get("response")
        if text:
            self.text.append(text)
        if "thinking" in chunk or "tool_calls" in chunk:
            self._gather_rest(chunk)
        if "logprobs" in chunk:
            self._gather_logprobs(chunk)

    def result(self) -> Optional[dict[str, Any]]:
        """The generate response so far, text concatenated."""
        if self.last is None:
            return None
        merged = self._merge(self.last, "response")
        if self.logprobs:
            merged["logprobs"] = list(self.logprobs)
        return merged


class ChatAccumulator(_TextAccumulator):
    """Builds a ``/api/chat`` response: ``message`` content, thinking and tool calls."""

    __slots__ = ()

    def handle_chunk(self, chunk: dict[str, Any]) -> None:
        """Take one chat chunk into account."""
        self.chunks += 1
        self.last = chunk
        message = chunk.get("message")
        if message:
            # Most chunks carry only text: one lookup each for the rest.
            text = message.get("content")
            if text:
                self.text.append(text)
            if "thinking" in message or "tool_calls" in message:
                self._gather_rest(message)
        if "logprobs" in chunk:
            self._gather_logprobs(chunk)

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


class ProgressAccumulator(Accumulator):
    """Tracks pull/push/create progress; complete at ``{"status": "success"}``."""

    __slots__ = ()

    @property
    def complete(self) -> bool:
        """Whether the ``success`` status has been seen."""
        last = self.last
        return last is not None and last.get("status") == "success"
