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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from foedus.model import ObligationType, Provision, TreatyEvent

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = ["Link", "history"]

_ENDINGS = ("lapsed", "terminated", "withdrawn")


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
    a_owes_b: list[ObligationType]
    b_owes_a: list[ObligationType]
    in_force: str | None
    articles: list[Provision] = field(default_factory=list)
    added: list[ObligationType] = field(default_factory=list)  # vs the previous bilateral one
    dropped: list[ObligationType] = field(default_factory=list)
    events: list[TreatyEvent] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("a_owes_b", "b_owes_a", "added", "dropped"):
            out[key] = [t.value for t in out[key]]
        out["articles"] = [a.to_dict() for a in self.articles]
        out["events"] = [e.to_dict() for e in self.events]
        return out


def _types(values: set[ObligationType]) -> list[ObligationType]:
    return sorted(values, key=list(ObligationType).index)


def history(kb: KnowledgeBase, a: str | int, b: str | int) -> list[Link]:
    """Every treaty the two states shared, oldest first, with what each changed.

    Multilateral treaties are included (``bilateral`` says which); additions
    and drops are measured between consecutive *bilateral* treaties, the
    chain a reader follows.
    """
    code_a, code_b = kb.resolve(a), kb.resolve(b)
    links: list[Link] = []
    previous: Link | None = None
    for shared in kb.shared_treaties(code_a, code_b):
        t = shared.treaty
        view = kb.treaty(t.id)  # its articles and events
        begun = t.begins.first_day() == shared.first
        # The pair's last day, unless it lasted as long as the treaty (then its end as written).
        last = shared.last or dt.date.max
        ends = shared.last.isoformat() if shared.last else None
        if t.ends is not None and last >= t.ends.last_day():
            ends = t.ends.iso()
        link = Link(
            treaty=t.id,
            name=t.name,
            bilateral=shared.members <= 2,
            begins=t.begins.iso() if begun else shared.first.isoformat(),
            ends=ends,
            a_name=kb.states.name(code_a, shared.first),
            b_name=kb.states.name(code_b, shared.first),
            ending=None,
            a_owes_b=list(shared.a_owes_b),
            b_owes_a=list(shared.b_owes_a),
            in_force=t.attributes.get("in_force"),
            articles=list(view.provisions),
            events=[e for e in view.events if not e.parties or {code_a, code_b} & set(e.parties)],
            sources=list(shared.datasets),
        )
        link.ending = _ending(link, t.attributes)
        if link.bilateral:
            if previous is not None:
                before = set(previous.a_owes_b) | set(previous.b_owes_a)
                now = set(link.a_owes_b) | set(link.b_owes_a)
                link.added, link.dropped = _types(now - before), _types(before - now)
            previous = link
        links.append(link)
    return links


def _ending(link: Link, attributes: dict[str, Any]) -> str | None:
    endings = [e for e in link.events if e.kind in _ENDINGS]
    successor = attributes.get("superseded_by") or []
    if endings:
        last = endings[-1]
        how = f"{last.kind} {last.date.iso() if last.date else ''}".strip()
        return f"{how}, superseded by {', '.join(successor)}" if successor else how
    if successor:
        return f"superseded by {', '.join(successor)}"
    return None if link.ends is None else f"ended {link.ends}"
