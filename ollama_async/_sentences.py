"""The I/O-free sentence splitter for text-to-speech (rules: `docs/sentences.md`).

[`SentenceSplitter`][ollama_async.SentenceSplitter] is two parts along one seam: the boundary scanner
(`_scanner.py`) cuts the text into units as soon as each end is certain,
and the shaper (`_shaper.py`) merges short units and applies the TTS
filters. The shaper sees whole units only; the scanner tells it which units
are code blocks and nothing else.

With the default options the sentences joined give back exactly the text fed,
and the output does not depend on how the text was chunked.
"""

from __future__ import annotations

import re
from typing import Optional

from ._chars import text_weight
from ._exceptions import RequestError
from ._scanner import BoundaryScanner
from ._shaper import UnitShaper

__all__ = ["FAST_FIRST_MIN_CHARS", "SentenceSplitter", "split_sentences", "text_weight"]

#: The ``first_min_chars`` that ``fast_first=True`` stands for.
FAST_FIRST_MIN_CHARS = 12
# A language tag: a primary subtag of 2-3 letters, then subtags (BCP 47, loosely).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


class SentenceSplitter:
    """Split streamed text into sentences: `feed(text) -> [sentences]`, then `flush()`.

    Options, all off by default:

    - `min_chars`: merge a sentence with the ones after it until it weighs
      at least this (`text_weight`: a CJK character counts 2). Code
      blocks are never merged; what is left comes out at [`flush`][ollama_async.SentenceSplitter.flush].
    - `first_min_chars`: a fast first fragment. The *first* sentence is
      released early at a soft break (`，、；：`, or `,;:` before a space)
      once it weighs this much. `fast_first=True` means
      `first_min_chars=12` (`FAST_FIRST_MIN_CHARS`).
    - `max_chars`: cut text weighing more than this without an end at its
      last soft break, else its last space, else its last change between CJK
      and other text, else anywhere but inside an English word. Code blocks
      are never cut.
    - `strip_markdown`, `strip_emoji`, `skip_code`: filters for TTS,
      applied to each sentence after splitting; a sentence left with only
      whitespace is dropped. With a filter on, the output no longer joins
      back to the input.
    - `language`: a BCP 47 tag (`"de"`, `"pt-BR"`) of the reply's language,
      as voice frameworks pass it. Never needed: without it every language's
      rules apply at once. It only sharpens them where languages disagree
      (`"tr"`: `vs.` is *ve saire* and may end a sentence).
    """

    __slots__ = ("_scanner", "_shaper")

    def __init__(
        self,
        *,
        min_chars: Optional[int] = None,
        first_min_chars: Optional[int] = None,
        max_chars: Optional[int] = None,
        fast_first: bool = False,
        strip_markdown: bool = False,
        strip_emoji: bool = False,
        skip_code: bool = False,
        language: Optional[str] = None,
    ) -> None:
        if language is not None and (
            type(language) is not str or _LANGUAGE_TAG.fullmatch(language) is None
        ):
            raise RequestError(
                f"language must be a BCP 47 tag such as 'de' or 'pt-BR', or None; got {language!r}"
            )
        for name, value in (
            ("min_chars", min_chars),
            ("first_min_chars", first_min_chars),
            ("max_chars", max_chars),
        ):
            if value is not None and (type(value) is not int or value < 1):
                raise RequestError(f"{name} must be a positive int or None, got {value!r}")
        for name, flag in (
            ("fast_first", fast_first),
            ("strip_markdown", strip_markdown),
            ("strip_emoji", strip_emoji),
            ("skip_code", skip_code),
        ):
            if type(flag) is not bool:
                raise RequestError(f"{name} must be True or False, got {flag!r}")
        if min_chars is not None and max_chars is not None and min_chars > max_chars:
            raise RequestError(
                f"min_chars={min_chars} is more than max_chars={max_chars}: "
                "merged sentences could never fit"
            )
        if fast_first and first_min_chars is None:
            first_min_chars = FAST_FIRST_MIN_CHARS
        shaping = min_chars is not None or strip_markdown or strip_emoji or skip_code
        self._scanner = BoundaryScanner(
            max_chars=max_chars,
            first_min_chars=first_min_chars,
            mark_fences=shaping,
            language=language,
        )
        # Without merging or filters the units go out as they are cut.
        self._shaper: Optional[UnitShaper] = None
        if shaping:
            self._shaper = UnitShaper(
                min_chars=min_chars,
                first_min_chars=first_min_chars,
                strip_markdown=strip_markdown,
                strip_emoji=strip_emoji,
                skip_code=skip_code,
            )

    def feed(self, text: str) -> list[str]:
        """Add the next piece of text; return the sentences it completed (often none)."""
        units = self._scanner.feed(text)
        if self._shaper is None or not units:
            return units
        return self._shaper.shape(units, False)

    def flush(self) -> list[str]:
        """End of the stream: return the rest as the last sentence(s), then start afresh."""
        units = self._scanner.flush()
        if self._shaper is None:
            return units
        out = self._shaper.shape(units, True)
        self._shaper.reset()
        return out

    def reset(self) -> None:
        """Forget everything fed so far and start a new stream."""
        self._scanner.reset()
        if self._shaper is not None:
            self._shaper.reset()


def split_sentences(
    text: str,
    *,
    min_chars: Optional[int] = None,
    first_min_chars: Optional[int] = None,
    max_chars: Optional[int] = None,
    fast_first: bool = False,
    strip_markdown: bool = False,
    strip_emoji: bool = False,
    skip_code: bool = False,
    language: Optional[str] = None,
) -> list[str]:
    """Split a whole text at once; the options are those of [`SentenceSplitter`][ollama_async.SentenceSplitter]."""
    splitter = SentenceSplitter(
        min_chars=min_chars,
        first_min_chars=first_min_chars,
        max_chars=max_chars,
        fast_first=fast_first,
        strip_markdown=strip_markdown,
        strip_emoji=strip_emoji,
        skip_code=skip_code,
        language=language,
    )
    return splitter.feed(text) + splitter.flush()
