"""Sentences of a cleaned article, with their offsets.

A rule-based splitter that knows news abbreviations ("Mr.", "U.S.", "Sept.")
and initials ("Vladimir V. Putin"), which is all a treaty article needs.

>>> from foedus.news.clean import clean_text
>>> c = clean_text("Pact\\n\\nMr. Putin spoke. Vladimir V. Putin left on Sept. 4. He said “no.”")
>>> [s.text for s in split_sentences(c)]
['Pact', 'Mr. Putin spoke.', 'Vladimir V. Putin left on Sept. 4.', 'He said “no.”']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foedus.news.clean import Cleaned

__all__ = ["Sentence", "looks_like_salad", "salad_marks", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Gen",
        "Sen",
        "Rep",
        "Gov",
        "Lt",
        "Col",
        "Maj",
        "Capt",
        "Sgt",
        "Adm",
        "Jr",
        "Sr",
        "Prof",
        "No",
        "Nos",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "U.S",
        "U.K",
        "U.N",
        "E.U",
        "D.C",
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "vs",
        "approx",
        "Ft",
        "Mt",
        "Rev",
        "Pres",
        "Gov",
        "Amb",
        "Cmdr",
        "Brig",
        "Sen",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the cleaned text, its text and block, whether it is the headline."""

    start: int
    end: int
    text: str
    block: int  # 0 is the headline when there is one, else the first paragraph
    is_title: bool = False
    is_lead: bool = False  # in the story's first paragraph (see Cleaned.lead)


def _split_block(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        word = re.search(r"([\w.]+)[.!?…]*[\"'”’)\]]*$", text[start:end])
        token = word.group(1).rstrip(".") if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", token):
            continue
        spans.append((offset + start, offset + end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((offset + start, offset + len(text.rstrip())))
    return spans


def split_sentences(cleaned: Cleaned) -> list[Sentence]:
    """The headline (if any) and the sentences of every kept paragraph, in order."""
    out: list[Sentence] = []
    block = 0
    if cleaned.title is not None:
        t = cleaned.title
        out.append(Sentence(t.start, t.end, t.text, 0, is_title=True))
        block = 1
    lead = cleaned.lead
    for i, para in enumerate(cleaned.paragraphs):
        for start, end in _split_block(para.text, para.start):
            if end > start:
                text = cleaned.text[start:end]
                out.append(Sentence(start, end, text, block + i, is_lead=para is lead))
    return out


# Word salad: the words of news without its sentences (a scraper's jumble, a list of
# names). Each pattern is a pair of neighbours English prose almost never has; shuffled
# words have one every twenty or so.
_FUNCTION_CAPS = (
    r"(?:The|A|An|In|On|At|It|Its|He|She|They|We|But|And|Or|This|That|These|Those|Of|For|"
    r"To|With|By|As|If|When|While|After|Before|His|Her|Their|Our|There|From|Under|Since)"
)
# "… treaty The …": a capitalised function word inside a sentence.
_CAP_INSIDE = re.compile(rf"[a-z,;] {_FUNCTION_CAPS}\b")
# "notice. treaty": a lower-case word after a full stop (not "a.m.", "Jr.", "vs.").
_LOWER_AFTER_STOP = re.compile(r"[a-z]\.\s+[a-z]")
_STOP_WORDS_OK = ("a.m", "p.m", "jr", "sr", "vs", "mr", "ms", "dr", "st", "no", "etc")
# Pairs read on the lower-cased text: an article before a function word ("the of", "a
# said"), a preposition before a preposition, a conjunction or a verb ("of was", "to by"),
# and an article or "of"/"to" before punctuation ("the.", "of,").
_PAIR = re.compile(
    r"(?<![a-z])(the|an?|of|in|on|at|to|for|with|by|from|into)(?:\s+([a-z]+)|[.,;:])"
)
_ARTICLES = frozenset({"the", "a", "an"})
_AFTER_ARTICLE = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "and",
        "or",
        "but",
        "is",
        "was",
        "were",
        "are",
        "said",
        "he",
        "she",
        "it",
        "they",
        "that",
        "which",
        "from",
        "has",
        "have",
        "had",
        "will",
        "would",
    ]
)
_AFTER_PREPOSITION = frozenset(
    [
        "of",
        "at",
        "by",
        "from",
        "and",
        "or",
        "but",
        "was",
        "were",
        "is",
        "are",
        "said",
        "had",
        "has",
        "will",
    ]
)
_BEFORE_STOP = frozenset({"the", "a", "an", "of", "to"})


def salad_marks(text: str) -> int:
    """How many neighbours in ``text`` prose does not have ("the of", "treaty The").

    >>> salad_marks("Russia and Belarus signed a mutual defence treaty in Minsk on Friday.")
    0
    >>> salad_marks("treaty the of signed Russia The pact. and Minsk")
    3
    """
    count = len(_CAP_INSIDE.findall(text))
    for first, second in _PAIR.findall(text.lower()):
        if not second:
            count += first in _BEFORE_STOP
        elif second in (_AFTER_ARTICLE if first in _ARTICLES else _AFTER_PREPOSITION):
            count += 1
    for m in _LOWER_AFTER_STOP.finditer(text):
        before = text[max(0, m.start() - 3) : m.start() + 1].lower()
        if not before.endswith(_STOP_WORDS_OK):
            count += 1
    return count


def looks_like_salad(text: str) -> bool:
    """True for a paragraph with at least two such marks, one per 25 words or more.

    >>> looks_like_salad("Finland joined NATO on Tuesday, becoming its 31st member.")
    False
    >>> looks_like_salad("member the of NATO joined Finland. on Tuesday 31st its, becoming")
    True
    """
    marks = salad_marks(text)
    return marks >= 2 and marks * 25 >= len(text.split())
