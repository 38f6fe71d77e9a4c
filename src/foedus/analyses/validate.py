"""The cascade checked against history: for each COW inter-state war, who did join?

For every war in the COW inter-state war data, the cascade starts from the
states fighting on its first day (the side with COW's initiator attacks), on
that day, and predicts who joins which side. The states that actually entered
the war later are the answer. Precision is the share of predicted joiners
that joined; recall the share of actual joiners that were predicted; both are
counted per (war, state) and reported overall and by century, beside the
naive baseline that every ally of a first-day belligerent joins its side.

A joiner counts as right on any side (``hits``) and on the predicted side
(``side_hits``). This is a measurement, not a test threshold: the cascade
knows only treaties, while states join wars for many other reasons.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.analyses.cascade import cascade
from foedus.analyses.judge import STRICT, Assumptions, Scenario, Side
from foedus.model import ObligationType, Status

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = ["Score", "WarCheck", "scores", "validate"]


@dataclass
class WarCheck:
    """One war: its first day, who fought then, who joined later, who each method predicted."""

    war: int
    name: str
    day: dt.date
    attackers: frozenset[int]
    targets: frozenset[int]
    joined: dict[int, Side]  # actual later entrants and their side
    cascade: dict[int, Side]
    baseline: dict[int, Side]
    conflicts: frozenset[int] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {
            "war": self.war,
            "name": self.name,
            "day": self.day.isoformat(),
            "attackers": sorted(self.attackers),
            "targets": sorted(self.targets),
            "joined": {str(k): v.value for k, v in sorted(self.joined.items())},
            "cascade": {str(k): v.value for k, v in sorted(self.cascade.items())},
            "baseline": {str(k): v.value for k, v in sorted(self.baseline.items())},
            "conflicts": sorted(self.conflicts),
        }


@dataclass
class Score:
    """Precision and recall of one method over some wars."""

    predicted: int = 0
    actual: int = 0
    hits: int = 0
    side_hits: int = 0
    wars: int = 0

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.actual if self.actual else None

    @property
    def side_precision(self) -> float | None:
        return self.side_hits / self.predicted if self.predicted else None

    @property
    def side_recall(self) -> float | None:
        return self.side_hits / self.actual if self.actual else None

    def add(self, predicted: dict[int, Side], actual: dict[int, Side]) -> None:
        self.wars += 1
        self.predicted += len(predicted)
        self.actual += len(actual)
        self.hits += len(set(predicted) & set(actual))
        self.side_hits += sum(1 for s, side in predicted.items() if actual.get(s) is side)

    def to_dict(self) -> dict[str, Any]:
        return {
            "wars": self.wars,
            "predicted": self.predicted,
            "actual": self.actual,
            "hits": self.hits,
            "side_hits": self.side_hits,
            "precision": self.precision,
            "recall": self.recall,
            "side_precision": self.side_precision,
            "side_recall": self.side_recall,
        }


def _century(day: dt.date) -> str:
    return {18: "19th century", 19: "20th century", 20: "21st century"}[day.year // 100]


def validate(
    kb: KnowledgeBase,
    *,
    assume: Assumptions = STRICT,
    undetermined_joins: bool = False,
) -> list[WarCheck]:
    """Run the deterministic cascade from the first day of every COW inter-state war."""
    by_war: dict[int, list[Any]] = defaultdict(list)
    for p in kb.wars():
        by_war[p.war].append(p)
    out = []
    for war, rows in sorted(by_war.items()):
        day = min(r.start.first_day() for r in rows)
        first = [r for r in rows if r.start.first_day() == day]
        later = [r for r in rows if r.start.first_day() > day]
        initiating = {r.side for r in rows if r.initiator and r in first} or {
            r.side for r in rows if r.initiator
        }
        attack_side = min(initiating) if initiating else 1
        sides = {r.ccode: (Side.ATTACKER if r.side == attack_side else Side.TARGET) for r in first}
        attackers = frozenset(s for s, side in sides.items() if side is Side.ATTACKER)
        targets = frozenset(s for s, side in sides.items() if side is Side.TARGET)
        if not attackers or not targets:
            continue
        joined = {}
        for r in later:
            if r.ccode not in sides:
                joined[r.ccode] = Side.ATTACKER if r.side == attack_side else Side.TARGET
        scenario = Scenario(attackers, targets, day, where=rows[0].where)
        c = cascade(kb, scenario, assume=assume, undetermined_joins=undetermined_joins)
        predicted = {p.state: p.side for p in c.states if p.round > 0}
        out.append(
            WarCheck(
                war=war,
                name=rows[0].name,
                day=day,
                attackers=attackers,
                targets=targets,
                joined=joined,
                cascade=predicted,
                baseline=_baseline(kb, scenario),
                conflicts=frozenset(cf.state for cf in c.conflicts),
            )
        )
    return out


def _baseline(kb: KnowledgeBase, scenario: Scenario) -> dict[int, Side]:
    """Every state with a pledge in force to or from a first-day belligerent joins its side
    (allied to both sides: the side it has more pledges with, the target's on a tie)."""
    fighting = {s: Side.ATTACKER for s in scenario.attackers}
    fighting |= {s: Side.TARGET for s in scenario.targets}
    votes: dict[int, dict[Side, int]] = defaultdict(lambda: {Side.ATTACKER: 0, Side.TARGET: 0})
    kinds = list(ObligationType.atop_types())
    for state, side in fighting.items():
        for o in kb.defends(state, scenario.on, kinds):
            if o.status is Status.IN_FORCE and o.obligor not in fighting:
                votes[o.obligor][side] += 1
        for o in kb.obligations(state, scenario.on, kinds):
            if o.status is Status.IN_FORCE and o.beneficiary not in fighting:
                votes[o.beneficiary][side] += 1
    return {
        s: (Side.ATTACKER if v[Side.ATTACKER] > v[Side.TARGET] else Side.TARGET)
        for s, v in votes.items()
    }


@dataclass
class Table:
    """Scores by method and period."""

    rows: dict[tuple[str, str], Score] = field(default_factory=dict)

    def to_dict(self) -> list[dict[str, Any]]:
        return [
            {"method": m, "period": p, **s.to_dict()} for (m, p), s in sorted(self.rows.items())
        ]


def scores(checks: list[WarCheck]) -> Table:
    """Precision and recall of the cascade and the baseline, overall and by century."""
    table = Table()
    for check in checks:
        for method, predicted in (("cascade", check.cascade), ("baseline", check.baseline)):
            for period in ("all", _century(check.day)):
                table.rows.setdefault((method, period), Score()).add(predicted, check.joined)
    return table
