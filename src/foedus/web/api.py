"""The JSON API behind every page: each handler asks the facade one question and returns it.

``/api/defends`` and ``/api/obligations`` are :meth:`KnowledgeBase.defends` and
:meth:`KnowledgeBase.obligations` in the order :func:`foedus.answers.by_weight`
gives; ``/api/treaties/{id}`` is :meth:`KnowledgeBase.treaty` with the lineage
of a bilateral treaty's two members (:func:`foedus.analyses.lineage.history`);
``/api/states`` resolves and searches names; ``/api/shapes`` gives the
historical borders valid on a date. Errors are the library's own messages
(see :func:`foedus.web.app.error_status` for their HTTP codes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import re
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request, Response

from foedus._version import __version__
from foedus.errors import FoedusError, InputError, NotFound
from foedus.web.responses import FastJSON
from foedus.web.schemas import Answer, ErrorOut, Lineage, ShapesOut, StateHit, StatusOut, TreatyOut

if TYPE_CHECKING:
    from foedus.answers import Group
    from foedus.kb import KnowledgeBase
    from foedus.model import Obligation
    from foedus.web.context import Explorer

__all__ = ["router"]

router = APIRouter(
    prefix="/api",
    responses={
        400: {"model": ErrorOut},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
        503: {"model": ErrorOut},
    },
)

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PLAIN_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
STATE_MAX, TYPES_MAX, FOLD_MAX, FOLD_DEFAULT = 80, 5, 1000, 3
ENTRIES_KEPT = 20_000  # folded entries kept for reuse (a few kB each)
FIRST_DAY = dt.date(1815, 1, 1)
StateQ = Annotated[
    str,
    Query(
        min_length=1,
        max_length=STATE_MAX,
        description="Name, COW code, ISO3 or gw:CODE.",
        examples=["North Korea"],
    ),
]
OnQ = Annotated[
    str,
    Query(
        pattern=DATE_PATTERN,
        description="The day asked about, YYYY-MM-DD (1815 to today).",
        examples=["2024-07-01"],
    ),
]
TypesQ = Annotated[
    list[str] | None,
    Query(
        alias="type",
        max_length=TYPES_MAX,
        description="Only these types: defense, offense, neutrality, nonaggression, consultation.",
    ),
]

FoldQ = Annotated[
    int,
    Query(ge=0, le=FOLD_MAX, description="Fold a treaty's rows of one type and status into one "
          "entry when there are more than this many; 0 never folds."),
]  # fmt: skip


def explorer(request: Request) -> Explorer:
    return request.app.state.explorer  # type: ignore[no-any-return]


def _day(on: str) -> dt.date:
    from foedus.model import parse_date

    day = parse_date(on)
    if not FIRST_DAY <= day <= dt.date.today() + dt.timedelta(days=366 * 5):
        raise InputError(f"dates run from 1815-01-01 to today; got {on}")
    return day


def _resolve(kb: KnowledgeBase, text: str, day: dt.date | None = None) -> int:
    # StateDirectory.resolve takes any str.isdigit() text for a code and int() fails on
    # digits such as '²' with a ValueError (reported); refuse them here as bad input.
    stripped = text.strip()
    if stripped.isdigit() and not stripped.isascii():
        raise InputError(f"a state code is written with the digits 0-9; got {text!r}")
    return kb.resolve(text, day)


def _party(kb: KnowledgeBase, code: int, day: dt.date | None) -> dict[str, Any]:
    return {"ccode": code, "name": kb.states.name(code, day), "iso3": kb.states.iso3(code)}


@router.get("/status", response_model=StatusOut, summary="What the explorer serves")
def status(request: Request) -> dict[str, Any]:
    """The store, whether writes are enabled, the notices every page shows, the borders."""
    ex = explorer(request)
    shapes = {"historical": ex.shapes is not None, "note": ex.shapes_note}
    if ex.shapes is not None:
        shapes.update(ex.shapes.describe())
    return {
        "version": __version__,
        "store": str(ex.kb.path) if ex.kb is not None else None,
        "ready": ex.kb is not None,
        "writable": ex.writable,
        "notices": list(ex.notices) + ([ex.shapes_note] if ex.shapes_note else []),
        "shapes": shapes,
        "today": dt.date.today().isoformat(),
        "whatif": importlib.util.find_spec("foedus.analyses.cascade") is not None,
        "max_draws": MAX_DRAWS,
    }


@router.get("/states", response_model=list[StateHit], summary="Find a state by any name or code")
def states(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=80, description="Any name, code, ISO3.", examples=["Korea"]),
    ],
    on: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 12,
) -> list[dict[str, Any]]:
    """States whose names contain ``q`` (the exact match first), named as on ``on``."""
    day = _day(on) if on else None
    with explorer(request).knowledge() as kb:
        directory = kb.states
        found: dict[int, str] = {}
        with contextlib.suppress(FoedusError):
            found[_resolve(kb, q, day)] = q
        needle = q.strip().lower()
        for alias in directory.aliases():
            if len(found) >= limit:
                break
            if needle and needle in alias.text.lower() and alias.ccode not in found:
                found[alias.ccode] = alias.text
        return [
            {**_party(kb, code, day), "abbrev": directory.state(code, day).abbrev, "matched": text}
            for code, text in found.items()
        ]


def _folded(group: Group, iso: Any) -> dict[str, Any]:
    """One treaty's many rows of one type and status as one entry (the page's one line)."""
    first = group.rows[0]
    ends = [o.valid_to for o in group.rows]
    others = [(o.obligor, o.obligor_name) if group.toward else (o.beneficiary, o.beneficiary_name)
              for o in group.rows]  # fmt: skip
    return {
        "folded": True,
        "type": group.type.value,
        "status": group.status.value,
        "treaty": group.treaty,
        "treaty_name": group.treaty_name,
        "label": group.label,
        "count": len(group.rows),
        "parties": [{"ccode": c, "name": n, "iso3": iso(c)} for c, n in others],
        "conditions": list(group.conditions),
        "notes": list(group.notes),
        "valid_from": min(o.valid_from for o in group.rows).isoformat(),
        "valid_to": None if None in ends else max(e for e in ends if e).isoformat(),
        "source": {"dataset": first.source.dataset, "version": first.source.version, "row": None},
        "provisions": [p.to_dict() for p in first.provisions],
    }


def _document(kb: KnowledgeBase, code: int, day: dt.date, rows: list[Obligation],
              types: list[str] | None, *, toward: bool, fold_over: int,
              entries: dict[tuple[object, ...], dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The document ``/api/defends`` (``toward``) or ``/api/obligations`` returns, but its
    ``on``: the same on every day these ``rows`` (and the state's name) hold.

    ``entries`` keeps each folded entry by its records' identities: a big treaty's
    entry (the OAS, the amity treaty) recurs in many answers. (Keeping every pledge's
    entry too made the slowest answers under load slower: thousands more long-lived
    objects for the garbage collector to walk.)"""
    from foedus.answers import by_weight, fold

    iso = kb.states.iso3
    out = []
    for group in fold(by_weight(rows, toward=toward), keep=fold_over, toward=toward):
        if len(group.rows) > 1:
            many = (toward, *map(id, group.rows))
            entry = entries.get(many)
            if entry is None:
                entry = entries[many] = _folded(group, iso)
            out.append(entry)
            continue
        o = group.rows[0]
        other = (o.obligor, o.obligor_name) if toward else (o.beneficiary, o.beneficiary_name)
        out.append({**o.to_dict(), "folded": False, "parties": [
            {"ccode": other[0], "name": other[1], "iso3": iso(other[0])}]})  # fmt: skip
    return {
        "state": _party(kb, code, day),
        "direction": "toward" if toward else "owed_by",
        "types": list(types or []),
        "total": len(rows),
        "counts": {t.value: n for t, n in Counter(o.type for o in rows).items()},
        "rows": out,
    }


def answer_body(ex: Explorer, key: tuple[object, ...], state: str, on: str,
                types: list[str] | None, *, toward: bool, fold_over: int) -> bytes:  # fmt: skip
    """The JSON of ``/api/defends`` (``toward``) or ``/api/obligations``, kept under ``key``
    (the path and the query string).

    A question not asked before is often the same answer on another day: between two
    changes (a pledge starting or ending, a state renamed) every day has the same
    records. The index gives the same record object for a pledge each time
    (:meth:`foedus.obligations.ObligationIndex.records`), so the rendered document
    is also kept by the records' identities, and only ``on`` is written afresh.
    """
    body = ex.cached(key)
    if body is not None:
        return body
    day = _day(on)
    with ex.knowledge() as kb:
        code = _resolve(kb, state, day)
        rows = (kb.defends if toward else kb.obligations)(code, day, types)
        same = (toward, fold_over, tuple(types or ()), code, kb.states.name(code, day),
                *map(id, rows))  # fmt: skip
        rest = ex.cached(same) if kb.indexed else None
        if rest is None:
            if len(ex.entries) > ENTRIES_KEPT:
                ex.entries.clear()
            pieces = ex.entries if kb.indexed else {}
            rest = orjson.dumps(_document(kb, code, day, rows, types, toward=toward,
                                          fold_over=fold_over, entries=pieces))  # fmt: skip
            if kb.indexed:
                ex.remember(same, rest)
    body = b'{"on":"' + day.isoformat().encode() + b'",' + rest[1:]
    ex.remember(key, body)
    return body


def plain_question(query: bytes) -> tuple[str, str, list[str] | None, int] | None:
    """``(state, on, types, fold)`` from a query string FastAPI would accept as it is, or
    None for anything else (missing, repeated or out-of-range values), which FastAPI then
    parses and, if it must, refuses with its own message. The limits are those of
    ``StateQ``, ``OnQ``, ``TypesQ`` and ``FoldQ``; unknown keys are ignored, as FastAPI does.
    """
    from urllib.parse import parse_qsl

    values: dict[str, str] = {}
    types: list[str] = []
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if key == "type":
            types.append(value)
        elif key in values:
            return None
        else:
            values[key] = value
    state, on = values.get("state", ""), values.get("on", "")
    fold = values.get("fold", str(FOLD_DEFAULT))
    if not (
        1 <= len(state) <= STATE_MAX
        and _PLAIN_DATE.fullmatch(on)
        and len(types) <= TYPES_MAX
        and fold.isascii()
        and fold.isdigit()
        and int(fold) <= FOLD_MAX
    ):
        return None
    return state, on, types or None, int(fold)


def _respond(request: Request, state: str, on: str, types: list[str] | None, *, toward: bool,
             fold_over: int) -> Response:  # fmt: skip
    # The same key foedus.web.app.QuickAnswers answers from before FastAPI parses anything.
    key = (request.url.path, request.scope["query_string"])
    body = answer_body(explorer(request), key, state, on, types, toward=toward,
                       fold_over=fold_over)  # fmt: skip
    return Response(body, media_type="application/json")


# The two hot endpoints run on the event loop (a question takes well under a millisecond
# with the in-memory index) and return their JSON as built, without a second validation.
@router.get("/defends", response_model=Answer, summary="Who is bound toward a state on a date")
async def defends(
    request: Request, state: StateQ, on: OnQ, types: TypesQ = None, fold: FoldQ = FOLD_DEFAULT
) -> Response:
    """Every obligation some state owes ``state`` on ``on``, strongest pledges first, with
    status, conditions, the articles behind it and its source.

    A treaty giving more than ``fold`` rows of one type and status comes as one folded
    entry listing its parties (``fold=0``: every row in full)."""
    return _respond(request, state, on, types, toward=True, fold_over=fold)


@router.get("/obligations", response_model=Answer, summary="What a state owes to whom on a date")
async def obligations(
    request: Request, state: StateQ, on: OnQ, types: TypesQ = None, fold: FoldQ = FOLD_DEFAULT
) -> Response:
    """Every obligation ``state`` owes to others on ``on``, strongest pledges first (folded
    as for ``/api/defends``)."""
    return _respond(request, state, on, types, toward=False, fold_over=fold)


@router.get("/treaties/{treaty_id}", response_model=TreatyOut, summary="One treaty")
def treaty(
    request: Request,
    treaty_id: Annotated[
        str,
        Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._-]+$", examples=["rus-prk-2024"]),
    ],
) -> dict[str, Any]:
    """Members by phase (with status and conditions), articles with their sources, events,
    and for a bilateral treaty the chain of treaties between its two members."""
    from foedus.analyses.lineage import history

    with explorer(request).knowledge() as kb:
        view = kb.treaty(treaty_id)
        out = view.to_dict()
        members = list(dict.fromkeys(m.ccode for p in view.phases for m in p.members))
        out["lineage"], out["lineage_pair"] = [], None
        if len(members) == 2:
            out["lineage"] = [link.to_dict() for link in history(kb, *members)]
            out["lineage_pair"] = [_party(kb, c, None) for c in members]
        for phase in out["phases"]:
            for member in phase["members"]:
                member["iso3"] = kb.states.iso3(member["ccode"])
        return out


@router.get("/lineage", response_model=Lineage, summary="The treaties between two states")
def lineage(request: Request, a: StateQ, b: StateQ) -> dict[str, Any]:
    """Every treaty two states shared, oldest first, with what each added or dropped."""
    from foedus.analyses.lineage import history

    with explorer(request).knowledge() as kb:
        code_a, code_b = _resolve(kb, a), _resolve(kb, b)
        return {
            "a": _party(kb, code_a, None),
            "b": _party(kb, code_b, None),
            "links": [link.to_dict() for link in history(kb, code_a, code_b)],
        }


@router.get("/shapes", response_model=ShapesOut, summary="Historical borders on a date")
def shapes(request: Request, on: OnQ) -> dict[str, Any]:
    """The CShapes 2.0 borders valid on ``on`` (1886–2019), each with its COW code.

    404 when the borders are not loaded or the date is outside CShapes: the map then
    draws today's borders (Natural Earth) and says so."""
    ex = explorer(request)
    day = _day(on)
    if ex.shapes is None:
        raise NotFound(ex.shapes_note or "historical borders (CShapes 2.0) are not loaded")
    with ex.knowledge() as kb:
        return ex.shapes.on(day, kb.states)


MAX_DRAWS = 2000  # Monte Carlo draws one request may ask for (about 30 s on 2 cores)


@router.get("/whatif", summary="What if A attacks B on D: the escalation cascade")
def whatif(
    request: Request,
    attacker: StateQ,
    target: StateQ,
    on: OnQ,
    draws: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_DRAWS,
            description="Monte Carlo draws (0: only "
            "the cascade where every triggered pledge is honoured).",
        ),
    ] = 0,
    seed: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> dict[str, Any]:
    """The cascade :func:`foedus.analyses.cascade.cascade` computes: every pledge judged, who
    joins which side in which round and because of which pledge, the conflicts, and with
    ``draws`` each state's chance of joining. Same seed, same answer."""
    from foedus.analyses.cascade import cascade
    from foedus.analyses.judge import make_scenario

    day = _day(on)
    with explorer(request).knowledge() as kb:
        scenario = make_scenario(kb, [_resolve(kb, attacker, day)], [_resolve(kb, target, day)],
                                 day)  # fmt: skip
        out = cascade(kb, scenario, draws=draws, seed=seed).to_dict()
        for state in out["states"]:
            state["iso3"] = kb.states.iso3(state["state"])
        return out


@router.get("/reliability", summary="How alliances were honoured in past wars")
def reliability(request: Request) -> Response:
    """:func:`foedus.analyses.reliability.reliability` over every COW inter-state war:
    the share of invoked pledges that were honoured, overall, by type, era and size (the
    cases themselves are left out; ``foedus reliability`` lists them). Computed once per
    store (several seconds), then kept."""
    from foedus.analyses.reliability import reliability as rates

    ex = explorer(request)
    with ex.knowledge() as kb:
        key = ("reliability",)
        found = ex.cached(key)
        if found is None:
            out = rates(kb).to_dict()
            out["cases"] = len(out.get("cases", []))
            found = bytes(FastJSON(out).body)
            ex.remember(key, found)
        return Response(found, media_type="application/json")
