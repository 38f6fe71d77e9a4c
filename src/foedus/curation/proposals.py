"""Turn ingested treaty events into proposed register changes, matched against what foedus knows.

Each event an article reports becomes at most one :class:`Proposal`: the new
text of one register file, the changes that produce it, and the article and
evidence behind every fact. Nothing is written to the register here; a person
accepts or rejects a proposal with ``foedus review`` (:mod:`foedus.curation.review`).

* **signed**: a treaty with the same parties signed within a few weeks of the
  event (:func:`~foedus.curation.matching.match_signed`). A register match gets the
  article as another source of its ``signed`` fact (``add-source``), and any
  disagreement (another date or place) as an ``alternatives`` entry, never an
  overwrite. An ATOP-only match gets a new record that adds to the alliance
  (``new-linked-record``). No match: a ``new-record`` with the parties, the
  signature, the obligations and conditions as the article words them, and
  ``related`` links to the predecessors it names ("the now-defunct 1961
  treaty" → the 1961 alliance between the same parties).
* **ratified, entered into force, acceded, suspended, withdrawn, invoked,
  expired**: the treaty the event names, or whose members are exactly its
  parties (:func:`~foedus.curation.matching.match_status`). A register match gets a
  ``status-change`` (a ratification, ``in_force``, a ``status_events`` entry)
  or a ``new-member``; an ATOP-only match a ``new-linked-record``
  (``atop: {relation: continues}``, ``parties_listed: changes``) holding the change.

Every proposed fact cites the article (title, publisher, date, URL, or the file
it was read from), with the characters that support it as the citation's
``locator``; the proposal keeps every evidence span.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.curation.changes import new_linked_record, new_record, on_record
from foedus.curation.citing import ArticleRef, Draft, NoProposal
from foedus.curation.matching import WINDOW, Catalogue, Known, Match, match_signed, match_status
from foedus.curation.yamledit import apply_changes, load_text, normal, render
from foedus.errors import FoedusError, RegisterError
from foedus.news.records import Event
from foedus.register.load import check_records, load_record, record_paths
from foedus.register.schema import TreatyRecord

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase
    from foedus.news.ingest import IngestResult

__all__ = [
    "WINDOW",
    "ArticleRef",
    "Catalogue",
    "Known",
    "Proposal",
    "Proposals",
    "Skipped",
    "check_text",
    "propose",
    "propose_event",
]


# --- proposals ---------------------------------------------------------------------


@dataclass
class Proposal:
    """A proposed change to one register file, waiting for a person to accept or reject it.

    ``yaml`` is the file's full proposed text; ``changes`` the edits that make it
    from the file as it was (``base_sha256``; None for a new file), so they can be
    re-applied if the file moved on. ``problems`` lists why the text would not
    validate (acceptance refuses it then).
    """

    id: str
    action: str  # new-record, new-linked-record, add-source, status-change, new-member
    record: str
    target: str  # the file name in the register folder
    summary: str
    article: dict[str, Any]
    event: dict[str, Any]
    changes: list[dict[str, Any]]
    base_sha256: str | None
    yaml: str
    matched: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    status: str = "pending"  # pending, accepted, rejected
    created_at: str = ""
    decision: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    def brief(self) -> dict[str, Any]:
        """What ``foedus ingest --json`` and ``foedus review list --json`` print."""
        return {
            "id": self.id,
            "action": self.action,
            "target": self.target,
            "summary": self.summary,
            "status": self.status,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class Skipped:
    """An event that gave no proposal, and why (no known treaty, nothing new, no date…)."""

    kind: str
    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "source": self.source, "reason": self.reason}


@dataclass
class Proposals:
    """What :func:`propose` made of an ingest result."""

    proposals: list[Proposal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def propose(
    result: IngestResult,
    catalogue: Catalogue | None = None,
    *,
    register: str | Path | None = None,
    kb: KnowledgeBase | None = None,
    now: dt.datetime | None = None,
) -> Proposals:
    """One proposal per event of every article in ``result`` (nothing is written anywhere)."""
    cat = catalogue or Catalogue.load(register, kb)
    out = Proposals()
    for article in result.articles:
        ref = ArticleRef.from_article(article)
        for event in article.events:
            made = propose_event(event, ref, cat, now=now)
            if isinstance(made, Proposal):
                out.proposals.append(made)
            else:
                out.skipped.append(made)
    return out


def propose_event(
    event: Event, article: ArticleRef, cat: Catalogue, *, now: dt.datetime | None = None
) -> Proposal | Skipped:
    """The register change one event calls for, or why there is none."""
    day = event.date.first_day() if event.date else article.published
    try:
        if event.kind == "signed":
            match = match_signed(event, day, cat)
            if match is None:
                draft = new_record(event, article, cat)
            elif match.known.origin == "register":
                draft = on_record(event, article, cat, match)
            else:
                draft = new_linked_record(event, article, cat, match)
        else:
            match = match_status(event, day, cat)
            if match is None:
                return Skipped(
                    event.kind,
                    article.source,
                    f"no known treaty matches {event.treaty_name or 'the event'!r} with parties "
                    f"{list(event.cows)}; add the treaty to the register first",
                )
            if match.known.origin == "register":
                draft = on_record(event, article, cat, match)
            else:
                draft = new_linked_record(event, article, cat, match)
        return _finish(draft, event, article, cat, match, now)
    except NoProposal as why:
        return Skipped(event.kind, article.source, str(why))


def _proposal_id(article: ArticleRef, event: dict[str, Any], changes: Any) -> str:
    """The same article proposing the same change gets the same id wherever its file sits,
    so a rerun finds the pending proposal instead of filing a twin."""
    said = json.dumps(
        [article.title, str(article.published), event, changes], sort_keys=True, default=str
    )
    for where in filter(None, (article.path, article.source)):
        said = said.replace(where, "<article>")
    text = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return hashlib.sha256((text + said).encode("utf-8")).hexdigest()[:8]


def _finish(
    draft: Draft,
    event: Event,
    article: ArticleRef,
    cat: Catalogue,
    match: Match | None,
    now: dt.datetime | None,
) -> Proposal:
    path = cat.paths.get(draft.record)
    old = path.read_text(encoding="utf-8") if path else ""
    before = load_text(old) if old else {}
    after = apply_changes(before, draft.changes)
    if normal(after) == normal(before):
        raise NoProposal(f"{draft.record}.yaml already holds everything the article says")
    text = render(old, after)
    problems = []
    try:
        check_text(text, draft.record, cat.folder, cat.loaded())
    except FoedusError as exc:
        problems.append(str(exc))
    event_dict = event.to_dict()
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return Proposal(
        id=_proposal_id(article, event_dict, draft.changes),
        action=draft.action,
        record=draft.record,
        target=f"{draft.record}.yaml",
        summary=draft.summary,
        article=article.to_dict(),
        event=event_dict,
        changes=draft.changes,
        base_sha256=hashlib.sha256(old.encode("utf-8")).hexdigest() if path else None,
        yaml=text,
        matched=match.to_dict() if match else None,
        problems=problems,
        created_at=stamp.isoformat().replace("+00:00", "Z"),
    )


def check_text(
    text: str,
    record_id: str,
    folder: Path,
    others: Iterable[tuple[TreatyRecord, Path]] | None = None,
) -> TreatyRecord:
    """Validate ``text`` as the register file ``record_id``.yaml of ``folder``: the schema,
    then the checks across records with every other file of the folder (``others``, else
    read afresh). Raises RegisterError naming the target file and the field."""
    target = folder / f"{record_id}.yaml"
    with tempfile.TemporaryDirectory(prefix="foedus-proposal-") as tmp:
        probe = Path(tmp) / f"{record_id}.yaml"
        probe.write_text(text, encoding="utf-8")
        try:
            record = load_record(probe)
        except RegisterError as exc:
            raise RegisterError(
                f"the proposed text breaks the register schema: {_reason(exc, probe)}",
                path=target,
                field=exc.field,
            ) from None
    if others is None:
        others = [(load_record(p), p) for p in record_paths(folder)]
    rest = [(r, p) for r, p in others if r.id != record_id and p.resolve() != target.resolve()]
    try:
        check_records([*rest, (record, target)])
    except RegisterError as exc:
        raise RegisterError(
            f"the proposed record does not fit the register: {_reason(exc, exc.path)}",
            path=exc.path,
            field=exc.field,
        ) from None
    return record


def _reason(exc: RegisterError, path: str | Path | None) -> str:
    where = str(path) if path is not None else "<register>"
    if exc.field:
        where += f", field {exc.field!r}"
    return str(exc).removeprefix(f"{where}: ")
