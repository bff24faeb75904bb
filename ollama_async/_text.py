"""Plain-text views of a reply stream, built on its public deltas (``_deltas.py``).

``stream.text()``, ``stream.thinking()`` and ``stream.sentences()`` each pick
one kind of delta out of ``stream.deltas()``. They are objects, not async
generators, so dropping one (``break`` out of ``async for``) releases the
stream at once and, if nothing else holds the stream, closes its connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any, Union

from ._deltas import DeltaIterator, SentenceDelta, TextDelta, ThinkingDelta
from ._sentences import SentenceSplitter
from ._thinktags import ThinkTagFilter

__all__ = ["SentenceIterator", "TokenIterator", "sentences"]


class TokenIterator:
    """``async for token in stream.text()`` (or ``.thinking()``): the text of one kind of delta."""

    __slots__ = ("_deltas", "_kind")

    def __init__(
        self, deltas: DeltaIterator, kind: Union[type[TextDelta], type[ThinkingDelta]]
    ) -> None:
        self._deltas = deltas
        self._kind = kind

    def __aiter__(self) -> TokenIterator:
        return self

    async def __anext__(self) -> str:
        deltas, kind = self._deltas, self._kind
        while True:
            delta = await deltas.__anext__()
            if type(delta) is kind:
                return delta.text

    async def aclose(self) -> None:
        """Close the underlying stream (and its connection)."""
        await self._deltas.aclose()


class SentenceIterator:
    """``async for sentence in stream.sentences()``: reply text split for TTS."""

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


async def sentences(
    tokens: AsyncIterable[str], *, think_prefill: bool = False, **options: Any
) -> AsyncIterator[str]:
    """Split any async source of text tokens into sentences (e.g. another SDK's stream).

    ``options`` are those of :class:`SentenceSplitter`. Inline ``<think>``
    blocks are removed, as for :meth:`ChatStream.sentences`; with
    ``think_prefill=True`` everything before a lone ``</think>`` is thinking.
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
