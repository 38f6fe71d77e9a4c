"""``foedus serve``: one command builds an empty store, then serves; notices when it cannot."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from test_web_shapes import tiny_cshapes

from foedus.web.context import Explorer, Settings
from foedus.web.startup import ensure_store, start_shapes


def test_an_empty_store_is_built_from_the_data_folder(data_dir: Path, tmp_path: Path) -> None:
    said: list[str] = []
    db = tmp_path / "kb.duckdb"
    assert ensure_store(db, data_dir, fetch=False, say=said.append) is None
    assert db.exists() and any("building it from" in s for s in said)
    said.clear()
    assert ensure_store(db, data_dir, fetch=False, say=said.append) is None
    assert said == []  # a store that is there is used as it is


def test_nothing_to_build_from_serves_the_register_only_with_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "kb.duckdb"
    notice = ensure_store(db, None, fetch=False, say=lambda _: None)
    assert notice and "Register only" in notice and "foedus data import DIR" in notice
    # The register alone answers for its own treaties: Russia's 2024 pledge to North Korea.
    from foedus.kb import KnowledgeBase

    with KnowledgeBase(db) as kb:
        rows = kb.defends("North Korea", "2025-01-01", ["defense"])
        assert ("rus-prk-2024", 365) in {(o.treaty, o.obligor) for o in rows}
        assert not [o for o in rows if o.treaty.startswith("atop-") and o.source.dataset == "ATOP"]


def test_borders_found_in_the_data_folder_or_a_note(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    explorer = Explorer(Settings())
    start_shapes(explorer, tmp_path, fetch=False, say=lambda _: None)
    assert explorer.shapes is None and "not installed" in (explorer.shapes_note or "")
    (tmp_path / "cshapes").mkdir()
    (tmp_path / "cshapes" / "CShapes-2.0.geojson").write_text(json.dumps(tiny_cshapes()))
    start_shapes(explorer, tmp_path, fetch=False, say=lambda _: None)
    assert explorer.shapes is not None and explorer.shapes_note is None


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return json.loads(resp.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_one_command_builds_and_serves(data_dir: Path, tmp_path: Path) -> None:
    port = _port()
    env = {**os.environ, "FOEDUS_DATA": str(data_dir), "FOEDUS_DB": str(tmp_path / "kb.duckdb"),
           "XDG_DATA_HOME": str(tmp_path / "xdg")}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-c", "from foedus.cli import main; main()", "serve", "--port",
         str(port), "--no-fetch"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        status = _get(f"{base}/api/status", time.monotonic() + 120)
        assert status["ready"] is True and status["writable"] is False
        answer = _get(f"{base}/api/defends?state=731&on=1962-01-01", time.monotonic() + 10)
        assert {r["obligor"] for r in answer["rows"] if r["type"] == "defense"} == {365, 710}
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert "building it from" in out and f"http://127.0.0.1:{port}/" in out
