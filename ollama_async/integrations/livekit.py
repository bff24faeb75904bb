"""LiveKit Agents: our sentences wherever LiveKit takes a sentence tokenizer.

`pip install 'ollama-async[livekit]'` (livekit-agents 1.x, Python 3.10+), then:

```python
from livekit.agents import tts
from ollama_async.integrations.livekit import SentenceTokenizer

speech = tts.StreamAdapter(tts=my_tts, sentence_tokenizer=SentenceTokenizer())
```

or pass `tokenizer=SentenceTokenizer()` to a TTS plugin that takes one. The
sentences keep their whitespace (LiveKit's `retain_format=True`), so the
transcript joins back to the reply; the `StreamAdapter` strips each before
synthesis. An interrupted reply closes the stream (`aclose()`), and the
half-sentence it held is never spoken.
"""

from __future__ import annotations

from typing import Any, Optional

from ._feed import SentenceFeed

try:
    from livekit.agents import tokenize, utils
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "ollama_async.integrations.livekit needs LiveKit Agents: "
        "pip install 'ollama-async[livekit]' (livekit-agents needs Python 3.10 or newer)"
    ) from exc

__all__ = ["SentenceStream", "SentenceTokenizer"]


class SentenceTokenizer(tokenize.SentenceTokenizer):
    """A LiveKit sentence tokenizer that splits with our splitter.

    `options` are those of [`SentenceSplitter`][ollama_async.SentenceSplitter],
    all off by default, so `tokenize(text)` is exactly `split_sentences(text)`;
    `strip_think=True` removes inline `<think>…</think>` blocks (with
    `think_prefill` as in `sentences()`). The splitter reads the script and
    words around each end, so it needs no language; the `language` LiveKit
    passes to `tokenize()` and `stream()` (a BCP 47 tag such as `"tr"`) is
    used as the splitter's hint unless `language=` was given here.
    """

    def __init__(
        self, *, strip_think: bool = False, think_prefill: Optional[bool] = False, **options: Any
    ) -> None:
        self._options: dict[str, Any] = {
            "strip_think": strip_think,
            "think_prefill": think_prefill,
            **options,
        }
        SentenceFeed(**self._options)  # bad options fail here, not at the first reply

    def tokenize(self, text: str, *, language: Optional[str] = None) -> list[str]:
        """The sentences of a whole text."""
        feed = self._feed(language)
        return feed.feed(text) + feed.flush()

    def stream(self, *, language: Optional[str] = None) -> SentenceStream:
        """A stream: `push_text()` tokens, read `TokenData` sentences as they complete."""
        return SentenceStream(self._feed(language))

    def _feed(self, language: Optional[str]) -> SentenceFeed:
        if language is None or "language" in self._options:
            return SentenceFeed(**self._options)
        return SentenceFeed(**self._options, language=language)


class SentenceStream(tokenize.SentenceStream):
    """LiveKit's sentence stream over our splitter.

    `push_text()` adds text; `flush()` ends the segment (the rest comes out, and
    the next sentences get a new `segment_id`); `end_input()` flushes and ends
    the iteration; `aclose()` ends it at once, dropping what is held.
    """

    def __init__(self, feed: SentenceFeed) -> None:
        super().__init__()
        self._feed = feed
        self._segment_id: str = utils.shortuuid()

    def push_text(self, text: str) -> None:
        """Add the next piece of text; completed sentences are ready to read at once."""
        self._check_not_closed()
        self._send(self._feed.feed(text))

    def flush(self) -> None:
        """End the current segment: its rest comes out, and a new segment starts."""
        self._check_not_closed()
        self._send(self._feed.flush())
        self._segment_id = utils.shortuuid()

    def end_input(self) -> None:
        """No more text: flush, then end the iteration."""
        self.flush()
        self._do_close()

    async def aclose(self) -> None:
        """Close at once: the iteration ends and the text held back is dropped."""
        self._feed.reset()
        self._do_close()

    def _send(self, sentences: list[str]) -> None:
        for sentence in sentences:
            self._event_ch.send_nowait(
                tokenize.TokenData(segment_id=self._segment_id, token=sentence)
            )
