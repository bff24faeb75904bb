"""The sentence splitter on the multilingual corpus: streaming, properties and a quality gate.

Every reply of `tests/multilingual` is fed whole, char by char, in LLM-like
token chunkings and split in two at every point: the sentences
must not depend on the chunking and must join back to the reply. The quality
gate scores the splitter against the expected sentences per language and fails
when boundary F1 or exact match drops below what the splitter reaches now.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_async import AsyncClient, split_sentences
from ollama_async.testing import FakeModel, FakeOllama
from tests.multilingual import CORPUS
from tests.multilingual.chunking import chunkings, tokenize
from tests.multilingual.scoring import (
    Score,
    boundaries,
    score_case,
    segment_ends,
    total,
    unit_ends,
)
from tests.test_sentences import chunked, feed_chunks

CASES = sorted((language, name) for language, cases in CORPUS.items() for name in cases)
TRAP_CLASSES = {
    "terminal",
    "not-terminal",
    "abbrev",
    "ordinal",
    "initials",
    "quotes",
    "dash",
    "inverted",
    "number",
    "list",
    "code",
    "url",
    "ellipsis",
    "brackets",
    "emoji",
    "prose",
    "switch",
}
# The languages issue 20 names, and the replies that switch between them.
LANGUAGES = {"es", "pt", "fr", "de", "it", "ru", "ja", "ko", "hi", "ar", "vi", "tr", "mul"}

# What the default splitter reaches on the corpus (whole text, no language hint),
# pinned at the measured figures (rounded down to 3 decimals) so any regression
# fails. Raise them when the splitter gets better; never lower them to let a
# change through. Measured at 5f03d8c: 361 cases, F1 0.999, exact match 99.7%;
# the one miss is Turkish "yağ vs. Hepsi" (vs. is "versus" in English).
MIN_OVERALL_F1 = 0.999
MIN_OVERALL_EXACT = 0.997
MIN_F1: dict[str, float] = {**dict.fromkeys(LANGUAGES, 1.0), "tr": 0.989}


def text_of(language: str, name: str) -> str:
    return "".join(CORPUS[language][name])


def trap_class(language: str, name: str) -> str:
    """The class a case name starts with (mixed cases have their languages first), else the name."""
    if language == "mul":
        name = name.split("-", 1)[1]
    return next(
        (cls for cls in sorted(TRAP_CLASSES, key=len, reverse=True) if name.startswith(cls)), name
    )


# -- the corpus itself ----------------------------------------------------------------


def test_every_language_has_its_cases() -> None:
    assert set(CORPUS) == LANGUAGES
    for language, cases in CORPUS.items():
        assert len(cases) >= 15, language


@pytest.mark.parametrize(("language", "name"), CASES)
def test_cases_are_well_formed(language: str, name: str) -> None:
    units = CORPUS[language][name]
    assert len(units) >= 2 or "\n" in units[0]
    assert all(unit.strip() for unit in units)
    # Whitespace belongs to the sentence before it: no unit starts with any.
    assert not any(unit[0].isspace() for unit in units)
    assert trap_class(language, name) in TRAP_CLASSES


# -- streaming ------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "name"), CASES)
def test_the_same_sentences_for_every_chunking(language: str, name: str) -> None:
    text = text_of(language, name)
    whole = split_sentences(text)
    assert "".join(whole) == text
    for chunks in chunkings(text):
        assert feed_chunks(chunks) == whole


@pytest.mark.parametrize(("language", "name"), CASES)
def test_every_split_point(language: str, name: str) -> None:
    text = text_of(language, name)
    whole = split_sentences(text)
    for point in range(1, len(text)):
        assert feed_chunks([text[:point], text[point:]]) == whole, point


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CASES), st.data())
def test_random_chunkings_of_the_corpus(case: tuple[str, str], data: st.DataObject) -> None:
    text = text_of(*case)
    cuts = data.draw(st.lists(st.integers(1, len(text) - 1), max_size=30))
    assert feed_chunks(chunked(text, cuts)) == split_sentences(text)


ALL_UNITS = sorted(
    {unit for cases in CORPUS.values() for units in cases.values() for unit in units}
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALL_UNITS), min_size=1, max_size=12), st.integers(0, 9))
def test_replies_made_of_corpus_sentences(units: list[str], seed: int) -> None:
    # New replies switching language at every sentence, from the corpus' own pieces.
    text = "".join(units)
    whole = split_sentences(text)
    assert "".join(whole) == text
    assert all(whole)
    assert feed_chunks(tokenize(text, seed, merge=True)) == whole
    assert feed_chunks(list(text)) == whole


def bpe(text: str) -> list[str]:
    return tokenize(text, 1, merge=True)


async def test_streamed_by_a_model_in_bpe_pieces() -> None:
    # Each language's replies one after the other, from FakeOllama over loopback HTTP.
    replies = {
        language: "\n\n".join("".join(units) for units in cases.values())
        for language, cases in CORPUS.items()
    }
    models = [FakeModel(language, reply=text, tokenizer=bpe) for language, text in replies.items()]
    async with FakeOllama(models=models) as server, AsyncClient(server.url) as client:
        for language, text in replies.items():
            stream = await client.chat(language, [{"role": "user", "content": "?"}], stream=True)
            assert [sentence async for sentence in stream.sentences()] == split_sentences(text)


# -- quality gate ---------------------------------------------------------------------


def corpus_scores() -> dict[str, Score]:
    """Each language's score of the default splitter, fed the whole text."""
    scores: dict[str, Score] = {}
    for language, cases in CORPUS.items():
        scores[language] = total(
            score_case("".join(units), units, unit_ends(split_sentences("".join(units))))
            for units in cases.values()
        )
    return scores


def test_quality_gate() -> None:
    scores = corpus_scores()
    overall = total(scores.values())
    below = {
        language: round(score.f1, 3)
        for language, score in scores.items()
        if score.f1 < MIN_F1[language]
    }
    assert not below, f"boundary F1 below the pinned floor: {below}"
    assert overall.f1 >= MIN_OVERALL_F1
    assert overall.exact_match >= MIN_OVERALL_EXACT


# -- the scoring ----------------------------------------------------------------------


def test_boundaries_skip_whitespace_and_the_text_end() -> None:
    text = "One. Two.\n\nThree."
    assert boundaries(text, [4, 5, 11, len(text)]) == {5, 11}
    assert boundaries(text, unit_ends(["One. ", "Two.\n\n", "Three."])) == {5, 11}


def test_segments_of_a_trimming_splitter_are_found_in_order() -> None:
    text = "Hi. Hi.  Ok"
    assert segment_ends(text, ["Hi.", " Hi. ", "", "Ok"]) == [3, 7, 11]
    with pytest.raises(ValueError, match="not in the text"):
        segment_ends(text, ["Hi.", "Bye."])


def test_scores() -> None:
    text = "A. B. C."
    perfect = score_case(text, ["A. ", "B. ", "C."], [3, 6, 8])
    assert (perfect.f1, perfect.exact_match) == (1.0, 1.0)
    merged = score_case(text, ["A. ", "B. ", "C."], [6, 8])
    assert (merged.precision, merged.recall, merged.exact_match) == (1.0, 0.5, 0.0)
    assert round(merged.f1, 3) == 0.667
    both = total([perfect, merged])
    assert (both.cases, both.exact, both.found, both.predicted, both.expected) == (2, 1, 3, 3, 4)
    assert Score().f1 == 1.0  # nothing expected, nothing predicted
