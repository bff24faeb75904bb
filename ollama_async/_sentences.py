"""An I/O-free streaming sentence splitter for text-to-speech (rules: ``docs/sentences.md``).

Feed it text as it arrives; it returns each sentence as soon as its end is
certain — for ``。？！`` when the next character that does not belong to the
sentence arrives, for ``.?!`` when the next word shows the dot was not an
abbreviation — and never later. With the default options the sentences
joined give back exactly the text fed. The buffer holds only the unit being
built, and each character is examined once (plain runs are skipped with one
regular-expression search), so a whole stream costs O(n).
"""

from __future__ import annotations

import re
from typing import Optional

from ._exceptions import RequestError

__all__ = ["SentenceSplitter", "split_sentences", "text_weight"]

_CJK_ENDERS = "。？！"
_EN_ENDERS = ".?!"
_ENDERS = _CJK_ENDERS + _EN_ENDERS
_CONTINUATION = "，,、；;：:"
_SOFT_BREAKS = "，、；：,;:"
_CLOSERS = "”’\"'」』）)]】》〉}*_`"
_WHITESPACE = " \t\r\n\u3000\u00a0"
_EMOJI = re.compile(
    "[\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f000-\U0001faff\U000e0020-\U000e007f]"
)
_INTERESTING = re.compile(r"[。？！.?!\n]")
_INTERESTING_FIRST = re.compile(r"[。？！.?!\n，、；：,;:]")
_LIST_LABEL = re.compile(r"[ \t>*+-]*(?:[A-Za-z]+[ \t]+)?\d+")
_CLOSING_FENCE = re.compile(r"\n[ \t]*```")
_SPACES = re.compile(r"\s+")

# Abbreviations after which a capitalised word goes on the same sentence.
_NEVER_END = frozenset(
    "mr mrs ms mx dr prof sr st mt vs e.g i.e cf approx fig figs eq vol ch sec gen col lt "
    "sgt capt rev hon pres gov sen rep".split()
)
# Abbreviations that end a sentence when the next word is a typical sentence opener.
_MAY_END = frozenset("etc u.s u.k u.n e.u a.m p.m inc ltd co corp ph.d jr no llc bros dept".split())
_LABELS_BEFORE_NUMBER = frozenset("no fig figs eq vol ch sec p pp art nr".split())
_OPENERS = frozenset(
    "i you he she it we they this that these those the a an please there here but and so "
    "however if in on at what when why how my our your his her their its it's they're we're "
    "you're i'm let let's then now also after before as for from many most some all no yes "
    "today tomorrow yesterday".split()
)

_TEXT, _ATTACH, _SPACE, _NEXT_WORD, _FENCE, _FENCE_END = range(6)


def _is_cjk(char: str, full_width: bool = False) -> bool:
    """Han, kana and Hangul (and, for weights, full-width forms); plain comparisons
    because a regular expression over these ranges takes milliseconds to compile."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or (full_width and 0xFF00 <= code <= 0xFFEF)
    )


def text_weight(text: str) -> int:
    """Length for the TTS options: a CJK character counts 2, other non-space characters 1."""
    return len(text) - len(_SPACES.findall(text)) + sum(1 for char in text if _is_cjk(char, True))


class SentenceSplitter:
    """Split streamed text into sentences: ``feed(text) -> [sentences]``, then ``flush()``.

    Options, all off by default:

    - ``min_chars``: merge a sentence with the next ones until its weight
      (:func:`text_weight`: CJK characters count 2) reaches this.
    - ``first_min_chars``: a fast first fragment — release the first sentence
      early at a soft break (``，、；：,;:``) once it weighs this much.
    - ``max_chars``: cut run-on text weighing more than this at its last soft
      break, else its last space, else anywhere.
    - ``strip_markdown``, ``strip_emoji``, ``skip_code``: TTS filters applied to
      each sentence after splitting; sentences left empty are dropped. With
      a filter on, the output no longer joins back to the input.
    """

    __slots__ = (
        "_buf",
        "_candidate_cjk",
        "_emitted_any",
        "_filters",
        "_first_min",
        "_line_start",
        "_max_chars",
        "_merged",
        "_min_chars",
        "_pos",
        "_run_end",
        "_saw_newline",
        "_state",
        "_word",
    )

    def __init__(
        self,
        *,
        min_chars: Optional[int] = None,
        first_min_chars: Optional[int] = None,
        max_chars: Optional[int] = None,
        strip_markdown: bool = False,
        strip_emoji: bool = False,
        skip_code: bool = False,
    ) -> None:
        for name, value in (
            ("min_chars", min_chars),
            ("first_min_chars", first_min_chars),
            ("max_chars", max_chars),
        ):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                raise RequestError(f"{name} must be a positive int or None, got {value!r}")
        self._min_chars = min_chars
        self._first_min = first_min_chars
        self._max_chars = max_chars
        self._filters = (strip_markdown, strip_emoji, skip_code)
        self.reset()

    def reset(self) -> None:
        """Forget everything fed so far."""
        self._buf = ""
        self._pos = 0
        self._state = _TEXT
        self._line_start = True  # whether the unit in the buffer starts a line
        self._run_end = 0
        self._candidate_cjk = False
        self._saw_newline = False
        self._word = ""
        self._emitted_any = False
        self._merged = ""

    def feed(self, text: str) -> list[str]:
        """Take the next piece of text; return the sentences it completed."""
        if not text:
            return []
        pos = self._pos
        if (
            pos
            and self._state == _TEXT
            and pos == len(self._buf)
            and self._max_chars is None
            and (self._first_min is None or self._emitted_any)
            and _INTERESTING.search(text) is None
        ):  # the common case: a token inside a sentence
            self._buf += text
            self._pos = len(self._buf)
            return []
        self._buf += text
        units = self._scan(final=False)
        return self._output(units) if units else units

    def flush(self) -> list[str]:
        """End of the stream: return whatever is left as the last sentence(s)."""
        units = self._scan(final=True)
        if self._buf:
            units.append(self._buf)
        self._buf = ""
        self._pos = 0
        self._state = _TEXT
        self._line_start = True
        out = self._output(units)
        if self._merged:
            out.extend(self._filter([self._merged]))
            self._merged = ""
        return out

    # -- scanning -----------------------------------------------------------

    def _cut(self, at: int, units: list[str], line_start: bool) -> None:
        """End the current unit before ``buf[at]``."""
        units.append(self._buf[:at])
        self._buf = self._buf[at:]
        self._pos = 0
        self._state = _TEXT
        self._line_start = line_start
        self._emitted_any = True

    def _scan(self, final: bool) -> list[str]:
        units: list[str] = []
        while True:
            buf = self._buf
            pos = self._pos
            state = self._state
            if state == _TEXT:
                if pos == 0 and self._line_start and buf.startswith("`"):
                    if len(buf) < 3 and not final:
                        return units
                    if buf.startswith("```"):
                        self._state, self._pos = _FENCE, 3
                        continue
                pattern = (
                    _INTERESTING_FIRST
                    if self._first_min and not self._emitted_any
                    else _INTERESTING
                )
                match = pattern.search(buf, pos)
                if match is None:
                    self._pos = len(buf)
                    if self._max_chars and self._force_cut(units):
                        continue
                    return units
                index = match.start()
                char = buf[index]
                if self._max_chars and self._force_cut(units, index):
                    continue
                if char == "\n":
                    self._candidate_cjk, self._saw_newline = True, True
                    self._state, self._pos = _SPACE, index + 1
                elif char in _ENDERS:
                    if not self._start_candidate(index, final):
                        return units
                elif self._soft_break_ends_first(index):
                    self._candidate_cjk, self._saw_newline = True, False
                    self._state, self._pos = _SPACE, index + 1
                elif index + 1 >= len(buf) and not final and char in ",;:":
                    self._pos = index  # need the next character to judge "1,000"
                    return units
                else:
                    self._pos = index + 1
                continue
            if pos >= len(buf):
                if not final:
                    return units
                if state == _NEXT_WORD and self._decide_word(at_end=True):
                    self._cut(self._next_word_start(), units, False)
                return units
            if state == _ATTACH:
                self._scan_attachments()
            elif state == _SPACE:
                self._scan_space(units)
            elif state == _NEXT_WORD:
                self._scan_next_word(units)
            elif state == _FENCE:
                self._scan_fence()
                if self._state == _FENCE:
                    return units
            else:  # _FENCE_END: the closing fence line, up to its newline
                newline = buf.find("\n", pos)
                if newline < 0:
                    self._pos = len(buf)
                    continue
                self._candidate_cjk, self._saw_newline = True, True
                self._state, self._pos = _SPACE, newline + 1

    def _start_candidate(self, index: int, final: bool) -> bool:
        """An ender at ``index``: classify its whole run; ``False`` if the run may go on."""
        buf = self._buf
        end = index + 1
        while end < len(buf) and buf[end] in _ENDERS:
            end += 1
        if end == len(buf):
            if not final:
                self._pos = index  # re-read the run whole once more text has come
                return False
            self._candidate_cjk, self._saw_newline = True, False
            self._state, self._pos = _SPACE, end
            return True
        self._classify_run(index, end, buf[index:end])
        return True

    def _classify_run(self, index: int, end: int, run: str) -> None:
        buf = self._buf
        self._run_end = end
        self._saw_newline = False
        if run.strip(_EN_ENDERS):  # the run holds a Chinese ender
            self._candidate_cjk = True
            self._state, self._pos = _ATTACH, end
            return
        if len(run) > 1 and not run.strip("."):  # "..." is a pause, not an end
            self._state, self._pos = _TEXT, end
            return
        after = buf[end]
        if (after.isascii() and after.isalnum()) or not (
            after in _WHITESPACE or after in _CLOSERS or _EMOJI.match(after) or _is_cjk(after)
        ):
            self._state, self._pos = _TEXT, end  # 3.14, v0.5.7, example.com, (x).y
            return
        self._candidate_cjk = False
        self._word = self._word_before(index) if run == "." else ""
        if self._word and self._is_list_label(index):
            self._state, self._pos = _TEXT, end
            return
        self._state, self._pos = _ATTACH, end

    def _scan_attachments(self) -> None:
        buf = self._buf
        pos = self._pos
        while pos < len(buf):
            char = buf[pos]
            if char in _CLOSERS or char == " " or _EMOJI.match(char):
                pos += 1
                continue
            self._state = _SPACE
            break
        self._pos = pos

    def _scan_space(self, units: list[str]) -> None:
        buf = self._buf
        pos = self._pos
        while pos < len(buf) and buf[pos] in _WHITESPACE:
            if buf[pos] == "\n":
                self._saw_newline = True
            pos += 1
        self._pos = pos
        if pos == len(buf):
            return
        char = buf[pos]
        if self._saw_newline:
            self._cut(pos, units, True)
        elif char in _CONTINUATION:
            self._state, self._pos = _TEXT, pos
        elif self._candidate_cjk or _is_cjk(char):
            self._cut(pos, units, False)
        elif char.isalpha() or char.isdigit():
            self._word_start_state(pos, units)
        else:
            self._cut(pos, units, False)

    def _word_start_state(self, pos: int, units: list[str]) -> None:
        """After ``.?!`` and a space: whether the sentence ended depends on the next word."""
        char = self._buf[pos]
        word = self._word.lower()
        if char.isdigit():
            if word in _LABELS_BEFORE_NUMBER:
                self._state, self._pos = _TEXT, pos
            else:
                self._cut(pos, units, False)
            return
        if char.isupper() and word not in _MAY_END:
            if word in _NEVER_END or _is_initials(self._word):
                self._state, self._pos = _TEXT, pos
            else:
                self._cut(pos, units, False)
            return
        self._state = _NEXT_WORD  # read the whole next word first
        self._pos = pos

    def _next_word_start(self) -> int:
        buf = self._buf
        pos = self._run_end
        while buf[pos] in _CLOSERS or buf[pos] in _WHITESPACE or _EMOJI.match(buf[pos]):
            pos += 1
        return pos

    def _scan_next_word(self, units: list[str]) -> None:
        buf = self._buf
        pos = self._pos
        start = self._next_word_start()
        camel = buf[start].islower()  # macOS, iPhone: decided at the first capital
        while pos < len(buf) and (buf[pos].isalpha() or buf[pos] in "'’"):
            if camel and buf[pos].isupper():
                self._cut(start, units, False)
                return
            pos += 1
        self._pos = pos
        if pos == len(buf):
            return
        if self._decide_word(at_end=False):
            self._cut(start, units, False)
        else:
            self._state, self._pos = _TEXT, start

    def _decide_word(self, *, at_end: bool) -> bool:
        """Whether the word after ``.`` starts a new sentence."""
        start = self._next_word_start()
        word = self._buf[start : self._pos if not at_end else len(self._buf)]
        word = word.rstrip("'’")
        if not word:
            return True
        if word[0].islower():
            return any(char.isupper() for char in word[1:])  # macOS, iPhone, eBay
        return word.lower().replace("’", "'") in _OPENERS

    def _word_before(self, index: int) -> str:
        buf = self._buf
        start = index
        while start > 0 and not buf[start - 1].isspace() and index - start < 24:
            start -= 1
        return buf[start:index].lstrip("\"'“‘([{*_")

    def _is_list_label(self, index: int) -> bool:
        """``1. 安装`` or ``Step 1. 打开终端`` at the start of a line."""
        if not self._word.isdigit():
            return False
        buf = self._buf
        newline = buf.rfind("\n", 0, index)
        if newline < 0 and not self._line_start:
            return False
        return _LIST_LABEL.fullmatch(buf, newline + 1, index) is not None

    def _soft_break_ends_first(self, index: int) -> bool:
        """The fast first fragment: cut at a soft break once it weighs enough."""
        buf = self._buf
        char = buf[index]
        if char not in _SOFT_BREAKS or self._emitted_any or not self._first_min:
            return False
        if char in ",;:" and (index + 1 >= len(buf) or buf[index + 1] not in _WHITESPACE):
            return False
        return text_weight(buf[: index + 1]) >= self._first_min

    def _force_cut(self, units: list[str], limit: Optional[int] = None) -> bool:
        """``max_chars``: cut run-on text at its last soft break, else space, else anywhere."""
        assert self._max_chars is not None
        buf = self._buf
        end = len(buf) if limit is None else limit
        if text_weight(buf[:end]) <= self._max_chars:
            return False
        size = self._max_chars
        while size > 1 and text_weight(buf[:size]) > self._max_chars:
            size -= 1
        window = buf[:size]
        cut = max(window.rfind(char) for char in _SOFT_BREAKS) + 1
        if cut <= 0:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = size
        while cut < len(buf) and buf[cut] in _WHITESPACE:
            cut += 1
        if cut >= len(buf):
            return False
        self._cut(cut, units, False)
        return True

    def _scan_fence(self) -> None:
        match = _CLOSING_FENCE.search(self._buf, self._pos)
        if match is None:
            newline = self._buf.rfind("\n", self._pos)
            self._pos = max(self._pos, newline)
            return
        self._state, self._pos = _FENCE_END, match.end()

    # -- options ----------------------------------------------------------------

    def _output(self, units: list[str]) -> list[str]:
        if self._min_chars is None:
            return self._filter(units)
        out: list[str] = []
        for unit in units:
            if unit.lstrip().startswith("```"):  # never merged with prose
                if self._merged:
                    out.append(self._merged)
                    self._merged = ""
                out.append(unit)
                continue
            self._merged += unit
            if text_weight(self._merged) >= self._min_chars:
                out.append(self._merged)
                self._merged = ""
        return self._filter(out)

    def _filter(self, units: list[str]) -> list[str]:
        strip_markdown, strip_emoji, skip_code = self._filters
        if not (strip_markdown or strip_emoji or skip_code):
            return units
        out = []
        for unit in units:
            if unit.lstrip().startswith("```"):
                if skip_code:
                    continue
            else:
                if strip_markdown:
                    unit = _strip_markdown(unit)
                if strip_emoji:
                    unit = _EMOJI.sub("", unit)
            if unit.strip():
                out.append(unit)
        return out


def _is_initials(word: str) -> bool:
    """``J`` or ``J.K``: initials, not the end of a sentence."""
    return bool(re.fullmatch(r"[A-Z](?:\.[A-Z])*", word))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~|`)")


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LINE_START.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def split_sentences(text: str, **options: object) -> list[str]:
    """Split a whole text at once; ``options`` are those of :class:`SentenceSplitter`."""
    splitter = SentenceSplitter(**options)  # type: ignore[arg-type]
    return splitter.feed(text) + splitter.flush()
