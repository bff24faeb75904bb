"""A multilingual corpus of LLM replies, each split into the sentences a careful native reader sees.

One data module per language (`LANGUAGE`, a BCP 47 tag, and `CASES`: name →
the expected sentences, which joined give the reply), plus `mixed` for replies
that switch language (`mul`; each case name starts with its languages,
`es+en-…`). The units follow `docs/sentences.md`: whitespace after a sentence
belongs to it, every newline outside a code fence ends a unit, a closing quote
after the terminal belongs to the sentence it closes, an ellipsis is a
pause (only Spanish `¿` `¡` open a new sentence after one). A case name starts with
the trap class it is about: `terminal`, `abbrev`, `ordinal`, `initials`,
`quotes`, `dash`, `inverted`, `number`, `list`, `code`, `url`, `prose`,
`switch`. The corpus was written for this project, not taken from a published one.
"""

from __future__ import annotations

from types import ModuleType

from tests.multilingual import ar, de, es, fr, hi, it, ja, ko, mixed, pt, ru, tr, vi

MODULES: tuple[ModuleType, ...] = (ar, de, es, fr, hi, it, ja, ko, mixed, pt, ru, tr, vi)

#: language → case name → expected sentences.
CORPUS: dict[str, dict[str, list[str]]] = {module.LANGUAGE: module.CASES for module in MODULES}
