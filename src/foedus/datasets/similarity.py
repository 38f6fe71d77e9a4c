"""``add_similarity``: alliance-portfolio similarity of the two states of every dyad-year.

Each year, every state of the system has a portfolio: its tie with each
state of the system (itself at the top value). A tie's value comes from the
alliance flags of the pair that year through a :class:`Valuation`: the
highest value among the obligations present. The ties come from ATOP
(default), COW's Formal Alliances or ATOP with the register; with ATOP's
directed obligations a tie counts ``direction="either"`` way (default), or
only what the state owes (``"owed"``) or is owed (``"received"``).

Measures are named ``<measure>_<scope>``, S with its distance and weights:

==================  ==========================================================
``s_abs_un_glo``    S, absolute distance, unweighted, all states (the usual S)
``s_abs_wt_glo``    … weighted by each state's CINC (missing after NMC's 2016)
``s_sq_un_glo``     S, squared distance (Häge's variant)
``taub_glo``        Kendall's tau-b (missing when a portfolio is constant)
``kappa_glo``       Cohen's kappa (Häge)
``pi_glo``          Scott's pi (Häge)
==================  ==========================================================

Scopes: ``glo`` (all states of the system), ``re1`` and ``re2`` (the states
of ccode1's or ccode2's region only). Regions are COW's code blocks: the
Americas (2–199), Europe (200–399), Africa (400–626), the Middle East
(630–699), Asia and Oceania (700–999). Columns are prefixed with the tie
source (``atop_s_abs_un_glo``). The formulas are in
:mod:`foedus.datasets.portfolio`; years outside the tie source's coverage get
missing values.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.datasets.alliances import ATOP, COW, COW_MISSING, REGISTER, AllianceData, yearly_ties
from foedus.datasets.portfolio import all_pairs
from foedus.datasets.system import create_stateyears
from foedus.datasets.table import System, Table, Unit, _query, bind, needs
from foedus.errors import InputError, StoreError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "BINARY",
    "DEFAULT_MEASURES",
    "LADDER",
    "REGIONS",
    "Measure",
    "Valuation",
    "add_similarity",
    "region_of",
]


@dataclass(frozen=True)
class Valuation:
    """The value of a tie by the obligations in it (highest wins; no tie is 0; a state's
    tie with itself is ``self_value``, by default the highest value)."""

    name: str
    values: Mapping[str, int] = field(default_factory=dict)
    self_value: int | None = None

    @property
    def top(self) -> int:
        return self.self_value if self.self_value is not None else max(self.values.values())

    def levels(self) -> list[int]:
        return sorted({0, self.top, *self.values.values()})


#: The classic ladder (defense 3, neutrality or non-aggression 2, entente 1), on ATOP's and
#: COW's column names; offense counts as defense.
LADDER = Valuation(
    "ladder",
    {"defense": 3, "offense": 3, "neutral": 2, "nonagg": 2, "consul": 1, "entente": 1},
)
#: Any obligation is a tie of 1 (Häge's binary portfolios).
BINARY = Valuation(
    "binary",
    {"defense": 1, "offense": 1, "neutral": 1, "nonagg": 1, "consul": 1, "entente": 1},
)

_TIES: dict[str, AllianceData] = {"atop": ATOP, "cow": COW, "register": REGISTER}

#: (code, name, first COW code, last COW code) of each region.
REGIONS = (
    (1, "Americas", 2, 199),
    (2, "Europe", 200, 399),
    (3, "Africa", 400, 626),
    (4, "Middle East", 630, 699),
    (5, "Asia and Oceania", 700, 999),
)


def region_of(ccode: int) -> int:
    """The region a COW code falls in (see :data:`REGIONS`).

    >>> region_of(365), region_of(651), region_of(710)
    (2, 4, 5)
    """
    for code, _, low, high in REGIONS:
        if low <= ccode <= high:
            return code
    raise InputError(f"COW code {ccode} falls in no region")


_NAME = re.compile(r"^(?:s_(abs|sq)_(un|wt)|(taub|kappa|pi))_(glo|re1|re2)$")


@dataclass(frozen=True)
class Measure:
    """One similarity column: ``kind`` (s_abs, s_sq, taub, kappa, pi), weights, scope."""

    kind: str
    weighted: bool
    scope: str

    @classmethod
    def parse(cls, name: str) -> Measure:
        """``"s_abs_wt_re1"`` → S, absolute, CINC-weighted, ccode1's region.

        >>> Measure.parse("s_abs_wt_re1")
        Measure(kind='s_abs', weighted=True, scope='re1')
        """
        found = _NAME.match(name)
        if not found:
            raise InputError(
                f"no similarity measure {name!r}; names look like s_abs_un_glo, s_sq_wt_re1, "
                "taub_glo, kappa_re2, pi_glo"
            )
        distance, weights, other, scope = found.groups()
        if other:
            return cls(other, False, scope)
        return cls(f"s_{distance}", weights == "wt", scope)

    @property
    def name(self) -> str:
        if self.kind.startswith("s_"):
            return f"{self.kind}_{'wt' if self.weighted else 'un'}_{self.scope}"
        return f"{self.kind}_{self.scope}"


DEFAULT_MEASURES = (
    "s_abs_un_glo", "s_abs_wt_glo", "s_sq_un_glo", "taub_glo", "kappa_glo", "pi_glo",
)  # fmt: skip

_SOURCES = {"s_abs": "similarity_s", "s_sq": "similarity_s", "taub": "similarity_taub",
            "kappa": "similarity_chance", "pi": "similarity_chance"}  # fmt: skip


@needs(Unit.DYAD_YEAR, systems=(System.COW,))
def add_similarity(
    table: Table,
    *,
    ties: str = "atop",
    measures: Sequence[str] = DEFAULT_MEASURES,
    valuation: Valuation | Mapping[str, int] | None = None,
    direction: str = "either",
    prefix: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Table:
    """Add portfolio similarity columns (see the module for names and formulas).

    ``ties`` is ``"atop"``, ``"cow"`` or ``"register"``; ``valuation`` a
    :class:`Valuation` (default :data:`LADDER`; :data:`BINARY` for any-tie
    portfolios) or a mapping such as ``{"defense": 1}``; ``progress(done,
    total)`` is called after each year.
    """
    data = _TIES.get(ties)
    if data is None:
        raise InputError(f"no tie source {ties!r}; use 'atop', 'cow' or 'register'")
    if direction not in ("either", "owed", "received"):
        raise InputError(f"direction is 'either', 'owed' or 'received', not {direction!r}")
    if isinstance(valuation, Valuation):
        value = valuation
    else:
        value = Valuation("custom", dict(valuation)) if valuation else LADDER
    parsed = [Measure.parse(m) for m in measures]
    if not parsed:
        raise InputError("no similarity measures asked for")
    if data is COW:
        members = table.kb.relation("members", view=COW.view)
        if not _query(members, "SELECT count(*) FROM prev", {}).fetchall()[0][0]:
            raise StoreError(COW_MISSING)
    rows = _compute(table, data, value, direction, parsed, progress)
    pre = f"{ties}_" if prefix is None else prefix
    names = [f"{pre}{m.name}" for m in parsed]
    k1, k2, _ = table.kind.keys
    cols = "".join(f", s.{m.name} AS {n}" for m, n in zip(parsed, names, strict=True))
    sql = f"""
    SELECT prev.*{cols} FROM prev
    LEFT JOIN similarity_rows s ON prev.{k1} = s.c1 AND prev.{k2} = s.c2 AND prev.year = s.year
    """
    sources = [data.source, *(_SOURCES[m.kind] for m in parsed)]
    if any(m.weighted for m in parsed):
        sources.append("nmc")
    return table.derive(sql, adds=names, sources=sources, inputs={"similarity_rows": rows})


def _compute(
    table: Table,
    data: AllianceData,
    value: Valuation,
    direction: str,
    measures: list[Measure],
    progress: Callable[[int, int], None] | None,
) -> Any:
    """An Arrow table of c1, c2, year and one column per measure, for every ordered pair of
    states in the system each year of the table."""
    import numpy as np
    import pyarrow as pa

    kind = table.kind
    years = list(kind.years) if kind.years is not None else list(range(kind.first, kind.last + 1))
    states = create_stateyears(
        table.kb, years=(kind.first, kind.last), carry_forward=kind.carried_to
    )
    sy = bind(states._base, states.query.then("SELECT ccode, year FROM prev")).fetchnumpy()
    query, coverage = yearly_ties(table.kb, data)
    lanes = data.lanes
    tie_rows = bind(table._base, query.then(
        f"SELECT * FROM prev WHERE year BETWEEN {kind.first} AND {kind.last}"
    )).fetchnumpy()  # fmt: skip
    suffixes = [lane.removeprefix(data.prefix) for lane in lanes]
    tie_value = np.zeros(len(tie_rows["year"]), dtype=np.float64)
    for lane, suffix in zip(lanes, suffixes, strict=True):
        v = value.values.get(suffix, 0)
        if v:
            tie_value = np.maximum(tie_value, np.asarray(tie_rows[lane], dtype=np.float64) * v)
    weights_needed = any(m.weighted for m in measures)
    cinc: dict[int, tuple[NDArray[Any], NDArray[Any]]] = {}
    if weights_needed:
        cap = _query(
            table.kb.relation("capabilities"),
            f"SELECT ccode, year, cinc FROM prev WHERE year BETWEEN {kind.first} AND {kind.last}",
            {},
        ).fetchnumpy()
        for y in np.unique(cap["year"]):
            sel = cap["year"] == y
            cinc[int(y)] = (cap["ccode"][sel], np.nan_to_num(np.asarray(cap["cinc"][sel], float)))
    levels = [float(v) for v in value.levels()]
    # Each year's ties, as one slice of the rows sorted by year.
    order = np.argsort(tie_rows["year"], kind="stable")
    tie_rows = {k: np.asarray(v)[order] for k, v in tie_rows.items()}
    tie_value = tie_value[order]

    def one(year: int) -> dict[str, NDArray[Any]] | None:
        codes = np.sort(sy["ccode"][sy["year"] == year])
        if len(codes) < 2:
            return None
        lo, hi = np.searchsorted(tie_rows["year"], [year, year + 1])
        rows = {k: v[lo:hi] for k, v in tie_rows.items()}
        weights = cinc.get(year) if weights_needed else None
        return _year(
            year, codes, rows, tie_value[lo:hi], value, direction, measures, levels, weights,
            coverage,
        )  # fmt: skip

    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    # Many small matrix products: one BLAS thread each, one year per core at a time.
    workers = max(1, min(len(years), os.cpu_count() or 1, 8))
    blocks: list[dict[str, NDArray[Any]]] = []
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        for done, block in enumerate(pool.map(one, years), start=1):
            if block is not None:
                blocks.append(block)
            if progress is not None:
                progress(done, len(years))
    names = ["c1", "c2", "year", *(m.name for m in measures)]
    arrays = {
        k: (np.concatenate([b[k] for b in blocks]) if blocks else np.array([], dtype=np.float64))
        for k in names
    }
    for key in ("c1", "c2", "year"):
        arrays[key] = arrays[key].astype(np.int32)
    return pa.table(arrays)


def _year(
    year: int,
    codes: NDArray[Any],
    tie_rows: dict[str, NDArray[Any]],
    tie_value: NDArray[np.float64],
    value: Valuation,
    direction: str,
    measures: list[Measure],
    levels: list[float],
    cinc: tuple[NDArray[Any], NDArray[Any]] | None,
    coverage: tuple[int, int],
) -> dict[str, NDArray[Any]]:
    """Every measure for every ordered pair of ``codes`` in one year."""
    import numpy as np

    n = len(codes)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    block: dict[str, NDArray[Any]] = {
        "c1": codes[i], "c2": codes[j], "year": np.full(len(i), year, dtype=np.int32),
    }  # fmt: skip
    if not coverage[0] <= year <= coverage[1]:
        for m in measures:
            block[m.name] = np.full(len(i), np.nan)
        return block
    ties = np.zeros((n, n))
    c1, c2 = tie_rows["c1"], tie_rows["c2"]
    a = np.minimum(np.searchsorted(codes, c1), n - 1)
    b = np.minimum(np.searchsorted(codes, c2), n - 1)
    ok = (codes[a] == c1) & (codes[b] == c2)  # both states in the system that year
    np.maximum.at(ties, (a[ok], b[ok]), tie_value[ok])
    if direction == "either":
        ties = np.maximum(ties, ties.T)
    elif direction == "received":
        ties = ties.T.copy()
    np.fill_diagonal(ties, value.top)
    weights: NDArray[np.float64] | None = None
    if cinc is not None:
        weights = np.zeros(n)
        k = np.searchsorted(codes, cinc[0])
        good = (k < n) & (codes[np.minimum(k, n - 1)] == cinc[0])
        weights[k[good]] = cinc[1][good]
    regions = np.array([region_of(int(c)) for c in codes])
    for m in measures:
        if m.weighted and weights is None:
            block[m.name] = np.full(len(i), np.nan)
            continue
        w = weights if m.weighted else None
        if m.scope == "glo":
            matrix = all_pairs(ties, m.kind, weights=w, levels=levels)
            block[m.name] = matrix[i, j]
            continue
        result = np.full((n, n), np.nan)
        for r in np.unique(regions):
            dims = regions == r
            part = all_pairs(
                ties[:, dims], m.kind, weights=None if w is None else w[dims], levels=levels
            )
            rows = regions == r
            if m.scope == "re1":
                result[rows, :] = part[rows, :]
            else:
                result[:, rows] = part[:, rows]
        block[m.name] = result[i, j]
    return block
