"""Typed deltas of a reply stream, in arrival order: thinking, text, tool calls, sentences, done.

`stream.deltas()` is the public way to read a generate or chat stream as
events; `stream.text()`, `stream.thinking()` and `stream.sentences()`
yield the text of one kind of delta each (`_text.py`). One read serves
every purpose, so a voice app can show the thinking, print the text and speak
the sentences of the same stream:

```
async for delta in stream.deltas(sentences=True):
    if isinstance(delta, ThinkingDelta):
        show_thinking(delta.text)
    elif isinstance(delta, SentenceDelta):
        await tts.say(delta.text)
```

Each delta also carries a `type` literal (`"thinking"`, `"text"`,
`"tool_calls"`, `"sentence"`, `"done"`) for `match` or comparisons.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, Callable, Literal, NamedTuple, Optional, Union

from ._responses import ToolCall
from ._sentences import SentenceSplitter
from ._thinktags import ThinkTagFilter, prefills_think

__all__ = [
    "ChunkParts",
    "ChunkReader",
    "Delta",
    "DeltaIterator",
    "DoneDelta",
    "SentenceDelta",
    "TextDelta",
    "ThinkingDelta",
    "ToolCallsDelta",
]


class ThinkingDelta(NamedTuple):
    """Thinking text (the `thinking` field, `think=True`), as it arrived."""

    text: str
    type: Literal["thinking"] = "thinking"


class TextDelta(NamedTuple):
    """Reply text, as it arrived (inline `<think>` tags included, as the model wrote them)."""

    text: str
    type: Literal["text"] = "text"


class ToolCallsDelta(NamedTuple):
    """The tool calls of one chunk."""

    tool_calls: Sequence[ToolCall]
    type: Literal["tool_calls"] = "tool_calls"


class SentenceDelta(NamedTuple):
    """A whole sentence of reply text, ready for TTS (only with `sentences=True`).

    It comes right after the text delta that completed it; thinking, inline
    `<think>` blocks and their tags are never part of a sentence.
    """

    text: str
    type: Literal["sentence"] = "sentence"


class DoneDelta(NamedTuple):
    """The last chunk arrived; `done_reason` is Ollama's (`"stop"`, `"length"`…)."""

    done_reason: Optional[str]
    type: Literal["done"] = "done"


Delta = Union[ThinkingDelta, TextDelta, ToolCallsDelta, SentenceDelta, DoneDelta]

# A chunk's (thinking, reply text, tool calls): each stream type knows where they are.
ChunkParts = Callable[[Mapping[str, Any]], "tuple[Optional[str], Optional[str], Any]"]
NextChunk = Callable[[], Awaitable[dict[str, Any]]]
Close = Callable[[], Awaitable[None]]
# The next chunk if one is at hand (many arrive per read), else None: no coroutine to await.
TakeChunk = Callable[[], Optional[dict[str, Any]]]


class ChunkReader:
    """What every view of a reply stream is given by the stream: how to read its
    next parsed chunk (at hand, or awaited), where a chunk's parts are, and how
    to close the stream.

    Views are objects, not async generators, so dropping one (`break`)
    releases the stream at once.
    """

    __slots__ = ("_close", "_next_chunk", "_parts", "_take")

    def __init__(
        self, next_chunk: NextChunk, parts: ChunkParts, close: Close, take: TakeChunk
    ) -> None:
        self._next_chunk = next_chunk
        self._parts = parts
        self._close = close
        self._take = take

    async def aclose(self) -> None:
        """Close the underlying stream (and its connection)."""
        await self._close()

    def _read_from(self, next_chunk: NextChunk) -> None:
        """Read what is not at hand with `next_chunk` (the sync streams' way through their portal)."""
        self._next_chunk = next_chunk


class DeltaIterator(ChunkReader):
    """`async for delta in stream.deltas()`: the stream's typed deltas in arrival order.

    With a `splitter`, sentence deltas are added; with `sentences_only`
    (what `stream.sentences()` reads) only they are made.
    """

    __slots__ = (
        "_everything",
        "_finished",
        "_on_sentence",
        "_prefill",
        "_ready",
        "_splitter",
        "_think_filter",
    )

    def __init__(
        self,
        next_chunk: NextChunk,
        parts: ChunkParts,
        close: Close,
        take: TakeChunk,
        *,
        splitter: Optional[SentenceSplitter] = None,
        sentences_only: bool = False,
        think_prefill: Optional[bool] = None,
        on_sentence: Optional[Callable[[str], None]] = None,
    ) -> None:
        super().__init__(next_chunk, parts, close, take)
        self._splitter = splitter
        self._everything = not (sentences_only and splitter is not None)
        # Made at the first text, when the chunk names the model (think_prefill=None).
        self._think_filter: Optional[ThinkTagFilter] = None
        self._prefill = think_prefill
        self._on_sentence = on_sentence
        self._ready: deque[Delta] = deque()
        self._finished = False

    def __aiter__(self) -> DeltaIterator:
        return self

    async def __anext__(self) -> Delta:
        ready = self._ready
        while not ready:
            if self._finished:
                raise StopAsyncIteration
            try:
                data = self._take()
                if data is None:
                    data = await self._next_chunk()
            except StopAsyncIteration:
                self._finished = True
                self._flush_sentences()  # a stream cut short: what was said still counts
                continue
            thinking, text, calls = self._parts(data)
            if thinking or calls or self._splitter is not None or data.get("done"):
                self._read(data, thinking, text, calls)
            elif text:
                return TextDelta(text)  # the common chunk, without the queue
        delta = ready.popleft()
        if self._on_sentence is not None and type(delta) is SentenceDelta:
            self._on_sentence(delta.text)
        return delta

    def _read(
        self, data: dict[str, Any], thinking: Optional[str], text: Optional[str], calls: Any
    ) -> None:
        ready = self._ready
        everything = self._everything
        if thinking and everything:
            ready.append(ThinkingDelta(thinking))
        splitter = self._splitter
        if splitter is not None and (text or thinking):
            tag_filter = self._think_filter
            if tag_filter is None:
                prefilled = self._prefill
                if prefilled is None and prefills_think(str(data.get("model") or "")):
                    prefilled = True
                tag_filter = self._think_filter = ThinkTagFilter(prefilled=prefilled)
            if thinking and tag_filter.undecided:
                # Ollama parses this model's thinking: the reply text is reply.
                self._add_sentences(splitter.feed(tag_filter.release()))
            if text:
                if everything:
                    ready.append(TextDelta(text))
                visible = tag_filter.feed(text)
                if visible:
                    self._add_sentences(splitter.feed(visible))
        elif text:
            ready.append(TextDelta(text))
        if calls and everything:
            ready.append(ToolCallsDelta(tuple(ToolCall(call) for call in calls)))
        if data.get("done"):
            self._flush_sentences()
            if everything:
                ready.append(DoneDelta(data.get("done_reason")))

    def _flush_sentences(self) -> None:
        splitter = self._splitter
        if splitter is not None:
            if self._think_filter is not None:
                self._add_sentences(splitter.feed(self._think_filter.flush()))
            self._add_sentences(splitter.flush())

    def _add_sentences(self, sentences: list[str]) -> None:
        for sentence in sentences:
            self._ready.append(SentenceDelta(sentence))
