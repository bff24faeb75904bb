"""Plain-text views of a reply stream: tokens, thinking tokens and whole sentences.

These iterate over the parsed chunks of a stream without building response
objects. They are objects, not async generators, so dropping one (``break``
out of ``async for``) releases the stream at once and, if nothing else holds
the stream, closes its connection.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Awaitable
from typing import Any, Callable, Optional, Protocol

from ._sentences import SentenceSplitter
from ._thinktags import ThinkTagFilter

__all__ = ["SentenceIterator", "TextSource", "TokenIterator", "sentences"]

Pick = Callable[[dict[str, Any]], Optional[str]]


class TextSource(Protocol):
    """What the iterators need from a stream."""

    _pending: list[bytes]  # split lines not handed out yet, last first

    def _accept(self, line: bytes) -> Optional[dict[str, Any]]: ...
    def _next_data(self) -> Awaitable[dict[str, Any]]: ...
    def _sentence_out(self, sentence: str) -> None: ...
    async def aclose(self) -> None: ...


class TokenIterator:
    """``async for token in stream.text()``: the non-empty text of each chunk."""

    __slots__ = ("_pick", "_stream")

    def __init__(self, stream: TextSource, pick: Pick) -> None:
        self._stream = stream
        self._pick = pick

    def __aiter__(self) -> TokenIterator:
        return self

    async def __anext__(self) -> str:
        stream, pick = self._stream, self._pick
        pending = stream._pending
        while True:
            # Split lines are taken without awaiting another coroutine.
            data = stream._accept(pending.pop()) if pending else await stream._next_data()
            if data is not None:
                token = pick(data)
                if token:
                    return token

    async def aclose(self) -> None:
        """Close the underlying stream (and its connection)."""
        await self._stream.aclose()


class SentenceIterator:
    """``async for sentence in stream.sentences()``: reply text split for TTS."""

    __slots__ = ("_filter", "_finished", "_pick", "_ready", "_splitter", "_stream")

    def __init__(self, stream: TextSource, pick: Pick, splitter: SentenceSplitter) -> None:
        self._stream = stream
        self._pick = pick
        self._splitter = splitter
        self._filter = ThinkTagFilter()
        self._ready: deque[str] = deque()
        self._finished = False

    def __aiter__(self) -> SentenceIterator:
        return self

    async def __anext__(self) -> str:
        ready = self._ready
        while not ready:
            if self._finished:
                raise StopAsyncIteration
            stream = self._stream
            try:
                pending = stream._pending
                data = stream._accept(pending.pop()) if pending else await stream._next_data()
                token = None if data is None else self._pick(data)
            except StopAsyncIteration:
                self._finished = True
                ready.extend(self._splitter.feed(self._filter.flush()))
                ready.extend(self._splitter.flush())
                continue
            if token:
                visible = self._filter.feed(token)
                if visible:
                    ready.extend(self._splitter.feed(visible))
        sentence = ready.popleft()
        self._stream._sentence_out(sentence)
        return sentence

    async def aclose(self) -> None:
        """Close the underlying stream (and its connection)."""
        await self._stream.aclose()


async def sentences(tokens: AsyncIterable[str], **options: Any) -> AsyncIterator[str]:
    """Split any async source of text tokens into sentences (e.g. another SDK's stream).

    ``options`` are those of :class:`SentenceSplitter`. Inline ``<think>``
    blocks are removed, as for :meth:`ChatStream.sentences`.
    """
    splitter = SentenceSplitter(**options)
    think = ThinkTagFilter()
    async for token in tokens:
        visible = think.feed(token)
        if visible:
            for sentence in splitter.feed(visible):
                yield sentence
    for sentence in (*splitter.feed(think.flush()), *splitter.flush()):
        yield sentence
