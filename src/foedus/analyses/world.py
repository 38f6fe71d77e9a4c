"""One day's pledges, judged once per role, as the graph the Monte Carlo cascade runs on.

Judging a pledge costs tens of microseconds; a sweep over every pair of
states asks the same question (does Germany's pledge to Austria-Hungary
trigger when Austria-Hungary is attacked?) for every pair that draws
Austria-Hungary in. A :class:`World` asks the casus-foederis judge
(:mod:`foedus.analyses.judge`) once per pledge in force that day and per
*role* of its beneficiary (fighting on the attacking side; on the target side,
attacked) and keeps what each triggered pledge does as one
:class:`~foedus.analyses.montecarlo.PledgeGraph` for the whole day. A scenario
is then only its first day (who attacks whom), run through that graph.

The judge's verdict depends on the sides only through the beneficiary's role,
except for conditions that look at who fights the ally (a named adversary,
the number of attackers, where the fighting is when the scenario does not say
it): such *open* pledges are judged for each scenario, taking the ally's
enemies to be the states that fight its side on the first day, and memoised
on those enemies.

States that join the target side count as attacked (the judge's default), so
a state's role is its side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

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
from foedus.analyses.montecarlo import (
    ATTACKER,
    TARGET,
    Commitment,
    Edge,
    Outcome,
    PledgeGraph,
    Prepared,
    Start,
    prepare,
    simulate,
)
from foedus.model import ConditionKind, Obligation, ObligationType

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = ["OPEN_KINDS", "World"]

#: Condition kinds whose check can look at who fights the ally.
OPEN_KINDS = frozenset(
    {
        ConditionKind.NAMED_ADVERSARY,
        ConditionKind.NUMBER_OF_ATTACKERS,
        ConditionKind.GEOGRAPHIC_SCOPE,
    }
)
_RESTRAINING = (ObligationType.NEUTRALITY, ObligationType.NONAGGRESSION)
_DEFENSIVE = (ObligationType.DEFENSE, ObligationType.GUARANTEE)
_NOBODY = -1  # the stand-in enemy when a pledge is judged in a role
_CODE = {Side.ATTACKER: ATTACKER, Side.TARGET: TARGET}
# What a judged pledge does: (obligor, "pull" or "hold", side of the beneficiary, commitment).
Effect = tuple[int, str, Side, Commitment]


class World:
    """Every pledge in force on ``template.on``, judged per role, as one pledge graph.

    ``template`` is a scenario whose options (where, provoked, held out, void,
    hypothetical pledges…) every scenario run in this world shares; its
    attackers and targets are ignored. ``undetermined_joins`` lets an
    undetermined pledge call its obligor in as a triggered one would.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        template: Scenario,
        *,
        assume: Assumptions = STRICT,
        honour: HonourTable | None = None,
        undetermined_joins: bool = False,
        states: Iterable[int] | None = None,
    ) -> None:
        self.kb = kb
        self.template = template
        self.day: dt.date = template.on
        self.assume = assume
        self.honour = honour or calibrated_or_published()
        self.live = (
            (Verdict.TRIGGERED, Verdict.UNDETERMINED)
            if undetermined_joins
            else (Verdict.TRIGGERED,)
        )
        listed = self.kb.states
        self.states = tuple(
            sorted(states)
            if states is not None
            else (c for c in listed.codes() if listed.is_member(c, self.day))
        )
        self._names: dict[int, str] = {}
        self._toward: dict[int, list[Obligation]] = {}
        self._open: dict[tuple[int, int, Side, frozenset[int]], list[Effect]] = {}
        self._graph: PledgeGraph | None = None
        self._prepared: Prepared | None = None
        self._opened: list[tuple[int, Side, int, Obligation]] = []
        self._index: dict[Commitment, int] = {}

    # -- judging --------------------------------------------------------------------------

    def name(self, code: int) -> str:
        if code == _NOBODY:
            return "the other side"
        if code not in self._names:
            self._names[code] = self.kb.states.name(code, self.day)
        return self._names[code]

    def scenario(self, attackers: Iterable[int], targets: Iterable[int]) -> Scenario:
        return dataclasses.replace(
            self.template, attackers=frozenset(attackers), targets=frozenset(targets)
        )

    def toward(self, state: int) -> list[Obligation]:
        """The pledges in force toward ``state`` (and the template's hypothetical ones)."""
        if state not in self._toward:
            sc = self.scenario({_NOBODY}, {state})
            self._toward[state] = at_stake(self.kb, sc, Sides(frozenset(), frozenset({state})))
        return self._toward[state]

    def is_open(self, o: Obligation, side: Side) -> bool:
        """Whether the judge's verdict on ``o``, its beneficiary on ``side``, can depend on who
        fights the beneficiary (a condition the judge checks against the enemies)."""
        if o.type is ObligationType.CONSULTATION:
            return False  # consultation calls nobody in and forbids nothing
        if o.type in _DEFENSIVE and side is Side.ATTACKER:
            return False  # not triggered whatever its conditions
        if o.type is ObligationType.OFFENSE and side is Side.TARGET:
            return False
        placed = self.template.where is not None
        for t in o.terms:
            if t.kind is ConditionKind.NAMED_ADVERSARY and t.adversaries:
                return True
            if t.kind is ConditionKind.NUMBER_OF_ATTACKERS:
                return True
            if (
                t.kind is ConditionKind.GEOGRAPHIC_SCOPE
                and not placed
                and (o.type in _RESTRAINING or side is Side.ATTACKER)
            ):
                return True
        return False

    def _effect(self, j: Judgement) -> Effect | None:
        o = j.obligation
        if j.held_out or j.verdict not in self.live:
            return None
        commit = (o.obligor, o.treaty, o.type.value)
        side = j.beneficiary_side
        if side is None:
            return None
        if j.joins is not None:
            return (o.obligor, "pull", side, commit)
        if j.may_not_join is not None and j.verdict is Verdict.TRIGGERED:
            return (o.obligor, "hold", side, commit)
        return None

    def _judged(self, state: int, side: Side, pledges: Sequence[Obligation],
                enemies: frozenset[int]) -> list[Effect]:  # fmt: skip
        me = frozenset({state})
        sc = self.scenario(me, enemies) if side is Side.ATTACKER else self.scenario(enemies, me)
        judged = judge(pledges, sc, sc.sides, assume=self.assume, names=self.name)
        return [e for e in map(self._effect, judged) if e is not None]

    def effects(self, state: int, side: Side) -> list[Effect]:
        """What the pledges toward ``state`` without open conditions do when it fights on
        ``side``."""
        fixed = [o for o in self.toward(state) if not self.is_open(o, side)]
        return self._judged(state, side, fixed, frozenset({_NOBODY}))

    # -- the graph ------------------------------------------------------------------------

    @property
    def graph(self) -> PledgeGraph:
        """The day's pledge graph: every pledge without open conditions, in both roles."""
        if self._graph is None:
            pulls: set[tuple[int, int, int, Commitment]] = set()
            holds: set[tuple[int, int, int, Commitment]] = set()
            for state in self.states:
                for side in (Side.ATTACKER, Side.TARGET):
                    for obligor, kind, s, commit in self.effects(state, side):
                        (pulls if kind == "pull" else holds).add((state, obligor, _CODE[s], commit))
            # Open pledges are judged per scenario, but their commitments belong to the day.
            self._opened = [
                (state, side, i, o)
                for state in self.states
                for side in (Side.ATTACKER, Side.TARGET)
                for i, o in enumerate(self.toward(state))
                if self.is_open(o, side)
            ]
            opened = {(o.obligor, o.treaty, o.type.value) for *_, o in self._opened}
            movers = {o for _, o, _, _ in pulls} | {c[0] for c in opened}
            holds = {h for h in holds if h[1] in movers}  # a hold only matters to a mover
            commits = sorted({e[3] for e in pulls} | {e[3] for e in holds} | opened)
            self._index = {c: i for i, c in enumerate(commits)}
            year = self.day.year
            everyone = set(self.states) | {x for e in (*pulls, *holds) for x in e[:2]}
            self._graph = PledgeGraph(
                states=tuple(sorted(everyone)),
                commitments=tuple(commits),
                probabilities=tuple(self.honour.probability(c[2], year) for c in commits),
                pulls=tuple(sorted((b, o, s, self._index[c]) for b, o, s, c in pulls)),
                holds=tuple(sorted((b, o, s, self._index[c]) for b, o, s, c in holds)),
            )
        return self._graph

    def start(self, attackers: Iterable[int], targets: Iterable[int]) -> Start:
        """A scenario's first day, with its open pledges judged for it."""
        graph = self.graph
        a, t = frozenset(attackers), frozenset(targets)
        known = set(graph.states)
        pulls: list[Edge] = []
        holds: list[Edge] = []
        for state, side, i, o in self._opened:
            enemies = t if side is Side.ATTACKER else a
            enemies = enemies - {state} or frozenset({_NOBODY})
            key = (state, i, side, enemies)
            if key not in self._open:
                self._open[key] = self._judged(state, side, [o], enemies)
            for obligor, kind, s, commit in self._open[key]:
                if obligor not in known or commit not in self._index:
                    continue
                edge = (state, obligor, _CODE[s], self._index[commit])
                (pulls if kind == "pull" else holds).append(edge)
        return Start(a, t, tuple(pulls), tuple(holds))

    def simulate(
        self,
        scenarios: Sequence[tuple[Iterable[int], Iterable[int]]],
        draws: int = 1000,
        seed: int = 0,
        *,
        threads: int | None = None,
        detail: bool | None = None,
    ) -> list[Outcome]:
        """Run each (attackers, targets) scenario ``draws`` times through the day's graph."""
        starts = [self.start(a, t) for a, t in scenarios]
        if self._prepared is None:
            self._prepared = prepare(self.graph)
        return simulate(self._prepared, starts, draws, seed, threads=threads, detail=detail)
