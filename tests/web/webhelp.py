"""Constants and helpers the web tests share (imported as ``webhelp``)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-1234"
_DATA = Path(os.environ.get("FOEDUS_DATA", REPO.parent / "shared" / "data"))
ARTICLE = _DATA.resolve().parent / "examples" / "2024-06-19-putin-kim-pact.txt"
CHROMIUM = Path(os.environ.get("FOEDUS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def csrf(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Open a page (which sets the CSRF cookie) and return the header a POST must carry."""
    client.get("/review")
    return {"X-CSRF-Token": client.cookies["foedus_csrf"]}


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Keep a screenshot under docs/screenshots when FOEDUS_SCREENSHOTS is set."""
    if os.environ.get("FOEDUS_SCREENSHOTS"):
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
