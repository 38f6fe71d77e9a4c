"""The knowledge base: one object a notebook, the CLI and the web app all use.

A worked case, the one peacesciencer uses to explain asymmetric pledges:
France and Belgium's treaty of 10 November 1832 (ATOP 1060) binds France to
defend Belgium, while Belgium promises France nothing in return. Built here
from the two ATOP member rows, by hand:

>>> from foedus.model import Membership, ObligationType as T, PartialDate as P, Source
>>> src = Source("ATOP", "5.1", None)
>>> rows = [Membership("atop-1060", 0, 220, P(1832, 11, 10), P(1833, 5, 21),
...                    frozenset({T.DEFENSE}), source=src),
...         Membership("atop-1060", 0, 211, P(1832, 11, 10), P(1833, 5, 21),
...                    frozenset(), source=src)]
>>> kb = KnowledgeBase.from_records(rows, states={220: "France", 211: "Belgium"})
>>> [(o.obligor_name, o.type.value) for o in kb.defends("Belgium", on="1833-01-01")]
[('France', 'defense')]
>>> kb.obligations("Belgium", on="1833-01-01")
[]

Entry and exit days are inclusive: France is still bound on 21 May 1833 and
free the next day.

>>> len(kb.defends(211, on="1833-05-21")), len(kb.defends(211, on="1833-05-22"))
(1, 0)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foedus.codes import StateDirectory
from foedus.errors import NotFound, StoreError
from foedus.importer import (
    ImportReport,
    SourceBundle,
    import_folder,
    spells_from_store,
    write_bundle,
)
from foedus.model import (
    Membership,
    Obligation,
    ObligationType,
    PartialDate,
    Precision,
    Source,
    StateSpell,
    Treaty,
    parse_date,
)
from foedus.obligations import DEFAULT_DATASETS, ObligationIndex, to_obligation
from foedus.store import Store

__all__ = ["KnowledgeBase", "MemberView", "PhaseView", "TreatyView"]

DateLike = str | dt.date


@dataclass(frozen=True)
class MemberView:
    ccode: int
    name: str
    entry: str
    exit: str | None
    obligations: tuple[str, ...]
    conditions: dict[str, list[str]]
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {
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
    phase: int
    begins: str
    ends: str | None
    members: list[MemberView]

    def to_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "begins": self.begins,
            "ends": self.ends,
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True)
class TreatyView:
    """One treaty: its dates, and its members by phase with their own obligations."""

    id: str
    name: str
    begins: str
    ends: str | None
    atopid: int | None
    cow_id: int | None
    bilateral: bool | None
    phases: list[PhaseView]
    source: Source
    attributes: dict[str, Any] = field(default_factory=dict)

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
        }


def _iso(day: dt.date | None, precision: str | None) -> str | None:
    if day is None:
        return None
    if precision == Precision.YEAR.value:
        return f"{day.year:04d}"
    if precision == Precision.MONTH.value:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


class KnowledgeBase:
    """Alliance treaties and obligations, 1815 to today, from one store file.

    Open the default store (``FOEDUS_DB`` or the user data directory) with
    ``KnowledgeBase()``, or name a file: ``KnowledgeBase("kb.duckdb")``.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        datasets: Sequence[str] = DEFAULT_DATASETS,
        store: Store | None = None,
    ) -> None:
        self.store = store or Store(path, read_only=True)
        if self.store.is_empty():
            raise StoreError(
                f"the knowledge base at {self.store.path} is empty; build it with "
                "`foedus data import DIR` or `foedus data fetch`",
                path=self.store.path,
            )
        self.datasets = tuple(datasets)
        self._states: StateDirectory | None = None
        self._index: ObligationIndex | None = None

    @classmethod
    def build(cls, folder: str | Path, path: str | Path | None = None) -> KnowledgeBase:
        """Import the raw files under ``folder`` into ``path`` and open the result."""
        store = Store(path)
        import_folder(store, folder)
        return cls(store=store)

    @classmethod
    def from_records(
        cls,
        memberships: Iterable[Membership],
        *,
        states: dict[int, str],
        treaties: Iterable[Treaty] = (),
        path: str | Path = ":memory:",
    ) -> KnowledgeBase:
        """A knowledge base from hand-built records (tests, teaching, doctests)."""
        members = list(memberships)
        given = {t.id: t for t in treaties}
        src = Source("hand-built", "")
        for m in members:
            if m.treaty not in given:
                begins = min(
                    (x.entry for x in members if x.treaty == m.treaty), key=PartialDate.first_day
                )
                given[m.treaty] = Treaty(m.treaty, "", begins, None, src)
        start = dt.date(1816, 1, 1)
        spells = [
            StateSpell("cow", c, n[:3].upper(), n, start, None, src) for c, n in states.items()
        ]
        store = Store.memory() if str(path) == ":memory:" else Store(path)
        dataset = members[0].source.dataset if members and members[0].source else "ATOP"
        write_bundle(store, SourceBundle(spells, [], [], list(given.values()), members))
        return cls(store=store, datasets=(dataset,))

    @property
    def states(self) -> StateDirectory:
        if self._states is None:
            cow = list(spells_from_store(self.store, "cow"))
            gw = list(spells_from_store(self.store, "gw"))
            self._states = StateDirectory.build(cow, gw)
        return self._states

    @property
    def index(self) -> ObligationIndex:
        if self._index is None:
            self._index = ObligationIndex.load(self.store, self.datasets)
        return self._index

    def resolve(self, state: str | int, on: DateLike | None = None) -> int:
        """The COW code of a state given by name, abbreviation, ISO3 or code."""
        return self.states.resolve(state, parse_date(on) if on is not None else None)

    def _query(
        self, state: str | int, on: DateLike, types: Iterable[str | ObligationType] | None
    ) -> tuple[int, dt.date, list[ObligationType]]:
        day = parse_date(on)
        kinds = [ObligationType.parse(t) for t in types or ()]
        return self.states.resolve(state, day), day, kinds

    def defends(
        self,
        state: str | int,
        on: DateLike,
        types: Iterable[str | ObligationType] | None = None,
    ) -> list[Obligation]:
        """Every obligation some state owes ``state`` on ``on`` (optionally of some types).

        Despite the name this covers all five types unless ``types`` narrows
        it; ``defends("South Korea", "2010-06-01", ["defense"])`` lists who
        must defend South Korea that day.
        """
        code, day, kinds = self._query(state, on, types)
        return [
            to_obligation(r, self.states.name, day) for r in self.index.toward(code, day, kinds)
        ]

    def obligations(
        self,
        state: str | int,
        on: DateLike,
        types: Iterable[str | ObligationType] | None = None,
    ) -> list[Obligation]:
        """Every obligation ``state`` owes to others on ``on``."""
        code, day, kinds = self._query(state, on, types)
        return [
            to_obligation(r, self.states.name, day) for r in self.index.owed_by(code, day, kinds)
        ]

    def treaty(self, treaty_id: str | int) -> TreatyView:
        """One treaty with its members by phase; ``3180`` means ATOP 3180."""
        key = f"atop-{treaty_id}" if str(treaty_id).isdigit() else str(treaty_id)
        row = self.store.con.execute(
            "SELECT treaty, name, begin_date, begin_precision, end_date, end_precision, atopid, "
            "cow_id, bilateral, attributes, source_dataset, source_version, source_row "
            "FROM treaties WHERE treaty = ?",
            [key],
        ).fetchone()
        if row is None:
            raise NotFound(
                f"no treaty {treaty_id!r}; ids look like atop-3180, cow-7 or rus-prk-2024 "
                "(`foedus obligations STATE --on DATE` lists the treaties a state is in)"
            )
        (
            tid,
            name,
            bdate,
            bprec,
            edate,
            eprec,
            atopid,
            cow_id,
            bilateral,
            attrs,
            dataset,
            version,
            srow,
        ) = row
        return TreatyView(
            id=tid,
            name=name,
            begins=_iso(bdate, bprec) or "",
            ends=_iso(edate, eprec),
            atopid=atopid,
            cow_id=cow_id,
            bilateral=bilateral,
            phases=self._phases(tid),
            source=Source(dataset, version, srow),
            attributes=json.loads(attrs) if attrs else {},
        )

    def _phases(self, treaty_id: str) -> list[PhaseView]:
        members = self.store.con.execute(
            "SELECT phase, ccode, entry_date, entry_precision, exit_date, exit_precision, "
            "obligations, source_dataset, source_version, source_row FROM members "
            "WHERE treaty = ? ORDER BY phase, entry_date, ccode",
            [treaty_id],
        ).fetchall()
        conds: dict[tuple[int, int, str | None], dict[str, list[str]]] = {}
        for phase, ccode, srow, kind, text in self.store.con.execute(
            "SELECT phase, ccode, source_row, type, text FROM conditions WHERE treaty = ? "
            "ORDER BY code",
            [treaty_id],
        ).fetchall():
            conds.setdefault((phase, ccode, srow), {}).setdefault(kind, []).append(text)
        phases: dict[int, list[MemberView]] = {}
        for phase, ccode, edate, eprec, xdate, xprec, obls, dataset, version, srow in members:
            phases.setdefault(phase, []).append(
                MemberView(
                    ccode=ccode,
                    name=self.states.name(ccode, edate),
                    entry=_iso(edate, eprec) or "",
                    exit=_iso(xdate, xprec),
                    obligations=tuple(obls),
                    conditions=conds.get((phase, ccode, srow), {}),
                    source=Source(dataset, version, srow),
                )
            )
        return [
            PhaseView(
                phase=p,
                begins=min(m.entry for m in ms),
                ends=None if any(m.exit is None for m in ms) else max(m.exit or "" for m in ms),
                members=ms,
            )
            for p, ms in sorted(phases.items())
        ]

    def import_folder(self, folder: str | Path) -> ImportReport:
        """Re-import raw files into this knowledge base's store (needs a writable store)."""
        report = import_folder(self.store, folder)
        self._states = self._index = None
        return report

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
