"""Static typing of the public API: mypy over ``cases_*.py`` reports exactly the marked errors.

A line ending ``# E: <code>`` must get one mypy error with that code; a line
ending ``# R: <type>`` a ``reveal_type`` note with that type; every other
line nothing (as msgspec tests its types).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
MARK = re.compile(r"#\s*([ER]):\s*(.+?)\s*$")
REPORT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*)$")
REVEALED = re.compile(r'^Revealed type is "(.*)"$')
CODE = re.compile(r"\[([a-z-]+)\]$")


def expected(path: Path) -> set[tuple[int, str, str]]:
    marks = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = MARK.search(line)
        if match:
            marks.add((number, match.group(1), match.group(2)))
    return marks


def reported(output: str, path: Path) -> set[tuple[int, str, str]]:
    found = set()
    for line in output.splitlines():
        match = REPORT.match(line)
        if match is None or Path(match["file"]).name != path.name:
            continue
        number, text = int(match["line"]), match["text"]
        if match["kind"] == "error":
            code = CODE.search(text)
            found.add((number, "E", code.group(1) if code else text))
        elif revealed := REVEALED.match(text):
            found.add((number, "R", revealed.group(1)))
    return found


@pytest.mark.skipif(sys.version_info < (3, 10), reason="mypy is a dev dependency on 3.10+ only")
@pytest.mark.parametrize("path", sorted(HERE.glob("cases_*.py")), ids=lambda path: path.stem)
def test_types(path: Path) -> None:
    from mypy import api

    stdout, stderr, _ = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", str(path)]
    )
    assert not stderr, stderr
    assert reported(stdout, path) == expected(path), stdout
