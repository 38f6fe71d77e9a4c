"""The research table: rows of one unit of analysis, the kind it is, and the data behind it.

A :class:`Table` is what every verb takes and returns. It holds the SQL of
its verbs (nothing runs until the rows are asked for), its :class:`Kind`
(state-year or dyad-year, directed or not, COW or Gleditsch–Ward codes, which
years) and the datasets that went into it, so that :meth:`Table.cite` can
name them all. Rows come out as pandas (the default) or polars, or are
written to Parquet, CSV or Stata ``.dta`` in one step that never leaves a
half-written file.

A verb given the wrong kind of table says what to run first:

>>> from foedus.datasets.table import Kind, Unit, System, needs
>>> kind = Kind(Unit.STATE_YEAR, System.COW, None, 1816, 2016)
>>> kind.describe()
'COW state-years 1816–2016'
>>> print(needs((Unit.STATE_YEAR, Unit.DYAD_YEAR)).problem("add_nmc", kind))
None
>>> print(needs(Unit.DYAD_YEAR, systems=(System.COW,)).problem("filter_prd", kind))
filter_prd() works on COW dyad-years, not on COW state-years 1816–2016: start with \
create_dyadyears(kb, system="cow")
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import tempfile
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from foedus.errors import InputError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = [
    "Format",
    "Kind",
    "Query",
    "Relations",
    "System",
    "Table",
    "Unit",
    "Written",
    "WrongTableKind",
    "needs",
]


class Relations(Protocol):
    """What the verbs read from: :class:`foedus.kb.KnowledgeBase` (or the store it opens)."""

    def relation(self, table: str, *, view: str | None = None) -> duckdb.DuckDBPyRelation: ...


class Unit(StrEnum):
    """The unit of analysis a row stands for."""

    STATE_YEAR = "state-year"
    DYAD_YEAR = "dyad-year"


class System(StrEnum):
    """The state list whose codes and membership make the rows."""

    COW = "cow"
    GW = "gw"

    @property
    def label(self) -> str:
        return "COW" if self is System.COW else "Gleditsch–Ward"

    @property
    def code(self) -> str:
        """The code column of a state-year table (``ccode`` or ``gwcode``)."""
        return "ccode" if self is System.COW else "gwcode"


class Format(StrEnum):
    """The file formats :meth:`Table.write` knows, by file suffix."""

    PARQUET = "parquet"
    CSV = "csv"
    STATA = "dta"

    @classmethod
    def of(cls, path: Path, given: str | None = None) -> Format:
        name = (given or path.suffix.lstrip(".") or "").lower()
        aliases = {"pq": "parquet", "stata": "dta"}
        try:
            return cls(aliases.get(name, name))
        except ValueError:
            raise InputError(
                f"cannot tell the format of {str(path)!r}: name the file .parquet, .csv or .dta"
            ) from None


@dataclass(frozen=True)
class Kind:
    """What a table's rows are: unit, state list, direction, years.

    ``years`` holds an explicit selection when it has gaps; otherwise every
    year from ``first`` to ``last`` is in. ``carried_to`` records that states
    alive at the end of the state list were assumed alive up to that year.
    """

    unit: Unit
    system: System
    directed: bool | None
    first: int
    last: int
    years: tuple[int, ...] | None = None
    carried_to: int | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns that identify a row (``ccode1, ccode2, year`` …)."""
        code = self.system.code
        if self.unit is Unit.STATE_YEAR:
            return (code, "year")
        return (f"{code}1", f"{code}2", "year")

    def describe(self) -> str:
        span = f"{self.first}–{self.last}" if self.first != self.last else str(self.first)
        if self.years is not None:
            span += f" ({len(self.years)} years)"
        if self.unit is Unit.STATE_YEAR:
            return f"{self.system.label} state-years {span}"
        way = "directed" if self.directed else "undirected"
        return f"{way} {self.system.label} dyad-years {span}"

    def year_filter(self, column: str = "year") -> str:
        """A SQL condition keeping this kind's years."""
        if self.years is not None:
            return f"{column} IN ({', '.join(map(str, self.years))})"
        return f"{column} BETWEEN {int(self.first)} AND {int(self.last)}"


class WrongTableKind(InputError):
    """A verb was given a table of a kind it does not work on; the message says what to run."""

    def __init__(self, message: str, *, verb: str, kind: Kind) -> None:
        self.verb = verb
        self.kind = kind
        super().__init__(message)


_CREATE = {
    Unit.STATE_YEAR: "create_stateyears",
    Unit.DYAD_YEAR: "create_dyadyears",
}


@dataclass(frozen=True)
class needs:
    """Declare which tables a verb works on; a wrong one raises :class:`WrongTableKind`."""

    units: tuple[Unit, ...] | Unit
    systems: tuple[System, ...] = (System.COW, System.GW)

    def _units(self) -> tuple[Unit, ...]:
        return self.units if isinstance(self.units, tuple) else (self.units,)

    def problem(self, verb: str, kind: Kind) -> str | None:
        """What is wrong with giving ``verb`` a table of ``kind``, or None."""
        units, systems = self._units(), self.systems
        if kind.unit not in units or kind.system not in systems:
            sys_label = " or ".join(s.label for s in systems)
            unit_label = " or ".join(f"{u.value}s" for u in units)
            unit = kind.unit if kind.unit in units else units[0]
            system = kind.system if kind.system in systems else systems[0]
            return (
                f"{verb}() works on {sys_label} {unit_label}, not on {kind.describe()}: "
                f'start with {_CREATE[unit]}(kb, system="{system.value}")'
            )
        return None

    def __call__(self, verb: Callable[..., Table]) -> Callable[..., Table]:
        @functools.wraps(verb)
        def checked(table: Table, *args: Any, **kwargs: Any) -> Table:
            if not isinstance(table, Table):
                raise InputError(
                    f"{verb.__name__}() takes a foedus Table (from create_stateyears or "
                    f"create_dyadyears), not {type(table).__name__}; wrap a DataFrame with "
                    "Table.from_frame"
                )
            found = self.problem(verb.__name__, table.kind)
            if found:
                raise WrongTableKind(found, verb=verb.__name__, kind=table.kind)
            return verb(table, *args, **kwargs)

        checked.needs = self  # type: ignore[attr-defined]
        return checked


T = TypeVar("T")


@dataclass(frozen=True)
class Query:
    """SQL text and the named inputs it reads, bound to DuckDB only when rows are wanted.

    Verbs stack their SQL on the previous table's (which they call ``prev``);
    binding the whole stack once costs a fraction of binding each layer.
    """

    sql: str
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def then(self, sql: str, inputs: Mapping[str, Any] | None = None) -> Query:
        """``sql`` over this query's rows, which it reads as ``prev``."""
        given = inputs or {}
        clash = [k for k, v in given.items() if k in self.inputs and self.inputs[k] is not v]
        if clash:
            raise ValueError(f"two different inputs named {clash}")
        return Query(
            f"WITH prev AS (\n{self.sql}\n) SELECT * FROM (\n{sql}\n)",
            {**self.inputs, **given},
        )


class Table:
    """Rows of one unit of analysis with the columns the verbs added.

    Nothing is computed until rows are asked for (:meth:`to_pandas`,
    :meth:`to_polars`, :meth:`to_arrow`, :meth:`write`, ``len``); asking
    twice computes twice, so keep the frame you got. Rows come out in key
    order (``ccode1, ccode2, year``).

    A dyad-year table fresh from :func:`~foedus.datasets.create_dyadyears`
    keeps its rows as *runs*: one row per dyad and stretch of years whose
    values do not change (``y0``, ``y1``). Verbs whose data are spells (the
    alliance verbs) merge their spells into the runs and leave them runs, so
    the years are spelled out once, at the end, already in order; any other
    verb spells them out first.
    """

    def __init__(
        self,
        kb: Relations,
        base: duckdb.DuckDBPyRelation,
        kind: Kind,
        columns: Sequence[str],
        sources: Sequence[str] = (),
        *,
        rows: Query | None = None,
        runs: Query | None = None,
        ordered: bool = True,
    ) -> None:
        if (rows is None) == (runs is None):
            raise ValueError("a table has rows or runs")
        self.kb = kb
        self.kind = kind
        self.columns = list(columns)
        self.sources = tuple(dict.fromkeys(sources))
        self.runs = runs
        self._rows = rows
        self._base = base  # any relation of the knowledge base's connection, to bind on
        self._relation: duckdb.DuckDBPyRelation | None = None
        self.ordered = ordered

    @property
    def query(self) -> Query:
        """The SQL that gives the rows (the runs spelled out, for a table of runs)."""
        if self._rows is not None:
            return self._rows
        assert self.runs is not None
        return self.runs.then(self._spell_out())

    @property
    def relation(self) -> duckdb.DuckDBPyRelation:
        """The rows as a lazy DuckDB relation (in key order only when :attr:`ordered`)."""
        if self._relation is None:
            self._relation = bind(self._base, self.query)
        return self._relation

    def _spell_out(self) -> str:
        k1, k2, _ = self.kind.keys
        cols = "".join(f", {c}" for c in self.columns[3:])
        years = f"WHERE {self.kind.year_filter()}" if self.kind.years is not None else ""
        # Sorting the runs (tens of thousands) before spelling them out keeps the years
        # (millions) in key order without sorting them.
        return f"""
            SELECT {k1}, {k2}, year{cols} FROM (
                SELECT {k1}, {k2}, unnest(range(y0, y1 + 1))::INTEGER AS year{cols}
                FROM (SELECT * FROM prev ORDER BY {k1}, {k2}, y0)
            ) {years}
        """

    # -- building -----------------------------------------------------------------------

    def derive(
        self,
        sql: str,
        *,
        adds: Sequence[str] = (),
        sources: Iterable[str] = (),
        kind: Kind | None = None,
        ordered: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> Table:
        """A new table from ``sql`` over this one's rows (called ``prev`` in the SQL), which
        adds the columns ``adds`` after the existing ones.

        ``inputs`` are relations or Arrow tables the SQL reads by name; their
        names must differ from the store's table names. ``ordered`` says the
        SQL keeps the rows in key order (a join does not).
        """
        return Table(
            self.kb, self._base, kind or self.kind, [*self.columns, *adds],
            (*self.sources, *sources), rows=self.query.then(sql, inputs), ordered=ordered,
        )  # fmt: skip

    def derive_runs(
        self,
        sql: str,
        *,
        adds: Sequence[str] = (),
        sources: Iterable[str] = (),
        inputs: Mapping[str, Any] | None = None,
    ) -> Table:
        """A new table from ``sql`` over this one's runs (called ``prev``); see :attr:`runs`."""
        assert self.runs is not None
        return Table(
            self.kb, self._base, self.kind, [*self.columns, *adds], (*self.sources, *sources),
            runs=self.runs.then(sql, inputs),
        )  # fmt: skip

    def pipe(self, verb: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``table.pipe(add_nmc)`` is ``add_nmc(table)``: verbs chain like peacesciencer's."""
        return verb(self, *args, **kwargs)

    @classmethod
    def from_frame(
        cls, kb: Relations, frame: Any, kind: Kind, sources: Sequence[str] = ()
    ) -> Table:
        """Wrap a pandas or polars DataFrame (or Arrow table) that has ``kind``'s key columns."""
        columns = [str(c) for c in frame.columns]
        missing = [k for k in kind.keys if k not in columns]
        if missing:
            raise InputError(
                f"the frame lacks {', '.join(missing)}, the key columns of {kind.describe()}"
            )
        rows = Query("SELECT * FROM user_rows", {"user_rows": frame})
        base = kb.relation("state_spells")
        return cls(kb, base, kind, columns, sources, rows=rows, ordered=False)

    # -- looking --------------------------------------------------------------------------

    def __len__(self) -> int:
        if self.runs is not None and self.kind.years is None:
            count = self.runs.then("SELECT sum(y1 - y0 + 1) AS n FROM prev")
        else:
            count = self.query.then("SELECT count(*) AS n FROM prev")
        return int(bind(self._base, count).fetchall()[0][0] or 0)

    def __repr__(self) -> str:
        return f"<Table: {self.kind.describe()}; columns {', '.join(self.columns)}>"

    # -- rows out -----------------------------------------------------------------------

    def ordered_query(self) -> Query:
        """The SQL that gives the rows in key order."""
        if self.ordered:
            return self.query
        return self.query.then(f"SELECT * FROM prev ORDER BY {', '.join(self.kind.keys)}")

    def rows(self) -> duckdb.DuckDBPyRelation:
        """The rows in key order, as a lazy DuckDB relation."""
        return self.relation if self.ordered else bind(self._base, self.ordered_query())

    def metadata(self) -> dict[str, str]:
        """What a Parquet file written from the table records about it (``foedus cite FILE``
        reads it back)."""
        return {"foedus_kind": self.kind.describe(), "foedus_sources": ",".join(self.sources)}

    def to_arrow(self) -> pa.Table:
        return self.rows().to_arrow_table()

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (flags missing outside a dataset's years are <NA>)."""
        frame = self._spelled_frame() if self.runs is not None else self.rows().df()
        frame.attrs["foedus"] = {"kind": self.kind.describe(), "sources": list(self.sources)}
        return frame

    def _spelled_frame(self) -> pd.DataFrame:
        """A table of runs spelled out in numpy: the runs (tens of thousands) come from
        DuckDB in order and each is repeated over its years, as DuckDB would give them."""
        import numpy as np
        import pandas as pd

        assert self.runs is not None
        k1, k2, _ = self.kind.keys
        runs = bind(self._base, self.runs.then(f"SELECT * FROM prev ORDER BY {k1}, {k2}, y0"))
        got = runs.fetchnumpy()
        y0 = np.asarray(got["y0"], dtype=np.int64)
        lengths = np.asarray(got["y1"], dtype=np.int64) - y0 + 1
        which = np.repeat(np.arange(len(lengths)), lengths)
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        years = (np.arange(len(which)) - starts + y0[which]).astype(np.int32)
        keep = np.isin(years, self.kind.years) if self.kind.years is not None else None
        columns: dict[str, Any] = {}
        for name in self.columns:
            if name == "year":
                values: Any = years
            else:
                values = _column(got[name], which)
            columns[name] = values if keep is None else values[keep]
        return pd.DataFrame(columns, copy=False)

    def to_polars(self) -> pl.DataFrame:
        """The rows as a polars DataFrame (``pip install polars``)."""
        try:
            import polars  # noqa: F401
        except ImportError:
            raise InputError("polars is not installed: pip install 'foedus[polars]'") from None
        return self.rows().pl()

    def frame(self, library: str = "pandas") -> Any:
        """The rows as a DataFrame of ``library``: ``"pandas"`` (default) or ``"polars"``."""
        if library == "pandas":
            return self.to_pandas()
        if library == "polars":
            return self.to_polars()
        raise InputError(f"no DataFrame library {library!r}; use 'pandas' or 'polars'")

    def write(self, path: str | Path, *, format: str | None = None) -> Written:
        """Write the rows to ``path`` (Parquet, CSV or Stata ``.dta``, by suffix); says
        where and how many.

        The rows go to a temporary file beside ``path`` that is renamed into
        place when complete: an error (or Ctrl-C) leaves no half-written file
        and keeps an older file of that name as it was.
        """
        target = Path(path).expanduser()
        check_writable(target)
        kind = Format.of(target, format)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            rows = _WRITERS[kind](self, tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return Written(target, rows, kind)

    # -- provenance ---------------------------------------------------------------------

    def cite(self) -> str:
        """BibTeX for every dataset behind the table (see :mod:`foedus.datasets.citations`)."""
        from foedus.datasets.citations import bibtex

        return bibtex(self.sources)


def _column(values: Any, which: Any) -> Any:
    """One column of runs repeated over the years, missing values as DuckDB's ``df`` gives
    them (a nullable integer, NaN in a float)."""
    import numpy as np
    import pandas as pd

    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if not mask.any():
        return data[which]
    if data.dtype.kind in "iu":
        return pd.arrays.IntegerArray(data[which], mask[which])
    if data.dtype.kind == "f":
        out = data[which].copy()
        out[mask[which]] = np.nan
        return out
    objects = data.astype(object)
    objects[mask] = None
    return pd.array(objects[which])


def check_writable(target: Path) -> None:
    """Fail before any work when ``target`` cannot be written, saying why."""
    folder = target.parent
    if target.is_dir():
        raise InputError(
            f"{target} is a folder; give a file name such as {target / 'table.parquet'}"
        )
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {target}: no permission to write in {folder}")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {target}: the file exists and is read-only")


@dataclass(frozen=True)
class Written:
    """A file :meth:`Table.write` wrote: where, how many rows, which format."""

    path: Path
    rows: int
    format: Format


def _copy(table: Table, path: Path, options: str) -> int:
    """DuckDB writes the file itself, streaming: no DataFrame library is loaded."""
    query = table.ordered_query()
    done = bind(table._base, Query(f"COPY ({query.sql}) TO {_literal(path)} ({options})",
                                   query.inputs))  # fmt: skip
    return int(done.fetchall()[0][0])


def _write_parquet(table: Table, path: Path) -> int:
    meta = ", ".join(
        f"{k}: '{v.replace(chr(39), chr(39) * 2)}'" for k, v in table.metadata().items()
    )
    # Dictionary pages cost a third of the writing time and save little on columns of
    # codes, years and 0/1 flags.
    options = f"FORMAT parquet, COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 0, KV_METADATA {{{meta}}}"
    return _copy(table, path, options)


def _write_csv(table: Table, path: Path) -> int:
    return _copy(table, path, "FORMAT csv, HEADER true")


def _write_stata(table: Table, path: Path) -> int:
    frame = table.to_pandas()
    frame.attrs = {}
    too_long = [c for c in frame.columns if len(c) > 32]
    if too_long:
        raise InputError(f"Stata names are at most 32 characters: rename {', '.join(too_long)}")
    frame.to_stata(path, write_index=False, version=118)
    return len(frame)


_WRITERS: dict[Format, Callable[[Table, Path], int]] = {
    Format.PARQUET: _write_parquet,
    Format.CSV: _write_csv,
    Format.STATA: _write_stata,
}


# What the verbs derive from the data alone (alliance pieces, a state list's runs, its last
# year), kept per knowledge base: a long-lived process pays for each once. A knowledge base
# that reopens its store (a new stamp) derives them again.
_KEPT: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()
_NAMES = itertools.count()


def kept(kb: Relations, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()``, once per knowledge base and ``key``."""
    try:
        known = _KEPT.setdefault(kb, {})
    except TypeError:  # cannot be weakly referenced: nothing kept
        return make()
    full = (getattr(kb, "_stamp", None), *key)
    if full not in known:
        known[full] = make()
    return known[full]  # type: ignore[no-any-return]


def temp_table(kb: Relations, key: tuple[Any, ...], query: Query) -> Query:
    """A query reading the rows of ``query``, computed once per knowledge base into a
    temporary table of its connection (the store stays read-only).

    The rows are also kept between processes, in a Parquet file beside the store
    (:func:`_kept_file`): a command run as a whole process reads them back rather
    than derive them again, which was a tenth of its time.
    """
    import duckdb

    def make() -> str:
        name = f"foedus_kept_{next(_NAMES)}"
        base = kb.relation("state_spells")
        path = _kept_file(kb, key, query)
        if path is not None and path.is_file():
            try:
                bind(base, Query(f"CREATE TEMP TABLE {name} AS "
                                 f"SELECT * FROM read_parquet({_literal(path)})", {}))  # fmt: skip
                return name
            except duckdb.Error:
                pass  # unreadable (a disk fault): derive the rows again
        bind(base, Query(f"CREATE TEMP TABLE {name} AS {query.sql}", query.inputs))
        if path is not None:
            _keep(base, name, path)
        return name

    return Query(f"SELECT * FROM {kept(kb, ('temp', *key), make)}")


def _kept_file(kb: Relations, key: tuple[Any, ...], query: Query) -> Path | None:
    """``<store>.kept/<build>/<digest>.parquet``: named by the store's build and by what
    the rows are (the key, the SQL, the relations it reads), so that neither a new
    import nor changed SQL ever reads old rows; None for a store without file or build."""
    import hashlib

    from foedus.store import Store

    store = getattr(kb, "store", kb)
    if not isinstance(store, Store) or str(store.path) == ":memory:":
        return None
    build = store.build_id()
    if not build:
        return None
    reads = (f"{name}={rel.sql_query()}" for name, rel in sorted(query.inputs.items()))
    what = [repr(key), query.sql, *reads]
    digest = hashlib.sha256("\n".join(what).encode()).hexdigest()[:24]
    return store.path.with_name(store.path.name + ".kept") / build / f"{digest}.parquet"


def _keep(base: duckdb.DuckDBPyRelation, name: str, path: Path) -> None:
    """Write the temporary table ``name`` to ``path``, whole or not at all (written aside,
    then renamed), and drop the folders of other builds. A cache only: when the folder
    cannot be written the next process derives the rows again, as this one did."""
    import shutil

    import duckdb

    part = path.with_name(f".{path.stem}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        bind(base, Query(f"COPY {name} TO {_literal(part)} (FORMAT parquet)", {})).fetchall()
        os.replace(part, path)
        for old in path.parent.parent.iterdir():
            if old != path.parent:
                shutil.rmtree(old, ignore_errors=True)
    except (OSError, duckdb.Error):
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def _literal(path: Path) -> str:
    """``path`` as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def bind(base: duckdb.DuckDBPyRelation, query: Query) -> duckdb.DuckDBPyRelation:
    """``query`` as a lazy relation on ``base``'s connection (``base`` itself is unused)."""
    return _query(base, query.sql, dict(query.inputs))


def _query(
    relation: duckdb.DuckDBPyRelation, sql: str, inputs: dict[str, Any]
) -> duckdb.DuckDBPyRelation:
    """Run ``sql`` over ``relation`` (named ``prev`` in it) and the named ``inputs``.

    DuckDB finds a name the SQL reads among the local variables of the Python
    frame that runs the query (its replacement scan); running the query in a
    frame whose locals are exactly ``inputs`` makes that lookup explicit. The
    store's own tables are never named, so an input must not share a name with
    one of them.
    """
    clash = set(inputs) & _STORE_TABLES
    if clash:
        raise ValueError(f"input names {sorted(clash)} would read the store's tables")
    scope = {**inputs, "_relation": relation, "_sql": sql}
    exec("_result = _relation.query('prev', _sql)", {}, scope)
    result: duckdb.DuckDBPyRelation = scope["_result"]
    return result


# Names an input must not take (DuckDB would read the store's table of that name instead).
_STORE_TABLES = frozenset(
    {
        "meta", "imports", "state_spells", "major_powers", "treaties", "records", "members",
        "conditions", "partners", "pledges", "provisions", "events", "war_participants",
        "mid_disputes", "mid_participants", "capabilities", "contiguity", "conflicts", "prev",
    }
)  # fmt: skip
