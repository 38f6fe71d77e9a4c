"""Every trigger rule, run on its own examples: it must fire on each of ``fires`` and on
none of ``spares`` (the examples live beside the rule in ``foedus.news.rules``).

A rule without both kinds of example fails here, so no rule goes untested; the
anchors a sentence must hold for a rule to be tried are derived from its pattern,
and checked here against strings generated from the pattern itself.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.news import ingest
from foedus.news.rules import CUES, RULES, Cue, Kind, Needs, Rule, anchors_of

PUBLISHED = "2024-06-19"  # a Wednesday
FIRES = [pytest.param(r, text, id=f"{r.name}-{i}") for r in RULES for i, text in enumerate(r.fires)]
SPARES = [
    pytest.param(r, text, id=f"{r.name}-{i}") for r in RULES for i, text in enumerate(r.spares)
]


def test_every_rule_has_examples_of_both_kinds_and_a_unique_name() -> None:
    assert [r.name for r in RULES if not r.fires or not r.spares] == []
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(isinstance(r.kind, Kind) and isinstance(r.needs, Needs) for r in RULES)


@pytest.mark.parametrize(("rule", "text"), FIRES)
def test_a_rule_fires_on_its_examples(rule: Rule, text: str) -> None:
    found = ingest(text, published=PUBLISHED).events
    mine = [e for e in found if rule.name in e.rules]
    assert mine, [(e.kind, e.rules) for e in found]
    assert all(e.kind == rule.kind for e in mine)


@pytest.mark.parametrize(("rule", "text"), SPARES)
def test_a_rule_spares_its_counter_examples(rule: Rule, text: str) -> None:
    found = ingest(text, published=PUBLISHED).events
    assert [e.kind for e in found if rule.name in e.rules] == []


@pytest.mark.parametrize("rule", [r for r in RULES if r.anchors], ids=lambda r: r.name)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_holds_one_of_the_derived_anchors(rule: Rule, data: st.DataObject) -> None:
    # Strings the pattern matches, made from the pattern itself; what the match (and a
    # lookahead after it) covers must hold an anchor, or the rule would never be tried.
    text = data.draw(st.from_regex(re.compile(rule.pattern, re.I)))
    m = rule.regex.search(text)
    assert m is not None
    covered = text[m.start() :].lower()
    assert any(a in covered for a in rule.anchors), (text, sorted(rule.anchors))


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\b(?:signed|signs)\s+off", {"sign"}),
        (r"\bput\s+pen\s+to\s+paper\b", {"paper"}),
        (r"\b(?:expired|lapsed)\b", {"expired", "lapsed"}),
        (r"\bvoted\s+(?:\w+\s+)?", {"voted"}),
        (r"(?:a|b)?x", set()),  # nothing of three letters is required: no anchor
        (r"\bis\s+now(?=\s+(?:a|the)\s+member)", {"member"}),  # a lookahead's words count
    ],
)
def test_anchors_are_read_from_the_pattern(pattern: str, anchors: set[str]) -> None:
    assert set(anchors_of(pattern)) == anchors


CUE_FIRES = [pytest.param(c, t, id=f"{c.name}-{i}") for c in CUES for i, t in enumerate(c.fires)]
CUE_SPARES = [pytest.param(c, t, id=f"{c.name}-{i}") for c in CUES for i, t in enumerate(c.spares)]


def test_every_cue_has_examples_of_both_kinds() -> None:
    assert [c.name for c in CUES if not c.fires or not c.spares] == []


@pytest.mark.parametrize(("cue", "text"), CUE_FIRES)
def test_without_its_cue_the_news_is_an_event(cue: Cue, text: str) -> None:
    assert ingest(text, published=PUBLISHED).events, text


@pytest.mark.parametrize(("cue", "text"), CUE_SPARES)
def test_a_cue_sets_the_event_aside_with_its_reason(cue: Cue, text: str) -> None:
    result = ingest(text, published=PUBLISHED)
    assert result.events == ()
    reasons = [s.reason for s in result.articles[0].set_aside]
    assert any(cue.reason in r for r in reasons), reasons
