"""The library entry point: :func:`ingest` an article (text, HTML, file, folder or URL).

>>> r = ingest("Finland joins NATO\\n\\nFinland joined NATO on Tuesday.", published="2023-04-04")
>>> [(e.kind, e.cows, e.date.iso()) for e in r.events]
[('acceded', (375,), '2023-04-04')]
>>> sorted(r.to_dict())
['articles', 'dropped', 'events']
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foedus.errors import DownloadError, FoedusError, InputError
from foedus.model import parse_date
from foedus.news.actors import Gazetteer, default_gazetteer
from foedus.news.clean import (
    DEFAULT_MAX_BYTES,
    Dropped,
    clean_text,
    decode,
    html_to_text,
    looks_like_html,
    repair_mojibake,
)
from foedus.news.context import article_dateline
from foedus.news.dates import find_full_date
from foedus.news.events import Progress, extract_events
from foedus.news.records import Event, SetAside

__all__ = ["Article", "IngestResult", "ingest"]

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".eml", ""})
_URL = re.compile(r"^https?://\S+$", re.I)
_PATHLIKE = re.compile(r"^[^\n<>]{1,400}\.(?:txt|text|html?|xhtml|md|eml)$|^[./~][^\s\n]*$", re.I)


@dataclass(frozen=True)
class Article:
    """One ingested article: its events, what cleaning dropped, and what was set aside.

    ``text`` is the text every evidence offset points into. ``error`` is set
    (and nothing else is) when a file in a folder could not be read.
    """

    source: str
    title: str | None
    published: dt.date | None
    published_from: str | None  # "given", "html metadata", "dateline" or None
    text: str
    events: tuple[Event, ...]
    dropped: tuple[Dropped, ...]
    set_aside: tuple[SetAside, ...]
    warnings: tuple[str, ...] = ()
    encoding: str | None = None
    error: str | None = None

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_from": self.published_from,
            "encoding": self.encoding,
            "events": len(self.events),
            "dropped": [d.to_dict() for d in self.dropped],
            "set_aside": [s.to_dict() for s in self.set_aside],
            "warnings": list(self.warnings),
            "error": self.error,
        }
        if include_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest` found in one article or a folder of them."""

    articles: tuple[Article, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event of every article, in order."""
        return tuple(e for a in self.articles for e in a.events)

    @property
    def dropped(self) -> tuple[str, ...]:
        """The lines cleaning removed as junk, as they read."""
        return tuple(d.text for a in self.articles for d in a.dropped)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(f"{a.source}: {a.error}" for a in self.articles if a.error)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The JSON contract: ``events`` (each with kind, parties, date, place, treaty_name,
        obligation_types, conditions, predecessors, quotes, evidence) and ``dropped``
        (the junk lines), plus per-article details under ``articles``."""
        return {
            "events": [e.to_dict() for e in self.events],
            "dropped": list(self.dropped),
            "articles": [a.to_dict(include_text=include_text) for a in self.articles],
        }


def ingest(
    source: str | Path,
    *,
    published: dt.date | str | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 15.0,
    progress: Progress | None = None,
) -> IngestResult:
    """Read an article and return the treaty events it reports, with evidence.

    ``source`` is the article's text (plain or HTML), a file, a folder of
    files, ``"-"`` for standard input, or an ``http(s)://`` URL (fetched with
    httpx). ``published`` (a date or ``YYYY-MM-DD``) resolves "on Wednesday";
    without it the HTML page's own date, or a dateline, is used when found.
    Input larger than ``max_bytes`` is cut there, with a warning.

    ``progress``, if given, is called as ``progress(done, total, stage)`` while the work
    goes on: per file of a folder ("article NAME"), and per sentence read for events
    in a long article ("events"); a command line turns it into a progress bar.

    >>> seen = []
    >>> _ = ingest("Finland joined NATO on Tuesday.", progress=lambda d, t, s: seen.append(s))
    >>> seen[0], seen[-1]
    ('reading', 'done')

    Raises :class:`~foedus.errors.InputError` for an empty, binary or textless
    input and a missing file, :class:`~foedus.errors.DownloadError` for a URL
    that cannot be fetched. In a folder, a bad file is reported in its
    :class:`Article` (``error``) and the others are still read.
    """
    day = parse_date(published) if isinstance(published, (str, dt.date)) else None
    if published is not None and not isinstance(published, (str, dt.date)):
        raise InputError(f"published must be a date or YYYY-MM-DD, got {published!r}")
    gaz = gazetteer or default_gazetteer()
    if isinstance(source, Path):
        return _from_path(source, day, gaz, max_bytes, progress)
    if not isinstance(source, str):
        raise InputError(f"expected article text, a path or a URL, got {type(source).__name__}")
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return IngestResult((_from_bytes(data, "<stdin>", day, gaz, max_bytes, progress=progress),))
    stripped = source.strip()
    if _URL.match(stripped):
        return IngestResult((_from_url(stripped, day, gaz, max_bytes, timeout, progress),))
    if "\n" not in stripped and len(stripped) < 1024:
        try:
            path = Path(stripped).expanduser()
            exists = path.exists()
        except (OSError, ValueError, RuntimeError):  # "~nobody", NUL bytes, names too long
            path, exists = Path(stripped), False
        if exists:
            return _from_path(path, day, gaz, max_bytes, progress)
        if _PATHLIKE.match(stripped):
            raise InputError(f"{stripped}: no such file or folder; check the path.")
    data = source.encode("utf-8", errors="surrogatepass")
    if len(data) > max_bytes:
        cut = data[:max_bytes].decode("utf-8", errors="ignore")
        article = _from_text(
            cut,
            "<text>",
            day,
            gaz,
            encoding="utf-8",
            warnings=[_cap_warning(len(data), max_bytes)],
            progress=progress,
        )
        return IngestResult((article,))
    return IngestResult((_from_text(source, "<text>", day, gaz, encoding=None, progress=progress),))


def _cap_warning(size: int, cap: int) -> str:
    return (
        f"the input is {size:,} bytes; only the first {cap:,} were read "
        "(raise max_bytes / --max-bytes to read more)"
    )


def _from_path(
    path: Path, day: dt.date | None, gaz: Gazetteer, max_bytes: int, progress: Progress | None
) -> IngestResult:
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
        )
        if not files:
            raise InputError(f"{path}: the folder holds no article files (.txt, .html, .md).")
        articles = []
        for i, f in enumerate(files):
            if progress is not None:
                progress(i, len(files), f"article {f.name}")
            try:
                articles.append(_read_file(f, day, gaz, max_bytes))
            except FoedusError as exc:
                articles.append(Article(str(f), None, day, None, "", (), (), (), error=str(exc)))
        if progress is not None:
            progress(len(files), len(files), "done")
        return IngestResult(tuple(articles))
    return IngestResult((_read_file(path, day, gaz, max_bytes, progress),))


def _read_file(
    path: Path,
    day: dt.date | None,
    gaz: Gazetteer,
    max_bytes: int,
    progress: Progress | None = None,
) -> Article:
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give a file, or the folder itself.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}).") from exc
    size = path.stat().st_size if len(data) > max_bytes else len(data)
    return _from_bytes(data, str(path), day, gaz, max_bytes, size=size, progress=progress)


def _from_bytes(
    data: bytes,
    source: str,
    day: dt.date | None,
    gaz: Gazetteer,
    max_bytes: int,
    *,
    size: int | None = None,
    html: bool | None = None,
    progress: Progress | None = None,
) -> Article:
    decoded = decode(data, source=source, max_bytes=max_bytes)
    warnings = []
    if decoded.truncated:
        warnings.append(_cap_warning(size or len(data), max_bytes))
    if decoded.encoding not in ("utf-8",):
        warnings.append(f"decoded as {decoded.encoding}")
    return _from_text(
        decoded.text,
        source,
        day,
        gaz,
        encoding=decoded.encoding,
        warnings=warnings,
        html=html,
        progress=progress,
    )


def _from_url(
    url: str,
    day: dt.date | None,
    gaz: Gazetteer,
    max_bytes: int,
    timeout: float,
    progress: Progress | None = None,
) -> Article:
    import httpx

    try:
        with httpx.Client(
            follow_redirects=True, timeout=timeout, headers={"User-Agent": "foedus"}
        ) as client:
            response = client.get(url)
    except httpx.HTTPError as exc:
        raise DownloadError(
            f"could not fetch {url} ({type(exc).__name__}: {exc}). Are you offline? "
            "Save the page and ingest the file instead.",
            url=url,
        ) from exc
    if response.status_code >= 400:
        raise DownloadError(
            f"{url} answered HTTP {response.status_code}; save the page and ingest the file.",
            url=url,
        )
    content_type = response.headers.get("content-type", "")
    html = "html" in content_type.lower() or None
    return _from_bytes(
        response.content[: max_bytes + 1],
        url,
        day,
        gaz,
        max_bytes,
        size=len(response.content),
        html=html,
        progress=progress,
    )


def _from_text(
    text: str,
    source: str,
    day: dt.date | None,
    gaz: Gazetteer,
    *,
    encoding: str | None,
    warnings: list[str] | None = None,
    html: bool | None = None,
    progress: Progress | None = None,
) -> Article:
    warnings = list(warnings or [])
    if progress is not None:
        progress(0, len(text), "reading")
    if not text.strip():
        raise InputError(f"{source}: the article is empty; give a file with the article's text.")
    published, published_from = day, ("given" if day else None)
    title = None
    if html or (html is None and looks_like_html(text)):
        page = html_to_text(text, source=source)
        text, title = page.text, page.title
        if published is None and page.date is not None:
            published, published_from = page.date, "html metadata"
    cleaned = clean_text(repair_mojibake(text))
    if not cleaned.paragraphs and cleaned.title is None:
        raise InputError(
            f"{source}: no article text is left once junk lines are removed "
            f"({len(cleaned.dropped)} dropped); give the article's own text."
        )
    if published is None and cleaned.paragraphs:
        line = article_dateline(cleaned)
        if line is not None and line.date is not None and line.date.day is not None:
            published, published_from = line.date.first_day(), "dateline"
    if published is None:
        for d in cleaned.dropped:
            if d.reason in ("timestamp", "byline", "source line"):
                found = find_full_date(d.text)
                if found is not None:
                    published, published_from = found, "dateline"
                    break
    extraction = extract_events(
        cleaned, gazetteer=gaz, published=published, source=source, progress=progress
    )
    if progress is not None:
        progress(len(text), len(text), "done")
    if title is None and cleaned.title is not None:
        title = cleaned.title.text
    return Article(
        source=source,
        title=title,
        published=published,
        published_from=published_from,
        text=cleaned.text,
        events=extraction.events,
        dropped=cleaned.dropped,
        set_aside=extraction.set_aside,
        warnings=tuple(warnings),
        encoding=encoding,
    )
