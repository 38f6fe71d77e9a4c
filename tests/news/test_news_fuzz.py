"""Fuzzing: the cleaner, the extractor and the decoder never crash on any input."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.errors import FoedusError
from foedus.news import clean_text, decode, extract_events, ingest
from foedus.news.actors import default_gazetteer

FRAGMENTS = [
    "Russia", "North Korea", "Mr. Putin", "Kim Jong-un", "the two leaders", "signed", "sign",
    "ratified", "will sign", "did not sign", "a mutual defence treaty", "the pact", "NATO",
    "joined", "withdrew from", "suspended its participation in", "invoked Article 4", "expired",
    "entered into force", "on Wednesday", "in 1961", "in Pyongyang", "against the United States",
    "“aggression”", "\"", "“", ",", ".", "?", "\n", "\n\n", "Already a subscriber? Log in.",
    "Source – NY Times", "By Jane Doe", "Advertisement", "<p>", "</p>", "—", "(", ")", "’s",
    "Sino-", "-", "they", "after", "which", "the now-defunct 1961 treaty",
]  # fmt: skip
newsish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join)
anything = st.one_of(st.text(max_size=400), newsish)
# FOEDUS_FUZZ_EXAMPLES=5000 for a longer run.
FUZZ = settings(
    max_examples=int(os.environ.get("FOEDUS_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(anything)
def test_cleaner_keeps_offsets_and_never_crashes(text: str) -> None:
    c = clean_text(text)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert len(c.text) == len(normalised)
    for block in [c.title, *c.paragraphs]:
        if block is not None:
            assert c.text[block.start : block.end] == block.text


@FUZZ
@given(anything, st.one_of(st.none(), st.dates(dt.date(1800, 1, 1), dt.date(2100, 12, 31))))
def test_extractor_never_crashes_and_spans_are_true(text: str, published: dt.date | None) -> None:
    c = clean_text(text)
    x = extract_events(c, gazetteer=default_gazetteer(), published=published)
    for e in x.events:
        assert e.kind in {"signed", "ratified", "entered_into_force", "acceded", "suspended",
                          "withdrawn", "invoked", "expired"}  # fmt: skip
        for span in e.evidence:
            assert c.text[span.start : span.end] == span.text
        e.to_dict()


@FUZZ
@given(st.binary(max_size=600))
def test_decoder_returns_text_or_a_clear_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except FoedusError as exc:
        assert "empty" in str(exc) or "binary" in str(exc) or "not an article" in str(exc)
    else:
        assert decoded.text.strip()


@FUZZ
@given(anything)
def test_ingest_of_any_text_returns_or_raises_a_foedus_error(text: str) -> None:
    try:
        result = ingest(
            text if "\n" in text or len(text) > 30 else text + "\n", published="2024-06-19"
        )
    except FoedusError:
        return
    result.to_dict()
