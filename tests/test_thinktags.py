"""Inline <think> blocks are removed from streamed text, whatever the token boundaries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async._thinktags import ThinkTagFilter


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


def test_release_ends_the_wait() -> None:
    tag_filter = ThinkTagFilter(prefilled=True)
    assert tag_filter.feed("Hello, ") == ""
    assert tag_filter.release() == "Hello, "
    assert tag_filter.feed("world</think>!") == "world!"  # now a lone tag is only removed
    assert tag_filter.flush() == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<think>", "</think>", "<", "think", ">", "a", " ", "你好", "</"]),
        max_size=30,
    ),
    st.data(),
)
def test_prefilled_does_not_depend_on_chunking(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    tokens = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert run_prefilled(tokens) == run_prefilled([text])
