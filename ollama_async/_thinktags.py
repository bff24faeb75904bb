"""Remove inline ``<think>…</think>`` blocks from streamed text, tags split across tokens included.

Models without a thinking parser in Ollama write their reasoning into the
reply itself, wrapped in ``<think>`` tags. Nothing inside the tags should be
spoken. The filter is I/O-free: feed tokens, get the text outside the tags
back at once, except for a trailing fragment that could still become a tag.
"""

from __future__ import annotations

__all__ = ["ThinkTagFilter"]

_OPEN = "<think>"
_CLOSE = "</think>"


class ThinkTagFilter:
    """``feed(token) -> visible text``; ``flush()`` at the end of the stream."""

    __slots__ = ("_held", "_inside")

    def __init__(self) -> None:
        self._inside = False
        self._held = ""

    @property
    def inside(self) -> bool:
        """Whether the text fed so far ends inside a ``<think>`` block."""
        return self._inside

    def feed(self, text: str) -> str:
        """The part of ``text`` (with any held-back fragment before it) outside think blocks."""
        if self._held:
            text = self._held + text
            self._held = ""
        elif not self._inside and "<" not in text:
            return text  # the common case: plain reply text
        visible: list[str] = []
        position = 0
        while True:
            tag = _CLOSE if self._inside else _OPEN
            found = text.find(tag, position)
            if found < 0:
                break
            if not self._inside:
                visible.append(text[position:found])
            self._inside = not self._inside
            position = found + len(tag)
        rest = text[position:]
        keep = _partial_tag_length(rest, _CLOSE if self._inside else _OPEN)
        if keep:
            self._held = rest[-keep:]
            rest = rest[:-keep]
        if not self._inside:
            visible.append(rest)
        return "".join(visible)

    def flush(self) -> str:
        """End of stream: a held fragment that never became a tag is text after all."""
        held, self._held = self._held, ""
        return "" if self._inside else held


def _partial_tag_length(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    start = text.rfind("<", max(0, len(text) - len(tag) + 1))
    if start >= 0 and tag.startswith(text[start:]):
        return len(text) - start
    return 0
