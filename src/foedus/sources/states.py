"""COW state system (states2016, majors2016) and the Gleditsch-Ward list (iisystem.dat).

Both lists close their open spells at the last day they cover (COW 2016-12-31,
GW 2017-12-31); foedus reads such a spell as ongoing, because a state listed
then is still a state unless a later source says otherwise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from foedus.errors import SourceFileError
from foedus.model import Source, StateSpell
from foedus.sources.files import FILES, SourceFile
from foedus.sources.tables import Row, read_rows, read_text, split_lines

__all__ = ["read_cow_majors", "read_cow_states", "read_gw_states"]

_SPEC = {f.key: f for f in FILES}


def _date(row: Row, year: str, month: str, day: str) -> dt.date:
    found = row.date(year, month, day)
    assert found is not None  # required
    if found.day is None:
        column = month if found.month is None else day
        raise SourceFileError(
            f"expected a full date, got {row.text(year)}-{row.text(month)}-{row.text(day)}",
            path=row.path,
            line=row.line,
            column=column,
        )
    return found.first_day()


def _end(day: dt.date, open_end: dt.date) -> dt.date | None:
    return None if day >= open_end else day


def _cow_spells(path: Path, spec: SourceFile, name_column: str | None) -> list[StateSpell]:
    spells = []
    for row in read_rows(path, spec):
        start = _date(row, "styear", "stmonth", "stday")
        end = _date(row, "endyear", "endmonth", "endday")
        if end < start:
            raise SourceFileError(
                "the spell ends before it starts", path=row.path, line=row.line, column="endyear"
            )
        spells.append(
            StateSpell(
                system="cow",
                code=row.int("ccode"),
                abbrev=row.text("stateabb"),
                name=row.text(name_column) if name_column else row.text("stateabb"),
                start=start,
                end=_end(end, dt.date(2016, 12, 31)),
                source=Source(spec.dataset, spec.version, row.line),
            )
        )
    return spells


def read_cow_states(path: Path) -> list[StateSpell]:
    """Membership spells from ``states2016.csv``."""
    return _cow_spells(path, _SPEC["cow_states"], "statenme")


def read_cow_majors(path: Path) -> list[StateSpell]:
    """Major-power spells from ``majors2016.csv`` (names are the COW abbreviations)."""
    return _cow_spells(path, _SPEC["cow_majors"], None)


def _gw_date(text: str, path: Path, line: int, column: str, years: tuple[int, int]) -> dt.date:
    try:
        day, month, year = (int(p) for p in text.strip().split(":"))
        found = dt.date(year, month, day)
    except ValueError:
        raise SourceFileError(
            f"expected a real date as dd:mm:yyyy, got {text!r}", path=path, line=line, column=column
        ) from None
    if not years[0] <= found.year <= years[1]:
        raise SourceFileError(
            f"expected a year from {years[0]} to {years[1]} (the years the Gleditsch-Ward list "
            f"covers), got {found.year}",
            path=path,
            line=line,
            column=column,
        )
    return found


def read_gw_states(path: Path) -> list[StateSpell]:
    """Spells from the tab-separated, header-less ``iisystem.dat``.

    The publisher's file is cp1252; a widely shared copy replaced two accented
    letters with U+FFFD, which is repaired here ("Württemberg", "Cote D'Ivoire").
    """
    spec = _SPEC["gw_states"]
    text = read_text(path).replace("W\ufffdrttemberg", "Württemberg")
    text = text.replace("D\ufffdIvoire", "D'Ivoire").replace("D\u2019Ivoire", "D'Ivoire")
    spells = []
    years = spec.years or (1816, 2017)
    for line_no, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            raise SourceFileError(
                f"expected 5 tab-separated fields (gwcode, abbreviation, name, start, end), "
                f"found {len(cells)}",
                path=path,
                line=line_no,
            )
        try:
            code = int(cells[0])
        except ValueError:
            raise SourceFileError(
                f"expected a numeric gwcode, got {cells[0]!r}",
                path=path,
                line=line_no,
                column="gwcode",
            ) from None
        start = _gw_date(cells[3], path, line_no, "start", years)
        end = _gw_date(cells[4], path, line_no, "end", years)
        spells.append(
            StateSpell(
                system="gw",
                code=code,
                abbrev=cells[1].strip(),
                name=cells[2].strip(),
                start=start,
                end=_end(end, dt.date(2017, 12, 31)),
                source=Source(spec.dataset, spec.version, line_no),
            )
        )
    if len(spells) < 150:
        raise SourceFileError(
            f"only {len(spells)} states; the Gleditsch-Ward list has over 200 (truncated?)",
            path=path,
        )
    return spells
