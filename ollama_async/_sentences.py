"""The I/O-free sentence splitter for text-to-speech (rules: ``docs/sentences.md``).

Text goes in with :meth:`SentenceSplitter.feed` in any chunking; each sentence
comes out as soon as its end is certain and never later: after ``。？！`` when
the first character that does not belong to the sentence arrives, after
``.?!`` when the next word shows that the dot did not end an abbreviation. End
of input is explicit: :meth:`SentenceSplitter.flush` returns what is left.

With the default options the sentences joined give back exactly the text fed,
and the output does not depend on how the text was chunked. The buffer holds
only the unit being built, and the scanner keeps its state and position
between calls, so no character is examined more than a bounded number of
times and a whole stream costs O(n). Plain runs are skipped with one
regular-expression search, and a token with nothing to look at (no ender, no
newline) is only appended to a list.
"""

from __future__ import annotations

import re
from typing import Optional

from ._exceptions import RequestError

__all__ = ["FAST_FIRST_MIN_CHARS", "SentenceSplitter", "split_sentences", "text_weight"]

#: The ``first_min_chars`` that ``fast_first=True`` stands for.
FAST_FIRST_MIN_CHARS = 12

_ENDERS = "。？！.?!"
_CONTINUATION = "，,、；;：:"
# Closing quotes and brackets and Markdown closers: they belong to the ender before them.
_CLOSERS = "”’\"'」』）)]】》〉}*_`"
_OPENING_BRACKETS = "([{（［｛【〔〈《"

_INTERESTING = re.compile("[。？！.?!\n]")
# While a fast first fragment is pending, soft breaks are interesting too.
_INTERESTING_SOFT = re.compile("[。？！.?!\n，、；：,;:]")
_BACKTICK = re.compile("`")
_NON_SPACE = re.compile(r"\S")
_NON_BLANK = re.compile(r"[^ \t\r\f\v]")
_FENCE_CLOSE = re.compile(r"\n[ \t]*(`{3,})")
_FENCE_PARTIAL = re.compile(r"\n[ \t]*`*")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")
# "1. 安装", "Step 1. 打开终端", "- A. Option", "II. Methods" at the start of a unit.
_LIST_LABEL = re.compile(
    r"[\s>*+#-]*(?:(?:(?i:step|chapter|part|section|item|question|lesson|phase|stage|day"
    r"|task|exercise|example|option|rule|tip|method|problem|case|level|round|week)[ \t]*)?"
    r"\d{1,3}|[A-Za-z]|[IVXivx]{1,4})"
)

# Abbreviations after which the sentence goes on, whatever comes next.
_NEVER_END = frozenset(
    "mr mrs ms mx dr prof rev hon fr gen col lt sgt capt cmdr adm maj mt vs v cf e.g i.e "
    "viz approx ca fig figs eq eqs vol vols ch sec".split()
)
# Abbreviations that end the sentence when a typical sentence opener follows
# ("…the U.S. It plans…") and not before another capitalised word ("U.S. Army").
_MAY_END = frozenset(
    "u.s u.k u.n e.u u.s.a a.m p.m inc ltd co corp llc plc bros jr sr st ph.d m.d b.a m.a "
    "b.sc m.sc dept univ al no est".split()
)
# Words before "." that label the number after them ("No. 5", "Fig. 3", "Jan. 5").
_LABELS = frozenset(
    "no nos fig figs eq eqs vol vols ch sec p pp art nr ver vs v ca approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Capitalised words that usually start a sentence. "Open", "First", "One" are
# left out: "the U.S. Open", "the U.S. First Lady".
_OPENERS = frozenset(
    "i i'm i've i'll i'd you you're you've you'll you'd he he's she she's it it's its we we're "
    "we've we'll they they're they've they'll this that that's these those there there's here "
    "here's the a an my our your his her their please but and so or yet however also then now "
    "if when while although though because since as after before once for in on at to by with "
    "from what what's why how where who which let let's don't do does did doesn't didn't can "
    "can't could would should will won't is isn't are aren't was were has have had no yes not "
    "note thanks thank sure ok okay well just finally next meanwhile instead otherwise overall "
    "therefore thus hence each every both either neither many most some all any few several "
    "such other another nothing everything something someone everyone today tomorrow "
    "yesterday tonight".split()
)
# Lowercase words that may start a sentence ("…supported. npm works too.");
# camel-cased words (macOS, iPhone, eBay) are recognised by their capital.
_LOWER_STARTERS = frozenset(
    "npm npx pip pipx git curl wget conda brew sudo ollama yarn pnpm uv uvx cargo rustup "
    "kubectl docker apt ffmpeg".split()
)

# The buffer is compacted beyond this many characters, keeping this many behind the scan.
_COMPACT_AT = 4096
_LOOK_BEHIND = 64
_LONGEST_WORD = 24
# How far from the start of a unit a list label ("Step 12. ") or an answer ("No. ") may end.
_LABEL_REACH = 40

# Scanner states.
_LEAD, _LINE, _TEXT, _RUN, _ATTACH, _SPACE, _WORD, _FENCE, _FENCE_END = range(9)
# What the pending end is: a newline, a Chinese ender, an English ender, a soft break.
_NEWLINE, _CJK, _EN, _SOFT = range(4)


def _is_cjk(char: str) -> bool:
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


def _is_wide(char: str) -> bool:
    return _is_cjk(char) or "\uff00" <= char <= "\uffef"


def _is_emoji(char: str) -> bool:
    """Pictographs and the joiners, variation selectors and modifiers of emoji sequences."""
    return (
        "\U0001f000" <= char <= "\U0001faff"
        or "\u2600" <= char <= "\u27bf"
        or "\u2300" <= char <= "\u23ff"
        or "\u2b00" <= char <= "\u2bff"
        or char in "\u200d\ufe0f\ufe0e\u20e3\u203c\u2049\u3030\u303d\u3297\u3299"
        or "\U000e0020" <= char <= "\U000e007f"
    )


_WIDE_CLASS = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
_EMOJI_CLASS = (
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff"
    "\u200d\ufe0f\ufe0e\u20e3\u203c\u2049\u3030\u303d\u3297\u3299\U000e0020-\U000e007f]"
)
_compiled: dict[str, re.Pattern[str]] = {}


def _regex(expression: str) -> re.Pattern[str]:
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
    return weight + len(_regex(_WIDE_CLASS).findall(text))


class _Fence(str):
    """A fenced code block unit, told apart so the options never merge it and can skip it."""

    __slots__ = ()


class SentenceSplitter:
    """Split streamed text into sentences: ``feed(text) -> [sentences]``, then ``flush()``.

    Options, all off by default:

    - ``min_chars``: merge a sentence with the ones after it until it weighs
      at least this (:func:`text_weight`: a CJK character counts 2). Code
      blocks are never merged; what is left comes out at :meth:`flush`.
    - ``first_min_chars``: a fast first fragment. The *first* sentence is
      released early at a soft break (``，、；：``, or ``,;:`` before a space)
      once it weighs this much. ``fast_first=True`` means
      ``first_min_chars=12`` (:data:`FAST_FIRST_MIN_CHARS`).
    - ``max_chars``: cut text weighing more than this without an end at its
      last soft break, else its last space, else anywhere. Code blocks are
      never cut.
    - ``strip_markdown``, ``strip_emoji``, ``skip_code``: filters for TTS,
      applied to each sentence after splitting; a sentence left with only
      whitespace is dropped. With a filter on, the output no longer joins
      back to the input.
    """

    __slots__ = (
        "_buf",
        "_done",
        "_emitted",
        "_fence_len",
        "_filters",
        "_first_min",
        "_initial",
        "_kind",
        "_max_chars",
        "_merged",
        "_merged_weight",
        "_min_chars",
        "_newline",
        "_no_at_start",
        "_pattern",
        "_plain",
        "_pos",
        "_released",
        "_run_cjk",
        "_run_dots",
        "_run_start",
        "_spaced",
        "_state",
        "_stop",
        "_tail",
        "_upper",
        "_ustart",
        "_weight",
        "_word",
        "_word_at",
        "_wpos",
    )

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
    ) -> None:
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
        self._min_chars = min_chars
        self._first_min = first_min_chars
        self._max_chars = max_chars
        self._filters = (strip_markdown, strip_emoji, skip_code)
        # Without merging or filters the units go out as they are cut.
        self._plain = min_chars is None and not (strip_markdown or strip_emoji or skip_code)
        self.reset()

    def reset(self) -> None:
        """Forget everything fed so far and start a new stream."""
        self._buf = ""
        # Where the unit being built starts in _buf: a cut moves it instead of
        # copying the rest of the buffer; feed() drops the text before it.
        self._ustart = 0
        self._tail: list[str] = []
        # The start of a long unit, no longer needed for any decision (see _compact).
        self._done: list[str] = []
        self._pos = 0
        self._state = _LEAD
        self._stop: Optional[re.Pattern[str]] = None
        self._pattern = _INTERESTING if self._first_min is None else _INTERESTING_SOFT
        self._kind = _NEWLINE
        self._newline = False
        self._spaced = False
        self._run_start = 0
        self._run_cjk = False
        self._run_dots = False
        self._word = ""
        self._no_at_start = False
        self._initial = False
        self._word_at = 0
        self._upper = False
        self._fence_len = 0
        self._emitted = False
        self._wpos = 0
        self._weight = 0
        self._merged = ""
        self._merged_weight = 0
        self._released = False

    def feed(self, text: str) -> list[str]:
        """Add the next piece of text; return the sentences it completed (often none)."""
        stop = self._stop
        if stop is not None and stop.search(text) is None:
            # The common case, a token inside a sentence or a code block: nothing
            # in it can end the unit, so it waits in a list until something can.
            self._tail.append(text)
            return []
        if not text:
            return []
        tail = self._tail
        if tail:
            tail.append(text)
            buf = self._buf + "".join(tail)
            tail.clear()
            if self._state == _TEXT:  # the deferred text had nothing to look at
                self._pos = len(buf) - len(text)
            self._buf = buf
        else:
            self._buf += text
        units = self._scan(False)
        if self._ustart:
            self._shift(self._ustart)
        if len(self._buf) > _COMPACT_AT:
            self._compact()
        state = self._state
        if state == _TEXT:
            # The max_chars cut must look at every piece; otherwise only a piece
            # holding an ender, a newline (or, for the first fragment, a soft break)
            # can change anything.
            if self._pos == len(self._buf) and self._max_chars is None:
                self._stop = self._pattern
            else:
                self._stop = None
        elif state == _FENCE and not self._buf.endswith("`"):
            self._stop = _BACKTICK  # only a backtick can close the fence
        else:
            self._stop = None
        if self._plain or not units:
            return units
        return self._output(units, False)

    def flush(self) -> list[str]:
        """End of the stream: return the rest as the last sentence(s), then start afresh."""
        if self._tail:
            self._buf += "".join(self._tail)
            self._tail.clear()
        units = self._scan(True)
        rest = "".join([*self._done, self._buf[self._ustart :]])
        if rest:
            units.append(rest if not self._fence_len or self._plain else _Fence(rest))
        out = units if self._plain else self._output(units, True)
        self.reset()
        return out

    # -- scanning -------------------------------------------------------------

    def _scan(self, final: bool) -> list[str]:
        """Advance the state machine as far as the buffer allows; return the units cut."""
        units: list[str] = []
        while True:
            state = self._state
            if state == _TEXT:
                going = self._scan_text(units, final)
            elif state == _RUN:
                going = self._scan_run(final)
            elif state == _ATTACH:
                going = self._scan_attachments()
            elif state == _SPACE:
                going = self._scan_space(units)
            elif state == _WORD:
                going = self._scan_word(units, final)
            elif state == _FENCE:
                going = self._scan_fence(final)
            elif state == _FENCE_END:
                going = self._scan_fence_end()
            elif state == _LINE:
                going = self._scan_line_start(final)
            else:
                going = self._scan_lead()
            if not going:
                return units

    def _cut(self, at: int, units: list[str], line_start: bool) -> None:
        """End the current unit before ``buf[at]``."""
        unit = self._buf[self._ustart : at]
        if self._done:
            unit = "".join([*self._done, unit])
            self._done.clear()
        if self._fence_len:
            self._fence_len = 0
            if not self._plain:
                unit = _Fence(unit)
        units.append(unit)
        self._ustart = self._pos = self._wpos = at
        self._weight = 0
        self._state = _LINE if line_start else _TEXT
        if not self._emitted:
            self._emitted = True
            self._pattern = _INTERESTING  # the fast first fragment is over

    def _scan_lead(self) -> bool:
        """Whitespace at the start of the stream belongs to the first unit."""
        buf = self._buf
        match = _NON_SPACE.search(buf, self._pos)
        if match is None:
            self._pos = len(buf)
            return False
        self._pos = match.start()
        self._state = _LINE
        return True

    def _scan_line_start(self, final: bool) -> bool:
        """At the start of a line: a ```` ``` ```` here opens a code block."""
        buf = self._buf
        pos = self._pos
        if buf.startswith("```", pos):
            end = pos + 3
            while end < len(buf) and buf[end] == "`":
                end += 1
            if end == len(buf) and not final:
                return False  # the closing fence must be at least as long: count them all
            self._fence_len = end - pos
            self._state = _FENCE
            self._pos = end
            return True
        size = len(buf) - pos
        if not final and size < 3 and buf.endswith("`" * size):
            return False  # "`" or "``" so far
        self._state = _TEXT
        return True

    def _scan_text(self, units: list[str], final: bool) -> bool:
        buf = self._buf
        match = self._pattern.search(buf, self._pos)
        end = len(buf) if match is None else match.start()
        if (
            self._max_chars is not None
            and self._weigh(end, self._max_chars) > self._max_chars
            and self._force_cut(units)
        ):
            return True
        if match is None:
            self._pos = end
            return False
        char = buf[end]
        if char == "\n":
            self._kind = _NEWLINE
            self._newline = True
            self._state = _SPACE
            self._pos = end + 1
        elif char in _ENDERS:
            self._run_start = end
            self._run_cjk = char in "。？！"
            self._run_dots = char == "."
            self._state = _RUN
            self._pos = end + 1
        else:
            return self._soft_break(end, final)
        return True

    def _scan_run(self, final: bool) -> bool:
        """A run of enders is one ender: read it whole before judging it."""
        buf = self._buf
        pos = self._pos
        size = len(buf)
        while pos < size:
            char = buf[pos]
            if char not in _ENDERS:
                break
            if char in "。？！":
                self._run_cjk = True
            elif char != ".":
                self._run_dots = False
            pos += 1
        self._pos = pos
        if pos == size:
            return False  # at the end of the stream the rest is flushed as it is
        start = self._run_start
        self._newline = False
        self._spaced = False
        if self._run_cjk:  # a Chinese ender always ends the sentence
            self._kind = _CJK
            self._state = _ATTACH
            return True
        self._state = _TEXT  # unless it turns out to be an English end below
        single_dot = self._run_dots and pos == start + 1
        if self._run_dots and not single_dot:
            return True  # "..." is a pause
        after = buf[pos]
        if after in _OPENING_BRACKETS or not (
            after.isspace() or after in _CLOSERS or _is_cjk(after) or _is_emoji(after)
        ):
            return True  # 3.14, v0.5.7, example.com, a@b.co, "Good morning!（早上好！）"
        word = self._word_before(start) if single_dot else ""
        ustart = self._ustart
        if (
            word
            and start - ustart <= _LABEL_REACH
            and not self._done
            and _LIST_LABEL.fullmatch(buf, ustart, start)
        ):
            return True  # "1. 安装", "Step 1. 打开终端"
        self._word = word.lower()
        self._initial = _INITIALS.fullmatch(word) is not None
        # "No. I don't think so" answers; "see No. 5" and "No. Llama…" are judged later.
        self._no_at_start = self._word == "no" and self._at_unit_start(start - len(word))
        self._kind = _EN
        self._state = _ATTACH
        return True

    def _word_before(self, index: int) -> str:
        """The word ending at ``buf[index]``: letters, digits and dots, not CJK."""
        buf = self._buf
        start = index
        low = max(index - 24, self._ustart)
        while start > low:
            char = buf[start - 1]
            if char == "." or (char.isalnum() and char < "\u2e80"):
                start -= 1
            else:
                break
        return buf[start:index]

    def _scan_attachments(self) -> bool:
        """Closers, emoji and spaces after an ender belong to its sentence.

        Closers count only before the first space: after one, ``"``, ``*`` or
        ``(`` opens the next sentence (``Done. **Note:**``).
        """
        buf = self._buf
        pos = self._pos
        spaced = self._spaced
        while pos < len(buf):
            char = buf[pos]
            if char == " " or char == "\t":
                spaced = True
            elif (spaced or char not in _CLOSERS) and not _is_emoji(char):
                break
            pos += 1
        self._pos = pos
        self._spaced = spaced
        if pos == len(buf):
            return False
        self._state = _SPACE
        return True

    def _scan_space(self, units: list[str]) -> bool:
        """Then all whitespace, newlines included; the next character decides."""
        buf = self._buf
        start = self._pos
        match = _NON_SPACE.search(buf, start)
        pos = len(buf) if match is None else match.start()
        if pos > start:
            self._spaced = True
            if not self._newline and buf.find("\n", start, pos) >= 0:
                self._newline = True
        self._pos = pos
        if pos == len(buf):
            return False
        char = buf[pos]
        if self._newline or self._kind == _SOFT:
            self._cut(pos, units, self._newline)
        elif char in _CONTINUATION or char in _ENDERS:
            self._state = _TEXT  # "救命！’，就…": the sentence goes on
        elif self._kind == _CJK:
            self._cut(pos, units, False)
        else:
            self._decide(pos, char, units)
        return True

    def _decide(self, pos: int, char: str, units: list[str]) -> None:
        """After ``.?!`` and its attachments, the next character (or word) decides."""
        word = self._word
        if word in _NEVER_END:
            self._state = _TEXT  # "Mr. Smith", "e.g. Llama", "Dr. 王"
        elif _is_cjk(char):
            # "返回 None. 所以" ends; "在 U.S. 工作" and "Apple Inc. 的芯片" do not.
            if word in _MAY_END or self._initial:
                self._state = _TEXT
            else:
                self._cut(pos, units, False)
        elif not self._spaced:
            self._state = _TEXT  # '"Hi."she', "(a.)b": no space, no end
        elif char.isdigit():
            if word in _LABELS:
                self._state = _TEXT  # "No. 5", "Fig. 3"
            else:
                self._cut(pos, units, False)
        elif char.islower():
            self._enter_word(pos, upper=False)
        elif char.isupper() and (self._initial or (word in _MAY_END and not self._no_at_start)):
            self._enter_word(pos, upper=True)
        else:
            self._cut(pos, units, False)

    def _at_unit_start(self, index: int) -> bool:
        """Whether only blanks, quotes and openers come before ``buf[index]`` in the unit.

        Looks at most _LABEL_REACH characters back, like the list-label check:
        a compacted unit is always longer than that.
        """
        ustart = self._ustart
        if self._done or index - ustart > _LABEL_REACH:
            return False
        return not self._buf[ustart:index].strip(" \t\r\n\"'“‘*_([（")

    def _enter_word(self, pos: int, *, upper: bool) -> None:
        self._state = _WORD
        self._word_at = pos
        self._upper = upper
        self._pos = pos

    def _scan_word(self, units: list[str], final: bool) -> bool:
        """Read the next word whole: is it a sentence opener (after ``U.S.``) or
        a word that may start a sentence lowercase (``macOS``, ``npm``)?"""
        buf = self._buf
        pos = self._pos
        start = self._word_at
        upper = self._upper
        # No opener or lowercase starter is longer than _LONGEST_WORD: read no further.
        stop = min(len(buf), start + _LONGEST_WORD + 1)
        while pos < stop:
            char = buf[pos]
            if "a" <= char <= "z" or char == "'" or char == "’":
                pos += 1
            elif "A" <= char <= "Z":
                if not upper:  # macOS, iPhone, eBay: decided at the first capital
                    self._cut(start, units, False)
                    return True
                pos += 1
            else:
                break
        self._pos = pos
        if pos == len(buf) and not final and pos - start <= _LONGEST_WORD:
            return False
        word = buf[start:pos].rstrip("'’").replace("’", "'")
        if upper:
            ends = (
                word.lower() in _OPENERS
                and (len(word) == 1 or word[1:].islower())
                and not (len(word) == 1 and buf.startswith(".", pos))  # "J. R. R. Tolkien"
            )
        else:
            ends = word in _LOWER_STARTERS
        if ends:
            self._cut(start, units, False)
        else:
            self._state = _TEXT
        return True

    def _scan_fence(self, final: bool) -> bool:
        """Inside a code block: look for a closing fence at the start of a line."""
        buf = self._buf
        pos = self._pos
        while True:
            match = _FENCE_CLOSE.search(buf, pos)
            if match is None:
                # Keep the position at the last line start only while that
                # line can still become a closing fence.
                newline = buf.rfind("\n", pos)
                if newline >= 0 and _FENCE_PARTIAL.fullmatch(buf, newline):
                    self._pos = newline
                else:
                    self._pos = len(buf)
                return False
            if match.end() == len(buf) and not final:
                self._pos = match.start()  # more backticks may follow
                return False
            if len(match.group(1)) >= self._fence_len:
                self._state = _FENCE_END
                self._pos = match.end()
                return True
            pos = match.end()

    def _scan_fence_end(self) -> bool:
        """A closing fence has nothing but blanks after it on its line."""
        buf = self._buf
        match = _NON_BLANK.search(buf, self._pos)
        pos = len(buf) if match is None else match.start()
        self._pos = pos
        if pos == len(buf):
            return False
        if buf[pos] == "\n":
            self._kind = _NEWLINE
            self._newline = True
            self._state = _SPACE
            self._pos = pos + 1
        else:
            self._state = _FENCE  # "```js" inside the block does not close it
        return True

    def _compact(self) -> None:
        """Move the start of a long unit out of the buffer, so appending stays cheap.

        Only text that no decision looks at again moves: everything before the
        scan position (and the ender run or word being judged) except the last
        _LOOK_BEHIND characters, which the abbreviation check reads. The
        ``max_chars`` cut looks back to the start of the unit, so with it the
        unit stays whole outside code blocks (its weight bounds it anyway).
        """
        state = self._state
        if state != _FENCE and self._max_chars is not None:
            return
        keep = self._pos
        if state == _RUN:
            keep = min(keep, self._run_start)
        elif state == _WORD:
            keep = min(keep, self._word_at)
        shift = keep - _LOOK_BEHIND
        if shift < _COMPACT_AT // 2:
            return
        if self._first_min is not None:
            self._weigh(shift, self._first_min - 1)  # the fast first fragment's weight so far
        self._done.append(self._buf[:shift])
        self._shift(shift)

    def _shift(self, size: int) -> None:
        """Drop the first ``size`` characters of the buffer (cut or compacted)."""
        self._buf = self._buf[size:]
        self._ustart = max(self._ustart - size, 0)
        self._pos -= size
        self._run_start -= size
        self._word_at -= size
        # Below zero only once the weight passed the limit: it is not weighed again.
        self._wpos = max(self._wpos - size, 0)

    # -- options -----------------------------------------------------------------

    def _weigh(self, end: int, limit: int) -> int:
        """The weight of the unit up to ``buf[end]``, or a value over ``limit`` once it
        is clear it passes ``limit``: each character is weighed once as the scan
        advances, and text far beyond the limit is not weighed at all."""
        wpos = self._wpos
        if end < wpos:  # not reached by the scan order; exact all the same
            return self._weight - text_weight(self._buf[end:wpos])
        buf = self._buf
        weight = self._weight
        while wpos < end and weight <= limit:
            # A slice of limit + 1 characters either stays in the limit or passes it.
            step = min(end, wpos + limit + 1)
            weight += text_weight(buf[wpos:step])
            wpos = step
        self._weight = weight
        self._wpos = wpos
        return weight

    def _soft_break(self, index: int, final: bool) -> bool:
        """The fast first fragment: cut at a soft break once the fragment weighs enough."""
        buf = self._buf
        if buf[index] in ",;:":
            if index + 1 == len(buf) and not final:
                self._pos = index  # "1,000" and "http://" are not breaks: wait and see
                return False
            if index + 1 == len(buf) or not buf[index + 1].isspace():
                self._pos = index + 1
                return True
        self._pos = index + 1
        assert self._first_min is not None
        if self._weigh(index + 1, self._first_min - 1) >= self._first_min:
            self._kind = _SOFT
            self._newline = False
            self._state = _SPACE
        return True

    def _force_cut(self, units: list[str]) -> bool:
        """``max_chars``: cut at the last soft break, else the last space, else anywhere.

        Only the first ``max_chars`` of weight are looked at, so the cut does
        not depend on how much text has arrived beyond them.
        """
        buf = self._buf
        limit = self._max_chars
        assert limit is not None
        start = self._ustart
        weight = 0
        size = start  # the end of the longest start within the limit
        while size < len(buf):
            char = buf[size]
            if not char.isspace():
                weight += 2 if _is_wide(char) else 1
                if weight > limit:
                    break
            size += 1
        cut = 0
        for index in range(size - 1, start - 1, -1):
            char = buf[index]
            if char in "，、；：" or (char in ",;:" and buf[index + 1].isspace()):
                cut = index + 1
                break
        if not cut:
            for index in range(size - 1, start, -1):
                if buf[index].isspace():
                    cut = index + 1
                    break
        if not cut:
            cut = max(size, start + 1)
        while cut < len(buf) and buf[cut].isspace():
            cut += 1
        if cut >= len(buf):
            return False  # the whitespace may go on: it belongs to this unit
        self._cut(cut, units, False)
        return True

    def _output(self, units: list[str], final: bool) -> list[str]:
        """Apply ``min_chars`` merging, then the filters."""
        if self._min_chars is not None:
            merged: list[str] = []
            for unit in units:
                if type(unit) is _Fence:  # never merged with prose
                    if self._merged:
                        merged.append(self._merged)
                        self._merged, self._merged_weight = "", 0
                    merged.append(unit)
                    continue
                self._merged += unit
                self._merged_weight += text_weight(unit)
                # The fast first fragment goes out at its own, smaller weight.
                threshold = self._min_chars
                if self._first_min is not None and not self._released and not merged:
                    threshold = min(threshold, self._first_min)
                if self._merged_weight >= threshold:
                    merged.append(self._merged)
                    self._merged, self._merged_weight = "", 0
            if final and self._merged:
                merged.append(self._merged)
                self._merged, self._merged_weight = "", 0
            if merged:
                self._released = True
            units = merged
        strip_markdown, strip_emoji, skip_code = self._filters
        out: list[str] = []
        for unit in units:
            if type(unit) is _Fence:
                if skip_code:
                    continue
                unit = str(unit)
            else:
                if strip_markdown:
                    unit = _strip_markdown(unit)
                if strip_emoji:
                    unit = _regex(_EMOJI_CLASS).sub("", unit)
            if unit.strip() or not (strip_markdown or strip_emoji or skip_code):
                out.append(unit)
        return out


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)
_MD_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
# "*" and "_" only where they touch a word on one side: "2 * 3" and snake_case stay.
_MD_EMPHASIS = re.compile(r"\*+(?=\S)|(?<=\S)\*+|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)|~~|`+")


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    text = _MD_LINE_START.sub("", text)
    return _MD_EMPHASIS.sub("", text)


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
) -> list[str]:
    """Split a whole text at once; the options are those of :class:`SentenceSplitter`."""
    splitter = SentenceSplitter(
        min_chars=min_chars,
        first_min_chars=first_min_chars,
        max_chars=max_chars,
        fast_first=fast_first,
        strip_markdown=strip_markdown,
        strip_emoji=strip_emoji,
        skip_code=skip_code,
    )
    return splitter.feed(text) + splitter.flush()
