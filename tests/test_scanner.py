"""The boundary scanner on its own: its dispatch table, code-block markers, max_chars cuts."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from typing import Callable

import pytest

from ollama_async import _chars, _scanner
from ollama_async._scanner import STEPS, BoundaryScanner, FencedCode, best_cut

STATES = [
    "LEADING_SPACE",
    "LINE_START",
    "TEXT",
    "ENDER_RUN",
    "ATTACHMENTS",
    "SPACE_AFTER_END",
    "NEXT_WORD",
    "CODE",
    "CODE_CLOSE_LINE",
]


def test_every_state_has_its_step_in_the_table() -> None:
    assert len(STEPS) == len(STATES)
    for name in STATES:
        step = STEPS[getattr(_scanner, name)]
        assert step.__name__ == "_scan_" + name.lower(), name
        assert name in (_scanner.__doc__ or ""), f"{name} is missing from the transition table"


def transition_table() -> dict[str, tuple[str, str]]:
    """The docstring's table: state -> (what it reads, where it goes), continuation lines joined."""
    doc = _scanner.__doc__ or ""
    header, rule, *lines = doc.split("````\n")[1].splitlines()
    reads_at, goes_at = header.index("reads"), header.index("goes to")
    assert rule.split() and set(rule.replace(" ", "")) == {"-"}
    rows: dict[str, list[str]] = {}
    name = ""
    for line in lines:
        name = line[:reads_at].strip() or name
        reads, goes = line[reads_at:goes_at].strip(), line[goes_at:].strip()
        row = rows.setdefault(name, ["", ""])
        row[0], row[1] = f"{row[0]} {reads}".strip(), f"{row[1]} {goes}".strip()
    return {state: (reads, goes) for state, (reads, goes) in rows.items()}


def transitions_in_code(method: str, seen: set[str]) -> set[str]:
    """The states a scanning method (and the helpers it calls) can move to."""
    seen.add(method)
    source = inspect.getsource(getattr(BoundaryScanner, method))
    states = set(re.findall(r"self\._state = ([A-Z_]+)\b", source))
    for flag in re.findall(r"self\._cut\([^)]*\b(True|False)\)", source):
        states.add("LINE_START" if flag == "True" else "TEXT")  # where the next unit starts
    for called in set(re.findall(r"self\.(_[a-z_]+)\(", source)) - seen - {"_cut"}:
        if inspect.isfunction(getattr(BoundaryScanner, called, None)):
            states |= transitions_in_code(called, seen)
    return states


def test_the_transition_table_is_the_code() -> None:
    table = transition_table()
    assert list(table) == STATES
    for name in STATES:
        goes = set(re.findall(r"\b[A-Z][A-Z_]{3,}\b", table[name][1])) & set(STATES)
        step = STEPS[getattr(_scanner, name)].__name__
        assert goes == transitions_in_code(step, set()), name


def test_the_docstring_names_what_the_code_uses() -> None:
    table = transition_table()
    assert '"```"' in table["LINE_START"][0]  # the fence that opens a code block
    assert inspect.getsource(BoundaryScanner._scan_line_start).count('"```"') == 1
    doc = _scanner.__doc__ or ""
    prose = doc.replace(doc.split("````")[1], "")
    assert prose.count("`") % 2 == 0, "an inline code span is not closed"
    for name in re.findall(r"`(_[a-z_]+)`", prose):
        assert name in BoundaryScanner.__slots__ or hasattr(_scanner, name.lstrip("_")), name


def scan(text: str, **options: object) -> list[str]:
    scanner = BoundaryScanner(**options)  # type: ignore[arg-type]
    return scanner.feed(text) + scanner.flush()


def test_code_blocks_are_marked_only_when_asked() -> None:
    text = "Run:\n```\nx\n```\nDone. ```open"
    marked = scan(text, mark_fences=True)
    assert marked == ["Run:\n", "```\nx\n```\n", "Done. ", "```open"]
    assert [type(unit) for unit in marked] == [str, FencedCode, str, str]
    assert [type(unit) for unit in scan(text)] == [str] * 4
    tail = scan("```\nnever closed", mark_fences=True)
    assert tail == ["```\nnever closed"] and type(tail[0]) is FencedCode


@pytest.mark.parametrize(
    ("text", "end", "cut"),
    [
        ("好的，我们现在开始", 9, 3),  # after the soft break
        ("one two three", 12, 8),  # after the last space
        ("模型Llama", 6, 2),  # at the change of script
        ("很长很长的句子", 4, 4),  # CJK without any break: at the limit
        ("ab,tokenizer", 8, 3),  # not inside "tokenizer"
        ("tokenizers", 5, 5),  # a word longer than the window is cut
        ("ok,don’t", 6, 3),  # "’" is part of the word, not a break
    ],
)
def test_best_cut(text: str, end: int, cut: int) -> None:
    assert best_cut(text, 0, end) == cut


@pytest.mark.parametrize(
    ("table", "is_in", "expression"),
    [
        (_chars.CJK, _chars.is_cjk, _chars.char_class(_chars.CJK)),
        (_chars.WIDE, _chars.is_wide, _chars.WIDE_CLASS),
        (_chars.EMOJI, _chars.is_emoji, _chars.EMOJI_CLASS),
        ((_chars.HANGUL,), _chars.is_hangul, _chars.char_class((_chars.HANGUL,))),
        (_chars.GREEK, _chars.is_greek, _chars.char_class(_chars.GREEK)),
    ],
)
def test_each_character_class_is_one_table(
    table: tuple[tuple[int, int], ...], is_in: Callable[[str], bool], expression: str
) -> None:
    # The function and the regular expression are both read from the table:
    # at every edge of every range they agree with it and with each other.
    pattern = re.compile(expression)
    for first, last in table:
        assert first <= last
        for code, inside in ((first - 1, None), (first, True), (last, True), (last + 1, None)):
            char = chr(code)
            expected = any(a <= code <= b for a, b in table) if inside is None else inside
            assert is_in(char) is expected, hex(code)
            assert (pattern.fullmatch(char) is not None) is expected, hex(code)
    assert list(table) == sorted(table), "the binary search needs the ranges in order"
    assert all(a[1] < b[0] for a, b in zip(table, table[1:])), "ranges overlap"


def test_the_word_lists_are_merged_on_first_use_not_at_import() -> None:
    # Merging every language's lists costs more than the rest of the import.
    code = (
        "import ollama_async, ollama_async._abbreviations as words\n"
        "assert not words._INTL, 'merged at import'\n"
        "ollama_async.SentenceSplitter()\n"
        "assert words._INTL and words.judgement(None) is words.judgement('en')\n"
        "assert words.judgement('tr') is not words.judgement(None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
