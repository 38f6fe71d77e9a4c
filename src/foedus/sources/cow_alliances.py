"""COW Formal Alliances v4.1, member level (``alliance_v4.1_by_member.csv``).

COW codes an alliance by type (I defense pact, II neutrality or
non-aggression, III entente) with overlapping dummies; its obligations are
symmetric. foedus maps them onto ATOP's vocabulary: ``defense`` -> defense,
``neutrality`` -> neutrality, ``nonaggression`` -> non-aggression, and
``entente`` (consult or cooperate in a crisis) -> consultation, the nearest
ATOP type. A missing end date means "in effect on 31 December 2012".
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from foedus.errors import SourceFileError
from foedus.model import Membership, ObligationType, PartialDate, Source, Treaty
from foedus.sources.files import FILES
from foedus.sources.tables import Row, read_rows

__all__ = ["CowAlliances", "read_cow_alliances", "treaty_id"]

_SPEC = {f.key: f for f in FILES}["cow_alliances"]

_TYPES = {
    "defense": ObligationType.DEFENSE,
    "neutrality": ObligationType.NEUTRALITY,
    "nonaggression": ObligationType.NONAGGRESSION,
    "entente": ObligationType.CONSULTATION,
}


def treaty_id(version4id: int) -> str:
    """foedus's id for a COW alliance.

    >>> treaty_id(7)
    'cow-7'
    """
    return f"cow-{version4id}"


def _date(row: Row, prefix: str) -> PartialDate | None:
    return row.date(f"{prefix}_year", f"{prefix}_month", f"{prefix}_day", required=False)


class CowAlliances:
    """Treaties and memberships read from one by-member file."""

    def __init__(self, treaties: list[Treaty], memberships: list[Membership]) -> None:
        self.treaties = treaties
        self.memberships = memberships


def _membership(row: Row) -> Membership:
    start = _date(row, "mem_st")
    if start is None:
        raise SourceFileError(
            "expected a membership start year", path=row.path, line=row.line, column="mem_st_year"
        )
    end = _date(row, "mem_end")
    if end is not None and end.last_day() < start.first_day():
        raise SourceFileError(
            "membership ends before it starts", path=row.path, line=row.line, column="mem_end_year"
        )
    return Membership(
        treaty=treaty_id(row.int("version4id")),
        phase=0,
        ccode=row.int("ccode"),
        entry=start,
        exit=end,
        obligations=frozenset(t for col, t in _TYPES.items() if row.flag(col)),
        source=Source(_SPEC.dataset, _SPEC.version, row.line),
    )


def read_cow_alliances(path: Path) -> CowAlliances:
    """Read the by-member file into treaties (one per ``version4id``) and memberships."""
    rows = read_rows(path, _SPEC)
    by_alliance: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_alliance[row.int("version4id")].append(row)
    treaties, memberships = [], []
    for cow_id, group in sorted(by_alliance.items()):
        members = [_membership(r) for r in group]
        first = group[0]
        for row in group[1:]:  # every row repeats the alliance's dates: they must agree
            if (_date(row, "all_st"), _date(row, "all_end")) != (
                _date(first, "all_st"),
                _date(first, "all_end"),
            ):
                raise SourceFileError(
                    f"alliance {cow_id} has other dates on line {first.line}",
                    path=row.path,
                    line=row.line,
                    column="all_st_year",
                )
        begins = _date(first, "all_st") or min(
            (m.entry for m in members), key=PartialDate.first_day
        )
        ends = _date(first, "all_end")
        treaties.append(
            Treaty(
                id=treaty_id(cow_id),
                name="",
                begins=begins,
                ends=ends,
                source=Source(_SPEC.dataset, _SPEC.version, first.line),
                cow_id=cow_id,
                bilateral=len({m.ccode for m in members}) == 2,
                attributes={"ss_type": first.text("ss_type") or None},
            )
        )
        memberships.extend(members)
    return CowAlliances(treaties, memberships)
