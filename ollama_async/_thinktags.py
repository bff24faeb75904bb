"""Remove inline `<think>…</think>` blocks from streamed text, tags split across tokens included.

Models without a thinking parser in Ollama write their reasoning into the
reply itself, wrapped in `<think>` tags. Nothing inside the tags should be
spoken, and no tag is. The filter is I/O-free: feed tokens, get the text
outside the tags back at once, except for a trailing fragment that could
still become a tag.

Some templates pre-fill `<think>` (QwQ, DeepSeek-R1 distills on older
templates): the reply then starts inside the reasoning and only a lone
`</think>` ends it. With `prefilled=True` the filter holds the text from
the start until it knows: at a `</think>` everything before it was
thinking and is dropped; at a `<think>` (the model opened the block
itself) or at `release` or the end of the stream, the held text was
reply after all and comes out. With `prefilled=None` it first reads how
the text begins (`reasoning_start`): a start like a reasoning preamble
(`Okay, so the user…`, `嗯，用户…`) is held as with `True`, anything
else is released as soon as it cannot become one. With `prefilled=False`,
a lone `</think>` is removed but the text before it has already gone out.
"""

from __future__ import annotations

import re
from typing import Optional

__all__ = [
    "PREFILLING_MODELS",
    "REASONING_STARTS",
    "ThinkTagFilter",
    "prefills_think",
    "reasoning_start",
]

_OPEN = "<think>"
_CLOSE = "</think>"

#: Model families whose templates pre-fill ``<think>`` (matched anywhere in the name).
PREFILLING_MODELS = (
    "qwq",
    "deepseek-r1",
    "r1-distill",
    "openthinker",
    "deepscaler",
    "exaone-deep",
    "smallthinker",
)


def prefills_think(model: str) -> bool:
    """Whether `model` belongs to a family whose template pre-fills `<think>`."""
    name = model.lower()
    return any(family in name for family in PREFILLING_MODELS)


#: How reasoning models begin to think, as opposed to how replies begin
#: (lowercase, single spaces; compared with the start of the text).
REASONING_STARTS = (
    "okay, so ",
    "okay, the user",
    "okay, i need to",
    "okay, i have to",
    "okay, i'm trying to",
    "okay, let me",
    "okay, let's see",
    "okay, first",
    "ok, so ",
    "ok, the user",
    "alright, so ",
    "alright, the user",
    "alright, i need to",
    "alright, i'm trying to",
    "alright, let me",
    "alright, let's see",
    "hmm, the user",
    "hmm, let me",
    "hmm, so ",
    "hmm, i need to",
    "so i need to",
    "so, i need to",
    "so, the user",
    "well, the user",
    "the user is ",
    "the user's ",
    "the user asks",
    "the user asked",
    "the user wants",
    "the user has ",
    "i'm trying to figure out",
    "i need to figure out",
    "i need to understand",
    "i need to answer",
    "i need to respond",
    "i need to explain",
    "let me think",
    "let me figure out",
    "let me start by",
    "first, i need to",
    "first, let me",
    "嗯，用户",
    "嗯，我",
    "嗯，让我",
    "好的，用户",
    "好的，我现在",
    "好的，我需要",
    "好的，让我",
    "好，用户",
    "好，我现在",
    "好的，我得",
    "首先，我需要",
    "首先，我要",
    "首先，用户",
    "用户问",
    "用户想",
    "用户让我",
    "用户需要",
    "用户要求",
    "用户在问",
    "用户的问题",
    "我现在需要",
    "我现在要",
    "我需要先",
    "让我想想",
    "让我来想想",
    "让我思考",
)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).lstrip().replace("，", ",")


_SPACE = re.compile(r"\s+")
_NORMAL_STARTS = tuple(_normal(phrase) for phrase in REASONING_STARTS)


def reasoning_start(text: str, final: bool = False) -> Optional[bool]:
    """Whether `text` begins like reasoning; `None` while more text may still tell."""
    start = _normal(text)
    if start.startswith(_NORMAL_STARTS):
        return True
    if final or not any(phrase.startswith(start) for phrase in _NORMAL_STARTS):
        return False
    return None


class ThinkTagFilter:
    """`feed(token) -> visible text`; `flush()` at the end of the stream."""

    __slots__ = ("_held", "_inside", "_maybe_thinking", "_reading_start")

    def __init__(self, *, prefilled: Optional[bool] = False) -> None:
        self._inside = False
        # A trailing fragment that may still become a tag.
        self._held = ""
        # Unless prefilled=False: the text so far, until it is known to be thinking or reply.
        self._maybe_thinking: Optional[list[str]] = None if prefilled is False else []
        # With prefilled=None: whether the start of the text is still being read.
        self._reading_start = prefilled is None

    @property
    def inside(self) -> bool:
        """Whether the text fed so far ends inside a `<think>` block."""
        return self._inside

    @property
    def undecided(self) -> bool:
        """Whether the text so far may still turn out to be pre-filled thinking."""
        return self._maybe_thinking is not None

    def feed(self, text: str) -> str:
        """The part of `text` (with any held-back fragment before it) outside think blocks."""
        if self._held:
            text = self._held + text
            self._held = ""
        elif not self._inside and "<" not in text and self._maybe_thinking is None:
            return text  # the common case: plain reply text
        if self._maybe_thinking is not None:
            return self._feed_undecided(text)
        visible: list[str] = []
        position = 0
        while True:
            found_open = -1 if self._inside else text.find(_OPEN, position)
            found_close = text.find(_CLOSE, position)
            if found_close >= 0 and (found_open < 0 or found_close < found_open):
                if not self._inside:
                    visible.append(text[position:found_close])  # a lone "</think>" is not read
                self._inside = False
                position = found_close + len(_CLOSE)
            elif found_open >= 0:
                visible.append(text[position:found_open])
                self._inside = True
                position = found_open + len(_OPEN)
            else:
                break
        rest = self._hold_partial_tag(text[position:])
        if not self._inside:
            visible.append(rest)
        return "".join(visible)

    def _feed_undecided(self, text: str) -> str:
        held = self._maybe_thinking
        assert held is not None
        found_open = text.find(_OPEN)
        found_close = text.find(_CLOSE)
        if found_close >= 0 and (found_open < 0 or found_close < found_open):
            before = "".join(held) + text[:found_close]
            if self._reading_start and reasoning_start(before) is False:
                return self.release() + self.feed(text)  # reply: only the lone tag goes
            self._maybe_thinking = None  # it was thinking: drop it
            return self.feed(text[found_close + len(_CLOSE) :])
        if found_open >= 0:
            before = "".join(held) + text[:found_open]
            self._maybe_thinking = None  # the model opens its own block: the rest was reply
            return before + self.feed(text[found_open:])
        held.append(self._hold_partial_tag(text))
        if self._reading_start:
            verdict = reasoning_start("".join(held))
            if verdict is False:
                return self.release()  # it does not begin like reasoning
            self._reading_start = verdict is None
        return ""

    def _hold_partial_tag(self, text: str) -> str:
        """Keep a trailing fragment of a tag back for the next token; return the rest."""
        keep = _partial_tag_length(text, _CLOSE)
        if not self._inside:
            keep = max(keep, _partial_tag_length(text, _OPEN))
        if keep:
            self._held = text[-keep:]
            return text[:-keep]
        return text

    def release(self) -> str:
        """Decide that the text held as possible pre-filled thinking is reply; return it."""
        held, self._maybe_thinking = self._maybe_thinking, None
        self._reading_start = False
        return "" if held is None else "".join(held)

    def flush(self) -> str:
        """End of stream: held text that never became a tag or thinking is text after all."""
        undecided = self.release()
        held, self._held = self._held, ""
        return undecided + ("" if self._inside else held)


def _partial_tag_length(text: str, tag: str) -> int:
    """Length of the longest suffix of `text` that is a proper prefix of `tag`."""
    start = text.rfind("<", max(0, len(text) - len(tag) + 1))
    if start >= 0 and tag.startswith(text[start:]):
        return len(text) - start
    return 0
