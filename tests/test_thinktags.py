"""Inline <think> blocks are removed from streamed text, whatever the token boundaries."""

from __future__ import annotations

import re
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async._thinktags import ThinkTagFilter, reasoning_start


def run(tokens: list[str]) -> str:
    tag_filter = ThinkTagFilter()
    return "".join(tag_filter.feed(token) for token in tokens) + tag_filter.flush()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<think>\nHmm.\n</think>\n\nHello.", "\n\nHello."),
        ("Hello.", "Hello."),
        ("a<think>x</think>b<think>y</think>c", "abc"),
        ("1 < 2 and <thinking> is not a tag", "1 < 2 and <thinking> is not a tag"),
        ("ends with <thi", "ends with <thi"),
        ("<think>never closed", ""),
        ("x </think> y", "x  y"),  # a lone closing tag is never read out
        ("a</think", "a</think"),
    ],
)
def test_whole_text(text: str, expected: str) -> None:
    assert run([text]) == expected
    assert run(list(text)) == expected


def test_tag_split_across_tokens_is_held_only_while_it_could_be_a_tag() -> None:
    tag_filter = ThinkTagFilter()
    assert tag_filter.feed("Hi <th") == "Hi "
    assert tag_filter.feed("ink>secret</thi") == ""
    assert tag_filter.inside
    assert tag_filter.feed("nk> there") == " there"
    assert tag_filter.feed(" <b>") == " <b>"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<think>", "</think>", "<", "think", ">", "a", " ", "你好", "</"]),
        max_size=30,
    ),
    st.data(),
)
def test_any_chunking_gives_the_same_text_as_a_regex(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    tokens = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    expected = re.sub(r"<think>.*?(</think>|$)|</think>", "", text, flags=re.S)
    assert run(tokens) == expected


def run_prefilled(tokens: list[str]) -> str:
    tag_filter = ThinkTagFilter(prefilled=True)
    return "".join(tag_filter.feed(token) for token in tokens) + tag_filter.flush()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Everything before a lone </think> is thinking.
        ("Okay, the user wants a greeting.\n</think>\n\nHello!", "\n\nHello!"),
        ("嗯，用户在问天气。</think>今天晴。</think>", "今天晴。"),
        # The model opened the block itself: the text before <think> is reply.
        ("<think>plan</think>Hi.", "Hi."),
        ("\n<think>plan</think>Hi.", "\nHi."),
        # No tag at all: the held text was reply after all.
        ("Just a reply.", "Just a reply."),
        ("ends with </thi", "ends with </thi"),
    ],
)
def test_prefilled_thinking(text: str, expected: str) -> None:
    assert run_prefilled([text]) == expected
    assert run_prefilled(list(text)) == expected


def test_prefilled_text_is_held_until_decided() -> None:
    tag_filter = ThinkTagFilter(prefilled=True)
    assert tag_filter.undecided
    assert tag_filter.feed("Let me think. ") == ""
    assert tag_filter.feed("Done.</thi") == ""
    assert tag_filter.feed("nk>Hi") == "Hi"
    assert not tag_filter.undecided
    assert tag_filter.feed(" there") == " there"


def run_reading_start(tokens: list[str]) -> str:
    tag_filter = ThinkTagFilter(prefilled=None)
    return "".join(tag_filter.feed(token) for token in tokens) + tag_filter.flush()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A start like reasoning is held as possible pre-filled thinking...
        ("Okay, so the user wants a poem.\n</think>\n\nRoses.", "\n\nRoses."),
        ("The user is asking for 2+2. Easy.</think>4.", "4."),
        ("嗯，用户问天气。我应该回答。\n</think>\n\n今天晴。", "\n\n今天晴。"),
        ("好的，我现在需要写一首诗。</think>诗来了。", "诗来了。"),
        # ...and comes out whole if no </think> follows.
        ("Okay, so here it is.", "Okay, so here it is."),
        # Anything else is reply from the start.
        ("Okay, here you go.</think>", "Okay, here you go."),
        ("好的，我来帮你。", "好的，我来帮你。"),
        ("<think>plan</think>Hi.", "Hi."),
    ],
)
def test_reading_how_the_text_begins(text: str, expected: str) -> None:
    assert run_reading_start([text]) == expected
    assert run_reading_start(list(text)) == expected


def test_a_reply_start_is_released_as_soon_as_it_cannot_be_reasoning() -> None:
    tag_filter = ThinkTagFilter(prefilled=None)
    assert tag_filter.feed("Hello") == "Hello"
    tag_filter = ThinkTagFilter(prefilled=None)
    assert tag_filter.feed("The") == ""  # "The user is asking…"?
    assert tag_filter.feed(" answer") == "The answer"
    assert not tag_filter.undecided


@pytest.mark.parametrize(
    ("start", "verdict"),
    [
        ("Okay, so the", True),
        ("  okay,   THE USER", True),
        ("嗯，用户", True),
        ("Okay", None),
        ("好的", None),
        ("Okay, here", False),
        ("Hello", False),
        ("好的，我来", False),
    ],
)
def test_reasoning_start(start: str, verdict: Optional[bool]) -> None:
    assert reasoning_start(start) is verdict
    assert reasoning_start(start, final=True) is bool(verdict)


def test_release_ends_the_wait() -> None:
    tag_filter = ThinkTagFilter(prefilled=True)
    assert tag_filter.feed("Hello, ") == ""
    assert tag_filter.release() == "Hello, "
    assert tag_filter.feed("world</think>!") == "world!"  # now a lone tag is only removed
    assert tag_filter.flush() == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<think>",
                "</think>",
                "<",
                "think",
                ">",
                "a",
                " ",
                "你好",
                "</",
                "Okay, so ",
                "嗯，用户",
            ]
        ),
        max_size=30,
    ),
    st.data(),
)
def test_prefilled_does_not_depend_on_chunking(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    tokens = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert run_prefilled(tokens) == run_prefilled([text])
    assert run_reading_start(tokens) == run_reading_start([text])
