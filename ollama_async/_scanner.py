"""The boundary scanner: where one sentence of streamed text ends and the next begins.

Rules: `docs/sentences.md`. This module only finds boundaries; what is done
with the units it cuts (merging short ones, TTS filters) is the shaper's job
(`_shaper.py`), and the two talk only through `FencedCode`, the
marker on a unit that is a code block.

Theory of operation
-------------------

Text arrives in pieces of any size. The scanner appends them to a buffer that
holds only the unit being built, and walks a cursor through it with a state
machine. Each state has one scanning method (`STEPS` below); a step
advances the cursor as far as the buffer allows and either moves to another
state (returns `True`: keep going) or runs out of text (returns `False`:
wait for the next piece). Nothing behind the cursor is read again except a
bounded look-behind (the word before a dot, a list label near the unit
start), so a stream of n characters costs O(n) however it is chunked, and
the units cut never depend on the chunking.

A unit is cut at the first character that proves its end, never later: after
`。` that is the first character that is not a closing quote, emoji or
whitespace; after `.` it may be the whole next word (`U.S. It` ends,
`U.S. Army` does not). `flush()` is the end of the stream: every step
then decides with what it has.

States and transitions ("cut" ends the unit; the next starts in the state named):

````
state             reads                               goes to
----------------  ----------------------------------  ----------------------------------------
LEADING_SPACE     whitespace at the stream start      LINE_START
LINE_START        a fence "```" or anything else      CODE | TEXT
TEXT              up to an ender, a newline, "¿¡"     ENDER_RUN (also ";" after Greek)
                  (or a soft break for fast_first)    | SPACE_AFTER_END (newline, soft break)
                                                      | cut, then TEXT ("… ¿", max_chars)
ENDER_RUN         the rest of a run like "?!" "..."   ATTACHMENTS (it may end)
                                                      | TEXT (3.14, "...", "1. 安装")
ATTACHMENTS       closers, emoji, blanks, " »"        SPACE_AFTER_END
SPACE_AFTER_END   all whitespace; the next char       cut, then LINE_START or TEXT
                  decides (a dialogue dash: the one   | TEXT (no end) | NEXT_WORD
                  after it)                           | LINE_START (a line of think tags only)
NEXT_WORD         the next word whole                 cut, then TEXT | TEXT (no end)
CODE              up to a closing fence line          CODE_CLOSE_LINE
CODE_CLOSE_LINE   blanks up to the newline            SPACE_AFTER_END | CODE (not a close)
````

After an ender the judgement is by script and by the words around it, never
by a language setting (a reply may switch language mid-sentence): a strong
terminal (`。`, `।`, `؟`…) always ends the sentence; after a dot, `?` or `!`
a lower-case word continues it in a cased script, an uncased one (Arabic,
Devanagari) starts a new one, and a capitalised word is judged with the word
lists: abbreviations (`z. B.`, `т. е.`), initials, ordinals (`9. November`).
That judgement lives in `_abbreviations.py` (with the other languages'
lists in `_abbreviations_intl.py`); character classes and weights in
`_chars.py`.

A piece of text with nothing that could end a unit (no ender, no newline) is
not scanned at all while the scanner sits in `TEXT` or `CODE`: it is
appended to a list (`_deferred`) after one regular-expression check.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from . import _abbreviations as words
from ._chars import (
    is_cjk,
    is_emoji,
    is_greek,
    is_hangul,
    is_mark,
    is_wide,
    lazy_regex,
    text_weight,
)

__all__ = ["BoundaryScanner", "FencedCode"]

# Sentence terminals (UAX #29 STerm and ATerm) that always end a sentence:
# CJK and full-width, Devanagari danda, Arabic question mark, Urdu full stop,
# Armenian, Ethiopic, Burmese, Khmer, Mongolian. None of them is a decimal point or
# an abbreviation's dot.
STRONG_ENDERS = "。？！｡︒﹖﹗।॥؟۔։።፧፨။។៕᠃᠉"
# A dot (ASCII, full-width, small) may be a decimal point or an abbreviation's.
DOTS = ".．﹒"
# Greek writes its question mark as ";" (U+037E, canonically the same): after a
# Greek letter, ";" is judged like "?" (`is_greek`).
ENDERS = STRONG_ENDERS + DOTS + "?!‽⁇⁈\u037e"
# Arabic comma and semicolon are no enders, and continue like "，".
CONTINUATION = "，,、；;：:،؛"
# Closing quotes and brackets and Markdown closers: they belong to the ender before them.
# "“" and "‘" close German quotes („…“), "«" and "»" close »…« and «…».
CLOSERS = "”’\"'」』）)]】》〉}*_`“‘«»‹›"
# Spaces inside a line; French puts no-break ones inside « » and before "!?".
BLANKS = " \t\xa0\u202f"
# After a space, these still close a quote when no letter follows (French « … ! »).
SPACED_CLOSERS = "»›"
OPENING_BRACKETS = "([{（［｛【〔〈《"
# Spanish inverted marks open a sentence, even after an ellipsis (rule 6 makes it a pause).
INVERTED_MARKS = "¿¡"
ELLIPSIS = "…" + DOTS
# A dialogue dash before a lower-case word: the narrator's tag goes on ("? —dijo Ana.").
DIALOGUE_DASHES = "—–"
# Japanese particles right after a closing quote go on ("「本当？」と聞いた").
QUOTE_PARTICLES = "とっのをがはにへで"
QUOTE_ENDS = "」』”\"’'"
# Korean quotative verbs after a closing quote and a space go on ("좋아요!" 하고 웃었다).
KOREAN_QUOTE_TAGS = ("하고", "하며", "하면서", "하는", "하자", "라고", "라며", "라는", "이라고")
# max_chars prefers to cut after these (the ASCII ones only before a space).
SOFT_BREAKS = "，、；：—…）」』》】”"  # not "’": it is also an apostrophe (don’t)
ASCII_SOFT_BREAKS = ",;:)"
THINK_OPEN, THINK_CLOSE = "<think>", "</think>"

_ENDER_OR_NEWLINE = re.compile(f"[{ENDERS}{INVERTED_MARKS}\n;]")
# While a fast first fragment is pending, soft breaks are interesting too.
# (compiled on first use: only first_min_chars needs it).
_ENDER_NEWLINE_OR_SOFT = f"[{ENDERS}{INVERTED_MARKS}\n，、；：,;:]"
_BACKTICK = re.compile("`")
_NON_SPACE = re.compile(r"\S")
_NON_BLANK = re.compile(r"[^ \t\r\f\v]")
_FENCE_CLOSE = re.compile(r"\n[ \t]*(`{3,})")
_FENCE_PARTIAL = re.compile(r"\n[ \t]*`*")

# The buffer is compacted beyond this many characters, keeping this many behind the cursor.
_COMPACT_AT = 4096
_LOOK_BEHIND = 64
# No opener or lowercase starter is longer: NEXT_WORD reads no further.
_LONGEST_WORD = 24
# How far from the start of a unit a list label ("Step 12. ") or an answer ("No. ") may end.
_LABEL_REACH = 40

# The states (indices into STEPS).
(
    LEADING_SPACE,
    LINE_START,
    TEXT,
    ENDER_RUN,
    ATTACHMENTS,
    SPACE_AFTER_END,
    NEXT_WORD,
    CODE,
    CODE_CLOSE_LINE,
) = range(9)
# What ended the text before SPACE_AFTER_END.
END_BY_NEWLINE, END_BY_STRONG, END_BY_DOT, END_BY_SOFT_BREAK = range(4)


class FencedCode(str):
    """A unit that is a fenced code block: the shaper never merges it and can skip it."""

    __slots__ = ()


class BoundaryScanner:
    """`feed(text) -> [units]`, `flush() -> [units]`: cut streamed text at sentence ends.

    `max_chars` and `first_min_chars` move boundaries, so they live here
    (see [`SentenceSplitter`][ollama_async.SentenceSplitter]), as does the
    `language` hint. With `mark_fences`, code-block units come out as `FencedCode`.
    """

    __slots__ = (
        "_abbreviation",
        "_buffer",
        "_compacted",
        "_cursor",
        "_deferred",
        "_end_kind",
        "_fence_ticks",
        "_first_min_chars",
        "_first_unit_cut",
        "_interesting",
        "_is_initial",
        "_lists",
        "_mark_fences",
        "_max_chars",
        "_next_word_capitalised",
        "_next_word_start",
        "_no_answer",
        "_parts",
        "_run_all_dots",
        "_run_is_strong",
        "_run_start",
        "_saw_newline",
        "_saw_space",
        "_state",
        "_unit_start",
        "_wake_on",
        "_weighed_to",
        "_weight_so_far",
        "_word_before",
        "_word_before_dot",
    )

    def __init__(
        self,
        *,
        max_chars: Optional[int] = None,
        first_min_chars: Optional[int] = None,
        mark_fences: bool = False,
        language: Optional[str] = None,
    ) -> None:
        self._max_chars = max_chars
        self._first_min_chars = first_min_chars
        self._mark_fences = mark_fences
        # Every language's word lists, or sharpened by a hint (see `judgement`).
        self._lists = words.judgement(language)
        self.reset()

    def reset(self) -> None:
        """Forget everything fed so far."""
        self._buffer = ""
        # Where the unit being built starts in _buffer: a cut moves it instead
        # of copying the rest of the buffer; feed() drops the text before it.
        self._unit_start = 0
        # Pieces appended without scanning (see the module docstring).
        self._deferred: list[str] = []
        # The start of a long unit, moved out of the buffer (see _compact).
        self._compacted: list[str] = []
        self._cursor = 0
        self._state = LEADING_SPACE
        # Set when the next piece can be deferred unless it matches this.
        self._wake_on: Optional[re.Pattern[str]] = None
        self._interesting = (
            _ENDER_OR_NEWLINE
            if self._first_min_chars is None
            else lazy_regex(_ENDER_NEWLINE_OR_SOFT)
        )
        self._end_kind = END_BY_NEWLINE
        self._saw_newline = False
        self._saw_space = False
        self._run_start = 0
        self._run_is_strong = False
        self._run_all_dots = False
        self._word_before_dot = ""
        # The word lists' key for it (`z.b` for "z. B.") and the parts it was built from.
        self._abbreviation = ""
        self._parts: list[str] = []
        self._word_before = ""  # "dem" in "dem 1. Weltkrieg", "zum" in "zum Mal."
        self._no_answer = False
        self._is_initial = False
        self._next_word_start = 0
        self._next_word_capitalised = False
        self._fence_ticks = 0
        self._first_unit_cut = False
        # The weight of _buffer[_unit_start:_weighed_to], for max_chars and first_min_chars.
        self._weighed_to = 0
        self._weight_so_far = 0

    def feed(self, text: str) -> list[str]:
        """Add the next piece of text; return the units it completed (often none)."""
        wake_on = self._wake_on
        if wake_on is not None and wake_on.search(text) is None:
            self._deferred.append(text)  # the common case: a token inside a sentence
            return []
        if not text:
            return []
        deferred = self._deferred
        if deferred:
            deferred.append(text)
            buffer = self._buffer + "".join(deferred)
            deferred.clear()
            if self._state == TEXT:  # the deferred text had nothing to look at
                self._cursor = len(buffer) - len(text)
            self._buffer = buffer
        else:
            self._buffer += text
        units = self._scan(False)
        if self._unit_start:
            self._shift(self._unit_start)
        if len(self._buffer) > _COMPACT_AT:
            self._compact()
        state = self._state
        if state == TEXT:
            # The max_chars cut must look at every piece; otherwise only a piece
            # holding an ender, a newline (or, for the first fragment, a soft break)
            # can change anything.
            at_end = self._cursor == len(self._buffer)
            self._wake_on = self._interesting if at_end and self._max_chars is None else None
        elif state == CODE and not self._buffer.endswith("`"):
            self._wake_on = _BACKTICK  # only a backtick can close the fence
        else:
            self._wake_on = None
        return units

    def flush(self) -> list[str]:
        """End of the stream: return the rest as the last unit(s), then start afresh."""
        if self._deferred:
            self._buffer += "".join(self._deferred)
            self._deferred.clear()
        units = self._scan(True)
        rest = "".join([*self._compacted, self._buffer[self._unit_start :]])
        if rest:
            units.append(FencedCode(rest) if self._fence_ticks and self._mark_fences else rest)
        self.reset()
        return units

    # -- the state machine ---------------------------------------------------------

    def _scan(self, final: bool) -> list[str]:
        """Run the steps as far as the buffer allows; return the units cut."""
        units: list[str] = []
        steps = STEPS
        while steps[self._state](self, units, final):
            pass
        return units

    def _cut(self, at: int, units: list[str], line_start: bool) -> None:
        """End the current unit before `_buffer[at]`."""
        unit = self._buffer[self._unit_start : at]
        if self._compacted:
            unit = "".join([*self._compacted, unit])
            self._compacted.clear()
        if self._fence_ticks:
            self._fence_ticks = 0
            if self._mark_fences:
                unit = FencedCode(unit)
        units.append(unit)
        self._unit_start = self._cursor = self._weighed_to = at
        self._weight_so_far = 0
        self._state = LINE_START if line_start else TEXT
        if not self._first_unit_cut:
            self._first_unit_cut = True
            self._interesting = _ENDER_OR_NEWLINE  # the fast first fragment is over

    def _scan_leading_space(self, units: list[str], final: bool) -> bool:
        """Whitespace at the start of the stream belongs to the first unit."""
        buffer = self._buffer
        match = _NON_SPACE.search(buffer, self._cursor)
        if match is None:
            self._cursor = len(buffer)
            return False
        self._cursor = match.start()
        self._state = LINE_START
        return True

    def _scan_line_start(self, units: list[str], final: bool) -> bool:
        """At the start of a line: a ```` ``` ```` here opens a code block."""
        buffer = self._buffer
        cursor = self._cursor
        if buffer.startswith("```", cursor):
            end = cursor + 3
            while end < len(buffer) and buffer[end] == "`":
                end += 1
            if end == len(buffer) and not final:
                return False  # the closing fence must be at least as long: count them all
            self._fence_ticks = end - cursor
            self._state = CODE
            self._cursor = end
            return True
        size = len(buffer) - cursor
        if not final and size < 3 and buffer.endswith("`" * size):
            return False  # "`" or "``" so far
        self._state = TEXT
        return True

    def _scan_text(self, units: list[str], final: bool) -> bool:
        """Plain text: skip to the next ender or newline in one search."""
        buffer = self._buffer
        match = self._interesting.search(buffer, self._cursor)
        end = len(buffer) if match is None else match.start()
        if (
            self._max_chars is not None
            and self._weigh(end, self._max_chars) > self._max_chars
            and self._cut_long_unit(units)
        ):
            return True
        if match is None:
            self._cursor = end
            return False
        char = buffer[end]
        if char == "\n":
            self._end_kind = END_BY_NEWLINE
            self._saw_newline = True
            self._state = SPACE_AFTER_END
            self._cursor = end + 1
        elif char in INVERTED_MARKS:
            self._cursor = end + 1
            if self._after_ellipsis(end):
                self._cut(end, units, False)  # "Bueno... ¿Qué hacemos?", "¿Sí?¿No?"
        elif char in ENDERS or (
            char == ";" and end > self._unit_start and is_greek(buffer[end - 1])
        ):
            self._run_start = end
            self._run_is_strong = char in STRONG_ENDERS
            self._run_all_dots = char in DOTS
            self._state = ENDER_RUN
            self._cursor = end + 1
        elif char == ";" and self._first_min_chars is None:
            self._cursor = end + 1  # a semicolon, not a Greek question mark
        else:
            return self._soft_break(end, final)
        return True

    def _after_ellipsis(self, index: int) -> bool:
        """Whether an ellipsis or an ender (and blanks) come right before `_buffer[index]`."""
        buffer = self._buffer
        before = index
        low = max(index - _LABEL_REACH, self._unit_start)
        while before > low and buffer[before - 1] in BLANKS:
            before -= 1
        return before > low and (buffer[before - 1] in ELLIPSIS or buffer[before - 1] in ENDERS)

    def _scan_ender_run(self, units: list[str], final: bool) -> bool:
        """A run of enders is one ender: read it whole, then judge it."""
        buffer = self._buffer
        cursor = self._cursor
        size = len(buffer)
        while cursor < size:
            char = buffer[cursor]
            if char not in ENDERS:
                break
            if char in STRONG_ENDERS:
                self._run_is_strong = True
            elif char not in DOTS:
                self._run_all_dots = False
            cursor += 1
        self._cursor = cursor
        if cursor == size:
            return False  # at the end of the stream the rest is flushed as it is
        start = self._run_start
        self._saw_newline = False
        self._saw_space = False
        if self._run_is_strong:  # "。", "।" always end the sentence
            self._end_kind = END_BY_STRONG
            self._state = ATTACHMENTS
            return True
        self._state = TEXT  # unless it turns out to be an English end below
        single_dot = self._run_all_dots and cursor == start + 1
        if self._run_all_dots and not single_dot:
            return True  # "..." is a pause
        after = buffer[cursor]
        if (after.isalnum() and after.isascii()) or (
            after in OPENING_BRACKETS
            or not (after.isspace() or after in CLOSERS or is_cjk(after) or is_emoji(after))
        ):
            return True  # 3.14, v0.5.7, example.com, a@b.co, "Good morning!（早上好！）"
        word = self._word_ending_at(start) if single_dot else ""
        unit_start = self._unit_start
        if (
            word
            and start - unit_start <= _LABEL_REACH
            and not self._compacted
            and self._lists.is_list_label(buffer, unit_start, start)
        ):
            return True  # "1. 安装", "Step 1. 打开终端"
        self._word_before_dot = word
        self._abbreviation = self._abbreviation_before(start, word)
        # "C" in "a. C." is a part of a known abbreviation, not an initial.
        self._is_initial = (
            word[:1].isupper() and words.initials(word) and self._abbreviation == word.lower()
        )
        # "No. I don't think so" answers; "see No. 5" and "No. Llama…" are judged later.
        self._no_answer = word.lower() == "no" and self._at_unit_start(start - len(word))
        self._end_kind = END_BY_DOT
        self._state = ATTACHMENTS
        return True

    def _word_ending_at(self, index: int) -> str:
        """The word ending at `_buffer[index]`: letters, marks, digits and dots, not CJK."""
        buffer = self._buffer
        start = index
        low = max(index - _LONGEST_WORD, self._unit_start)
        while start > low:
            char = buffer[start - 1]
            if char == "." or (char.isalnum() and char < "\u2e80") or is_mark(char):
                start -= 1
            else:
                break
        return buffer[start:index]

    def _abbreviation_before(self, dot: int, word: str) -> str:
        """The key the word lists know the word before `_buffer[dot]` by, with the
        parts before it that end in a dot and a space (`z. B.`, `т. е.`), and
        the word before it (`ad es.`): see `abbreviation_key`."""
        if not word:
            self._parts = []
            self._word_before = ""
            return ""
        buffer = self._buffer
        parts = [word]
        start = dot - len(word)
        low = max(dot - _LOOK_BEHIND, self._unit_start)
        while len(parts) < 3 and start - 2 > low and buffer[start - 1] == " ":
            if buffer[start - 2] != ".":
                break
            part = self._word_ending_at(start - 2)
            if not part or start - 2 - len(part) < low:
                break
            parts.insert(0, part)
            start -= 2 + len(part)
        word_before = ""
        # Only a short word is judged by the word before it ("ad es.", "dem 1.",
        # "zum Mal.", "10 h."): longer ones are not read twice.
        if len(word) <= 3 and start - 1 > low and buffer[start - 1] == " ":
            word_before = self._word_ending_at(start - 1)
        self._parts = parts
        self._word_before = word_before
        if len(parts) == 1 and not word_before:
            return words.key(word)  # the common case, a word on its own
        return self._lists.abbreviation_key(parts, word_before if len(parts) == 1 else "")

    def _scan_attachments(self, units: list[str], final: bool) -> bool:
        """Closers, emoji and spaces after an ender belong to its sentence.

        Closers count only before the first space: after one, `"`, `*` or
        `(` opens the next sentence (`Done. **Note:**`).
        """
        buffer = self._buffer
        cursor = self._cursor
        saw_space = self._saw_space
        size = len(buffer)
        while cursor < size:
            char = buffer[cursor]
            if char in BLANKS:
                saw_space = True
            elif saw_space and char in SPACED_CLOSERS:
                # "« Bonjour ! » dit-il" closes the quote; "»Hallo«" opens the next.
                if cursor + 1 == size and not final:
                    break  # the character after it decides
                if cursor + 1 < size and buffer[cursor + 1].isalnum():
                    break
            elif (saw_space or char not in CLOSERS) and not is_emoji(char):
                break
            cursor += 1
        self._cursor = cursor
        self._saw_space = saw_space
        if cursor + 1 >= size and (cursor == size or buffer[cursor] in SPACED_CLOSERS):
            return False
        self._state = SPACE_AFTER_END
        return True

    def _scan_space_after_end(self, units: list[str], final: bool) -> bool:
        """Then all whitespace, newlines included; the next character decides."""
        buffer = self._buffer
        start = self._cursor
        match = _NON_SPACE.search(buffer, start)
        cursor = len(buffer) if match is None else match.start()
        if cursor > start:
            self._saw_space = True
            if not self._saw_newline and buffer.find("\n", start, cursor) >= 0:
                self._saw_newline = True
        self._cursor = cursor
        if cursor == len(buffer):
            return False
        char = buffer[cursor]
        if self._saw_newline:
            if self._only_think_tags(cursor):
                self._state = LINE_START  # "<think>\n\n" is no unit of its own
            else:
                self._cut(cursor, units, True)
        elif self._end_kind == END_BY_SOFT_BREAK:
            self._cut(cursor, units, False)
        elif char in CONTINUATION or char in ENDERS:
            self._state = TEXT  # "救命！’，就…": the sentence goes on
        elif not self._saw_space and char in QUOTE_PARTICLES and buffer[cursor - 1] in QUOTE_ENDS:
            self._state = TEXT  # "「本当？」と聞いた": the quote is part of the sentence
        elif self._end_kind == END_BY_STRONG:
            self._cut(cursor, units, False)
        else:
            return self._judge_dot_end(cursor, char, units, final)
        return True

    def _only_think_tags(self, end: int) -> bool:
        """Whether the unit up to `end` holds only `<think>`/`</think>` tags and space."""
        if end - self._unit_start > _LABEL_REACH or self._compacted:
            return False
        unit = self._buffer[self._unit_start : end]
        return (
            "think>" in unit and not unit.replace(THINK_OPEN, "").replace(THINK_CLOSE, "").strip()
        )

    def _judge_dot_end(self, cursor: int, char: str, units: list[str], final: bool) -> bool:
        """After `.?!` and its attachments, the next character (or word) decides.

        Returns False when the character after a dialogue dash is still to come.
        """
        word = self._word_before_dot
        lower = self._abbreviation
        if lower in self._lists.never_end or (
            words.is_abbreviation_part(word)
            and lower == word
            and lower not in self._lists.may_end
            and lower not in self._lists.ordinary
            # Before an uncased letter or a number: "د. أحمد", "डॉ. शर्मा", "ج. 2". After
            # a cased letter the next word decides (below); CJK and signs are
            # judged as in English.
            and (
                (char.isalpha() and not (char.islower() or char.isupper() or is_cjk(char)))
                or (char.isdigit() and not word.islower())
            )
        ):
            self._state = TEXT  # "Mr. Smith", "e.g. Llama", "Dr. 王", "z. B.", "د. أحمد"
        elif is_hangul(char):
            # Korean glues particles to a quote ("정말?"이라고) and quotes with a verb
            # ("좋아요!" 하고); "2025. 3. 14. 오후" is a date.
            tag = self._korean_quote_tag(cursor, final)
            if tag is None:
                return False
            if tag or not self._saw_space or (len(self._parts) > 1 and words.is_date(self._parts)):
                self._state = TEXT
            else:
                self._cut(cursor, units, False)
        elif is_cjk(char):
            if lower in self._lists.may_end:
                # "Apple Inc. 宣布…": a name that opens the sentence is its subject.
                attached = (
                    not self._saw_space
                    or char in words.CJK_CONTINUERS
                    or self._no_cjk_before(self._run_start - len(word))
                )
            else:
                attached = self._is_initial
            if attached:
                self._state = TEXT  # "在U.S.工作", "Apple Inc. 的芯片", "J.K. 罗琳"
            else:
                self._cut(cursor, units, False)  # "返回 None. 所以", "Example Corp. 总部"
        elif not self._saw_space:
            self._state = TEXT  # '"Hi."she', "(a.)b": no space, no end
        elif char in DIALOGUE_DASHES:
            return self._judge_dialogue_dash(cursor, units, final)
        elif char.isdigit():
            date: Optional[bool] = word.isdigit() and words.is_date(self._parts)
            if date and len(self._parts) == 1:
                # A year, then a month only if a dot follows it: "2025. 3. 14." is a
                # date, "in 2024. 3 people came." two sentences.
                date = self._number_with_dot_at(cursor, final)
                if date is None:
                    return False
            if (
                date
                or self._lists.is_label(lower)
                or (words.is_dotted(word) and lower not in self._lists.may_end)
            ):
                self._state = TEXT  # "No. 5", "S. 12", "D.Lgs. 196", "2025. 3. 14."
            else:
                self._cut(cursor, units, False)
        elif len(self._parts) > 1 and not char.isalpha() and words.is_date(self._parts):
            self._state = TEXT  # "2025. 1. 2. ~ 2025. 1. 31."
        elif char.islower():
            self._enter_next_word(cursor, capitalised=False)
        elif char.isupper() and (
            self._is_initial
            or (lower in self._lists.may_end and not self._no_answer)
            or (words.looks_like_title(word) and not self._after_determiner())
            or (word.isdigit() and len(word) <= 3)
            or self._lone_letter()
        ):
            self._enter_next_word(cursor, capitalised=True)
        else:
            self._cut(cursor, units, False)
        return True

    def _word_right_before(self) -> str:
        """The word right before the one before the dot: "dem" in "dem 1.", "Nr" in "Nr. 10."."""
        parts = self._parts
        return parts[-2] if len(parts) > 1 else self._word_before

    def _initials_before_a_name(self) -> bool:
        """Initials in a row (`J. R. R.`, `J.-M. G.`) with no capitalised word before
        them: a name follows. After one (`Толстой Л. Н.`) they end the name."""
        parts = self._parts
        before = self._word_before
        return len(parts) > 1 and all(map(words.initials, parts)) and not before[:1].isupper()

    def _lone_letter(self) -> bool:
        """A lower-case letter on its own before the dot, which the lists do not
        know as a word: a part of an abbreviation before a capitalised part
        (`z. B.`, `14 n. Chr.`), else a unit or a key that ends the sentence
        (`10 h. Bien.`, `Press q. Then…`; see `_capitalised_word_starts_sentence`)."""
        word = self._word_before_dot
        lower = self._abbreviation
        return (
            len(word) == 1
            and word.islower()
            and lower == word
            and lower not in self._lists.never_end
            and lower not in self._lists.may_end
            and lower not in self._lists.ordinary
        )

    def _after_determiner(self) -> bool:
        """Whether an article, a preposition or an ordinal comes before the word
        before the dot: a noun, not a title (`zum 2. Mal. Gut.`, `am Tag. Dann`)."""
        parts = self._parts
        if len(parts) > 1:
            return parts[-2].isdigit()  # after an ordinal: "zum 2. Mal."
        return words.key(self._word_before) in self._lists.ordinal_before

    def _korean_quote_tag(self, cursor: int, final: bool) -> Optional[bool]:
        """Whether a quotative verb follows a closing quote and a space
        (`"좋아요!" 하고 웃었다`); None while its second syllable is still to come."""
        buffer = self._buffer
        before = cursor
        # A bounded look back, as the buffer keeps it however the text was chunked.
        low = max(cursor - _LOOK_BEHIND, self._unit_start)
        while before > low and buffer[before - 1].isspace():
            before -= 1
        if before in (cursor, low) or buffer[before - 1] not in QUOTE_ENDS:
            return False
        if cursor + 2 > len(buffer) and not final:
            return None
        return buffer.startswith(KOREAN_QUOTE_TAGS, cursor)

    def _number_with_dot_at(self, cursor: int, final: bool) -> Optional[bool]:
        """Whether one or two digits and a dot, then a space, start at `cursor`
        (None while that is still to come)."""
        buffer = self._buffer
        end = cursor
        while end < len(buffer) and end - cursor < 3 and buffer[end].isdigit():
            end += 1
        if end + 2 > len(buffer) and not final:
            return None
        return (
            end - cursor <= 2
            and buffer.startswith(".", end)
            and (end + 1 == len(buffer) or buffer[end + 1].isspace())
        )

    def _judge_dialogue_dash(self, cursor: int, units: list[str], final: bool) -> bool:
        """`? —dijo Ana`: after a question or an exclamation, a dash, a space
        perhaps, then a lower-case tag goes on; after a dot the dash starts anew."""
        buffer = self._buffer
        if self._run_all_dots:
            self._cut(cursor, units, False)  # "It works. — the docs say so."
            return True
        after = cursor + 1
        if after < len(buffer) and buffer[after] == " ":
            after += 1
        if after == len(buffer) and not final:
            return False
        if after < len(buffer) and buffer[after].islower():
            self._state = TEXT  # "— Já chegou? — disse o pai."
        else:
            self._cut(cursor, units, False)  # "Really? — I doubt it."
        return True

    def _no_cjk_before(self, index: int) -> bool:
        """Whether the unit before `_buffer[index]` is short and has no CJK in it."""
        unit_start = self._unit_start
        if self._compacted or index - unit_start > 2 * _LABEL_REACH:
            return False
        return not any(is_cjk(char) for char in self._buffer[unit_start:index])

    def _at_unit_start(self, index: int) -> bool:
        """Whether only blanks, quotes and openers come before `_buffer[index]` in the unit.

        Looks at most _LABEL_REACH characters back, like the list-label check:
        a compacted unit is always longer than that.
        """
        unit_start = self._unit_start
        if self._compacted or index - unit_start > _LABEL_REACH:
            return False
        return not self._buffer[unit_start:index].strip(" \t\r\n\"'“‘*_([（")

    def _enter_next_word(self, cursor: int, *, capitalised: bool) -> None:
        self._state = NEXT_WORD
        self._next_word_start = cursor
        self._next_word_capitalised = capitalised
        self._cursor = cursor

    def _scan_next_word(self, units: list[str], final: bool) -> bool:
        """Read the next word whole: does it start a sentence after `U.S.`, `p.m.`,
        `Gov.`, or is it a word that may start one lowercase (`macOS`, `npm`)?"""
        buffer = self._buffer
        cursor = self._cursor
        start = self._next_word_start
        capitalised = self._next_word_capitalised
        stop = min(len(buffer), start + _LONGEST_WORD + 1)
        while cursor < stop:
            char = buffer[cursor]
            if char.islower() or char == "'" or char == "’":
                cursor += 1
            elif char.isupper():
                if not capitalised:  # macOS, iPhone, eBay: decided at the first capital
                    self._cut(start, units, False)
                    return True
                cursor += 1
            else:
                break
        self._cursor = cursor
        if cursor == len(buffer) and not final and cursor - start <= _LONGEST_WORD:
            return False
        word = buffer[start:cursor].rstrip("'’").replace("’", "'")
        if capitalised:
            ends = self._capitalised_word_starts_sentence(word, buffer.startswith(".", cursor))
        else:
            ends = word in words.LOWER_STARTERS
        if ends:
            self._cut(start, units, False)
        else:
            self._state = TEXT
        return True

    def _capitalised_word_starts_sentence(self, word: str, dot_follows: bool) -> bool:
        """After an abbreviation, initial, title or number: is `word` a new sentence?"""
        lower = words.key(word)
        if self._lone_letter():
            # "z. B.", "14 n. Chr.", "50 a. C." are abbreviations; "10 h. Bien.",
            # "Press q. Then" end.
            return not dot_follows or not self._lists.known_with(self._parts, word)
        if self._word_before_dot.isdigit():
            # "am 9. November", "der 1. Weltkrieg", "1. Dünya Savaşı" go on;
            # "Rang 2. Danach", "Nr. 10. Gut." end.
            if words.key(self._word_right_before()) in self._lists.ordinal_before:
                return self._lists.is_opener(lower)
            return lower not in self._lists.after_ordinals
        if len(word) == 1 and dot_follows:
            return False  # "J. R. R. Tolkien", "Л. Н. Толстой"
        if self._is_initial and self._initials_before_a_name():
            return lower in words.OPENERS_EN  # "par J.-M. G. Le Clézio", but "J. A. It was"
        before = self._abbreviation
        if before in words.TIME_ABBREVIATIONS:
            return lower not in words.TIME_FOLLOWERS  # "9 a.m. Parking is free."
        if self._lists.is_opener(lower) and (len(word) == 1 or word[1:].islower()):
            return True  # "the U.S. It plans", "B. It works"
        if before in self._lists.may_end or self._is_initial:
            return False  # "the U.S. Army", "J. Tolkien"
        # A title is followed by a name ("Gov. Newsom"), not by "GitHub" or "API".
        return not word[1:].islower()

    def _scan_code(self, units: list[str], final: bool) -> bool:
        """Inside a code block: look for a closing fence at the start of a line."""
        buffer = self._buffer
        cursor = self._cursor
        while True:
            match = _FENCE_CLOSE.search(buffer, cursor)
            if match is None:
                # Keep the cursor at the last line start only while that
                # line can still become a closing fence.
                newline = buffer.rfind("\n", cursor)
                if newline >= 0 and _FENCE_PARTIAL.fullmatch(buffer, newline):
                    self._cursor = newline
                else:
                    self._cursor = len(buffer)
                return False
            if match.end() == len(buffer) and not final:
                self._cursor = match.start()  # more backticks may follow
                return False
            if len(match.group(1)) >= self._fence_ticks:
                self._state = CODE_CLOSE_LINE
                self._cursor = match.end()
                return True
            cursor = match.end()

    def _scan_code_close_line(self, units: list[str], final: bool) -> bool:
        """A closing fence has nothing but blanks after it on its line."""
        buffer = self._buffer
        match = _NON_BLANK.search(buffer, self._cursor)
        cursor = len(buffer) if match is None else match.start()
        self._cursor = cursor
        if cursor == len(buffer):
            return False
        if buffer[cursor] == "\n":
            self._end_kind = END_BY_NEWLINE
            self._saw_newline = True
            self._state = SPACE_AFTER_END
            self._cursor = cursor + 1
        else:
            self._state = CODE  # "```js" inside the block does not close it
        return True

    # -- keeping the buffer small -------------------------------------------------

    def _compact(self) -> None:
        """Move the start of a long unit out of the buffer, so appending stays cheap.

        Only text that no decision looks at again moves: everything before the
        cursor (and the ender run or word being judged) except the last
        _LOOK_BEHIND characters, which the abbreviation check reads. The
        `max_chars` cut looks back to the start of the unit, so with it the
        unit stays whole outside code blocks (its weight bounds it anyway).
        """
        state = self._state
        if state != CODE and self._max_chars is not None:
            return
        keep = self._cursor
        if state == ENDER_RUN:
            keep = min(keep, self._run_start)
        elif state == NEXT_WORD:
            keep = min(keep, self._next_word_start)
        shift = keep - _LOOK_BEHIND
        if shift < _COMPACT_AT // 2:
            return
        if self._first_min_chars is not None:
            self._weigh(shift, self._first_min_chars - 1)  # the first fragment's weight so far
        self._compacted.append(self._buffer[:shift])
        self._shift(shift)

    def _shift(self, size: int) -> None:
        """Drop the first `size` characters of the buffer (cut or compacted)."""
        self._buffer = self._buffer[size:]
        self._unit_start = max(self._unit_start - size, 0)
        self._cursor -= size
        self._run_start -= size
        self._next_word_start -= size
        # Below zero only once the weight passed the limit: it is not weighed again.
        self._weighed_to = max(self._weighed_to - size, 0)

    # -- the options that move boundaries ----------------------------------------

    def _weigh(self, end: int, limit: int) -> int:
        """The weight of the unit up to `_buffer[end]`, or a value over `limit` once
        it is clear it passes `limit`: each character is weighed once as the cursor
        advances, and text far beyond the limit is not weighed at all."""
        weighed_to = self._weighed_to
        if end < weighed_to:  # not reached in cursor order; exact all the same
            return self._weight_so_far - text_weight(self._buffer[end:weighed_to])
        buffer = self._buffer
        weight = self._weight_so_far
        while weighed_to < end and weight <= limit:
            # A slice of limit + 1 characters either stays in the limit or passes it.
            step = min(end, weighed_to + limit + 1)
            weight += text_weight(buffer[weighed_to:step])
            weighed_to = step
        self._weight_so_far = weight
        self._weighed_to = weighed_to
        return weight

    def _soft_break(self, index: int, final: bool) -> bool:
        """The fast first fragment: cut at a soft break once the fragment weighs enough."""
        buffer = self._buffer
        if buffer[index] in ",;:":
            if index + 1 == len(buffer) and not final:
                self._cursor = index  # "1,000" and "http://" are not breaks: wait and see
                return False
            if index + 1 == len(buffer) or not buffer[index + 1].isspace():
                self._cursor = index + 1
                return True
        self._cursor = index + 1
        assert self._first_min_chars is not None
        if self._weigh(index + 1, self._first_min_chars - 1) >= self._first_min_chars:
            self._end_kind = END_BY_SOFT_BREAK
            self._saw_newline = False
            self._state = SPACE_AFTER_END
        return True

    def _cut_long_unit(self, units: list[str]) -> bool:
        """`max_chars`: cut a unit that weighs too much at the best place in its window.

        Only the first `max_chars` of weight are looked at, so the cut does
        not depend on how much text has arrived beyond them.
        """
        buffer = self._buffer
        limit = self._max_chars
        assert limit is not None
        start = self._unit_start
        weight = 0
        size = start  # the end of the longest start within the limit
        while size < len(buffer):
            char = buffer[size]
            if not char.isspace():
                weight += 2 if is_wide(char) else 1
                if weight > limit:
                    break
            size += 1
        cut = best_cut(buffer, start, size)
        while cut < len(buffer) and buffer[cut].isspace():
            cut += 1
        if cut >= len(buffer):
            return False  # the whitespace may go on: it belongs to this unit
        self._cut(cut, units, False)
        return True


def best_cut(text: str, start: int, end: int) -> int:
    """Where `max_chars` cuts `text[start:end]`, the longest piece that fits.

    After the last soft break (`，、；：—…`, a closing bracket or quote,
    `,;:)` before a space), else after the last space, else at the last
    change between CJK and other text (`推理Llama` → `推理|Llama`), else at
    `end` — moved back to the start of an English word it would split,
    unless that word fills the whole piece.
    """
    for index in range(end - 1, start - 1, -1):
        char = text[index]
        if char in SOFT_BREAKS or (
            char in ASCII_SOFT_BREAKS and index + 1 < len(text) and text[index + 1].isspace()
        ):
            return index + 1
    for index in range(end - 1, start, -1):
        if text[index].isspace():
            return index + 1
    for index in range(end - 1, start, -1):
        if is_cjk(text[index]) != is_cjk(text[index - 1]):
            return index
    cut = max(end, start + 1)
    word_start = cut
    while word_start > start and _is_word_char(text[word_start - 1]):
        word_start -= 1
    if word_start > start and cut < len(text) and _is_word_char(text[cut]):
        return word_start
    return cut


def _is_word_char(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in "'’"  # don't


Step = Callable[[BoundaryScanner, list[str], bool], bool]

# The transition table's dispatch: the scanning method of each state.
STEPS: tuple[Step, ...] = (
    BoundaryScanner._scan_leading_space,
    BoundaryScanner._scan_line_start,
    BoundaryScanner._scan_text,
    BoundaryScanner._scan_ender_run,
    BoundaryScanner._scan_attachments,
    BoundaryScanner._scan_space_after_end,
    BoundaryScanner._scan_next_word,
    BoundaryScanner._scan_code,
    BoundaryScanner._scan_code_close_line,
)
