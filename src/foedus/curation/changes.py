"""The register changes one event calls for: a new record, or edits to a matched one.

Each builder returns a :class:`~foedus.curation.citing.Draft`: the record it
changes (or creates) and the changes as
:func:`foedus.curation.yamledit.apply_changes` takes them. Every fact cites the
article (:mod:`foedus.curation.citing`); conflicting readings go to
``alternatives``, never over the recorded value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from foedus.curation.citing import (
    MACHINE,
    ArticleRef,
    Draft,
    NoProposal,
    alternative,
    cite_spans,
    confidence_of,
    event_date,
    evidence_for,
    machine_note,
    overlaps,
    party_name,
    party_spans,
    sentence,
    slug,
    source_key,
)
from foedus.curation.matching import (
    GENERIC_WORDS,
    WINDOW,
    Catalogue,
    Match,
    distinctive,
    find_predecessors,
    tokens,
)
from foedus.curation.yamledit import apply_changes, load_text, normal
from foedus.model import PartialDate
from foedus.news.records import Event
from foedus.register.schema import EventKind

if TYPE_CHECKING:
    pass

__all__ = [
    "ATOP_CITATION",
    "new_linked_record",
    "new_record",
    "on_record",
]

ATOP_CITATION = {
    "title": "ATOP 5.1 alliance and member files (atop5_1a.csv, atop5_1m.csv)",
    "publisher": (
        "Alliance Treaty Obligations and Provisions project (Leeds et al.), Rice University"
    ),
    "date": "2022",
    "url": "http://www.atopdata.org/data.html",
}

# Event kinds as the register's status events name them.
_STATUS_KIND = {
    "suspended": EventKind.SUSPENDED,
    "withdrawn": EventKind.WITHDRAWN,
    "invoked": EventKind.INVOKED,
    "expired": EventKind.LAPSED,
}
_INSTRUMENTS = (
    ("charter", "charter"),
    ("protocol", "protocol"),
    ("declaration", "declaration"),
    ("executive order", "executive-order"),
    ("treaty", "treaty"),
    ("agreement", "agreement"),
    ("accord", "agreement"),
    ("pact", "agreement"),
)
# Conditions as articles word them -> the register's condition kinds.
_CONDITION_WORDS = (
    (
        re.compile(r"constitutional (?:processes|procedures|provisions)", re.I),
        "constitutional-processes",
    ),
    (re.compile(r"\bwithout delay\b|\bimmediate(?:ly)?\b", re.I), "without-delay"),
    (re.compile(r"\barticle 51\b|\bself-defen[cs]e\b", re.I), "un-charter-art-51"),
    (re.compile(r"\bstate of war\b", re.I), "state-of-war-by-armed-attack"),
    (re.compile(r"\bif (?:requested|asked)\b|\bat the request\b", re.I), "only-if-requested"),
    (re.compile(r"\b(?:national )?legislation\b|\bdomestic law", re.I), "national-legislation"),
)
_ARTICLE_NO = re.compile(r"\bArt(?:icle|\.)\s*(\d+[A-Za-z]?|[IVXLC]+)\b")


# --- building the changes ----------------------------------------------------------


def _new_id(base: str, cat: Catalogue) -> str:
    rid, n = base, 2
    while rid in cat.records:
        rid, n = f"{base}-{n}", n + 1
    return rid


def _record_id(codes: Sequence[int], year: int, name: str | None, cat: Catalogue) -> str:
    isos = [cat.iso3(c) for c in codes]
    if 1 <= len(codes) <= 3 and all(isos):
        base = "-".join(str(i).lower() for i in isos)
    elif distinctive(name):
        base = slug(" ".join(t for t in tokens(name) if t not in GENERIC_WORDS), limit=4)
    else:
        base = "-".join(str(i).lower() for i in isos[:3] if i) or "treaty"
    return _new_id(f"{base}-{year}", cat)


def _instrument(name: str | None) -> str:
    lowered = (name or "").lower()
    for word, kind in _INSTRUMENTS:
        if word in lowered:
            return kind
    return "treaty"


def _conditions(written: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for text in written:
        kind = next((k for pattern, k in _CONDITION_WORDS if pattern.search(text)), "other")
        out.append({"kind": kind, "note": f"as the article words it: {text}"})
    return out


def _articles(event: Event, article: ArticleRef, key: str) -> list[dict[str, Any]]:
    if not event.obligation_types:
        return []
    spans = evidence_for(event, "obligation_types", "conditions")
    obligations: list[dict[str, Any]] = [{"type": t.value} for t in event.obligation_types]
    if event.conditions:
        obligations[0]["conditions"] = _conditions(event.conditions)
    text = sentence(article.text, evidence_for(event, "conditions") or spans) or "; ".join(
        s.text for s in spans
    )
    return [
        {
            "label": "obligation as the article reports it (article number unknown)",
            "obligations": obligations,
            "text": text or "(the article names the obligation without describing it)",
            "text_kind": "paraphrase",
            "confidence": "low",
            "note": machine_note("the text is the article's sentence, not the treaty's words"),
            "sources": [cite_spans(key, spans)],
        }
    ]


def _treaty_names(
    event: Event, parties: Sequence[int], cat: Catalogue, year: int
) -> dict[str, Any]:
    written = (event.treaty_name or "").strip()
    who = " and ".join(party_name(c, event, cat) for c in parties)
    kind = _instrument(written).replace("-", " ")
    if distinctive(written):
        return {"official": written[:1].upper() + written[1:], "common": []}
    return {"official": f"{kind.capitalize()} between {who} ({year})", "common": []}


def new_record(event: Event, article: ArticleRef, cat: Catalogue) -> Draft:
    """A record for a signature foedus does not know: parties, signature, the obligations and
    conditions as the article words them, links to the predecessors it names."""
    if not event.parties:
        raise NoProposal("the event names no state party")
    date, undated = event_date(event, article)
    year = int(date[:4])
    codes = [p.cow for p in event.parties]
    rid = _record_id(codes, year, event.treaty_name, cat)
    key = article.key
    conf = confidence_of(event, undated)
    preds = find_predecessors(event, cat)
    names = _treaty_names(event, codes, cat, year)
    written = event.treaty_name or "no name"
    signed: dict[str, Any] = {"date": date}
    if event.place:
        signed["place"] = event.place
    signed["confidence"] = conf
    signed["note"] = machine_note(undated)
    signed["sources"] = [cite_spans(key, evidence_for(event, "kind", "date", "place"))]
    record: dict[str, Any] = {
        "id": rid,
        "names": names,
        "instrument": _instrument(event.treaty_name),
        "legally_binding": True if _instrument(event.treaty_name) == "treaty" else None,
        "note": (
            f"Proposed by foedus ingest from “{article.citation()['title']}”; the article calls "
            f"it “{written}”. {MACHINE}."
            + (
                " Predecessors it names: " + "; ".join(f"“{w}” = {i}" for w, i, _ in preds) + "."
                if preds
                else ""
            )
        ),
        "sources": {key: article.citation()},
        "parties": [
            {
                "ccode": p.cow,
                "name": party_name(p.cow, event, cat),
                "confidence": conf,
                "sources": [cite_spans(key, p.evidence or evidence_for(event, "parties"))],
            }
            for p in event.parties
        ],
        "signed": signed,
        "in_force": None,
    }
    if preds:
        record["related"] = list(dict.fromkeys(i for _, i, _ in preds))
    articles = _articles(event, article, key)
    if articles:
        record["articles"] = articles
    who = ", ".join(p["name"] for p in record["parties"])
    summary = f"new record {rid}: {record['instrument']} signed {date}"
    if event.place:
        summary += f" in {event.place}"
    summary += f" by {who}"
    if event.obligation_types:
        summary += "; " + ", ".join(t.value for t in event.obligation_types)
    if preds:
        summary += "; related to " + ", ".join(record["related"])
    return Draft("new-record", rid, [{"op": "create", "value": record}], summary)


def new_linked_record(event: Event, article: ArticleRef, cat: Catalogue, match: Match) -> Draft:
    """A record for an event about an alliance only ATOP has: it links the alliance
    (``continues``, or ``provisions-only`` for a signature), lists only changes, and holds
    what the article reports."""
    known = match.known
    atopid = known.id.removeprefix("atop-")
    key = article.key
    date, undated = event_date(event, article)
    codes = sorted(known.parties) if len(known.parties) <= 3 else [p.cow for p in event.parties]
    rid = _record_id(codes, known.signed.year, event.treaty_name, cat)
    atop_name = cat.atop_names.get(known.id) or known.label or known.id
    names: dict[str, Any] = {"official": atop_name, "common": []}
    if distinctive(event.treaty_name) and event.treaty_name:
        names["common"] = [event.treaty_name]
    relation = "provisions-only" if event.kind == "signed" else "continues"
    members = ", ".join(str(c) for c in sorted(known.parties))
    record: dict[str, Any] = {
        "id": rid,
        "names": names,
        "instrument": _instrument(event.treaty_name),
        "note": (
            f"Proposed by foedus ingest from “{article.citation()['title']}” to record what the "
            f"article reports about ATOP alliance {atopid}; the official name is ATOP's label, "
            "replace it with the treaty's own. " + MACHINE + "."
        ),
        "sources": {"atop51": dict(ATOP_CITATION), key: article.citation()},
        "atop": {
            "id": known.id,
            "relation": relation,
            "note": (
                f"Matched by foedus ingest: atopid {atopid} has members {members} and begins "
                f"{known.signed.iso()} ({match.why})"
            ),
            "confidence": "medium",
            "sources": [{"ref": "atop51", "locator": f"atopid {atopid}"}],
        },
        "parties_listed": "changes",
        "parties": [],
        "signed": {
            "date": known.signed.iso(),
            "confidence": "high",  # ATOP's own begin date
            "sources": [{"ref": "atop51", "locator": f"atopid {atopid}, begin date"}],
        },
    }
    base = record
    if event.kind == "signed":
        if overlaps(known.signed, date):
            base["signed"]["sources"].append(
                cite_spans(key, evidence_for(event, "kind", "date", "place"))
            )
        else:
            base["signed"]["alternatives"] = [alternative(event, article, key, date, undated)]
        if event.place:
            base["signed"]["place"] = event.place
        articles = _articles(event, article, key)
        if articles:
            base["articles"] = articles
        summary = (
            f"new record {rid} adding to ATOP {known.id}: the signature as the article reports it"
        )
        return Draft("new-linked-record", rid, [{"op": "create", "value": base}], summary)
    draft = on_record(event, article, cat, match, raw=base, record_id=rid)
    changes = [{"op": "create", "value": apply_changes(base, draft.changes)}]
    summary = f"new record {rid} continuing ATOP {known.id}: " + draft.summary.split(": ", 1)[-1]
    return Draft("new-linked-record", rid, changes, summary)


def on_record(
    event: Event,
    article: ArticleRef,
    cat: Catalogue,
    match: Match,
    *,
    raw: dict[str, Any] | None = None,
    record_id: str | None = None,
) -> Draft:
    """Changes to an existing record (or to the base of a new linked one) for one event."""
    rid = record_id or match.known.id
    if raw is None:
        raw = load_text(cat.paths[rid].read_text(encoding="utf-8"))
    key, changes = source_key(raw, article)
    date, undated = event_date(event, article)
    conf = confidence_of(event, undated)
    listed = {int(p["ccode"]) for p in raw.get("parties") or [] if isinstance(p, dict)}
    complete = raw.get("parties_listed", "all") == "all"
    parties = [p.cow for p in event.parties]
    outside = [c for c in parties if complete and c not in listed]
    said: list[str] = []  # what each change does, for the summary
    action = "status-change"
    if event.kind == "signed":
        changes += _signed_changes(event, article, cat, raw, key, date, undated, said)
        action = "add-source"
    elif event.kind == "ratified":
        inside = [c for c in parties if c not in outside]
        if not inside:
            raise NoProposal(f"{_names(outside, event, cat)} are not parties to {rid}")
        for code in inside:
            ops, what = _dated_item(
                raw,
                "ratifications",
                {"party": code, "date": date},
                key,
                event,
                conf,
                undated,
                extra={"step": "ratified"},
                note="check the step: a chamber's approval, the final act or a deposit",
            )
            changes += ops
            said.append(f"{what} by {party_name(code, event, cat)}")
    elif event.kind == "entered_into_force":
        ops, what = _in_force_changes(event, article, raw, key, date, undated, conf)
        changes += ops
        said.append(what)
    elif event.kind == "acceded":
        # In a record that lists only changes, a member ATOP already has needs no entry.
        in_atop = [] if complete else [c for c in parties if c in match.known.parties]
        in_atop = [c for c in in_atop if c not in listed]
        if in_atop and len(in_atop) == len(parties):
            raise NoProposal(
                f"{_names(in_atop, event, cat)}: already members of {match.known.atop} in ATOP's "
                "data, which the record leaves as they are"
            )
        new = [c for c in parties if c not in listed and c not in in_atop]
        for code in parties:
            name = party_name(code, event, cat)
            if code in in_atop:
                said.append(f"{name}: a member in ATOP's data already")
            elif code in new:
                item = {"ccode": code, "name": name, "joined": date}
                item.update(confidence=conf, note=machine_note(undated))
                item["sources"] = [cite_spans(key, party_spans(event, code))]
                changes.append({"op": "append", "path": ["parties"], "value": item})
                said.append(f"new party {name}, joined {date}")
            else:
                ops, what = _party_join(raw, code, key, event, date, undated, article)
                changes += ops
                said.append(f"{name}: {what}")
        action = "new-member" if new else "status-change"
    elif event.kind in _STATUS_KIND:
        kind = _STATUS_KIND[event.kind]
        inside = [] if kind is EventKind.LAPSED else [c for c in parties if c not in outside]
        if kind is not EventKind.LAPSED and not inside:
            raise NoProposal(f"{_names(outside, event, cat)} are not parties to {rid}")
        fields: dict[str, Any] = {"kind": kind.value, "date": date, "parties": inside}
        extra: dict[str, Any] = {}
        if kind is EventKind.INVOKED:
            number = _article_number(event, article)
            if number:
                extra["article"] = number
            extra["legal_effect"] = False
        ops, what = _dated_item(
            raw, "status_events", fields, key, event, conf, undated, extra=extra
        )
        changes += ops
        who = _names(inside, event, cat) if inside else "the whole treaty"
        said.append(f"{what} ({who})")
    else:
        raise NoProposal(f"no register change is defined for a {event.kind!r} event")
    if outside and event.kind != "acceded":
        said.append(f"not parties to the record, left out: {_names(outside, event, cat)}")
    if all(_cites_only(op) for op in changes):
        action = "add-source"
    return Draft(action, rid, changes, f"{rid}: " + "; ".join(said))


def _cites_only(op: dict[str, Any]) -> bool:
    """The change cites the article for a recorded fact (as a source, or for another reading
    in ``alternatives``) and changes nothing else."""
    path = op.get("path", [])
    if op["op"] == "add":
        return bool(path) and path[0] == "sources"
    return op["op"] == "append" and bool(path) and path[-1] in ("sources", "alternatives")


def _names(codes: Iterable[int], event: Event, cat: Catalogue) -> str:
    return ", ".join(party_name(c, event, cat) for c in codes)


def _article_number(event: Event, article: ArticleRef) -> str | None:
    places = [event.treaty_name or "", *(s.text for s in event.evidence)]
    places += [sentence(article.text, [s]) or "" for s in evidence_for(event, "kind")]
    places.append(article.title or "")
    for text in places:
        found = _ARTICLE_NO.search(text)
        if found:
            return found.group(1)
    return None


def _signed_changes(
    event: Event,
    article: ArticleRef,
    cat: Catalogue,
    raw: dict[str, Any],
    key: str,
    date: str,
    undated: str | None,
    said: list[str],
) -> list[dict[str, Any]]:
    signed = raw.get("signed") or {}
    spans = evidence_for(event, "kind", "date", "place")
    out: list[dict[str, Any]] = []
    recorded = PartialDate.parse(normal(signed.get("date"))) if signed.get("date") else None
    if recorded is not None and not _agrees(recorded, date, undated):
        alt = alternative(event, article, key, date, undated)
        out.append({"op": "append", "path": ["signed", "alternatives"], "value": alt})
        said.append(f"another date for the signature: {date} (the record has {recorded.iso()})")
    else:
        out.append({"op": "append", "path": ["signed", "sources"], "value": cite_spans(key, spans)})
        said.append(f"another source for the signature ({recorded.iso() if recorded else date})")
    place = signed.get("place")
    # A country where the record names a town is less precise, not another place.
    vaguer = cat.is_state(event.place) if event.place else False
    if event.place and place and not vaguer and not _same_place(event.place, place):
        note = f"the article places the signature in {event.place}, the record in {place}"
        alt = {
            "value": f"place: {event.place}",
            "sources": [cite_spans(key, evidence_for(event, "place"))],
            "note": machine_note(note),
        }
        out.append({"op": "append", "path": ["signed", "alternatives"], "value": alt})
        said.append(f"another place: {event.place} (the record has {place})")
    elif event.place and not place:
        out.append({"op": "set", "path": ["signed", "place"], "value": event.place})
        said.append(f"the place: {event.place}")
    elif len(said) == 1 and said[0].startswith("another source"):
        said.append("it agrees with the record")
    return out


def _agrees(recorded: PartialDate, iso: str, undated: str | None) -> bool:
    """The article's date fits the record's: the same day (at the coarser precision), or, when
    the article gives only its publication date, a recorded date not after it."""
    if overlaps(recorded, iso):
        return True
    return undated is not None and recorded.first_day() <= PartialDate.parse(iso).last_day()


def _same_place(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    return bool(ta & tb)


def _in_force_changes(
    event: Event,
    article: ArticleRef,
    raw: dict[str, Any],
    key: str,
    date: str,
    undated: str | None,
    conf: str,
) -> tuple[list[dict[str, Any]], str]:
    cite = cite_spans(key, evidence_for(event, "kind", "date"))
    current = raw.get("in_force")
    if not current:
        value = {"date": date, "confidence": conf, "note": machine_note(undated), "sources": [cite]}
        return [{"op": "set", "path": ["in_force"], "value": value}], f"in force on {date}"
    if current.get("date") is None:
        ops = [
            {"op": "set", "path": ["in_force", "date"], "value": date},
            {"op": "append", "path": ["in_force", "sources"], "value": cite},
        ]
        return ops, f"the date of entry into force: {date}"
    recorded = PartialDate.parse(normal(current["date"]))
    if _agrees(recorded, date, undated):
        cite_op = {"op": "append", "path": ["in_force", "sources"], "value": cite}
        return [cite_op], f"another source for entry into force on {recorded.iso()}"
    alt = alternative(event, article, key, date, undated)
    return (
        [{"op": "append", "path": ["in_force", "alternatives"], "value": alt}],
        f"another date for entry into force: {date} (the record has {recorded.iso()})",
    )


def _party_join(
    raw: dict[str, Any],
    code: int,
    key: str,
    event: Event,
    date: str,
    undated: str | None,
    article: ArticleRef,
) -> tuple[list[dict[str, Any]], str]:
    party = next(p for p in raw.get("parties") or [] if int(p.get("ccode", -1)) == code)
    where: list[Any] = ["parties", {"match": {"ccode": code}}]
    cite = cite_spans(key, party_spans(event, code))
    joined = party.get("joined")
    if joined is None:
        ops = [
            {"op": "set", "path": [*where, "joined"], "value": date},
            {"op": "append", "path": [*where, "sources"], "value": cite},
        ]
        return ops, f"joined {date}"
    recorded = PartialDate.parse(normal(joined))
    if _agrees(recorded, date, undated):
        cite_op = {"op": "append", "path": [*where, "sources"], "value": cite}
        return [cite_op], f"another source for joining on {recorded.iso()}"
    alt = alternative(event, article, key, date, undated)
    return (
        [{"op": "append", "path": [*where, "alternatives"], "value": alt}],
        f"another date for joining: {date} (the record has {recorded.iso()})",
    )


# Status events that may be the same happening told in other words ("froze" / "suspended").
_LIKE = {
    "suspended": {"suspended", "frozen"},
    "frozen": {"suspended", "frozen"},
    "withdrawn": {"withdrawn", "terminated"},
    "terminated": {"withdrawn", "terminated", "lapsed"},
    "lapsed": {"lapsed", "terminated"},
    "invoked": {"invoked"},
}


def _same_entry(item: dict[str, Any], wanted: dict[str, Any], near: bool) -> str | None:
    """ "exact" when ``item`` records the wanted entry, "near" when it is the same happening
    dated otherwise (status events only: a like kind, the same parties, within WINDOW)."""
    for k, v in wanted.items():
        if k in ("date", "kind"):
            continue
        have = normal(item.get(k))
        if isinstance(v, list) and sorted(have or []) != sorted(v):
            return None
        if not isinstance(v, list) and have != v:
            return None
    kind = wanted.get("kind")
    if kind is not None and normal(item.get("kind")) not in _LIKE.get(kind, {kind}):
        return None
    dates = [normal(item.get(k)) for k in ("date", "effective") if item.get(k) is not None]
    if wanted["date"] in dates and (kind is None or normal(item.get("kind")) == kind):
        return "exact"
    if near and any(_close(d, wanted["date"]) for d in dates):
        return "near"
    return None


def _close(a: str, b: str) -> bool:
    first, second = PartialDate.parse(a), PartialDate.parse(b)
    return _near_dates(first, second)


def _near_dates(a: PartialDate, b: PartialDate) -> bool:
    return a.first_day() - WINDOW <= b.last_day() and b.first_day() - WINDOW <= a.last_day()


def _dated_item(
    raw: dict[str, Any],
    list_key: str,
    fields: dict[str, Any],
    key: str,
    event: Event,
    conf: str,
    undated: str | None,
    *,
    extra: dict[str, Any] | None = None,
    note: str | None = None,
) -> tuple[list[dict[str, Any]], str]:
    """Cite the article on the entry of ``raw[list_key]`` that records the event (with an
    ``alternatives`` entry when it dates it otherwise), else append a new entry."""
    cite = cite_spans(key, evidence_for(event, "kind", "date", "parties"))
    wanted = normal(fields)
    what = str(wanted.get("kind", "ratification"))
    near = list_key == "status_events"
    for item in raw.get(list_key) or []:
        how = _same_entry(item, wanted, near) if isinstance(item, dict) else None
        if how is None:
            continue
        select = {k: normal(item.get(k)) for k in ("kind", "party", "date") if k in item}
        where = [list_key, {"match": select}]
        entry = (
            f"the {select['kind']} event of {select['date']}"
            if "kind" in select
            else f"the ratification of {select['date']}"
        )
        recorded = PartialDate.parse(select["date"])
        if how == "exact" or _agrees(recorded, wanted["date"], undated):
            return (
                [{"op": "append", "path": [*where, "sources"], "value": cite}],
                f"another source for {entry}",
            )
        alt = {
            "date": wanted["date"],
            "sources": [cite],
            "note": machine_note(
                f"the article reports {what} on {wanted['date']}; the record's date stands "
                "until a reviewer decides",
                undated,
            ),
        }
        return (
            [{"op": "append", "path": [*where, "alternatives"], "value": alt}],
            f"another date ({wanted['date']}) for {entry}",
        )
    item = {
        **fields,
        **(extra or {}),
        "confidence": conf,
        "note": machine_note(note, undated),
        "sources": [cite],
    }
    if not item.get("parties", True):
        item.pop("parties")
    return [{"op": "append", "path": [list_key], "value": item}], f"{what} on {wanted['date']}"
