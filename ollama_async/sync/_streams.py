"""Sync streams: the async streams of `ollama_async._streaming`, read from a plain thread.

A sync stream wraps the async stream the core opened in the portal's loop.
A pump (`_pump.py`) reads its socket in that loop and hands each read over
as one batch of lines; the caller's thread parses them, feeds the
accumulator and builds the chunks itself (`Stream._take`), so a chunk
costs about what it costs in `async for`, and there is no hop per chunk,
nor even per read.

`.text()`, `.thinking()`, `.sentences()` and `.deltas()` are the async
views themselves (`_text.py`, `_deltas.py`), so the delta, sentence and
think-tag cores run in the caller's thread on the lines at hand. The view
reads what is not at hand with `_fetch`, a coroutine that never suspends
(it blocks this thread on the pump instead), and `_View` drives the
view's `__anext__` coroutine to its end with one `send(None)`: one code
path for both worlds.

`close()`, leaving `with`, `break` (with garbage collection) and Ctrl-C
while waiting close the socket, so Ollama stops generating; the
end of a stream read whole returns its connection to the pool.
"""

from __future__ import annotations

import contextlib
from collections.abc import Coroutine
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, Union, cast

from .. import _streaming as core
from .._deltas import Delta
from .._deltas import DeltaIterator as AsyncDeltaIterator
from .._responses import ChatResponse, GenerateResponse, ProgressResponse
from .._text import SentenceIterator as AsyncSentenceIterator
from .._text import TokenIterator as AsyncTokenIterator
from .._wire import WireObject
from ._portal import Portal
from ._pump import Pump

if TYPE_CHECKING:
    from .._client import AsyncClient

__all__ = [
    "ChatStream",
    "DeltaIterator",
    "GenerateStream",
    "ProgressStream",
    "ReplyStream",
    "SentenceIterator",
    "Stream",
    "TokenIterator",
    "opened",
]

R = TypeVar("R", bound=WireObject)
T = TypeVar("T")
S = TypeVar("S", bound="Stream[Any]")

_new = object.__new__


async def opened(
    method: Callable[..., Coroutine[Any, Any, Any]],
    client: AsyncClient,
    arguments: dict[str, Any],
    portal: Portal,
) -> Any:
    """In the loop: `method(client, **arguments)`; a stream it opens comes back sync, pumped."""
    result = await method(client, **arguments)
    if isinstance(result, core.Stream):
        return _SYNC_TYPES[type(result)](result, Pump(result), portal)
    return result


async def _finish(stream: core.Stream[Any]) -> None:
    """In the loop: the body has ended; release the connection (or raise that it was cut short)."""
    with contextlib.suppress(StopAsyncIteration):  # the connection went back to the pool
        stream._finish()


async def _stop(stream: core.Stream[Any], pump: Pump) -> None:
    pump.stop()
    stream._close()


class Stream(Generic[R]):
    """Base of the sync stream types: iterate for typed chunks, `close()` to stop early."""

    __slots__ = ("_ended", "_portal", "_pump", "_stream")

    def __init__(self, stream: core.Stream[R], pump: Pump, portal: Portal) -> None:
        self._stream = stream
        self._pump = pump
        self._portal = portal
        self._ended = False

    @property
    def closed(self) -> bool:
        """Whether the underlying response has been closed or released."""
        return self._stream.closed

    @property
    def complete(self) -> bool:
        """Whether the final chunk (`done: true` / `status: success`) has arrived."""
        return self._stream.complete

    @property
    def chunks_received(self) -> int:
        """How many chunks have been handed out so far."""
        return self._stream.chunks_received

    @property
    def time_to_first_chunk(self) -> Optional[float]:
        """Seconds from sending the request to the first chunk (`None` before it)."""
        return self._stream.time_to_first_chunk

    def partial(self) -> Optional[R]:
        """The response accumulated from the chunks so far (`None` before the first)."""
        return self._stream.partial()

    def __iter__(self: S) -> S:
        return self

    def __next__(self) -> R:
        stream = self._stream
        data = stream._take()  # a line of a read already handed over, parsed here
        if data is None:
            data = self._wait()
            if data is None:
                raise StopIteration
        chunk = _new(stream._chunk_type)
        chunk._data = data
        return chunk

    def _wait(self) -> Optional[dict[str, Any]]:
        """The next chunk once the pump has read it; `None` at the end or once closed."""
        stream = self._stream
        while True:
            data = stream._take()
            if data is not None:
                return data
            if self._ended:  # the pump's last word is taken
                if not stream.closed:  # the body ended: release it, or say it was cut short
                    self._portal.call(_finish, stream)
                return None
            try:
                batch = self._pump.get()
            except BaseException:  # Ctrl-C while waiting: the socket closes before it goes on
                self.close()
                raise
            if type(batch) is list:
                stream._pending.extend(batch)
            else:
                self._ended = True
                if batch is not None:
                    raise stream._attach(batch)  # type: ignore[arg-type]

    async def _fetch(self) -> dict[str, Any]:
        """The next chunk for a view: never suspends, it blocks this thread on the pump."""
        data = self._wait()
        if data is None:
            raise StopAsyncIteration
        return data

    def close(self) -> None:
        """Stop the stream and close its connection, so Ollama stops generating. Idempotent."""
        if not self._stream.closed:
            self._portal.call(_stop, self._stream, self._pump)

    def final(self) -> R:
        """Read the rest of the stream and return the complete response.

        Text, thinking and tool calls of every chunk are merged, as Ollama
        does for `stream=False`. Raises the stream's error if it fails.
        """
        for _ in self:
            pass
        return self._stream._final_result()

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # Dropped unclosed (`break` out of `for part in client.chat(...)`): close the
        # socket from here (the transport hands it to the loop); the pump's read ends.
        stream = getattr(self, "_stream", None)
        if stream is not None and not stream.closed:
            stream._close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<sync {type(self).__name__} {state}, {self.chunks_received} chunks>"


class _View(Generic[T]):
    """A sync iterator over an async view whose reads go through the portal."""

    __slots__ = ("_stream", "_view")

    def __init__(
        self,
        view: Union[AsyncTokenIterator, AsyncDeltaIterator, AsyncSentenceIterator],
        stream: Stream[Any],
    ) -> None:
        view._read_from(stream._fetch)
        self._view = view
        self._stream = stream

    def __iter__(self: _V) -> _V:
        return self

    def __next__(self) -> T:
        step = self._view.__anext__()
        try:
            step.send(None)
        except StopIteration as done:
            return cast(T, done.value)
        except StopAsyncIteration:
            raise StopIteration from None
        step.close()  # _fetch blocks instead of suspending: this cannot happen
        raise RuntimeError("a sync stream view suspended")

    def close(self) -> None:
        """Close the underlying stream (and its connection)."""
        self._stream.close()


_V = TypeVar("_V", bound="_View[Any]")


class TokenIterator(_View[str]):
    """`for token in stream.text()` (or `.thinking()`): text tokens, empty chunks skipped."""

    __slots__ = ()


class DeltaIterator(_View[Delta]):
    """`for delta in stream.deltas()`: the stream's typed deltas in arrival order."""

    __slots__ = ()


class SentenceIterator(_View[str]):
    """`for sentence in stream.sentences()`: reply text split for TTS."""

    __slots__ = ()


class ReplyStream(Stream[R]):
    """Base of the sync generate and chat streams: text, thinking and sentence views, timings."""

    __slots__ = ()
    _stream: core.ReplyStream[R]

    def text(self) -> TokenIterator:
        """The reply text, token by token (empty chunks skipped; thinking not included)."""
        return TokenIterator(self._stream.text(), self)

    def thinking(self) -> TokenIterator:
        """The thinking text, token by token (from the `think` field)."""
        return TokenIterator(self._stream.thinking(), self)

    def deltas(
        self, *, sentences: bool = False, think_prefill: Optional[bool] = None, **options: Any
    ) -> DeltaIterator:
        """The stream as typed deltas in arrival order, as [`ReplyStream.deltas`][ollama_async.ReplyStream.deltas]."""
        view = self._stream.deltas(sentences=sentences, think_prefill=think_prefill, **options)
        return DeltaIterator(view, self)

    def sentences(
        self, *, think_prefill: Optional[bool] = None, **options: Any
    ) -> SentenceIterator:
        """The reply text as whole sentences, as [`ReplyStream.sentences`][ollama_async.ReplyStream.sentences]."""
        return SentenceIterator(
            self._stream.sentences(think_prefill=think_prefill, **options), self
        )

    @property
    def sentences_yielded(self) -> list[str]:
        """The sentences handed out so far: after a barge-in, what the user heard."""
        return self._stream.sentences_yielded

    @property
    def time_to_first_token(self) -> Optional[float]:
        """Seconds from sending the request to the first reply token (`None` before it)."""
        return self._stream.time_to_first_token

    @property
    def time_to_first_sentence(self) -> Optional[float]:
        """Seconds from sending the request to the first sentence handed out by `sentences`."""
        return self._stream.time_to_first_sentence


class GenerateStream(ReplyStream[GenerateResponse]):
    """Chunks of `/api/generate`: `for chunk in stream: chunk.response`."""

    __slots__ = ()


class ChatStream(ReplyStream[ChatResponse]):
    """Chunks of `/api/chat`: `for chunk in stream: chunk.message.content`."""

    __slots__ = ()


class ProgressStream(Stream[ProgressResponse]):
    """Progress of pull, push and create: `status`, `digest`, `total`, `completed`."""

    __slots__ = ()


_SYNC_TYPES: dict[type[core.Stream[Any]], type[Stream[Any]]] = {
    core.GenerateStream: GenerateStream,
    core.ChatStream: ChatStream,
    core.ProgressStream: ProgressStream,
}
"""The sync stream type of each async stream type."""
