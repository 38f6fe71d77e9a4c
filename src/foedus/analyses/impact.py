"""What a treaty changed: every state's chance of being drawn into a war, the day before and after.

:func:`impact` takes the day a treaty entered into force (the register's
``in_force``, else the day it began), builds the world of the day before and
of that day (:class:`~foedus.analyses.world.World`, each pledge judged by the
casus-foederis judge), and runs the Monte Carlo cascade for every scenario in
which a party attacks or is attacked (with ``allies=True`` also those of the
parties' allies): each ordered pair of a party and another state existing on
both days. Both worlds see the same seeded draws, so a change in a state's
chance comes from the pledges that changed, not from the dice.

Each change names the treaty articles behind it: the treaty's pledges that
can call the state in, directly or through a chain of other pledges, with the
article each comes from (for the 2024 Russia–North Korea treaty, Art. 4). For
a bilateral treaty the wording of each treaty in the chain between the
parties is put side by side (:func:`foedus.analyses.lineage.history`): the
1961 and 2024 mutual-assistance clauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.analyses.honour import HonourTable, calibrated_or_published
from foedus.analyses.judge import Scenario
from foedus.analyses.lineage import history
from foedus.analyses.montecarlo import PledgeGraph
from foedus.analyses.world import World
from foedus.errors import InputError
from foedus.model import PartialDate, Status

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = ["Change", "Impact", "impact"]

_FIGHTING = ("defense", "offense", "guarantee")


@dataclass(frozen=True)
class Change:
    """One state's chance of fighting in one scenario, before and after the treaty."""

    state: int
    name: str
    attacker: int
    target: int
    side: str  # the side the state's chance moved on: "attacker" or "target"
    p_before: float
    p_after: float
    provisions: tuple[dict[str, Any], ...] = ()
    exposed_before: bool = False  # some chain of triggered pledges can call it to this side
    exposed_after: bool = False

    @property
    def delta(self) -> float:
        return self.p_after - self.p_before

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "name": self.name,
            "attacker": self.attacker,
            "target": self.target,
            "side": self.side,
            "p_before": self.p_before,
            "p_after": self.p_after,
            "delta": self.delta,
            "exposed_before": self.exposed_before,
            "exposed_after": self.exposed_after,
            "provisions": list(self.provisions),
        }


@dataclass
class Impact:
    """The treaty's effect on who is drawn into which wars.

    ``summary`` has one row per state whose chance moved: in how many
    scenarios it rose or fell, the largest rise and fall, and the scenario of
    the largest rise. ``wording`` holds each treaty of the chain between the
    parties with its articles (bilateral treaties).
    """

    treaty: str
    name: str
    before: dt.date
    after: dt.date
    parties: tuple[int, ...]
    scenarios: int
    draws: int
    seed: int
    changes: list[Change]
    names: dict[int, str]
    honour: HonourTable
    wording: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> list[dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = {}
        for c in self.changes:
            r = rows.setdefault(
                c.state,
                {
                    "state": c.state,
                    "name": c.name,
                    "rose": 0,
                    "fell": 0,
                    "max_rise": 0.0,
                    "max_fall": 0.0,
                    "top": None,
                    "articles": set(),
                    "newly_exposed": 0,
                    "no_longer_exposed": 0,
                },
            )
            r["newly_exposed"] += c.exposed_after and not c.exposed_before
            r["no_longer_exposed"] += c.exposed_before and not c.exposed_after
            if c.delta > 0:
                r["rose"] += 1
                if c.delta > r["max_rise"]:
                    r["max_rise"], r["top"] = c.delta, c
            elif c.delta < 0:
                r["fell"] += 1
                r["max_fall"] = min(r["max_fall"], c.delta)
            r["articles"] |= {p["article"] for p in c.provisions if p.get("article")}
        out = []
        for r in sorted(
            rows.values(), key=lambda r: (-(r["max_rise"] - r["max_fall"]), -r["newly_exposed"])
        ):
            top: Change | None = r.pop("top")
            r["articles"] = sorted(r["articles"])
            r["top_scenario"] = (
                {
                    "attacker": top.attacker,
                    "target": top.target,
                    "p_before": top.p_before,
                    "p_after": top.p_after,
                }
                if top
                else None
            )
            out.append(r)
        return out

    def name_of(self, code: int) -> str:
        return self.names.get(code, str(code))

    def to_dict(self) -> dict[str, Any]:
        return {
            "treaty": self.treaty,
            "name": self.name,
            "before": self.before.isoformat(),
            "after": self.after.isoformat(),
            "parties": [{"state": p, "name": self.name_of(p)} for p in self.parties],
            "scenarios": self.scenarios,
            "draws": self.draws,
            "seed": self.seed,
            "honour": self.honour.to_dict(),
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
            "wording": self.wording,
        }


def _entry_day(kb: KnowledgeBase, treaty: str) -> tuple[str, str, dt.date, tuple[int, ...]]:
    view = kb.treaty(treaty)
    raw = view.attributes.get("in_force")
    try:
        day = PartialDate.parse(str(raw)).first_day() if raw else None
    except InputError:
        day = None
    if day is None:
        day = PartialDate.parse(view.begins).first_day()
    parties = sorted(
        {
            m.ccode
            for p in view.phases
            for m in p.members
            if m.status == Status.IN_FORCE.value
            and PartialDate.parse(m.entry).first_day() <= day
            and (m.exit is None or PartialDate.parse(m.exit).last_day() >= day)
        }
    )
    if not parties:
        raise InputError(
            f"{treaty} binds no state on {day.isoformat()}, the day it entered into force; "
            "nothing to compare"
        )
    return view.id, view.name, day, tuple(parties)


def _allies(kb: KnowledgeBase, parties: Iterable[int], days: Iterable[dt.date]) -> set[int]:
    out: set[int] = set()
    for day in days:
        for p in parties:
            for o in kb.defends(p, day, _FIGHTING):
                out.add(o.obligor)
            for o in kb.obligations(p, day, _FIGHTING):
                out.add(o.beneficiary)
    return out - set(parties)


def impact(
    kb: KnowledgeBase,
    treaty: str | int,
    *,
    draws: int = 1000,
    seed: int = 0,
    honour: HonourTable | None = None,
    where: str | None = None,
    allies: bool = False,
    others: Iterable[int] | None = None,
    threshold: float = 0.005,
    threads: int | None = None,
) -> Impact:
    """Compare the day before ``treaty`` entered into force with that day.

    Scenarios: each party attacks, and is attacked by, every other state that
    exists on both days (with ``allies``, the parties' defence and offence
    partners too). A change is a state whose chance of joining a side moved by
    more than ``threshold``, or whose *exposure* changed: whether a chain of
    triggered pledges can call it to that side at all, however unlikely to be
    honoured (with the calibrated figures, a pledge restrained by a non-aggression
    pact honoured 99 times in 100 moves the chance by less than a draw can see).
    ``others`` limits the states a party fights (COW codes).
    """
    tid, name, after, parties = _entry_day(kb, kb.treaty_id(treaty))
    before = after - dt.timedelta(days=1)
    table = honour or calibrated_or_published(kb)
    worlds = {
        day: World(kb, Scenario(frozenset({-1}), frozenset({-2}), day, where=where), honour=table)
        for day in (before, after)
    }
    both = set(worlds[before].states) & set(worlds[after].states)
    if others is not None:
        both &= set(others) | set(parties)
    centre = set(parties) | (_allies(kb, parties, (before, after)) if allies else set())
    centre &= both
    pairs = sorted(
        {(c, x) for c in centre for x in both if x != c}
        | {(x, c) for c in centre for x in both if x != c}
    )
    outcomes = {
        day: w.simulate([({a}, {t}) for a, t in pairs], draws, seed, threads=threads, detail=False)
        for day, w in worlds.items()
    }
    articles = _articles(kb, tid, after)
    names: dict[int, str] = {}

    def name_of(code: int) -> str:
        if code not in names:
            names[code] = kb.states.name(code, after)
        return names[code]

    reaches: dict[int, _Reach] = {}

    def reach(day: dt.date, target: int) -> _Reach:
        graph = worlds[day].graph_for({target})  # one per theatre
        if id(graph) not in reaches:
            reaches[id(graph)] = _Reach(graph)
        return reaches[id(graph)]

    changes: list[Change] = []
    for (a, t), old, new in zip(pairs, outcomes[before], outcomes[after], strict=True):
        eb, ea = reach(before, t)({a}, {t}), reach(after, t)({a}, {t})
        graph = worlds[after].graph_for({t})
        for state in sorted(set(old.p_join) | set(new.p_join) | set(eb) | set(ea)):
            pb = old.p_join.get(state, (0.0, 0.0))
            pa = new.p_join.get(state, (0.0, 0.0))
            for i, side in enumerate(("attacker", "target")):
                code = i + 1
                xb, xa = code in eb.get(state, ()), code in ea.get(state, ())
                if abs(pa[i] - pb[i]) > threshold or xb != xa:
                    provisions = _because(graph, tid, state, (a, t), articles)
                    changes.append(
                        Change(state, name_of(state), a, t, side, pb[i], pa[i], provisions, xb, xa)
                    )
    for code in {*parties, *(c.attacker for c in changes), *(c.target for c in changes)}:
        name_of(code)
    return Impact(
        treaty=tid,
        name=name,
        before=before,
        after=after,
        parties=parties,
        scenarios=len(pairs),
        draws=draws,
        seed=seed,
        changes=sorted(changes, key=lambda c: (-abs(c.delta), c.state, c.attacker, c.target)),
        names=names,
        honour=table,
        wording=_wording(kb, parties) if len(parties) == 2 else [],
    )


class _Reach:
    """Who a chain of triggered pledges can call to which side, honoured or not (exposure)."""

    def __init__(self, graph: PledgeGraph) -> None:
        self.by: dict[int, list[tuple[int, int]]] = {}
        for b, o, side, _k in graph.pulls:
            self.by.setdefault(b, []).append((o, side))

    def __call__(self, attackers: set[int], targets: set[int]) -> dict[int, set[int]]:
        reach: dict[int, set[int]] = {s: {1} for s in attackers} | {s: {2} for s in targets}
        first = set(reach)
        todo = list(first)
        while todo:
            b = todo.pop()
            for o, side in self.by.get(b, ()):
                if o in first or side not in reach[b]:
                    continue
                got = reach.setdefault(o, set())
                if side not in got:
                    got.add(side)
                    todo.append(o)
        return {s: v for s, v in reach.items() if s not in first}


def _articles(kb: KnowledgeBase, treaty: str, day: dt.date) -> dict[tuple[int, int, str], Any]:
    """(obligor, beneficiary, type) -> the articles behind the treaty's pledge that day."""
    out: dict[tuple[int, int, str], Any] = {}
    for p in kb.treaty(treaty).phases:
        for m in p.members:
            for o in kb.obligations(m.ccode, day):
                if o.treaty == treaty and o.status is Status.IN_FORCE:
                    out[(o.obligor, o.beneficiary, o.type.value)] = [
                        {
                            "treaty": treaty,
                            "article": pr.article,
                            "type": o.type.value,
                            "obligor": o.obligor,
                            "beneficiary": o.beneficiary,
                            "text": pr.text,
                        }
                        for pr in o.provisions
                    ] or [
                        {
                            "treaty": treaty,
                            "article": None,
                            "type": o.type.value,
                            "obligor": o.obligor,
                            "beneficiary": o.beneficiary,
                            "text": None,
                        }
                    ]
    return out


def _because(
    graph: PledgeGraph,
    treaty: str,
    state: int,
    scenario: tuple[int, int],
    articles: dict[tuple[int, int, str], Any],
) -> tuple[dict[str, Any], ...]:
    """The treaty's pledges that can call ``state`` in: its own, or those of a state that
    can call it in, back along the pledges from the scenario's belligerents."""
    callers: dict[int, set[int]] = {}
    for b, o, _side, _k in graph.pulls:
        callers.setdefault(o, set()).add(b)
    upstream = {state}
    todo = [state]
    while todo:
        s = todo.pop()
        for b in callers.get(s, ()):
            if b not in upstream:
                upstream.add(b)
                todo.append(b)
    found: list[dict[str, Any]] = []
    seen = set()
    for edges in (graph.pulls, graph.holds):
        for b, o, _side, k in edges:
            c = graph.commitments[k]
            if c[1] != treaty or o not in upstream or (b, o, c[2]) in seen:
                continue
            seen.add((b, o, c[2]))
            found += articles.get((o, b, c[2]), [])
    unique = {(f["article"], f["type"], f["obligor"], f["beneficiary"]): f for f in found}
    return tuple(unique[k] for k in sorted(unique, key=str))


def _wording(kb: KnowledgeBase, parties: tuple[int, ...]) -> list[dict[str, Any]]:
    a, b = parties
    out = []
    for link in history(kb, a, b):
        if not link.bilateral:
            continue
        out.append(
            {
                "treaty": link.treaty,
                "name": link.name,
                "begins": link.begins,
                "ends": link.ends,
                "in_force": link.in_force,
                "a_owes_b": [t.value for t in link.a_owes_b],
                "b_owes_a": [t.value for t in link.b_owes_a],
                "added": [t.value for t in link.added],
                "dropped": [t.value for t in link.dropped],
                "articles": [
                    {"article": p.article, "obligations": list(p.obligations), "text": p.text}
                    for p in link.articles
                ],
            }
        )
    return out
