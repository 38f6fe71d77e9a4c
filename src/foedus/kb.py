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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foedus import lineage
from foedus.codes import StateDirectory
from foedus.errors import NotFound, StoreError
from foedus.importer import (
    ImportReport,
    SourceBundle,
    import_folder,
    spells_from_store,
    write_bundle,
)
from foedus.lineage import Link
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
from foedus.obligations import DEFAULT_VIEW, ObligationIndex, to_obligation
from foedus.register import load_register
from foedus.register.merge import DATASET, Conflict, merge_register
from foedus.sources import atop_partners
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
    provisions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

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
            "provisions": self.provisions,
            "events": self.events,
        }


def _partial(day: dt.date, precision: str) -> PartialDate:
    """A stored date back at the precision its source gave."""
    if precision == Precision.YEAR.value:
        return PartialDate(day.year)
    if precision == Precision.MONTH.value:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


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
        view: str = DEFAULT_VIEW,
        store: Store | None = None,
    ) -> None:
        self.store = store or Store(path, read_only=True)
        if self.store.is_empty():
            raise StoreError(
                f"the knowledge base at {self.store.path} is empty; build it with "
                "`foedus data import DIR` or `foedus data fetch`",
                path=self.store.path,
            )
        self.view = view
        self._states: StateDirectory | None = None
        self._index: ObligationIndex | None = None
        self._provisions: dict[tuple[str, str, str], tuple[dict[str, Any], ...]] | None = None

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
        write_bundle(store, SourceBundle(spells, [], [], list(given.values()), members))
        return cls(store=store)

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
            self._index = ObligationIndex.load(self.store, self.view)
        return self._index

    def provisions(self, treaty: str, article: str, kind: str) -> tuple[dict[str, Any], ...]:
        """The register's text of one article of a treaty, for one obligation type."""
        if self._provisions is None:
            found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
            for tid, art, typ, text, text_kind, conf, sources, record in self.store.con.execute(
                "SELECT treaty, article, type, text, text_kind, confidence, sources, record "
                "FROM provisions"
            ).fetchall():
                found.setdefault((tid, art, typ), []).append(
                    {
                        "article": art,
                        "text": text,
                        "text_kind": text_kind,
                        "confidence": conf,
                        "source": {
                            "dataset": DATASET,
                            "record": f"{record}.yaml",
                            "citations": json.loads(sources),
                        },
                    }
                )
            self._provisions = {k: tuple(v) for k, v in found.items()}
        return self._provisions.get((treaty, article, kind), ())

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
        rows = self.index.toward(code, day, kinds)
        return [to_obligation(r, self.states.name, day, self.provisions) for r in rows]

    def obligations(
        self,
        state: str | int,
        on: DateLike,
        types: Iterable[str | ObligationType] | None = None,
    ) -> list[Obligation]:
        """Every obligation ``state`` owes to others on ``on``."""
        code, day, kinds = self._query(state, on, types)
        rows = self.index.owed_by(code, day, kinds)
        return [to_obligation(r, self.states.name, day, self.provisions) for r in rows]

    def treaty_id(self, treaty: str | int) -> str:
        """The store's id for a treaty given as ``3180``, ``atop-3180`` or a register id."""
        key = f"atop-{treaty}" if str(treaty).isdigit() else str(treaty)
        found = self.store.con.execute(
            "SELECT treaty FROM records WHERE record = ?", [key]
        ).fetchone()
        return found[0] if found else key

    def treaty(self, treaty_id: str | int) -> TreatyView:
        """One treaty with its members by phase; ``3180`` means ATOP 3180.

        Register ids work too: ``north-atlantic-treaty`` is ATOP 3180 with the
        register's later members and article-level provisions.
        """
        key = self.treaty_id(treaty_id)
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
            provisions=self._treaty_provisions(tid),
            events=self._events(tid),
        )

    def _treaty_provisions(self, treaty_id: str) -> list[dict[str, Any]]:
        rows = self.store.con.execute(
            "SELECT article, list(DISTINCT type ORDER BY type), any_value(text), "
            "any_value(text_kind), any_value(confidence), any_value(sources), "
            "flatten(list(conditions)) FROM provisions WHERE treaty = ? GROUP BY article "
            "ORDER BY min(rowid)",
            [treaty_id],
        ).fetchall()
        return [
            {
                "article": art,
                "obligations": types,
                "text": text,
                "text_kind": kind,
                "confidence": conf,
                "conditions": list(dict.fromkeys(conds)),
                "sources": json.loads(sources),
            }
            for art, types, text, kind, conf, sources, conds in rows
        ]

    def _events(self, treaty_id: str) -> list[dict[str, Any]]:
        cursor = self.store.con.execute(
            "SELECT kind, date, date_precision AS precision, parties, counterparties, article, "
            "legal_effect, contested, note, confidence, sources FROM events WHERE treaty = ? "
            "ORDER BY date",
            [treaty_id],
        )
        columns = [d[0] for d in cursor.description]
        events = []
        for values in cursor.fetchall():
            event = dict(zip(columns, values, strict=True))
            event["date"] = _iso(event["date"], event.pop("precision"))
            event["sources"] = json.loads(event["sources"])
            events.append(event)
        return events

    def _phases(self, treaty_id: str) -> list[PhaseView]:
        view = self._member_view(treaty_id)
        members = self.store.con.execute(
            "SELECT phase, ccode, entry_date, entry_precision, exit_date, exit_precision, "
            "obligations, source_dataset, source_version, source_row, status FROM members "
            "WHERE treaty = ? AND view = ? ORDER BY phase, entry_date, ccode",
            [treaty_id, view],
        ).fetchall()
        conds: dict[tuple[int, int, str | None], dict[str, list[str]]] = {}
        for phase, ccode, srow, kind, text in self.store.con.execute(
            "SELECT phase, ccode, source_row, type, text FROM conditions WHERE treaty = ? "
            "AND view = ? ORDER BY code",
            [treaty_id, view],
        ).fetchall():
            conds.setdefault((phase, ccode, srow), {}).setdefault(kind, []).append(text)
        phases: dict[int, list[MemberView]] = {}
        for (
            phase,
            ccode,
            edate,
            eprec,
            xdate,
            xprec,
            obls,
            dataset,
            version,
            srow,
            status,
        ) in members:
            phases.setdefault(phase, []).append(
                MemberView(
                    ccode=ccode,
                    name=self.states.name(ccode, edate),
                    entry=_iso(edate, eprec) or "",
                    exit=_iso(xdate, xprec),
                    obligations=tuple(obls),
                    conditions=conds.get((phase, ccode, srow), {}),
                    source=Source(dataset, version, srow),
                    status=status,
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

    def check_register(self, folder: str | Path | None = None) -> list[Conflict]:
        """Every register fact that contradicts ATOP, explained or not.

        Reads the register afresh (``folder``, default the one shipped with
        foedus), so a curator sees the effect of an edit before re-importing.
        A record that breaks the schema raises RegisterError naming file and field.
        """
        records = load_register(Path(folder) if folder else None)
        treaties, memberships = self._atop_records()
        return merge_register(treaties, memberships, records, atop_partners.load_rules()).conflicts

    def _atop_records(self) -> tuple[list[Treaty], list[Membership]]:
        con = self.store.con
        treaties = [
            Treaty(
                tid,
                name,
                _partial(b, bp),
                _partial(e, ep) if e else None,
                Source(ds, ver, row),
                atopid=atopid,
                attributes=json.loads(attrs or "{}"),
            )
            for tid, name, b, bp, e, ep, atopid, attrs, ds, ver, row in con.execute(
                "SELECT treaty, name, begin_date, begin_precision, end_date, end_precision, "
                "atopid, attributes, source_dataset, source_version, source_row FROM treaties "
                "WHERE atopid IS NOT NULL"
            ).fetchall()
        ]
        memberships = [
            Membership(
                tid,
                phase,
                ccode,
                _partial(b, bp),
                _partial(e, ep) if e else None,
                frozenset(ObligationType(o) for o in obls),
                (),
                Source(ds, ver, row),
            )
            for tid, phase, ccode, b, bp, e, ep, obls, ds, ver, row in con.execute(
                "SELECT treaty, phase, ccode, entry_date, entry_precision, exit_date, "
                "exit_precision, obligations, source_dataset, source_version, source_row "
                "FROM members WHERE view = 'ATOP'"
            ).fetchall()
        ]
        return treaties, memberships

    def history(self, a: str | int, b: str | int) -> list[Link]:
        """The chain of treaties between two states over time (see :mod:`foedus.lineage`)."""
        return lineage.history(self, a, b)

    def _member_view(self, treaty_id: str) -> str:
        """COW treaties live in the COW view only; the others in the chosen one."""
        return "COW" if treaty_id.startswith("cow-") else self.view

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
