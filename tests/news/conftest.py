"""Fixtures for the news tests: the seed article (outside the repo) and the labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = REPO.parent / "shared" / "examples" / "2024-06-19-putin-kim-pact.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The scraped NYT article of the issue (kept in ../shared/examples, never copied here)."""
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED}")
    return SEED
