"""The entry point: text, HTML, file, folder, stdin, URL; the JSON contract."""

from __future__ import annotations

import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from foedus.errors import DownloadError, InputError
from foedus.news import ingest

HTML = """<!DOCTYPE html><html><head><title>Finland joins NATO | News</title>
<meta property="article:published_time" content="2023-04-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/login">Log in</a></nav>
<article><h1>Finland joins NATO</h1>
<p>Finland formally joined NATO on Tuesday, becoming the alliance's 31st member.</p>
<p>Foreign Minister Pekka Haavisto handed over the documents in Brussels.</p></article>
<footer>Copyright 2023 Example. All rights reserved.</footer></body></html>"""


def test_the_json_contract(seed_path: Path) -> None:
    out = ingest(seed_path, published="2024-06-19").to_dict()
    json.dumps(out)  # plain JSON
    assert set(out) >= {"events", "dropped"}
    (event,) = out["events"]
    for key in ("kind", "parties", "date", "place", "treaty_name", "obligation_types", "conditions",
                "predecessors", "quotes", "evidence"):  # fmt: skip
        assert key in event
    assert (
        event["kind"] == "signed"
        and event["date"] == "2024-06-19"
        and event["place"] == "Pyongyang"
    )
    assert event["parties"] == [{"cow": 365, "name": "Russia"}, {"cow": 731, "name": "North Korea"}]
    assert event["obligation_types"] == ["defense"]
    assert any("1961" in p for p in event["predecessors"])
    assert all(set(q) >= {"speaker", "text"} for q in event["quotes"])
    assert all(set(s) >= {"field", "start", "end", "text"} for s in event["evidence"])
    assert (
        "Already a subscriber? Log in." in out["dropped"] and "Source – NY Times" in out["dropped"]
    )
    assert len(out["dropped"]) == 7


def test_no_event_gives_an_empty_list() -> None:
    out = ingest("Putin and Xi met in Beijing on Thursday but signed no treaty.").to_dict()
    assert out["events"] == [] and out["dropped"] == []


def test_html_text_and_its_own_date() -> None:
    result = ingest(HTML)
    article = result.articles[0]
    assert article.published is not None and article.published.isoformat() == "2023-04-04"
    assert article.published_from == "html metadata"
    (e,) = result.events
    assert (e.kind, e.cows, e.date.iso() if e.date else None) == ("acceded", (375,), "2023-04-04")


def test_a_given_date_beats_the_page_date() -> None:
    (e,) = ingest(HTML, published="2023-04-05").events
    assert e.date is not None and e.date.iso() == "2023-04-04"  # "Tuesday" before Wed 5 April


def test_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Finland joined NATO on Tuesday.", "utf-8")
    (tmp_path / "b.html").write_text(HTML, "utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text("Sweden joined NATO.", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    one = ingest(tmp_path / "a.txt", published="2023-04-04")
    assert [a.source for a in one.articles] == [str(tmp_path / "a.txt")]
    folder = ingest(tmp_path, published="2023-04-04")
    assert [Path(a.source).name for a in folder.articles] == ["a.txt", "b.html", "c.txt"]
    assert [len(a.events) for a in folder.articles] == [1, 1, 0]
    assert folder.articles[2].error is not None and "empty" in folder.articles[2].error
    assert [e.kind for e in folder.events] == ["acceded", "acceded"]
    assert all(e.source for e in folder.events)
    # A path given as a string works too.
    assert ingest(str(tmp_path / "a.txt")).events[0].cows == (375,)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Finland joined NATO on Tuesday."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    result = ingest("-", published="2023-04-04")
    assert result.articles[0].source == "<stdin>" and result.events[0].cows == (375,)


def test_bad_arguments_say_what_to_do() -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest("missing/article.txt")
    with pytest.raises(InputError, match="YYYY"):
        ingest("Finland joined NATO.", published="4 April 2023")


def test_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder holds no article"):
        ingest(tmp_path)


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/missing":
                self.send_response(404)
                self.end_headers()
                return
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url(server: str) -> None:
    result = ingest(f"{server}/article")
    assert result.articles[0].source == f"{server}/article"
    assert [(e.kind, e.cows) for e in result.events] == [("acceded", (375,))]
    with pytest.raises(DownloadError, match="HTTP 404"):
        ingest(f"{server}/missing")


def test_url_offline_is_a_clear_error() -> None:
    # Nothing listens on port 9 of this machine: the same failure as being offline.
    with pytest.raises(DownloadError, match="offline") as info:
        ingest("http://127.0.0.1:9/article", timeout=2)
    # The error carries the address it could not fetch and says what to do instead.
    assert info.value.url == "http://127.0.0.1:9/article"
    assert "Save the page and ingest the file" in str(info.value)


def test_html_without_its_cleaner_names_the_missing_package() -> None:
    # lxml_html_clean blocked: trafilatura's import then fails inside lxml, with a message
    # that names no module; the error must name the package to install, not trafilatura.
    code = (
        "import sys; sys.modules['lxml_html_clean'] = None\n"
        "from foedus.errors import InputError\n"
        "from foedus.news import ingest\n"
        "try:\n"
        "    ingest('<html><body><p>Finland joined NATO.</p><p>x</p></body></html>')\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install lxml_html_clean" in out.stdout, out.stdout + out.stderr
    assert "pip install trafilatura" not in out.stdout


def test_progress_is_reported_in_order_and_ends_done(tmp_path: Path) -> None:
    text = "Pact\n\n" + "Finland joined NATO on Tuesday. Officials met in Helsinki.\n\n" * 300
    calls: list[tuple[int, int, str]] = []
    ingest(text, published="2023-04-04", progress=lambda d, t, s: calls.append((d, t, s)))
    assert calls[0][2] == "reading" and calls[-1] == (calls[-1][1], calls[-1][1], "done")
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and any(s == "events" for _, _, s in calls)
    # A folder reports its files.
    (tmp_path / "a.txt").write_text("Finland joined NATO on Tuesday.", "utf-8")
    (tmp_path / "b.txt").write_text("Sweden joined NATO on Thursday.", "utf-8")
    files: list[tuple[int, int, str]] = []
    ingest(tmp_path, progress=lambda d, t, s: files.append((d, t, s)))
    assert [c for c in files if c[2].startswith("article")] == [
        (0, 2, "article a.txt"),
        (1, 2, "article b.txt"),
    ]
    assert files[-1] == (2, 2, "done")
