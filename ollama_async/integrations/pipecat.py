"""pipecat: our sentences between the LLM and the TTS service.

`pip install 'ollama-async[pipecat]'` (pipecat 1.x, Python 3.11+), then put a
`LLMTextProcessor` with our aggregator between the LLM and the TTS service:

```python
from pipecat.processors.aggregators.llm_text_processor import LLMTextProcessor
from ollama_async.integrations.pipecat import SentenceAggregator

pipeline = Pipeline([..., llm, LLMTextProcessor(text_aggregator=SentenceAggregator()), tts, ...])
```

The TTS service speaks each `AggregatedTextFrame` as it comes, so each of our
sentences is spoken as soon as its end is certain. On an interruption pipecat
calls `handle_interruption()`: the half-sentence held back is dropped, so
nothing of the interrupted reply is spoken later, and nothing twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Optional

from ._feed import SentenceFeed

try:
    from pipecat.utils.text.base_text_aggregator import Aggregation, BaseTextAggregator
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "ollama_async.integrations.pipecat needs pipecat: "
        "pip install 'ollama-async[pipecat]' (pipecat needs Python 3.11 or newer)"
    ) from exc
try:
    from pipecat.utils.text.base_text_aggregator import TextType
except ImportError:  # pipecat before 1.13 called it AggregationType (now a deprecated alias)
    from pipecat.utils.text.base_text_aggregator import AggregationType as TextType

__all__ = ["SentenceAggregator"]


class SentenceAggregator(BaseTextAggregator):
    """A pipecat text aggregator that yields our sentences.

    `options` are those of [`SentenceSplitter`][ollama_async.SentenceSplitter]
    (`min_chars`, `first_min_chars`, `fast_first`, `max_chars`,
    `strip_markdown`, `strip_emoji`, `skip_code`), all off by default, so the
    sentences are exactly `split_sentences(reply)`, stripped of surrounding
    whitespace as pipecat wants them. `strip_think=True` removes inline
    `<think>…</think>` blocks (with `think_prefill` as in `sentences()`).
    The splitter reads the script and words around each end, so it needs no
    language; `language=` (a BCP 47 tag or a pipecat `Language`) sharpens it.
    """

    def __init__(
        self,
        *,
        strip_think: bool = False,
        think_prefill: Optional[bool] = False,
        language: Optional[str] = None,
        **options: Any,
    ) -> None:
        # Sentence aggregation is the base class's default (pipecat 1.0's takes no arguments).
        super().__init__()
        tag = getattr(language, "value", language)  # pipecat's Language is a str enum
        self._feed = SentenceFeed(
            strip_think=strip_think, think_prefill=think_prefill, language=tag, **options
        )

    @property
    def text(self) -> Aggregation:
        """The reply text held back so far: the start of the next sentence."""
        return Aggregation(text=self._feed.pending.strip(), type=TextType.SENTENCE)

    async def aggregate(self, text: str) -> AsyncIterator[Aggregation]:
        """Feed the next LLM token; yield each sentence it completed."""
        for sentence in self._feed.feed(text):
            stripped = sentence.strip()
            if stripped:
                yield Aggregation(text=stripped, type=TextType.SENTENCE)

    async def flush(self) -> Optional[Aggregation]:
        """End of the reply: the rest as one aggregation, or ``None`` if nothing is left.

        pipecat takes one aggregation here; when the end of the reply decides more
        than one sentence (`…at 5 p.m. Please`), they come out together.
        """
        rest = "".join(self._feed.flush()).strip()
        return Aggregation(text=rest, type=TextType.SENTENCE) if rest else None

    async def handle_interruption(self) -> None:
        """The user interrupted: drop the half-sentence held back."""
        self._feed.reset()

    async def reset(self) -> None:
        """Forget everything held back and start afresh."""
        self._feed.reset()
