"""Word wrap for replies on a terminal, as `ollama run` does it.

Text is written as it streams; when a line would pass `width - 5` columns,
the cursor goes back over the word being written, clears it, and the word
starts the next line. A word wider than `width - 10` is broken instead.
Pipes get no wrapping (and so no cursor escapes).
"""

from __future__ import annotations

import unicodedata

__all__ = ["WordWrap"]


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


class WordWrap:
    """Turns streamed text into terminal output wrapped at word boundaries."""

    def __init__(self, width: int) -> None:
        self._limit = width - 5
        self._long = width - 10
        self._column = 0
        self._word = ""

    def reset(self) -> None:
        """Start a fresh line (after text written around the wrapper)."""
        self._column = 0
        self._word = ""

    def feed(self, text: str) -> str:
        """What to write for `text`."""
        out: list[str] = []
        for char in text:
            width = _columns(char)
            if char in "\r\n":
                out.append(char)
                self.reset()
            elif self._column + width > self._limit and char not in " \t":
                word = self._word
                if word and sum(map(_columns, word)) <= self._long:
                    # Take the half-written word back and start the next line with it.
                    out.append(f"\x1b[{sum(map(_columns, word))}D\x1b[K\n{word}{char}")
                    self._column = sum(map(_columns, word)) + width
                    self._word += char
                else:
                    out.append(f"\n{char}")
                    self._column = width
                    self._word = char
            else:
                out.append(char)
                self._column += width
                # Spaces, tabs and wide (CJK) characters end a word.
                self._word = "" if char in " \t" or width == 2 else self._word + char
        return "".join(out)
