"""Plain records every source converts into and every analysis returns.

Nothing here touches a file or a database. Dates carry their precision:
ATOP codes an unknown day as missing (or 0 / -9), so "June 1815" is a
:class:`PartialDate` with month precision, and an interval built from it
covers the whole month.

>>> PartialDate(1961, 7, 6).iso()
'1961-07-06'
>>> PartialDate(1815, 6).iso(), PartialDate(1815, 6).first_day(), PartialDate(1815, 6).last_day()
('1815-06', datetime.date(1815, 6, 1), datetime.date(1815, 6, 30))
>>> ObligationType.parse("nonagg")
<ObligationType.NONAGGRESSION: 'nonaggression'>
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from foedus.errors import InputError

__all__ = [
    "ATOP_CONDITION_KINDS",
    "Citation",
    "Condition",
    "ConditionKind",
    "MemberView",
    "Membership",
    "Obligation",
    "ObligationType",
    "PartialDate",
    "PartnerRules",
    "PhaseView",
    "Precision",
    "Provision",
    "SharedTreaty",
    "Source",
    "State",
    "StateSpell",
    "Status",
    "Term",
    "Treaty",
    "TreatyEvent",
    "TreatySummary",
    "TreatyView",
    "WarParticipation",
    "parse_date",
]


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date whose month or day may be unknown.

    Dates sort by the span they cover, earliest first day first, then the shorter span:
    1900-01-01 < 1900-01 < 1900 < 1900-05.

    >>> sorted([PartialDate(1900, 5), PartialDate(1900), PartialDate(1900, 1, 1)])
    [PartialDate(year=1900, month=1, day=1), PartialDate(year=1900, month=None, day=None), \
PartialDate(year=1900, month=5, day=None)]
    """

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.first_day(), self.last_day()) < (other.first_day(), other.last_day())

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InputError(f"a date with a day needs a month: {self!r}")
        # Validates month and day ranges, leap years included.
        dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def from_parts(cls, year: int, month: int | None, day: int | None) -> PartialDate:
        """Build from dataset fields where 0, -9 or None mean "unknown"."""
        known_month = month if month and month > 0 else None
        known_day = day if day and day > 0 and known_month else None
        return cls(year, known_month, known_day)

    @classmethod
    def at(cls, day: dt.date, precision: str | Precision) -> PartialDate:
        """A stored first (or last) day back at the precision its source gave.

        >>> PartialDate.at(dt.date(1815, 6, 30), "month").iso()
        '1815-06'
        """
        if precision == Precision.YEAR:
            return cls(day.year)
        if precision == Precision.MONTH:
            return cls(day.year, day.month)
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*", str(text))
        if not m:
            raise InputError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError as exc:
            raise InputError(f"not a real date: {text!r} ({exc}); expected YYYY-MM-DD") from exc


def parse_date(value: str | dt.date | PartialDate) -> dt.date:
    """The day a query is about: a ``date``, or text ``YYYY-MM-DD`` (``YYYY`` means 1 January).

    >>> parse_date("2010-06-01")
    datetime.date(2010, 6, 1)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, PartialDate):
        return value.first_day()
    return PartialDate.parse(value).first_day()


class ObligationType(StrEnum):
    """ATOP's five obligation types, and the guarantee; the value is the name foedus shows.

    ``GUARANTEE`` (a state guaranteeing another's independence or neutrality, as the
    five powers guaranteed Belgium's in 1839) is outside ATOP's definition of an
    alliance: only the curated register has such pledges, answers list them after
    the five, and the research tables, which follow ATOP, leave them out.
    """

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NONAGGRESSION = "nonaggression"
    CONSULTATION = "consultation"
    GUARANTEE = "guarantee"

    @property
    def atop_column(self) -> str | None:
        """ATOP's column for the type (``neutral``, ``nonagg``...); None for the guarantee."""
        return _ATOP_COLUMNS.get(self)

    @classmethod
    def atop_types(cls) -> tuple[ObligationType, ...]:
        """ATOP's five types, in ATOP's order."""
        return tuple(t for t in cls if t in _ATOP_COLUMNS)

    @classmethod
    def parse(cls, text: str | ObligationType) -> ObligationType:
        if isinstance(text, ObligationType):
            return text
        key = re.sub(r"[^a-z]", "", str(text).lower())
        for member in cls:
            if key in (member.value, member.atop_column) or key == member.value.replace("-", ""):
                return member
        if key in _ALIASES:
            return _ALIASES[key]
        names = ", ".join(m.value for m in cls)
        raise InputError(f"unknown obligation type {text!r}; expected one of {names}")


_ATOP_COLUMNS = {
    ObligationType.DEFENSE: "defense",
    ObligationType.OFFENSE: "offense",
    ObligationType.NEUTRALITY: "neutral",
    ObligationType.NONAGGRESSION: "nonagg",
    ObligationType.CONSULTATION: "consul",
}
_ALIASES = {
    "defence": ObligationType.DEFENSE,
    "nonaggressionpact": ObligationType.NONAGGRESSION,
    "consult": ObligationType.CONSULTATION,
    "neutral": ObligationType.NEUTRALITY,
}


class Status(StrEnum):
    """Where a pledge stands on the date asked."""

    IN_FORCE = "in_force"
    SIGNED = "signed"  # signed, not yet in force
    SUSPENDED = "suspended"
    ENDED = "ended"
    # A pledge its own text or its parties call not legally binding (a political declaration,
    # an executive order): shown apart, never among the obligations in force.
    POLITICAL = "political"


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: dataset, version and the row (or file and field).

    For a raw CSV file ``row`` is the line number in that file, the header
    being line 1, so ``sed -n 937p atop5_1m.csv`` shows the row.
    """

    dataset: str
    version: str
    row: int | str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"dataset": self.dataset, "version": self.version, "row": self.row}
        if self.note:
            out["note"] = self.note
        return out

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.dataset} {self.version}"
        where = f"row {self.row}" if isinstance(self.row, int) else str(self.row)
        return f"{self.dataset} {self.version}, {where}"


@dataclass(frozen=True)
class State:
    """A state as the COW system lists it, named as it was on some date."""

    ccode: int
    abbrev: str
    name: str


@dataclass(frozen=True)
class StateSpell:
    """A period during which a code names an independent state in one system list.

    ``system`` is "cow" or "gw"; ``end`` is None while the spell is ongoing.
    """

    system: str
    code: int
    abbrev: str
    name: str
    start: dt.date
    end: dt.date | None
    source: Source

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class ConditionKind(StrEnum):
    """Conditions on an obligation, in ATOP's terms where ATOP has a term."""

    NAMED_ADVERSARY = "named-adversary"
    GEOGRAPHIC_SCOPE = "geographic-scope"
    SPECIFIC_CONFLICT = "specific-conflict"
    NUMBER_OF_ATTACKERS = "number-of-attackers"
    DEMANDS = "demands"
    NON_PROVOCATION = "non-provocation"
    ONLY_IF_ATTACKED = "only-if-attacked"
    ONLY_IF_REQUESTED = "only-if-requested"
    CONSTITUTIONAL_PROCESSES = "constitutional-processes"
    WITHOUT_DELAY = "without-delay"
    STATE_OF_WAR_BY_ARMED_ATTACK = "state-of-war-by-armed-attack"
    UN_CHARTER_ART_51 = "un-charter-art-51"
    NATIONAL_LEGISLATION = "national-legislation"
    # Each party decides what action it takes ("such action as it deems necessary", NATO
    # Art. 5): discretion over the response, not a limit on when the pledge applies.
    DISCRETION = "discretion"
    OTHER = "other"


#: ATOP's member-level condition dummies and the kind of condition each one codes.
ATOP_CONDITION_KINDS: dict[str, ConditionKind] = {
    f"{prefix}{suffix}": kind
    for prefix in ("def", "off", "neu", "con")
    for suffix, kind in (
        ("coadv", ConditionKind.NAMED_ADVERSARY),
        ("coloc", ConditionKind.GEOGRAPHIC_SCOPE),
        ("cocon", ConditionKind.SPECIFIC_CONFLICT),
        ("conum", ConditionKind.NUMBER_OF_ATTACKERS),
        ("codem", ConditionKind.DEMANDS),
        ("conpr", ConditionKind.NON_PROVOCATION),
    )
    if (prefix, suffix) not in {("con", "conum"), ("con", "codem"), ("con", "conpr"),
                                ("off", "conpr")}
} | {
    "neucoatt": ConditionKind.ONLY_IF_ATTACKED,
    "concoreq": ConditionKind.ONLY_IF_REQUESTED,
    "olimob": ConditionKind.OTHER,
}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """One condition on an obligation, as data the casus-foederis judge can check.

    ``text`` keeps the words shown to a reader. ``adversaries`` are the COW codes
    a named-adversary condition names (ATOP's threat variables, or the register);
    ``scope`` the area or conflict in words (NATO Art. 6's "Europe or North
    America", US–ROK Art. III's "the Pacific area"), None when the source does not
    say which (ATOP codes *that* a pledge is limited to a location, not where);
    ``atop_code`` the ATOP dummy behind it; ``article`` the register article.

    >>> t = Term(ConditionKind.GEOGRAPHIC_SCOPE, "geographic scope: the Pacific area (Art. III)",
    ...          scope="the Pacific area", article="Art. III")
    >>> Term.from_dict(t.to_dict()) == t
    True
    """

    kind: ConditionKind
    text: str
    atop_code: str | None = None
    adversaries: tuple[int, ...] = ()
    scope: str | None = None
    article: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        for key in ("atop_code", "scope", "article"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.adversaries:
            out["adversaries"] = list(self.adversaries)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Term:
        return cls(
            kind=ConditionKind(data["kind"]),
            text=data["text"],
            atop_code=data.get("atop_code"),
            adversaries=tuple(data.get("adversaries", ())),
            scope=data.get("scope"),
            article=data.get("article"),
        )


@dataclass(frozen=True)
class Condition:
    """One condition on a member's obligation, as ATOP codes it, in words."""

    type: ObligationType
    code: str  # the ATOP variable, e.g. "defcoloc"
    text: str


@dataclass(frozen=True)
class Membership:
    """One state's membership in one phase of a treaty, with its own obligations."""

    treaty: str
    phase: int
    ccode: int
    entry: PartialDate
    exit: PartialDate | None  # None: still in effect when the source ends, and after
    obligations: frozenset[ObligationType]
    conditions: tuple[Condition, ...] = ()
    source: Source | None = None
    status: Status = Status.IN_FORCE  # SIGNED: the member signed but is not yet bound


@dataclass(frozen=True)
class Treaty:
    """A treaty (an ATOP alliance, a COW alliance, or a register record)."""

    id: str
    name: str
    begins: PartialDate
    ends: PartialDate | None
    source: Source
    atopid: int | None = None
    cow_id: int | None = None
    bilateral: bool | None = None
    phases: int = 0
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Obligation:
    """What one state (the obligor) owes another (the beneficiary) under one treaty.

    ``valid_from`` and ``valid_to`` are both inclusive; ``valid_to`` is None
    while the obligation is ongoing.
    """

    obligor: int
    beneficiary: int
    obligor_name: str
    beneficiary_name: str
    type: ObligationType
    treaty: str
    treaty_name: str
    phase: int
    conditions: tuple[str, ...]
    valid_from: dt.date
    valid_to: dt.date | None
    source: Source
    status: Status = Status.IN_FORCE
    from_precision: Precision = Precision.DAY
    to_precision: Precision = Precision.DAY
    provisions: tuple[Provision, ...] = ()  # the articles behind it, with their sources
    notes: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()  # the conditions as data (``conditions`` has the words)

    def head_dict(self) -> dict[str, Any]:
        """Who owes whom what under which treaty: the keys every record of a pledge starts
        with (answers, verdicts, a cascade's steps)."""
        return {
            "obligor": self.obligor,
            "obligor_name": self.obligor_name,
            "beneficiary": self.beneficiary,
            "beneficiary_name": self.beneficiary_name,
            "type": self.type.value,
            "treaty": self.treaty,
            "treaty_name": self.treaty_name,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.head_dict(),
            "phase": self.phase,
            "conditions": list(self.conditions),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "valid_from_precision": self.from_precision.value,
            "valid_to_precision": self.to_precision.value if self.valid_to else None,
            "status": self.status.value,
            "source": self.source.to_dict(),
            "provisions": [p.to_dict() for p in self.provisions],
            "notes": list(self.notes),
            "terms": [t.to_dict() for t in self.terms],
        }


@dataclass(frozen=True)
class Citation:
    """A public source a reader can check: title, publisher, date, URL, where in it."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    locator: str | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(**{k: (str(v) if v is not None else None) for k, v in data.items()
                      if k in _CITATION_FIELDS})

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _CITATION_FIELDS if getattr(self, k) is not None}


_CITATION_FIELDS = ("title", "publisher", "date", "url", "locator", "note")


@dataclass(frozen=True)
class Provision:
    """One article of a treaty as the curated register gives it, with its sources.

    ``obligations`` are the obligation types the article creates (empty for an
    article that defines or qualifies others, such as NATO's Art. 6; ``guarantee``
    for a guarantee, which is outside ATOP's five types).
    """

    treaty: str
    article: str
    obligations: tuple[str, ...]
    text: str
    text_kind: str
    confidence: str
    conditions: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "obligations": list(self.obligations),
            "text": self.text,
            "text_kind": self.text_kind,
            "confidence": self.confidence,
            "conditions": list(self.conditions),
            "record": self.record,
            "sources": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class TreatyEvent:
    """Something that happened to a treaty: signed, ratified, in force, withdrawn, invoked...

    ``parties`` are the states that acted (empty: the whole treaty);
    ``counterparties`` limit the event to obligations between them and the
    parties (a suspension between two members only). ``legal_effect`` is False
    for an event that changes no obligation (an announcement, an invocation).
    """

    treaty: str
    kind: str
    date: PartialDate | None
    parties: tuple[int, ...]
    source: Source | None = None
    note: str | None = None
    counterparties: tuple[int, ...] = ()
    article: str | None = None
    legal_effect: bool = True
    contested: bool = False
    confidence: str | None = None
    citations: tuple[Citation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "treaty": self.treaty,
            "kind": self.kind,
            "date": self.date.iso() if self.date else None,
            "parties": list(self.parties),
            "counterparties": list(self.counterparties),
            "article": self.article,
            "legal_effect": self.legal_effect,
            "contested": self.contested,
            "note": self.note,
            "confidence": self.confidence,
            "sources": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class MemberView:
    """One member of one phase of a treaty, with its own obligations and conditions."""

    ccode: int
    name: str
    entry: str
    exit: str | None
    obligations: tuple[str, ...]
    conditions: dict[str, list[str]]
    source: Source
    status: str = "in_force"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "ccode": self.ccode,
            "name": self.name,
            "entry": self.entry,
            "exit": self.exit,
            "obligations": list(self.obligations),
            "conditions": self.conditions,
            "source": self.source.to_dict(),
        }


@dataclass(frozen=True)
class PhaseView:
    """One phase of a treaty: the members bound by the same terms at the same time."""

    phase: int
    begins: str
    ends: str | None
    members: tuple[MemberView, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "begins": self.begins,
            "ends": self.ends,
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True)
class TreatyView:
    """One treaty: its dates, members by phase, articles, events and sources."""

    id: str
    name: str
    begins: str
    ends: str | None
    atopid: int | None
    cow_id: int | None
    bilateral: bool | None
    phases: tuple[PhaseView, ...]
    source: Source
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    provisions: tuple[Provision, ...] = ()
    events: tuple[TreatyEvent, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "begins": self.begins,
            "ends": self.ends,
            "atopid": self.atopid,
            "cow_id": self.cow_id,
            "bilateral": self.bilateral,
            "source": self.source.to_dict(),
            "attributes": self.attributes,
            "phases": [p.to_dict() for p in self.phases],
            "provisions": [p.to_dict() for p in self.provisions],
            "events": [e.to_dict() for e in self.events],
        }


@dataclass(frozen=True)
class SharedTreaty:
    """One treaty binding two states to each other in some way, as the facade reports it.

    ``a_owes_b`` and ``b_owes_a`` are the obligation types each owes the other
    at any time under it; ``first`` and ``last`` are the first and last days of
    any pledge between them (``last`` None while ongoing); ``members`` counts
    the states the treaty ever had.
    """

    treaty: Treaty
    a_owes_b: tuple[ObligationType, ...]
    b_owes_a: tuple[ObligationType, ...]
    datasets: tuple[str, ...]
    first: dt.date
    last: dt.date | None
    members: int


@dataclass(frozen=True)
class TreatySummary:
    """A treaty and the states that were ever its members (the foedus view)."""

    treaty: Treaty
    members: frozenset[int]


@dataclass(frozen=True)
class WarParticipation:
    """One state's part in one COW inter-state war (up to two spells of fighting).

    ``side`` is 1 or 2 as COW codes it; ``initiator`` is True for the states
    COW codes as having started the war on their side.
    """

    war: int
    name: str
    ccode: int
    side: int
    start: PartialDate
    end: PartialDate | None
    initiator: bool
    outcome: int | None
    where: int | None
    deaths: int | None
    source: Source
    start2: PartialDate | None = None
    end2: PartialDate | None = None

    @property
    def spells(self) -> tuple[tuple[PartialDate, PartialDate | None], ...]:
        """The spells of fighting: the first, and a second one when COW codes it."""
        first = ((self.start, self.end),)
        return first + (((self.start2, self.end2),) if self.start2 else ())


# (treaty, phase, obligor, type) -> the only partners that obligation runs to (ATOP's OBVARY).
PartnerRules = Mapping[tuple[str, int, int, ObligationType], frozenset[int]]
