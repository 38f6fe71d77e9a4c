"""What news ingestion returns: treaty events with the evidence for every field.

Offsets (``start``, ``end``) point into the article text as ingested
(``Article.text``): the decoded text with line endings normalised, or the text
extracted from HTML. An :class:`Event` can become a register change later: it
names its kind, parties (COW codes), date, treaty and source article, and
:meth:`Event.as_treaty_event` gives the plain :class:`foedus.model.TreatyEvent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from foedus.model import ObligationType, PartialDate, Source, TreatyEvent

__all__ = ["Event", "Party", "Quote", "SetAside", "Span"]


@dataclass(frozen=True)
class Span:
    """Evidence: the characters ``text[start:end]`` that support ``field``."""

    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Party:
    """A state party to the event, by COW code, with the mentions that make it one."""

    cow: int
    name: str
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"cow": self.cow, "name": self.name}


@dataclass(frozen=True)
class Quote:
    """Words the article attributes to someone (``cow``: the state they speak for, if any)."""

    speaker: str
    text: str
    cow: int | None
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "cow": self.cow}


@dataclass(frozen=True)
class SetAside:
    """A phrase that looked like an event but is not one, and why (planned, recalled, trade…)."""

    kind: str
    reason: str
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason, **self.evidence.to_dict()}


@dataclass(frozen=True)
class Event:
    """A treaty event an article reports, every field with its evidence span.

    ``kind`` is one of signed, ratified, entered_into_force, acceded,
    suspended, withdrawn, invoked, expired. ``date`` is None when the article
    does not say, or says it only relative to a publication date not given.

    ``actor`` is the state that acted — the one that ratified, acceded, suspended,
    withdrew or invoked — or None when several acted together (a joint signature, a
    joint notice) or none did (a treaty taking effect). ``organisation`` is the body
    an accession, withdrawal or suspension is directed at ("NATO", "CSTO",
    "ECOWAS", "AES", "SCO"…), None for a treaty that is not a body.
    """

    kind: str
    parties: tuple[Party, ...]
    date: PartialDate | None
    place: str | None
    treaty_name: str | None
    obligation_types: tuple[ObligationType, ...] = ()
    conditions: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    evidence: tuple[Span, ...] = ()
    source: str | None = None
    confidence: str = "high"
    notes: tuple[str, ...] = field(default=())
    rules: tuple[str, ...] = ()  # the trigger rules that found it (foedus.news.rules)
    actor: Party | None = None
    organisation: str | None = None

    @property
    def cows(self) -> tuple[int, ...]:
        """The parties' COW codes, ascending."""
        return tuple(sorted(p.cow for p in self.parties))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: kind, parties, date (ISO or null), place, treaty_name, … evidence."""
        return {
            "kind": self.kind,
            "parties": [p.to_dict() for p in self.parties],
            "actor": self.actor.to_dict() if self.actor else None,
            "organisation": self.organisation,
            "date": self.date.iso() if self.date else None,
            "date_precision": self.date.precision.value if self.date else None,
            "place": self.place,
            "treaty_name": self.treaty_name,
            "obligation_types": [o.value for o in self.obligation_types],
            "conditions": list(self.conditions),
            "predecessors": list(self.predecessors),
            "quotes": [q.to_dict() for q in self.quotes],
            "confidence": self.confidence,
            "notes": list(self.notes),
            "rules": list(self.rules),
            "source": self.source,
            "evidence": [s.to_dict() for s in self.evidence],
        }

    def as_treaty_event(self, treaty: str | None = None) -> TreatyEvent:
        """This event as a :class:`foedus.model.TreatyEvent` whose source is the article.

        ``treaty`` is the register's id once the event is matched to a treaty;
        until then the treaty name as written stands in.
        """
        note = "; ".join(f"{s.field}: {s.text!r} @{s.start}" for s in self.evidence[:6])
        return TreatyEvent(
            treaty=treaty or self.treaty_name or "unknown",
            kind=self.kind,
            date=self.date,
            parties=self.cows,
            source=Source("article", "news", self.source, note or None),
            note=self.treaty_name,
        )
