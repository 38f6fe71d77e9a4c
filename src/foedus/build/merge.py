"""Merge the curated register with ATOP: one view of who owes what to whom, with sources.

A register record either stands alone (a treaty ATOP does not have, such as
the 2024 Russia–DPRK treaty) or is linked to an ATOP alliance:

* ``continues`` / ``amends``: the record adds members (North Macedonia,
  Finland, Sweden in NATO), exits and endings after ATOP's coverage, and
  suspensions; ATOP's own rows stand unless the record says why not;
* ``provisions-only``: ATOP's members and dates stand; the record adds
  article-level provisions;
* ``related``: a different treaty, merged as one that stands alone.

Register facts never overwrite ATOP rows silently. Where a record contradicts
ATOP (another entry date, an exit ATOP does not have, an obligation ATOP
does not code) the merge reports a :class:`Conflict`. It applies the
register's reading only when the record explains the difference
(``atop.differences`` with ``follow: register``); otherwise ATOP stands.
``foedus register check`` lists every conflict and whether it is explained.

Pledges of register treaties carry a status: ``signed`` between signature and
the day a party became bound, ``in_force`` after, ``suspended`` where a
suspension event covers them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from foedus._version import __version__
from foedus.build.pledges import PartnerRules, Suspension
from foedus.model import (
    Membership,
    ObligationType,
    PartialDate,
    Source,
    Status,
    Term,
    Treaty,
)
from foedus.register.schema import (
    Article,
    AtopDifference,
    AtopRelation,
    Condition,
    ConditionKind,
    EventKind,
    ObligationKind,
    TreatyRecord,
)

__all__ = [
    "DATASET",
    "Conflict",
    "MergeResult",
    "Provision",
    "RegisterEvent",
    "condition_text",
    "merge_register",
]

DATASET = "foedus register"
_ENDING = {EventKind.TERMINATED, EventKind.WITHDRAWN, EventKind.LAPSED}
_LINKED = {AtopRelation.CONTINUES, AtopRelation.AMENDS, AtopRelation.PROVISIONS_ONLY}
# ATOP's coverage ends here: an exit or ending after it adds to ATOP, it does not contradict it.
ATOP_END = dt.date(2018, 12, 31)

_CONDITION_WORDS = {
    ConditionKind.NAMED_ADVERSARY: "only against a named adversary",
    ConditionKind.GEOGRAPHIC_SCOPE: "geographic scope",
    ConditionKind.SPECIFIC_CONFLICT: "only in a particular conflict",
    ConditionKind.NUMBER_OF_ATTACKERS: "depending on the number of attackers",
    ConditionKind.DEMANDS: "only if stated demands are not met",
    ConditionKind.NON_PROVOCATION: "only if the ally did not provoke the attack",
    ConditionKind.ONLY_IF_ATTACKED: "only if the ally is attacked",
    ConditionKind.ONLY_IF_REQUESTED: "only if the ally requests it",
    ConditionKind.CONSTITUTIONAL_PROCESSES: "in accordance with constitutional processes",
    ConditionKind.WITHOUT_DELAY: "immediately, without delay",
    ConditionKind.STATE_OF_WAR_BY_ARMED_ATTACK: (
        "when an armed attack puts the ally in a state of war"
    ),
    ConditionKind.UN_CHARTER_ART_51: "as self-defence under Art. 51 of the UN Charter",
    ConditionKind.NATIONAL_LEGISLATION: "in compliance with the parties' national laws",
    ConditionKind.DISCRETION: "each party decides the action it takes",
    ConditionKind.OTHER: "on a further condition",
}


def condition_text(cond: Condition, article: Article) -> str:
    """A register condition in words, with the article it comes from.

    >>> from foedus.register.schema import Condition, ConditionKind
    >>> art = Article.model_validate({"number": "IV", "obligations": [{"type": "defense"}],
    ...     "text": "x", "text_kind": "paraphrase", "sources": [{"title": "t"}]})
    >>> pacific = Condition(kind=ConditionKind.GEOGRAPHIC_SCOPE, scope="the Pacific Area")
    >>> condition_text(pacific, art)
    'geographic scope: the Pacific Area (Art. IV)'
    """
    words = _CONDITION_WORDS[cond.kind]
    detail = cond.scope or (cond.note if cond.kind is ConditionKind.OTHER else None)
    if detail:
        words = f"{words}: {detail}"
    return f"{words} ({article.ref})"


@dataclass(frozen=True)
class Provision:
    """An article of a treaty and an obligation type it creates (for some obligors)."""

    treaty: str
    article: str
    type: ObligationType | None  # None for an article that defines or qualifies others
    obligors: tuple[int, ...]
    beneficiaries: tuple[int, ...]
    conditions: tuple[str, ...]
    text: str
    text_kind: str
    confidence: str
    sources: tuple[dict[str, Any], ...]
    record: str
    terms: tuple[Term, ...] = ()  # ``conditions`` as data

    def covers(self, obligor: int, beneficiary: int) -> bool:
        return (not self.obligors or obligor in self.obligors) and (
            not self.beneficiaries or beneficiary in self.beneficiaries
        )


@dataclass(frozen=True)
class RegisterEvent:
    """A status event of a register record (signature, ratification, invocation, exit...)."""

    treaty: str
    kind: str
    date: PartialDate
    parties: tuple[int, ...]
    counterparties: tuple[int, ...]
    article: str | None
    legal_effect: bool
    contested: bool
    note: str | None
    confidence: str
    sources: tuple[dict[str, Any], ...]
    record: str


@dataclass(frozen=True)
class Conflict:
    """A register fact that contradicts ATOP, and whether the record explains it."""

    record: str
    treaty: str
    about: str
    ccode: int | None
    atop_says: str
    register_says: str
    explained: bool
    follow: str  # "register" or "atop": the reading foedus uses
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MergeResult:
    """ATOP's rows with the register applied, plus what the register adds."""

    treaties: list[Treaty]
    memberships: list[Membership]
    partner_rules: dict[tuple[str, int, int, ObligationType], frozenset[int]]
    suspensions: list[Suspension] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    events: list[RegisterEvent] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (treaty, ccode)
    records: dict[str, str] = field(default_factory=dict)  # record id -> treaty id


def _sources(fact: Any) -> tuple[dict[str, Any], ...]:
    return tuple(c.model_dump(mode="json", exclude_none=True) for c in fact.sources)


def _source(record: TreatyRecord, where: str, note: str | None = None) -> Source:
    return Source(DATASET, __version__, f"{record.id}.yaml: {where}", note)


def _day_before(day: PartialDate) -> PartialDate:
    prev = day.first_day() - dt.timedelta(days=1)
    return PartialDate(prev.year, prev.month, prev.day)


def _types(kind: ObligationKind) -> ObligationType | None:
    return None if kind is ObligationKind.NONE else ObligationType(kind.value)


def _obligations(record: TreatyRecord) -> Iterator[tuple[Article, Any, ObligationType]]:
    """Every (article, obligation, type) the record's articles create, skipping "none"."""
    for article in record.articles:
        for ob in article.obligations:
            kind = _types(ob.type)
            if kind is not None:
                yield article, ob, kind


def _provisions(record: TreatyRecord, treaty: str) -> list[Provision]:
    out = []
    for article in record.articles:
        text = article.text
        if article.in_force_from:
            text = f"{text} (in force from {article.in_force_from.iso()})"
        for ob in article.obligations:
            kind = _types(ob.type)  # None: the article creates no obligation (NATO Art. 6)
            out.append(
                Provision(
                    treaty=treaty,
                    article=article.ref,
                    type=kind,
                    obligors=tuple(ob.obligors),
                    beneficiaries=tuple(ob.beneficiaries),
                    conditions=tuple(condition_text(c, article) for c in ob.conditions),
                    terms=tuple(
                        Term(
                            kind=c.kind,
                            text=condition_text(c, article),
                            atop_code=c.atop_code(ob.type) if kind else None,
                            adversaries=tuple(c.adversaries),
                            scope=c.scope,
                            article=article.ref,
                        )
                        for c in ob.conditions
                    ),
                    text=text,
                    text_kind=article.text_kind,
                    confidence=article.confidence.value,
                    sources=_sources(article),
                    record=record.id,
                )
            )
    return out


def _events(record: TreatyRecord, treaty: str) -> list[RegisterEvent]:
    return [
        RegisterEvent(
            treaty=treaty,
            kind=e.kind.value,
            date=e.effective_date,
            parties=tuple(e.parties),
            counterparties=tuple(e.counterparties),
            article=e.article,
            legal_effect=e.legal_effect,
            contested=e.contested,
            note=e.note,
            confidence=e.confidence.value,
            sources=_sources(e),
            record=record.id,
        )
        for e in record.status_events
    ]


def _name(record: TreatyRecord) -> str:
    """The official name when it is short ("North Atlantic Treaty"), else the first common one."""
    official = record.names.official
    if len(official) <= 40 or not record.names.common:
        return official
    return record.names.common[0]


def _treaty_end(record: TreatyRecord) -> PartialDate | None:
    ends = [
        e.effective_date
        for e in record.status_events
        if e.kind in _ENDING and not e.parties and e.legal_effect
    ]
    return min(ends, key=PartialDate.first_day) if ends else None


def _party_end(record: TreatyRecord, ccode: int) -> PartialDate | None:
    party = record.party(ccode)
    if party is not None and party.left is not None:
        return party.left
    ends = [
        e.effective_date
        for e in record.status_events
        if e.kind in _ENDING and e.legal_effect and ccode in e.parties and not e.counterparties
    ]
    if ends:
        return min(ends, key=PartialDate.first_day)
    return _treaty_end(record)


def _suspensions(record: TreatyRecord, treaty: str, members: Iterable[int]) -> list[Suspension]:
    """Suspension intervals from ``suspended`` ... ``resumed`` events."""
    everyone = sorted(set(members))
    out: list[Suspension] = []
    events = sorted(record.status_events, key=lambda e: e.effective_date.first_day())
    for event in events:
        if event.kind is not EventKind.SUSPENDED or not event.legal_effect:
            continue
        resumed = next(
            (
                r
                for r in events
                if r.kind is EventKind.RESUMED
                and set(r.parties) == set(event.parties)
                and r.effective_date.first_day() > event.effective_date.first_day()
            ),
            None,
        )
        end = resumed.effective_date.first_day() - dt.timedelta(days=1) if resumed else None
        start = event.effective_date.first_day()
        parties = event.parties or everyone
        others = event.counterparties or everyone
        pairs = sorted({(min(a, b), max(a, b)) for a in parties for b in others if a != b})
        out.extend(Suspension(treaty, a, b, start, end) for a, b in pairs)
    return out


def _later_articles(record: TreatyRecord, treaty: str) -> list[Suspension]:
    """An article that entered into force after the treaty holds its obligation types at
    ``signed`` until then (the EU's mutual-assistance clause, Art. 42(7), from 2009)."""
    out = []
    for article in record.articles:
        if article.in_force_from is None:
            continue
        kinds = frozenset(k for ob in article.obligations if (k := _types(ob.type)) is not None)
        if kinds:
            end = article.in_force_from.first_day() - dt.timedelta(days=1)
            out.append(Suspension(treaty, None, None, dt.date.min, end, Status.SIGNED, kinds))
    return out


def _frozen_notes(record: TreatyRecord, treaty: str) -> dict[tuple[str, int], list[str]]:
    notes: dict[tuple[str, int], list[str]] = defaultdict(list)
    for e in record.status_events:
        if e.legal_effect or e.kind is EventKind.INVOKED:
            continue
        for ccode in e.parties:
            said = f"{e.kind.value} {e.date.iso()} ({record.id}; no legal effect)"
            notes[(treaty, ccode)].append(f"{said}: {e.note}" if e.note else said)
    return notes


class _Merger:
    def __init__(self, treaties: Sequence[Treaty], memberships: Sequence[Membership]) -> None:
        self.treaties = {t.id: t for t in treaties}
        self.by_treaty: dict[str, list[Membership]] = defaultdict(list)
        for m in memberships:
            self.by_treaty[m.treaty].append(m)
        self.result = MergeResult(list(treaties), [], {})

    def run(self, records: Sequence[TreatyRecord], partner_rules: PartnerRules) -> MergeResult:
        self.result.partner_rules = dict(partner_rules)
        for record in records:
            link = record.atop
            if link is not None and link.relation in _LINKED and link.id in self.treaties:
                self._linked(record, link.id)
            else:
                self._standalone(record)
        self.result.memberships = [m for ms in self.by_treaty.values() for m in ms]
        return self.result

    # --- records that stand alone ------------------------------------------------

    def _standalone(self, record: TreatyRecord) -> None:
        tid = record.id
        self.result.records[record.id] = tid
        self.result.treaties.append(
            Treaty(
                id=tid,
                name=_name(record),
                begins=record.signed.date,
                ends=_treaty_end(record),
                source=_source(record, "signed"),
                bilateral=len(record.parties) == 2,
                attributes=_attributes(record),
            )
        )
        obligations = self._article_obligations(record, tid, [p.ccode for p in record.parties])
        for index, party in enumerate(record.parties):
            pledged, conditions = obligations.get(party.ccode, (frozenset(), ()))
            self.by_treaty[tid].extend(
                _spells(
                    record,
                    party.ccode,
                    party.signed or record.signed.date,
                    _joined(record, party.joined),
                    _party_end(record, party.ccode),
                    tid,
                    0,
                    pledged,
                    conditions,
                    f"parties[{index}]",
                )
            )
        self.result.provisions.extend(_provisions(record, tid))
        self.result.events.extend(_events(record, tid))
        self.result.suspensions.extend(_suspensions(record, tid, [p.ccode for p in record.parties]))
        self.result.suspensions.extend(_later_articles(record, tid))
        self.result.notes.update(_frozen_notes(record, tid))

    def _article_obligations(
        self, record: TreatyRecord, treaty: str, parties: list[int]
    ) -> dict[int, tuple[frozenset[ObligationType], tuple[Any, ...]]]:
        """Each party's obligations and their conditions, from the record's articles."""
        pledged: dict[int, set[ObligationType]] = defaultdict(set)
        targets: dict[tuple[int, ObligationType], set[int]] = defaultdict(set)
        everyone = set(parties)
        for _, ob, kind in _obligations(record):
            for obligor in ob.obligors or parties:
                pledged[obligor].add(kind)
                targets[(obligor, kind)] |= set(ob.beneficiaries or parties) - {obligor}
        for (obligor, kind), beneficiaries in targets.items():
            if beneficiaries != everyone - {obligor}:
                self.result.partner_rules[(treaty, 0, obligor, kind)] = frozenset(beneficiaries)
        return {c: (frozenset(k), ()) for c, k in pledged.items()}

    # --- records linked to an ATOP alliance ----------------------------------------

    def _linked(self, record: TreatyRecord, tid: str) -> None:
        assert record.atop is not None
        self.result.records[record.id] = tid
        base = self.treaties[tid]
        renamed = replace(
            base,
            name=_name(record),
            attributes={**base.attributes, **_attributes(record)},
        )
        self.result.treaties = [renamed if t.id == tid else t for t in self.result.treaties]
        differences = record.atop.differences
        if record.atop.relation is not AtopRelation.PROVISIONS_ONLY:
            for index, party in enumerate(record.parties):
                self._party(record, tid, party.ccode, differences, index)
            listed = {p.ccode for p in record.parties}
            leaving = {
                c
                for e in record.status_events
                if e.kind in _ENDING and e.legal_effect and not e.counterparties
                for c in e.parties
            }
            for ccode in sorted(leaving - listed):
                self._party(record, tid, ccode, differences)
            self._reopen(record, tid, differences)
            self._endings(record, tid, differences)
        else:
            self._check_endings(record, tid, differences)
        self._check_obligations(record, tid, differences)
        members = [m.ccode for m in self.by_treaty[tid]]
        self.result.provisions.extend(_provisions(record, tid))
        self.result.events.extend(_events(record, tid))
        self.result.suspensions.extend(_suspensions(record, tid, members))
        self.result.suspensions.extend(_later_articles(record, tid))
        self.result.notes.update(_frozen_notes(record, tid))

    def _conflict(
        self,
        record: TreatyRecord,
        tid: str,
        about: str,
        ccode: int | None,
        atop_says: str,
        register_says: str,
        differences: Sequence[AtopDifference],
    ) -> bool:
        """Record a conflict; True when the register's reading is to be applied."""
        match = next(
            (d for d in differences if d.about == about and (d.ccode is None or d.ccode == ccode)),
            None,
        )
        follow = match.follow if match else "atop"
        self.result.conflicts.append(
            Conflict(
                record.id,
                tid,
                about,
                ccode,
                atop_says,
                register_says,
                explained=match is not None,
                follow=follow,
                note=match.note if match else None,
            )
        )
        return follow == "register"

    def _party(
        self,
        record: TreatyRecord,
        tid: str,
        ccode: int,
        differences: Sequence[AtopDifference],
        index: int | None = None,
    ) -> None:
        """Apply what the record says of one member: a new member, a new entry date, an exit."""
        rows = sorted(
            (m for m in self.by_treaty[tid] if m.ccode == ccode), key=lambda m: m.entry.first_day()
        )
        if not rows:
            if index is not None:
                self._new_member(record, tid, index)
            return
        joined = record.parties[index].joined if index is not None else None
        if (
            joined is not None
            and joined.first_day() != rows[0].entry.first_day()
            and self._conflict(
                record,
                tid,
                "membership",
                ccode,
                f"enters {rows[0].entry.iso()}",
                f"joined {joined.iso()}",
                differences,
            )
        ):
            first = rows[0]
            moved = replace(first, entry=joined, source=_noted(first, record, "joined"))
            rows[0] = self._swap(tid, first, moved)
            if first.entry.first_day() < joined.first_day():
                # Signed (ATOP's entry) but not yet bound: shown apart until it joins.
                signed = replace(
                    first,
                    exit=_day_before(joined),
                    status=Status.SIGNED,
                    source=_noted(first, record, f"parties[{index}].signed"),
                )
                self.by_treaty[tid].append(signed)
        left = _party_end(record, ccode)
        last = rows[-1]
        if left is None or left == last.exit:
            return
        extends = last.exit is None and left.first_day() > ATOP_END  # after ATOP's coverage
        said = last.exit.iso() if last.exit else "never (in effect 2018)"
        if extends or self._conflict(
            record, tid, "membership", ccode, f"exits {said}", f"leaves {left.iso()}", differences
        ):
            self._swap(tid, last, replace(last, exit=left, source=_noted(last, record, "left")))

    def _swap(self, tid: str, old: Membership, new: Membership) -> Membership:
        rows = self.by_treaty[tid]
        rows[rows.index(old)] = new
        return new

    def _new_member(self, record: TreatyRecord, tid: str, index: int) -> None:
        """A member ATOP does not have: it takes on what the last phase's members owe."""
        party = record.parties[index]
        phase = max(m.phase for m in self.by_treaty[tid])
        current = [m for m in self.by_treaty[tid] if m.phase == phase and m.exit is None]
        pool = current or [m for m in self.by_treaty[tid] if m.phase == phase]
        common = Counter(m.obligations for m in pool).most_common(1)[0][0]
        model = next(m for m in pool if m.obligations == common)
        joined = _joined(record, party.joined)
        self.by_treaty[tid].extend(
            _spells(
                record,
                party.ccode,
                party.signed or joined or record.signed.date,
                joined,
                _party_end(record, party.ccode),
                tid,
                phase,
                common,
                model.conditions,
                f"parties[{index}]",
            )
        )

    def _reopen(
        self, record: TreatyRecord, tid: str, differences: Sequence[AtopDifference]
    ) -> None:
        """A member ATOP ends but the record keeps (it explains why in ``differences``)."""
        for diff in differences:
            if diff.about != "membership" or diff.ccode is None or diff.follow != "register":
                continue
            if record.party(diff.ccode) is not None or _party_end(record, diff.ccode) is not None:
                continue
            rows = [m for m in self.by_treaty[tid] if m.ccode == diff.ccode]
            if not rows:
                continue
            last = max(rows, key=lambda m: m.entry.first_day())
            if last.exit is not None:
                self._conflict(
                    record,
                    tid,
                    "membership",
                    diff.ccode,
                    f"exits {last.exit.iso()}",
                    "remains a party",
                    differences,
                )
                self._swap(
                    tid,
                    last,
                    replace(last, exit=None, source=_noted(last, record, "atop.differences")),
                )

    def _endings(
        self, record: TreatyRecord, tid: str, differences: Sequence[AtopDifference]
    ) -> None:
        """End every open membership at a whole-treaty termination the record gives."""
        end = _treaty_end(record)
        if end is None:
            return
        for m in list(self.by_treaty[tid]):
            if m.exit is None and end.first_day() > ATOP_END:
                self._swap(tid, m, replace(m, exit=end, source=_noted(m, record, "status_events")))
        self._check_endings(record, tid, differences, apply=True)

    def _check_endings(
        self,
        record: TreatyRecord,
        tid: str,
        differences: Sequence[AtopDifference],
        apply: bool = False,
    ) -> None:
        end = _treaty_end(record)
        atop_end = self.treaties[tid].ends
        if end is None or (atop_end is None and end.first_day() > ATOP_END):
            return
        if (
            atop_end is not None
            and atop_end.first_day() <= end.last_day()
            and end.first_day() <= atop_end.last_day()
        ):
            return  # the same date, at the precision both know
        said = atop_end.iso() if atop_end else "in effect at the end of 2018"
        if (
            self._conflict(
                record, tid, "dates", None, f"ends {said}", f"ends {end.iso()}", differences
            )
            and apply
        ):
            for m in list(self.by_treaty[tid]):
                if m.exit is None or (atop_end and m.exit == atop_end):
                    self._swap(
                        tid, m, replace(m, exit=end, source=_noted(m, record, "status_events"))
                    )

    def _check_obligations(
        self, record: TreatyRecord, tid: str, differences: Sequence[AtopDifference]
    ) -> None:
        """An article obligation ATOP does not code for a member is a conflict to explain."""
        members = self.by_treaty[tid]
        codes = sorted({m.ccode for m in members})
        for article, ob, kind in _obligations(record):
            for ccode in ob.obligors or codes:
                rows = [m for m in members if m.ccode == ccode]
                if rows and not any(kind in m.obligations for m in rows):
                    self._conflict(
                        record,
                        tid,
                        "obligation",
                        ccode,
                        f"codes no {kind.value} obligation",
                        f"{article.ref} creates one",
                        differences,
                    )


def _noted(m: Membership, record: TreatyRecord, where: str) -> Source:
    base = m.source or Source(DATASET, __version__)
    note = f"changed by {DATASET} {record.id}.yaml ({where})"
    return replace(base, note=f"{base.note}; {note}" if base.note else note)


def _joined(record: TreatyRecord, joined: PartialDate | None) -> PartialDate | None:
    """When a party became bound: its own date, else entry into force, else never (None)."""
    if joined is not None:
        return joined
    if record.in_force is None:
        return None
    return record.in_force.date or record.signed.date


def _spells(
    record: TreatyRecord,
    ccode: int,
    signed: PartialDate,
    joined: PartialDate | None,
    left: PartialDate | None,
    treaty: str,
    phase: int,
    pledged: frozenset[ObligationType],
    conditions: tuple[Any, ...],
    where: str,
) -> list[Membership]:
    """A party's memberships: signed-but-not-bound, then bound until it leaves."""
    source = _source(record, where)
    rows = []
    if joined is None or signed.first_day() < joined.first_day():
        until = left if joined is None else _day_before(joined)
        rows.append(
            Membership(
                treaty, phase, ccode, signed, until, pledged, conditions, source, Status.SIGNED
            )
        )
    if joined is not None:
        rows.append(Membership(treaty, phase, ccode, joined, left, pledged, conditions, source))
    if record.legally_binding is False:
        # A political commitment binds no one, signed or not: one spell, shown apart.
        start = rows[0].entry
        return [replace(rows[-1], entry=start, status=Status.POLITICAL)]
    return rows


def _attributes(record: TreatyRecord) -> dict[str, Any]:
    return {
        "record": record.id,
        "official_name": record.names.official,
        "common_names": list(record.names.common),
        "instrument": record.instrument.value,
        "legally_binding": record.legally_binding,
        "signed": record.signed.date.iso(),
        "signed_place": record.signed.place,
        "in_force": (record.in_force.date.iso() if record.in_force.date else "date unknown")
        if record.in_force
        else None,
        "supersedes": list(record.supersedes),
        "superseded_by": list(record.superseded_by),
        "related": list(record.related),
    }


def merge_register(
    treaties: Sequence[Treaty],
    memberships: Sequence[Membership],
    records: Sequence[TreatyRecord],
    partner_rules: PartnerRules | None = None,
) -> MergeResult:
    """ATOP's treaties and memberships with the register's records applied."""
    return _Merger(treaties, memberships).run(records, partner_rules or {})
