"""The RealtimeTTS helper inside stream2sentence, run as RealtimeTTS's `play()` runs it."""

from __future__ import annotations

from typing import Any

import pytest

from ollama_async import SentenceSplitter, split_sentences
from ollama_async.integrations.realtimetts import tokenize_sentences

from .frameworks import require_framework
from .sentence_corpus import CORPUS

require_framework("stream2sentence", package="stream2sentence", python=(3, 10))

from stream2sentence import generate_sentences  # noqa: E402

# What `TextToAudioStream.play(tokenize_sentences=…, minimum_sentence_length=1,
# minimum_first_fragment_length=1, fast_sentence_fragment=False)` passes on to stream2sentence
# (RealtimeTTS's text_to_stream.py); it also cleans links and emoji out of each sentence.
PLAY = {
    "tokenize_sentences": tokenize_sentences,
    "minimum_sentence_length": 1,
    "minimum_first_fragment_length": 1,
    "quick_yield_single_sentence_fragment": False,
    "context_size": 12,
    "context_size_look_overhead": 12,
}


def expected(tokens: list[str]) -> list[str]:
    """Our sentences, stripped; what only the end of the stream decides comes out in one piece."""
    splitter = SentenceSplitter()
    streamed = [s.strip() for token in tokens for s in splitter.feed(token)]
    rest = "".join(splitter.flush()).strip()
    return [s for s in streamed if s] + ([rest] if rest else [])


@pytest.mark.parametrize("name", CORPUS)
def test_the_corpus_through_stream2sentence_gives_our_sentences(name: str) -> None:
    text = "".join(CORPUS[name])
    for tokens in (list(text), [text[i : i + 3] for i in range(0, len(text), 3)]):
        assert list(generate_sentences(iter(tokens), **PLAY)) == expected(tokens)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Meet at 5 p.m. Plea", ["Meet at 5 p.m. Plea"]),  # "p.m. Pleasant…" could go on
        ("Hello. How are", ["Hello. ", "How are"]),
        ("你好。", ["你好。"]),  # a closing quote could still follow
        ("你好。我", ["你好。", "我"]),
        ("", []),
    ],
)
def test_only_certain_ends_are_cut(text: str, pieces: list[str]) -> None:
    assert tokenize_sentences(text) == pieces
    assert "".join(tokenize_sentences(text)) == text


def test_a_whole_text_splitter_would_cut_at_the_end_of_the_buffer() -> None:
    # Why the helper exists: split_sentences takes the buffer's end for the reply's end.
    assert split_sentences("Meet at 5 p.m. ") == ["Meet at 5 p.m. "]
    options: dict[str, Any] = {**PLAY, "tokenize_sentences": split_sentences}
    tokens = list("Then Sen. Warren spoke. The U.S. Weather Service agreed on that. Fine.")
    assert list(generate_sentences(iter(tokens), **options)) != expected(tokens)
