"""The shaper on units alone: merging, the code-block marker, and the TTS filters."""

from __future__ import annotations

import pytest

from ollama_async._scanner import FencedCode
from ollama_async._shaper import UnitShaper, strip_markdown


def test_without_options_units_pass_as_plain_str() -> None:
    shaper = UnitShaper()
    out = shaper.shape(["One. ", FencedCode("```\nx\n```\n")], False)
    assert out == ["One. ", "```\nx\n```\n"]
    assert [type(unit) for unit in out] == [str, str]


def test_merging_waits_for_weight_and_releases_the_rest_at_the_end() -> None:
    shaper = UnitShaper(min_chars=10)
    assert shaper.shape(["哇！", "Yes. "], False) == []  # weighs 4 + 4
    assert shaper.shape(["好的。", "Next."], False) == ["哇！Yes. 好的。"]
    assert shaper.shape([], True) == ["Next."]


def test_code_blocks_are_never_merged() -> None:
    shaper = UnitShaper(min_chars=50)
    out = shaper.shape(["Ok.\n", FencedCode("```\nx\n```\n"), "No."], True)
    assert out == ["Ok.\n", "```\nx\n```\n", "No."]
    assert all(type(unit) is str for unit in out)


def test_first_fragment_goes_out_at_its_own_weight() -> None:
    shaper = UnitShaper(min_chars=20, first_min_chars=4)
    assert shaper.shape(["Ok, so. ", "Short. "], False) == ["Ok, so. "]
    assert shaper.shape(["Still short. "], False) == []


def test_reset_forgets_merged_units() -> None:
    shaper = UnitShaper(min_chars=100)
    shaper.shape(["held"], False)
    shaper.reset()
    assert shaper.shape(["new"], True) == ["new"]


def test_skip_code_drops_marked_units_only() -> None:
    shaper = UnitShaper(skip_code=True)
    assert shaper.shape(["Run:\n", FencedCode("```\nx\n```\n"), "```not a block"], True) == [
        "Run:\n",
        "```not a block",
    ]


def test_units_left_blank_by_a_filter_are_dropped() -> None:
    shaper = UnitShaper(strip_emoji=True)
    assert shaper.shape(["🎉🎉\n", "好。"], False) == ["好。"]


@pytest.mark.parametrize(
    ("unit", "spoken"),
    [
        # Tables: cells joined with commas, the separator row dropped.
        ("| 名称 | 值 |\n", "名称, 值\n"),
        ("|---|:---:|\n", ""),
        ("| :-- | --: |", ""),
        ("  | a |  | c |\n\n", "a, c\n\n"),
        ("| Yes. ", "Yes. "),
        ("模型 | 参数\n", "模型, 参数\n"),
        ("--- | :---:\n", ""),
        ("a|b stays\n", "a|b stays\n"),
        # Task boxes, bullets of every kind, nested markers.
        ("- [ ] write tests\n", "write tests\n"),
        ("- [x] done\n", "done\n"),
        ("[X] checked\n", "checked\n"),
        ("• first\n", "first\n"),
        ("  ◦ nested\n", "nested\n"),
        ("> - quoted item\n", "quoted item\n"),
        # Inline math loses its delimiters, braces and backslashes.
        ("公式 $\\alpha + x^2$ 很简单。", "公式 alpha + x^2 很简单。"),
        ("Area is $\\pi r^{2}$.", "Area is pi r^2."),
        ("Half is $\\frac{1}{2}$, or $\\sqrt{x}$.", "Half is 1/2, or sqrt x."),
        ("$O(n \\log n)$ and $a \\times b \\le c$", "O(n log n) and a × b ≤ c"),
        ("Then $$E = mc^2$$ holds.", "Then E = mc^2 holds."),
        ("Inline \\(a+b\\) too.", "Inline a+b too."),
        ("Display \\[x = 1\\] too.", "Display x = 1 too."),
        ("$$\n", "\n"),
        ("\\[\n", "\n"),
        # Money is not math.
        ("It costs $5 and $10.", "It costs $5 and $10."),
        ("From $5-$10 a month.", "From $5-$10 a month."),
        # What strip_markdown did before stays.
        ("## 标题\n", "标题\n"),
        ("**重要**：看 [文档](https://x.y)。", "重要：看 文档。"),
        ("---\n", "\n"),
        ("2 * 3 = 6, snake_case.", "2 * 3 = 6, snake_case."),
    ],
)
def test_strip_markdown_reads_aloud(unit: str, spoken: str) -> None:
    assert strip_markdown(unit) == spoken


def test_a_table_through_the_shaper() -> None:
    shaper = UnitShaper(strip_markdown=True)
    rows = ["| Model | Size |\n", "|-------|------|\n", "| qwen3 | 8B |\n"]
    assert shaper.shape(rows, True) == ["Model, Size\n", "qwen3, 8B\n"]
