"""Wars, disputes, capabilities and contiguity from the Correlates of War files.

These feed the analyses that ask what states did (reliability, the cascade's
validation) and the research tables (``add_cow_wars``, ``add_cow_mids``,
``add_nmc``, ``add_contiguity``). Each reader checks the header and every cell
it uses, and names the file, line and column of a bad one.

COW codes -8 ("not applicable", e.g. no second spell of fighting) and -9
("unknown"): an unknown day or month widens a date to its month or year, as
for ATOP.

>>> _date(1914, 8, -9).iso(), _date(-8, -8, -8) is None
('1914-08', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foedus.errors import SourceFileError
from foedus.model import PartialDate, Source, WarParticipation
from foedus.sources.files import FILES
from foedus.sources.tables import Row, read_rows

__all__ = [
    "Capability",
    "Contiguity",
    "DisputeParticipation",
    "MilitarizedDispute",
    "WarParticipation",
    "read_capabilities",
    "read_contiguity",
    "read_mid_disputes",
    "read_mid_participants",
    "read_wars",
]

_SPECS = {f.key: f for f in FILES}


def _date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if year is None or year < 0:
        return None
    return PartialDate.from_parts(year, month, day)


def _row_date(row: Row, year: str, month: str, day: str) -> PartialDate | None:
    return row.date(year, month, day, required=False)


def _required_date(row: Row, year: str, month: str, day: str) -> PartialDate:
    found = row.date(year, month, day)
    assert found is not None  # required
    return found


def read_wars(path: Path) -> list[WarParticipation]:
    """COW Inter-State War Data v4.0, participant level (one row per state and war)."""
    spec = _SPECS["cow_wars"]
    out = []
    for row in read_rows(path, spec):
        side = row.int("Side")
        if side not in (1, 2):
            raise SourceFileError(
                f"expected side 1 or 2, got {side}", path=path, line=row.line, column="Side"
            )
        out.append(
            WarParticipation(
                war=row.int("WarNum"),
                name=row.text("WarName"),
                ccode=row.int("ccode"),
                side=side,
                start=_required_date(row, "StartYear1", "StartMonth1", "StartDay1"),
                end=_row_date(row, "EndYear1", "EndMonth1", "EndDay1"),
                initiator=row.int("Initiator") == 1,
                outcome=row.int_or_none("Outcome"),
                where=row.int_or_none("WhereFought"),
                deaths=_known(row.int_or_none("BatDeath")),
                source=Source(spec.dataset, spec.version, row.line),
                start2=_row_date(row, "StartYear2", "StartMonth2", "StartDay2"),
                end2=_row_date(row, "EndYear2", "EndMonth2", "EndDay2"),
            )
        )
    return out


def _known(value: int | None) -> int | None:
    return None if value is None or value < 0 else value


@dataclass(frozen=True)
class MilitarizedDispute:
    """One militarized interstate dispute (MID 5.0, dispute level)."""

    dispute: int
    start: PartialDate
    end: PartialDate | None
    outcome: int | None
    hostility: int | None  # highest hostility level, 1-5
    fatality: int | None
    source: Source


def read_mid_disputes(path: Path) -> list[MilitarizedDispute]:
    """MID 5.0 dispute-level file (``MIDA 5.0.csv``)."""
    spec = _SPECS["cow_mida"]
    return [
        MilitarizedDispute(
            dispute=row.int("dispnum"),
            start=_required_date(row, "styear", "stmon", "stday"),
            end=_row_date(row, "endyear", "endmon", "endday"),
            outcome=row.int_or_none("outcome"),
            hostility=row.int_or_none("hostlev"),
            fatality=_known(row.int_or_none("fatality")),
            source=Source(spec.dataset, spec.version, row.line),
        )
        for row in read_rows(path, spec)
    ]


@dataclass(frozen=True)
class DisputeParticipation:
    """One state's part in one MID (MID 5.0, participant level)."""

    dispute: int
    ccode: int
    start: PartialDate
    end: PartialDate | None
    side_a: bool  # on the side that took the first militarized action
    revisionist: bool
    hostility: int | None
    originator: bool  # in the dispute from its first day
    fatality: int | None
    source: Source


def read_mid_participants(path: Path) -> list[DisputeParticipation]:
    """MID 5.0 participant-level file (``MIDB 5.0.csv``)."""
    spec = _SPECS["cow_midb"]
    return [
        DisputeParticipation(
            dispute=row.int("dispnum"),
            ccode=row.int("ccode"),
            start=_required_date(row, "styear", "stmon", "stday"),
            end=_row_date(row, "endyear", "endmon", "endday"),
            side_a=row.flag("sidea"),
            revisionist=row.flag("revstate"),
            hostility=row.int_or_none("hostlev"),
            originator=row.flag("orig"),
            fatality=_known(row.int_or_none("fatality")),
            source=Source(spec.dataset, spec.version, row.line),
        )
        for row in read_rows(path, spec)
    ]


@dataclass(frozen=True)
class Capability:
    """A state's material capabilities in one year (COW NMC, abridged)."""

    ccode: int
    year: int
    milex: float | None  # thousands of current-year dollars (pounds before 1914)
    milper: float | None  # thousands of personnel
    irst: float | None  # iron and steel production, thousands of tons
    pec: float | None  # primary energy consumption, thousands of coal-ton equivalents
    tpop: float | None  # total population, thousands
    upop: float | None  # urban population, thousands
    cinc: float | None  # composite index: the state's share of the system's capabilities
    source: Source


def read_capabilities(path: Path) -> list[Capability]:
    """COW National Material Capabilities v6.0, abridged (state-years 1816-2016)."""
    spec = _SPECS["cow_nmc"]
    out = []
    for row in read_rows(path, spec):
        values = {c: _amount(row, c) for c in _NMC_AMOUNTS}
        if values["cinc"] is not None and not 0 <= values["cinc"] <= 1:
            raise SourceFileError(
                f"expected a share between 0 and 1, got {values['cinc']}",
                path=path,
                line=row.line,
                column="cinc",
            )
        out.append(
            Capability(
                ccode=row.int("ccode"),
                year=row.year("year"),
                source=Source(spec.dataset, spec.version, row.line),
                **values,
            )
        )
    return out


_NMC_AMOUNTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


def _amount(row: Row, column: str) -> float | None:
    """A non-negative amount; -9 and empty cells are missing."""
    text = row.text(column)
    if text in ("", "NA", "."):
        return None
    try:
        value = float(text)
    except ValueError:
        raise SourceFileError(
            f"expected a number, got {text!r}", path=row.path, line=row.line, column=column
        ) from None
    return None if value < 0 else value


@dataclass(frozen=True)
class Contiguity:
    """A directed contiguity spell: 1 land; 2-5 separated by at most 12/24/150/400 miles of
    water; 0 (peacesciencer's copy only) no contiguity before the first spell."""

    ccode1: int
    ccode2: int
    conttype: int
    start: PartialDate
    end: PartialDate | None
    source: Source


def read_contiguity(path: Path) -> list[Contiguity]:
    """COW Direct Contiguity 3.2 spells, directed (both directions of each pair).

    Reads the publisher's master records (``contdir.csv``: ``statelno``,
    ``statehno``, ``conttype``, ``begin`` and ``end`` as YYYYMM, one row per
    pair) or peacesciencer's directed copy (``cow_contdir.csv``: ``ccode1``,
    ``ccode2``, ``conttype``, ``stdate``, ``enddate`` as YYYY-MM-DD).
    """
    publisher = path.name.lower() == "contdir.csv"
    spec = _SPECS["cow_contdir" if publisher else "ps_contdir"]
    out = []
    for row in read_rows(path, spec):
        src = Source(spec.dataset, spec.version, row.line)
        if publisher:
            a, b = row.int("statelno"), row.int("statehno")
            start, end = _yyyymm(row, "begin"), _yyyymm(row, "end")
            pairs = [(a, b), (b, a)]
        else:
            pairs = [(row.int("ccode1"), row.int("ccode2"))]
            start, end = _iso_month(row, "stdate"), _iso_month(row, "enddate")
        assert start is not None
        kind = row.int("conttype")
        out += [Contiguity(x, y, kind, start, end, src) for x, y in pairs]
    return out


def _yyyymm(row: Row, column: str) -> PartialDate | None:
    value = row.int_or_none(column)
    if value is None or value < 0:
        return None
    if not 100000 <= value <= 999912 or not 1 <= value % 100 <= 12:
        raise SourceFileError(
            f"expected a year and month as YYYYMM, got {value}",
            path=row.path,
            line=row.line,
            column=column,
        )
    row.check_year(value // 100, column)
    return PartialDate(value // 100, value % 100)


def _iso_month(row: Row, column: str) -> PartialDate | None:
    text = row.text(column)
    if not text or text == "NA":
        return None
    try:
        day = PartialDate.parse(text)
    except ValueError:
        raise SourceFileError(
            f"expected a date YYYY-MM-DD, got {text!r}", path=row.path, line=row.line, column=column
        ) from None
    row.check_year(day.year, column)
    return PartialDate(day.year, day.month)  # COW's spells are by month
