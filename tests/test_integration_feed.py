"""The adapters' I/O-free core, and that `import ollama_async` never reaches the integrations."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ollama_async import RequestError, split_sentences
from ollama_async.integrations._feed import SentenceFeed

from .sentence_corpus import CORPUS


def feed_all(feed: SentenceFeed, tokens: list[str]) -> list[str]:
    return [s for token in tokens for s in feed.feed(token)] + feed.flush()


@pytest.mark.parametrize("name", CORPUS)
def test_with_the_defaults_the_sentences_are_the_splitters(name: str) -> None:
    text = "".join(CORPUS[name])
    feed = SentenceFeed()
    assert feed_all(feed, list(text)) == split_sentences(text)
    assert feed_all(feed, [text]) == split_sentences(text)  # flush started a new reply


def test_think_blocks_are_removed_only_when_asked() -> None:
    text = "<think>Plan. Steps.</think>Hello. Bye."
    assert feed_all(SentenceFeed(), list(text)) == split_sentences(text)
    assert feed_all(SentenceFeed(strip_think=True), list(text)) == ["Hello. ", "Bye."]
    prefilled = "Okay, so the user wants a greeting.</think>Hi there. Bye."
    feed = SentenceFeed(strip_think=True, think_prefill=None)
    assert feed_all(feed, list(prefilled)) == ["Hi there. ", "Bye."]
    # The filter starts afresh with each reply: the second may be prefilled as well.
    assert feed_all(feed, list(prefilled)) == ["Hi there. ", "Bye."]


@pytest.mark.parametrize(
    ("options", "text", "pending"),
    [
        ({}, "你好。我是", "我是"),
        ({}, "Meet at 5 p.m. Plea", "Meet at 5 p.m. Plea"),
        ({"strip_markdown": True}, "One. **Two", "**Two"),
        ({"min_chars": 20}, "Hi. Ok. Fine", "Hi. Ok. Fine"),
        ({"skip_code": True}, "Run:\n```sh\nmake", "```sh\nmake"),
        ({"strip_think": True}, "Yes. <think>B. C</think> Done", "Done"),
    ],
)
def test_pending_is_the_text_not_yet_handed_out(
    options: dict[str, object], text: str, pending: str
) -> None:
    feed = SentenceFeed(**options)  # type: ignore[arg-type]
    for char in text:
        feed.feed(char)
    assert feed.pending == pending
    feed.reset()
    assert feed.pending == ""
    assert feed.flush() == []


def test_reset_drops_what_is_held_and_starts_a_new_reply() -> None:
    feed = SentenceFeed(strip_think=True)
    assert feed.feed("First. Second <thi") == ["First. "]
    feed.reset()
    assert feed_all(feed, ["nk> is not a tag now."]) == ["nk> is not a tag now."]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"strip_think": 1}, "strip_think must be True or False, got 1"),
        (
            {"strip_think": True, "think_prefill": "auto"},
            "think_prefill must be True, False or None",
        ),
        ({"think_prefill": True}, "think_prefill=True only matters .* pass strip_think=True"),
        ({"min_chars": 5, "max_chars": 2}, "min_chars=5 is more than max_chars=2"),
    ],
)
def test_bad_options_name_the_problem_and_the_fix(options: dict[str, object], message: str) -> None:
    with pytest.raises(RequestError, match=message):
        SentenceFeed(**options)  # type: ignore[arg-type]


def test_importing_the_package_imports_no_integration_and_no_framework() -> None:
    code = (
        "import sys, ollama_async, ollama_async.testing\n"
        "loaded = [m for m in sys.modules if m.startswith("
        "('ollama_async.integrations', 'pipecat', 'livekit'))]\n"
        "assert not loaded, loaded\n"
        "import ollama_async.integrations\n"
        "loaded = [m for m in sys.modules if m.startswith(('pipecat', 'livekit'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
