"""The escalation cascade on small worlds built by hand: rounds, conflicts, draws.

Every expected value was worked out by hand from the pledges written here; the
Monte Carlo engine is also checked draw by draw against a plain loop over the
same honour bits.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from foedus.analyses.cascade import cascade, rounds, war_scenario
from foedus.analyses.honour import HonourTable
from foedus.analyses.judge import Scenario, Side, hypothetical
from foedus.analyses.montecarlo import (
    ATTACKER,
    CHUNK,
    TARGET,
    PledgeGraph,
    Start,
    honour_bits,
    simulate,
)
from foedus.build import hand_built
from foedus.errors import InputError, UnknownState
from foedus.model import ConditionKind, Membership, Source, Term
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

A, B, C, D, X, Y = 2, 20, 200, 220, 230, 235
NAMES = {A: "Aland", B: "Borduria", C: "Carpania", D: "Dorvik", X: "Xanadu", Y: "Yoland"}
SRC = Source("hand-built", "cascade")
DAY = "1950-06-01"


def pledge(treaty: str, members: tuple[int, ...], *types: T, phase: int = 0) -> list[Membership]:
    return [
        Membership(treaty, phase, c, P(1940, 1, 1), None, frozenset(types), source=SRC)
        for c in members
    ]


def one_way(treaty: str, obligor: int, beneficiary: int, kind: T) -> list[Membership]:
    """``obligor`` owes ``beneficiary`` ``kind``; the beneficiary owes nothing back."""
    return [
        Membership(treaty, 0, obligor, P(1940, 1, 1), None, frozenset({kind}), source=SRC),
        Membership(treaty, 0, beneficiary, P(1940, 1, 1), None, frozenset(), source=SRC),
    ]


@pytest.fixture(scope="module")
def world():
    """B is defended by C (mutual pact); C by D (one-way); X owes A offence and B defence
    (bound to both sides when A attacks B); Y defends B but promised A neutrality."""
    rows = [
        *pledge("b-c", (B, C), T.DEFENSE),
        *one_way("d-c", D, C, T.DEFENSE),
        *one_way("x-a", X, A, T.OFFENSE),
        *one_way("x-b", X, B, T.DEFENSE),
        *one_way("y-b", Y, B, T.DEFENSE),
        *one_way("y-a", Y, A, T.NEUTRALITY),
    ]
    return hand_built(rows, states=NAMES)


def test_rounds_conflicts_and_chains(world):
    war = Scenario({A}, {B}, DAY)
    c = cascade(world, war)
    joined = {p.state: (p.side, p.round) for p in c.states}
    # C defends B in round 1; D, bound to C only, follows in round 2.
    assert joined == {
        A: (Side.ATTACKER, 0),
        B: (Side.TARGET, 0),
        C: (Side.TARGET, 1),
        D: (Side.TARGET, 2),
    }
    kinds = {cf.state: cf.kind for cf in c.conflicts}
    # X: offence for the attacker and defence for the target; Y: defends B, spares A.
    assert kinds == {X: "both-sides", Y: "restrained"}
    x = next(cf for cf in c.conflicts if cf.state == X)
    assert {s.value for s in x.calls} == {"attacker", "target"}
    y = next(cf for cf in c.conflicts if cf.state == Y)
    assert [s.judgement.obligation.treaty for s in y.restraints] == ["y-a"]


def test_verdicts_carry_round_reason_and_treaty(world):
    c = cascade(world, Scenario({A}, {B}, DAY))
    rows = {(v["obligor"], v["beneficiary"], v["treaty"]): v for v in c.to_dict()["verdicts"]}
    assert rows[(D, C, "d-c")]["round"] == 2
    assert rows[(D, C, "d-c")]["verdict"] == "triggered"
    assert rows[(C, B, "b-c")]["round"] == 1
    # B's pledge to C: C is not attacked on day one, B is already at war.
    assert "Carpania" in rows[(D, C, "d-c")]["reason"]


def test_held_out_and_void_pledges_call_nobody(world):
    held = cascade(world, Scenario({A}, {B}, DAY, held_out=frozenset({C})))
    assert {p.state for p in held.states} == {A, B}
    void = cascade(world, Scenario({A}, {B}, DAY, void=frozenset({"b-c"})))
    assert {p.state for p in void.states} == {A, B}


def test_a_hypothetical_pledge_joins_the_cascade(world):
    extra = hypothetical(A, B, "defense", DAY, names=NAMES)  # A defends B: A attacks C instead
    c = cascade(world, Scenario({C}, {B}, DAY, extra=(extra,)))
    assert {p.state: p.side for p in c.states if p.round == 1}.get(A) is Side.TARGET


def test_monte_carlo_by_hand(world):
    # Published post-1945 figures: defence 0.164, neutrality 0.494 (honour.py doctest).
    table = HonourTable.published()
    d, na = table.probability("defense", 1950), table.probability("neutrality", 1950)
    c = cascade(world, Scenario({A}, {B}, DAY), draws=200_000, seed=7, honour=table)
    got = {p.state: p for p in c.states}
    assert got[C].p_join == pytest.approx(d, abs=0.004)
    assert got[D].p_join == pytest.approx(d * d, abs=0.003)  # C must join first
    # Y joins only when its defence pledge is honoured and its neutrality one is not.
    assert got[Y].p_target == pytest.approx(d * (1 - na), abs=0.004)
    # X: offence (0.74 -> post-1945 logit-adjusted) and defence both honoured -> conflict.
    off = table.probability("offense", 1950)
    assert got[X].p_attacker == pytest.approx(off * (1 - d), abs=0.004)
    assert got[X].p_target == pytest.approx(d * (1 - off), abs=0.004)
    conflict = {cf.state: cf.p_conflict for cf in c.conflicts}
    assert conflict[X] == pytest.approx(off * d, abs=0.004)


def test_seeded_and_the_same_for_any_number_of_threads(world):
    war = Scenario({A}, {B}, DAY)
    table = HonourTable.published()
    one = cascade(world, war, draws=70_000, seed=3, honour=table, threads=1).to_dict()
    two = cascade(world, war, draws=70_000, seed=3, honour=table, threads=2).to_dict()
    other = cascade(world, war, draws=70_000, seed=4, honour=table).to_dict()
    assert one["states"] == two["states"]
    assert one["states"] != other["states"]


def test_every_pledge_honoured_gives_the_deterministic_cascade(world):
    always = HonourTable.published().with_overrides(
        {"defense": 1.0, "offense": 1.0, "nonaggression": 1.0, "neutrality": 1.0}
    )
    c = cascade(world, Scenario({A}, {B}, DAY), draws=500, seed=1, honour=always)
    assert {p.state: p.p_join for p in c.states} == {A: 1.0, B: 1.0, C: 1.0, D: 1.0}
    assert {cf.state: cf.p_conflict for cf in c.conflicts} == {X: 1.0, Y: 1.0}


def _reference(g: PledgeGraph, start: Start, draws: int, seed: int) -> dict[int, list[int]]:
    """The rounds draw by draw in plain Python, with the engine's own honour bits."""
    words = (draws + 63) // 64
    bits = [
        honour_bits(c, p, seed, 0, words)
        for c, p in zip(g.commitments, g.probabilities, strict=True)
    ]

    def honoured(k: int, d: int) -> bool:
        return bool((int(bits[k][d // 64]) >> (d % 64)) & 1)

    counts = {s: [0, 0, 0] for s in g.states}  # attacker, target, conflict
    for d in range(draws):
        side = {s: ATTACKER for s in start.attackers} | {s: TARGET for s in start.targets}
        clash: set[int] = set()
        while True:
            pulls: dict[int, set[int]] = {}
            blocks: dict[int, set[int]] = {}
            for b, o, s, k in g.pulls:
                if side.get(b) == s and honoured(k, d):
                    pulls.setdefault(o, set()).add(s)
            for b, o, s, k in g.holds:
                if side.get(b) == s and honoured(k, d):
                    blocks.setdefault(o, set()).add(TARGET if s == ATTACKER else ATTACKER)
            new = {}
            for o, called in pulls.items():
                if o in side:
                    continue
                if len(called) == 2 or called & blocks.get(o, set()):
                    clash.add(o)
                    continue
                new[o] = next(iter(called))
            if not new:
                break
            side |= new
        for s, x in side.items():
            if s not in start.attackers and s not in start.targets:
                counts[s][0 if x == ATTACKER else 1] += 1
        for s in clash:
            counts[s][2] += 1
    return counts


@pytest.mark.parametrize("case", range(12))
def test_engine_equals_a_plain_loop_over_the_same_draws(case):
    rng = random.Random(case)
    n = rng.randint(4, 9)
    states = tuple(range(1, n + 1))
    commitments = tuple((o, f"t{i}", "defense") for i, o in enumerate(rng.choices(states, k=8)))
    probabilities = tuple(rng.choice([0.0, 0.2, 0.5, 0.9, 1.0]) for _ in commitments)

    def edges(k: int) -> tuple[tuple[int, int, int, int], ...]:
        out = set()
        for _ in range(k):
            i = rng.randrange(len(commitments))
            o = commitments[i][0]
            b = rng.choice([s for s in states if s != o])
            out.add((b, o, rng.choice([ATTACKER, TARGET]), i))
        return tuple(sorted(out))

    g = PledgeGraph(states, commitments, probabilities, edges(10), edges(4))
    start = Start({1}, {2})
    draws = 300
    (out,) = simulate(g, [start], draws, seed=case)
    want = _reference(g, start, draws, case)
    for s in states:
        if s in (1, 2):
            continue
        a, t, c = want[s]
        assert out.p_join.get(s, (0.0, 0.0)) == (a / draws, t / draws), s
        assert out.p_conflict.get(s, 0.0) == c / draws, s


def test_honour_bits_have_their_probability_and_are_reproducible():
    bits = honour_bits((1, "t", "defense"), 0.3, seed=5, chunk=0, words=CHUNK // 64)
    share = int(np.bitwise_count(bits).sum()) / CHUNK
    assert share == pytest.approx(0.3, abs=0.01)
    again = honour_bits((1, "t", "defense"), 0.3, seed=5, chunk=0, words=CHUNK // 64)
    assert (bits == again).all()
    other = honour_bits((2, "t", "defense"), 0.3, seed=5, chunk=0, words=CHUNK // 64)
    assert not (bits == other).all()


def test_draws_and_graph_are_checked():
    g = PledgeGraph((1, 2), ((1, "t", "defense"),), (0.5,), (), ())
    with pytest.raises(InputError):
        simulate(g, [Start({1}, {2})], draws=0)
    with pytest.raises(InputError):
        PledgeGraph((1, 2), ((1, "t", "defense"),), (1.5,), (), ())
    with pytest.raises(InputError):
        PledgeGraph((1, 2), ((1, "t", "defense"),), (0.5,), ((1, 2, 3, 0),), ())


def test_scenarios_a_user_gets_wrong(world):
    with pytest.raises(InputError, match="outside 1816"):
        war_scenario(world, ["Aland"], ["Borduria"], "1700-01-01")
    with pytest.raises(InputError, match="both attack and are attacked"):
        war_scenario(world, ["Aland"], ["Aland"], DAY)
    with pytest.raises(UnknownState):
        war_scenario(world, ["Atlantis"], ["Borduria"], DAY)
    with pytest.raises(InputError, match="held out"):
        war_scenario(world, ["Aland"], ["Borduria"], DAY, held_out=["Aland"])
    with pytest.raises(InputError):
        cascade(world, Scenario({A}, {B}, DAY), draws=-1)


def test_rounds_stop_when_nobody_joins(world):
    r = rounds(world, Scenario({D}, {X}, DAY))  # nobody owes X or D anything that triggers
    assert set(r.joined) == {D, X}


# North Korea attacks South Korea; the US defends South Korea; the UK defends the US only against
# an armed attack in Europe or North America (NATO's Art. 6, as a hypothetical pledge).
NK, SK, US, UK = 731, 732, 2, 200


@pytest.fixture(scope="module")
def theatre_world():
    names = {NK: "North Korea", SK: "South Korea", US: "United States", UK: "United Kingdom"}
    return hand_built(one_way("us-sk", US, SK, T.DEFENSE), states=names)


@pytest.mark.parametrize(
    ("target", "uk_joins"),
    [(SK, False), (US, True)],
    ids=["joiner fought in East Asia", "attacked at home"],
)
def test_the_draws_fight_a_joiner_where_the_war_is(theatre_world, target, uk_joins):
    # The verdicts say a state that joins the target side is fought on the first targets'
    # soil; the draws must agree: with every pledge honoured, the UK joins only when the US
    # itself is attacked (at home), never when the US joins South Korea's war.
    area = "Europe or North America"
    art6 = Term(ConditionKind.GEOGRAPHIC_SCOPE, f"an armed attack in {area}", scope=area)
    uk_us = hypothetical(UK, US, "defense", DAY, terms=[art6])
    always = HonourTable.published().with_overrides({"defense": 1.0})
    war = Scenario({NK}, {target}, DAY, extra=(uk_us,))
    c = cascade(theatre_world, war, draws=256, seed=3, honour=always)
    drawn = {p.state: p.p_join for p in c.states}
    assert drawn.get(UK, 0.0) == (1.0 if uk_joins else 0.0)
    assert drawn[US] == 1.0
    deterministic = {p.state for p in c.states if p.deterministic}
    assert (UK in deterministic) is uk_joins


def test_an_open_area_limited_pledge_is_judged_once_for_the_scenario(theatre_world):
    # "only if attacked by one power alone" in the area: judged for the scenario's two
    # attackers (not triggered), never also as if one state attacked (which would trigger).
    area = "Europe or North America"
    terms = [
        Term(ConditionKind.GEOGRAPHIC_SCOPE, f"an armed attack in {area}", scope=area),
        Term(ConditionKind.NUMBER_OF_ATTACKERS, "if attacked by one power alone"),
    ]
    uk_us = hypothetical(UK, US, "defense", DAY, terms=terms)
    always = HonourTable.published().with_overrides({"defense": 1.0})
    for attackers, uk_joins in (({NK}, True), ({NK, SK}, False)):
        war = Scenario(attackers, {US}, DAY, extra=(uk_us,))
        c = cascade(theatre_world, war, draws=128, seed=5, honour=always)
        assert {p.state: p.p_join for p in c.states}.get(UK, 0.0) == (1.0 if uk_joins else 0.0)
