"""Curation: from a news article to reviewed changes of the curated register.

:func:`ingest_article` is the whole sequence as one call a notebook, the CLI
or the web app makes: read the article (:mod:`foedus.news`), match each event
against the register and the knowledge base, and store one proposal per
event for review. :mod:`foedus.curation.review` accepts or rejects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from foedus.errors import FoedusError

if TYPE_CHECKING:
    from foedus.curation.proposals import Proposals
    from foedus.kb import KnowledgeBase
    from foedus.news.ingest import IngestResult

__all__ = ["Ingested", "ingest_article"]


@dataclass
class Ingested:
    """What one article gave: the events read, the proposals made, which were new.

    ``problem`` says why no proposals could be made (a broken register file,
    an unwritable proposals folder) while the events still stand.
    """

    result: IngestResult
    proposals: Proposals
    stored: set[str] = field(default_factory=set)
    problem: str | None = None


def ingest_article(
    source: str,
    *,
    published: str | None = None,
    kb: KnowledgeBase | None = None,
    max_bytes: int | None = None,
    propose: bool = True,
    proposals: str | Path | None = None,
    register: str | Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Ingested:
    """Read an article (a file, a folder, a URL, text, or ``-`` for stdin), extract its
    treaty events and store one register proposal per event for review.

    With ``kb`` the states' names come from its directory (leaders, capitals
    and the names states had on the event's date) and ATOP's alliances are
    matched too. ``progress(done, total, stage)`` is called while a long article or a
    folder is read. Nothing is written to the register: ``foedus review`` does that.
    """
    from foedus.curation.proposals import Proposals
    from foedus.curation.proposals import propose as make
    from foedus.curation.review import ProposalStore, register_folder
    from foedus.news.actors import build_gazetteer, entries_from_directory
    from foedus.news.ingest import ingest

    gazetteer = build_gazetteer(entries_from_directory(kb.states)) if kb else None
    options = {} if max_bytes is None else {"max_bytes": max_bytes}
    result = ingest(source, published=published, gazetteer=gazetteer, progress=progress, **options)
    out = Ingested(result, Proposals())
    if propose and result.events:
        try:
            out.proposals = make(result, register=register_folder(register), kb=kb)
            store = ProposalStore(proposals)
            out.stored = {p.id for p in out.proposals.proposals if store.add(p)}
        except FoedusError as exc:
            out.problem = f"no proposals made: {exc}"
    return out
