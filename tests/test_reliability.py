"""Alliance reliability on hand-built wars and treaties whose verdicts were worked out by hand,
and on famous cases checked by hand against the real data (ATOP 5.1 view, COW wars 4.0).

Hand-built world (codes are real COW codes, the wars invented): a war "W" begins on
1 June 1900 when A (2) attacks B (20); C (40) joins B on 10 June, D (41) stays out,
E (42) joins A's side against B on 20 June.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter

import pytest

from foedus.analyses.judge import STRICT
from foedus.analyses.reliability import (
    JOINED_BY_CHOICE,
    PUBLISHED,
    Outcome,
    Participation,
    Probability,
    Rules,
    compare,
    honour_probabilities,
    probabilities_from,
    reliability,
    sensitivity,
    war_participations,
)
from foedus.analyses.reliability.calibration import beta_ppf
from foedus.build import hand_built
from foedus.errors import InputError
from foedus.model import Membership, ObligationType, Source
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

A, B, C, D, E, F = 2, 20, 40, 41, 42, 51
NAMES = {A: "Aland", B: "Borduria", C: "Carpania", D: "Dorsia", E: "Elbonia", F: "Freedonia"}
SRC = Source("hand-built", "test")
END = dt.date(1901, 1, 1)


def fought(ccode, side, start, *, initiator=False, war=1, end=END, where=1):
    return Participation(war, "W", ccode, side, ((start, end),), initiator, where, SRC)


def day(d):
    return dt.date(1900, 6, d)


WAR = [
    fought(A, 1, day(1), initiator=True),
    fought(B, 2, day(1)),
    fought(C, 2, day(10)),
    fought(E, 1, day(20)),
]


SINCE = P(1890, 1, 1)


def pact(treaty, members, types, since=SINCE, phase=0):
    return [Membership(treaty, phase, c, since, None, frozenset(types)) for c in members]


@pytest.fixture(scope="module")
def world():
    rows = [
        *pact("c-b", (C, B), {T.DEFENSE}),  # C defends B: honoured (joined)
        *pact("d-b", (D, B), {T.DEFENSE, T.NONAGGRESSION}),  # D stays out: violated
        *pact("e-b", (E, B), {T.NEUTRALITY}),  # E joins the attacker: violated
        *pact("d-a", (D, A), {T.OFFENSE}),  # D owes A offence, A attacks: D stays out
        *pact("f-b", (F, B), {T.CONSULTATION}),  # undecidable
        *pact("war-c", (C, B), {T.DEFENSE}, since=P(1900, 6, 5)),  # made during the war
    ]
    return hand_built(rows, states=NAMES)


def by(result, ally, treaty):
    return {c.type: c for c in result.pledges if c.ally == ally and c.treaty == treaty}


def test_hand_built_verdicts(world):
    r = reliability(world, wars=WAR, rules=Rules(unit="obligation"))
    assert by(r, C, "c-b")[T.DEFENSE].outcome is Outcome.HONOURED
    d = by(r, D, "d-b")
    assert d[T.DEFENSE].outcome is Outcome.VIOLATED and "stayed out" in d[T.DEFENSE].reason
    assert d[T.NONAGGRESSION].outcome is Outcome.HONOURED
    e = by(r, E, "e-b")[T.NEUTRALITY]
    assert e.outcome is Outcome.VIOLATED and "fought against Borduria" in e.reason
    assert "1900-06-20" in e.reason  # the day they were first at war with each other
    assert by(r, D, "d-a")[T.OFFENSE].outcome is Outcome.VIOLATED
    assert by(r, F, "f-b")[T.CONSULTATION].outcome is Outcome.UNDECIDABLE
    # war-c was made on 5 June, after B entered: it binds B to C when C enters (10 June),
    # a coalition formed for this war.
    wartime = by(r, B, "war-c")[T.DEFENSE]
    assert wartime.outcome is Outcome.UNDECIDABLE and wartime.wartime
    assert "war-c" not in {c.treaty for c in r.pledges if c.ally == C}
    # C entered on ground in its home region (the Americas): attacked, so B's defence pledge
    # under c-b is invoked and kept (B fights beside it).
    assert by(r, B, "c-b")[T.DEFENSE].outcome is Outcome.HONOURED
    # honoured: C->B, D->B non-aggression, B->C; violated: D->B defence, E->B, D->A offence
    assert (r.overall.honoured, r.overall.invoked) == (3, 6)


def test_a_volunteer_on_the_attacked_side_is_not_defended(world):
    # Moved out of its home region, C chose the war: B's pledge to it is not invoked.
    war = [*WAR[:2], fought(C, 2, day(10), where=7), WAR[3]]
    r = reliability(world, wars=war, rules=Rules(unit="obligation"))
    c = by(r, B, "c-b")[T.DEFENSE]
    assert c.outcome is Outcome.NOT_INVOKED and "not attacked" in c.reason


def test_alliance_unit_merges_types_under_the_strongest(world):
    r = reliability(world, wars=WAR)  # the default: one unit per ally, war and treaty
    (unit,) = [c for c in r.cases if c.ally == D and c.treaty == "d-b"]
    assert (unit.type, unit.outcome) == (T.DEFENSE, Outcome.VIOLATED)
    assert "one unit for 2 pledges" in unit.reason


def test_rules_switch_the_verdicts(world):
    count = reliability(world, wars=WAR, rules=Rules(unit="obligation", wartime="count"))
    assert by(count, B, "war-c")[T.DEFENSE].outcome is Outcome.HONOURED
    late = reliability(world, wars=WAR, rules=Rules(unit="obligation", late=5))
    assert by(late, C, "c-b")[T.DEFENSE].outcome is Outcome.VIOLATED  # joined after 9 days
    tested = reliability(world, wars=WAR, rules=Rules(unit="obligation",
                                                      restraint="ally-at-war"))  # fmt: skip
    assert by(tested, D, "d-b")[T.NONAGGRESSION].outcome is Outcome.NOT_INVOKED
    sabrosky = reliability(world, wars=WAR, rules=Rules(promise="joined"))
    # D stays out, E joins against B: under "did the ally join?" both fail; C joined.
    outcomes = {(c.ally, c.treaty): c.outcome for c in sabrosky.cases}
    assert outcomes[(D, "d-b")] is Outcome.VIOLATED and outcomes[(E, "e-b")] is Outcome.VIOLATED
    assert outcomes[(C, "c-b")] is Outcome.HONOURED
    assert outcomes[(F, "f-b")] is Outcome.VIOLATED  # consultation too: F never joined


def test_a_partner_that_turns_on_its_ally(world):
    # Like Italy in May 1915: G, bound by B's defence pledge, enters the war late against B.
    g = 52
    kb = hand_built(pact("b-g", (B, g), {T.DEFENSE}), states={**NAMES, g: "Gondal"})
    war = [*WAR, fought(g, 1, day(25))]
    r = reliability(kb, wars=war, rules=Rules(unit="obligation"))
    (toward_g,) = [c for c in r.pledges if c.ally == B and c.partner == g]
    assert toward_g.outcome is Outcome.NOT_INVOKED and "turned on its ally" in toward_g.reason
    (g_owes,) = [c for c in r.pledges if c.ally == g and c.partner == B]
    assert g_owes.outcome is Outcome.VIOLATED


def test_years_filter_and_bad_rules(world):
    assert reliability(world, wars=WAR, start=1901).cases == []
    with pytest.raises(InputError, match="promise must be one of"):
        Rules(promise="loyal")
    with pytest.raises(InputError, match="late"):
        Rules(late=-1)


def test_json_shape(world):
    d = reliability(world, wars=WAR, rules=Rules(unit="obligation")).to_dict()
    assert set(d["overall"]) >= {"rate", "honoured", "invoked"}
    assert d["overall"]["rate"] == pytest.approx(3 / 6)
    assert list(d["by_type"]) == ["defense", "offense", "neutral", "nonagg", "consul"]
    assert list(d["by_era"]) == ["pre-1945", "post-1945"]
    assert all({"verdict", "reason", "ally", "partner", "war"} <= set(c) for c in d["cases"])
    assert Counter(c["verdict"] for c in d["cases"]) == {"honoured": 3, "violated": 3,
                                                        "undecidable": 2}  # fmt: skip
    json.dumps(d)


def test_beta_posteriors_by_hand(world):
    assert beta_ppf(0.3, 1.0, 1.0) == pytest.approx(0.3, abs=1e-8)  # uniform
    assert beta_ppf(0.25, 2.0, 1.0) == pytest.approx(0.5, abs=1e-8)  # F(x) = x^2
    p = Probability.of(honoured=3, invoked=4, prior=(1.0, 1.0))
    assert (p.alpha, p.beta, p.mean) == (4.0, 2.0, pytest.approx(4 / 6))
    r = reliability(world, wars=WAR, rules=Rules(unit="obligation"))
    probs = probabilities_from(r, strength=2.0, cluster=False)
    # pre-1945: 3 of 6 honoured overall -> p = (3+1)/(6+2) = 1/2, prior (1, 1);
    # defence: C and B honoured, D violated -> Beta(1 + 2, 1 + 1).
    defence = probs[(T.DEFENSE, "pre-1945")]
    assert (defence.alpha, defence.beta) == (pytest.approx(3.0), pytest.approx(2.0))
    assert probs[(T.GUARANTEE, "pre-1945")] == defence
    post = probs[(T.DEFENSE, "post-1945")]
    assert (post.invoked, post.mean) == (0, pytest.approx(0.5))
    assert len(probs) == 2 * len(ObligationType)
    # Clustered, each (war, treaty) weighs one: c-b (C and B both honoured) is one honoured
    # case, d-b one violated -> overall 3 of 5 clusters (c-b, d-b, e-b, d-a, and f-b has
    # nothing counted)... defence: c-b 1.0, d-b 0.0 -> 1 of 2.
    clustered = probabilities_from(r, strength=2.0)[(T.DEFENSE, "pre-1945")]
    assert (clustered.honoured, clustered.invoked) == (1.0, 2.0)


# -- the real data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def atop(kb_file):
    from foedus.kb import KnowledgeBase

    with KnowledgeBase(kb_file, view="ATOP") as opened:
        opened.load_index()
        yield opened


@pytest.fixture(scope="module")
def history(atop):
    return reliability(atop, start=1816, end=1944, rules=Rules(unit="obligation"))


def _find(result, ally, partner, treaty, kind):
    return [c for c in result.pledges if (c.ally, c.partner, c.treaty, c.type) ==
            (ally, partner, treaty, kind)]  # fmt: skip


ITALY, AUSTRIA, GERMANY, ROMANIA, UK, FRANCE, POLAND = 325, 300, 255, 360, 200, 220, 290


@pytest.mark.data
def test_italy_and_the_triple_alliance_1914(history):
    # ATOP 1350: Italy's defence pledges to Austria-Hungary and Germany are not invoked:
    # Austria-Hungary started the war (COW: initiator), Germany fought on its side.
    for partner in (AUSTRIA, GERMANY):
        (defence,) = _find(history, ITALY, partner, "atop-1350", T.DEFENSE)
        assert defence.outcome is Outcome.NOT_INVOKED and "attacking side" in defence.reason
    # Its neutrality pledge (limited to France as adversary) was invoked once France fought
    # Austria-Hungary, and broken when Italy entered the war against it on 23 May 1915.
    (neutrality,) = _find(history, ITALY, AUSTRIA, "atop-1350", T.NEUTRALITY)
    assert neutrality.outcome is Outcome.VIOLATED
    assert "Italy fought against Austria-Hungary (from 1915-05-23)" in neutrality.reason
    # Austria-Hungary's pledges to Italy are not what Italy's entry tested: Italy turned on it.
    toward = [c for c in history.pledges if c.partner == ITALY and c.ally == AUSTRIA
              and c.war == 106 and c.type is not T.CONSULTATION]  # fmt: skip
    assert {c.type for c in toward} == {T.DEFENSE, T.NEUTRALITY}
    assert all(c.outcome is Outcome.NOT_INVOKED and "turned on its ally" in c.reason
               for c in toward)  # fmt: skip


@pytest.mark.data
def test_romania_1914(history):
    # ATOP 1355: Romania's defence pledges to Austria-Hungary and Germany (limited to a place
    # and to an unprovoked attack) are not invoked: its allies were on the attacking side.
    for partner in (AUSTRIA, GERMANY):
        (defence,) = _find(history, ROMANIA, partner, "atop-1355", T.DEFENSE)
        assert defence.war == 106 and defence.outcome is Outcome.NOT_INVOKED
    # In August 1916 Romania declared war on Austria-Hungary: its allies' pledges to it were
    # not invoked by that (Romania turned on them), and no violation is charged to either.
    toward = [c for c in history.pledges if c.war == 106 and c.partner == ROMANIA
              and c.ally in (AUSTRIA, GERMANY) and c.type is not T.CONSULTATION]  # fmt: skip
    assert toward and all(c.outcome is Outcome.NOT_INVOKED for c in toward)
    assert not [c for c in history.pledges if c.war == 106 and c.ally == ROMANIA
                and c.outcome is Outcome.VIOLATED]  # fmt: skip


@pytest.mark.data
def test_the_1939_guarantees_to_poland(history):
    # Germany attacked Poland on 1 September 1939; Britain (ATOP 2440, limited to Germany) and
    # France (ATOP 2060 and 2135) declared war on 3 September: honoured.
    for ally, treaty in ((UK, "atop-2440"), (FRANCE, "atop-2060"), (FRANCE, "atop-2135")):
        (c,) = _find(history, ally, POLAND, treaty, T.DEFENSE)
        assert c.war == 139 and c.outcome is Outcome.HONOURED, c.reason
        assert "joined Poland's side on 1939-09-03" in c.reason
    # Romania's alliance with Poland (ATOP 2070): Romania stayed out.
    (ro,) = _find(history, ROMANIA, POLAND, "atop-2070", T.DEFENSE)
    assert ro.outcome is Outcome.VIOLATED


@pytest.mark.data
def test_1941_germany_broke_its_pact_with_the_soviet_union(history):
    (nonagg,) = [c for c in _find(history, GERMANY, 365, "atop-2470", T.NONAGGRESSION)
                 if c.war == 139]  # fmt: skip
    assert nonagg.outcome is Outcome.VIOLATED and "(from 1941-06-22)" in nonagg.reason
    (soviet,) = _find(history, 365, GERMANY, "atop-2470", T.NONAGGRESSION)
    assert soviet.outcome is Outcome.NOT_INVOKED  # attacked, the Soviet Union broke nothing
    assert "Germany turned on its ally" in soviet.reason


@pytest.mark.data
def test_the_1816_1944_figure_beside_leeds_long_mitchell(atop):
    # Pinned: change a rule and docs/reliability.md must change with it.
    r = reliability(atop, start=1816, end=1944)
    assert (r.overall.honoured, r.overall.invoked) == (96, 132)
    assert abs(r.overall.rate - 0.745) < 0.05  # within five points of the published 74.5%
    (llm, *_) = [c for c in compare(atop, start=1816, end=1944)
                 if c.published.study.startswith("Leeds")]  # fmt: skip
    assert llm.ours.invoked == 132 and llm.why


@pytest.mark.data
def test_joined_by_choice_rows_are_late_entrants_on_the_attacked_side(atop):
    rows = war_participations(atop.wars())
    for (war, ccode), why in JOINED_BY_CHOICE.items():
        mine = [r for r in rows if r.war == war and r.ccode == ccode]
        attackers = {r.side for r in rows if r.war == war and r.initiator}
        first = min(r.entry for r in rows if r.war == war)
        assert any(r.side not in attackers and r.entry > first for r in mine), (war, ccode, why)


@pytest.mark.data
def test_mids_and_sensitivity_table(atop):
    rows = sensitivity(atop, start=1900, end=1920)
    labels = [r.label for r in rows]
    assert labels[0] == "base rules" and "MIDs reaching the use of force instead of wars" in labels
    mids = dict(zip(labels, rows, strict=True))["MIDs reaching the use of force instead of wars"]
    assert mids.rate.invoked > rows[0].rate.invoked  # many more disputes than wars
    assert all(r.delta is not None for r in rows)


@pytest.mark.data
def test_honour_probabilities_for_the_cascade(atop):
    probs = honour_probabilities(atop)
    assert set(probs) == {(t, e) for t in ObligationType for e in ("pre-1945", "post-1945")}
    d = probs[(T.DEFENSE, "pre-1945")]
    assert 0.4 < d.mean < 0.75 and d.low < d.mean < d.high and d.invoked > 20
    assert honour_probabilities(atop) is probs  # cached


@pytest.mark.data
def test_published_table_is_complete():
    figures = {(p.study, p.figure) for p in PUBLISHED}
    assert ("Leeds, Long & Mitchell 2000", "overall") in figures
    bf = {f for s, f in figures if s.startswith("Berkemeier")}
    assert bf == {"overall", "pre-1945", "post-1945", "defense", "nonagg", "offense", "neutral"}
    assert {p.rate for p in PUBLISHED} >= {0.745, 0.27, 0.50, 0.66, 0.22, 0.41, 0.37, 0.74, 0.78}


@pytest.mark.data
def test_cli_json(kb_file, capsys, tmp_path):
    from foedus.cli import main

    png = tmp_path / "r.png"
    try:
        main(["--db", str(kb_file), "reliability", "--from", "1816", "--to", "1944", "--json",
              "--calibration", "--plot", str(png)])  # fmt: skip
    except SystemExit as exc:
        assert not exc.code
    out = json.loads(capsys.readouterr().out)
    assert out["overall"]["invoked"] == 132 and out["years"] == [1816, 1944]
    assert {c["study"] for c in out["published"]} >= {"Leeds, Long & Mitchell 2000",
                                                      "Sabrosky 1980"}  # fmt: skip
    assert all(c["verdict"] in ("honoured", "violated", "undecidable") for c in out["cases"])
    assert out["sensitivity"][0]["switch"] == "base rules"
    assert {c["era"] for c in out["calibration"]} == {"pre-1945", "post-1945"}
    assert png.stat().st_size > 10_000


def test_strict_assumptions_are_a_rule(world):
    r = reliability(world, wars=WAR, rules=dataclasses.replace(Rules(), assume=STRICT))
    assert r.rules.assume is STRICT
