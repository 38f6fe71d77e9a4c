"""The review API: read an article, show its events with evidence, accept or reject proposals.

``POST /api/review/ingest`` is :func:`foedus.curation.ingest_article`; the
proposal routes are :mod:`foedus.curation.review` (``diff``, ``accept``,
``reject``). Reading pasted or uploaded text needs no token (nothing is
stored); storing proposals, fetching a URL and every decision need the token
given at start-up. Every POST also carries the CSRF token (see
:mod:`foedus.web.app`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from pydantic import BaseModel, Field

from foedus.errors import InputError
from foedus.web.api import DATE_PATTERN, explorer
from foedus.web.schemas import ErrorOut, IngestOut, ProposalOut

__all__ = ["router"]

router = APIRouter(prefix="/api/review", responses={
    400: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut},
    413: {"model": ErrorOut}, 422: {"model": ErrorOut}})  # fmt: skip

TokenHeader = Annotated[str | None, Header(alias="X-Foedus-Token", max_length=200)]
PidPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class IngestIn(BaseModel):
    """An article as pasted or uploaded text (plain or HTML), or a URL (needs the token)."""

    text: str | None = Field(None, max_length=900_000)
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    published: str | None = Field(None, pattern=DATE_PATTERN)


class Decision(BaseModel):
    reviewer: str = Field(min_length=1, max_length=120)
    reason: str | None = Field(None, max_length=2000)


def _need_token(request: Request, token: str | None, what: str) -> None:
    ex = explorer(request)
    if not ex.writable:
        raise PermissionError(
            f"{what} needs write access: start the explorer with `foedus serve --token TOKEN` "
            "(or FOEDUS_WEB_TOKEN) and give that token on the review page"
        )
    if not ex.check_token(token):
        raise PermissionError(f"{what}: wrong or missing token (the one given at start-up)")


def _store(request: Request) -> Any:
    from foedus.curation.review import ProposalStore

    return ProposalStore(explorer(request).settings.proposals)


def _proposal(request: Request, p: Any) -> dict[str, Any]:
    from foedus.curation.review import diff
    from foedus.errors import FoedusError

    out = p.brief()
    out.update(record=p.record, event=p.event, article=p.article, decision=p.decision)
    try:
        out["diff"] = diff(p, explorer(request).settings.register)
    except FoedusError as exc:
        out["diff"] = None
        out["problems"] = [*out["problems"], str(exc)]
    return out


@router.post("/ingest", response_model=IngestOut, summary="Read an article")
def ingest(request: Request, body: IngestIn, token: TokenHeader = None) -> dict[str, Any]:
    """The treaty events an article reports, each with evidence spans (character offsets
    into the article's cleaned ``text``), and with the token the register proposals made
    of them (stored for review)."""
    from foedus.curation import ingest_article

    ex = explorer(request)
    if bool(body.text) == bool(body.url):
        raise InputError("give the article's text or its URL (one of them)")
    writing = ex.check_token(token)
    if body.url:
        _need_token(request, token, "reading an article from a URL")
    source = body.url or body.text or ""
    kb = ex.kb
    with ex.lock:
        got = ingest_article(
            source,
            published=body.published,
            kb=kb,
            max_bytes=ex.settings.max_body,
            propose=writing,
            proposals=ex.settings.proposals,
            register=ex.settings.register,
        )
        articles = [
            {**a.to_dict(include_text=True), "events": [e.to_dict() for e in a.events]}
            for a in got.result.articles
        ]
        proposals = [_proposal(request, p) for p in got.proposals.proposals]
    problem = got.problem
    if not writing:
        problem = "read-only: proposals are made and stored only with the token"
    return {
        "articles": articles,
        "proposals": proposals,
        "skipped": [s.to_dict() for s in got.proposals.skipped],
        "stored": bool(got.stored),
        "problem": problem,
    }


@router.get("/proposals", response_model=list[ProposalOut], summary="Proposals to review")
def proposals(request: Request) -> list[dict[str, Any]]:
    """Every stored proposal, pending first, with the diff it would make."""
    ex = explorer(request)
    with ex.lock:
        found = _store(request).all()
        found.sort(key=lambda p: (p.status != "pending", p.created_at), reverse=False)
        return [_proposal(request, p) for p in found]


@router.get("/proposals/{pid}", response_model=ProposalOut, summary="One proposal")
def proposal(request: Request, pid: PidPath) -> dict[str, Any]:
    with explorer(request).lock:
        return _proposal(request, _store(request).get(pid))


@router.post("/proposals/{pid}/accept", response_model=ProposalOut, summary="Accept a proposal")
def accept(request: Request, pid: PidPath, body: Decision, token: TokenHeader = None
           ) -> dict[str, Any]:  # fmt: skip
    """Write the proposal's register file (validated, atomic) with a review entry."""
    from foedus.curation.review import accept as accept_one

    _need_token(request, token, "accepting a proposal")
    ex = explorer(request)
    with ex.lock:
        store = _store(request)
        accept_one(store, pid, reviewer=body.reviewer, register=ex.settings.register)
        return _proposal(request, store.get(pid))


@router.post("/proposals/{pid}/reject", response_model=ProposalOut, summary="Reject a proposal")
def reject(request: Request, pid: PidPath, body: Decision, token: TokenHeader = None
           ) -> dict[str, Any]:  # fmt: skip
    """Mark the proposal rejected (the register is not touched)."""
    from foedus.curation.review import reject as reject_one

    _need_token(request, token, "rejecting a proposal")
    ex = explorer(request)
    with ex.lock:
        store = _store(request)
        reject_one(store, pid, reason=body.reason, reviewer=body.reviewer)
        return _proposal(request, store.get(pid))
