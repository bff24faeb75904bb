"""The judgement of the sentence scanner: does `word.` end a sentence?

A dot after a word is ambiguous. The scanner (`_scanner.py`) reads the
word before the dot (with the parts of an abbreviation before it: `z. B.`,
`т. е.`, `EE. UU.`) and, when it has to, the word after it, and asks the
functions and word lists here. The English lists are below; the other
languages' are in `_abbreviations_intl.py`, merged into the same sets, since a
multilingual reply switches language without saying so and the words of one
language rarely mean anything else in another. The lists hold the common
cases; the rules around them cover words the lists do not know:

- a time (`a.m.`, `p.m.`) followed by a capitalised word ends the sentence,
  unless the word continues the time (`9 a.m. Monday`, `5 p.m. Eastern`);
- an unknown capitalised token of two or three letters that ends in a
  consonant (`Gov.`, `Sen.`, `Rep.`) is a title when a capitalised name
  follows (`Gov. Newsom agreed`), and ends the sentence before an opener
  (`…the Gov. It was…`);
- an abbreviation that may end a sentence (`Corp.`, `Inc.`, `U.S.`)
  followed by a space and CJK text ends it, unless the CJK character is a
  particle or preposition that cannot start a sentence, or the name opens
  the sentence as its subject (`Apple Inc. 的芯片` and `Apple Inc. 宣布…`
  go on, `这家公司叫 Example Corp. 总部在上海` ends);
- a single capital letter of any cased script is an initial (`J.`, `Л.`);
  a single lower-case letter is a part of an abbreviation before a
  lower-case word, or before a capital it is known with (`z. B.`,
  `n. Chr.`), and an uncased letter before a word or number (`د.`, `ج. 2`);
- a number of one to three digits before a dot and a capitalised word is an
  ordinal after an article or preposition, unless the word opens a sentence
  (`der 1. Weltkrieg`, `zum 2. Mal`, but `auf Rang 2. Danach`), or before a
  month (`am 9. November`); a year and the numbers after it, each with a
  dot, are a date (`2025. 3. 14.`).
"""

from __future__ import annotations

import re
from typing import Optional

from ._abbreviations_intl import FIELDS, LANGUAGES

__all__ = [
    "CJK_CONTINUERS",
    "LOWER_STARTERS",
    "OPENERS_EN",
    "TIME_ABBREVIATIONS",
    "TIME_FOLLOWERS",
    "Judgement",
    "initials",
    "is_abbreviation_part",
    "is_date",
    "is_dotted",
    "judgement",
    "key",
    "looks_like_title",
]

# Abbreviations after which the sentence goes on, whatever comes next.
_NEVER_END_EN = frozenset(
    "mr mrs ms mx dr prof rev hon fr gen col lt sgt capt cmdr adm maj mt vs v cf e.g i.e "
    "viz approx ca fig figs eq eqs vol vols ch sec pres supt insp atty msgr brig asst assoc "
    "treas secy lieut messrs mme mlle".split()
)
# Abbreviations that end the sentence when a typical sentence opener follows
# ("…the U.S. It plans…") and not before another capitalised word ("U.S. Army").
_MAY_END_EN = frozenset(
    "u.s u.k u.n e.u u.s.a a.m p.m inc ltd co corp llc plc bros jr sr st ph.d m.d b.a m.a "
    "b.sc m.sc dept univ al no est".split()
)
# Times: after them any capitalised word ends the sentence except these.
TIME_ABBREVIATIONS = frozenset(("a.m", "p.m"))
_MONTHS_EN = frozenset(
    "january february march april may june july august september october november december".split()
)
TIME_FOLLOWERS = _MONTHS_EN | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday eastern central pacific "
    "mountain atlantic standard daylight greenwich universal local gmt utc et ct mt pt est edt "
    "cst cdt mst mdt pst pdt bst cet cest jst ist".split()
)
# Words before "." that label the number after them ("No. 5", "Fig. 3", "Jan. 5").
_LABELS_EN = frozenset(
    "no nos fig figs eq eqs vol vols ch sec p pp art nr ver vs v ca approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Capitalised words that usually start a sentence. "Open", "First", "One" are
# left out: "the U.S. Open", "the U.S. First Lady".
OPENERS_EN = frozenset(
    "i i'm i've i'll i'd you you're you've you'll you'd he he's she she's it it's its we we're "
    "we've we'll they they're they've they'll this that that's these those there there's here "
    "here's the a an my our your his her their please but and so or yet however also then now "
    "if when while although though because since as after before once for in on at to by with "
    "from what what's why how where who which let let's don't do does did doesn't didn't can "
    "can't could would should will won't is isn't are aren't was were has have had no yes not "
    "note thanks thank sure ok okay well just finally next meanwhile instead otherwise overall "
    "therefore thus hence each every both either neither many most some all any few several "
    "such other another nothing everything something someone everyone today tomorrow "
    "yesterday tonight".split()
)
# Lowercase words that may start a sentence ("…supported. npm works too.");
# camel-cased words (macOS, iPhone, eBay) are recognised by their capital.
LOWER_STARTERS = frozenset(
    "npm npx pip pipx git curl wget conda brew sudo ollama yarn pnpm uv uvx cargo rustup "
    "kubectl docker apt ffmpeg".split()
)
# CJK characters that attach to the word before them and so cannot start a
# sentence: structural particles, aspect markers, conjunctions, prepositions,
# localisers ("Apple Inc. 的芯片", "U.S. 和中国", "Acme Corp. 在上海有工厂").
CJK_CONTINUERS = frozenset(
    "的地得之了着过和与及或跟同等是在于把被给为对向从都也还就才又将会里中上下内外旗"
)


def _merge() -> dict[str, frozenset[str]]:
    """Each field's words, all the languages' together."""
    merged: dict[str, set[str]] = {field: set() for field in FIELDS}
    for lists in LANGUAGES.values():
        for field, text in lists.items():
            if field != "hinted_may_end":  # only with the language hinted
                merged[field].update(text.split())
    return {field: frozenset(found) for field, found in merged.items()}


class Judgement:
    """The word lists the scanner judges abbreviations, ordinals and labels with:
    English and every other language's together, or sharpened by a hint (see
    `judgement`). Built on first use: merging them costs more than the rest
    of the import."""

    __slots__ = (
        "after_ordinals",
        "known",
        "label_words",
        "labels",
        "may_end",
        "never_end",
        "openers",
        "ordinal_before",
        "ordinary",
    )

    def __init__(
        self, intl: dict[str, frozenset[str]], own: Optional[dict[str, frozenset[str]]]
    ) -> None:
        # A word that may end a sentence in one language and never does in
        # another may end it: "Sr." is Señor before a name and Senior before
        # "He" ("Sr. García" goes on either way).
        may_end = _MAY_END_EN | intl["may_end"]
        never_end = (_NEVER_END_EN | intl["never_end"]) - may_end
        ordinary = intl["ordinary"]
        if own is not None:  # the hinted language's meaning wins where the lists disagree
            own_may_end = own["may_end"] | own["hinted_may_end"]
            never_end = (never_end - own_may_end - own["ordinary"]) | own["never_end"]
            may_end = (may_end - own["never_end"] - own["ordinary"]) | own_may_end
            ordinary = (ordinary - own["never_end"] - own["may_end"]) | own["ordinary"]
        self.never_end = never_end
        self.may_end = may_end
        self.ordinary = ordinary
        self.labels = _LABELS_EN | intl["labels"]
        self.openers = OPENERS_EN | intl["openers"]
        # Every abbreviation of several parts or with a meaning of its own: the
        # scanner looks its parts up here, longest first ("т. д." is not "д.").
        self.known = never_end | may_end | self.labels | ordinary
        self.ordinal_before = intl["ordinal_before"]
        # Capitalised words that follow a number and a dot as an ordinal, with no article.
        self.after_ordinals = _MONTHS_EN | intl["months"] | intl["ordinal_nouns"]
        self.label_words = _LABEL_WORDS_EN | intl["label_words"]

    def abbreviation_key(self, parts: list[str], word_before: str) -> str:
        """The key to look up for the word before a dot, given the parts of an
        abbreviation before it (`["z", "B"]` for `z. B.`) and the word before them
        separated by a space only (`ad` for `ad es.`): the longest run of
        trailing parts the lists know, else the last part."""
        known = self.known
        for first in range(len(parts) - 1):
            joined = key(".".join(parts[first:]))
            if joined in known:
                return joined
        last = key(parts[-1])
        if word_before:
            pair = key(word_before) + "_" + last
            if pair in known:
                return pair
        return last

    def known_with(self, parts: list[str], word: str) -> bool:
        """Whether `parts` and the capitalised `word` after them make a known
        abbreviation (`i. d.` and `R` in `i. d. R.`, `n.` and `Chr`)."""
        known = self.known
        return any(key(".".join([*parts[first:], word])) in known for first in range(len(parts)))

    def is_label(self, lower: str) -> bool:
        """Whether the key `lower` labels a number after it (`S. 12`, `Goethestr. 15`)."""
        return lower in self.labels or lower.endswith("str")

    def is_opener(self, lower: str) -> bool:
        """Whether the key `lower` usually starts a sentence, elided ones too (`L'accordo`)."""
        if lower in self.openers:
            return True
        apostrophe = lower.find("'")
        return apostrophe > 0 and lower[: apostrophe + 1] in self.openers

    def is_list_label(self, text: str, start: int, end: int) -> bool:
        """Whether `text[start:end]` is a list or step label (`1`, `Step 2`, `- A`)."""
        match = _LIST_LABEL.fullmatch(text, start, end)
        if match is None:
            return False
        word = match.group(1)
        return word is None or key(word) in self.label_words


# Each language's word lists, merged on first use; the judgements built from them.
_INTL: dict[str, frozenset[str]] = {}
_JUDGEMENTS: dict[str, Judgement] = {}


def judgement(language: Optional[str]) -> Judgement:
    """The lists for a BCP 47 tag's language (`pt-BR`: Portuguese's).

    A hint only sharpens: where languages disagree about a word, the hinted
    language's meaning wins (`vs.` is Turkish *ve saire*, which may end a
    sentence, with `tr`). Every other language's words still count, since a
    reply may switch language. None, or a language without lists of its own
    (English, Chinese), gives every language's lists at once.
    """
    primary = "" if language is None else language.split("-", 1)[0].lower()
    if primary not in LANGUAGES:
        primary = ""
    found = _JUDGEMENTS.get(primary)
    if found is None:
        if not _INTL:
            _INTL.update(_merge())
        own = None
        if primary:
            lists = LANGUAGES[primary]
            own = {field: frozenset(lists.get(field, "").split()) for field in FIELDS}
        found = _JUDGEMENTS[primary] = Judgement(_INTL, own)
    return found


# Words before the number of a list or step label ("Step 1.", "Schritt 1.").
_LABEL_WORDS_EN = frozenset(
    "step chapter part section item question lesson phase stage day task exercise example "
    "option rule tip method problem case level round week".split()
)
# "1. 安装", "Step 1. 打开终端", "- A. Option", "II. Methods" at the start of a unit;
# the word before the number is checked against LABEL_WORDS.
_LIST_LABEL = re.compile(r"[\s>*+#-]*(?:(?:([^\W\d_]+)[ \t]*)?\d{1,3}|[A-Za-z]|[IVXivx]{1,4})")
_VOWELS = frozenset("aeiouy")
# Short capitalised words that end sentences on their own ("Yes. ", "Oh. "):
# not titles, so the word after them need not be read.
_INTERJECTIONS = frozenset("yes yep yup yeah nah wow hmm huh ugh oh ah uh um ok".split())


def key(word: str) -> str:
    """How the lists spell `word`: lower case (Turkish `İlk` as `ilk`)."""
    lower = word.lower()
    return lower.replace("\u0307", "") if "\u0307" in lower else lower


def is_dotted(word: str) -> bool:
    """Letters with dots inside and a lower-case part (`D.Lgs`, `S.p.A`): an
    abbreviation that may label a number (`D.Lgs. 196/2003`). Capitals only
    (`U.S`) may end a sentence before one (`…in the U.S. 3 years ago`)."""
    parts = word.split(".")
    return (
        len(parts) > 1
        and all(part.isalpha() for part in parts)
        and any(len(part) > 1 and part[1:].islower() for part in parts)
    )


def initials(word: str) -> bool:
    """`J`, `J.K`, `Л`: capital letters of any cased script joined by dots."""
    if len(word) == 1:
        return word.isupper()
    return word[1] == "." and all(len(part) == 1 and part.isupper() for part in word.split("."))


def is_abbreviation_part(word: str) -> bool:
    """A single lower-case or uncased letter (`z`, `т`, `د`), as in `z. B.`, `т. е.`, `د. أحمد`."""
    return len(word) == 1 and word.isalpha() and not word.isupper()


def is_date(parts: list[str]) -> bool:
    """A year and the numbers after it, as Korean writes dates: `2025. 3. 14.`."""
    year = parts[0]
    return (
        len(year) == 4
        and year.isdigit()
        and year[0] in "12"
        and all(part.isdigit() and len(part) <= 2 for part in parts[1:])
    )


def looks_like_title(word: str) -> bool:
    """An unknown title: `Gov`, `Sen`, `Rep` — capitalised, two or three
    letters, ending in a consonant (most titles are truncated words; `Go.`,
    `Ada.`, `Java.` are not)."""
    return (
        2 <= len(word) <= 3
        and word.isalpha()
        and word.isascii()
        and word[0].isupper()
        and word[1:].islower()
        and word[-1] not in _VOWELS
        and word.lower() not in _INTERJECTIONS
        and word.lower() not in OPENERS_EN  # "Sen." is a title, though "sen" opens Turkish
    )
