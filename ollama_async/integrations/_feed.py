"""The I/O-free core of the framework adapters: think removal, then our sentence splitter.

Both adapters are thin layers over `SentenceFeed`: pipecat's aggregator and
LiveKit's sentence stream differ only in how they hand the sentences out.
"""

from __future__ import annotations

from typing import Any, Optional

from .._exceptions import RequestError
from .._sentences import SentenceSplitter
from .._thinktags import ThinkTagFilter

__all__ = ["SentenceFeed"]

# The splitter options that change the text of a sentence but not where it ends.
_FILTERS = frozenset({"strip_markdown", "strip_emoji", "skip_code"})


class SentenceFeed:
    """`feed(text) -> sentences`, `flush()` at the end of a reply, `reset()` to drop what is held.

    `options` are those of [`SentenceSplitter`][ollama_async.SentenceSplitter].
    With `strip_think=True`, inline `<think>…</think>` blocks are removed
    first, as `stream.sentences()` does, and `think_prefill` says whether a
    reply may start inside a block its template opened (see `sentences()`).
    """

    __slots__ = ("_fed", "_options", "_splitter", "_think", "_think_prefill")

    def __init__(
        self, *, strip_think: bool = False, think_prefill: Optional[bool] = False, **options: Any
    ) -> None:
        if type(strip_think) is not bool:
            raise RequestError(f"strip_think must be True or False, got {strip_think!r}")
        if think_prefill is not None and type(think_prefill) is not bool:
            raise RequestError(f"think_prefill must be True, False or None, got {think_prefill!r}")
        if think_prefill is not False and not strip_think:
            raise RequestError(
                f"think_prefill={think_prefill!r} only matters when think blocks are removed: "
                "pass strip_think=True as well"
            )
        self._splitter = SentenceSplitter(**options)  # checks the options, with clear errors
        self._options = options
        self._think_prefill: Optional[bool] = think_prefill
        self._think: Optional[ThinkTagFilter] = None
        if strip_think:
            self._think = ThinkTagFilter(prefilled=think_prefill)
        # The visible text of the reply so far, for `pending` (read rarely, so computed then).
        self._fed: list[str] = []

    def feed(self, text: str) -> list[str]:
        """Add the next piece of reply text; return the sentences it completed (often none)."""
        if self._think is not None:
            text = self._think.feed(text)
        if not text:
            return []
        self._fed.append(text)
        return self._splitter.feed(text)

    def flush(self) -> list[str]:
        """End of the reply: the rest as the last sentence(s); the next text starts a new reply."""
        sentences: list[str] = []
        if self._think is not None:
            rest = self._think.flush()
            if rest:
                self._fed.append(rest)
                sentences = self._splitter.feed(rest)
        sentences += self._splitter.flush()
        self._restart()
        return sentences

    def reset(self) -> None:
        """Drop everything held back (an interruption) and start a new reply."""
        self._splitter.reset()
        self._restart()

    @property
    def pending(self) -> str:
        """The reply text fed but not yet in a sentence handed out (before the TTS filters)."""
        text = "".join(self._fed)
        if not text:
            return ""
        # The release points depend only on the text seen, never on its chunking, so
        # a splitter without the filters finds the same ones: what it released is done.
        plain = SentenceSplitter(**{k: v for k, v in self._options.items() if k not in _FILTERS})
        done = sum(map(len, plain.feed(text)))
        return text[done:]

    def _restart(self) -> None:
        self._fed.clear()
        if self._think is not None:
            self._think = ThinkTagFilter(prefilled=self._think_prefill)
