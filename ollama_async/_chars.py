"""Character classes and text weight shared by the sentence scanner and shaper."""

from __future__ import annotations

import re

__all__ = ["is_cjk", "is_emoji", "is_wide", "lazy_regex", "text_weight"]


def is_cjk(char: str) -> bool:
    """Han, kana, Hangul and CJK punctuation.

    Comparisons rather than a regular expression: a character class this wide
    takes milliseconds to compile at import time.
    """
    return (
        "\u2e80" <= char <= "\u9fff"
        or "\uac00" <= char <= "\ud7af"
        or "\uf900" <= char <= "\ufaff"
        or "\U00020000" <= char <= "\U0003ffff"
    )


def is_wide(char: str) -> bool:
    """CJK or full-width: weighs 2 (see `text_weight`)."""
    return is_cjk(char) or "\uff00" <= char <= "\uffef"


def is_emoji(char: str) -> bool:
    """Pictographs and the joiners, variation selectors and modifiers of emoji sequences."""
    return (
        "\U0001f000" <= char <= "\U0001faff"
        or "\u2600" <= char <= "\u27bf"
        or "\u2300" <= char <= "\u23ff"
        or "\u2b00" <= char <= "\u2bff"
        or char in "\u200d\ufe0f\ufe0e\u20e3\u203c\u2049\u3030\u303d\u3297\u3299"
        or "\U000e0020" <= char <= "\U000e007f"
    )


WIDE_CLASS = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
EMOJI_CLASS = (
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff"
    "\u200d\ufe0f\ufe0e\u20e3\u203c\u2049\u3030\u303d\u3297\u3299\U000e0020-\U000e007f]"
)
_compiled: dict[str, re.Pattern[str]] = {}


def lazy_regex(expression: str) -> re.Pattern[str]:
    """Compile on first use: wide classes cost milliseconds that only the options need."""
    pattern = _compiled.get(expression)
    if pattern is None:
        pattern = _compiled[expression] = re.compile(expression)
    return pattern


def text_weight(text: str) -> int:
    """The length the TTS options count: a CJK character 2, any other non-space character 1.

    CJK means Han, kana, Hangul, CJK and full-width punctuation: one of them
    carries about as much speech as two Latin letters. Whitespace counts 0.
    """
    weight = len("".join(text.split()))
    if text.isascii():
        return weight
    return weight + len(lazy_regex(WIDE_CLASS).findall(text))
