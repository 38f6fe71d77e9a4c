"""Import: counts, idempotence, and a failed import leaving the store untouched."""

import shutil

import pytest

from foedus.build.importer import import_folder
from foedus.errors import SourceFileError, StoreError
from foedus.store import Store

pytestmark = pytest.mark.data

TABLES = ("treaties", "members", "conditions", "partners", "pledges", "state_spells", "provisions")


def _snapshot(store):
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@pytest.fixture()
def raw_copy(data_dir, tmp_path):
    """A private copy of the raw files the test may damage."""
    folder = tmp_path / "raw"
    for sub in ("atop-5.1", "cow-states-2016", "gw-states"):
        shutil.copytree(data_dir / sub, folder / sub)
    return folder


def test_import_counts_and_idempotence(raw_copy, tmp_path):
    with Store(tmp_path / "kb.duckdb") as store:
        first = import_folder(store, raw_copy)
        atop = store.count("treaties", "atopid IS NOT NULL")
        members = store.count("members", "view = 'ATOP'")
        assert (atop, members) == (789, 2510)
        assert store.count("state_spells") == 243 + 216
        assert first.counts["provisions"] > 0 and first.counts["events"] > 0
        before = _snapshot(store)
        again = import_folder(store, raw_copy)
        assert again.unchanged and again.counts == first.counts
        assert _snapshot(store) == before


def test_failed_import_leaves_the_store_as_it_was(raw_copy, tmp_path):
    with Store(tmp_path / "kb.duckdb") as store:
        import_folder(store, raw_copy)
        before = _snapshot(store)
        member_file = raw_copy / "atop-5.1" / "atop5_1m.csv"
        lines = member_file.read_bytes().split(b"\r\n")
        lines[2000] = lines[2000].replace(b",", b",?", 3)
        member_file.write_bytes(b"\r\n".join(lines))
        with pytest.raises(SourceFileError, match=r"atop5_1m\.csv, line 2001"):
            import_folder(store, raw_copy)
        assert _snapshot(store) == before


def test_a_failure_while_writing_rolls_back(raw_copy, tmp_path, monkeypatch):
    with Store(tmp_path / "kb.duckdb") as store:
        import_folder(store, raw_copy)
        before = _snapshot(store)
        gw = raw_copy / "gw-states" / "iisystem.dat"
        gw.write_bytes(gw.read_bytes() + b"\n")  # a changed file, so the import really writes
        real_insert = Store.insert

        def insert_then_fail(self, table, columns, rows):
            real_insert(self, table, columns, rows)
            if table == "pledges":  # after the old rows are deleted and most new ones written
                raise OSError("disk full")

        monkeypatch.setattr(Store, "insert", insert_then_fail)
        with pytest.raises(OSError, match="disk full"):
            import_folder(store, raw_copy)
        assert _snapshot(store) == before


def test_schema_version_is_recorded_and_checked(raw_copy, tmp_path):
    path = tmp_path / "kb.duckdb"
    with Store(path) as store:
        import_folder(store, raw_copy)
        store.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer foedus"):
        Store(path)
    with pytest.raises(StoreError, match="schema version 999"):
        Store(path, read_only=True)


def test_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match="foedus data import"):
        Store(tmp_path / "none.duckdb", read_only=True)
