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


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The raw-data folder; tests that need it skip with a how-to when it is absent."""
    path = data_path()
    if not (path / "atop-5.1").is_dir() and not any(path.rglob("atop5_1m.csv")):
        pytest.skip(DATA_HINT.format(path=path))
    return path
