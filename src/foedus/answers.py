"""Answers read by weight: the strongest pledges first, a big treaty's many rows as one.

``defends "North Korea" --on 2025-01-01`` finds some fifty pledges, most of
them the non-aggression promises of the 1976 Treaty of Amity and Cooperation
in Southeast Asia. A reader wants Russia's and China's defence pledges first
and the amity treaty as one line with its count. :func:`by_weight` orders
obligations (defense, offense, neutrality, non-aggression, consultation;
bilateral before multilateral; then by name) and :func:`fold` groups the rows
one treaty gives of one type and status when there are more than ``keep`` of them.

>>> import datetime as dt
>>> from foedus.model import Obligation, ObligationType as T, Source
>>> def ob(who, name, kind, treaty):
...     return Obligation(who, 731, name, "North Korea", kind, treaty, treaty, 0, (),
...                       dt.date(2000, 1, 1), None, Source("ATOP", "5.1", 1))
>>> tac = [ob(c, n, T.NONAGGRESSION, "tac") for c, n in
...        [(2, "United States"), (20, "Canada"), (140, "Brazil")]]
>>> rows = [*tac, ob(710, "China", T.DEFENSE, "prc-prk")]
>>> [(g.type.value, g.label) for g in fold(by_weight(rows), keep=2)]
[('defense', 'China (710)'), ('nonaggression', '3 states: Brazil, Canada, United States')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from foedus.model import Obligation, ObligationType, Status

__all__ = ["Group", "by_weight", "fold"]

_TYPE_RANK = {t: i for i, t in enumerate(ObligationType)}
_STATUS_RANK = {s: i for i, s in enumerate(Status)}


def by_weight(rows: Sequence[Obligation], *, toward: bool = True) -> list[Obligation]:
    """Defense first, then offense, neutrality, non-aggression, consultation; within a type,
    in-force before signed, then treaties with few parties before many, then by name."""
    size = Counter((o.treaty, o.type) for o in rows)

    def key(o: Obligation) -> tuple[object, ...]:
        other = o.obligor_name if toward else o.beneficiary_name
        return (_TYPE_RANK[o.type], _STATUS_RANK[o.status], size[(o.treaty, o.type)], o.treaty,
                other)  # fmt: skip

    return sorted(rows, key=key)


@dataclass(frozen=True)
class Group:
    """Rows of one treaty, type and status shown as one line (``rows`` has them all)."""

    type: ObligationType
    status: Status
    treaty: str
    treaty_name: str
    rows: tuple[Obligation, ...]
    toward: bool

    @property
    def label(self) -> str:
        """The other states: one by name and code, or "N states: A, B, C…"."""
        names = [(o.obligor_name, o.obligor) if self.toward else (o.beneficiary_name, o.beneficiary)
                 for o in self.rows]  # fmt: skip
        if len(names) == 1:
            return f"{names[0][0]} ({names[0][1]})"
        listed = sorted(n for n, _ in names)
        shown = ", ".join(listed[:3]) + (", …" if len(listed) > 3 else "")
        return f"{len(listed)} states: {shown}"

    @property
    def conditions(self) -> tuple[str, ...]:
        """Conditions shared by every row of the group (the others differ by member)."""
        common = set(self.rows[0].conditions)
        for o in self.rows[1:]:
            common &= set(o.conditions)
        return tuple(c for c in self.rows[0].conditions if c in common)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for o in self.rows for n in o.notes))


def fold(rows: Iterable[Obligation], *, keep: int = 3, toward: bool = True) -> list[Group]:
    """Group the rows of one (treaty, type, status) when there are more than ``keep``.

    The order of the first row of each group is kept; ``keep=0`` never folds.
    """
    rows = list(rows)
    count = Counter((o.treaty, o.type, o.status) for o in rows)
    groups: dict[tuple[str, ObligationType, Status], list[Obligation]] = {}
    out: list[tuple[str, ObligationType, Status] | Obligation] = []
    for o in rows:
        key = (o.treaty, o.type, o.status)
        if keep and count[key] > keep:
            if key not in groups:
                groups[key] = []
                out.append(key)
            groups[key].append(o)
        else:
            out.append(o)
    result = []
    for item in out:
        members = tuple(groups[item]) if isinstance(item, tuple) else (item,)
        first = members[0]
        result.append(
            Group(first.type, first.status, first.treaty, first.treaty_name, members, toward)
        )
    return result
