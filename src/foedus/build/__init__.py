"""Building a knowledge base: import the raw files, merge the register, check, swap in.

:func:`build_store` is the one entry point (``foedus data import`` calls it).
It never writes into a store readers use: it reads and checks every file
first, builds a new store and its lookup beside the old ones, and swaps them
in with an atomic rename. A reader that had the old file open goes on
answering from it; the next one opens the new file. Two builders at once
take turns (a lock file beside the store); the second finds the store up to
date. A store that cannot be opened (damaged, or not a foedus file) is
replaced only when the caller says so, and kept as a backup. "Up to date"
means the same input files, the lookup built with the store, and every page
of both readable. A failure at any point (a bad file, a full disk, a
read-only folder, a killed process) leaves the old store and lookup as they
were; ``tests/test_faults_*.py`` inject each of these.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from foedus.build.checks import check_register
from foedus.build.importer import (
    ImportReport,
    Progress,
    SourceBundle,
    import_folder,
    read_sources,
    source_hashes,
    write_bundle,
)
from foedus.codes import StateDirectory
from foedus.errors import StoreError
from foedus.kb import KnowledgeBase
from foedus.lookup import lookup_path, store_identity, write_lookup
from foedus.model import Membership, PartialDate, Source, StateSpell, Treaty
from foedus.obligations import DEFAULT_VIEW
from foedus.sources.files import find_files
from foedus.store import Store, default_db_path, store_error

__all__ = [
    "ImportReport",
    "build_register_only",
    "build_store",
    "check_register",
    "hand_built",
    "import_folder",
    "read_sources",
]

LOCK_TIMEOUT = 600.0  # seconds a second builder waits for the first


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """The builders' lock beside the store; readers never take it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(target.with_name(target.name + ".lock")), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"another import of {target} has been running for over {LOCK_TIMEOUT:.0f} s; "
            "wait for it to finish, or stop it, and try again",
            path=target,
            reason="locked",
        ) from None
    except OSError as exc:
        raise _write_error(target, exc) from exc
    try:
        yield
    finally:
        lock.release()


def _write_error(target: Path, exc: BaseException) -> StoreError:
    """Why a new store could not be written beside ``target``; the old one is untouched."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    errno_ = getattr(exc, "errno", None)
    unchanged = (
        f"the knowledge base at {target} is unchanged" if target.exists() else "nothing was written"
    )
    if errno_ == errno.ENOSPC or "No space left" in text or "disk is full" in text:
        return StoreError(
            f"no space left in {target.parent} to build the new knowledge base ({text}); "
            f"{unchanged}. Free some space (an import needs about 40 MB) and try again",
            path=target,
            reason="full",
        )
    if errno_ == errno.EFBIG or "File too large" in text:
        return StoreError(
            f"the new knowledge base outgrew the file-size limit in {target.parent} ({text}); "
            f"{unchanged}. Raise the limit (ulimit -f) and try again",
            path=target,
            reason="full",
        )
    if (
        errno_ in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "ermission denied" in text
        or "Read-only file system" in text
    ):
        return StoreError(
            f"no permission to write in {target.parent} ({text}); an import builds the new "
            f"file beside the old one, so it needs that folder writable; {unchanged}",
            path=target,
            reason="permission",
        )
    return StoreError(
        f"could not build the new knowledge base beside {target} ({text}); {unchanged}",
        path=target,
        reason="unwritable",
    )


def _current(target: Path, hashes: dict[str, str]) -> ImportReport | None:
    """The report for a whole store already built from these files, or None when it must be
    (re)built. Raises StoreError for a file that must not be replaced without asking
    (damaged or foreign: reason ``damaged``/``foreign``) or cannot be read at all."""
    if not target.exists() and not target.is_symlink():
        return None
    try:
        store = Store(target, read_only=True)
    except StoreError as exc:
        if exc.reason == "schema":
            return None  # an older or newer foedus's store: derived data, rebuilt without asking
        raise
    with store:
        if store.is_empty() or store.import_hashes() != hashes:
            return None
        store.verify()
        if not _lookup_matches(target, store.build_id()):
            return None
        unexplained = store.count("conflicts", "NOT explained")
        return ImportReport(Path(), {}, store.table_counts(), True, unexplained)


def _lookup_matches(target: Path, build_id: str | None) -> bool:
    """Whether the lookup beside ``target`` is whole and was built with it."""
    import sqlite3

    from foedus.lookup import Lookup

    path = lookup_path(target)
    if build_id is None or not path.exists():
        return False
    try:
        lookup = Lookup(path)
    except StoreError:
        return False
    try:
        whole = lookup.con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        return whole and lookup.build_id == build_id and lookup.belongs_to(target)
    except sqlite3.Error:
        return False
    finally:
        lookup.close()


def build_store(
    folder: str | Path,
    path: str | Path | None = None,
    *,
    progress: Progress | None = None,
    replace_damaged: bool = False,
) -> ImportReport:
    """Build the knowledge base at ``path`` (default: ``FOEDUS_DB`` or the user data dir)
    from the raw files under ``folder`` and the curated register.

    Raises :class:`~foedus.errors.SourceFileError` / ``RegisterError`` naming the
    file, line and field before anything is written; :class:`StoreError` when the
    existing file is damaged or another program's and ``replace_damaged`` is False
    (``reason`` says which), when the folder cannot be written (``permission``,
    ``full``), or when ``path`` is a directory. In every failure the store that was
    there is left as it was.
    """
    target = Path(path).expanduser() if path else default_db_path()
    root = Path(folder).expanduser().resolve()
    files = find_files(root)
    if target.is_dir():
        raise store_error(target, IsADirectoryError(str(target)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    with _lock(target):
        _remove_leftovers(target)
        hashes = source_hashes(files)
        backup = False
        try:
            current = _current(target, hashes)
        except StoreError as exc:
            if exc.reason not in ("damaged", "foreign") or not replace_damaged:
                raise
            current, backup = None, True
        if current is not None:
            current.folder, current.files = root, files
            return current
        bundle = read_sources(files, progress)
        if progress:
            progress("building the new store")
        try:
            report = _build_beside(target, bundle, hashes, backup=backup)
        except (duckdb.Error, sqlite3.Error, OSError) as exc:
            raise _write_error(target, exc) from exc
        report.folder, report.files = root, files
        return report


def build_register_only(path: str | Path | None = None) -> ImportReport:
    """A knowledge base from the curated register alone, for a machine without the raw files.

    It answers for the register's treaties (today's main pacts, everything after 2018) and
    names states as the register and foedus's curated list write them; nothing of ATOP,
    COW or the wars. ``foedus serve`` falls back to it when it can neither import nor
    download the datasets, and says so on every page. A later ``foedus data import``
    replaces it (its checksums never match the raw files').
    """
    from foedus._version import __version__
    from foedus.build.importer import register_digest
    from foedus.register import load_register
    from foedus.register.audit import load_audit

    target = Path(path).expanduser() if path else default_db_path()
    hashes = {"register": register_digest(), "foedus": __version__, "mode": "register-only"}
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        _remove_leftovers(target)
        current = _current(target, hashes)
        if current is not None:
            return current
        records = load_register()
        names: dict[int, str] = {}
        for record in records:
            for party in record.parties:
                names.setdefault(party.ccode, party.name)
        src = Source("foedus register", __version__, "parties")
        spells = [
            StateSpell("cow", code, name[:3].upper(), name, dt.date(1816, 1, 1), None, src)
            for code, name in sorted(names.items())
        ]
        bundle = SourceBundle(spells, [], [], [], [], register=records)
        bundle.audit_notes = {f"atop-{e.atopid}": e.notes for e in load_audit() if e.notes}
        try:
            return _build_beside(target, bundle, hashes, backup=False)
        except (duckdb.Error, sqlite3.Error, OSError) as exc:
            raise _write_error(target, exc) from exc


def _remove_leftovers(target: Path) -> None:
    """Delete what a killed builder left beside ``target`` (only builders write those files,
    and the caller holds the builders' lock, so none is in use)."""
    for leftover in target.parent.glob(f".{target.name}.*.new*"):
        leftover.unlink(missing_ok=True)


def _build_beside(
    target: Path, bundle: SourceBundle, hashes: dict[str, str], *, backup: bool
) -> ImportReport:
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    new_db = target.with_name(f".{target.name}.{tag}.new")
    new_lookup = target.with_name(f".{target.name}.{tag}.lookup.new")
    try:
        with Store(new_db) as store:
            write_bundle(store, bundle, hashes)
            store.con.execute("INSERT OR REPLACE INTO meta VALUES ('build_id', ?)", [tag])
            counts = store.table_counts()
            unexplained = store.count("conflicts", "NOT explained")
            pledges = store.pledge_rows(DEFAULT_VIEW)
            provisions = store.provision_rows()
            store.con.execute("CHECKPOINT")
        directory = StateDirectory.build(bundle.cow_spells, bundle.gw_spells)
        write_lookup(
            new_lookup,
            build_id=tag,
            pledges=pledges,
            provisions=provisions,
            directory=directory.dumps(),
            store=store_identity(new_db),  # readers use it only beside this very file
        )
        _sync(new_db, new_lookup)
        if backup:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            os.replace(target, target.with_name(f"{target.name}.damaged-{stamp}"))
        # The lookup first: a reader that opens the new lookup and the old store (or the
        # reverse) in between gets answers that each file gives whole.
        os.replace(new_lookup, lookup_path(target))
        os.replace(new_db, target)
        _sync_folder(target.parent)
    finally:
        for leftover in (new_db, new_lookup, new_db.with_name(new_db.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return ImportReport(Path(), {}, counts, False, unexplained)


def _sync(*paths: Path) -> None:
    """Flush the new files to disk before they replace the old ones (a power cut after
    the rename must not leave an empty store)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def hand_built(
    memberships: Iterable[Membership],
    *,
    states: dict[int, str],
    treaties: Iterable[Treaty] = (),
    path: str | Path = ":memory:",
) -> KnowledgeBase:
    """A knowledge base from hand-built records (tests, teaching, doctests).

    States exist from 1816 on; a treaty not given begins at its first member's entry.
    """
    members = list(memberships)
    given = {t.id: t for t in treaties}
    src = Source("hand-built", "")
    for m in members:
        if m.treaty not in given:
            begins = min(
                (x.entry for x in members if x.treaty == m.treaty), key=PartialDate.first_day
            )
            given[m.treaty] = Treaty(m.treaty, "", begins, None, src)
    start = dt.date(1816, 1, 1)
    spells = [StateSpell("cow", c, n[:3].upper(), n, start, None, src) for c, n in states.items()]
    store = Store.memory() if str(path) == ":memory:" else Store(path)
    write_bundle(store, SourceBundle(spells, [], [], list(given.values()), members))
    return KnowledgeBase(store=store)
