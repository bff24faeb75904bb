"""The boundary scanner on its own: its dispatch table, code-block markers, max_chars cuts."""

from __future__ import annotations

import pytest

from ollama_async import _scanner
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
