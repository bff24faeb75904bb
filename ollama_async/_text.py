"""Plain-text views of a reply stream, built on its deltas (`_deltas.py`).

`stream.sentences()` picks the sentence deltas out of
`stream.deltas(sentences=True)`. `stream.text()` and
`stream.thinking()` yield exactly the text of the text and thinking deltas,
read from the same chunk parts without building the deltas: a token costs
them no more than the picking. They are objects, not async generators, so
dropping one (`break` out of `async for`) releases the stream at once and,
if nothing else holds the stream, closes its connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any, Optional

from ._deltas import (
    ChunkParts,
    ChunkReader,
    Close,
    DeltaIterator,
    NextChunk,
    SentenceDelta,
    TakeChunk,
)
from ._sentences import SentenceSplitter
from ._thinktags import ThinkTagFilter

__all__ = ["SentenceIterator", "TokenIterator", "sentences"]


class TokenIterator(ChunkReader):
    """`async for token in stream.text()` (or `.thinking()`): the text of each
    text delta (or thinking delta), empty chunks skipped."""

    __slots__ = ("_thinking",)

    def __init__(
        self,
        next_chunk: NextChunk,
        parts: ChunkParts,
        close: Close,
        take: TakeChunk,
        *,
        thinking: bool = False,
    ) -> None:
        super().__init__(next_chunk, parts, close, take)
        self._thinking = thinking

    def __aiter__(self) -> TokenIterator:
        return self

    async def __anext__(self) -> str:
        take, next_chunk, parts = self._take, self._next_chunk, self._parts
        which = 0 if self._thinking else 1
        while True:
            data = take()
            if data is None:
                data = await next_chunk()
            token = parts(data)[which]
            if token:
                return token


class SentenceIterator:
    """`async for sentence in stream.sentences()`: reply text split for TTS."""

    __slots__ = ("_deltas",)

    def __init__(self, deltas: DeltaIterator) -> None:
        self._deltas = deltas

    def __aiter__(self) -> SentenceIterator:
        return self

    async def __anext__(self) -> str:
        deltas = self._deltas
        while True:
            delta = await deltas.__anext__()
            if type(delta) is SentenceDelta:
                return delta.text

    async def aclose(self) -> None:
        """Close the underlying stream (and its connection)."""
        await self._deltas.aclose()

    def _read_from(self, next_chunk: NextChunk) -> None:
        """Read what is not at hand with `next_chunk` (see `ChunkReader._read_from`)."""
        self._deltas._read_from(next_chunk)


async def sentences(
    tokens: AsyncIterable[str], *, think_prefill: Optional[bool] = False, **options: Any
) -> AsyncIterator[str]:
    """Split any async source of text tokens into sentences (e.g. another SDK's stream).

    `options` are those of `SentenceSplitter`. Inline `<think>`
    blocks are removed, as for `ChatStream.sentences`, and so is
    thinking before a lone `</think>` with `think_prefill=True` (or
    `None`: judged by how the text begins).
    """
    splitter = SentenceSplitter(**options)
    think = ThinkTagFilter(prefilled=think_prefill)
    async for token in tokens:
        visible = think.feed(token)
        if visible:
            for sentence in splitter.feed(visible):
                yield sentence
    for sentence in (*splitter.feed(think.flush()), *splitter.flush()):
        yield sentence
