"""Boundary precision, recall, F1 and exact match of a split against the expected sentences.

A *boundary* is the offset where one sentence ends and the next begins, moved past
any whitespace there (whitespace belongs to the sentence before it, so a splitter
that leaves it to the next one still scores). The end of the text is not a
boundary: every split has it. Figures are micro-averaged: a language's F1 counts
every boundary of every case once; *exact match* is the share of cases whose
sentences are exactly the expected ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def boundaries(text: str, ends: Iterable[int]) -> set[int]:
    """The boundaries at `ends` (offsets into `text`), each moved past whitespace."""
    found: set[int] = set()
    for end in ends:
        while end < len(text) and text[end].isspace():
            end += 1
        if 0 < end < len(text):
            found.add(end)
    return found


def unit_ends(units: list[str]) -> list[int]:
    """The offset where each unit ends, for units that join to the text."""
    ends: list[int] = []
    offset = 0
    for unit in units:
        offset += len(unit)
        ends.append(offset)
    return ends


def segment_ends(text: str, segments: Iterable[str]) -> list[int]:
    """Where each of `segments` ends in `text`, for splitters that trim or drop whitespace."""
    ends: list[int] = []
    cursor = 0
    for segment in segments:
        piece = segment.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:
            raise ValueError(f"segment {piece[:40]!r} is not in the text after offset {cursor}")
        cursor = start + len(piece)
        ends.append(cursor)
    return ends


@dataclass
class Score:
    """Counts over some cases, and the figures made from them."""

    cases: int = 0
    exact: int = 0
    found: int = 0  # boundaries both expected and predicted
    predicted: int = 0
    expected: int = 0

    def add(self, other: Score) -> Score:
        """The counts of both."""
        return Score(
            self.cases + other.cases,
            self.exact + other.exact,
            self.found + other.found,
            self.predicted + other.predicted,
            self.expected + other.expected,
        )

    @property
    def precision(self) -> float:
        """Share of predicted boundaries that are expected (1 when none is predicted)."""
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of expected boundaries that are predicted (1 when none is expected)."""
        return self.found / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def exact_match(self) -> float:
        """Share of cases split exactly as expected."""
        return self.exact / self.cases if self.cases else 1.0


def score_case(text: str, expected: list[str], predicted_ends: Iterable[int]) -> Score:
    """The score of one case: `expected` sentences against a splitter's end offsets."""
    gold = boundaries(text, unit_ends(expected))
    guess = boundaries(text, predicted_ends)
    return Score(1, int(gold == guess), len(gold & guess), len(guess), len(gold))


def total(scores: Iterable[Score]) -> Score:
    """The sum of `scores`."""
    result = Score()
    for score in scores:
        result = result.add(score)
    return result
