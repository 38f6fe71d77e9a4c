"""Fixtures for the web explorer: the app in-process, the app on loopback, a real browser.

The app runs over the store built once per session from the raw files (``kb_file``),
with its own copy of the register and proposals folder, and a write token.
Browser tests use Debian's chromium (``/usr/bin/chromium``, or ``FOEDUS_CHROMIUM``)
through Playwright and skip, saying how to install it, when it is absent.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from webhelp import CHROMIUM, CHROMIUM_FLAGS, REPO, TOKEN

from foedus.web import Settings, create_app


@pytest.fixture
def web_settings(kb_file: Path, tmp_path: Path) -> Settings:
    register = tmp_path / "register"
    shutil.copytree(REPO / "data" / "register", register)
    return Settings(db=kb_file, token=TOKEN, proposals=tmp_path / "proposals", register=register)


@pytest.fixture
def app(web_settings: Settings):  # type: ignore[no-untyped-def]
    made = create_app(web_settings)
    yield made
    made.state.explorer.close()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as opened:
        yield opened


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (`apt-get install chromium`, "
            "as .ci/run does) or set FOEDUS_CHROMIUM to a Chromium binary"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        opened = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield opened
        opened.close()


@pytest.fixture
def page(browser, live):  # type: ignore[no-untyped-def]
    """A fresh laptop-sized page; JavaScript errors fail the test."""
    # bypass_csp lets the test poll with expressions; the pages themselves obey the policy.
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live, bypass_csp=True
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.set_default_timeout(15000)
    yield opened
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
