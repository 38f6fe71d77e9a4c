"""The shortcuts that spare a regex must never change what it finds.

Each fast path (a search started only where a match can begin, a word a pattern cannot
match without, a test read from a line's end) is checked against the plain regex on
every labelled article and on awkward strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from foedus.news import clean, context, dates, details
from foedus.news.lexicon import fold_case
from foedus.news.rules import rules_for_text, rules_for_words

HERE = Path(__file__).parent
ARTICLES = [
    p.read_text("utf-8")
    for folder in ("articles", "heldout", "blind", "realstyle", "generalise")
    for p in sorted((HERE / folder).glob("*.txt"))
]
AWKWARD = [
    "on Monday, June 3rd, 2024 and the 5th of May 1961; 2024-06-19 x2024-06-19 20011",
    "last  Monday\tin\u00a0June, mid- January, mid-January, salon Monday, con June",
    "SundayMonday, since\nMay 2023, early this week, two years ago, İstanbul in June",
    "Tuesday,  June 4 2024; the 4 of June; Friday the 13th of Sept. 2024 at 12:00",
]


@pytest.mark.parametrize("kind", [kind for kind, _ in dates._PATTERNS])
def test_date_patterns_find_what_finditer_finds(kind: str) -> None:
    rx = dict(dates._PATTERNS)[kind]
    starts, lead_ins = dates._STARTS.get(kind), dates._LEAD_INS.get(kind, ())
    for text in ARTICLES + AWKWARD:
        for subject in (text, text.lower()):
            want = [(m.span(), m.groupdict()) for m in rx.finditer(subject)]
            got = [
                (m.span(), m.groupdict()) for m in dates._finditer(rx, starts, subject, lead_ins)
            ]
            assert got == want, subject[:80]


def test_every_obligation_match_holds_one_of_its_words() -> None:
    patterns = zip(details._OBLIGATIONS, details._OBLIGATION_WORDS, strict=True)
    for (_, rx), words in patterns:
        for text in ARTICLES:
            for m in rx.finditer(text):
                assert any(w in fold_case(m.group()) for w in words), (rx.pattern, m.group())


def test_succession_and_treaty_names_hold_their_words() -> None:
    for text in ARTICLES:
        for m in details._SUCCESSION.finditer(text):
            assert any(w in fold_case(m.group()) for w in details._SUCCESSION_WORDS)
        for m in details._PROPER_TREATY.finditer(text):
            assert any(n in m.group() for n in details._PROPER_NOUNS)


def test_fold_case_is_how_ignorecase_reads_letters() -> None:
    for ch in ("İ", "ı", "ſ", "\u212a"):  # the letters a case-blind regex takes for i, s, k
        letter = next(c for c in "isk" if re.fullmatch(c, ch, re.I))
        assert fold_case(ch) == letter


def test_sentence_end_read_from_the_end_agrees_with_the_pattern() -> None:
    lines = [line for text in ARTICLES for line in text.split("\n")]
    endings = ["", ".", '."', ".”’", ". ", ".\n", '" ', ".” ’", "’", ")", ".)]", "?'", "…", " x"]
    lines += [f"A line{end}" for end in endings] + endings
    for line in lines:
        assert clean._ends_sentence(line) == bool(clean._SENTENCE_END.search(line)), line


def test_rules_for_text_are_the_rules_for_its_words() -> None:
    words = re.compile(r"[a-z]+")
    sentences = [s for text in ARTICLES for s in re.split(r"(?<=[.!?])\s+|\n", text)]
    sentences += ["SİGNED the pact", "co-signed", "re-ratified", "éinked", "unsigned"]
    for sentence in sentences:
        low = sentence.lower()
        assert rules_for_text(low) == rules_for_words(set(words.findall(low))), sentence


# Text before a state's name: prepositions, articles and words after them, spaces of every
# kind, and the letters a case-blind regex reads as i, s and k.
_BEFORE_NAMES = [
    "", " ", "in ", "in", "IN  ", "İn ", "ın the ", "Berlin ", "(against ", "threat from ",
    "threats  from a big ", "to the old\n", "to the old big ", "on\u00a0", "visiting\t",
    "for an ", "flew into ſome ", "former ", "ex-", "then-  ", "FORMER\n", "the ex- ",
    "former          ", "counter", "x then-", "ex-former ", "towards\u2003the\u2003",
]  # fmt: skip


def _name_contexts() -> list[str]:
    """What ``_mark_excluded`` reads before a name: up to 40 characters of its sentence."""
    out = list(_BEFORE_NAMES)
    for text in ARTICLES:
        for m in re.finditer(r"[A-Z]", text):
            out.append(text[max(0, m.start() - 40) : m.start()])
    return out


def test_excluding_word_before_a_name_agrees_with_the_patterns() -> None:
    for before in _name_contexts():
        want = bool(context.lx.EXCLUDING_PREP.search(before))
        assert context._after_excluding_word(before) == want, before
        want = bool(context._MODIFIER_BEFORE.search(before))
        assert context._after_modifier_word(before) == want, before


def test_fold_case_of_ascii_and_other_text() -> None:
    for text in ("Signed", "AGGRESSİON", "ſigned", "\u212aiev", "Ünion", "plain"):
        assert (
            fold_case(text) == text.translate(str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})).lower()
        )


def test_titled_people_are_what_finditer_finds() -> None:
    awkward = [
        "Deputy Prime Minister Yulia Svyrydenko said", "xPresident Joe Biden", "Sen. Ted Cruz",
        "spokesman John Kirby", "Secretary-General Mark Rutte", "Gen. Gen. Mark Milley",
        "Prime Minister Prime Minister Kishida Fumio", "King Charles III and Prince William",
    ]  # fmt: skip
    for text in ARTICLES + awkward:
        want = [(m.span(), m.group("name")) for m in details._TITLED_PERSON.finditer(text)]
        got = [(m.span(), m.group("name")) for m in details._titled_people(text)]
        assert got == want, text[:80]


def test_words_of_age_begin_a_word_in_every_match() -> None:
    awkward = ["the now-defunct 1961 treaty", "an old pact", "(former alliance", "told a pact"]
    rx, hints = details._PREDECESSOR[0], details._PREDECESSOR_HINTS[0]
    for text in ARTICLES + awkward:
        for m in rx.finditer(text):
            assert details._begins_a_word(fold_case(m.group()), hints), m.group()
    assert not details._begins_a_word("he told a hold-out of a golden pact", hints)
