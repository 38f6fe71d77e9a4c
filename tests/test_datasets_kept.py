"""The rows every table derives from the data alone, kept beside the store between processes.

A table command run as a whole process would derive the state list's runs and
the alliance pieces again each time; they are written once per build to
``<store>.kept/<build>/`` and read back (foedus.datasets.table.temp_table).
Each test here opens the store afresh, as a new process would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from foedus.datasets import add_atop_alliance, create_dyadyears
from foedus.datasets import table as table_module
from foedus.lookup import lookup_path
from foedus.store import Store


@pytest.fixture
def db(kb_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kb.duckdb"
    shutil.copy(kb_file, copy)
    shutil.copy(lookup_path(kb_file), lookup_path(copy))
    return copy


def _table(db: Path) -> pd.DataFrame:
    with Store(db, read_only=True) as store:
        return create_dyadyears(store, years=(1900, 1920)).pipe(add_atop_alliance).to_pandas()


def _kept(db: Path) -> Path:
    return db.with_name(db.name + ".kept")


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every temporary table made from here on."""
    made: list[str] = []
    bind = table_module.bind

    def recording(base, query):  # type: ignore[no-untyped-def]
        if query.sql.startswith("CREATE TEMP TABLE"):
            made.append(query.sql)
        return bind(base, query)

    monkeypatch.setattr(table_module, "bind", recording)
    return made


def test_the_rows_are_kept_once_per_build_and_read_back(db, monkeypatch) -> None:
    first = _table(db)
    with Store(db, read_only=True) as store:
        build = store.build_id()
    files = sorted(_kept(db).rglob("*.parquet"))
    # The COW list's dyad runs and ATOP's pieces, in the folder of this build.
    assert len(files) == 2 and {f.parent.name for f in files} == {build}
    made = _reads(monkeypatch)
    again = _table(db)
    pd.testing.assert_frame_equal(again, first)
    assert len(made) == 2 and all("read_parquet" in sql for sql in made)


def test_a_damaged_file_is_derived_again(db, monkeypatch) -> None:
    first = _table(db)
    for path in _kept(db).rglob("*.parquet"):
        path.write_bytes(b"not parquet")
    made = _reads(monkeypatch)
    pd.testing.assert_frame_equal(_table(db), first)
    assert len([sql for sql in made if "read_parquet" not in sql]) == 2  # both derived again
    # and kept whole again for the next process
    assert all(p.read_bytes()[:4] == b"PAR1" for p in _kept(db).rglob("*.parquet"))


def test_a_folder_that_cannot_be_written_only_costs_time(db) -> None:
    _kept(db).write_text("a file where the folder would go")
    first = _table(db)
    assert _kept(db).is_file()
    _kept(db).unlink()
    pd.testing.assert_frame_equal(_table(db), first)


def test_another_builds_rows_are_never_read_and_are_dropped(db) -> None:
    old = _kept(db) / "an-older-build"
    old.mkdir(parents=True)
    (old / "0123.parquet").write_bytes(b"PAR1")
    _table(db)
    assert not old.exists() and len(list(_kept(db).rglob("*.parquet"))) == 2
