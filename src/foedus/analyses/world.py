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
a state's role is its side. Where they are attacked is the judge's too: a
state that joins the target side is fought where the war is, on the first
targets' soil (the United States defending South Korea is not attacked in
North America), so a defence pledge limited to an area is judged once per
*theatre* — the first targets' home regions — and each theatre has its own
graph (:meth:`World.graph_for`); pledges without such a limit are shared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from foedus.analyses.honour import HonourTable, calibrated_or_published
from foedus.analyses.judge import (
    STRICT,
    Assume,
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
from foedus.analyses.regions import Region, home_area
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
# Where states that join the target side are fought (the first targets' home regions), and
# the first targets whose own home is not all of it (each is attacked at home).
Theatre = tuple[frozenset[Region], frozenset[int]]
_Edges = tuple[set[tuple[int, int, int, Commitment]], set[tuple[int, int, int, Commitment]]]


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
        self._open: dict[tuple[int, int, Side, frozenset[int], Theatre | None], list[Effect]] = {}
        self._fixed: _Edges | None = None
        self._graphs: dict[Theatre | None, tuple[PledgeGraph, Prepared | None]] = {}
        self._opened: list[tuple[int, Side, int, Obligation]] = []
        self._index: dict[Commitment, int] = {}
        self._everyone: tuple[int, ...] = ()
        # Unless the template places the war, the judge takes it to be on the first targets'
        # soil, so area-limited defence pledges are judged per theatre.
        self._theatres = template.where is None and assume.where is Assume.HOME
        self._theatre_of: dict[frozenset[int], Theatre | None] = {}
        self._placed: dict[int, list[Obligation]] = {}

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

    def _by_theatre(self, o: Obligation, side: Side) -> bool:
        """Whether ``o``'s verdict, its beneficiary on the target side, depends on where the
        war is (an area limit, the war not placed): then it is judged per theatre."""
        return (
            self._theatres
            and side is Side.TARGET
            and o.type in _DEFENSIVE
            and any(t.kind is ConditionKind.GEOGRAPHIC_SCOPE for t in o.terms)
        )

    def placed(self, state: int) -> list[Obligation]:
        """The pledges toward ``state`` judged per theatre (see :meth:`_by_theatre`); open
        ones are judged per scenario instead, in its theatre."""
        if state not in self._placed:
            self._placed[state] = [
                o
                for o in self.toward(state)
                if self._by_theatre(o, Side.TARGET) and not self.is_open(o, Side.TARGET)
            ]
        return self._placed[state]

    def theatre(self, targets: Iterable[int]) -> Theatre | None:
        """Where a scenario whose first targets are ``targets`` is fought, as the judge takes
        it when the scenario does not say (None when the template places the war, or the
        judge is not to assume a place)."""
        key = frozenset(targets)
        if key not in self._theatre_of:
            homes = {t: home_area(t) for t in key if t > 0}  # not the stand-ins
            fighting: frozenset[Region] = frozenset().union(*homes.values())
            odd = frozenset(t for t, home in homes.items() if home != fighting)
            self._theatre_of[key] = (fighting, odd) if self._theatres else None
        return self._theatre_of[key]

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

    def _judged(
        self,
        state: int,
        side: Side,
        pledges: Sequence[Obligation],
        enemies: frozenset[int],
        theatre: Theatre | None = None,
    ) -> list[Effect]:
        """What ``pledges`` toward ``state`` do when it fights ``enemies`` on ``side``; on the
        target side, in ``theatre`` unless ``state`` is a first target attacked at home."""
        me = frozenset({state})
        sc = self.scenario(me, enemies) if side is Side.ATTACKER else self.scenario(enemies, me)
        if side is Side.TARGET and theatre is not None and state not in theatre[1]:
            # Joiners and first targets alike are fought in the theatre (the judge's rule;
            # a first target's home is all of it, or it is listed apart).
            where = " ".join(r.value.replace("-", " ") for r in sorted(theatre[0]))
            sc = dataclasses.replace(sc, where=where or None)
        judged = judge(pledges, sc, sc.sides, assume=self.assume, names=self.name)
        return [e for e in map(self._effect, judged) if e is not None]

    def effects(self, state: int, side: Side) -> list[Effect]:
        """What the pledges toward ``state`` that every scenario shares (no open condition,
        no area limit judged per theatre) do when it fights on ``side``."""
        fixed = [
            o
            for o in self.toward(state)
            if not self.is_open(o, side) and not self._by_theatre(o, side)
        ]
        return self._judged(state, side, fixed, frozenset({_NOBODY}))

    def effects_in(self, state: int, theatre: Theatre) -> list[Effect]:
        """What the area-limited pledges toward ``state`` (:meth:`placed`) do when it fights
        on the target side in ``theatre``."""
        placed = self.placed(state)
        if not placed:
            return []
        return self._judged(state, Side.TARGET, placed, frozenset({_NOBODY}), theatre)

    # -- the graph ------------------------------------------------------------------------

    def _base(self) -> _Edges:
        """The pledges every scenario of the day shares, and the day's commitment index."""
        if self._fixed is None:
            pulls: set[tuple[int, int, int, Commitment]] = set()
            holds: set[tuple[int, int, int, Commitment]] = set()
            for state in self.states:
                for side in (Side.ATTACKER, Side.TARGET):
                    for obligor, kind, s, commit in self.effects(state, side):
                        (pulls if kind == "pull" else holds).add((state, obligor, _CODE[s], commit))
            # Open pledges are judged per scenario and area-limited ones per theatre, but their
            # commitments (and states) belong to the day, so every graph shares one index.
            self._opened = [
                (state, side, i, o)
                for state in self.states
                for side in (Side.ATTACKER, Side.TARGET)
                for i, o in enumerate(self.toward(state))
                if self.is_open(o, side)
            ]
            placed = [o for state in self.states for o in self.placed(state)]
            later = {(o.obligor, o.treaty, o.type.value) for *_, o in self._opened}
            later |= {(o.obligor, o.treaty, o.type.value) for o in placed}
            commits = sorted({e[3] for e in pulls} | {e[3] for e in holds} | later)
            self._index = {c: i for i, c in enumerate(commits)}
            everyone = set(self.states) | {x for e in (*pulls, *holds) for x in e[:2]}
            everyone |= {x for o in placed for x in (o.obligor, o.beneficiary)}
            everyone |= {o.obligor for *_, o in self._opened}
            self._everyone = tuple(sorted(everyone))
            self._fixed = (pulls, holds)
        return self._fixed

    def graph_for(self, targets: Iterable[int]) -> PledgeGraph:
        """The day's pledge graph for scenarios whose first targets are ``targets``: every
        pledge without open conditions, in both roles, area-limited ones in their theatre."""
        return self._entry(self.theatre(targets))[0]

    @property
    def graph(self) -> PledgeGraph:
        """The pledge graph for the template's own targets (see :meth:`graph_for`)."""
        return self.graph_for(self.template.targets)

    def _entry(self, theatre: Theatre | None) -> tuple[PledgeGraph, Prepared | None]:
        if theatre not in self._graphs:
            fixed_pulls, fixed_holds = self._base()
            pulls, holds = set(fixed_pulls), set(fixed_holds)
            if theatre is not None:
                for state in self.states:
                    for obligor, kind, s, commit in self.effects_in(state, theatre):
                        (pulls if kind == "pull" else holds).add((state, obligor, _CODE[s], commit))
            opened = {o.obligor for *_, o in self._opened}
            movers = {o for _, o, _, _ in pulls} | opened
            holds = {h for h in holds if h[1] in movers}  # a hold only matters to a mover
            commits = sorted(self._index, key=self._index.__getitem__)
            year = self.day.year
            graph = PledgeGraph(
                states=self._everyone,
                commitments=tuple(commits),
                probabilities=tuple(self.honour.probability(c[2], year) for c in commits),
                pulls=tuple(sorted((b, o, s, self._index[c]) for b, o, s, c in pulls)),
                holds=tuple(sorted((b, o, s, self._index[c]) for b, o, s, c in holds)),
            )
            self._graphs[theatre] = (graph, None)
        return self._graphs[theatre]

    def _prepared(self, theatre: Theatre | None) -> Prepared:
        graph, ready = self._entry(theatre)
        if ready is None:
            ready = prepare(graph)
            self._graphs[theatre] = (graph, ready)
        return ready

    def start(self, attackers: Iterable[int], targets: Iterable[int]) -> Start:
        """A scenario's first day, with its open pledges judged for it."""
        a, t = frozenset(attackers), frozenset(targets)
        self._base()
        theatre = self.theatre(t)
        known = set(self._everyone)
        pulls: list[Edge] = []
        holds: list[Edge] = []
        for state, side, i, o in self._opened:
            enemies = t if side is Side.ATTACKER else a
            enemies = enemies - {state} or frozenset({_NOBODY})
            where = theatre if side is Side.TARGET and o.type in _DEFENSIVE else None
            key = (state, i, side, enemies, where)
            if key not in self._open:
                self._open[key] = self._judged(state, side, [o], enemies, where)
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
        """Run each (attackers, targets) scenario ``draws`` times through its theatre's graph."""
        starts = [self.start(a, t) for a, t in scenarios]
        detail = len(starts) == 1 if detail is None else detail
        groups: dict[Theatre | None, list[int]] = {}
        for i, st in enumerate(starts):
            groups.setdefault(self.theatre(st.targets), []).append(i)
        out: list[Outcome | None] = [None] * len(starts)
        for theatre, members in groups.items():
            done = simulate(
                self._prepared(theatre),
                [starts[i] for i in members],
                draws,
                seed,
                threads=threads,
                detail=detail,
            )
            for i, outcome in zip(members, done, strict=True):
                out[i] = outcome
        return [o for o in out if o is not None]
