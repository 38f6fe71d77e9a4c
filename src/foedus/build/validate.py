"""Checks across sources, before anything is written: what one file says that another contradicts.

Each reader checks its own file (header, cells, dates real and inside the
years the file covers). These checks need two sources at once:

* every COW code in the raw files (ATOP members and named threats, COW
  alliance members, war and dispute participants, capabilities, contiguity,
  major powers) and in the register is a state the state system knows (COW,
  or a curated entity such as ATOP's 8152, Annam);
* a treaty member exists at some time while it is a member (COW's spells,
  widened by the Gleditsch-Ward list's; COW's list opens on 1 January 1816, so
  a state listed then also existed in 1815), apart from the :data:`KNOWN_EARLY`
  rows; a register date about a state (a party joining or leaving, a
  ratification, a status event) falls inside one of its spells;
* a register party's name is a name of its code (any name or alias the state
  directory knows for it, in any period): ``ccode: 670, name: Narnia`` fails.

An unknown code would otherwise import quietly and break later questions
("Unknown state" from ``foedus defends Pakistan``). Every error names the file
and line (raw files) or the record file and dotted field (register), the value
and what was expected, e.g.::

    atop5_1m.csv, line 938, column 'member': 99999 is not a state in the COW state
    system (COW State System 2016) nor a curated entity; expected a COW code such as 2
    (United States) or 365 (Russia)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.codes import StateDirectory, name_key
from foedus.errors import RegisterError, SourceFileError
from foedus.model import Membership, PartialDate, StateSpell

if TYPE_CHECKING:
    from foedus.register.schema import TreatyRecord

__all__ = ["KNOWN_EARLY", "StateCheck", "validate_bundle", "validate_register"]

COW_OPENS = dt.date(1816, 1, 1)
SOURCE_OPENS = dt.date(1815, 1, 1)  # ATOP's first alliance; COW's list starts a year later

#: Treaty members a source lists before the state system counts the state, each with why
#: it is right. Keyed by (treaty, COW code).
KNOWN_EARLY: dict[tuple[str, int], str] = {
    ("atop-3740", 221): "Monaco signed the Helsinki Final Act (1975); COW lists it from 1993",
    ("atop-3740", 331): "San Marino signed the Helsinki Final Act (1975); COW lists it from 1992",
}


@dataclass(frozen=True)
class StateCheck:
    """The state system as the checks see it: codes, names, and when each state existed."""

    directory: StateDirectory
    spans: Mapping[int, tuple[tuple[dt.date, dt.date], ...]]
    names: Mapping[int, frozenset[str]]  # every name and alias of each code, compared folded

    @classmethod
    def build(cls, cow: Sequence[StateSpell], gw: Sequence[StateSpell] = ()) -> StateCheck:
        directory = StateDirectory.build(cow, gw)
        spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for s in cow:
            spans[s.code].append(_span(s))
        for s in gw:  # GW's spells under the same code (GW counts some states earlier)
            if s.code in spans:
                spans[s.code].append(_span(s))
        names: dict[int, set[str]] = defaultdict(set)
        for a in directory.aliases():
            names[a.ccode].add(name_key(a.text))
        return cls(
            directory,
            {c: tuple(v) for c, v in spans.items()},
            {c: frozenset(v) for c, v in names.items()},
        )

    def unknown(self, code: int) -> str | None:
        """Why ``code`` is not a state, or None when it is one."""
        if code in self.directory:
            return None
        near = sorted(self.directory.codes(), key=lambda c: (abs(c - code), c))[:2]
        examples = " or ".join(f"{c} ({self.directory.name(c)})" for c in near)
        return (
            f"{code} is not a state in the COW state system nor a curated entity; "
            f"expected a COW code such as {examples}"
        )

    def absent(self, code: int, first: dt.date, last: dt.date) -> str | None:
        """Why the state did not exist at any time from ``first`` to ``last``, or None."""
        spans = self.spans.get(code)
        if not spans or any(a <= last and first <= z for a, z in spans):
            return None  # a curated entity without dates, or it existed then
        when = ", ".join(
            f"{a.isoformat()} to {'today' if z == dt.date.max else z.isoformat()}"
            for a, z in sorted(set(spans))
        )
        end = "its end" if last == dt.date.max else last.isoformat()
        period = first.isoformat() if first == last else f"{first} to {end}"
        return (
            f"{self.directory.name(code, first)} ({code}) did not exist on {period}; the "
            f"state system lists it {when}"
        )

    def names_of(self, code: int) -> frozenset[str]:
        return self.names.get(code, frozenset())


def _span(s: StateSpell) -> tuple[dt.date, dt.date]:
    """A spell's days; one that opens the list (1 January 1816) also covers 1815."""
    return (SOURCE_OPENS if s.start <= COW_OPENS else s.start, s.end or dt.date.max)


# --- raw files ---------------------------------------------------------------------


def validate_bundle(bundle: Any, files: Mapping[str, Path] | None = None) -> None:
    """Check every code in the raw files and the register against the state system.

    ``bundle`` is a :class:`foedus.build.importer.SourceBundle` (not imported here: the
    importer calls this module).

    ``files`` (the keys of :data:`foedus.sources.files.FILES`) names the files in errors.
    Raises :class:`SourceFileError` or :class:`RegisterError` at the first problem.
    """
    where = dict(files or {})
    check = StateCheck.build(bundle.cow_spells, bundle.gw_spells)
    _memberships(bundle.memberships, where.get("atop_m"), "member", check)
    _memberships(bundle.cow_memberships, where.get("cow_alliances"), "ccode", check)
    treaties = {t.id: t for t in bundle.treaties}
    for treaty, threats in bundle.threats.items():
        for code in threats:
            problem = check.unknown(code)
            if problem:
                t = treaties[treaty]
                column = "statthr1" if t.attributes.get("statthr1") == code else "statthr2"
                _raise(where.get("atop_a"), t.source.row, column, problem)
    data = bundle.conflict
    codes: list[tuple[str, str, Iterable[tuple[int, object]]]] = [
        ("cow_majors", "ccode", ((s.code, s.source.row) for s in bundle.majors)),
        ("cow_wars", "ccode", ((w.ccode, w.source.row) for w in data.wars)),
        ("cow_midb", "ccode", ((p.ccode, p.source.row) for p in data.dispute_members)),
        ("cow_nmc", "ccode", ((c.ccode, c.source.row) for c in data.capabilities)),
        (
            "cow_contdir" if "cow_contdir" in where else "ps_contdir",
            "ccode1",
            ((code, c.source.row) for c in data.contiguity for code in (c.ccode1, c.ccode2)),
        ),
    ]
    for key, column, pairs in codes:
        for code, row in pairs:
            problem = check.unknown(code)
            if problem:
                _raise(where.get(key), row, column, problem)
    if bundle.register:
        from foedus.register.load import register_dir

        validate_register(bundle.register, check, register_dir())


def _memberships(
    members: Iterable[Membership], path: Path | None, column: str, check: StateCheck
) -> None:
    for m in members:
        row = m.source.row if m.source else None
        problem = check.unknown(m.ccode)
        if problem:
            _raise(path, row, column, problem)
        if (m.treaty, m.ccode) in KNOWN_EARLY:
            continue
        # Overlap, not entry: ATOP counts some states before COW does (Jordan signs the
        # Arab League pact in March 1945; COW lists it from 1946).
        last = m.exit.last_day() if m.exit else dt.date.max
        problem = check.absent(m.ccode, m.entry.first_day(), last)
        if problem:
            _raise(path, row, column, f"{problem}, yet it is a member of {m.treaty} then")


def _raise(path: Path | None, row: object, column: str, message: str) -> None:
    line = row if isinstance(row, int) else None
    raise SourceFileError(message, path=path, line=line, column=column)


# --- the register ------------------------------------------------------------------


def validate_register(
    records: Iterable[TreatyRecord], check: StateCheck, folder: Path | None = None
) -> None:
    """Check every state code, date and party name of the register against the state system.

    Raises :class:`RegisterError` naming the record's file and the dotted field.
    """
    for rec in records:
        path = (folder / f"{rec.id}.yaml") if folder else f"{rec.id}.yaml"
        signed = rec.signed.date

        def fail(field: str, message: str, path: Path | str = path) -> None:
            raise RegisterError(message, path=path, field=field)

        def code_on(field: str, code: int, day: PartialDate | None) -> None:
            problem = check.unknown(code)
            if problem:
                fail(field, problem)
            if day is not None:
                problem = check.absent(code, day.first_day(), day.last_day())
                if problem:
                    fail(field, problem)

        for i, p in enumerate(rec.parties):
            code_on(f"parties.{i}.ccode", p.ccode, None)
            for name in ("signed", "joined", "left"):
                day = getattr(p, name)
                if day is not None:
                    code_on(f"parties.{i}.{name}", p.ccode, day)
            if name_key(p.name) not in check.names_of(p.ccode):
                fail(f"parties.{i}.name", _wrong_name(check, p.name, p.ccode, p.joined or signed))
        for i, r in enumerate(rec.ratifications):
            code_on(f"ratifications.{i}.party", r.party, r.date)
        for i, e in enumerate(rec.status_events):
            for j, code in enumerate(e.parties):
                code_on(f"status_events.{i}.parties.{j}", code, e.date)
            for j, code in enumerate(e.counterparties):
                code_on(f"status_events.{i}.counterparties.{j}", code, e.date)
        for i, art in enumerate(rec.articles):
            for j, ob in enumerate(art.obligations):
                for k, code in enumerate(ob.obligors):
                    code_on(f"articles.{i}.obligations.{j}.obligors.{k}", code, None)
                for k, code in enumerate(ob.beneficiaries):
                    code_on(f"articles.{i}.obligations.{j}.beneficiaries.{k}", code, None)
                for k, cond in enumerate(ob.conditions):
                    for n, code in enumerate(cond.adversaries):
                        field = f"articles.{i}.obligations.{j}.conditions.{k}.adversaries.{n}"
                        code_on(field, code, None)
        if rec.atop:
            for i, diff in enumerate(rec.atop.differences):
                if diff.ccode is not None:
                    code_on(f"atop.differences.{i}.ccode", diff.ccode, None)


def _wrong_name(check: StateCheck, name: str, code: int, day: PartialDate) -> str:
    directory = check.directory
    there = directory.name(code, day.first_day())
    try:
        other = directory.resolve(name, day.first_day())
    except LookupError:
        other = None
    also = f" ({name!r} is {directory.name(other, day.first_day())}, {other})" if other else ""
    return (
        f"the name {name!r} does not match ccode {code}{also}; expected {there} or another "
        f"name of {code} (see `foedus state {code}`)"
    )
