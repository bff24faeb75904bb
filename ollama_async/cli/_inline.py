"""Thinking written into the reply text, told apart from the reply as it streams.

When Ollama does not parse a model's thinking (its template has no thinking
support), the reasoning arrives in `response` / `content`: inside
`<think>…</think>`, or, when the template pre-fills `<think>` (QwQ,
DeepSeek-R1 distills from Hugging Face), from the first token up to a lone
`</think>`. `ollama run` prints it all as the answer, tags included; we
show the reasoning as thinking and the rest as the answer.
"""

from __future__ import annotations

from .._responses import ShowResponse
from .._thinktags import _partial_tag_length, prefills_think

__all__ = ["InlineThinking", "prefills"]

_OPEN = "<think>"
_CLOSE = "</think>"


def prefills(model: str, info: ShowResponse) -> bool:
    """Whether replies of `model` start inside a `<think>` block its template opened.

    Not for a model with the `thinking` capability (Ollama parses its
    thinking); else when its template ends by opening the block, or its
    name is of a family whose templates do (`prefills_think`).
    """
    if "thinking" in (info.capabilities or ()):
        return False
    return (info.template or "").rstrip().endswith(_OPEN) or prefills_think(model)


class InlineThinking:
    """`feed(text)` → `[(is_thinking, piece), ...]`; `flush()` at the end of the reply.

    `inside`: whether the text starts inside a pre-filled block. Tags are
    never shown, and the whitespace right after one is dropped (the model
    writes a blank line after `</think>`). A trailing fragment that may
    still become a tag is held back until the next piece.
    """

    __slots__ = ("_after_tag", "_held", "inside")

    def __init__(self, *, inside: bool = False) -> None:
        self.inside = inside
        self._held = ""
        self._after_tag = inside

    def feed(self, text: str) -> list[tuple[bool, str]]:
        """The pieces of `text` (after what was held back), each thinking or reply."""
        text, self._held = self._held + text, ""
        pieces: list[tuple[bool, str]] = []
        while text:
            opened, closed = text.find(_OPEN), text.find(_CLOSE)
            tags = [(at, tag) for at, tag in ((opened, _OPEN), (closed, _CLOSE)) if at >= 0]
            if not tags:
                keep = max(_partial_tag_length(text, _OPEN), _partial_tag_length(text, _CLOSE))
                if keep:
                    text, self._held = text[:-keep], text[-keep:]
                self._add(pieces, text)
                break
            at, tag = min(tags)
            self._add(pieces, text[:at])
            self.inside = tag == _OPEN  # a lone `</think>` ends a pre-filled block
            self._after_tag = True
            text = text[at + len(tag) :]
        return pieces

    def flush(self) -> list[tuple[bool, str]]:
        """What was held back as a possible tag: text after all."""
        pieces: list[tuple[bool, str]] = []
        self._add(pieces, self._held)
        self._held = ""
        return pieces

    def _add(self, pieces: list[tuple[bool, str]], text: str) -> None:
        if self._after_tag:
            text = text.lstrip()
            self._after_tag = not text
        if text:
            pieces.append((self.inside, text))
