"""The answers to "who owes what to whom on a date", persisted beside the store for one-shot calls.

A command-line call that asks one question should not pay for loading DuckDB
(about 0.15 s) and building the whole in-memory index (about 0.8 s). At
import time the build side writes this small SQLite file next to the
DuckDB store (``foedus.duckdb.lookup``) with the pledges of the default view,
indexed by obligor and by beneficiary, the register's articles and the state
directory; :class:`Lookup` answers from it in about a millisecond with the
same rows the store holds. The DuckDB store stays the source of truth: the
lookup is rebuilt with it and swapped in with it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from foedus.errors import StoreError

__all__ = ["FORMAT", "Lookup", "lookup_path", "store_identity", "write_lookup"]

FORMAT = "3"

_PLEDGE_COLUMNS = (
    "treaty, treaty_name, phase, obligor, beneficiary, type, valid_from, valid_to, "
    "from_precision, to_precision, status, conditions, dataset, version, source_row, "
    "articles, notes, terms, source_note"
)
_DATES = (6, 7)  # positions of valid_from and valid_to
_LISTS = (11, 15, 16)  # conditions, articles, notes


def store_identity(db: Path) -> str | None:
    """The store file's inode and size: a rename keeps them, a rebuilt file has others."""
    try:
        info = db.stat()
    except OSError:
        return None
    return f"{info.st_ino}:{info.st_size}"


def lookup_path(db: Path) -> Path:
    """Where the lookup of the store at ``db`` lives."""
    return db.with_name(db.name + ".lookup")


def _encode(row: Sequence[Any]) -> tuple[Any, ...]:
    out = list(row)
    for i in _DATES:
        out[i] = out[i].isoformat() if out[i] is not None else None
    for i in _LISTS:
        out[i] = json.dumps(list(out[i]))
    return tuple(out)


def _decode(row: Sequence[Any]) -> tuple[Any, ...]:
    out = list(row)
    for i in _DATES:
        out[i] = dt.date.fromisoformat(out[i]) if out[i] is not None else None
    for i in _LISTS:
        out[i] = json.loads(out[i])
    return tuple(out)


def write_lookup(
    path: Path,
    *,
    build_id: str,
    pledges: Iterable[Sequence[Any]],
    provisions: Iterable[Sequence[Any]],
    directory: str,
    store: str | None = None,
) -> None:
    """Write a new lookup file at ``path`` (the caller swaps it in).

    ``store`` is :func:`store_identity` of the DuckDB file built with it; a reader
    uses the lookup only beside that very file (see :meth:`Lookup.belongs_to`).
    """
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript(
            f"""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE pledges ({_PLEDGE_COLUMNS});
            CREATE TABLE provisions (treaty, article, type, text, text_kind, confidence,
                                     sources, record, conditions, position);
            """
        )
        con.executemany(
            f"INSERT INTO pledges VALUES ({', '.join('?' * 19)})", (_encode(r) for r in pledges)
        )
        con.executemany(
            "INSERT INTO provisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((*r[:8], json.dumps(list(r[8] or [])), r[9]) for r in provisions),
        )
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("format", FORMAT), ("build_id", build_id), ("directory", directory)]
            + ([("store", store)] if store else []),
        )
        con.executescript(
            """
            CREATE INDEX by_obligor ON pledges (obligor, valid_from);
            CREATE INDEX by_beneficiary ON pledges (beneficiary, valid_from);
            CREATE INDEX provisions_key ON provisions (treaty, article, type);
            """
        )
        con.commit()
    finally:
        con.close()


class Lookup:
    """A read-only view of one lookup file."""

    def __init__(self, path: Path) -> None:
        try:
            # A web server answers on worker threads and refreshes from another one: the
            # connection is read-only, so sharing it across threads is safe.
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise StoreError(
                f"the lookup file {path} is unreadable ({exc}); rebuild it with "
                "`foedus data import DIR`",
                path=path,
                reason="damaged",
            ) from exc
        if meta.get("format") != FORMAT:
            self.con.close()
            raise StoreError(f"{path} was written by another foedus; re-run `foedus data import`")
        self.path = path
        self.build_id = meta["build_id"]
        self.directory = meta["directory"]
        self.store = meta.get("store")

    def belongs_to(self, db: Path) -> bool:
        """Whether this lookup was built with the store file at ``db`` as it is now.

        An import swaps the store and the lookup in with two renames; one killed
        between them leaves a pair from two builds, and a reader that trusted the
        lookup would answer from the new build while the store holds the old.
        """
        return self.store is None or self.store == store_identity(db)

    def pledge_rows(
        self, *, obligor: int | None = None, beneficiary: int | None = None, on: dt.date
    ) -> list[tuple[Any, ...]]:
        """Pledges in effect on ``on`` for one obligor or one beneficiary, in the store's
        order and column layout (see :meth:`foedus.store.Store.pledge_rows`)."""
        key, value = ("obligor", obligor) if obligor is not None else ("beneficiary", beneficiary)
        day = on.isoformat()
        rows = self._all(
            f"SELECT {_PLEDGE_COLUMNS} FROM pledges WHERE {key} = ? AND valid_from <= ? "
            "AND (valid_to IS NULL OR valid_to >= ?) "
            "ORDER BY obligor, beneficiary, treaty, phase, valid_from, type",
            [value, day, day],
        )
        return [_decode(r) for r in rows]

    def _all(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self.con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"the lookup file {self.path} is damaged ({exc}); rebuild it with "
                "`foedus data import DIR`",
                path=self.path,
                reason="damaged",
            ) from exc

    def provision_rows(self, keys: Iterable[tuple[str, str, str]]) -> list[tuple[Any, ...]]:
        """The articles named by (treaty, article, type), as the store gives them."""
        out = []
        for key in dict.fromkeys(keys):
            for r in self._all(
                "SELECT treaty, article, type, text, text_kind, confidence, sources, record, "
                "conditions, position FROM provisions WHERE treaty = ? AND article = ? "
                "AND type = ?",
                list(key),
            ):
                out.append((*r[:8], json.loads(r[8]), r[9]))
        return out

    def close(self) -> None:
        self.con.close()
