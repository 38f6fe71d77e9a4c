"""Building a knowledge base: import the raw files, merge the register, check, swap in.

:func:`build_store` is the one entry point (``foedus data import`` calls it).
It never writes into a store readers use: it reads and checks every file
first, builds a new store and its lookup beside the old ones, and swaps them
in with an atomic rename. A reader that had the old file open goes on
answering from it; the next one opens the new file. Two builders at once
take turns (a lock file beside the store); the second finds the store up to
date. A store that cannot be opened (damaged, or not a foedus file) is
replaced only when the caller says so, and kept as a backup.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

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
from foedus.lookup import lookup_path, write_lookup
from foedus.model import Membership, PartialDate, Source, StateSpell, Treaty
from foedus.obligations import DEFAULT_VIEW
from foedus.sources.files import find_files
from foedus.store import Store, default_db_path

__all__ = [
    "ImportReport",
    "build_store",
    "check_register",
    "hand_built",
    "import_folder",
    "read_sources",
]

LOCK_TIMEOUT = 600.0  # seconds a second builder waits for the first


def _lock(target: Path):  # type: ignore[no-untyped-def]
    from filelock import FileLock

    return FileLock(str(target.with_name(target.name + ".lock")), timeout=LOCK_TIMEOUT)


def _current(target: Path, hashes: dict[str, str]) -> ImportReport | bool | None:
    """The report for a store already built from these files; None when it must be
    rebuilt; False when the file exists but cannot be opened."""
    if not target.exists():
        return None
    try:
        store = Store(target, read_only=True)
    except StoreError as exc:
        if "schema version" in str(exc):
            return None  # an older foedus's store: derived data, rebuilt without asking
        return False
    with store:
        if store.is_empty() or store.import_hashes() != hashes:
            return None
        if not lookup_path(target).exists():
            return None
        unexplained = store.count("conflicts", "NOT explained")
        return ImportReport(Path(), {}, store.table_counts(), True, unexplained)


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
    existing file is damaged and ``replace_damaged`` is False.
    """
    target = Path(path).expanduser() if path else default_db_path()
    root = Path(folder).expanduser().resolve()
    files = find_files(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        hashes = source_hashes(files)
        current = _current(target, hashes)
        if current is False and not replace_damaged:
            raise StoreError(
                f"{target} cannot be opened as a foedus database (damaged, or another "
                "program's file); `foedus data import DIR --replace` rebuilds it and keeps "
                "the old file as a backup",
                path=target,
            )
        if isinstance(current, ImportReport):
            current.folder, current.files = root, files
            return current
        bundle = read_sources(files, progress)
        if progress:
            progress("building the new store")
        report = _build_beside(target, bundle, hashes, backup=current is False)
        report.folder, report.files = root, files
        return report


def _build_beside(
    target: Path, bundle: SourceBundle, hashes: dict[str, str], *, backup: bool
) -> ImportReport:
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    new_db = target.with_name(f".{target.name}.{tag}.new")
    new_lookup = target.with_name(f".{target.name}.{tag}.lookup.new")
    try:
        with Store(new_db) as store:
            write_bundle(store, bundle, hashes)
            counts = store.table_counts()
            unexplained = store.count("conflicts", "NOT explained")
            directory = StateDirectory.build(bundle.cow_spells, bundle.gw_spells)
            write_lookup(
                new_lookup,
                build_id=tag,
                pledges=store.pledge_rows(DEFAULT_VIEW),
                provisions=store.provision_rows(),
                directory=directory.dumps(),
            )
            store.con.execute("CHECKPOINT")
        if backup:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            os.replace(target, target.with_name(f"{target.name}.damaged-{stamp}"))
        os.replace(new_lookup, lookup_path(target))
        os.replace(new_db, target)
    finally:
        for leftover in (new_db, new_lookup, new_db.with_name(new_db.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return ImportReport(Path(), {}, counts, False, unexplained)


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
