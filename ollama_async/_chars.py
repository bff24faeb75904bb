"""Character classes and text weight shared by the sentence scanner and shaper.

Each class is defined once, as a table of code point ranges. The scanner asks
about single characters (`is_cjk`: a binary search in the table); the TTS
options search whole texts, with a regular-expression class built from the
same table on first use (`char_class`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

__all__ = [
    "CJK",
    "EMOJI",
    "EMOJI_CLASS",
    "GREEK",
    "HANGUL",
    "WIDE",
    "WIDE_CLASS",
    "char_class",
    "is_cjk",
    "is_emoji",
    "is_greek",
    "is_hangul",
    "is_mark",
    "is_wide",
    "lazy_regex",
    "text_weight",
]

# Inclusive (first, last) code point ranges, sorted and not overlapping.
# Hangul syllables.
HANGUL = (0xAC00, 0xD7AF)
# Han, kana, Hangul and CJK punctuation.
CJK = (
    (0x2E80, 0x9FFF),
    HANGUL,
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)
# Greek and Coptic, Greek Extended.
GREEK = ((0x0370, 0x03FF), (0x1F00, 0x1FFF))
# CJK or full-width: weighs 2 (see `text_weight`).
WIDE = (*CJK[:3], (0xFF00, 0xFFEF), CJK[3])
# Pictographs and the joiners, variation selectors and modifiers of emoji sequences.
EMOJI = (
    (0x200D, 0x200D),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x20E3, 0x20E3),
    (0x2300, 0x23FF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0xFE0E, 0xFE0F),
    (0x1F000, 0x1FAFF),
    (0xE0020, 0xE007F),
)


def _bounds(ranges: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """Range starts and ends past them, flat: a code point is inside when
    `bisect_right` lands on an odd index."""
    return tuple(bound for first, last in ranges for bound in (first, last + 1))


_CJK_BOUNDS = _bounds(CJK)
_HANGUL_BOUNDS = _bounds((HANGUL,))
_GREEK_BOUNDS = _bounds(GREEK)
_WIDE_BOUNDS = _bounds(WIDE)
_EMOJI_BOUNDS = _bounds(EMOJI)


def is_cjk(char: str) -> bool:
    """Han, kana, Hangul and CJK punctuation."""
    return bisect_right(_CJK_BOUNDS, ord(char)) & 1 == 1


def is_wide(char: str) -> bool:
    """CJK or full-width: weighs 2 (see `text_weight`)."""
    return bisect_right(_WIDE_BOUNDS, ord(char)) & 1 == 1


def is_emoji(char: str) -> bool:
    """Pictographs and the joiners, variation selectors and modifiers of emoji sequences."""
    return bisect_right(_EMOJI_BOUNDS, ord(char)) & 1 == 1


def is_hangul(char: str) -> bool:
    """A Hangul syllable: Korean glues particles to the word before (`"정말?"이라고`)."""
    return bisect_right(_HANGUL_BOUNDS, ord(char)) & 1 == 1


def is_greek(char: str) -> bool:
    """A Greek letter: after one, `;` is a question mark (`Τι κάνεις;`)."""
    return bisect_right(_GREEK_BOUNDS, ord(char)) & 1 == 1


def is_mark(char: str) -> bool:
    """A combining mark: part of the word it follows (Devanagari vowel signs in `डॉ`)."""
    return not char.isascii() and unicodedata.category(char)[0] == "M"


def char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The regular-expression class of a range table."""
    return "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges) + "]"


# The classes the TTS options search texts with (compiled by `lazy_regex`, on first use).
WIDE_CLASS = char_class(WIDE)
EMOJI_CLASS = char_class(EMOJI)
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
