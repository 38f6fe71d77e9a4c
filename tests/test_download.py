"""foedus.sources.download against a real HTTP server on 127.0.0.1.

Tests marked ``data`` serve the real files from the raw-data folder (and an
ATOP zip built from them); the others use small files built here.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from foedus.errors import DownloadError, InputError
from foedus.sources import download
from foedus.sources.download import FetchResult, fetch, sources_table
from foedus.sources.files import FILES, SourceFile, find_files
from httpserver import FileServer, dead_url

PUBLISHER = "http://publisher.invalid/"


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries wait 10 ms instead of half a second."""
    monkeypatch.setattr(download, "_BACKOFF_SECONDS", 0.01)


@pytest.fixture
def server() -> Iterator[FileServer]:
    with FileServer() as srv:
        yield srv


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table(rows: int, *, offset: int = 0) -> bytes:
    """A CSV with columns a,b and ``rows`` data rows, CRLF like ATOP's (about 20 bytes a row)."""
    lines = ["a,b,note"] + [f"{i + offset},{i * 7},row number {i:06d}" for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def spec(
    name: str = "tiny.csv",
    *,
    rows: int | None = 2000,
    data: bytes | None = None,
    url: str | None = None,
    member: str | None = None,
    required: bool = True,
) -> SourceFile:
    return SourceFile(
        key=name.split(".")[0],
        filename=name,
        dataset="Tiny",
        version="1",
        rows=rows,
        required_columns=("a", "b"),
        url=url or PUBLISHER + name,
        sha256=sha(data) if data is not None else None,
        zip_member=member,
        required=required,
    )


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def run(dest: Path, files: list[SourceFile], server: FileServer, **kw: object) -> FetchResult:
    """Fetch ``files`` with each publisher URL mapped to the same path on ``server``."""
    urls = {f.url: server.url("/" + f.url.rsplit("/", 1)[-1]) for f in files}
    return fetch(dest, files=files, urls=urls, progress=False, **kw)  # type: ignore[arg-type]


def only_final_files(dest: Path) -> list[str]:
    """Everything in ``dest``, hidden staging leftovers included."""
    return sorted(p.name for p in dest.iterdir())


# --- small files built here ---------------------------------------------------


def test_fetch_writes_checked_file(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data)
    result = run(tmp_path, [spec(data=data)], server)
    assert result.files == {"tiny": tmp_path / "tiny.csv"}
    assert result.warnings == []
    assert (tmp_path / "tiny.csv").read_bytes() == data
    assert only_final_files(tmp_path) == ["tiny.csv"]  # no staging folder left
    assert server.seen("/tiny.csv")[0].range is None


def test_two_members_of_one_zip_download_once(server: FileServer, tmp_path: Path) -> None:
    one, two = table(2000), table(2000, offset=5)
    server.add("/pack.zip", zipped({"Pack 1 (.csv)/one.csv": one, "Pack 1 (.csv)/two.csv": two}))
    url = PUBLISHER + "pack.zip"
    files = [
        spec("one.csv", data=one, url=url, member="Pack 1 (.csv)/one.csv"),
        spec("two.csv", data=two, url=url, member="Pack 1 (.csv)/two.csv"),
    ]
    result = run(tmp_path, files, server)
    assert len(server.seen("/pack.zip")) == 1
    assert (tmp_path / "one.csv").read_bytes() == one
    assert (tmp_path / "two.csv").read_bytes() == two
    assert set(result.files) == {"one", "two"}
    assert only_final_files(tmp_path) == ["one.csv", "two.csv"]  # the zip is not kept


def test_member_found_by_name_when_publisher_renames_folder(
    server: FileServer, tmp_path: Path
) -> None:
    data = table(2000)
    server.add("/pack.zip", zipped({"renamed/one.csv": data, "renamed/readme.txt": b"hi"}))
    files = [spec("one.csv", data=data, url=PUBLISHER + "pack.zip", member="Pack/one.csv")]
    run(tmp_path, files, server)
    assert (tmp_path / "one.csv").read_bytes() == data


def test_drop_midway_resumes_with_range(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    assert len(data) > 30_000
    server.add("/tiny.csv", data, drops=1, drop_after=12_345)
    run(tmp_path, [spec(data=data)], server)
    assert [r.range for r in server.seen("/tiny.csv")] == [None, "bytes=12345-"]
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_drop_twice_resumes_from_each_break(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data, drops=2, drop_after=10_000)
    run(tmp_path, [spec(data=data)], server)
    # The second cut comes 10,000 bytes into the resumed body.
    assert [r.range for r in server.seen("/tiny.csv")] == [None, "bytes=10000-", "bytes=20000-"]
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_drop_midway_restarts_without_range_support(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data, drops=1, drop_after=12_345, ranges=False)
    run(tmp_path, [spec(data=data)], server)
    assert [r.range for r in server.seen("/tiny.csv")] == [None, None]
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_server_that_ignores_range_sends_whole_body_again(
    server: FileServer, tmp_path: Path
) -> None:
    # Advertises ranges, then answers the Range request with a full 200: the
    # first 12,345 bytes must not be kept twice.
    data = table(2000)
    server.add("/tiny.csv", data, drops=1, drop_after=12_345, honour_ranges=False)
    run(tmp_path, [spec(data=data)], server)
    assert [r.range for r in server.seen("/tiny.csv")] == [None, "bytes=12345-"]
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_try_later_status_is_retried(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data, statuses=[503, 502])
    run(tmp_path, [spec(data=data)], server)
    assert len(server.seen("/tiny.csv")) == 3
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_server_that_always_drops_leaves_nothing(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data, drops=-1, drop_after=5_000)
    (tmp_path / "tiny.csv").write_bytes(b"an older copy\n")
    with pytest.raises(DownloadError, match="failed 3 times") as caught:
        run(tmp_path, [spec(data=data)], server, retries=2)
    assert len(server.seen("/tiny.csv")) == 3
    assert "foedus data import DIR" in str(caught.value)
    assert caught.value.url == server.url("/tiny.csv")
    # No partial or staging file, and the older copy is untouched.
    assert only_final_files(tmp_path) == ["tiny.csv"]
    assert (tmp_path / "tiny.csv").read_bytes() == b"an older copy\n"


def test_retries_zero_gives_up_after_one_attempt(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data, drops=1, drop_after=100)
    with pytest.raises(DownloadError, match="failed 1 times"):
        run(tmp_path, [spec(data=data)], server, retries=0)
    assert only_final_files(tmp_path) == []


def test_truncated_file_names_file_and_rows(server: FileServer, tmp_path: Path) -> None:
    # The server sends a complete, correctly announced body of a file that is
    # itself short: no transfer error, the row count catches it, no retry.
    good, short = table(2000), table(1500)
    server.add("/good.csv", good)
    server.add("/tiny.csv", short)
    files = [spec("good.csv", data=good), spec(data=good)]
    with pytest.raises(DownloadError) as caught:
        run(tmp_path, files, server)
    message = str(caught.value)
    assert "tiny.csv" in message
    assert "truncated: 1500 data rows, expected 2000" in message
    assert ".foedus-fetch" not in message  # names the file, not the staging path
    assert len(server.seen("/tiny.csv")) == 1
    # good.csv passed, but nothing is placed unless every required file passes.
    assert only_final_files(tmp_path) == []


def test_wrong_header_is_reported(server: FileServer, tmp_path: Path) -> None:
    server.add("/tiny.csv", b"<html><body>Moved</body></html>\n")
    with pytest.raises(DownloadError, match="the header lacks a, b"):
        run(tmp_path, [spec(rows=None)], server)


def test_sha_mismatch_says_publisher_changed_file(server: FileServer, tmp_path: Path) -> None:
    expected, served = table(2000), table(2000, offset=1)  # same shape, other numbers
    server.add("/tiny.csv", served)
    with pytest.raises(DownloadError) as caught:
        run(tmp_path, [spec(data=expected)], server)
    message = str(caught.value)
    assert f"sha256 {sha(served)}, expected {sha(expected)}" in message
    assert "publisher may have changed the file" in message
    assert "foedus data import DIR" in message
    assert only_final_files(tmp_path) == []


def test_not_a_zip(server: FileServer, tmp_path: Path) -> None:
    server.add("/pack.zip", b"<html>Please accept our cookies</html>")
    files = [spec("one.csv", url=PUBLISHER + "pack.zip", member="one.csv")]
    with pytest.raises(DownloadError, match="not a readable zip archive"):
        run(tmp_path, files, server)


def test_http_error_on_required_file(server: FileServer, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="answered HTTP 404 Not Found"):
        run(tmp_path, [spec()], server)  # nothing served at /tiny.csv
    assert len(server.seen("/tiny.csv")) == 1  # a 404 is not retried


def test_optional_file_failure_is_a_warning(server: FileServer, tmp_path: Path) -> None:
    data, extra = table(2000), table(10)
    server.add("/tiny.csv", data)
    server.add("/extra.zip", zipped({"x/extra.csv": extra}), drops=-1, drop_after=10)
    files = [
        spec(
            "extra.csv", rows=10, url=PUBLISHER + "extra.zip", member="x/extra.csv", required=False
        ),
        spec(data=data),
    ]
    result = run(tmp_path, files, server, retries=1)
    assert result.files == {"tiny": tmp_path / "tiny.csv"}
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("skipped optional extra.csv (Tiny 1): ")
    assert "failed 2 times" in result.warnings[0]
    assert only_final_files(tmp_path) == ["tiny.csv"]


def test_optional_file_failing_checks_is_a_warning(server: FileServer, tmp_path: Path) -> None:
    data = table(2000)
    server.add("/tiny.csv", data)
    server.add("/extra.csv", table(3))
    files = [spec(data=data), spec("extra.csv", rows=10, required=False)]
    result = run(tmp_path, files, server)
    assert set(result.files) == {"tiny"}
    assert "truncated: 3 data rows, expected 10" in result.warnings[0]


def test_connection_refused_says_offline_and_how_to_import(tmp_path: Path) -> None:
    dead = dead_url("/")
    urls = {f.url: dead + f.filename for f in FILES}
    with pytest.raises(DownloadError) as caught:
        fetch(tmp_path, urls=urls, progress=False)
    message = str(caught.value)
    host = dead.removeprefix("http://").rstrip("/")
    assert message.startswith(f"foedus cannot reach {host} (")
    assert "may be offline" in message
    assert "foedus data import DIR" in message
    # Every file, with the publisher's URL (not the mirror's).
    atop = next(f for f in FILES if f.key == "atop_a")
    assert f"atop5_1a.csv, atop5_1m.csv: inside the zip {atop.url}" in message
    for f in FILES:
        assert (f.filename in message) is f.fetched
        assert (f.url in message) is f.fetched
    assert "alliance_v4.1_by_member.csv (optional)" in message
    assert only_final_files(tmp_path) == []


def test_dns_failure_through_given_client(tmp_path: Path) -> None:
    def no_dns(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    with httpx.Client(transport=httpx.MockTransport(no_dns)) as client:
        with pytest.raises(DownloadError) as caught:
            fetch(tmp_path, client=client, progress=False)
        assert not client.is_closed  # a client passed in is the caller's to close
    message = str(caught.value)
    assert message.startswith("foedus cannot reach www.atopdata.org (")
    assert "name resolution" in message
    assert "foedus data import DIR" in message


def test_unknown_url_override_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no file comes from"):
        fetch(tmp_path, urls={"http://example.org/x.csv": "http://mirror/x.csv"}, progress=False)


def test_progress_bar_path_runs(server: FileServer, tmp_path: Path) -> None:
    # Under pytest stderr is not a terminal, so the bar is built but hidden.
    data = table(2000)
    server.add("/tiny.csv", data, drops=1, drop_after=1_000)
    urls = {PUBLISHER + "tiny.csv": server.url("/tiny.csv")}
    fetch(tmp_path, files=[spec(data=data)], urls=urls, progress=True)
    assert (tmp_path / "tiny.csv").read_bytes() == data


def test_sources_table_lists_every_file() -> None:
    rows = sources_table()
    assert [r.file for r in rows] == [f.filename for f in FILES]
    assert all(r.url.startswith(("http://", "https://")) and r.citation for r in rows)
    states = next(r for r in rows if r.file == "states2016.csv")
    assert (states.dataset, states.version, states.zip_member) == ("COW State System", "2016", None)
    assert states.url == "https://correlatesofwar.org/wp-content/uploads/states2016.csv"


# --- the real files, served as their publishers package them -------------------


def cow_alliances_zip() -> bytes:
    """A two-row stand-in for COW Formal Alliances 4.1 (the real file is not in the data)."""
    spec_ = next(f for f in FILES if f.key == "cow_alliances")
    header = ",".join(spec_.required_columns)
    rows = [
        "1,200,United Kingdom,16,10,1816,1,1,1822,0,0,0,1",
        "1,300,Austria-Hungary,16,10,1816,1,1,1822,0,0,0,1",
    ]
    text = "\n".join([header, *rows]) + "\n"
    assert spec_.zip_member is not None
    return zipped({spec_.zip_member: text.encode()})


def contiguity_zip() -> bytes:
    """A two-pair stand-in for COW's Direct Contiguity 3.2 master records."""
    spec_ = next(f for f in FILES if f.key == "cow_contdir")
    text = "dyad,statelno,statehno,conttype,begin,end,version\n2020,2,20,1,192001,201612,3.2\n"
    assert spec_.zip_member is not None
    return zipped({spec_.zip_member: text.encode()})


def nmc_zip(data_dir: Path) -> bytes:
    """COW's NMC documentation zip: the abridged CSV sits in an inner zip."""
    csv = next(data_dir.rglob("NMC-60-abridged.csv")).read_bytes()
    inner = zipped({"NMC-60-abridged.csv": csv})
    return zipped({"NMC-60-abridged.zip": inner, "NMC_Documentation_v6_0_final_v2.pdf": b"%PDF"})


STAND_INS = {"cow_alliances": cow_alliances_zip, "cow_contdir": contiguity_zip}
FETCHED = [f for f in FILES if f.fetched]


def serve_publishers(server: FileServer, data_dir: Path, **atop: object) -> dict[str, str]:
    """Serve every manifest URL from ``data_dir``; return the ``urls`` overrides for fetch."""
    urls: dict[str, str] = {}
    for url, specs in download._groups(FILES):
        name = "/" + url.rsplit("/", 1)[-1]
        if specs[0].key in STAND_INS:
            body = STAND_INS[specs[0].key]()
        elif specs[0].key == "cow_nmc":
            body = nmc_zip(data_dir)
        elif specs[0].zip_member:  # ATOP: members under "ATOP 5.1 (.csv)/"
            members = {s.zip_member: next(data_dir.rglob(s.filename)).read_bytes() for s in specs}
            body = zipped(members)  # type: ignore[arg-type]
        else:
            body = next(data_dir.rglob(specs[0].filename)).read_bytes()
        urls[url] = server.add(name, body, **(atop if specs[0].key == "atop_a" else {}))
    return urls


@pytest.mark.data
def test_full_fetch_of_real_files(server: FileServer, data_dir: Path, tmp_path: Path) -> None:
    urls = serve_publishers(server, data_dir)
    result = fetch(tmp_path, urls=urls, progress=False)
    assert result.warnings == []
    assert set(result.files) == {f.key for f in FETCHED}
    for f in FETCHED:
        assert result.files[f.key] == tmp_path / f.filename
        if f.key not in STAND_INS:
            assert result.files[f.key].read_bytes() == next(data_dir.rglob(f.filename)).read_bytes()
    # Twelve files from nine URLs: the ATOP zip and the MID zip once each.
    assert len(server.requests) == len(download._groups(FILES)) == 9
    # The folder is now one that `foedus data import` accepts.
    assert find_files(tmp_path) == result.files
    assert only_final_files(tmp_path) == sorted(f.filename for f in FETCHED)


@pytest.mark.data
@pytest.mark.parametrize(("ranges", "second_range"), [(True, "bytes=30000-"), (False, None)])
def test_real_atop_zip_dropped_midway(
    server: FileServer, data_dir: Path, tmp_path: Path, ranges: bool, second_range: str | None
) -> None:
    urls = serve_publishers(server, data_dir, drops=1, drop_after=30_000, ranges=ranges)
    atop_path = "/" + FILES[0].url.rsplit("/", 1)[-1]
    assert len(server.routes[atop_path].body) > 40_000  # the cut is inside the body
    result = fetch(tmp_path, urls=urls, progress=False)
    assert [r.range for r in server.seen(atop_path)] == [None, second_range]
    assert (tmp_path / "atop5_1m.csv").read_bytes() == next(
        data_dir.rglob("atop5_1m.csv")
    ).read_bytes()
    assert result.warnings == []


@pytest.mark.data
def test_real_atop_server_always_drops(server: FileServer, data_dir: Path, tmp_path: Path) -> None:
    urls = serve_publishers(server, data_dir, drops=-1, drop_after=1_000)
    with pytest.raises(DownloadError, match=re.escape("atop_5.1__.csv_.zip failed 4 times")):
        fetch(tmp_path, urls=urls, progress=False)
    assert only_final_files(tmp_path) == []


@pytest.mark.data
def test_real_truncated_states_file(server: FileServer, data_dir: Path, tmp_path: Path) -> None:
    urls = serve_publishers(server, data_dir)
    states = next(data_dir.rglob("states2016.csv")).read_bytes()
    server.add("/states2016.csv", b"".join(states.splitlines(keepends=True)[:201]))
    with pytest.raises(DownloadError) as caught:
        fetch(tmp_path, urls=urls, progress=False)
    message = str(caught.value)
    assert message.startswith("states2016.csv from http://127.0.0.1:")
    assert "truncated: 200 data rows, expected 243" in message
    assert only_final_files(tmp_path) == []


@pytest.mark.data
def test_real_missing_optional_file(server: FileServer, data_dir: Path, tmp_path: Path) -> None:
    urls = serve_publishers(server, data_dir)
    del server.routes["/version4.1_csv.zip"]
    result = fetch(tmp_path, urls=urls, progress=False)
    assert "cow_alliances" not in result.files
    assert len(result.files) == len(FETCHED) - 1
    (warning,) = result.warnings
    assert warning.startswith("skipped optional alliance_v4.1_by_member.csv")
    assert "HTTP 404" in warning


def test_unwritable_destination(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DownloadError, match="cannot write to the folder"):
        fetch(blocker / "data", files=[spec()], progress=False)
