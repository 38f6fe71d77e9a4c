"""Directed pledges: who owes which obligation to whom, derived from memberships.

A membership says what one state promises under one phase of a treaty; a
pledge says to whom. The rule, following the ATOP codebook (sections 2.6-2.7):

* obligations hold between members of the *same phase* of the same treaty;
* each member owes its *own* obligations (they may be asymmetric);
* two members are bound only while both are in: from the later entry to the
  earlier exit, both days inclusive; members whose spells never meet share
  no pledge, and neither do a state and its successor when one leaves on the
  day the other enters (ATOP dates West Germany's exit and united Germany's
  entry both 3 October 1990: a hand-over, not a day of co-membership);
* by default a member owes its obligations to every other member of the
  phase; where the treaty directs an obligation at some partners only
  (ATOP's OBVARY, and guarantee pacts such as Locarno), a partner rule lists
  the beneficiaries.

A worked case, the Quadruple Alliance's "Britain and France defend Sweden"
pattern (the codebook's 1855 example): Britain and France pledge defense
and consultation, Sweden pledges consultation only, and the defense pledges
run only to Sweden.

>>> from foedus.model import Membership, ObligationType as T, PartialDate as P
>>> def member(code, *types):
...     return Membership("x-1855", 0, code, P(1855, 11, 21), P(1856, 3, 30), frozenset(types))
>>> rows = [member(200, T.DEFENSE, T.CONSULTATION), member(220, T.DEFENSE, T.CONSULTATION),
...         member(380, T.CONSULTATION)]
>>> rules = {("x-1855", 0, 200, T.DEFENSE): frozenset({380}),
...          ("x-1855", 0, 220, T.DEFENSE): frozenset({380})}
>>> pairs = list(derive_partnerships(rows))
>>> sorted((p.obligor, p.beneficiary) for p in derive_pledges(pairs, rules)
...        if p.type is T.DEFENSE)
[(200, 380), (220, 380)]
>>> sorted((p.obligor, p.beneficiary) for p in derive_pledges(pairs, rules)
...        if p.type is T.CONSULTATION)
[(200, 220), (200, 380), (220, 200), (220, 380), (380, 200), (380, 220)]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from foedus.model import (
    Membership,
    ObligationType,
    PartialDate,
    PartnerRules,
    Precision,
    Status,
)

__all__ = [
    "PartnerRules",
    "Partnership",
    "Pledge",
    "Suspension",
    "apply_suspensions",
    "continuing_members",
    "derive_partnerships",
    "derive_pledges",
    "weaker",
]


@dataclass(frozen=True)
class Pledge:
    """One directed obligation over one interval (both ends inclusive, open end None)."""

    treaty: str
    phase: int
    obligor: int
    beneficiary: int
    type: ObligationType
    valid_from: dt.date
    from_precision: Precision
    valid_to: dt.date | None
    to_precision: Precision | None
    membership: Membership  # the obligor's membership: conditions and source
    continues: bool = False  # carried on by a later phase from ``valid_to``
    status: Status = Status.IN_FORCE


def _overlap(a: Membership, b: Membership) -> tuple[PartialDate, PartialDate | None] | None:
    start = max(a.entry, b.entry, key=PartialDate.first_day)
    ends = [e for e in (a.exit, b.exit) if e is not None]
    end = min(ends, key=PartialDate.last_day) if ends else None
    if end is not None and end.last_day() < start.first_day():
        return None
    if end is not None and _hand_over(a, b, end, start):
        return None
    return start, end


def _hand_over(a: Membership, b: Membership, end: PartialDate, start: PartialDate) -> bool:
    """True when one member leaves on the very day the other joins."""
    if end.precision is not Precision.DAY or start.precision is not Precision.DAY:
        return False
    if end.first_day() != start.first_day():
        return False
    return (a.exit is not None and a.exit == b.entry) or (b.exit is not None and b.exit == a.entry)


@dataclass(frozen=True)
class Partnership:
    """Two members of one treaty phase and the interval during which both are in."""

    treaty: str
    phase: int
    a: Membership
    b: Membership
    start: PartialDate
    end: PartialDate | None
    continues: bool = False  # the pair carries on in a later phase from its last day


def derive_partnerships(memberships: Iterable[Membership]) -> Iterator[Partnership]:
    """Every ordered pair of distinct members of one phase whose memberships overlap.

    ``continues`` marks a pair whose last day is the first day of the same
    pair in a later phase of the treaty (an amendment, not an ending).
    """
    pairs = list(_pairs(memberships))
    starts = {
        (p.treaty, p.phase, p.a.ccode, p.b.ccode, p.start.first_day())
        for p in pairs
        if p.start.precision is Precision.DAY
    }
    later = defaultdict(list)
    for treaty, phase, a, b, day in starts:
        later[(treaty, a, b, day)].append(phase)
    for p in pairs:
        if p.end is not None and p.end.precision is Precision.DAY:
            key = (p.treaty, p.a.ccode, p.b.ccode, p.end.first_day())
            if any(phase > p.phase for phase in later.get(key, ())):
                p = replace(p, continues=True)
        yield p


def _pairs(memberships: Iterable[Membership]) -> Iterator[Partnership]:
    phases: dict[tuple[str, int], list[Membership]] = defaultdict(list)
    for m in memberships:
        phases[(m.treaty, m.phase)].append(m)
    for (treaty, phase), members in phases.items():
        for a in members:
            for b in members:
                if a.ccode == b.ccode:
                    continue
                span = _overlap(a, b)
                if span is not None:
                    yield Partnership(treaty, phase, a, b, *span)


def derive_pledges(
    partnerships: Iterable[Partnership], partner_rules: PartnerRules | None = None
) -> Iterator[Pledge]:
    """Every directed pledge the partnerships carry (see the module docstring)."""
    rules = partner_rules or {}
    for pair in partnerships:
        a, b = pair.a, pair.b
        for kind in sorted(a.obligations, key=_ORDER.index):
            only = rules.get((pair.treaty, pair.phase, a.ccode, kind))
            if only is not None and b.ccode not in only:
                continue
            yield Pledge(
                treaty=pair.treaty,
                phase=pair.phase,
                obligor=a.ccode,
                beneficiary=b.ccode,
                type=kind,
                valid_from=pair.start.first_day(),
                from_precision=pair.start.precision,
                valid_to=pair.end.last_day() if pair.end else None,
                to_precision=pair.end.precision if pair.end else None,
                membership=a,
                continues=pair.continues,
                status=weaker(a.status, b.status),
            )


_ORDER = list(ObligationType)


def continuing_members(memberships: Iterable[Membership]) -> set[Membership]:
    """Memberships whose member carries on in a later phase of the treaty from its exit day."""
    members = list(memberships)
    entries = {
        (m.treaty, m.ccode, m.entry.first_day()): m.phase
        for m in members
        if m.entry.precision is Precision.DAY
    }
    out = set()
    for m in members:
        if m.exit is None or m.exit.precision is not Precision.DAY:
            continue
        nxt = entries.get((m.treaty, m.ccode, m.exit.first_day()))
        if nxt is not None and nxt > m.phase:
            out.add(m)
    return out


_STRENGTH = {
    Status.ENDED: -2,
    Status.POLITICAL: -1,
    Status.SIGNED: 0,
    Status.SUSPENDED: 1,
    Status.IN_FORCE: 2,
}


def weaker(a: Status, b: Status) -> Status:
    """The standing of a pledge between two members: the weaker of their two standings.

    >>> weaker(Status.IN_FORCE, Status.SIGNED).value
    'signed'
    """
    return a if _STRENGTH[a] <= _STRENGTH[b] else b


@dataclass(frozen=True)
class Suspension:
    """Obligations between two members of a treaty held back (both ways) over an interval.

    By default suspended, all types; ``status`` and ``types`` narrow it: an article
    that entered into force after the treaty (the EU's Art. 42(7) in 2009) holds its
    obligation type at ``signed`` until then. ``a`` or ``b`` None means every member.
    """

    treaty: str
    a: int | None
    b: int | None
    start: dt.date
    end: dt.date | None  # inclusive; None while the suspension lasts
    status: Status = Status.SUSPENDED
    types: frozenset[ObligationType] | None = None  # None: every type

    def covers(self, pledge: Pledge) -> bool:
        pair = {pledge.obligor, pledge.beneficiary}
        return (
            (self.a is None or self.a in pair)
            and (self.b is None or self.b in pair)
            and (self.types is None or pledge.type in self.types)
        )


def apply_suspensions(
    pledges: Iterable[Pledge], suspensions: Iterable[Suspension]
) -> Iterator[Pledge]:
    """Split each pledge where a suspension covers part of it, marking that part suspended.

    >>> from foedus.model import Membership, ObligationType as T, PartialDate as P
    >>> m = [Membership("anzus", 0, c, P(1951, 9, 1), None, frozenset({T.DEFENSE}))
    ...      for c in (2, 920)]
    >>> cut = Suspension("anzus", 2, 920, dt.date(1986, 8, 11), None)
    >>> for p in apply_suspensions(derive_pledges(derive_partnerships(m)), [cut]):
    ...     print(p.obligor, p.valid_from, p.valid_to, p.status.value)
    2 1951-09-01 1986-08-10 in_force
    2 1986-08-11 None suspended
    920 1951-09-01 1986-08-10 in_force
    920 1986-08-11 None suspended
    """
    by_treaty: dict[str, list[Suspension]] = defaultdict(list)
    for cut in suspensions:
        by_treaty[cut.treaty].append(cut)
    for pledge in pledges:
        cuts = [c for c in by_treaty.get(pledge.treaty, ()) if c.covers(pledge)]
        yield from _split(pledge, sorted(cuts, key=lambda c: c.start)) if cuts else (pledge,)


def _split(pledge: Pledge, cuts: list[Suspension]) -> Iterator[Pledge]:
    open_end = dt.date.max
    start, end = pledge.valid_from, pledge.valid_to or open_end
    for cut in cuts:
        cut_end = cut.end or open_end
        if cut_end < start or cut.start > end:
            continue
        if cut.start > start:
            yield _piece(pledge, start, cut.start - dt.timedelta(days=1), pledge.status)
        last = min(cut_end, end)
        yield _piece(pledge, max(cut.start, start), last, weaker(pledge.status, cut.status))
        if last == open_end:
            return
        start = last + dt.timedelta(days=1)
        if start > end:
            return
    yield _piece(pledge, start, end, pledge.status)


def _piece(pledge: Pledge, start: dt.date, end: dt.date, status: Status) -> Pledge:
    closed = end != dt.date.max
    return replace(
        pledge,
        valid_from=start,
        from_precision=pledge.from_precision if start == pledge.valid_from else Precision.DAY,
        valid_to=end if closed else None,
        to_precision=(pledge.to_precision if end == pledge.valid_to else Precision.DAY)
        if closed
        else None,
        continues=pledge.continues and end == pledge.valid_to,
        status=status,
    )
