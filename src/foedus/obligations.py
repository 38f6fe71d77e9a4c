"""Obligations on a date: who must defend (join, stay neutral toward, ...) whom.

The store's ``pledges`` table holds every directed obligation with its
interval; this module keeps them in memory as arrays indexed by obligor and
by beneficiary, so that "on date D" is a slice and a comparison, well under
a millisecond.

Semantics, as the ATOP codebook defines them:

* obligations are member-specific and may be asymmetric: in the 1953 US–South
  Korea treaty both pledge defense, but in many guarantees only one side does;
* they hold between members of the same alliance phase while both are members;
* entry and exit days are inclusive;
* an alliance ATOP marks as in effect at the end of 2018 stays in effect
  afterwards until another source (the curated register) ends it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from foedus.model import (
    Obligation,
    ObligationType,
    Precision,
    Provision,
    Source,
    Status,
    Term,
)

__all__ = ["DEFAULT_VIEW", "ObligationIndex", "PledgeRow", "pledge_row", "to_obligation"]

# Answers use ATOP merged with the curated register; "ATOP" (as published) and
# "COW" are the other views (COW's coding is an alternative to ATOP's, not an
# addition: mixing both would list most pledges twice).
DEFAULT_VIEW = "foedus"

_EPOCH = dt.date(1, 1, 1).toordinal()
_OPEN = 2**31 - 1  # the largest int32: an ongoing pledge's last day
_TYPES = list(ObligationType)


@dataclass(frozen=True)
class PledgeRow:
    """One directed pledge as the store holds it, before its states are named."""

    treaty: str
    treaty_name: str
    phase: int
    obligor: int
    beneficiary: int
    type: ObligationType
    valid_from: dt.date
    valid_to: dt.date | None
    from_precision: Precision
    to_precision: Precision
    status: Status
    conditions: tuple[str, ...]
    source: Source
    articles: tuple[str, ...]
    notes: tuple[str, ...]
    terms: tuple[Term, ...] = ()


class ObligationIndex:
    """Every pledge of the chosen datasets, in memory, queryable by date."""

    _name: Callable[[int, dt.date], str]  # set by prepare(), with _provisions
    _provisions: Callable[[str, str, str], tuple[Provision, ...]]

    def __init__(self, rows: Sequence[PledgeRow]) -> None:
        import numpy as np  # only long-lived processes build the index; one-shot queries don't

        self._np = np
        self.rows = list(rows)
        n = len(self.rows)
        self._from = np.fromiter((r.valid_from.toordinal() for r in self.rows), np.int32, n)
        self._to = np.fromiter(
            (r.valid_to.toordinal() if r.valid_to else _OPEN for r in self.rows), np.int32, n
        )
        self._type = np.fromiter((_TYPES.index(r.type) for r in self.rows), np.int8, n)
        self._by_obligor = _group(r.obligor for r in self.rows)
        self._by_beneficiary = _group(r.beneficiary for r in self.rows)
        # The public records (see prepare()): one per row whose states kept their names,
        # and those of rows naming a renamed state by (row, the two names).
        self._fixed: list[Obligation | None] | None = None
        self._named: dict[tuple[int, str, str], Obligation] = {}

    @classmethod
    def from_tuples(cls, rows: Iterable[tuple[Any, ...]]) -> ObligationIndex:
        """From the store's pledge tuples (:meth:`foedus.store.Store.pledge_rows`)."""
        return cls([pledge_row(r) for r in rows])

    def _positions(self, idx: Any, on: dt.date, types: Sequence[ObligationType]) -> list[int]:
        if idx is None:
            return []
        day = on.toordinal()
        mask = (self._from[idx] <= day) & (self._to[idx] >= day)
        if types:
            mask &= self._np.isin(self._type[idx], [_TYPES.index(t) for t in types])
        return idx[mask].tolist()  # type: ignore[no-any-return]

    def prepare(
        self,
        name: Callable[[int, dt.date], str],
        provisions: Callable[[str, str, str], tuple[Provision, ...]],
        renamed: Collection[int],
    ) -> ObligationIndex:
        """Make the public record of every pledge now, for :meth:`records` (a fraction of
        a second, in processes that stay up): making one costs more than finding it.

        ``name`` and ``provisions`` are those of :func:`to_obligation`; ``renamed`` are
        the states whose name changed over time. A record naming none of them serves every
        day of its pledge; the others are made per name, on first use.
        """
        self._name, self._provisions = name, provisions
        self._fixed = [
            None if r.obligor in renamed or r.beneficiary in renamed
            else to_obligation(r, name, r.valid_from, provisions)
            for r in self.rows
        ]  # fmt: skip
        return self

    def records(
        self, code: int, on: dt.date, types: Sequence[ObligationType] = (), *, toward: bool
    ) -> list[Obligation]:
        """The public records of the pledges in effect on ``on`` toward ``code`` (or, not
        ``toward``, owed by it), states named as on ``on``; after :meth:`prepare`.

        Each record is made once: a pledge named the same way is the same object every
        time while the index lives, so callers may keep what they derive from a set of
        records by the records' identities.
        """
        if self._fixed is None:
            raise RuntimeError("ObligationIndex.records() needs prepare() first")
        found = self._positions((self._by_beneficiary if toward else self._by_obligor).get(code),
                                on, types)  # fmt: skip
        out = []
        for i in found:
            made = self._fixed[i]
            if made is None:
                row = self.rows[i]
                key = (i, self._name(row.obligor, on), self._name(row.beneficiary, on))
                made = self._named.get(key)
                if made is None:
                    made = self._named[key] = to_obligation(row, self._name, on, self._provisions)
            out.append(made)
        return out


def _group(keys: Iterable[int]) -> dict[int, Any]:
    import numpy as np

    groups: dict[int, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return {k: np.asarray(v, dtype=np.int64) for k, v in groups.items()}


def pledge_row(r: tuple[Any, ...]) -> PledgeRow:
    """A pledge from the store's column order (see :meth:`foedus.store.Store.pledge_rows`)."""
    (
        treaty,
        name,
        phase,
        obligor,
        beneficiary,
        kind,
        vfrom,
        vto,
        fprec,
        tprec,
        status,
        conditions,
        dataset,
        version,
        source_row,
        articles,
        notes,
        terms,
        note,
    ) = r
    row_ref: int | str | None = (
        int(source_row) if source_row and source_row.isdigit() else source_row
    )
    return PledgeRow(
        treaty=treaty,
        treaty_name=name,
        phase=phase,
        obligor=obligor,
        beneficiary=beneficiary,
        type=ObligationType(kind),
        valid_from=vfrom,
        valid_to=vto,
        from_precision=Precision(fprec),
        to_precision=Precision(tprec),
        status=Status(status),
        conditions=tuple(conditions),
        source=Source(dataset, version, row_ref, note),
        articles=tuple(articles),
        notes=tuple(notes),
        terms=tuple(Term.from_dict(t) for t in json.loads(terms)),
    )


def to_obligation(
    row: PledgeRow,
    name: Callable[[int, dt.date], str],
    on: dt.date,
    provisions: Callable[[str, str, str], tuple[Provision, ...]] = lambda *_: (),
) -> Obligation:
    """The public record for one pledge, states named as they were on ``on``."""
    return Obligation(
        obligor=row.obligor,
        beneficiary=row.beneficiary,
        obligor_name=name(row.obligor, on),
        beneficiary_name=name(row.beneficiary, on),
        type=row.type,
        treaty=row.treaty,
        treaty_name=row.treaty_name,
        phase=row.phase,
        conditions=row.conditions,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        source=row.source,
        status=row.status,
        from_precision=row.from_precision,
        to_precision=row.to_precision,
        provisions=tuple(
            p for a in row.articles for p in provisions(row.treaty, a, row.type.value)
        ),
        notes=row.notes,
        terms=row.terms,
    )
