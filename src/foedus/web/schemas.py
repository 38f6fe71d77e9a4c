"""The shapes of the API's answers, for the OpenAPI document (and schemathesis).

Handlers return plain JSON built from the library records' ``to_dict()``; these
models document it. Fields the library may grow are allowed (``extra="allow"``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Answer",
    "ErrorOut",
    "IngestOut",
    "Lineage",
    "ProposalOut",
    "ShapesOut",
    "StateHit",
    "StatusOut",
    "TreatyOut",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer: what went wrong and what to do next."""

    error: str
    detail: Any = None


class StatusOut(_Open):
    version: str
    store: str | None
    ready: bool
    writable: bool
    notices: list[str]
    shapes: dict[str, Any]
    today: str
    whatif: bool


class StateHit(_Open):
    ccode: int
    name: str
    abbrev: str | None
    iso3: str | None
    matched: str


class Party(_Open):
    ccode: int
    name: str
    iso3: str | None


class Answer(_Open):
    """Obligations toward a state (``defends``) or owed by it (``obligations``) on a date.

    ``rows`` are :meth:`Obligation.to_dict` rows (``folded`` false) or folded entries for a
    treaty's many rows of one type and status (``folded`` true, with ``count`` and the
    ``parties``); every entry lists the other states in ``parties``."""

    state: Party
    on: str
    direction: str
    types: list[str]
    total: int
    counts: dict[str, int]
    rows: list[dict[str, Any]]


class Lineage(_Open):
    a: Party
    b: Party
    links: list[dict[str, Any]]


class TreatyOut(_Open):
    id: str
    name: str
    begins: str
    ends: str | None
    phases: list[dict[str, Any]]
    provisions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    lineage: list[dict[str, Any]]
    lineage_pair: list[Party] | None


class ShapesOut(_Open):
    on: str
    source: str
    citation: str
    features: list[dict[str, Any]]


class ProposalOut(_Open):
    id: str
    action: str
    target: str
    summary: str
    status: str
    problems: list[str]
    diff: str | None


class IngestOut(_Open):
    articles: list[dict[str, Any]]
    proposals: list[ProposalOut]
    skipped: list[dict[str, Any]]
    stored: bool
    problem: str | None
