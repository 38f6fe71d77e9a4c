"""The knowledge base's one store: a DuckDB database file with a versioned schema.

Every row names its source (dataset, version, row). Writers replace one
dataset's rows inside a single transaction, so an import either lands whole
or leaves the file exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import platformdirs

from foedus.errors import StoreError

__all__ = ["DERIVED_TABLES", "SCHEMA_VERSION", "Store", "default_db_path"]

SCHEMA_VERSION = 2

_SOURCE = "source_dataset VARCHAR NOT NULL, source_version VARCHAR NOT NULL, source_row VARCHAR"

# ``view`` names one consistent derivation: "ATOP" as published, "COW", or
# "foedus" (ATOP with the curated register merged in), see foedus.importer.
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
    articles VARCHAR[] NOT NULL, notes VARCHAR[] NOT NULL, {_SOURCE});
CREATE TABLE IF NOT EXISTS provisions (
    treaty VARCHAR NOT NULL, article VARCHAR NOT NULL, type VARCHAR NOT NULL,
    obligors INTEGER[], beneficiaries INTEGER[], conditions VARCHAR[], text VARCHAR,
    text_kind VARCHAR, confidence VARCHAR, sources JSON, record VARCHAR);
CREATE TABLE IF NOT EXISTS events (
    treaty VARCHAR NOT NULL, kind VARCHAR NOT NULL, date DATE NOT NULL,
    date_precision VARCHAR NOT NULL, parties INTEGER[], counterparties INTEGER[],
    article VARCHAR, legal_effect BOOLEAN, contested BOOLEAN, note VARCHAR,
    confidence VARCHAR, sources JSON, record VARCHAR);
CREATE TABLE IF NOT EXISTS conflicts (
    record VARCHAR, treaty VARCHAR, about VARCHAR, ccode INTEGER, atop_says VARCHAR,
    register_says VARCHAR, explained BOOLEAN, follow VARCHAR, note VARCHAR);
"""

# Everything an import rebuilds; the raw files (and the register) can always recreate it.
DERIVED_TABLES = (
    "state_spells", "major_powers", "treaties", "records", "members", "conditions",
    "partners", "pledges", "provisions", "events", "conflicts",
)  # fmt: skip


def default_db_path() -> Path:
    """``FOEDUS_DB`` if set, else ``foedus.duckdb`` in the user's data directory."""
    env = os.environ.get("FOEDUS_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("foedus")) / "foedus.duckdb"


class Store:
    """An open database file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        if str(path) == ":memory:":
            self.path = Path(":memory:")
            self.con = duckdb.connect(":memory:")
            self._migrate()
            return
        self.path = Path(path).expanduser() if path else default_db_path()
        if read_only and not self.path.exists():
            raise StoreError(
                f"no knowledge base at {self.path}; build it with "
                "`foedus data import DIR` (or `foedus data fetch`)",
                path=self.path,
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open {self.path}: {exc}. Is another foedus process writing it?",
                path=self.path,
            ) from exc
        if read_only:
            self._check_version()
        else:
            self._migrate()

    def _schema_version(self) -> int | None:
        tables = {
            r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "meta" not in tables:
            return None
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def _check_version(self) -> None:
        found = self._schema_version()
        if found != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {found}, this foedus reads {SCHEMA_VERSION}; "
                "rebuild it with `foedus data import DIR`",
                path=self.path,
            )

    def _migrate(self) -> None:
        found = self._schema_version()
        if found is not None and found > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer foedus (schema {found}); upgrade foedus",
                path=self.path,
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
        row = self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def is_empty(self) -> bool:
        return self.count("treaties") == 0
