"""ATOP 5.1: alliances (``atop5_1a.csv``) and member-phases (``atop5_1m.csv``).

Each member row becomes a :class:`~foedus.model.Membership` holding that
member's own obligations and every condition the member file codes on them.
Dates keep ATOP's precision: a missing, 0 or -9 day (or month) means unknown.
``yrexit = 0`` means "still in effect on 31 December 2018" (``ineffect = 1``);
foedus reads it as ongoing until another source ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foedus.errors import SourceFileError
from foedus.model import Condition, Membership, ObligationType, PartialDate, Source, Treaty
from foedus.sources.files import FILES
from foedus.sources.tables import Row, read_rows

__all__ = ["CONDITION_CODES", "AtopAlliance", "AtopData", "read_atop", "treaty_id"]

_SPEC = {f.key: f for f in FILES}

DEF, OFF, NEU, CON = (
    ObligationType.DEFENSE,
    ObligationType.OFFENSE,
    ObligationType.NEUTRALITY,
    ObligationType.CONSULTATION,
)

# ATOP's member-level condition dummies, what each limits, and the words shown.
CONDITION_CODES: dict[str, tuple[tuple[ObligationType, ...], str]] = {
    "defcoadv": ((DEF,), "only against a particular adversary or type of adversary"),
    "defcoloc": ((DEF,), "only for conflict in a particular location"),
    "defcocon": ((DEF,), "only in a particular ongoing conflict"),
    "defconum": ((DEF,), "only depending on the number of adversaries"),
    "defcodem": ((DEF,), "only if the ally or the adversary fails to meet stated demands"),
    "defconpr": ((DEF,), "only if the ally did not provoke the attack"),
    "offcoadv": ((OFF,), "only against a particular adversary or type of adversary"),
    "offcoloc": ((OFF,), "only for conflict in a particular location"),
    "offcocon": ((OFF,), "only in a particular ongoing conflict"),
    "offconum": ((OFF,), "only depending on the number of adversaries"),
    "offcodem": ((OFF,), "only if the ally or the adversary fails to meet stated demands"),
    "neucoadv": ((NEU,), "only against a particular adversary or type of adversary"),
    "neucoloc": ((NEU,), "only for conflict in a particular location"),
    "neucocon": ((NEU,), "only in a particular ongoing conflict"),
    "neuconum": ((NEU,), "only depending on the number of adversaries"),
    "neucodem": ((NEU,), "only if the ally or the adversary fails to meet stated demands"),
    "neuconpr": ((NEU,), "only if the ally did not provoke the conflict"),
    "neucoatt": ((NEU,), "only if the ally is attacked"),
    "concoadv": ((CON,), "only for crises with a particular adversary or type of adversary"),
    "concoloc": ((CON,), "only for crises in a particular location"),
    "concocon": ((CON,), "only in a particular ongoing conflict"),
    "concoreq": ((CON,), "only if the ally requests consultation"),
    "olimob": (ObligationType.atop_types(), "subject to a further condition the treaty sets"),
}

# Alliance-level provisions kept as treaty attributes (see the codebook, section 2.34).
_ATTRIBUTES = (
    "cowid",
    "cow4id",
    "ineffect",
    "bilat",
    "maxphase",
    "wartime",
    "pubsecr",
    "specthrt",
    "statthr1",
    "statthr2",
    "milcon",
    "milaid",
    "intcom",
    "base",
    "organ1",
    "term",
    "renounce",
    "speclgth",
    "length",
    "active",
    "asymm",
)


@dataclass(frozen=True)
class AtopAlliance:
    """An ATOP alliance with its named threats (COW codes), before it gets a name."""

    treaty: Treaty
    threats: tuple[int, ...]


@dataclass(frozen=True)
class AtopData:
    alliances: list[AtopAlliance]
    memberships: list[Membership]


def treaty_id(atopid: int) -> str:
    """foedus's id for an ATOP alliance.

    >>> treaty_id(3180)
    'atop-3180'
    """
    return f"atop-{atopid}"


def _partial(row: Row, year: str, month: str, day: str) -> PartialDate:
    found = row.date(year, month, day)
    assert found is not None  # required
    return found


def _end(row: Row, year: str, month: str, day: str) -> PartialDate | None:
    return None if row.int(year) == 0 else _partial(row, year, month, day)


def _alliance(row: Row) -> AtopAlliance:
    spec = _SPEC["atop_a"]
    atopid = row.int("atopid")
    attrs: dict[str, Any] = {k: row.int_or_none(k) for k in _ATTRIBUTES}
    named = (row.int_or_none("statthr1"), row.int_or_none("statthr2"))
    threats = tuple(code for code in named if code)
    treaty = Treaty(
        id=treaty_id(atopid),
        name="",
        begins=_partial(row, "begyr", "begmo", "begday"),
        ends=_end(row, "endyr", "endmo", "endday"),
        source=Source(spec.dataset, spec.version, row.line),
        atopid=atopid,
        cow_id=row.int_or_none("cow4id"),
        bilateral=row.flag("bilat"),
        phases=row.int_or_none("maxphase") or 0,
        attributes=attrs,
    )
    return AtopAlliance(treaty, threats)


def _conditions(row: Row, pledged: frozenset[ObligationType]) -> tuple[Condition, ...]:
    found: list[Condition] = []
    for code, (types, text) in CONDITION_CODES.items():
        if row.flag(code):
            found.extend(Condition(t, code, text) for t in types if t in pledged)
    return tuple(found)


def _membership(row: Row) -> Membership:
    spec = _SPEC["atop_m"]
    pledged = frozenset(t for t in ObligationType.atop_types() if row.flag(t.atop_column or ""))
    exit_ = _end(row, "yrexit", "moexit", "dayexit")
    if (exit_ is None) != row.flag("ineffect"):
        raise SourceFileError(
            "ineffect must be 1 exactly when yrexit is 0 (still in effect at the end of 2018)",
            path=row.path,
            line=row.line,
            column="ineffect",
        )
    entry = _partial(row, "yrent", "moent", "dayent")
    if exit_ is not None and exit_.last_day() < entry.first_day():
        raise SourceFileError(
            "the member exits before it enters", path=row.path, line=row.line, column="yrexit"
        )
    return Membership(
        treaty=treaty_id(row.int("atopid")),
        phase=row.int("phase"),
        ccode=row.int("member"),
        entry=entry,
        exit=exit_,
        obligations=pledged,
        conditions=_conditions(row, pledged),
        source=Source(spec.dataset, spec.version, row.line),
    )


def read_atop(alliance_file: Path, member_file: Path) -> AtopData:
    """Read and cross-check the alliance and member files."""
    alliances = [_alliance(r) for r in read_rows(alliance_file, _SPEC["atop_a"])]
    ids = {a.treaty.id for a in alliances}
    memberships = []
    for row in read_rows(member_file, _SPEC["atop_m"]):
        member = _membership(row)
        if member.treaty not in ids:
            raise SourceFileError(
                f"atopid {row.int('atopid')} is not in {alliance_file.name}",
                path=row.path,
                line=row.line,
                column="atopid",
            )
        memberships.append(member)
    without = ids - {m.treaty for m in memberships}
    if without:
        raise SourceFileError(
            f"{len(without)} alliances have no members, e.g. {sorted(without)[0]}; "
            "the member file looks truncated",
            path=member_file,
        )
    return AtopData(alliances, memberships)
