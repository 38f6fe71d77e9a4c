"""Faults in the store file: each failure has its own true message, and no traceback.

Issue 13: a damaged page gave ``_duckdb.Error`` tracebacks in ``treaty show`` and ``data
import``, and import could not rebuild the file; every open failure (random bytes, a
directory, a read-only file) added "Is another foedus process writing it?"; DuckDB's
checksum message ("block at location") was taken for a lock. Here each fault is made
for real and every CLI path that opens the store is run against it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from foedus.cli import main
from foedus.errors import StoreError
from foedus.lookup import lookup_path
from foedus.store import Store, store_error

pytestmark = pytest.mark.data

QUERIES = [
    ("treaty", "show", "3180"),
    ("defends", "Pakistan", "--on", "2000-01-01"),
    ("obligations", "USA", "--on", "1990-01-01"),
    ("treaty", "history", "USSR", "North Korea"),
    ("state", "Russia"),
    ("register", "check"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store_copy(kb_file: Path, tmp_path: Path) -> Path:
    """A private copy of the session's store and its lookup."""
    db = tmp_path / "kb" / "foedus.duckdb"
    db.parent.mkdir()
    shutil.copy(kb_file, db)
    shutil.copy(lookup_path(kb_file), lookup_path(db))
    return db


def _damage_pages(db: Path) -> None:
    """Overwrite a few kilobytes inside several of DuckDB's 256 kB blocks (past the headers)."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        for offset in range(3 * 262144, size, 3 * 262144):
            fh.seek(offset + 100)
            fh.write(os.urandom(4000))


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "_duckdb" not in err, err


def test_a_damaged_page_is_reported_in_every_command_and_import_rebuilds(
    store_copy: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _damage_pages(store_copy)
    lookup_path(store_copy).unlink()  # every question must go to the damaged store
    for query in QUERIES:
        code, _, err = run(capsys, "--db", str(store_copy), *query)
        _no_traceback(err)
        assert code == 1, (query, err)
        assert "is damaged or is not a foedus database" in err, (query, err)
        assert "foedus data import DIR --replace" in err, (query, err)
        assert "locked" not in err and "another process" not in err
    # The same files: import finds the damage (not "Already up to date") and asks first.
    code, _, err = run(capsys, "--db", str(store_copy), "data", "import", str(data_dir))
    _no_traceback(err)
    assert code == 1 and "is damaged" in err and "--replace" in err
    code, out, err = run(
        capsys, "--db", str(store_copy), "data", "import", str(data_dir), "--replace", "--json"
    )
    assert code == 0, err
    backups = list(store_copy.parent.glob("foedus.duckdb.damaged-*"))
    assert len(backups) == 1 and '"unchanged": false' in out
    code, out, _ = run(capsys, "--db", str(store_copy), "treaty", "show", "3180")
    assert code == 0 and "North Atlantic Treaty" in out


def test_a_damaged_page_is_found_even_when_the_files_are_unchanged(
    store_copy: Path, data_dir: Path
) -> None:
    from foedus.build import build_store

    build_store(data_dir, store_copy)  # a copy's lookup belongs to the original: rebuilt once
    assert build_store(data_dir, store_copy).unchanged
    _damage_pages(store_copy)
    with pytest.raises(StoreError, match="is damaged") as err:
        build_store(data_dir, store_copy)
    assert err.value.reason == "damaged"


def test_a_damaged_lookup_is_rebuilt_by_a_plain_import(store_copy: Path, data_dir: Path) -> None:
    from foedus.build import build_store

    build_store(data_dir, store_copy)  # a copy's lookup belongs to the original: rebuilt once
    assert build_store(data_dir, store_copy).unchanged
    lookup = lookup_path(store_copy)
    with lookup.open("r+b") as fh:
        fh.seek(lookup.stat().st_size // 2)
        fh.write(os.urandom(8192))
    report = build_store(data_dir, store_copy)
    assert not report.unchanged  # rebuilt, not "already up to date"
    assert build_store(data_dir, store_copy).unchanged


@pytest.mark.parametrize(
    ("content", "reason", "words"),
    [
        (os.urandom(100_000), "damaged", "is damaged or is not a foedus database"),
        (b"hello, I am a text file\n", "damaged", "is damaged or is not a foedus database"),
        (None, "foreign", "is a DuckDB database but not a foedus one"),
    ],
)
def test_a_foreign_file_is_named_as_such_and_never_replaced_without_asking(
    tmp_path: Path, content: bytes | None, reason: str, words: str,
    capsys: pytest.CaptureFixture[str], data_dir: Path,
) -> None:  # fmt: skip
    db = tmp_path / "mine.duckdb"
    if content is None:  # another program's DuckDB database
        with duckdb.connect(str(db)) as con:
            con.execute("CREATE TABLE precious AS SELECT 42 AS answer")
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    with pytest.raises(StoreError, match=words) as err:
        Store(db, read_only=True)
    assert err.value.reason == reason
    for query in [*QUERIES[:2], ("data", "import", str(data_dir))]:
        code, _, err_text = run(capsys, "--db", str(db), *query)
        _no_traceback(err_text)
        assert code == 1 and words in err_text and "--replace" in err_text
    assert db.read_bytes() == before  # nothing replaced without --replace


def test_a_directory_is_named_as_a_directory(tmp_path: Path, capsys, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "foedus.duckdb"
    folder.mkdir()
    for query in [*QUERIES[:2], ("data", "import", str(data_dir))]:
        code, _, err = run(capsys, "--db", str(folder), *query)
        _no_traceback(err)
        assert code == 1 and "is a directory, not a database file" in err, (query, err)
        assert "damaged" not in err and "another process" not in err


def test_a_file_held_open_for_writing_is_named_with_the_holder(
    store_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lookup_path(store_copy).unlink()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, duckdb\ncon = duckdb.connect(sys.argv[1])\nprint('held', flush=True)\n"
         "time.sleep(60)", str(store_copy)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, _, err = run(capsys, "--db", str(store_copy), "treaty", "show", "3180")
        _no_traceback(err)
        assert code == 1 and f"open for writing in process {holder.pid}" in err
        assert "damaged" not in err
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; see the classification test")
def test_an_unreadable_file_is_a_permission_error(store_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lookup_path(store_copy).unlink()
    store_copy.chmod(0)
    code, _, err = run(capsys, "--db", str(store_copy), "treaty", "show", "3180")
    assert code == 1 and "no permission to read" in err


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied"), "permission"),
        (duckdb.IOException('IO Error: Cannot open file "x": Permission denied'), "permission"),
        (
            duckdb.Error(
                "Corrupt database file: computed checksum 1 does not match stored checksum 2 "
                "in block at location 2895872"
            ),
            "damaged",
        ),
        (
            duckdb.IOException(
                'IO Error: Could not set lock on file "x": Conflicting lock is held in '
                "/usr/bin/python3 (PID 4242)"
            ),
            "locked",
        ),
        (OSError(28, "No space left on device"), "full"),
    ],
)
def test_each_open_failure_has_its_own_reason(
    tmp_path: Path, error: Exception, reason: str
) -> None:
    found = store_error(tmp_path / "kb.duckdb", error)
    assert found.reason == reason
    others = {"permission", "damaged", "locked", "full"} - {reason}
    assert not any(word in str(found) for word in ("Is another foedus process",))
    assert reason != "locked" or "process 4242" in str(found)
    assert found.reason not in others
