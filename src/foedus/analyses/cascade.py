"""The escalation cascade: if A attacks B on day D, which pledges trigger and who is drawn in.

Round 0 is the scenario's first day: the attackers against the targets. In
each round the casus-foederis judge (:mod:`foedus.analyses.judge`) judges every
pledge in force toward a belligerent, with the sides as they stand; a state
that is not yet at war and that a triggered pledge calls to one side joins it
(a defence pledge: its ally's side; an offence pledge: the attacker's side),
and becomes a belligerent whose own allies are judged in the next round. The
rounds stop when one adds nobody.

Neutrality and non-aggression pledges restrain: a state that has promised not
to fight a belligerent may not join the side against it. A state called to both
sides, or called to a side it has promised not to join, is a **conflict**: it
is reported with the pledges on each side and stays out; foedus never picks a
side for it.

:func:`cascade` without ``draws`` honours every triggered pledge (the
deterministic cascade). With ``draws`` it also runs the Monte Carlo cascade
(:mod:`foedus.analyses.montecarlo` on the day's pledges as
:mod:`foedus.analyses.world` judges them once per role): each triggered pledge
is honoured with a probability by type and era (:mod:`foedus.analyses.honour`,
calibrated on past wars by default), giving each state's chance of joining
each side, the distribution of coalition sizes and the most frequent orders
of joining. Pledges whose conditions look at who fights the ally are judged,
for the draws, against the first day's enemies of the ally's side.

A worked case built by hand (the July crisis, reduced to four pledges): Austria-
Hungary attacks Serbia; Russia is bound to Serbia (a hypothetical pledge, as
the 1914 guarantee was political), France to Russia, Germany to Austria-Hungary:

>>> from foedus.build import hand_built
>>> from foedus.model import Membership, ObligationType as T, PartialDate as P
>>> from foedus.analyses.judge import hypothetical, make_scenario
>>> rows = [Membership("fr-ru", 0, c, P(1894, 1, 4), P(1917, 11, 7), frozenset({T.DEFENSE}))
...         for c in (220, 365)]
>>> rows += [Membership("dual", 0, c, P(1879, 10, 7), P(1918, 11, 3), frozenset({T.DEFENSE}))
...          for c in (255, 300)]
>>> kb = hand_built(rows, states={220: "France", 365: "Russia", 255: "Germany",
...                              300: "Austria-Hungary", 345: "Serbia"})
>>> ru_rs = hypothetical(365, 345, "defense", "1914-01-01",
...                      names={365: "Russia", 345: "Serbia"})
>>> war = make_scenario(kb, ["Austria-Hungary"], ["Serbia"], "1914-07-28", extra=(ru_rs,))
>>> c = cascade(kb, war)
>>> [(s.name, s.side.value, s.round) for s in c.states]  # doctest: +NORMALIZE_WHITESPACE
[('Austria-Hungary', 'attacker', 0), ('Serbia', 'target', 0), ('Russia', 'target', 1),
 ('France', 'target', 2)]

Germany's pledge is a defence pledge to the attacker, so it does not trigger:
the dual alliance covered an Austria-Hungary that is attacked.

>>> [s.reason.split(":")[0] for s in c.steps if s.obligor == 255]
['not triggered']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.analyses.honour import HonourTable, calibrated_or_published
from foedus.analyses.judge import (
    STRICT,
    Assumptions,
    Judgement,
    Scenario,
    Side,
    Sides,
    Verdict,
    at_stake,
    judge,
)
from foedus.analyses.montecarlo import ATTACKER, TARGET, Outcome
from foedus.errors import InputError
from foedus.model import Obligation, ObligationType

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "FIRST_DAY",
    "Cascade",
    "Conflict",
    "Participant",
    "Step",
    "cascade",
    "reachable",
    "rounds",
    "war_scenario",
]

PledgeKey = tuple[str, int, int, int, ObligationType]
#: The first day foedus asks about a war on (COW's state system begins in 1816).
FIRST_DAY = dt.date(1816, 1, 1)
_FIGHTING = (ObligationType.DEFENSE, ObligationType.OFFENSE, ObligationType.GUARANTEE)
_RESTRAINING = (ObligationType.NEUTRALITY, ObligationType.NONAGGRESSION)
_CODE = {Side.ATTACKER: ATTACKER, Side.TARGET: TARGET}
_SIDE = {ATTACKER: Side.ATTACKER, TARGET: Side.TARGET}
MAX_ROUNDS = 50


def key_of(j: Judgement) -> PledgeKey:
    o = j.obligation
    return (o.treaty, o.phase, o.obligor, o.beneficiary, o.type)


@dataclass(frozen=True)
class Step:
    """One pledge the judge looked at, and the round it was (first) judged as it stands."""

    judgement: Judgement
    round: int

    @property
    def obligor(self) -> int:
        return self.judgement.obligation.obligor

    @property
    def beneficiary(self) -> int:
        return self.judgement.obligation.beneficiary

    @property
    def verdict(self) -> Verdict:
        return self.judgement.verdict

    @property
    def reason(self) -> str:
        return self.judgement.reason

    @property
    def articles(self) -> list[str]:
        """The treaty articles behind the pledge (from the register), e.g. ``["Art. 4"]``."""
        o = self.judgement.obligation
        found = [p.article for p in o.provisions]
        found += [t.article for t in o.terms if t.article and t.article not in found]
        return found

    def label(self) -> str:
        o = self.judgement.obligation
        art = f" {', '.join(self.articles)}" if self.articles else ""
        return f"{o.type.value}, {o.treaty}{art}"

    def to_dict(self) -> dict[str, Any]:
        o = self.judgement.obligation
        j = self.judgement
        return {
            **o.head_dict(),
            "verdict": j.verdict.value,
            "reason": j.reason,
            "round": self.round,
            "joins": j.joins.value if j.joins else None,
            "may_not_join": j.may_not_join.value if j.may_not_join else None,
            "articles": self.articles,
            "provisions": [p.to_dict() for p in o.provisions],
            "checks": [c.to_dict() for c in j.checks],
            "source": o.source.to_dict(),
        }


@dataclass(frozen=True)
class Participant:
    """A state at war: on which side, from which round, called by which pledges.

    ``round`` 0 is the scenario's own belligerents. With draws, ``p_join`` is
    the share of draws in which the state fought on ``side`` (1.0 for round 0)
    and ``p_attacker``/``p_target`` both sides' shares; ``deterministic`` says
    whether the state joins when every triggered pledge is honoured.
    """

    state: int
    name: str
    side: Side
    round: int
    because: tuple[Step, ...] = ()
    p_join: float | None = None
    p_attacker: float | None = None
    p_target: float | None = None
    deterministic: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "state": self.state,
            "name": self.name,
            "side": self.side.value,
            "round": self.round,
            "deterministic": self.deterministic,
            "because": [
                {"obligor": s.obligor, "beneficiary": s.beneficiary, "label": s.label()}
                for s in self.because
            ],
        }
        if self.p_join is not None:
            out |= {"p_join": self.p_join, "p_attacker": self.p_attacker, "p_target": self.p_target}
        return out


@dataclass(frozen=True)
class Conflict:
    """A state bound to both sides (``kind="both-sides"``) or called to a side it promised not
    to join (``kind="restrained"``); it stays out, and here are the pledges each way."""

    state: int
    name: str
    round: int
    kind: str
    calls: dict[Side, tuple[Step, ...]]
    restraints: tuple[Step, ...] = ()
    p_conflict: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "state": self.state,
            "name": self.name,
            "round": self.round,
            "kind": self.kind,
            "calls": {
                side.value: [s.to_dict() for s in steps] for side, steps in self.calls.items()
            },
            "restraints": [s.to_dict() for s in self.restraints],
        }
        if self.p_conflict is not None:
            out["p_conflict"] = self.p_conflict
        return out


@dataclass
class Rounds:
    """The rounds of one cascade: every pledge judged, and who joined when.

    ``steps`` holds each pledge once, with the judgement of the last round it
    was judged in and the round of its first verdict as it now stands.
    """

    scenario: Scenario
    sides: Sides
    joined: dict[int, tuple[Side, int]]  # state -> (side, round); round 0: the scenario's own
    steps: dict[PledgeKey, Step]
    calls: dict[int, tuple[Step, ...]]  # joiner -> the triggered pledges that called it
    conflicts: dict[int, Conflict]
    rounds: int


def rounds(
    kb: KnowledgeBase,
    scenario: Scenario,
    *,
    assume: Assumptions = STRICT,
    undetermined_joins: bool = False,
    joiners_attacked: bool = True,
) -> Rounds:
    """Run the judge round by round until nobody new joins.

    ``undetermined_joins`` lets an undetermined pledge call its obligor in as a
    triggered one would (default: it does not, and is listed apart).
    A state that
    joins the target side counts as attacked by the other side
    (``joiners_attacked``), so its own defence pledges can trigger.
    """
    day = scenario.on
    known: dict[int, str] = {}

    def names(code: int) -> str:
        if code not in known:
            known[code] = kb.states.name(code, day)
        return known[code]

    sides = scenario.sides
    joined: dict[int, tuple[Side, int]] = {s: (Side.ATTACKER, 0) for s in scenario.attackers}
    joined |= {s: (Side.TARGET, 0) for s in scenario.targets}
    steps: dict[PledgeKey, Step] = {}
    calls: dict[int, tuple[Step, ...]] = {}
    conflicts: dict[int, Conflict] = {}
    live = (Verdict.TRIGGERED, Verdict.UNDETERMINED) if undetermined_joins else (Verdict.TRIGGERED,)
    fresh = frozenset(sides.belligerents)  # states whose pledges are not judged yet
    conditional: list[Obligation] = []  # pledges whose verdict may change as the sides grow
    rnd = 0
    for rnd in range(1, MAX_ROUNDS + 1):
        # Judging is incremental: a pledge toward a state already judged keeps its verdict
        # unless it has conditions (the adversary, the place, the number of attackers can
        # change as the sides grow), which are judged again with the grown sides.
        new_pledges = at_stake(kb, scenario, Sides(sides.attacker & fresh, sides.target & fresh))
        batch = [*conditional, *new_pledges]
        conditional += [o for o in new_pledges if o.terms]
        for j in judge(batch, scenario, sides, assume=assume, names=names):
            k = key_of(j)
            before = steps.get(k)
            first = before.round if before and before.verdict is j.verdict else rnd
            steps[k] = Step(j, first)
        pulls: dict[int, dict[Side, list[Step]]] = {}
        holds: dict[int, list[Step]] = {}
        for step in steps.values():
            j = step.judgement
            o = j.obligation
            if j.verdict not in live or j.held_out or o.obligor in joined:
                continue
            if j.joins is not None:
                pulls.setdefault(o.obligor, {}).setdefault(j.joins, []).append(step)
            elif j.may_not_join is not None and j.verdict is Verdict.TRIGGERED:
                holds.setdefault(o.obligor, []).append(step)
        new: dict[int, Side] = {}
        for state, by_side in sorted(pulls.items()):
            if len(by_side) == 2:
                conflicts[state] = _conflict(
                    state,
                    names,
                    rnd,
                    "both-sides",
                    by_side,
                    holds.get(state, []),
                    conflicts.get(state),
                )
                continue
            (side,) = by_side
            blocked = [s for s in holds.get(state, []) if s.judgement.may_not_join is side]
            if blocked:
                conflicts[state] = _conflict(
                    state, names, rnd, "restrained", by_side, blocked, conflicts.get(state)
                )
                continue
            if state in conflicts:
                continue
            new[state] = side
            calls[state] = tuple(by_side[side])
        if not new:
            break
        for state, side in new.items():
            sides = sides.join(state, side, attacked=joiners_attacked)
            joined[state] = (side, rnd)
        fresh = frozenset(new)
    return Rounds(scenario, sides, joined, steps, calls, conflicts, rnd)


def _conflict(
    state: int,
    names: Any,
    rnd: int,
    kind: str,
    by_side: dict[Side, list[Step]],
    holds: Iterable[Step],
    before: Conflict | None,
) -> Conflict:
    first = before.round if before else rnd
    if before and before.kind == "both-sides":
        kind = "both-sides"
    return Conflict(
        state=state,
        name=names(state),
        round=first,
        kind=kind,
        calls={side: tuple(steps) for side, steps in sorted(by_side.items())},
        restraints=tuple(holds),
    )


@dataclass
class Cascade:
    """What follows from one scenario: the judged pledges, who fights, the conflicts, and with
    draws the chances. ``to_dict()`` is the JSON ``foedus war --json`` prints."""

    scenario: Scenario
    names: dict[int, str]
    steps: list[Step]
    states: list[Participant]
    conflicts: list[Conflict]
    undetermined: list[Step]
    breaches: list[Step]
    rounds: int
    outcome: Outcome | None = None
    honour: HonourTable | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # state -> (the ally whose pledge can call it in, "type treaty"): for states only some
    # draws bring in, from the day's pledge graph
    links: dict[int, tuple[int, str]] = field(default_factory=dict)

    def name(self, code: int) -> str:
        return self.names.get(code, str(code))

    def participant(self, state: int) -> Participant | None:
        return next((p for p in self.states if p.state == state), None)

    def to_dict(self) -> dict[str, Any]:
        sc = self.scenario
        out: dict[str, Any] = {
            "scenario": {
                "attackers": [{"state": s, "name": self.name(s)} for s in sorted(sc.attackers)],
                "targets": [{"state": s, "name": self.name(s)} for s in sorted(sc.targets)],
                "on": sc.on.isoformat(),
                "where": sc.where,
                "provoked": sc.provoked,
                "held_out": sorted(sc.held_out),
                "void": sorted(sc.void),
                "extra": [o.to_dict() for o in sc.extra],
            },
            "options": self.options,
            "rounds": self.rounds,
            "verdicts": [s.to_dict() for s in self.steps],
            "states": [p.to_dict() for p in self.states],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "undetermined": [s.to_dict() for s in self.undetermined],
            "breaches": [s.to_dict() for s in self.breaches],
        }
        if self.outcome is not None:
            o = self.outcome
            out["monte_carlo"] = {
                "draws": o.draws,
                "seed": o.seed,
                "honour": self.honour.to_dict() if self.honour else None,
                "coalition_sizes": o.to_dict()["coalition_sizes"][:20],
                "paths": [
                    {
                        "share": share,
                        "rounds": [
                            [
                                {"state": s, "name": self.name(s), "side": _SIDE[side].value}
                                for s, side in rnd
                            ]
                            for rnd in path
                        ],
                    }
                    for share, path in o.paths
                ],
            }
        return out


def cascade(
    kb: KnowledgeBase,
    scenario: Scenario,
    *,
    draws: int = 0,
    seed: int = 0,
    honour: HonourTable | None = None,
    assume: Assumptions = STRICT,
    undetermined_joins: bool = False,
    threads: int | None = None,
) -> Cascade:
    """Who is drawn into the war ``scenario`` describes, round by round.

    Every triggered pledge is honoured (the deterministic cascade); with
    ``draws`` > 0, each is also honoured with its probability (``honour``,
    default: :func:`foedus.analyses.honour.calibrated_or_published`) in that
    many seeded draws, and each participant gets ``p_join``.
    """
    if draws < 0:
        raise InputError(f"draws must be 0 or more, got {draws}")
    day = scenario.on
    det = rounds(kb, scenario, assume=assume, undetermined_joins=undetermined_joins)
    names: dict[int, str] = {}

    def name(code: int) -> str:
        if code not in names:
            names[code] = kb.states.name(code, day)
        return names[code]

    at_war = set(det.joined)
    steps = sorted(
        (s for s in det.steps.values() if s.beneficiary in at_war),
        key=lambda s: (
            s.round,
            s.verdict is not Verdict.TRIGGERED,
            s.beneficiary,
            s.obligor,
            s.judgement.obligation.treaty,
        ),
    )
    states = [
        Participant(s, name(s), side, rnd, det.calls.get(s, ()))
        for s, (side, rnd) in sorted(det.joined.items(), key=lambda kv: (kv[1][1], kv[1][0], kv[0]))
    ]
    undetermined = [
        s
        for s in steps
        if s.verdict is Verdict.UNDETERMINED
        and s.judgement.joins is not None
        and s.obligor not in at_war
    ]
    breaches = [
        s
        for s in steps
        if s.verdict is Verdict.TRIGGERED
        and s.judgement.breached
        and s.judgement.obligation.type in _FIGHTING + _RESTRAINING
    ]
    conflicts = sorted(det.conflicts.values(), key=lambda c: (c.round, c.state))
    result = Cascade(
        scenario=scenario,
        names=names,
        steps=steps,
        states=states,
        conflicts=conflicts,
        undetermined=undetermined,
        breaches=breaches,
        rounds=max((rnd for _, rnd in det.joined.values()), default=0),
        options={"draws": draws, "seed": seed, "undetermined_joins": undetermined_joins},
    )
    for s in [*det.joined, *det.conflicts]:
        name(s)
    if draws:
        from foedus.analyses.world import World

        table = honour or calibrated_or_published(kb)
        world = World(
            kb,
            scenario,
            assume=assume,
            honour=table,
            undetermined_joins=undetermined_joins,
            states=reachable(kb, scenario),
        )
        (outcome,) = world.simulate(
            [(scenario.attackers, scenario.targets)],
            draws,
            seed or 0,
            threads=threads,
            detail=True,
        )
        _with_chances(result, outcome, det, name)
        result.outcome = outcome
        result.honour = table
        drawn = {p.state for p in result.states}
        for b, o, _side, k in world.graph.pulls:
            if o in drawn and b in drawn and o not in result.links and b != o:
                _, treaty, kind = world.graph.commitments[k]
                result.links[o] = (b, f"{kind}\n{treaty}")
    return result


def war_scenario(
    kb: KnowledgeBase,
    attackers: Iterable[str | int],
    targets: Iterable[str | int],
    on: str | dt.date,
    **options: Any,
) -> Scenario:
    """A :class:`~foedus.analyses.judge.Scenario` from names, checked as a user expects:
    a day from 1816 to today, states that exist that day, no state on both sides or both
    fighting and held out. Raises :class:`~foedus.errors.InputError` (or
    :class:`~foedus.errors.UnknownState`) saying what to change."""
    from foedus.analyses.judge import make_scenario
    from foedus.model import parse_date

    day = parse_date(on)
    today = dt.date.today()
    if not FIRST_DAY <= day <= today:
        raise InputError(
            f"{day.isoformat()} is outside 1816-01-01 – {today.isoformat()}: foedus knows the "
            "state system and its alliances from 1816 to today; pick a day in that range"
        )
    attackers, targets = list(attackers), list(targets)
    if not attackers or not targets:
        raise InputError("a war needs at least one attacker (--attacker) and one target (--target)")
    sc = make_scenario(kb, attackers, targets, day, **options)
    for code in sorted(sc.attackers | sc.targets):
        if not kb.states.is_member(code, day):
            raise InputError(
                f"{kb.states.name(code, day)} ({code}) is not a state on {day.isoformat()} "
                "by COW's state list; pick a day when it existed"
            )
    fighting = sc.held_out & (sc.attackers | sc.targets)
    if fighting:
        who = ", ".join(kb.states.name(c, day) for c in sorted(fighting))
        raise InputError(f"{who} cannot both fight and be held out of the war")
    return sc


def reachable(kb: KnowledgeBase, scenario: Scenario) -> set[int]:
    """Every state a chain of defence, offence or guarantee pledges (or the scenario's
    hypothetical ones) links to the first day's belligerents: the only states that can join,
    whatever the judge says of each pledge."""
    kinds = list(_FIGHTING)
    extra: dict[int, set[int]] = {}
    for o in scenario.extra:
        extra.setdefault(o.beneficiary, set()).add(o.obligor)
    seen = set(scenario.attackers | scenario.targets)
    todo = list(seen)
    while todo:
        state = todo.pop()
        found = {o.obligor for o in kb.defends(state, scenario.on, kinds)}
        for obligor in (found | extra.get(state, set())) - seen:
            seen.add(obligor)
            todo.append(obligor)
    return seen


def _with_chances(result: Cascade, outcome: Outcome, det: Rounds, name: Any) -> None:
    """Put the draws' shares on the participants, add those only some draws bring in."""
    out: list[Participant] = []
    seen = set()
    for p in result.states:
        pa, pt = outcome.p_join.get(p.state, (0.0, 0.0))
        if p.round == 0:
            pa, pt = (1.0, 0.0) if p.side is Side.ATTACKER else (0.0, 1.0)
        mine = pa if p.side is Side.ATTACKER else pt
        out.append(Participant(p.state, p.name, p.side, p.round, p.because, mine, pa, pt))
        seen.add(p.state)
    for state, (pa, pt) in sorted(outcome.p_join.items(), key=lambda kv: -max(kv[1])):
        if state in seen or max(pa, pt) <= 0:
            continue
        side = Side.ATTACKER if pa >= pt else Side.TARGET
        rnd = outcome.modal_round(state) or 0
        out.append(
            Participant(
                state,
                name(state),
                side,
                rnd,
                tuple(
                    st
                    for st in det.steps.values()
                    if st.obligor == state
                    and st.verdict is Verdict.TRIGGERED
                    and st.judgement.joins is not None
                ),
                max(pa, pt),
                pa,
                pt,
                deterministic=False,
            )
        )
    result.states = out
    result.conflicts = [
        Conflict(
            c.state,
            c.name,
            c.round,
            c.kind,
            c.calls,
            c.restraints,
            outcome.p_conflict.get(c.state, 0.0),
        )
        for c in result.conflicts
    ]
    known = {c.state for c in result.conflicts}
    result.conflicts += [
        Conflict(state, name(state), outcome.modal_round(state) or 0, "in-some-draws", {}, (), p)
        for state, p in sorted(outcome.p_conflict.items(), key=lambda kv: -kv[1])
        if state not in known and state not in seen and p >= 0.001
    ]
