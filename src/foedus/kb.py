"""The knowledge base: the one read facade a notebook, the CLI, the analyses and the web app use.

It only reads. Building a store (import, register merge, checks) is
:mod:`foedus.build`'s job; every question an analysis asks goes through a
method here, which asks the store (:mod:`foedus.store`) one indexed question.

A worked case, the one peacesciencer uses to explain asymmetric pledges:
France and Belgium's treaty of 10 November 1832 (ATOP 1060) binds France to
defend Belgium, while Belgium promises France nothing in return. Built here
from the two ATOP member rows, by hand:

>>> from foedus.build import hand_built
>>> from foedus.model import Membership, ObligationType as T, PartialDate as P, Source
>>> src = Source("ATOP", "5.1", None)
>>> rows = [Membership("atop-1060", 0, 220, P(1832, 11, 10), P(1833, 5, 21),
...                    frozenset({T.DEFENSE}), source=src),
...         Membership("atop-1060", 0, 211, P(1832, 11, 10), P(1833, 5, 21),
...                    frozenset(), source=src)]
>>> kb = hand_built(rows, states={220: "France", 211: "Belgium"})
>>> [(o.obligor_name, o.type.value) for o in kb.defends("Belgium", on="1833-01-01")]
[('France', 'defense')]
>>> kb.obligations("Belgium", on="1833-01-01")
[]

Entry and exit days are inclusive: France is still bound on 21 May 1833 and
free the next day.

>>> len(kb.defends(211, on="1833-05-21")), len(kb.defends(211, on="1833-05-22"))
(1, 0)

How a question is answered: a one-shot call (the CLI) reads the lookup the
build side persisted beside the store (:mod:`foedus.lookup`); a long-lived
process (the web server, a sweep) calls :meth:`KnowledgeBase.load_index`
once and then answers from memory; both give the same records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.codes import StateDirectory
from foedus.errors import NotFound, StoreError
from foedus.lookup import Lookup, lookup_path
from foedus.model import (
    Citation,
    MemberView,
    Obligation,
    ObligationType,
    PartialDate,
    PhaseView,
    Provision,
    SharedTreaty,
    Source,
    StateSpell,
    Treaty,
    TreatyEvent,
    TreatySummary,
    TreatyView,
    WarParticipation,
    parse_date,
)
from foedus.obligations import DEFAULT_VIEW, ObligationIndex, pledge_row, to_obligation

if TYPE_CHECKING:
    import duckdb

    from foedus.store import Store

__all__ = ["KnowledgeBase"]

DateLike = str | dt.date
_ProvisionKey = tuple[str, str, str]


def _iso(day: dt.date | None, precision: str | None) -> str | None:
    return None if day is None else PartialDate.at(day, precision or "day").iso()


def _citations(sources: str | None) -> tuple[Citation, ...]:
    return tuple(Citation.from_dict(c) for c in json.loads(sources or "[]"))


def _one(provision: Provision | None) -> tuple[Provision, ...]:
    return () if provision is None else (provision,)


def _provision(row: Sequence[Any]) -> Provision:
    treaty, article, kind, text, text_kind, confidence, sources, record, conditions, _ = row
    return Provision(
        treaty=treaty,
        article=article,
        obligations=() if kind == "none" else (kind,),
        text=text,
        text_kind=text_kind,
        confidence=confidence,
        conditions=tuple(dict.fromkeys(conditions or ())),
        citations=_citations(sources),
        record=record,
    )


def _treaty(row: Sequence[Any]) -> Treaty:
    tid, name, b, bp, e, ep, atopid, cow_id, bilateral, attrs, dataset, version, srow = row[:13]
    return Treaty(
        tid,
        name,
        PartialDate.at(b, bp),
        PartialDate.at(e, ep) if e else None,
        Source(dataset, version, srow),
        atopid=atopid,
        cow_id=cow_id,
        bilateral=bilateral,
        attributes=json.loads(attrs) if attrs else {},
    )


class KnowledgeBase:
    """Alliance treaties and obligations, 1815 to today, from one store file.

    Open the default store (``FOEDUS_DB`` or the user data directory) with
    ``KnowledgeBase()``, or name a file: ``KnowledgeBase("kb.duckdb")``.
    Nothing is opened until the first question.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        view: str = DEFAULT_VIEW,
        store: Store | None = None,
    ) -> None:
        self.view = view
        self._given_store = store
        if store is None:
            from foedus.paths import default_db_path

            self.path = Path(path).expanduser() if path else default_db_path()
            if not self.path.exists():
                raise StoreError(
                    f"no knowledge base at {self.path}; build it with "
                    "`foedus data import DIR` (or `foedus data fetch`)",
                    path=self.path,
                )
        else:
            self.path = store.path
        self._reset()

    def _reset(self) -> None:
        self._store: Store | None = self._given_store
        self._lookup: Lookup | None = None
        self._lookup_checked = False
        self._states: StateDirectory | None = None
        self._index: ObligationIndex | None = None
        self._provisions: dict[_ProvisionKey, Provision] | None = None
        self._stamp = self._file_stamp()

    # -- opening --------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The DuckDB store, opened read-only on first use."""
        if self._store is None:
            from foedus.store import Store

            for _ in range(3):
                self._pin()
                store = Store(self.path, read_only=True)
                if self._given_store is not None or self._file_stamp() == self._stamp:
                    break
                store.close()  # swapped while opening: start over on the new build
            self._store = store.refuse_empty()
        return self._store

    def _quick(self) -> Lookup | None:
        """The persisted lookup, when this is the default view of a store file that has one."""
        if not self._lookup_checked:
            self._pin()
            self._lookup_checked = True
            path = lookup_path(self.path)
            if self._given_store is None and self.view == DEFAULT_VIEW and path.exists():
                lookup = Lookup(path)
                if lookup.belongs_to(self.path):
                    self._lookup = lookup
                else:  # from another build (a swap cut short, a copy): the store answers
                    lookup.close()
        return self._lookup

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_ino, info.st_mtime_ns)

    def _pin(self) -> None:
        """Before opening a file: when an import has swapped in a new build since this
        knowledge base started, start over on it, so no answer pairs the old build's
        lookup or states with the new build's store."""
        if self._given_store is None and self._file_stamp() != self._stamp:
            self.close()
            self._reset()

    def refresh(self) -> bool:
        """Reopen the store if an import has swapped in a new file since it was opened.

        Long-lived readers (the web server) call this before answering; it
        costs one ``stat``. Returns True when the knowledge base was reopened.
        """
        if self._given_store is not None or self._file_stamp() == self._stamp:
            return False
        had_index = self._index is not None
        self.close()
        self._reset()
        if had_index:
            self.load_index()
        return True

    @property
    def indexed(self) -> bool:
        """Whether every pledge is in memory (:meth:`load_index`)."""
        return self._index is not None

    def load_index(self) -> KnowledgeBase:
        """Load every pledge of the view into memory, for processes that ask many questions.

        Costs about a second once; each question then takes microseconds.
        """
        self._index = ObligationIndex.from_tuples(self.store.pledge_rows(self.view))
        by_key = self._all_provisions()
        self._index.prepare(
            self.states.name, lambda *k: _one(by_key.get(k)), self.states.renamed()
        )
        return self

    # -- states ---------------------------------------------------------------------------

    @property
    def states(self) -> StateDirectory:
        """Every state by any name, named as it was on a date (see :mod:`foedus.codes`)."""
        if self._states is None:
            quick = self._quick()
            if quick is not None:
                self._states = StateDirectory.loads(quick.directory)
            else:
                self._states = StateDirectory.build(self.spells("cow"), self.spells("gw"))
        return self._states

    def spells(self, system: str) -> list[StateSpell]:
        """The membership spells of one state list, ``"cow"`` or ``"gw"``."""
        return [
            StateSpell(system, code, abbrev, name, start, end, Source(dataset, version, row))
            for code, abbrev, name, start, end, dataset, version, row in self.store.spell_rows(
                system
            )
        ]

    def resolve(self, state: str | int, on: DateLike | None = None) -> int:
        """The COW code of a state given by name, abbreviation, ISO3 or code."""
        return self.states.resolve(state, parse_date(on) if on is not None else None)

    # -- obligations on a date ------------------------------------------------------------

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
        return self._ask(state, on, types, toward=True)

    def obligations(
        self,
        state: str | int,
        on: DateLike,
        types: Iterable[str | ObligationType] | None = None,
    ) -> list[Obligation]:
        """Every obligation ``state`` owes to others on ``on``."""
        return self._ask(state, on, types, toward=False)

    def _ask(
        self,
        state: str | int,
        on: DateLike,
        types: Iterable[str | ObligationType] | None,
        *,
        toward: bool,
    ) -> list[Obligation]:
        day = parse_date(on)
        kinds = [ObligationType.parse(t) for t in types or ()]
        code = self.states.resolve(state, day)
        if self._index is not None:
            return self._index.records(code, day, kinds, toward=toward)
        key = {"beneficiary" if toward else "obligor": code}
        quick = self._quick()
        if quick is not None:
            found = quick.pledge_rows(on=day, **key)
        else:
            found = self.store.pledge_rows(self.view, on=day, **key)
        rows = [r for r in map(pledge_row, found) if not kinds or r.type in kinds]
        provisions = self._provisions_for(
            (r.treaty, a, r.type.value) for r in rows for a in r.articles
        )
        return [
            to_obligation(r, self.states.name, day, lambda *k: provisions.get(k, ())) for r in rows
        ]

    def _provisions_for(
        self, keys: Iterable[_ProvisionKey]
    ) -> dict[_ProvisionKey, tuple[Provision, ...]]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        quick = self._quick()  # only the questions without the index come here
        if quick is not None:
            found = [_provision(r) for r in quick.provision_rows(wanted)]
            by_key = {(p.treaty, p.article, (p.obligations or ("none",))[0]): p for p in found}
        else:
            by_key = self._all_provisions()
        return {k: (by_key[k],) for k in wanted if k in by_key}

    def _all_provisions(self) -> dict[_ProvisionKey, Provision]:
        if self._provisions is None:
            self._provisions = {
                (r[0], r[1], r[2]): _provision(r) for r in self.store.provision_rows()
            }
        return self._provisions

    # -- treaties -------------------------------------------------------------------------

    def treaty_id(self, treaty: str | int) -> str:
        """The store's id for a treaty given as ``3180``, ``atop-3180`` or a register id."""
        key = f"atop-{treaty}" if str(treaty).isdigit() else str(treaty)
        return self.store.record_treaty(key) or key

    def treaty(self, treaty_id: str | int) -> TreatyView:
        """One treaty with its members by phase; ``3180`` means ATOP 3180.

        Register ids work too: ``north-atlantic-treaty`` is ATOP 3180 with the
        register's later members and article-level provisions.
        """
        key = self.treaty_id(treaty_id)
        row = self.store.treaty_row(key)
        if row is None:
            raise NotFound(
                f"no treaty {treaty_id!r}; ids look like atop-3180, cow-7 or rus-prk-2024 "
                "(`foedus obligations STATE --on DATE` lists the treaties a state is in)"
            )
        tid, name, bdate, bprec, edate, eprec, atopid, cow_id, bilateral, attrs = row[:10]
        return TreatyView(
            id=tid,
            name=name,
            begins=_iso(bdate, bprec) or "",
            ends=_iso(edate, eprec),
            atopid=atopid,
            cow_id=cow_id,
            bilateral=bilateral,
            phases=self._phases(tid),
            source=Source(*row[10:13]),
            attributes=json.loads(attrs) if attrs else {},
            provisions=self.articles(tid),
            events=self.events(tid),
        )

    def articles(self, treaty_id: str) -> tuple[Provision, ...]:
        """The register's articles of one treaty, in the record's order, one per article."""
        by_article: dict[str, list[Provision]] = {}
        for (tid, article, _kind), prov in self._all_provisions().items():
            if tid == treaty_id:
                by_article.setdefault(article, []).append(prov)
        out = []
        for parts in by_article.values():
            first = parts[0]
            kinds = sorted({k for p in parts for k in p.obligations})
            conditions = tuple(dict.fromkeys(c for p in parts for c in p.conditions))
            out.append(
                Provision(
                    first.treaty, first.article, tuple(kinds), first.text, first.text_kind,
                    first.confidence, conditions, first.citations, first.record,
                )
            )  # fmt: skip
        return tuple(out)

    def events(self, treaty_id: str) -> tuple[TreatyEvent, ...]:
        """What happened to a treaty after its signature (register events), in date order."""
        out = []
        for (
            kind,
            day,
            prec,
            parties,
            counter,
            article,
            effect,
            contested,
            note,
            conf,
            src,
        ) in self.store.event_rows(treaty_id):
            out.append(
                TreatyEvent(
                    treaty=treaty_id,
                    kind=kind,
                    date=PartialDate.at(day, prec),
                    parties=tuple(parties or ()),
                    counterparties=tuple(counter or ()),
                    article=article,
                    legal_effect=bool(effect) if effect is not None else True,
                    contested=bool(contested),
                    note=note,
                    confidence=conf,
                    citations=_citations(src),
                )
            )
        return tuple(out)

    def _phases(self, treaty_id: str) -> tuple[PhaseView, ...]:
        view = "COW" if treaty_id.startswith("cow-") else self.view
        conds: dict[tuple[int, int, str | None], dict[str, list[str]]] = {}
        for phase, ccode, srow, kind, _code, text in self.store.condition_rows(treaty_id, view):
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
            ds,
            ver,
            srow,
            status,
            note,
        ) in self.store.member_rows(treaty_id, view):
            phases.setdefault(phase, []).append(
                MemberView(
                    ccode=ccode,
                    name=self.states.name(ccode, edate),
                    entry=_iso(edate, eprec) or "",
                    exit=_iso(xdate, xprec),
                    obligations=tuple(obls),
                    conditions=conds.get((phase, ccode, srow), {}),
                    source=Source(ds, ver, int(srow) if srow and srow.isdigit() else srow, note),
                    status=status,
                )
            )
        return tuple(
            PhaseView(
                phase=p,
                begins=min(m.entry for m in ms),
                ends=None if any(m.exit is None for m in ms) else max(m.exit or "" for m in ms),
                members=tuple(ms),
            )
            for p, ms in sorted(phases.items())
        )

    def treaties(self, prefix: str = "") -> list[TreatySummary]:
        """Every treaty whose id starts with ``prefix`` (``"atop-"``, ``"cow-"``, ``""`` for
        all), with the states that were ever its members."""
        return [
            TreatySummary(_treaty(row), frozenset(row[13] or ()))
            for row in self.store.treaty_rows(prefix)
        ]

    def shared_treaties(self, a: str | int, b: str | int) -> list[SharedTreaty]:
        """Every treaty under which ``a`` and ``b`` owed each other anything, oldest first."""
        code_a, code_b = self.resolve(a), self.resolve(b)
        out = []
        for (
            tid, name, b_day, bprec, e_day, eprec, attrs, ab, ba, datasets, first, last, size,
        ) in self.store.pair_rows(self.view, code_a, code_b):  # fmt: skip
            treaty = _treaty((tid, name, b_day, bprec, e_day, eprec, None, None, None, attrs,
                              "", "", None))  # fmt: skip
            out.append(
                SharedTreaty(
                    treaty=treaty,
                    a_owes_b=tuple(sorted(map(ObligationType, ab or ()), key=_TYPE_ORDER.index)),
                    b_owes_a=tuple(sorted(map(ObligationType, ba or ()), key=_TYPE_ORDER.index)),
                    datasets=tuple(sorted(datasets)),
                    first=first,
                    last=None if last == dt.date(9999, 12, 31) else last,
                    members=size,
                )
            )
        return out

    def wars(self) -> list[WarParticipation]:
        """Every state's part in every COW inter-state war (empty when the war file was not
        imported), by war, side and entry into the war."""
        return [
            WarParticipation(
                war=war, name=name, ccode=ccode, side=side,
                start=PartialDate.at(s1, p1), end=PartialDate.at(e1, q1) if e1 else None,
                initiator=bool(initiator), outcome=outcome, where=where, deaths=deaths,
                source=Source(ds, ver, int(row) if row and row.isdigit() else row),
                start2=PartialDate.at(s2, p2) if s2 else None,
                end2=PartialDate.at(e2, q2) if e2 else None,
            )
            for (
                war, name, ccode, side, s1, p1, e1, q1, s2, p2, e2, q2, initiator, outcome,
                where, deaths, ds, ver, row,
            ) in self.store.war_rows()
        ]

    def relation(self, table: str, *, view: str | None = None) -> duckdb.DuckDBPyRelation:
        """A whole table as a DuckDB relation, for the research tables (see
        :data:`foedus.store.RELATIONS` for the tables and columns)."""
        return self.store.relation(table, view=view)

    # -- closing --------------------------------------------------------------------------

    def close(self) -> None:
        if self._lookup is not None:
            self._lookup.close()
        if self._store is not None and self._given_store is None:
            self._store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_TYPE_ORDER = list(ObligationType)
