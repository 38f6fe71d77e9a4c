"""The knowledge base's one store: a DuckDB database file with a versioned schema.

Only this module and the build side (:mod:`foedus.build`) know the tables.
Every row names its source (dataset, version, row). Readers ask through the
methods of :class:`Store` (each one indexed question, answered as plain
tuples that :mod:`foedus.kb` turns into records) or take a whole table as a
DuckDB relation with :meth:`Store.relation` (the research tables); nobody
else writes SQL against the file.

The build side never writes into a store readers use: it writes a new file
beside it and swaps it in (:mod:`foedus.build`), so a reader that opened the
old file keeps answering from it.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from foedus.errors import StoreError
from foedus.paths import default_db_path

__all__ = [
    "DERIVED_TABLES",
    "RELATIONS",
    "SCHEMA_VERSION",
    "Store",
    "default_db_path",
    "store_error",
]


SCHEMA_VERSION = 5

_SOURCE = (
    "source_dataset VARCHAR NOT NULL, source_version VARCHAR NOT NULL, source_row VARCHAR, "
    "source_note VARCHAR"
)

# ``view`` names one consistent derivation: "ATOP" as published, "COW", or
# "foedus" (ATOP with the curated register merged in), see foedus.build.importer.
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    dataset VARCHAR, version VARCHAR, file VARCHAR, sha256 VARCHAR, rows INTEGER,
    imported_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS state_spells (
    system VARCHAR NOT NULL, code INTEGER NOT NULL, abbrev VARCHAR, name VARCHAR,
    start_date DATE NOT NULL, end_date DATE, {_SOURCE});
CREATE TABLE IF NOT EXISTS major_powers (
    ccode INTEGER NOT NULL, start_date DATE NOT NULL, end_date DATE, {_SOURCE});
CREATE TABLE IF NOT EXISTS treaties (
    treaty VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, atopid INTEGER, cow_id INTEGER,
    begin_date DATE NOT NULL, begin_precision VARCHAR NOT NULL,
    end_date DATE, end_precision VARCHAR, bilateral BOOLEAN, phases INTEGER,
    attributes JSON, {_SOURCE});
CREATE TABLE IF NOT EXISTS records (record VARCHAR PRIMARY KEY, treaty VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    view VARCHAR NOT NULL, treaty VARCHAR NOT NULL, phase INTEGER NOT NULL,
    ccode INTEGER NOT NULL, entry_date DATE NOT NULL, entry_precision VARCHAR NOT NULL,
    exit_date DATE, exit_precision VARCHAR, obligations VARCHAR[] NOT NULL,
    continues BOOLEAN NOT NULL, status VARCHAR NOT NULL, {_SOURCE});
CREATE TABLE IF NOT EXISTS conditions (
    view VARCHAR NOT NULL, treaty VARCHAR NOT NULL, phase INTEGER NOT NULL,
    ccode INTEGER NOT NULL, source_row VARCHAR, type VARCHAR NOT NULL, code VARCHAR NOT NULL,
    text VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS partners (
    view VARCHAR NOT NULL, treaty VARCHAR NOT NULL, phase INTEGER NOT NULL,
    ccode1 INTEGER NOT NULL, ccode2 INTEGER NOT NULL, valid_from DATE NOT NULL,
    valid_to DATE, continues BOOLEAN NOT NULL, {_SOURCE});
CREATE TABLE IF NOT EXISTS pledges (
    view VARCHAR NOT NULL, treaty VARCHAR NOT NULL, phase INTEGER NOT NULL,
    obligor INTEGER NOT NULL, beneficiary INTEGER NOT NULL, type VARCHAR NOT NULL,
    valid_from DATE NOT NULL, from_precision VARCHAR NOT NULL,
    valid_to DATE, to_precision VARCHAR, status VARCHAR NOT NULL,
    conditions VARCHAR[] NOT NULL, continues BOOLEAN NOT NULL,
    articles VARCHAR[] NOT NULL, notes VARCHAR[] NOT NULL, terms JSON NOT NULL, {_SOURCE});
CREATE TABLE IF NOT EXISTS provisions (
    treaty VARCHAR NOT NULL, article VARCHAR NOT NULL, type VARCHAR NOT NULL,
    obligors INTEGER[], beneficiaries INTEGER[], conditions VARCHAR[], text VARCHAR,
    text_kind VARCHAR, confidence VARCHAR, sources JSON, record VARCHAR);
CREATE TABLE IF NOT EXISTS events (
    treaty VARCHAR NOT NULL, kind VARCHAR NOT NULL, date DATE NOT NULL,
    date_precision VARCHAR NOT NULL, parties INTEGER[], counterparties INTEGER[],
    article VARCHAR, legal_effect BOOLEAN, contested BOOLEAN, note VARCHAR,
    confidence VARCHAR, sources JSON, record VARCHAR);
CREATE TABLE IF NOT EXISTS war_participants (
    war INTEGER NOT NULL, war_name VARCHAR, ccode INTEGER NOT NULL, side INTEGER NOT NULL,
    start_date DATE NOT NULL, start_precision VARCHAR NOT NULL, end_date DATE,
    end_precision VARCHAR, start2_date DATE, start2_precision VARCHAR, end2_date DATE,
    end2_precision VARCHAR, initiator BOOLEAN, outcome INTEGER, where_fought INTEGER,
    deaths INTEGER, {_SOURCE});
CREATE TABLE IF NOT EXISTS mid_disputes (
    dispute INTEGER NOT NULL, start_date DATE NOT NULL, start_precision VARCHAR NOT NULL,
    end_date DATE, end_precision VARCHAR, outcome INTEGER, hostility INTEGER,
    fatality INTEGER, {_SOURCE});
CREATE TABLE IF NOT EXISTS mid_participants (
    dispute INTEGER NOT NULL, ccode INTEGER NOT NULL, start_date DATE NOT NULL,
    start_precision VARCHAR NOT NULL, end_date DATE, end_precision VARCHAR, side_a BOOLEAN,
    revisionist BOOLEAN, hostility INTEGER, originator BOOLEAN, fatality INTEGER, {_SOURCE});
CREATE TABLE IF NOT EXISTS capabilities (
    ccode INTEGER NOT NULL, year INTEGER NOT NULL, milex DOUBLE, milper DOUBLE, irst DOUBLE,
    pec DOUBLE, tpop DOUBLE, upop DOUBLE, cinc DOUBLE, {_SOURCE});
CREATE TABLE IF NOT EXISTS contiguity (
    ccode1 INTEGER NOT NULL, ccode2 INTEGER NOT NULL, conttype INTEGER NOT NULL,
    start_date DATE NOT NULL, end_date DATE, {_SOURCE});
CREATE TABLE IF NOT EXISTS conflicts (
    record VARCHAR, treaty VARCHAR, about VARCHAR, ccode INTEGER, atop_says VARCHAR,
    register_says VARCHAR, explained BOOLEAN, follow VARCHAR, note VARCHAR);
"""

# Everything an import rebuilds; the raw files (and the register) can always recreate it.
DERIVED_TABLES = (
    "state_spells", "major_powers", "treaties", "records", "members", "conditions",
    "partners", "pledges", "provisions", "events", "conflicts", "war_participants",
    "mid_disputes", "mid_participants", "capabilities", "contiguity",
)  # fmt: skip

#: The tables :meth:`Store.relation` hands out whole, with what their columns mean.
RELATIONS = {
    "pledges": "view, treaty, phase, obligor, beneficiary, type, valid_from, valid_to, "
    "continues (a later phase carries the pledge on from valid_to), status",
    "partners": "view, treaty, phase, ccode1, ccode2, valid_from, valid_to, continues: "
    "two members of one phase while both are in",
    "members": "view, treaty, phase, ccode, entry_date, exit_date, obligations (list), "
    "continues, status",
    "treaties": "treaty, name, atopid, cow_id, begin_date, end_date, bilateral",
    "state_spells": "system ('cow' or 'gw'), code, abbrev, name, start_date, end_date",
    "major_powers": "ccode, start_date, end_date",
    "war_participants": "war, war_name, ccode, side (1 or 2), start_date, end_date, "
    "start2_date, end2_date (a second spell), initiator, outcome, where_fought, deaths "
    "(COW Inter-State War 4.0)",
    "mid_disputes": "dispute, start_date, end_date, outcome, hostility, fatality (MID 5.0)",
    "mid_participants": "dispute, ccode, start_date, end_date, side_a, revisionist, "
    "hostility, originator, fatality (MID 5.0)",
    "capabilities": "ccode, year, milex, milper, irst, pec, tpop, upop, cinc (NMC 6.0)",
    "contiguity": "ccode1, ccode2, conttype (1 land; 2-5 water, 12/24/150/400 miles), "
    "start_date, end_date: directed spells (Direct Contiguity 3.2)",
}

_OPEN_END = dt.date(9999, 12, 31)

# DuckDB draws a progress bar on stdout for a query over two seconds; on a slow machine
# that lands in the middle of `--json` output.
_QUIET = "SET enable_progress_bar = false"

# The columns of one pledge as the read side takes it (see foedus.obligations).
_PLEDGE_SELECT = """
    SELECT p.treaty, t.name, p.phase, p.obligor, p.beneficiary, p.type,
           p.valid_from, p.valid_to, p.from_precision, coalesce(p.to_precision, 'day'),
           p.status, p.conditions, p.source_dataset, p.source_version, p.source_row,
           p.articles, p.notes, p.terms, p.source_note
    FROM pledges p JOIN treaties t USING (treaty)
"""
_PLEDGE_ORDER = "ORDER BY p.obligor, p.beneficiary, p.treaty, p.phase, p.valid_from, p.type"


REBUILD = (
    "`foedus data import DIR --replace` rebuilds it from the raw files and keeps the old file "
    "beside it as a backup"
)


def _damaged(text: str) -> bool:
    return any(
        sign in text
        for sign in ("not a valid DuckDB", "ncompatible", "orrupt", "checksum", "malformed")
    )


def _file_trouble(exc: BaseException) -> bool:
    """Whether a DuckDB error comes from the file (damaged, unreadable) rather than the SQL."""
    kinds = (duckdb.IOException, duckdb.InternalException, duckdb.FatalException)
    return isinstance(exc, kinds) or _damaged(str(exc))


def store_error(path: Path, exc: BaseException) -> StoreError:
    """One message per way opening or reading the file can fail, each saying what to do.

    The failure's kind is in :attr:`StoreError.reason`; the tests in
    ``tests/test_faults_store.py`` produce each one.
    """
    text = str(exc).strip() or type(exc).__name__
    first = text.splitlines()[0]
    if path.is_dir():
        return StoreError(
            f"{path} is a directory, not a database file; give a file path "
            "(`--db FILE` or FOEDUS_DB)",
            path=path,
            reason="directory",
        )
    if (
        isinstance(exc, PermissionError)
        or "Permission denied" in text
        or (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS))
    ):
        return StoreError(
            f"no permission to read {path}; check the permissions of the file and its folder",
            path=path,
            reason="permission",
        )
    # Checked before locks: DuckDB's checksum message speaks of a "block at location".
    if _damaged(text):
        return StoreError(
            f"{path} is damaged or is not a foedus database ({first}); {REBUILD}",
            path=path,
            reason="damaged",
        )
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = re.search(r"PID (\d+)", text)
        who = f"process {pid[1]}" if pid else "another process"
        return StoreError(
            f"{path} is open for writing in {who}; `foedus data import` never writes a file "
            "readers use (it builds a new one beside it), so this is another program or a "
            "script holding it: close it and try again",
            path=path,
            reason="locked",
        )
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left" in text:
        return StoreError(
            f"no space left on the device holding {path}; free some space and try again",
            path=path,
            reason="full",
        )
    return StoreError(f"cannot read {path}: {first}; {REBUILD}", path=path, reason="unreadable")


class Store:
    """An open database file. Use as a context manager, or call :meth:`close`.

    ``read_only`` stores answer questions; writable stores are for the build
    side (a new file it fills, then swaps in) and for tests.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        if str(path) == ":memory:":
            self.path = Path(":memory:")
            self.con = duckdb.connect(":memory:")
            self.con.execute(_QUIET)
            self._migrate()
            return
        self.path = Path(path).expanduser() if path else default_db_path()
        if read_only and not self.path.exists():
            raise StoreError(
                f"no knowledge base at {self.path}; build it with "
                "`foedus data import DIR` (or `foedus data fetch`)",
                path=self.path,
                reason="missing",
            )
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
            self.con.execute(_QUIET)
        except (duckdb.Error, OSError) as exc:
            raise store_error(self.path, exc) from exc
        try:
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except duckdb.Error as exc:
            self.con.close()
            raise store_error(self.path, exc) from exc

    def _schema_version(self) -> int | None:
        tables = {r[0] for r in self._all("SELECT table_name FROM duckdb_tables()")}
        if "meta" not in tables:
            return None
        rows = self._all("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else None

    def _check_version(self) -> None:
        found = self._schema_version()
        if found is None:
            self.con.close()
            raise StoreError(
                f"{self.path} is a DuckDB database but not a foedus one (it has no foedus "
                f"schema); {REBUILD}",
                path=self.path,
                reason="foreign",
            )
        if found != SCHEMA_VERSION:
            self.con.close()
            raise StoreError(
                f"{self.path} has schema version {found}, this foedus reads {SCHEMA_VERSION}; "
                "rebuild it with `foedus data import DIR`",
                path=self.path,
                reason="schema",
            )

    def _migrate(self) -> None:
        found = self._schema_version()
        if found is not None and found > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer foedus (schema {found}); upgrade foedus",
                path=self.path,
                reason="schema",
            )
        if found is not None and found < SCHEMA_VERSION:
            # Only derived data lives here; the raw files can rebuild it.
            for table in (*DERIVED_TABLES, "imports", "meta"):
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
        self.con.execute(_SCHEMA)
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )

    @classmethod
    def memory(cls) -> Store:
        """A store that lives in memory only (tests, doctests, scratch work)."""
        return cls(":memory:")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of one question; a damaged page or an unreadable file is a StoreError."""
        # fetchall, never fetchone: DuckDB keeps a half-read result open on the connection,
        # and the next relation built on it then fails.
        try:
            return self.con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            if not _file_trouble(exc):
                raise  # a wrong question, not a bad file: a bug to see whole
            raise store_error(self.path, exc) from exc

    # -- writing (the build side) -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All writes inside land together or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk-insert rows (call inside :meth:`transaction`)."""
        if not rows:
            return
        import pandas as pd

        frame = pd.DataFrame(list(rows), columns=list(columns))
        self.con.register("_incoming", frame)
        try:
            cols = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    def count(self, table: str, where: str = "TRUE", params: Sequence[Any] = ()) -> int:
        return int(self._all(f"SELECT count(*) FROM {table} WHERE {where}", params)[0][0])

    def is_empty(self) -> bool:
        return self.count("treaties") == 0

    def refuse_empty(self) -> Store:
        """This store; or, when nothing was ever imported into it, close it and raise a
        :class:`StoreError` saying how to build one."""
        if self.is_empty():
            self.close()
            raise StoreError(
                f"the knowledge base at {self.path} is empty; build it with "
                "`foedus data import DIR` or `foedus data fetch`",
                path=self.path,
            )
        return self

    def build_id(self) -> str | None:
        """The id the build side gave this file (its lookup carries the same one)."""
        rows = self._all("SELECT value FROM meta WHERE key = 'build_id'")
        return rows[0][0] if rows else None

    def verify(self) -> None:
        """Read every table whole, so a damaged page shows now (as a StoreError, reason
        ``damaged``) rather than in a later question. About 0.2 s on the full store."""
        for (table,) in self._all("SELECT table_name FROM duckdb_tables() ORDER BY 1"):
            self._all(f'SELECT count(*), sum(hash(t)) FROM "{table}" t')

    def import_hashes(self) -> dict[str, str]:
        """The checksum of every file the last import read, by file name."""
        return dict(self._all("SELECT file, sha256 FROM imports"))

    def table_counts(self) -> dict[str, int]:
        return {
            t: self.count(t) for t in ("treaties", "members", "pledges", "provisions", "events")
        }

    # -- reading: one indexed question each -------------------------------------------------

    def spell_rows(self, system: str) -> list[tuple[Any, ...]]:
        """(code, abbrev, name, start, end, dataset, version, row) of one state list."""
        return self._all(
            "SELECT code, abbrev, name, start_date, end_date, source_dataset, source_version, "
            "source_row FROM state_spells WHERE system = ? ORDER BY code, start_date",
            [system],
        )

    def pledge_rows(
        self,
        view: str,
        *,
        obligor: int | None = None,
        beneficiary: int | None = None,
        on: dt.date | None = None,
    ) -> list[tuple[Any, ...]]:
        """Pledges of one view, optionally for one obligor or beneficiary and in effect on a day.

        Columns: treaty, treaty name, phase, obligor, beneficiary, type,
        valid_from, valid_to, from precision, to precision, status,
        conditions, dataset, version, row, articles, notes, terms (JSON), source note.
        """
        where: list[str] = ["p.view = ?"]
        params: list[Any] = [view]
        if obligor is not None:
            where.append("p.obligor = ?")
            params.append(obligor)
        if beneficiary is not None:
            where.append("p.beneficiary = ?")
            params.append(beneficiary)
        if on is not None:
            where.append("p.valid_from <= ? AND coalesce(p.valid_to, ?) >= ?")
            params += [on, _OPEN_END, on]
        sql = f"{_PLEDGE_SELECT} WHERE {' AND '.join(where)} {_PLEDGE_ORDER}"
        return self._all(sql, params)

    def provision_rows(self) -> list[tuple[Any, ...]]:
        """Every register article: treaty, article, type, text, text kind, confidence,
        sources (JSON), record, conditions, first position (to keep the record's order)."""
        return self._all(
            "SELECT treaty, article, type, any_value(text), any_value(text_kind), "
            "any_value(confidence), any_value(sources), any_value(record), "
            "flatten(list(conditions)), min(rowid) FROM provisions "
            "GROUP BY treaty, article, type ORDER BY treaty, min(rowid)"
        )

    def record_treaty(self, record: str) -> str | None:
        """The store's treaty id for a register record id (or None)."""
        found = self._all("SELECT treaty FROM records WHERE record = ?", [record])
        return found[0][0] if found else None

    def treaty_row(self, treaty: str) -> tuple[Any, ...] | None:
        """treaty, name, begin, begin precision, end, end precision, atopid, cow_id,
        bilateral, attributes (JSON), dataset, version, row."""
        found = self._all(
            "SELECT treaty, name, begin_date, begin_precision, end_date, end_precision, atopid, "
            "cow_id, bilateral, attributes, source_dataset, source_version, source_row "
            "FROM treaties WHERE treaty = ?",
            [treaty],
        )
        return found[0] if found else None

    def treaty_rows(self, prefix: str = "") -> list[tuple[Any, ...]]:
        """Like :meth:`treaty_row` for every treaty whose id starts with ``prefix``,
        plus the members of the foedus view (a list of codes) at the end."""
        return self._all(
            "SELECT t.treaty, t.name, t.begin_date, t.begin_precision, t.end_date, "
            "t.end_precision, t.atopid, t.cow_id, t.bilateral, t.attributes, t.source_dataset, "
            "t.source_version, t.source_row, list(DISTINCT m.ccode ORDER BY m.ccode) "
            "FROM treaties t LEFT JOIN members m ON m.treaty = t.treaty AND m.view = 'foedus' "
            "WHERE starts_with(t.treaty, ?) GROUP BY ALL ORDER BY t.treaty",
            [prefix],
        )

    def member_rows(self, treaty: str, view: str) -> list[tuple[Any, ...]]:
        """phase, ccode, entry, entry precision, exit, exit precision, obligations,
        dataset, version, row, status, source note — in phase and entry order."""
        return self._all(
            "SELECT phase, ccode, entry_date, entry_precision, exit_date, exit_precision, "
            "obligations, source_dataset, source_version, source_row, status, source_note "
            "FROM members "
            "WHERE treaty = ? AND view = ? ORDER BY phase, entry_date, ccode",
            [treaty, view],
        )

    def condition_rows(self, treaty: str, view: str) -> list[tuple[Any, ...]]:
        """phase, ccode, source row, type, ATOP code, text of each member's conditions."""
        return self._all(
            "SELECT phase, ccode, source_row, type, code, text FROM conditions "
            "WHERE treaty = ? AND view = ? ORDER BY code",
            [treaty, view],
        )

    def event_rows(self, treaty: str) -> list[tuple[Any, ...]]:
        """kind, date, precision, parties, counterparties, article, legal effect,
        contested, note, confidence, sources (JSON) — in date order."""
        return self._all(
            "SELECT kind, date, date_precision, parties, counterparties, article, "
            "legal_effect, contested, note, confidence, sources FROM events WHERE treaty = ? "
            "ORDER BY date",
            [treaty],
        )

    def pair_rows(self, view: str, a: int, b: int) -> list[tuple[Any, ...]]:
        """Every treaty with a pledge between ``a`` and ``b`` (either way), oldest first:
        treaty, name, begin, precision, end, precision, attributes (JSON), types a owes b,
        types b owes a, datasets, first day, last day (9999-12-31 while ongoing),
        number of members the treaty ever had."""
        return self.con.execute(
            """
            WITH pair AS (
                SELECT * FROM pledges WHERE view = ? AND (
                    (obligor = ? AND beneficiary = ?) OR (obligor = ? AND beneficiary = ?))
            ),
            size AS (
                SELECT treaty, count(DISTINCT ccode) AS n FROM members
                WHERE view = ? AND treaty IN (SELECT treaty FROM pair) GROUP BY treaty
            )
            SELECT p.treaty, t.name, t.begin_date, t.begin_precision, t.end_date,
                   t.end_precision, t.attributes,
                   list(DISTINCT p.type) FILTER (WHERE p.obligor = ?),
                   list(DISTINCT p.type) FILTER (WHERE p.obligor = ?),
                   list(DISTINCT p.source_dataset), min(p.valid_from),
                   max(coalesce(p.valid_to, DATE '9999-12-31')), any_value(s.n)
            FROM pair p JOIN treaties t USING (treaty) JOIN size s USING (treaty)
            GROUP BY ALL ORDER BY min(p.valid_from), p.treaty
            """,
            [view, a, b, b, a, view, a, b],
        ).fetchall()

    def war_rows(self) -> list[tuple[Any, ...]]:
        """Every war participation: war, name, ccode, side, start, precision, end,
        precision, start2, end2, initiator, outcome, where, deaths, dataset, version, row —
        by war, side and start."""
        return self._all(
            "SELECT war, war_name, ccode, side, start_date, start_precision, end_date, "
            "end_precision, start2_date, start2_precision, end2_date, end2_precision, "
            "initiator, outcome, where_fought, deaths, source_dataset, source_version, "
            "source_row FROM war_participants ORDER BY war, side, start_date, ccode"
        )

    def atop_treaty_rows(self) -> list[tuple[Any, ...]]:
        """ATOP's alliances as imported: treaty, name, begin, precision, end, precision,
        atopid, attributes, dataset, version, row (for re-running the register merge)."""
        return self._all(
            "SELECT treaty, name, begin_date, begin_precision, end_date, end_precision, "
            "atopid, attributes, source_dataset, source_version, source_row FROM treaties "
            "WHERE atopid IS NOT NULL"
        )

    def atop_member_rows(self) -> list[tuple[Any, ...]]:
        """ATOP's member rows as imported (view ATOP)."""
        return self._all(
            "SELECT treaty, phase, ccode, entry_date, entry_precision, exit_date, "
            "exit_precision, obligations, source_dataset, source_version, source_row "
            "FROM members WHERE view = 'ATOP'"
        )

    def relation(self, table: str, *, view: str | None = None) -> duckdb.DuckDBPyRelation:
        """A whole table as a DuckDB relation (see :data:`RELATIONS` for the columns).

        ``view`` keeps the rows of one derivation. The research tables compose
        these with DuckDB; they never name the store's tables themselves.
        """
        if table not in RELATIONS:
            raise StoreError(f"no table {table!r}; expected one of {', '.join(RELATIONS)}")
        rel = self.con.table(table)
        if view is not None:
            rel = rel.filter(duckdb.ColumnExpression("view") == duckdb.ConstantExpression(view))
        return rel
