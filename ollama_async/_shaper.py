"""The shaper: what a TTS consumer wants done to the units the scanner cuts.

It works on whole units only, never on the text between them, and knows one
thing about them: whether a unit is a code block (`FencedCode`). Two
jobs, in this order:

1. `min_chars` merging: short units are joined with the ones after them
   until they weigh enough (`text_weight`); code
   blocks are never merged; what is left at the end of the stream comes out.
2. Filters: `strip_markdown`, `strip_emoji`, `skip_code`. A unit left
   with only whitespace is dropped.

How Markdown is read aloud (`strip_markdown`):

- emphasis markers, inline-code backticks, heading `#`, `>` quote marks,
  bullets (`- * + • · ◦ ▪ ‣ ●`), list numbers, task boxes (`[ ]`, `[x]`)
  and rules (`---`) are removed; links keep their text (`[text](url)`);
- a table row is read as its cells joined with commas (`| a | b |` →
  `a, b`, empty cells skipped; also `a | b` without the outer pipes);
  the `|---|:---:|` separator row is dropped;
- math (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`) loses its delimiters,
  braces and backslashes, so `$\\alpha + x^2$` is read `alpha + x^2`
  (`\\times` → `×`, `\\frac{a}{b}` → `a/b`); a
  line holding only `$$`, `\\[` or `\\]` goes; a dollar before a number
  is money, not math (`$5 and $10`).
"""

from __future__ import annotations

import re
from typing import Optional

from ._chars import EMOJI_CLASS, lazy_regex, text_weight
from ._scanner import FencedCode

__all__ = ["UnitShaper", "strip_markdown"]


class UnitShaper:
    """`shape(units, final) -> units`: merging and filters, on units alone."""

    __slots__ = (
        "_first_min_chars",
        "_first_out",
        "_merged",
        "_merged_weight",
        "_min_chars",
        "_skip_code",
        "_strip_emoji",
        "_strip_markdown",
    )

    def __init__(
        self,
        *,
        min_chars: Optional[int] = None,
        first_min_chars: Optional[int] = None,
        strip_markdown: bool = False,
        strip_emoji: bool = False,
        skip_code: bool = False,
    ) -> None:
        self._min_chars = min_chars
        self._first_min_chars = first_min_chars
        self._strip_markdown = strip_markdown
        self._strip_emoji = strip_emoji
        self._skip_code = skip_code
        self.reset()

    def reset(self) -> None:
        """Forget the units held for merging."""
        self._merged = ""
        self._merged_weight = 0
        self._first_out = False  # whether the first (fast) fragment went out

    def shape(self, units: list[str], final: bool) -> list[str]:
        """Merge and filter `units`; `final` at the end of the stream."""
        if self._min_chars is not None:
            units = self._merge(units, self._min_chars, final)
        if not (self._strip_markdown or self._strip_emoji or self._skip_code):
            # Plain str from here on: the marker is for the shaper only.
            return [str(unit) if type(unit) is FencedCode else unit for unit in units]
        out: list[str] = []
        for unit in units:
            if type(unit) is FencedCode:
                if self._skip_code:
                    continue
                unit = str(unit)
            else:
                if self._strip_markdown:
                    unit = strip_markdown(unit)
                if self._strip_emoji:
                    unit = lazy_regex(EMOJI_CLASS).sub("", unit)
            if unit.strip():
                out.append(unit)
        return out

    def _merge(self, units: list[str], min_chars: int, final: bool) -> list[str]:
        merged: list[str] = []
        for unit in units:
            if type(unit) is FencedCode:  # never merged with prose
                if self._merged:
                    merged.append(self._merged)
                    self._merged, self._merged_weight = "", 0
                merged.append(unit)
                continue
            self._merged += unit
            self._merged_weight += text_weight(unit)
            # The fast first fragment goes out at its own, smaller weight.
            threshold = min_chars
            if self._first_min_chars is not None and not self._first_out and not merged:
                threshold = min(threshold, self._first_min_chars)
            if self._merged_weight >= threshold:
                merged.append(self._merged)
                self._merged, self._merged_weight = "", 0
        if final and self._merged:
            merged.append(self._merged)
            self._merged, self._merged_weight = "", 0
        if merged:
            self._first_out = True
        return merged


# Patterns of the filters, compiled on first use (lazy_regex): only the TTS options need them.

_MD_LINK = r"!?\[([^\]\n]*)\]\([^)\n]*\)"
_MD_RULE = r"(?m)^[ \t]*(?:[-*_][ \t]*){3,}$"
_MD_LINE_START = (
    r"(?m)^[ \t]*(?:(?:#{1,6}[ \t]+|>[ \t]?|[-*+•·◦▪‣●][ \t]+|\d{1,3}[.)][ \t]+)+"
    r"(?:\[[ xX]\][ \t]+)?|\[[ xX]\][ \t]+)"
)
# "*" and "_" only where they touch a word on one side: "2 * 3" and snake_case stay.
_MD_EMPHASIS = r"\*+(?=\S)|(?<=\S)\*+|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)|~~|`+"
_TABLE_SEPARATOR = r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?\s*"
# Pandoc's rule: no space inside the dollars, no digit right after the closing one.
_MATH = r"(?s)\$\$(.+?)\$\$|\$(?=[^\s$])([^$\n]*?[^\s$\\])\$(?!\d)|\\\((.+?)\\\)|\\\[(.+?)\\\]"
# The delimiter lines of display math that spans lines ("$$\n…\n$$").
_MATH_FENCE = r"(?m)^[ \t]*(?:\$\$|\\\[|\\\])[ \t]*$"
# "\name" (with the space or brace after it), "\{" and friends, and bare braces.
_MATH_COMMAND = r"\\([A-Za-z]+)([ {])?|\\(.)|[{}]"
_MATH_FRACTION = r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}"
_MATH_SYMBOLS = {
    "times": "×",
    "cdot": "·",
    "div": "÷",
    "pm": "±",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "ldots": "…",
    "cdots": "…",
}


def strip_markdown(text: str) -> str:
    """`text` as it should be read aloud: Markdown syntax removed (see the module doc)."""
    if "|" in text:
        text = _read_table_rows(text)
    if "$" in text or "\\" in text:
        text = lazy_regex(_MATH_FENCE).sub("", lazy_regex(_MATH).sub(_read_math, text))
    text = lazy_regex(_MD_LINK).sub(r"\1", text)
    text = lazy_regex(_MD_RULE).sub("", text)
    text = lazy_regex(_MD_LINE_START).sub("", text)
    return lazy_regex(_MD_EMPHASIS).sub("", text)


def _read_table_rows(text: str) -> str:
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        row = line.strip()
        if lazy_regex(_TABLE_SEPARATOR).fullmatch(line):
            continue
        if not (row.startswith("|") or " | " in row):
            lines.append(line)
        else:
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            ending = line[len(line.rstrip()) :]
            lines.append(", ".join(cell for cell in cells if cell) + ending)
    return "".join(lines)


def _read_math(match: re.Match[str]) -> str:
    formula = next(group for group in match.groups() if group is not None)
    formula = lazy_regex(_MATH_FRACTION).sub(r"\1/\2", formula)
    return lazy_regex(_MATH_COMMAND).sub(_math_token, formula)


def _math_token(match: re.Match[str]) -> str:
    name = match.group(1)
    if name:
        # A command is read as its symbol or its name ("\alpha" → "alpha").
        return _MATH_SYMBOLS.get(name, name) + (" " if match.group(2) else "")
    return match.group(3) or ""
