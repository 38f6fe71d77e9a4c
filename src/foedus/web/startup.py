"""What ``foedus serve`` does before it serves: make sure there is a knowledge base and borders.

On an empty store it builds one: from the raw files in ``FOEDUS_DATA`` when
that folder holds them (tests, CI), otherwise downloaded from the publishers
(:func:`foedus.sources.download.fetch`, progress shown), and failing both it
serves what it can with a notice on every page saying what is missing and
how to add it. Historical borders (CShapes 2.0) are found under the data
folder or the user data folder, or downloaded in the background while the
explorer already answers with today's borders.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from foedus.errors import FoedusError, StoreError
from foedus.web.context import Explorer, Settings, settle

__all__ = ["ensure_store", "shapes_folder", "start_shapes"]

Say = Callable[[str], None]


def _has_store(path: Path) -> bool:
    from foedus.kb import KnowledgeBase

    try:
        with KnowledgeBase(path) as kb:
            kb.store  # noqa: B018 - opens it; raises StoreError when empty
        return True
    except StoreError:
        return False


def ensure_store(db: Path, data: Path | None, *, fetch: bool, say: Say) -> str | None:
    """Build the store at ``db`` if it has none; return a notice when it could not."""
    from foedus.build import build_store

    if _has_store(db):
        return None
    if data is not None:
        try:
            say(f"No knowledge base at {db}: building it from {data}")
            build_store(data, db, progress=lambda msg: say(f"  {msg}"))
            return None
        except FoedusError as exc:
            say(f"  {data} cannot be imported: {exc}")
    if fetch:
        from foedus.paths import user_data_dir
        from foedus.sources.download import fetch as download

        raw = user_data_dir() / "raw"
        try:
            say(f"Downloading the raw datasets from their publishers into {raw}")
            result = download(raw, progress=True)
            for warning in result.warnings:
                say(f"  warning: {warning}")
            build_store(raw, db, progress=lambda msg: say(f"  {msg}"))
            return None
        except FoedusError as exc:
            say(f"  download failed: {exc}")
            why = f"the datasets could not be downloaded ({str(exc).splitlines()[0]})"
    else:
        why = "no raw datasets were given"
    how = (
        "To add them, put the ATOP and COW files in a folder and run `foedus data import DIR` "
        "(or `foedus data fetch` when online), then reload this page."
    )
    try:
        from foedus.build import build_register_only

        say(f"Building a register-only knowledge base at {db}")
        build_register_only(db)
    except FoedusError as exc:
        say(f"  the register-only knowledge base could not be built: {exc}")
        return f"No knowledge base yet: {why}. Only the review page works. {how}"
    return (
        f"Register only: {why}, so this knowledge base holds only the curated register "
        "(today's main pacts and what changed after 2018), not ATOP's alliances since 1815 "
        f"or the COW wars. {how}"
    )


def shapes_folder() -> Path:
    from foedus.paths import user_data_dir

    return user_data_dir() / "cshapes"


def start_shapes(explorer: Explorer, data: Path | None, *, fetch: bool, say: Say) -> None:
    """Load CShapes if it is on disk, else download it in the background (if allowed)."""
    from foedus.web.shapes import CSHAPES_URL, fetch_cshapes, find_cshapes

    found = find_cshapes([data, shapes_folder()])
    if found is not None:
        say(f"Historical borders: {found}")
        explorer.load_shapes(found)
        return
    if not fetch:
        explorer.shapes_note = (
            "historical borders (CShapes 2.0) are not installed: the map shows today's borders "
            f"for every date. Put {CSHAPES_URL.rsplit('/', 1)[-1]} in {shapes_folder()} "
            "(from " + CSHAPES_URL + ") and restart"
        )
        return

    def progress(have: int, total: int | None) -> None:
        size = f" of {total / 1e6:.0f} MB" if total else ""
        explorer.shapes_note = (
            f"downloading historical borders (CShapes 2.0): {have / 1e6:.0f} MB{size}; "
            "today's borders meanwhile"
        )

    def run() -> None:
        try:
            path = fetch_cshapes(shapes_folder(), progress=progress)
        except FoedusError as exc:
            explorer.shapes_note = f"historical borders unavailable, today's shown instead: {exc}"
            say(f"CShapes: {exc}")
            return
        explorer.load_shapes(path)

    explorer.shapes_note = "downloading historical borders (CShapes 2.0); today's borders meanwhile"
    threading.Thread(target=run, name="foedus-cshapes", daemon=True).start()


def data_folder(given: Path | None) -> Path | None:
    """``--data``, else ``FOEDUS_DATA`` when it is set and is a folder."""
    if given is not None:
        return given
    env = os.environ.get("FOEDUS_DATA")
    return Path(env).expanduser() if env and Path(env).expanduser().is_dir() else None


def open_explorer(settings: Settings) -> Explorer:
    explorer = Explorer.open(settings)
    settle()
    return explorer
