"""How a proposal cites its article: the citation, the evidence locators, the dates.

Every fact a proposal adds cites the article under one source key (publisher
and date: ``ny-times-2024-06-19``), with the characters that support the fact
as the citation's ``locator``.

>>> ref = ArticleRef("https://example.org/a", "Pact signed", "Example Times", None)
>>> ref.key, ref.citation()
('example-times-undated', {'title': 'Pact signed', 'publisher': 'Example Times', \
'url': 'https://example.org/a'})
>>> cite_spans("example-times-undated", [Span("date", 195, 204, "Wednesday")])
{'ref': 'example-times-undated', 'locator': 'chars 195-204 “Wednesday”'}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.curation.matching import Catalogue, tokens
from foedus.curation.yamledit import normal
from foedus.model import PartialDate
from foedus.news.clean import clean_text
from foedus.news.records import Event, Span
from foedus.news.sentences import split_sentences

if TYPE_CHECKING:
    from foedus.news.ingest import Article

__all__ = [
    "MACHINE",
    "ArticleRef",
    "Draft",
    "NoProposal",
    "alternative",
    "cite_spans",
    "confidence_of",
    "event_date",
    "evidence_for",
    "machine_note",
    "overlaps",
    "party_name",
    "party_spans",
    "sentence",
    "slug",
    "source_key",
]

MACHINE = "Machine-extracted by foedus ingest from the article; check it against the treaty"


# --- the article -------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleRef:
    """The article a proposal comes from: how to cite it and where to find it again."""

    source: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    text: str = field(default="", repr=False, compare=False)

    @classmethod
    def from_article(cls, article: Article) -> ArticleRef:
        publisher = None
        for dropped in article.dropped:
            if dropped.reason == "source line":
                found = re.match(
                    r"^\s*(?:source|sources|via)\s*[:–—|-]\s*(.+?)\s*$", dropped.text, re.I
                )
                if found:
                    publisher = found.group(1)
                    break
        return cls(article.source, article.title, publisher, article.published, article.text)

    @property
    def url(self) -> str | None:
        return self.source if re.match(r"^https?://\S+$", self.source) else None

    @property
    def path(self) -> str | None:
        if self.url or self.source.startswith("<"):
            return None
        return str(Path(self.source).resolve())

    @property
    def key(self) -> str:
        """The source key in a record: ``ny-times-2024-06-19``."""
        base = slug(self.publisher or "article", limit=3) or "article"
        return f"{base}-{self.published.isoformat() if self.published else 'undated'}"

    def citation(self) -> dict[str, Any]:
        """The article as a register citation (title, publisher, date, url or the file's path)."""
        title = self.title or (Path(self.path).name if self.path else "news article")
        out: dict[str, Any] = {"title": title}
        if self.publisher:
            out["publisher"] = self.publisher
        if self.published:
            out["date"] = self.published.isoformat()
        if self.url:
            out["url"] = self.url
        elif self.path:
            out["note"] = f"read from the file {self.path}"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "path": self.path,
        }


class NoProposal(Exception):
    """The event calls for no change (already recorded, no date, parties not in the treaty)."""


@dataclass
class Draft:
    action: str
    record: str
    changes: list[dict[str, Any]]
    summary: str


# --- evidence and citations --------------------------------------------------------


def evidence_for(event: Event, *fields: str) -> list[Span]:
    return [s for s in event.evidence if s.field in fields]


def cite_spans(key: str, spans: Sequence[Span]) -> Any:
    seen: list[tuple[int, int]] = []
    parts = []
    for s in spans:
        if (s.start, s.end) in seen:
            continue
        seen.append((s.start, s.end))
        words = s.text if len(s.text) <= 40 else s.text[:37] + "..."
        parts.append(f"{s.start}-{s.end} “{words}”")
    if not parts:
        return key
    return {"ref": key, "locator": "chars " + "; ".join(parts[:5])}


def source_key(raw: dict[str, Any], article: ArticleRef) -> tuple[str, list[dict[str, Any]]]:
    """The record's key for the article (an existing one when already cited) and the change
    adding it."""
    cite = article.citation()
    sources = raw.get("sources") or {}
    for key, value in sources.items():
        if not isinstance(value, dict):
            continue
        if article.url and value.get("url") == article.url:
            return key, []
        if value.get("title") == cite["title"] and normal(value.get("date")) == cite.get("date"):
            return key, []
    key, n = article.key, 2
    while key in sources:
        key, n = f"{article.key}-{n}", n + 1
    return key, [{"op": "add", "path": ["sources", key], "value": cite}]


def event_date(event: Event, article: ArticleRef) -> tuple[str, str | None]:
    """The event's date (ISO) and, when the article does not date it, a note saying so."""
    if event.date is not None:
        return event.date.iso(), None
    if article.published is not None:
        return article.published.isoformat(), (
            f"the article does not date the event; its publication date "
            f"({article.published.isoformat()}) stands in: check it"
        )
    raise NoProposal("the article gives no date for the event and no publication date")


def confidence_of(event: Event, dated: str | None) -> str:
    return "medium" if event.confidence == "high" and dated is None else "low"


def machine_note(*parts: str | None) -> str:
    return "; ".join(p for p in (MACHINE, *parts) if p)


def party_name(code: int, event: Event, cat: Catalogue) -> str:
    named = next((p.name for p in event.parties if p.cow == code), None)
    return named or cat.state_name(code, None) or str(code)


def sentence(text: str, spans: Sequence[Span]) -> str | None:
    """The article's sentence around the first span (offsets point into ``text``)."""
    if not text or not spans:
        return None
    start, end = spans[0].start, spans[0].end
    for sentence in split_sentences(clean_text(text)):
        if sentence.start <= start and end <= sentence.end:
            return " ".join(sentence.text.split())
    return None


def slug(text: str, *, limit: int = 6) -> str:
    return "-".join(tokens(text)[:limit])


def overlaps(signed: PartialDate, iso: str) -> bool:
    other = PartialDate.parse(iso)
    return signed.first_day() <= other.last_day() and other.first_day() <= signed.last_day()


def alternative(
    event: Event, article: ArticleRef, key: str, date: str, undated: str | None
) -> dict[str, Any]:
    return {
        "date": date,
        "sources": [cite_spans(key, evidence_for(event, "date", "kind"))],
        "note": machine_note(
            f"the article ({article.published or 'undated'}) dates it {date}; the record's "
            "date stands until a reviewer decides",
            undated,
        ),
    }


def party_spans(event: Event, code: int) -> list[Span]:
    own = next((list(p.evidence) for p in event.parties if p.cow == code), [])
    return own + evidence_for(event, "kind", "date")
