"""Stream objects: typed chunks from an open response, closed deterministically.

A stream is an async iterator of response objects and an async context
manager. It reads bytes as they arrive, decodes them with the I/O-free
`ollama_async._ndjson.NDJSONDecoder`, feeds every chunk to an
accumulator and wraps it in its response type.

Closing matters because closing the connection is Ollama's only cancel
signal: `aclose()`, leaving `async with`, cancelling the task that is
reading, and dropping the last reference to the stream (as `break` out of
`async for stream in await client.chat(...)` does) all close the socket,
so the server stops generating. Only a stream read to its end returns its
connection to the pool.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Generic, NoReturn, Optional, TypeVar

from ._accumulate import Accumulator, ChatAccumulator, GenerateAccumulator, ProgressAccumulator
from ._deltas import DeltaIterator
from ._exceptions import (
    IncompleteStreamError,
    OllamaError,
    ProtocolError,
    RequestError,
    StreamError,
)
from ._ndjson import NDJSONDecoder
from ._responses import ChatResponse, GenerateResponse, ProgressResponse
from ._sentences import SentenceSplitter
from ._text import SentenceIterator, TokenIterator
from ._transport import ResponseBody
from ._wire import WireObject

__all__ = ["ChatStream", "GenerateStream", "ProgressStream", "ReplyStream", "Stream"]

R = TypeVar("R", bound=WireObject)
S = TypeVar("S", bound="Stream[Any]")

_decode = NDJSONDecoder.decode
_new = object.__new__


class Stream(Generic[R]):
    """Base of the stream types: iterate for typed chunks, `aclose()` to stop early."""

    _chunk_type: type[R]
    _accumulator_type: type[Accumulator]
    _final_description: str  # what the last chunk looks like, for the incomplete-stream error

    __slots__ = (
        "_accumulator",
        "_body",
        "_decoder",
        "_eof",
        "_first_chunk_at",
        "_pending",
        "_started",
        "_timing",
    )

    def __init__(
        self,
        body: ResponseBody,
        *,
        max_line_bytes: int,
        started: Optional[float] = None,
    ) -> None:
        self._body: Optional[ResponseBody] = body
        self._accumulator = self._accumulator_type()
        self._decoder = NDJSONDecoder(max_line_bytes)
        self._pending: list[bytes] = []  # split lines not handed out yet, last first
        self._eof = False
        self._started = time.perf_counter() if started is None else started
        self._first_chunk_at: Optional[float] = None
        self._timing = True  # until the timings of interest have been taken

    @property
    def closed(self) -> bool:
        """Whether the underlying response has been closed or released."""
        return self._body is None

    @property
    def complete(self) -> bool:
        """Whether the final chunk (`done: true` / `status: success`) has arrived."""
        return self._accumulator.complete

    @property
    def chunks_received(self) -> int:
        """How many chunks have been handed out so far."""
        return self._accumulator.chunks

    def partial(self) -> Optional[R]:
        """The response accumulated from the chunks so far (`None` before the first)."""
        data = self._accumulator.result()
        return None if data is None else self._chunk_type(data)

    def __aiter__(self: S) -> S:
        return self

    async def __anext__(self) -> R:
        # The hot path of `async for chunk in stream`: the lines of a burst are
        # taken in here directly, and the chunk is wrapped without __init__.
        pending = self._pending
        data = None
        while pending and data is None:
            data = self._accept(pending.pop())
        if data is None:
            data = await self._next_data()
        chunk = _new(self._chunk_type)
        chunk._data = data
        return chunk

    def _take(self) -> Optional[dict[str, Any]]:
        """The next chunk of a read already split, taken in; `None` when a read is needed.

        Many lines arrive per read in a burst: the iterators hand those out
        through this, without awaiting another coroutine per chunk.
        """
        pending = self._pending
        while pending:
            data = self._accept(pending.pop())
            if data is not None:
                return data
        return None

    async def _next_data(self) -> dict[str, Any]:
        """The next parsed chunk, taken into the accumulator; the core of every iterator."""
        pending = self._pending
        decoder = self._decoder
        while True:
            if pending:
                data = self._take()
                if data is not None:
                    return data
            body = self._body
            if body is None:
                raise StopAsyncIteration
            if self._eof:
                self._finish()
            try:
                read = await body.read_chunk()
                if read:
                    # Split now; each line is parsed only when it is handed out.
                    lines = decoder.split(read)
                else:
                    self._eof = True
                    lines = decoder.split_eof()
            except OllamaError as exc:  # the transport and the decoder raise nothing else
                self._close()
                self._attach(exc)
                raise  # the error itself, not wrapped: its __cause__ stays what it was
            except BaseException:  # cancelled: the socket must still close
                self._close()
                raise
            lines.reverse()
            pending.extend(lines)

    def _finish(self) -> NoReturn:
        """At the end of the body: release the connection, or report a short stream."""
        if not self._accumulator.complete:
            self._close()
            raise self._attach(
                IncompleteStreamError(
                    f"the stream ended after {self._accumulator.chunks} chunks without "
                    f"{self._final_description}; the answer is incomplete (see .partial)"
                )
            )
        self._release()
        raise StopAsyncIteration

    def _accept(self, line: bytes) -> Optional[dict[str, Any]]:
        """Parse one line and take it in; `None` for a blank line."""
        try:
            data = _decode(line)
        except ProtocolError as exc:  # not JSON, or not an object
            self._close()
            raise self._attach(exc) from None
        if data is None:
            return None
        if "error" in data:
            self._close()
            error = data["error"]
            raise self._attach(
                StreamError(error if isinstance(error, str) else str(error), 200, body=data)
            )
        try:
            self._accumulator.handle_chunk(data)
        except ProtocolError as exc:  # a known field with the wrong JSON type
            self._close()
            raise self._attach(exc) from None
        if self._timing:
            self._note_time(data)
        return data

    def _note_time(self, data: dict[str, Any]) -> None:
        self._first_chunk_at = time.perf_counter()
        self._timing = False

    @property
    def time_to_first_chunk(self) -> Optional[float]:
        """Seconds from sending the request to the first chunk (`None` before it)."""
        first = self._first_chunk_at
        return None if first is None else first - self._started

    def _attach(self, exc: OllamaError) -> OllamaError:
        exc.partial = self.partial()
        return exc

    def _release(self) -> None:
        body, self._body = self._body, None
        if body is not None:
            body.release()

    def _close(self) -> None:
        body, self._body = self._body, None
        if body is not None:
            body.close()

    async def aclose(self) -> None:
        """Stop the stream and close its connection, so Ollama stops generating. Idempotent."""
        self._close()

    async def final(self) -> R:
        """Read the rest of the stream and return the complete response.

        Text, thinking and tool calls of every chunk are merged, as Ollama
        does for `stream=False`. Raises the stream's error if it fails.
        """
        async for _ in self:
            pass
        result = self.partial()
        if result is None or not self.complete:
            raise self._attach(
                IncompleteStreamError("the stream was closed before its final chunk")
            )
        return result

    async def __aenter__(self: S) -> S:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self._close()

    def __del__(self) -> None:
        # Dropping the last reference (e.g. `break` out of `async for` over
        # `await client.chat(...)`) must still stop the generation.
        body = getattr(self, "_body", None)
        if body is not None:
            with contextlib.suppress(RuntimeError):  # the event loop is already closed
                body.close()

    def __repr__(self) -> str:
        state = "closed" if self._body is None else "open"
        return f"<{type(self).__name__} {state}, {self._accumulator.chunks} chunks>"


class ReplyStream(Stream[R]):
    """Base of the generate and chat streams: text, thinking and sentence views, timings."""

    __slots__ = ("_first_sentence_at", "_first_token_at", "_sentences_out")
    _final_description = "a `done: true` chunk"

    def __init__(
        self, body: ResponseBody, *, max_line_bytes: int, started: Optional[float] = None
    ) -> None:
        super().__init__(body, max_line_bytes=max_line_bytes, started=started)
        self._first_token_at: Optional[float] = None
        self._first_sentence_at: Optional[float] = None
        self._sentences_out: list[str] = []

    # Where the reply text, thinking and tool calls are in a chunk: each subclass says.
    @staticmethod
    def _content(data: Mapping[str, Any]) -> Optional[str]:
        raise NotImplementedError

    @staticmethod
    def _delta_parts(data: Mapping[str, Any]) -> tuple[Optional[str], Optional[str], Any]:
        """The thinking, reply text and tool calls of a chunk."""
        raise NotImplementedError

    def deltas(
        self, *, sentences: bool = False, think_prefill: Optional[bool] = None, **options: Any
    ) -> DeltaIterator:
        """The stream as typed deltas in arrival order: thinking, text, tool calls, done.

        With `sentences=True`, a `SentenceDelta` follows each text
        delta that completes a sentence (`options` are those of
        `SentenceSplitter`; see `sentences` for `think_prefill`).
        One read serves all: show the thinking while speaking the sentences.
        """
        if type(sentences) is not bool:
            raise RequestError(f"sentences must be True or False, got {sentences!r}")
        if options and not sentences:
            raise RequestError(
                f"{', '.join(sorted(options))}: sentence options need sentences=True"
            )
        return DeltaIterator(
            self._next_data,
            self._delta_parts,
            self.aclose,
            self._take,
            splitter=SentenceSplitter(**options) if sentences else None,
            think_prefill=self._check_think_prefill(think_prefill),
            on_sentence=self._sentence_out,
        )

    @staticmethod
    def _check_think_prefill(think_prefill: Optional[bool]) -> Optional[bool]:
        if think_prefill is not None and type(think_prefill) is not bool:
            raise RequestError(f"think_prefill must be True, False or None, got {think_prefill!r}")
        return think_prefill

    def text(self) -> TokenIterator:
        """The reply text, token by token (empty chunks skipped; thinking not included)."""
        return TokenIterator(self._next_data, self._delta_parts, self.aclose, self._take)

    def thinking(self) -> TokenIterator:
        """The thinking text, token by token (from the `think` field)."""
        return TokenIterator(
            self._next_data, self._delta_parts, self.aclose, self._take, thinking=True
        )

    def sentences(
        self, *, think_prefill: Optional[bool] = None, **options: Any
    ) -> SentenceIterator:
        """The reply text as whole sentences, ready for TTS (see `docs/sentences.md`).

        Thinking is never included, and inline `<think>…</think>` blocks are
        removed. `think_prefill`: whether the reply starts inside a
        `<think>` block its template opened, so that everything before a
        lone `</think>` is thinking; `None` decides by the model name
        (QwQ, DeepSeek-R1…) and by how the reply begins (`Okay, so the
        user…`). `options` are those of `SentenceSplitter`.
        """
        deltas = DeltaIterator(
            self._next_data,
            self._delta_parts,
            self.aclose,
            self._take,
            splitter=SentenceSplitter(**options),
            sentences_only=True,
            think_prefill=self._check_think_prefill(think_prefill),
            on_sentence=self._sentence_out,
        )
        return SentenceIterator(deltas)

    @property
    def sentences_yielded(self) -> list[str]:
        """The sentences handed out so far: after a barge-in, what the user heard."""
        return list(self._sentences_out)

    @property
    def time_to_first_token(self) -> Optional[float]:
        """Seconds from sending the request to the first reply token (`None` before it)."""
        first = self._first_token_at
        return None if first is None else first - self._started

    @property
    def time_to_first_sentence(self) -> Optional[float]:
        """Seconds from sending the request to the first sentence handed out by `sentences`."""
        first = self._first_sentence_at
        return None if first is None else first - self._started

    def _note_time(self, data: dict[str, Any]) -> None:
        now = time.perf_counter()
        if self._first_chunk_at is None:
            self._first_chunk_at = now
        if self._content(data):
            self._first_token_at = now
            self._timing = False

    def _sentence_out(self, sentence: str) -> None:
        if self._first_sentence_at is None:
            self._first_sentence_at = time.perf_counter()
        self._sentences_out.append(sentence)


class GenerateStream(ReplyStream[GenerateResponse]):
    """Chunks of `/api/generate`: `async for chunk in stream: chunk.response`."""

    __slots__ = ()
    _chunk_type = GenerateResponse
    _accumulator_type = GenerateAccumulator

    @staticmethod
    def _content(data: Mapping[str, Any]) -> Optional[str]:
        return data.get("response")

    @staticmethod
    def _delta_parts(data: Mapping[str, Any]) -> tuple[Optional[str], Optional[str], Any]:
        return data.get("thinking"), data.get("response"), data.get("tool_calls")


class ChatStream(ReplyStream[ChatResponse]):
    """Chunks of `/api/chat`: `async for chunk in stream: chunk.message.content`."""

    __slots__ = ()
    _chunk_type = ChatResponse
    _accumulator_type = ChatAccumulator

    @staticmethod
    def _content(data: Mapping[str, Any]) -> Optional[str]:
        message = data.get("message")
        return message.get("content") if message else None

    @staticmethod
    def _delta_parts(data: Mapping[str, Any]) -> tuple[Optional[str], Optional[str], Any]:
        message = data.get("message")
        if not message:
            return None, None, None
        return message.get("thinking"), message.get("content"), message.get("tool_calls")


class ProgressStream(Stream[ProgressResponse]):
    """Progress of pull, push and create: `status`, `digest`, `total`, `completed`."""

    __slots__ = ()
    _chunk_type = ProgressResponse
    _accumulator_type = ProgressAccumulator
    _final_description = 'a `{"status": "success"}` object'
