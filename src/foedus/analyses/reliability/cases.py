"""Invocations and verdicts: one case per ally, war and obligation.

For every war participant (the *partner*) and every obligation some state (the
*ally*) owes it on the day it entered the war, the casus-foederis judge
(:mod:`foedus.analyses.judge`) decides whether the war invoked the pledge; the
ally's own participation decides whether it kept it. The rules are data
(:class:`Rules`); docs/reliability.md states each with the case that pins it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from foedus.analyses.judge import (
    Assume,
    Assumptions,
    Judgement,
    Scenario,
    Sides,
    Verdict,
    judge,
)
from foedus.analyses.regions import area, home_area, overlaps
from foedus.model import ConditionKind, Obligation, ObligationType, Source, WarParticipation

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "JOINED_BY_CHOICE",
    "RELIABILITY_ASSUMPTIONS",
    "Case",
    "Outcome",
    "Participation",
    "Rules",
    "find_cases",
    "mid_participations",
    "war_participations",
]

T = ObligationType
K = ConditionKind
_FAR = dt.date(9999, 12, 31)
_ORDER = list(ObligationType)

#: What the reliability analysis assumes about conditions ATOP codes without particulars.
#: A location limit is read as the partner's home region (ATOP's own example is "home
#: territory only"); the other unsettled kinds stay undecidable and are counted apart.
RELIABILITY_ASSUMPTIONS = Assumptions(where=Assume.HOME, unknown={K.GEOGRAPHIC_SCOPE: Assume.HOME})


class Outcome(StrEnum):
    """What became of one invoked (or not invoked) pledge in one war."""

    HONOURED = "honoured"
    VIOLATED = "violated"
    UNDECIDABLE = "undecidable"  # invoked or maybe invoked, but the data cannot say whether kept
    NOT_INVOKED = "not_invoked"


@dataclass(frozen=True)
class Rules:
    """The choices that move the figure (each has a row in the sensitivity table).

    ``promise``: ``"specific"`` judges each ally against its own promise through
    the casus-foederis judge (Leeds, Long & Mitchell 2000); ``"joined"`` asks only
    whether the ally joined its partner's side whenever the partner was at war
    (Sabrosky 1980). ``unit``: ``"alliance"`` counts one case per ally, war and
    alliance (the ally's commitment under one treaty, violated if it failed any
    partner the war invoked it for, typed by the strongest pledge invoked: Leeds,
    Long & Mitchell's ally-war-alliance unit); ``"obligation"`` one per ally, war,
    treaty and obligation type; ``"pledge"`` every directed pledge (see
    :func:`foedus.analyses.reliability.summary.units`).
    ``restraint``: a neutrality or non-aggression pledge is invoked whenever the
    partner is at war (``"partner-at-war"``) or only when the ally went to war
    too, on either side (``"ally-at-war"``: an ally that stayed out was never
    tempted). ``wartime``: ``"apart"`` lists pledges made during the very
    war that invokes them (coalitions formed for it) as undecidable;
    ``"count"`` judges them like the rest. ``late``: joining counts only within
    this many days of the partner's entry (None: at any time while the partner
    fought). ``attacked``: who on the side the initiators went to war against
    counts as attacked. ``"home"``: the states at war from the first day, and later
    entrants the attackers opened a front against (one of them entered within a
    day) or whose home region the war reached, except those listed in
    :data:`JOINED_BY_CHOICE`; ``"side"``: all of them; ``"first-day"``: only those
    at war on the first day. Of two states on opposite sides, the later entrant
    attacked the earlier unless it counts as attacked. ``events``:
    ``"wars"`` (COW Inter-State War 4.0) or ``"mids"`` (MID 5.0 disputes reaching
    the use of force, hostility level 4 or 5). ``assume``: what the judge assumes
    about conditions the data leaves open.
    """

    promise: str = "specific"
    unit: str = "alliance"
    restraint: str = "partner-at-war"
    wartime: str = "apart"
    late: int | None = None
    attacked: str = "home"
    events: str = "wars"
    assume: Assumptions = RELIABILITY_ASSUMPTIONS

    def __post_init__(self) -> None:
        from foedus.errors import InputError

        allowed = {
            "promise": ("specific", "joined"),
            "unit": ("obligation", "alliance", "pledge"),
            "restraint": ("partner-at-war", "ally-at-war"),
            "wartime": ("apart", "count"),
            "attacked": ("home", "side", "first-day"),
            "events": ("wars", "mids"),
        }
        for key, values in allowed.items():
            if getattr(self, key) not in values:
                raise InputError(f"{key} must be one of {', '.join(values)}; "
                                 f"got {getattr(self, key)!r}")  # fmt: skip
        if self.late is not None and self.late < 0:
            raise InputError(f"late must be a number of days >= 0, got {self.late}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "promise": self.promise,
            "unit": self.unit,
            "restraint": self.restraint,
            "wartime": self.wartime,
            "late": self.late,
            "attacked": self.attacked,
            "events": self.events,
            "assume": {k.value: v.value for k, v in self.assume.unknown.items()},
        }


@dataclass(frozen=True)
class Participation:
    """One state's part in one war (or dispute): side, spells of fighting, where, source."""

    war: int
    name: str
    ccode: int
    side: int
    spells: tuple[tuple[dt.date, dt.date], ...]
    initiator: bool
    where: int | None
    source: Source

    @property
    def entry(self) -> dt.date:
        return self.spells[0][0]

    @property
    def exit(self) -> dt.date:
        return self.spells[-1][1]

    def overlaps(self, other: Participation) -> bool:
        return any(a0 <= b1 and b0 <= a1 for a0, a1 in self.spells for b0, b1 in other.spells)


def war_participations(rows: Iterable[WarParticipation]) -> list[Participation]:
    """COW inter-state war rows as participations (unknown days widen to the whole month)."""
    out = []
    for r in rows:
        spells = tuple(
            (start.first_day(), end.last_day() if end else _FAR) for start, end in r.spells
        )
        out.append(Participation(r.war, r.name, r.ccode, r.side, spells, r.initiator, r.where,
                                 r.source))  # fmt: skip
    return out


def mid_participations(kb: KnowledgeBase, min_hostility: int = 4) -> list[Participation]:
    """MID 5.0 participants in disputes that reached ``min_hostility`` (4: use of force).

    Side A (the side that took the first militarized action) plays the initiating side;
    MIDs carry no location, so the judge assumes the fighting on the attacked state's
    home territory.
    """
    disputes = kb.relation("mid_disputes").filter(f"hostility >= {int(min_hostility)}")
    keep = {row[0] for row in disputes.project("dispute").fetchall()}
    rows = kb.relation("mid_participants").project(
        "dispute, ccode, start_date, end_date, side_a, originator, source_dataset, "
        "source_version, source_row"
    ).fetchall()
    out = []
    for dispute, ccode, start, end, side_a, originator, ds, ver, srow in rows:
        if dispute not in keep or start is None:
            continue
        spells = ((start, end or _FAR),)
        out.append(Participation(
            dispute, f"MID {dispute}", ccode, 1 if side_a else 2, spells,
            bool(side_a and originator), None, Source(ds, ver, srow),
        ))  # fmt: skip
    return out


@dataclass(frozen=True)
class Case:
    """One ally, one war, one obligation: invoked or not, kept or not, and why."""

    war: int
    war_name: str
    war_start: dt.date
    ally: int
    ally_name: str
    partner: int
    partner_name: str
    type: ObligationType
    treaty: str
    treaty_name: str
    members: int  # the alliance's size: states in the phase that binds the ally
    outcome: Outcome
    reason: str
    casus: str  # the judge's reason
    partner_side: int
    ally_sides: tuple[int, ...]  # COW sides the ally fought on (empty: stayed out)
    wartime: bool  # made during this very war
    sources: tuple[str, ...]

    @property
    def era(self) -> str:
        return "pre-1945" if self.war_start.year < 1945 else "post-1945"

    @property
    def size(self) -> str:
        if self.members <= 2:
            return "bilateral"
        return "3-5 members" if self.members <= 5 else "6+ members"

    def to_dict(self) -> dict[str, Any]:
        return {
            "war": self.war,
            "war_name": self.war_name,
            "year": self.war_start.year,
            "ally": self.ally,
            "ally_name": self.ally_name,
            "partner": self.partner,
            "partner_name": self.partner_name,
            "type": self.type.atop_column or self.type.value,
            "treaty": self.treaty,
            "treaty_name": self.treaty_name,
            "members": self.members,
            "era": self.era,
            "verdict": self.outcome.value,
            "reason": self.reason,
            "casus_foederis": self.casus,
            "partner_side": self.partner_side,
            "ally_sides": list(self.ally_sides),
            "wartime": self.wartime,
            "sources": list(self.sources),
        }


@dataclass
class _Treaties:
    """Alliance size and formation facts for every treaty, read in two queries."""

    kb: KnowledgeBase
    sizes: dict[tuple[str, int], int] = field(default_factory=dict)
    wartime: dict[str, bool | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for summary in self.kb.treaties(""):
            w = summary.treaty.attributes.get("wartime")
            self.wartime[summary.treaty.id] = None if w is None else bool(w)
        members: dict[tuple[str, int], set[int]] = defaultdict(set)
        rel = self.kb.relation("members", view=self.kb.view).project("treaty, phase, ccode")
        for treaty, phase, ccode in rel.fetchall():
            members[(treaty, phase)].add(ccode)
        self.sizes = {k: len(v) for k, v in members.items()}

    def size(self, o: Obligation) -> int:
        return self.sizes.get((o.treaty, o.phase), 2)

    def made_in_war(self, o: Obligation) -> bool | None:
        return self.wartime.get(o.treaty)


def find_cases(
    kb: KnowledgeBase,
    participations: Sequence[Participation],
    rules: Rules = Rules(),
    *,
    start: int | None = None,
    end: int | None = None,
) -> list[Case]:
    """Every (ally, war, obligation) case in wars beginning in ``start``–``end`` (years).

    The partner's obligations are those in force on the day it entered the war;
    one case per directed pledge, treaty and type, the first entry of a partner
    that fought twice (changing sides) deciding.
    """
    by_war: dict[int, list[Participation]] = defaultdict(list)
    for p in participations:
        by_war[p.war].append(p)
    treaties = _Treaties(kb)
    out: list[Case] = []
    for _, rows in sorted(by_war.items()):
        began = min(r.entry for r in rows)
        if (start is not None and began.year < start) or (end is not None and began.year > end):
            continue
        out.extend(_war_cases(kb, rows, rules, treaties))
    return out


#: Late entrants on the attacked side that went to war by their own decision (a declaration
#: of war, joining a coalition), not because they were attacked: (COW war, ccode) -> why.
#: Standard diplomatic history, from memory (not checked against a source in this pass);
#: tests/test_reliability.py checks that each row is a participant COW lists on that side.
JOINED_BY_CHOICE: dict[tuple[int, int], str] = {
    (106, 200): "the United Kingdom declared war on Germany (4 August 1914)",
    (106, 740): "Japan declared war on Germany (23 August 1914)",
    (106, 325): "Italy declared war on Austria-Hungary (23 May 1915)",
    (106, 360): "Romania declared war on Austria-Hungary (27 August 1916)",
    (106, 2): "the United States declared war on Germany (6 April 1917)",
    (106, 350): "Greece declared war on the Central Powers (June 1917)",
    (139, 200): "the United Kingdom declared war on Germany (3 September 1939)",
    (139, 220): "France declared war on Germany (3 September 1939)",
    (139, 900): "Australia declared war on Germany (3 September 1939)",
    (139, 920): "New Zealand declared war on Germany (3 September 1939)",
    (139, 560): "South Africa declared war on Germany (6 September 1939)",
    (139, 20): "Canada declared war on Germany (10 September 1939)",
    (139, 325): "Italy declared war on Germany (13 October 1943)",
    (139, 140): "Brazil declared war on the Axis (August 1942)",
    (139, 712): "Mongolia declared war on Japan (10 August 1945)",
    (151, 800): "Thailand sent troops to the UN command in Korea",
    (151, 840): "the Philippines sent troops to the UN command in Korea",
    (211, 651): "Egypt joined the coalition against Iraq (January 1991)",
    (211, 652): "Syria joined the coalition against Iraq (January 1991)",
    (211, 670): "Saudi Arabia joined the coalition's offensive (January 1991)",
    (211, 694): "Qatar joined the coalition's offensive (January 1991)",
    (211, 696): "the United Arab Emirates joined the coalition (January 1991)",
    (211, 698): "Oman joined the coalition (January 1991)",
}


@dataclass
class _War:
    """One war's sides, and who counts as attacked and who attacked whom."""

    rows: list[Participation]
    rules: Rules
    began: dt.date = field(init=False)
    ended: dt.date = field(init=False)
    attack_side: int = field(init=False)
    attacked: set[int] = field(init=False)  # id() of the rows that count as attacked

    def __post_init__(self) -> None:
        rows = self.rows
        initiating = {r.side for r in rows if r.initiator} or {min(r.side for r in rows)}
        self.attack_side = min(initiating)
        self.began = min(r.entry for r in rows)
        self.ended = max(r.exit for r in rows)
        self.attacked = {id(r) for r in rows if r.side != self.attack_side and self._hit(r)}

    def _hit(self, r: Participation) -> bool:
        rule = self.rules.attacked
        if rule == "side" or r.entry == self.began:
            return True
        if rule == "first-day" or (r.war, r.ccode) in JOINED_BY_CHOICE:
            return False
        # "home": a late entrant was attacked when the attackers opened a front against it
        # (one of them entered within a day of it) or the war reached its home region.
        opened = any(abs((x.entry - r.entry).days) <= 1 for x in self.rows
                     if x.side == self.attack_side)  # fmt: skip
        return opened or overlaps(home_area(r.ccode), area(r.where))

    def aggressor(self, a: Participation, b: Participation) -> Participation:
        """Of two states on opposite sides, the one that attacked the other."""
        if a.entry == b.entry:
            return a if a.side == self.attack_side else b
        later, earlier = (a, b) if a.entry > b.entry else (b, a)
        if later.side == self.attack_side or id(later) not in self.attacked:
            return later  # it joined the attack, or chose to enter against the other
        return earlier


def _war_cases(
    kb: KnowledgeBase,
    rows: list[Participation],
    rules: Rules,
    treaties: _Treaties,
) -> list[Case]:
    war = _War(rows, rules)
    by_state: dict[int, list[Participation]] = defaultdict(list)
    for r in rows:
        by_state[r.ccode].append(r)
    seen: set[tuple[int, int, str, ObligationType | None]] = set()
    out: list[Case] = []
    for partner in sorted(rows, key=lambda r: (r.entry, r.ccode)):
        day = partner.entry
        pledges = [o for o in kb.defends(partner.ccode, day) if o.obligor != partner.ccode]
        if not pledges:
            continue
        enemies = {r.ccode for r in rows if r.side != partner.side and r.overlaps(partner)}
        friends = {r.ccode for r in rows if r.side == partner.side and r.overlaps(partner)}
        friends.add(partner.ccode)
        enemies -= friends
        if not enemies:  # dates that do not overlap: take the whole other side
            enemies = {r.ccode for r in rows if r.side != partner.side} - friends
        if not enemies:
            continue
        if partner.side == war.attack_side:
            sides = Sides(frozenset(friends), frozenset(enemies))
        else:
            hit = frozenset(r.ccode for r in rows if id(r) in war.attacked)
            sides = Sides(frozenset(enemies), frozenset(friends), hit)
        scenario = Scenario(
            sides.attacker, sides.target, day,
            where=partner.where, provoked=False, began=war.began, conflict=partner.name,
        )  # fmt: skip
        name = _namer(kb, day)
        if rules.promise == "joined":  # one case per ally and alliance, its strongest pledge
            pledges.sort(key=lambda o: _ORDER.index(o.type))
        judged = judge(pledges, scenario, sides, assume=rules.assume, names=name)
        for j in judged:
            o = j.obligation
            kind = None if rules.promise == "joined" else o.type
            key = (partner.war, o.obligor, f"{o.treaty}>{o.beneficiary}", kind)
            if key in seen:
                continue
            seen.add(key)
            ally_rows = by_state.get(o.obligor, [])
            out.append(_case(j, partner, ally_rows, war, rules, treaties))
    return out


def _namer(kb: KnowledgeBase, day: dt.date) -> Any:
    def name(code: int) -> str:
        try:
            return kb.states.name(code, day)
        except Exception:  # a code the state list does not know on that day
            return str(code)

    return name


def _case(
    j: Judgement,
    partner: Participation,
    ally_rows: list[Participation],
    war: _War,
    rules: Rules,
    treaties: _Treaties,
) -> Case:
    o = j.obligation
    made_during = war.began <= o.valid_from <= war.ended
    wartime_flag = treaties.made_in_war(o)
    wartime = made_during and wartime_flag is not False
    in_force_until = o.valid_to or _FAR
    window_end = in_force_until
    if rules.late is not None:
        window_end = min(window_end, partner.entry + dt.timedelta(days=rules.late))
    joined = [r for r in ally_rows if r.side == partner.side and r.overlaps(partner)
              and r.entry <= window_end]  # fmt: skip
    against = [r for r in ally_rows if r.side != partner.side and r.overlaps(partner)
               and r.entry <= in_force_until]  # fmt: skip
    sides = tuple(sorted({r.side for r in ally_rows if r.overlaps(partner)}))
    ally, pal = o.obligor_name, o.beneficiary_name
    when = partner.entry.isoformat()
    turned = [r for r in against if war.aggressor(partner, r) is partner]
    if turned and rules.promise == "specific" and o.type is not T.CONSULTATION:
        # The partner attacked its own ally (Italy in May 1915, Romania in August 1916), or
        # chose to enter a war against it: the ally's pledge is not what the war tested.
        since = max(turned[0].entry, partner.entry).isoformat()
        outcome, reason = Outcome.NOT_INVOKED, (
            f"{pal} went to war against {ally} (at war with each other from {since}): "
            f"{pal} turned on its ally, not the reverse")
    else:
        outcome, reason = _verdict(j, rules, joined, against, ally, pal, when)
    if wartime and rules.wartime == "apart" and outcome is not Outcome.NOT_INVOKED:
        outcome = Outcome.UNDECIDABLE
        reason = (f"made on {o.valid_from.isoformat()}, during this war, by states already in "
                  f"it: a coalition formed for this war, counted apart ({reason})")  # fmt: skip
    sources = [str(o.source), str(partner.source)]
    sources += [str(r.source) for r in ally_rows if r.overlaps(partner)]
    return Case(
        war=partner.war, war_name=partner.name, war_start=war.began, ally=o.obligor,
        ally_name=ally, partner=o.beneficiary, partner_name=pal, type=o.type,
        treaty=o.treaty, treaty_name=o.treaty_name, members=treaties.size(o),
        outcome=outcome, reason=reason, casus=j.reason, partner_side=partner.side,
        ally_sides=sides, wartime=wartime, sources=tuple(dict.fromkeys(sources)),
    )  # fmt: skip


def _verdict(
    j: Judgement,
    rules: Rules,
    joined: list[Participation],
    against: list[Participation],
    ally: str,
    pal: str,
    when: str,
) -> tuple[Outcome, str]:
    o = j.obligation
    fought = f"{ally} fought against {pal}" + (
        f" (from {max(against[0].entry, joined_day(against[0], when)).isoformat()})"
        if against else "")
    fought_with = f"{ally} joined {pal}'s side" + (
        f" on {joined[0].entry.isoformat()}" if joined else "")
    if rules.promise == "joined":  # Sabrosky: every ally of a state at war should join it
        if joined and not against:
            return Outcome.HONOURED, fought_with
        if against:
            return Outcome.VIOLATED, fought
        return Outcome.VIOLATED, f"{ally} did not join {pal}, at war from {when}"
    if j.verdict is Verdict.NOT_TRIGGERED:
        return Outcome.NOT_INVOKED, j.reason.removeprefix("not triggered: ")
    if o.type is T.CONSULTATION:
        return Outcome.UNDECIDABLE, ("a consultation pledge: whether the allies consulted is "
                                     "not in the war data")  # fmt: skip
    if j.verdict is Verdict.UNDETERMINED:
        open_ = "; ".join(c.reason for c in j.checks if c.met is None)
        return Outcome.UNDECIDABLE, f"the data cannot say whether the war invoked it: {open_}"
    if o.type in (T.DEFENSE, T.OFFENSE, T.GUARANTEE):
        if joined and not against:
            return Outcome.HONOURED, fought_with
        if against:
            return Outcome.VIOLATED, fought
        return Outcome.VIOLATED, f"{ally} stayed out while {pal} fought (from {when})"
    if against:  # neutrality, non-aggression
        return Outcome.VIOLATED, fought
    if rules.restraint == "ally-at-war" and not joined:
        return Outcome.NOT_INVOKED, (f"{ally} stayed out of the war: its restraint toward "
                                     f"{pal} was not put to the test")  # fmt: skip
    kept = "did not fight" if o.type is T.NONAGGRESSION else "did not join against"
    return Outcome.HONOURED, f"{ally} {kept} {pal}"


def joined_day(row: Participation, partner_entry: str) -> dt.date:
    """The day two states were first at war on opposite sides: the later of their entries."""
    return max(row.entry, dt.date.fromisoformat(partner_entry))


def with_rules(rules: Rules, **changes: Any) -> Rules:
    """``rules`` with some choices changed (for the sensitivity table)."""
    return replace(rules, **changes)
