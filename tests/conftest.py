"""Shared fixtures. Raw datasets come from one setting: FOEDUS_DATA (default ../shared/data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA_HINT = (
    "raw datasets not found at {path}. Set FOEDUS_DATA to the folder holding the ATOP 5.1 "
    "and COW files (see ../shared/data/MANIFEST.md), or run `foedus data fetch`."
)


def data_path() -> Path:
    return Path(os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data")).resolve()


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Tests never write into the user's own database, proposals or register."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("FOEDUS_PROPOSALS", str(home / "proposals"))
    monkeypatch.setenv("FOEDUS_DB", str(home / "foedus.duckdb"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The raw-data folder; tests that need it skip with a how-to when it is absent."""
    path = data_path()
    if not (path / "atop-5.1").is_dir() and not any(path.rglob("atop5_1m.csv")):
        pytest.skip(DATA_HINT.format(path=path))
    return path


@pytest.fixture(scope="session")
def kb_file(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per test session from the real raw files."""
    from foedus.build import build_store

    path = tmp_path_factory.mktemp("kb") / "foedus.duckdb"
    build_store(data_dir, path)
    return path


@pytest.fixture(scope="session")
def kb(kb_file: Path):  # type: ignore[no-untyped-def]
    """The knowledge base built from the real raw files (read-only)."""
    from foedus.kb import KnowledgeBase

    with KnowledgeBase(kb_file) as opened:
        yield opened
