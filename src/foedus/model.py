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
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from foedus.errors import InputError

__all__ = [
    "Condition",
    "Membership",
    "Obligation",
    "ObligationType",
    "PartialDate",
    "Precision",
    "Source",
    "State",
    "StateSpell",
    "Status",
    "Treaty",
    "TreatyEvent",
    "parse_date",
]


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date whose month or day may be unknown."""

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
    """ATOP's five obligation types; the value is the name foedus shows."""

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NONAGGRESSION = "nonaggression"
    CONSULTATION = "consultation"

    @property
    def atop_column(self) -> str:
        return _ATOP_COLUMNS[self]

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
    provisions: tuple[dict[str, Any], ...] = ()  # the articles behind it, with their sources
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "obligor": self.obligor,
            "obligor_name": self.obligor_name,
            "beneficiary": self.beneficiary,
            "beneficiary_name": self.beneficiary_name,
            "type": self.type.value,
            "treaty": self.treaty,
            "treaty_name": self.treaty_name,
            "phase": self.phase,
            "conditions": list(self.conditions),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "valid_from_precision": self.from_precision.value,
            "valid_to_precision": self.to_precision.value if self.valid_to else None,
            "status": self.status.value,
            "source": self.source.to_dict(),
            "provisions": list(self.provisions),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class TreatyEvent:
    """Something that happened to a treaty: signed, ratified, in force, withdrawn..."""

    treaty: str
    kind: str
    date: PartialDate | None
    parties: tuple[int, ...]
    source: Source
    note: str | None = None
