"""Where foedus keeps its files by default (no heavy imports: every command reads this)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_db_path", "user_data_dir"]


def user_data_dir() -> Path:
    """The user's data directory for foedus (``~/.local/share/foedus`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("foedus"))


def default_db_path() -> Path:
    """``FOEDUS_DB`` if set, else ``foedus.duckdb`` in the user's data directory."""
    env = os.environ.get("FOEDUS_DB")
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "foedus.duckdb"
