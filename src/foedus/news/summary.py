"""A readable account of what ingestion found, for the terminal.

>>> from foedus.news.ingest import ingest
>>> result = ingest("Finland joined NATO on Tuesday.", published="2023-04-04")
>>> print(format_summary(result, evidence=False))
<text>  (published 2023-04-04, given)
  1 event
  ACCEDED  2023-04-04  NATO  [high confidence]
    parties: Finland (375)
"""

from __future__ import annotations

from foedus.news.ingest import Article, IngestResult
from foedus.news.records import Event

__all__ = ["format_summary"]


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _event_lines(event: Event, evidence: bool) -> list[str]:
    head = [event.kind.upper(), event.date.iso() if event.date else "date unknown"]
    if event.place:
        head.append(f"in {event.place}")
    if event.treaty_name:
        head.append(event.treaty_name)
    lines = ["  " + "  ".join(head) + f"  [{event.confidence} confidence]"]
    parties = ", ".join(f"{p.name} ({p.cow})" for p in event.parties) or "none found"
    lines.append(f"    parties: {parties}")
    if event.obligation_types:
        lines.append("    obligations: " + ", ".join(o.value for o in event.obligation_types))
    for c in event.conditions:
        lines.append(f"    condition: {_short(c)}")
    for p in event.predecessors:
        lines.append(f"    predecessor: {p}")
    for q in event.quotes:
        lines.append(f"    quote: {q.speaker}: “{_short(q.text, 80)}”")
    for note in event.notes:
        lines.append(f"    note: {note}")
    if evidence:
        lines.append("    evidence:")
        for s in event.evidence:
            lines.append(f"      {s.field:<16} {s.start:>6}-{s.end:<6} {_short(s.text, 70)!r}")
    return lines


def _article_lines(article: Article, evidence: bool) -> list[str]:
    when = (
        f"published {article.published.isoformat()}, {article.published_from}"
        if article.published
        else "no publication date"
    )
    title = f" “{_short(article.title, 70)}”" if article.title else ""
    lines = [f"{article.source}{title}  ({when})"]
    if article.error:
        return [*lines, f"  error: {article.error}"]
    for w in article.warnings:
        lines.append(f"  warning: {w}")
    n = len(article.events)
    lines.append("  no treaty event reported" if n == 0 else f"  {n} event{'s' if n > 1 else ''}")
    for event in article.events:
        lines += _event_lines(event, evidence)
    if article.set_aside and evidence:
        lines.append("  set aside:")
        for s in article.set_aside:
            lines.append(f"    {s.kind} at {s.evidence.start} ({s.evidence.text!r}): {s.reason}")
    if article.dropped:
        lines.append(
            f"  dropped {len(article.dropped)} junk line{'s' if len(article.dropped) > 1 else ''}:"
        )
        for d in article.dropped:
            lines.append(f"    line {d.line} [{d.reason}] {_short(d.text, 70)}")
    return lines


def format_summary(result: IngestResult, *, evidence: bool = True) -> str:
    """One block per article: events with parties, date, place, treaty, pledges, quotes,
    evidence offsets (unless ``evidence`` is False), then what was set aside and dropped."""
    blocks = ["\n".join(_article_lines(a, evidence)) for a in result.articles]
    return "\n\n".join(blocks)
