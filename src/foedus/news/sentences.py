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

__all__ = ["Sentence", "split_sentences"]

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
