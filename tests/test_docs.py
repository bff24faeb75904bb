"""The built docs site renders: no raw Sphinx roles, no lists run together into paragraphs.

`mkdocs build --strict` passes on Markdown that renders badly (a sub-list indented 3 spaces
folds the rest of a numbered list into one paragraph), so these tests read the built HTML.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Text outside these elements is prose; inside them Markdown syntax is shown on purpose.
LITERAL_TAGS = {"code", "pre", "script", "style", "kbd", "samp"}
# Elements whose text is one block of prose: a list item or a table cell is checked on its own.
BLOCK_TAGS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}

# A Sphinx role such as :meth:`x` renders as ":meth:" before a <code>, or stays raw.
RAW_ROLE = re.compile(r":(?:py:)?(?:meth|class|func|attr|exc|data|mod|obj|ref|doc|term|const):")
# A line inside a paragraph that starts like a list item: Markdown did not see a list there.
LIST_LINE = re.compile(r"\n[ \t]*(?:\d{1,2}[.)]|[-*+])[ \t]+\S")
# Numbered items written one after the other inside a paragraph: " 2. Foo … 3. Bar".
INLINE_ITEMS = re.compile(r"(?:^|\s)(\d{1,2})\.\s+\S.*?\s(\d{1,2})\.\s+[A-Z*`]", re.S)
# Longer than any paragraph written on purpose; the broken rule list was 2,000 characters.
LONGEST_PARAGRAPH = 1200


class _Blocks(HTMLParser):
    """Collects the prose text of each block element of a page, literals left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []
        self._literal_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LITERAL_TAGS:
            self._literal_depth += 1
            self._text(" ")  # a code span is a word of the sentence
        elif tag in BLOCK_TAGS:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in LITERAL_TAGS:
            self._literal_depth = max(0, self._literal_depth - 1)
        elif tag in BLOCK_TAGS and self._open and self._open[-1][0] == tag:
            name, parts = self._open.pop()
            self.blocks.append((name, "".join(parts)))

    def handle_data(self, data: str) -> None:
        if not self._literal_depth:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def block_texts(html: str) -> list[tuple[str, str]]:
    """(tag, prose text) of every block element in ``html``."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def rendering_problems(html: str) -> list[str]:
    """What is wrong with the rendering of one page, one line per problem."""
    problems = []
    for tag, text in block_texts(html):
        excerpt = " ".join(text.split())[:120]
        if RAW_ROLE.search(text):
            problems.append(f"raw Sphinx role in <{tag}>: {excerpt}")
        if "`" in text:
            problems.append(
                f"raw backtick (an unclosed or doubled code span) in <{tag}>: {excerpt}"
            )
        if LIST_LINE.search(text):
            problems.append(f"list item run into a <{tag}>: {excerpt}")
        if tag == "p" and len(text) > LONGEST_PARAGRAPH:
            problems.append(f"a {len(text)}-character paragraph: {excerpt}")
        if tag == "p" and INLINE_ITEMS.search(text):
            problems.append(f"numbered items run together in a paragraph: {excerpt}")
    return problems


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site, built as `make docs` builds it, into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site_dir],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )
    return site_dir


def pages(site: Path) -> dict[str, str]:
    """Every page of the site by its path, the 404 page left out."""
    return {
        str(path.relative_to(site)): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
        if path.name != "404.html"
    }


def test_every_page_renders_without_raw_markup_or_run_together_lists(site: Path) -> None:
    found = {name: rendering_problems(html) for name, html in pages(site).items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_checked_pages_include_the_guides_and_the_api_reference(site: Path) -> None:
    checked = pages(site)
    assert "api/index.html" in checked
    assert "sentences/index.html" in checked
    # mkdocstrings rendered the docstrings, so the API page is checked, not an empty shell.
    assert 'id="ollama_async.AsyncClient.chat"' in checked["api/index.html"]
    assert 'id="ollama_async.SentenceSplitter"' in checked["api/index.html"]


def test_the_sentence_rules_render_as_one_list_of_eleven_rules(site: Path) -> None:
    html = (site / "sentences" / "index.html").read_text(encoding="utf-8")
    section = re.search(r'<h2 id="the-rules">(.*?)<h2', html, re.S)
    assert section is not None
    numbered = re.sub(r"<ul>.*?</ul>", "", section.group(1), flags=re.S)  # rule 2's sub-list
    assert numbered.count("<ol>") == 1
    top_level_items = re.findall(r"<li>", numbered)
    assert len(top_level_items) == 11


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>Returns a :class:<code>ChatResponse</code>.</p>", "raw Sphinx role"),
        ("<p>Close it with ``aclose()``.</p>", "raw backtick"),
        ("<p>Rule two.\n   3. <strong>Attachments</strong> belong.</p>", "list item run into"),
        ("<p>First line\n- a bullet Markdown did not see</p>", "list item run into"),
        ("<p>1. First rule here. 2. Second rule there.</p>", "numbered items run together"),
        ("<p>" + "word " * 300 + "</p>", "character paragraph"),
        ("<ul><li>item\n  2. next</li></ul>", "list item run into"),
    ],
)
def test_each_kind_of_broken_rendering_is_reported(html: str, problem: str) -> None:
    problems = rendering_problems(html)
    assert len(problems) >= 1 and problem in problems[0]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Call <code>:meth:`x`</code> and <code>``y``</code> in code.</p>",
        "<pre><code>1. literal\n2. lines\n</code></pre>",
        "<ol><li><p><strong>One</strong>: a rule.</p><ul><li>a sub-item</li></ul></li></ol>",
        "<p>Version 0.5.7 costs 3.14 units, then 2 more.</p>",
    ],
)
def test_well_rendered_html_is_not_reported(html: str) -> None:
    assert rendering_problems(html) == []


GUIDE_EXAMPLES = {
    "guides/voice-assistant": "speak.py",
    "guides/tools": "tool_loop.py",
    "guides/structured-output": "structured.py",
    "guides/embeddings": "batch_embed.py",
    "guides/pipecat": "pipecat_voice.py",
    "guides/livekit": "livekit_voice.py",
}


@pytest.mark.parametrize(("guide", "example"), GUIDE_EXAMPLES.items())
def test_each_guide_shows_its_whole_runnable_example(site: Path, guide: str, example: str) -> None:
    html = (site / guide / "index.html").read_text(encoding="utf-8")
    shown = unescape(re.sub(r"<[^>]+>", "", html))
    source = (ROOT / "examples" / example).read_text(encoding="utf-8")
    assert f"examples/{example}" in shown
    assert [line for line in source.splitlines() if line.strip() not in shown] == []


def test_the_readme_installs_with_pip_before_its_two_command_quick_start() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install, quick_start = readme.index("## Install"), readme.index("## Quick start")
    assert install < readme.index("pip install ollama-async") < quick_start
    block = re.search(r"```sh\n(.*?)```", readme[quick_start:], re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make demo", "make check"]


def test_the_readme_shows_the_performance_chart() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    charts = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", readme)
    assert "docs/img/performance.png" in charts
    assert (ROOT / "docs" / "img" / "performance.png").is_file()


def test_the_docs_home_page_installs_with_pip_first(site: Path) -> None:
    shown = unescape(re.sub(r"<[^>]+>", "", (site / "index.html").read_text(encoding="utf-8")))
    assert shown.index("pip install ollama-async") < shown.index("make demo")
