"""Downloading the raw dataset files from their publishers (``foedus data fetch``).

:func:`fetch` reads the manifest (:data:`foedus.sources.files.FILES`), downloads
each publisher URL once (ATOP's two CSVs come out of one zip), checks what
arrived exactly as ``foedus data import`` would (header, row count, and the
sha256 of the release foedus was built against), and only then moves the
files into the destination folder under their usual names. The folder can
then be imported with ``foedus data import DEST``.

Guarantees:

- A broken transfer (the connection drops mid-body, or fewer bytes arrive
  than announced) is retried up to ``retries`` times after a short pause,
  resuming with an HTTP ``Range`` request when the server supports it and
  starting over otherwise.
- Nothing half-written appears under a final filename: downloads and checks
  happen in a hidden staging folder inside ``dest`` that is removed whatever
  happens, and files are moved into place only after every required file has
  passed its checks. A failed fetch leaves ``dest`` as it was.
- A file the manifest marks optional (COW Formal Alliances) that cannot be
  fetched or fails its checks is skipped with a warning in the result.
- Every failure is a :class:`~foedus.errors.DownloadError` that says what to
  do next; when a host cannot be reached at all, it lists the files and
  their publisher URLs so the user can fetch them another way and run
  ``foedus data import DIR``.

:func:`sources_table` lists, for users, every file with its dataset, URL and
citation (``foedus data sources``).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from foedus._version import __version__
from foedus.errors import DownloadError, InputError, SourceFileError
from foedus.sources.files import FILES, SourceFile
from foedus.sources.states import read_gw_states
from foedus.sources.tables import read_rows

__all__ = ["FetchResult", "SourceRow", "fetch", "sources_table"]

# Seconds before the first retry; doubled for each further one (0.5, 1, 2, ...).
_BACKOFF_SECONDS = 0.5
# Answers that say "try again later" rather than "this will never work".
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` wrote.

    ``files`` maps each manifest key (``"atop_a"``, ``"cow_states"``, ...) to the
    checked file now in the destination folder; ``warnings`` says which
    optional files were skipped and why.
    """

    files: dict[str, Path]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceRow:
    """One raw file as a user finds it: dataset, file name, where to get it, what to cite."""

    dataset: str
    version: str
    file: str
    url: str
    zip_member: str | None  # the file's path inside the archive at ``url``, if any
    required: bool
    citation: str


def sources_table(files: Sequence[SourceFile] = FILES) -> list[SourceRow]:
    """Every raw file foedus reads, in manifest order, with its publisher URL and citation.

    >>> rows = sources_table()
    >>> [r.zip_member for r in rows if r.dataset == "ATOP"]
    ['ATOP 5.1 (.csv)/atop5_1a.csv', 'ATOP 5.1 (.csv)/atop5_1m.csv']
    >>> [r.file for r in rows if not r.required][:3]
    ['alliance_v4.1_by_member.csv', 'Inter-StateWarData_v4.0.csv', 'MIDA 5.0.csv']
    """
    return [
        SourceRow(f.dataset, f.version, f.filename, f.url, f.zip_member, f.required, f.citation)
        for f in files
    ]


def fetch(
    dest: str | Path,
    *,
    files: Sequence[SourceFile] = FILES,
    urls: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    progress: bool = True,
    retries: int = 3,
    timeout: float = 30.0,
) -> FetchResult:
    """Download, check and place every file of the manifest in ``dest``.

    Parameters
    ----------
    dest
        Folder to write to (created if needed). Files land directly in it
        under their usual names (``atop5_1a.csv``, ``states2016.csv``, ...),
        replacing older copies only once every required file has passed.
    files
        Manifest entries to fetch; all of them by default.
    urls
        Replacements for publisher URLs, keyed by the publisher URL as listed
        by :func:`sources_table` (a mirror, or a local server in tests). The
        replacement must serve the same bytes: all checks still apply.
    client
        An ``httpx.Client`` to use (its own timeouts and proxies apply). By
        default foedus makes one with ``timeout`` and closes it afterwards.
    progress
        Show a progress bar per download on stderr (only on a terminal).
    retries
        How many times to retry a broken transfer or a "try later" answer
        (HTTP 5xx, 429) before giving up.
    timeout
        Seconds to wait to connect or for the next bytes (own client only).

    Raises
    ------
    DownloadError
        A host cannot be reached (the message says how to import from a
        folder instead), a transfer kept breaking, the server answered with
        an error, or a required file failed its checks (wrong header or row
        count, or a sha256 other than the release foedus expects).
    InputError
        ``urls`` names a URL that is not in the manifest, or ``retries`` < 0.
    """
    if retries < 0:
        raise InputError(f"retries must be 0 or more, got {retries}")
    overrides = dict(urls or {})
    known = {f.url for f in files}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise InputError(
            f"urls replaces {', '.join(unknown)}, which no file comes from; "
            f"the publisher URLs are: {', '.join(sorted(known))}"
        )
    target = Path(dest).expanduser()
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".foedus-fetch-", dir=target))
    except OSError as exc:
        raise DownloadError(
            f"cannot write to the folder {target} ({exc.strerror}); choose another destination"
        ) from exc

    http = client or httpx.Client(timeout=timeout, headers={"User-Agent": f"foedus/{__version__}"})
    try:
        staged: dict[str, Path] = {}
        warnings: list[str] = []
        with _progress_bar(progress) as bar:
            for publisher_url, specs in _groups(files):
                url = overrides.get(publisher_url, publisher_url)
                try:
                    got, skipped = _fetch_group(http, url, specs, staging, bar, retries)
                except _Unreachable as exc:
                    error = DownloadError(_unreachable_message(exc, files), url=url)
                    if any(s.required for s in specs):
                        raise error from exc.__cause__
                    warnings.append(_skip_note(specs, f"foedus cannot reach {exc.host}"))
                    continue
                except DownloadError as exc:
                    if any(s.required for s in specs):
                        raise
                    warnings.append(_skip_note(specs, str(exc)))
                    continue
                staged.update(got)
                warnings.extend(skipped)
        # Every required file passed: only now touch the final names.
        by_key = {f.key: f for f in files}
        written: dict[str, Path] = {}
        for key, path in staged.items():
            final = target / by_key[key].filename
            os.replace(path, final)
            written[key] = final
        return FetchResult(written, warnings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if client is None:
            http.close()


# --- one publisher URL -------------------------------------------------------


def _groups(files: Sequence[SourceFile]) -> list[tuple[str, list[SourceFile]]]:
    """Files by URL, in manifest order, groups holding a required file first."""
    groups: dict[str, list[SourceFile]] = {}
    for spec in (f for f in files if f.fetched):
        groups.setdefault(spec.url, []).append(spec)
    return sorted(groups.items(), key=lambda item: not any(s.required for s in item[1]))


def _fetch_group(
    client: httpx.Client,
    url: str,
    specs: list[SourceFile],
    staging: Path,
    bar: Progress,
    retries: int,
) -> tuple[dict[str, Path], list[str]]:
    """Download ``url`` once and stage each file it holds; optional failures become notes."""
    archive = any(s.zip_member for s in specs)
    name = Path(urlsplit(url).path).name or "download"
    raw = staging / f".{name}.part"
    _download(client, url, raw, retries=retries, bar=bar, label=name)
    staged: dict[str, Path] = {}
    notes: list[str] = []
    for spec in specs:
        out = staging / spec.filename
        try:
            if archive:
                _extract(raw, spec, out, url)
            else:
                shutil.copyfile(raw, out)
            _check(out, spec, url)
        except DownloadError as exc:
            if spec.required:
                raise
            notes.append(_skip_note([spec], str(exc)))
            continue
        staged[spec.key] = out
    raw.unlink(missing_ok=True)
    return staged, notes


def _skip_note(specs: Sequence[SourceFile], why: str) -> str:
    names = ", ".join(s.filename for s in specs)
    return f"skipped optional {names} ({specs[0].dataset} {specs[0].version}): {why}"


# --- transfer ----------------------------------------------------------------


class _Unreachable(Exception):
    """The first connection to a host failed: DNS, refused, or connect timeout."""

    def __init__(self, url: str, reason: str) -> None:
        self.host = urlsplit(url).netloc or url
        self.reason = reason
        super().__init__(f"{self.host}: {reason}")


class _Broken(Exception):
    """A transfer that may succeed if tried again."""


class _RestartFromZero(_Broken):
    """The server would not resume where we stopped; fetch the whole body again."""


def _download(
    client: httpx.Client, url: str, path: Path, *, retries: int, bar: Progress, label: str
) -> None:
    """Stream ``url`` into ``path``, resuming or restarting after a broken transfer."""
    task = bar.add_task(label, total=None)
    failures = 0
    have = 0  # bytes of the body already in ``path``
    resumable = False
    validator: str | None = None  # ETag or Last-Modified, so a resume never mixes versions
    with path.open("wb") as out:
        while True:
            headers = {"Accept-Encoding": "identity"}  # byte offsets must mean file offsets
            if have and resumable:
                headers["Range"] = f"bytes={have}-"
                if validator:
                    headers["If-Range"] = validator
            try:
                with client.stream("GET", url, headers=headers, follow_redirects=True) as resp:
                    total = _start_body(resp, have, "Range" in headers)
                    if resp.status_code == 200:  # a whole body: start the file over
                        out.seek(0)
                        out.truncate()
                        have = 0
                        resumable = resp.headers.get("Accept-Ranges", "").lower() == "bytes"
                        validator = resp.headers.get("ETag") or resp.headers.get("Last-Modified")
                    bar.update(task, total=total, completed=have)
                    for chunk in resp.iter_raw():
                        out.write(chunk)
                        have += len(chunk)
                        bar.update(task, completed=have)
                    if total is not None and have < total:
                        raise _Broken(f"the body ended after {have} of {total} bytes")
                    if total is not None and have > total:
                        raise DownloadError(
                            f"{url} sent {have} bytes after announcing {total}; "
                            "try again later, or import a folder: `foedus data import DIR`",
                            url=url,
                        )
                out.flush()
                return
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise DownloadError(
                    f"cannot download {url!r}: {exc}; give an http:// or https:// URL", url=url
                ) from exc
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if failures == 0 and have == 0:
                    raise _Unreachable(url, str(exc) or type(exc).__name__) from exc
                reason = f"cannot reconnect: {exc}"
            except _RestartFromZero as exc:
                resumable = False
                reason = str(exc)
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            except _Broken as exc:
                reason = str(exc)
            failures += 1
            if failures > retries:
                raise DownloadError(
                    f"the download of {url} failed {failures} times, last: {reason}. "
                    "Nothing was written. Try again later; if it keeps failing, download the "
                    "file another way and run `foedus data import DIR` "
                    "(`foedus data sources` lists the files and URLs)",
                    url=url,
                )
            time.sleep(_BACKOFF_SECONDS * 2 ** (failures - 1))


def _start_body(resp: httpx.Response, have: int, asked_range: bool) -> int | None:
    """Check the status of one answer; return the full body length if known."""
    status = resp.status_code
    if status == 200:
        return _int_header(resp, "Content-Length")
    if status == 206 and asked_range:
        # "bytes 100-999/1000": resume only at exactly the byte we stopped at.
        content_range = resp.headers.get("Content-Range", "")
        try:
            unit, _, spec = content_range.partition(" ")
            span, _, size = spec.partition("/")
            start = int(span.split("-")[0])
        except ValueError:
            raise _RestartFromZero(f"unreadable Content-Range {content_range!r}") from None
        if unit != "bytes" or start != have:
            raise _RestartFromZero(f"the server resumed at {content_range!r}, not byte {have}")
        if size.isdigit():
            return int(size)
        length = _int_header(resp, "Content-Length")
        return None if length is None else have + length
    if status == 416 and asked_range:
        raise _RestartFromZero("the server refused to resume (HTTP 416)")
    if status in _RETRY_STATUSES:
        raise _Broken(f"HTTP {status} {resp.reason_phrase}")
    raise DownloadError(
        f"{resp.url} answered HTTP {status} {resp.reason_phrase}. The publisher may have moved "
        "the file: check `foedus data sources` for its landing page, download it by hand and "
        "run `foedus data import DIR`",
        url=str(resp.url),
    )


def _int_header(resp: httpx.Response, name: str) -> int | None:
    value = resp.headers.get(name, "")
    return int(value) if value.isdigit() else None


# --- content -----------------------------------------------------------------


def _extract(archive: Path, spec: SourceFile, out: Path, url: str) -> None:
    """Copy ``spec.zip_member`` out of ``archive``; CRC errors and non-zips are DownloadErrors."""
    try:
        with zipfile.ZipFile(archive) as zf:
            member = _find_member(zf, spec)
            if member is None:
                listing = ", ".join(zf.namelist()[:20])
                raise DownloadError(
                    f"the archive from {url} has no {spec.zip_member!r} (it holds: {listing}). "
                    "The publisher may have repackaged it; extract the file by hand and run "
                    "`foedus data import DIR`",
                    url=url,
                )
            if member.lower().endswith(".zip") and not spec.filename.lower().endswith(".zip"):
                # An archive inside the archive (COW's NMC documentation zip): look in it.
                inner = zipfile.ZipFile(io.BytesIO(zf.read(member)))
                member = _find_member(inner, spec)
                if member is None:
                    raise DownloadError(
                        f"the inner archive from {url} has no {spec.filename}; extract it by "
                        "hand and run `foedus data import DIR`",
                        url=url,
                    )
                zf = inner
            with zf.open(member) as src, out.open("wb") as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
    except zipfile.BadZipFile as exc:
        raise DownloadError(
            f"what {url} sent is not a readable zip archive ({exc}); the server may have "
            "answered with a web page. Download the archive by hand, extract it and run "
            "`foedus data import DIR`",
            url=url,
        ) from exc


def _find_member(zf: zipfile.ZipFile, spec: SourceFile) -> str | None:
    """The member at its manifest path, else the one file of that name anywhere inside."""
    names = zf.namelist()
    if spec.zip_member in names:
        return spec.zip_member
    wanted = (spec.zip_member or "").rsplit("/", 1)[-1].lower()
    if wanted.endswith(".zip"):
        nested = [n for n in names if n.rsplit("/", 1)[-1].lower() == wanted]
        if len(nested) == 1:
            return nested[0]
    # Publishers re-zip with other folder names; the file name is what import looks for.
    matches = [n for n in names if n.rsplit("/", 1)[-1].lower() == spec.filename.lower()]
    return matches[0] if len(matches) == 1 else None


def _check(path: Path, spec: SourceFile, url: str) -> None:
    """Run the import checks, then compare the sha256 with the manifest."""
    try:
        if spec.key == "gw_states":  # tab-separated without a header
            read_gw_states(path)
        else:
            read_rows(path, spec)
    except SourceFileError as exc:
        # Name the file as the user knows it, not the staging path that is about to vanish.
        detail = str(exc).replace(str(path), spec.filename, 1)
        raise DownloadError(
            f"{spec.filename} from {url} fails the import checks: {detail}. Nothing was "
            "written. Try `foedus data fetch` again; if it persists, the publisher has changed "
            "the file: get the release named in `foedus data sources` and run "
            "`foedus data import DIR`",
            url=url,
        ) from exc
    if spec.sha256:
        actual = _sha256(path)
        if actual != spec.sha256:
            raise DownloadError(
                f"{spec.filename} from {url} is not the file foedus expects: sha256 {actual}, "
                f"expected {spec.sha256} ({spec.dataset} {spec.version}). The publisher may "
                "have changed the file since this foedus release. Nothing was written. If you "
                "have a copy you trust, put it in a folder and run `foedus data import DIR`",
                url=url,
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


# --- messages and display ----------------------------------------------------


def _unreachable_message(exc: _Unreachable, files: Sequence[SourceFile]) -> str:
    lines = [
        f"foedus cannot reach {exc.host} ({exc.reason}). This machine may be offline, or the "
        "site may be down or blocked.",
        "To import from a folder instead, get these files another way (another machine, a "
        "colleague, a mirror), put them in one folder and run `foedus data import DIR`:",
    ]
    for url, specs in _groups(files):
        names = ", ".join(s.filename for s in specs)
        optional = "" if any(s.required for s in specs) else " (optional)"
        where = f"inside the zip {url}" if any(s.zip_member for s in specs) else url
        lines.append(f"  {names}{optional}: {where}")
    return "\n".join(lines)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress]:
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not (enabled and console.is_terminal),
    )
    with bar:
        yield bar
