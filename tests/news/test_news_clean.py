"""Cleaning: the seed keeps exactly its news paragraphs; junk goes, with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus.news.clean import clean_text, looks_like_html

SEED_JUNK = [
    "We are having trouble retrieving the article content.",
    "Please enable JavaScript in your browser settings.",
    "Thank you for your patience while we verify access. If you are in Reader mode please exit "
    "and log into your Times account, or subscribe for all of The Times.",
    "Thank you for your patience while we verify access.",
    "Already a subscriber? Log in.",
    "Want all of The Times? Subscribe.",
    "Source – NY Times",
]


def test_seed_keeps_exactly_its_news_paragraphs(seed_path: Path) -> None:
    raw = seed_path.read_text("utf-8")
    c = clean_text(raw)
    lines = [" ".join(x.split()) for x in raw.splitlines() if x.strip()]
    junk_start = lines.index(SEED_JUNK[0])
    assert c.title is not None and c.title.text == lines[0]
    assert [p.text for p in c.paragraphs] == lines[1:junk_start]
    assert len(c.paragraphs) == 7
    assert [d.text for d in c.dropped] == SEED_JUNK
    assert {d.reason for d in c.dropped} == {"paywall", "script notice", "source line"}


def test_offsets_point_into_the_original(seed_path: Path) -> None:
    raw = seed_path.read_text("utf-8")
    c = clean_text(raw)
    assert len(c.text) == len(raw)
    for block in [c.title, *c.paragraphs]:
        assert block is not None
        assert c.text[block.start : block.end] == block.text
        assert " ".join(raw[block.start : block.end].split()) == " ".join(block.text.split())
    assert "verify access" not in c.text and "NY Times" not in c.text


ARTICLE = """\
Skip to main content
Politics
Treaty signed in Minsk
By Anna Petrova and John Smith
Updated June 19, 2024, 10:32 a.m. ET
Russia and Belarus signed a treaty on Friday.
Photo: Reuters/Maxim Shemetov
Advertisement
Officials who subscribe to the treaty's aims said it would deter an attack on either state, and
sources said more talks would follow.
Share | Tweet | Email
We use cookies to improve your experience. By continuing you accept our cookie policy.
Reporting by Anna Petrova; Editing by John Smith
Related coverage
Poland watches Belarus border
NATO ministers meet in Brussels
"""


def test_each_kind_of_junk_is_dropped_with_its_reason() -> None:
    c = clean_text(ARTICLE)
    reasons = {d.text: d.reason for d in c.dropped}
    assert reasons == {
        "Skip to main content": "navigation",
        "Politics": "navigation",
        "By Anna Petrova and John Smith": "byline",
        "Updated June 19, 2024, 10:32 a.m. ET": "timestamp",
        "Photo: Reuters/Maxim Shemetov": "photo credit",
        "Advertisement": "advertisement",
        "Share | Tweet | Email": "share widget",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.":
            "cookie notice",
        "Reporting by Anna Petrova; Editing by John Smith": "wire credits",
        "Related coverage": "related links",
        "Poland watches Belarus border": "related links",
        "NATO ministers meet in Brussels": "related links",
    }  # fmt: skip
    assert c.title is not None and c.title.text == "Treaty signed in Minsk"
    kept = [p.text for p in c.paragraphs]
    # A long sentence that says "subscribe" and a line starting "sources said" are news.
    assert kept == [
        "Russia and Belarus signed a treaty on Friday.",
        "Officials who subscribe to the treaty's aims said it would deter an attack on either "
        "state, and",
        "sources said more talks would follow.",
    ]


def test_trailing_headlines_after_the_last_paragraph_go() -> None:
    c = clean_text(
        "Pact signed\n\nFinland joined NATO on Tuesday.\n\nEurope's gas prices fall\n"
        "What next for Gaza"
    )
    assert [d.reason for d in c.dropped] == ["trailing headline", "trailing headline"]


def test_line_endings_and_odd_spaces_are_normalised() -> None:
    c = clean_text("Title here\r\n\r\nAlready a\u00a0subscriber? Log in.\r\nKim met Putin.\r\n")
    assert "\r" not in c.text
    assert [d.text for d in c.dropped] == ["Already a subscriber? Log in."]
    assert c.paragraphs[0].text == "Kim met Putin."


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<html><body><p>x</p></body></html>", True), ("<p>Russia</p><p>Iran</p>", True),
     ("Putin < Kim and 3 > 2", False), ("plain words", False)],
)  # fmt: skip
def test_html_is_told_from_text(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
