"""Treaty lineage: the chain of treaties between two states over time, and what changed.

For the Soviet Union/Russia and North Korea the chain reads: the 1961 treaty
with its immediate-assistance clause; its lapse in 1996; the 2000 treaty,
which pledges consultation only; and the 2024 treaty, which restores the
assistance clause (Art. 4). Each link lists the obligations each side owes
the other, the articles behind them where the register has the text, how
the treaty ended, and which obligation types it adds or drops compared with
the treaty before it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.model import ObligationType

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = ["Link", "history"]

_ORDER = [t.value for t in ObligationType]


@dataclass
class Link:
    """One treaty in the chain between two states."""

    treaty: str
    name: str
    bilateral: bool
    begins: str  # when the two states became bound to each other by it (or signed it)
    ends: str | None
    a_name: str  # the two states, named as they were when the link began
    b_name: str
    ending: str | None  # how it ended: "lapsed", "terminated", "superseded by ...", …
    a_owes_b: list[str]
    b_owes_a: list[str]
    in_force: str | None
    articles: list[dict[str, Any]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # vs the previous bilateral treaty
    dropped: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _types(values: set[str]) -> list[str]:
    return sorted(values, key=_ORDER.index)


def history(kb: KnowledgeBase, a: str | int, b: str | int) -> list[Link]:
    """Every treaty the two states shared, oldest first, with what each changed.

    Multilateral treaties are included (``bilateral`` says which); additions
    and drops are measured between consecutive *bilateral* treaties, the
    chain a reader follows.
    """
    code_a, code_b = kb.resolve(a), kb.resolve(b)
    con = kb.store.con
    rows = con.execute(
        """
        SELECT p.treaty, t.name, t.begin_date, t.begin_precision, t.end_date, t.end_precision,
               t.attributes, list(DISTINCT p.type) FILTER (WHERE p.obligor = ?),
               list(DISTINCT p.type) FILTER (WHERE p.obligor = ?),
               list(DISTINCT p.source_dataset), min(p.valid_from),
               max(coalesce(p.valid_to, DATE '9999-12-31'))
        FROM pledges p JOIN treaties t USING (treaty)
        WHERE p.view = ? AND ((p.obligor = ? AND p.beneficiary = ?)
                              OR (p.obligor = ? AND p.beneficiary = ?))
        GROUP BY ALL ORDER BY min(p.valid_from), p.treaty
        """,
        [code_a, code_b, kb.view, code_a, code_b, code_b, code_a],
    ).fetchall()
    shared = _shared_members(kb, code_a, code_b)
    links: list[Link] = []
    previous: Link | None = None
    for tid, name, begin, bprec, end, eprec, attrs, ab, ba, datasets, first, last in rows:
        attributes = json.loads(attrs) if attrs else {}
        view = kb.treaty(tid)  # one read of the treaty's provisions and events
        start = _iso(begin, bprec) if first == begin else first.isoformat()
        link = Link(
            treaty=tid,
            name=name,
            bilateral=shared.get(tid, 0) <= 2,
            begins=start,
            ends=_iso(end, eprec) if end and last >= end else _last_day(last),
            a_name=kb.states.name(code_a, first),
            b_name=kb.states.name(code_b, first),
            ending=None,
            a_owes_b=_types(set(ab or [])),
            b_owes_a=_types(set(ba or [])),
            in_force=attributes.get("in_force"),
            articles=view.provisions,
            events=[
                e for e in view.events if not e["parties"] or {code_a, code_b} & set(e["parties"])
            ],
            sources=sorted(datasets),
        )
        link.ending = _ending(link, attributes)
        if link.bilateral:
            if previous is not None:
                before = set(previous.a_owes_b) | set(previous.b_owes_a)
                now = set(link.a_owes_b) | set(link.b_owes_a)
                link.added, link.dropped = _types(now - before), _types(before - now)
            previous = link
        links.append(link)
    return links


def _shared_members(kb: KnowledgeBase, a: int, b: int) -> dict[str, int]:
    rows = kb.store.con.execute(
        "SELECT treaty, count(DISTINCT ccode) FROM members WHERE view = ? AND treaty IN "
        "(SELECT treaty FROM members WHERE view = ? AND ccode = ? INTERSECT "
        " SELECT treaty FROM members WHERE view = ? AND ccode = ?) GROUP BY treaty",
        [kb.view, kb.view, a, kb.view, b],
    ).fetchall()
    return dict(rows)


def _iso(day: dt.date, precision: str) -> str:
    text = day.isoformat()
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


def _last_day(day: dt.date) -> str | None:
    return None if day == dt.date(9999, 12, 31) else day.isoformat()


def _ending(link: Link, attributes: dict[str, Any]) -> str | None:
    endings = [e for e in link.events if e["kind"] in ("lapsed", "terminated", "withdrawn")]
    successor = attributes.get("superseded_by") or []
    if endings:
        last = endings[-1]
        how = f"{last['kind']} {last['date']}"
        return f"{how}, superseded by {', '.join(successor)}" if successor else how
    if successor:
        return f"superseded by {', '.join(successor)}"
    return None if link.ends is None else f"ended {link.ends}"
