"""Remove inline ``<think>…</think>`` blocks from streamed text, tags split across tokens included.

Models without a thinking parser in Ollama write their reasoning into the
reply itself, wrapped in ``<think>`` tags. Nothing inside the tags should be
spoken, and no tag is. The filter is I/O-free: feed tokens, get the text
outside the tags back at once, except for a trailing fragment that could
still become a tag.

Some templates pre-fill ``<think>`` (QwQ, DeepSeek-R1 distills on older
templates): the reply then starts inside the reasoning and only a lone
``</think>`` ends it. With ``prefilled=True`` the filter holds the text from
the start until it knows: at a ``</think>`` everything before it was
thinking and is dropped; at a ``<think>`` (the model opened the block
itself) or at :meth:`release` or the end of the stream, the held text was
reply after all and comes out. Without ``prefilled``, a lone ``</think>``
is removed but the text before it has already gone out.
"""

from __future__ import annotations

from typing import Optional

__all__ = ["PREFILLING_MODELS", "ThinkTagFilter", "prefills_think"]

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
    """Whether ``model`` belongs to a family whose template pre-fills ``<think>``."""
    name = model.lower()
    return any(family in name for family in PREFILLING_MODELS)


class ThinkTagFilter:
    """``feed(token) -> visible text``; ``flush()`` at the end of the stream."""

    __slots__ = ("_held", "_inside", "_maybe_thinking")

    def __init__(self, *, prefilled: bool = False) -> None:
        self._inside = False
        # A trailing fragment that may still become a tag.
        self._held = ""
        # With prefilled=True: the text so far, until it is known to be thinking or reply.
        self._maybe_thinking: Optional[list[str]] = [] if prefilled else None

    @property
    def inside(self) -> bool:
        """Whether the text fed so far ends inside a ``<think>`` block."""
        return self._inside

    @property
    def undecided(self) -> bool:
        """Whether the text so far may still turn out to be pre-filled thinking."""
        return self._maybe_thinking is not None

    def feed(self, text: str) -> str:
        """The part of ``text`` (with any held-back fragment before it) outside think blocks."""
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
            self._maybe_thinking = None  # it was thinking: drop it
            return self.feed(text[found_close + len(_CLOSE) :])
        if found_open >= 0:
            before = "".join(held) + text[:found_open]
            self._maybe_thinking = None  # the model opens its own block: the rest was reply
            return before + self.feed(text[found_open:])
        held.append(self._hold_partial_tag(text))
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
        return "" if held is None else "".join(held)

    def flush(self) -> str:
        """End of stream: held text that never became a tag or thinking is text after all."""
        undecided = self.release()
        held, self._held = self._held, ""
        return undecided + ("" if self._inside else held)


def _partial_tag_length(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    start = text.rfind("<", max(0, len(text) - len(tag) + 1))
    if start >= 0 and tag.startswith(text[start:]):
        return len(text) - start
    return 0
