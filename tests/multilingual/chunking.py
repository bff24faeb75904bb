"""LLM-like token chunkings of any text, shared by the tests and `benchmarks/bench_sentences.py`.

BPE vocabularies give a word of a spaced script (Latin, Cyrillic, Devanagari,
Arabic…) as one or a few pieces with its leading space glued on; CJK text
(Han, kana, Hangul) as pieces of 1-4 characters; digits in runs; punctuation
apart, or merged with the punctuation and whitespace after it (`."`, `?»`,
`.\\n\\n`), as their merges often do. A seed picks the piece sizes and merges, so
several seeds give several tokenizations of the same text.
"""

from __future__ import annotations

import random
import re
import unicodedata

_CJK_RUN = "[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]+"
_SEGMENT = re.compile(rf"{_CJK_RUN}|\s+|[A-Za-z]+|\d+|.", re.S)


def _is_letter(char: str) -> bool:
    """A letter or combining mark of a spaced script: part of a word piece."""
    return unicodedata.category(char)[0] in "LM" and char < "\u2e80"


def _segments(text: str) -> list[str]:
    """CJK runs, whitespace runs, words (any script, marks included), digit runs, other chars."""
    segments: list[str] = []
    for segment in _SEGMENT.findall(text):
        if segments and _is_letter(segment[0]) and _is_letter(segments[-1][-1]):
            segments[-1] += segment  # "é", "ш", a Devanagari vowel sign: the same word
        else:
            segments.append(segment)
    return segments


def tokenize(text: str, seed: int = 7, merge: bool = False) -> list[str]:
    """LLM-like tokens whose concatenation is `text`.

    Without `merge`, every punctuation character is a token of its own; with it,
    the seed merges some punctuation with the punctuation or whitespace after it.
    """
    rng = random.Random(seed)
    tokens: list[str] = []
    space = ""
    for segment in _segments(text):
        if segment == " ":
            space = " "  # glued to the next word, as BPE vocabularies do
            continue
        word = _is_letter(segment[0]) or (segment.isascii() and segment.isalpha())
        if space and not word:
            tokens.append(space)
        if word:
            piece = space + segment
            while piece:
                size = len(piece) if len(piece) <= 6 else rng.randint(3, 5)
                tokens.append(piece[:size])
                piece = piece[size:]
        elif segment[0] >= "\u2e80":
            while segment:
                size = rng.randint(1, 4)
                tokens.append(segment[:size])
                segment = segment[size:]
        else:
            tokens.append(segment)
        space = ""
    if space:
        tokens.append(space)
    if merge:
        tokens = _merge_punctuation(tokens, rng)
    assert "".join(tokens) == text
    return tokens


def _merge_punctuation(tokens: list[str], rng: random.Random) -> list[str]:
    merged: list[str] = []
    for token in tokens:
        last = merged[-1] if merged else ""
        punctuation = bool(last) and not last[-1].isalnum() and not last[-1].isspace()
        follows = token.isspace() or (len(token) == 1 and not token.isalnum())
        if punctuation and follows and len(last) < 4 and rng.random() < 0.6:
            merged[-1] = last + token
        else:
            merged.append(token)
    return merged


def chunkings(text: str, seeds: int = 3) -> list[list[str]]:
    """The text whole, char by char, and tokenized with `seeds` seeds, with merges and without."""
    ways = [[text], list(text)]
    for seed in range(seeds):
        ways.append(tokenize(text, seed))
        ways.append(tokenize(text, seed, merge=True))
    return ways
