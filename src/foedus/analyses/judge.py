"""The casus-foederis judge: which pledges a war sets off, and whom they forbid to fight whom.

A :class:`Scenario` says who attacks whom on which day (optionally where the
fighting is, whether the target provoked it, which states stay out, which
pledges to treat as void and which hypothetical ones to add). For every
obligation in force that day toward a belligerent, :func:`judge` answers
``triggered``, ``not_triggered`` or ``undetermined`` (a condition the scenario
does not settle), with the reason in words and the source row. A defence
pledge triggered means the obligor should join its ally's side; an offence
pledge, the attacker's side; neutrality and non-aggression pledges forbid the
obligor to join the side fighting its ally.

The API the escalation cascade and the reliability analysis call:

* ``judge(obligations, scenario, sides=None, *, assume=STRICT, names=None)
  -> list[Judgement]``: pure, no I/O; call it once per round with the sides as
  they stand (:class:`Sides`, which grows with :meth:`Sides.join`).
* ``at_stake(kb, scenario, sides=None) -> list[Obligation]``: every pledge in
  force on the day toward a belligerent, plus the scenario's hypothetical ones.
* ``judge_war(kb, scenario, sides=None, *, assume=STRICT) -> list[Judgement]``:
  the two together, states named as they were on the day.
* ``make_scenario(kb, attackers, targets, on, **options) -> Scenario``: states
  given by any name, checked to exist on the day.
* ``hypothetical(obligor, beneficiary, type, on, ...) -> Obligation``: a pledge
  to add to a scenario.

A :class:`Judgement` carries the obligation, the verdict, the reason, the
conditions checked one by one (:class:`Check`), ``joins`` (the side the obligor
would join if it honours the pledge), ``may_not_join`` and ``may_not_fight``
(what a neutrality or non-aggression pledge forbids), ``obligor_side`` (where
the obligor already fights) and ``breached`` (it already fights its ally).

The rules, each with the case that proves it, are in docs/judge.md. Conditions
the data cannot settle (ATOP codes *that* a pledge is limited to an adversary
or a place, not always *which*) are ``undetermined`` under :data:`STRICT`;
:class:`Assumptions` lets a caller (the reliability analysis) say what to
assume instead, kind by kind.

A worked case, the summer of 1914 built by hand from ATOP's coding: France and
Russia owe each other defence (ATOP 1385), Italy owes Germany defence under the
Triple Alliance (ATOP 1350). Germany attacks Russia on 1 August 1914:

>>> from foedus.build import hand_built
>>> from foedus.model import Membership, ObligationType as T, PartialDate as P
>>> rows = [Membership("fr-ru", 0, c, P(1894, 1, 4), P(1917, 11, 7), frozenset({T.DEFENSE}))
...         for c in (220, 365)]
>>> rows += [Membership("triple", 4, c, P(1913, 8, 2), P(1915, 5, 23), frozenset({T.DEFENSE}))
...          for c in (255, 325)]
>>> kb = hand_built(rows, states={220: "France", 365: "Russia", 255: "Germany", 325: "Italy"})
>>> war = make_scenario(kb, attackers=["Germany"], targets=["Russia"], on="1914-08-01")
>>> said = {j.obligation.obligor_name: j for j in judge_war(kb, war)}
>>> said["France"].verdict.value, said["France"].joins.value
('triggered', 'target')
>>> print(said["France"].reason)
triggered: France's defense pledge to Russia: Russia is attacked by Germany; no condition limits it
>>> print(said["Italy"].reason)  # doctest: +NORMALIZE_WHITESPACE
not triggered: Italy's defense pledge to Germany does not apply: Germany is on the
attacking side; a defence pledge covers an ally that is attacked

The cascade's next round: France has joined Russia's side, so pledges toward
France count too (none here):

>>> sides = war.sides.join(220, Side.TARGET)
>>> sorted(sides.target)
[220, 365]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from foedus.analyses.regions import Region, area, describe, home_area, overlaps
from foedus.errors import InputError
from foedus.model import (
    ConditionKind,
    Obligation,
    ObligationType,
    Precision,
    Source,
    Status,
    Term,
    parse_date,
)

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "LENIENT",
    "STRICT",
    "Assume",
    "Assumptions",
    "Check",
    "Judgement",
    "Scenario",
    "Side",
    "Sides",
    "Verdict",
    "at_stake",
    "hypothetical",
    "judge",
    "judge_war",
    "make_scenario",
]

K = ConditionKind
T = ObligationType
Names = Callable[[int], str]


class Verdict(StrEnum):
    """Whether a war meets an obligation's casus foederis."""

    TRIGGERED = "triggered"
    NOT_TRIGGERED = "not_triggered"
    UNDETERMINED = "undetermined"  # a condition the scenario (or the data) does not settle


class Side(StrEnum):
    """The two sides of a war: the attacker's and the target's."""

    ATTACKER = "attacker"
    TARGET = "target"

    @property
    def other(self) -> Side:
        return Side.TARGET if self is Side.ATTACKER else Side.ATTACKER


class Assume(StrEnum):
    """What to assume about a condition the scenario or the data cannot settle."""

    UNDETERMINED = "undetermined"  # say so: the verdict is undetermined
    MET = "met"
    NOT_MET = "not-met"
    HOME = "home"  # a geographic scope with no area given: the ally's home territory


@dataclass(frozen=True)
class Assumptions:
    """The judge's answers to questions the data leaves open.

    ``where``: when the scenario does not say where the fighting is, take it to be
    on the home territory of the state attacked (``Assume.HOME``, the default) or
    leave location-limited pledges undetermined (``Assume.UNDETERMINED``).
    ``unknown``: per condition kind, what to assume when the condition cannot be
    checked (an ATOP named-adversary condition whose adversary ATOP does not name,
    a location limit without the location, "other conditions"...); kinds not
    listed are undetermined.
    """

    where: Assume = Assume.HOME
    unknown: Mapping[ConditionKind, Assume] = field(default_factory=dict)

    def on_unknown(self, kind: ConditionKind) -> Assume:
        return self.unknown.get(kind, Assume.UNDETERMINED)


#: Say "undetermined" whenever a condition cannot be checked (the default).
STRICT = Assumptions()
#: Give the ally the benefit of every doubt: unknown conditions are met, an unplaced
#: location limit is the ally's home territory.
LENIENT = Assumptions(
    unknown={k: (Assume.HOME if k is K.GEOGRAPHIC_SCOPE else Assume.MET) for k in K}
)


def _codes(states: Iterable[int | str] | int | str) -> frozenset[int]:
    if isinstance(states, int | str):
        states = [states]
    out = set()
    for s in states:
        try:
            out.add(int(s))
        except (TypeError, ValueError):
            raise InputError(
                f"expected COW codes, got {s!r}; make_scenario resolves names"
            ) from None
    return frozenset(out)


@dataclass(frozen=True)
class Sides:
    """Who fights on which side at one round of a war.

    ``attacked``: the states on the target side that count as attacked (a defence
    pledge covers them); None, the default, counts the whole target side.
    """

    attacker: frozenset[int]
    target: frozenset[int]
    attacked: frozenset[int] | None = None

    def __post_init__(self) -> None:
        both = self.attacker & self.target
        if both:
            raise InputError(f"states on both sides of the war: {sorted(both)}")

    @property
    def belligerents(self) -> frozenset[int]:
        return self.attacker | self.target

    def side_of(self, state: int) -> Side | None:
        if state in self.attacker:
            return Side.ATTACKER
        if state in self.target:
            return Side.TARGET
        return None

    def members(self, side: Side) -> frozenset[int]:
        return self.attacker if side is Side.ATTACKER else self.target

    def is_attacked(self, state: int) -> bool:
        if state not in self.target:
            return False
        return self.attacked is None or state in self.attacked

    def join(self, state: int, side: Side | str, *, attacked: bool = True) -> Sides:
        """These sides with ``state`` fighting on ``side`` (a cascade's next round).

        A state joining the target side counts as attacked unless ``attacked=False``.
        """
        side = Side(side)
        attacker = self.attacker | {state} if side is Side.ATTACKER else self.attacker
        target = self.target | {state} if side is Side.TARGET else self.target
        hit = self.attacked
        if hit is not None and side is Side.TARGET and attacked:
            hit = hit | {state}
        elif hit is None and side is Side.TARGET and not attacked:
            hit = self.target
        return Sides(attacker, target, hit)


@dataclass(frozen=True)
class Scenario:
    """A war: who attacks whom on which day, and what the judge may not assume.

    ``where``: where the fighting is, as an area or territory name ("Korean
    peninsula", "Europe") or a COW WhereFought code; None lets
    :class:`Assumptions` decide. ``provoked``: whether the target provoked the
    attack (False by default: the attacker is the aggressor; None leaves it
    open). ``held_out``: states that stay out whatever they owe. ``void``:
    pledges to treat as void, as ``"atop-1385"`` (a treaty),
    ``"atop-1385/220"`` (one obligor's pledges under it) or
    ``"atop-1385/220>365"`` (one directed pair). ``extra``: hypothetical pledges
    (:func:`hypothetical`). ``began``: when the war began (default ``on``): a
    pledge limited to "a particular ongoing conflict" covers a war that was
    going on when it was made, no war that began later. ``conflict``: the war's
    name, matched against a specific-conflict condition that names one.
    ``demands_refused`` and ``requested`` settle ATOP's demands and
    only-if-requested conditions.
    """

    attackers: frozenset[int]
    targets: frozenset[int]
    on: dt.date
    where: str | int | None = None
    provoked: bool | None = False
    held_out: frozenset[int] = frozenset()
    void: frozenset[str] = frozenset()
    extra: tuple[Obligation, ...] = ()
    began: dt.date | None = None
    conflict: str | None = None
    demands_refused: bool | None = None
    requested: bool | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "attackers", _codes(self.attackers))
        set_(self, "targets", _codes(self.targets))
        set_(self, "held_out", _codes(self.held_out))
        set_(self, "void", frozenset(self.void))
        set_(self, "extra", tuple(self.extra))
        set_(self, "on", parse_date(self.on))
        if self.began is not None:
            set_(self, "began", parse_date(self.began))
        if not self.attackers or not self.targets:
            raise InputError("a scenario needs at least one attacker and one target")
        if self.attackers & self.targets:
            raise InputError(
                f"states both attack and are attacked: {sorted(self.attackers & self.targets)}"
            )
        if isinstance(self.where, str) and self.where.strip() and not area(self.where):
            raise InputError(
                f"foedus cannot place {self.where!r}; give a region (Europe, East Asia, "
                "Pacific, North Atlantic...), a territory (Korean peninsula, Taiwan...) "
                "or a COW WhereFought code (1-19)"
            )

    @property
    def sides(self) -> Sides:
        """The sides on the first day: the attackers against the targets."""
        return Sides(self.attackers, self.targets)

    @property
    def start(self) -> dt.date:
        return self.began or self.on

    def voids(self, o: Obligation) -> bool:
        keys = (o.treaty, f"{o.treaty}/{o.obligor}", f"{o.treaty}/{o.obligor}>{o.beneficiary}")
        return any(k in self.void for k in keys)


@dataclass(frozen=True)
class Check:
    """One condition of a pledge checked against the scenario.

    ``met`` is None when the condition cannot be settled; ``assumed`` is True
    when the answer comes from :class:`Assumptions`, not from the scenario.
    """

    kind: ConditionKind
    met: bool | None
    reason: str
    assumed: bool = False
    term: Term | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "met": self.met, "reason": self.reason,
                "assumed": self.assumed}  # fmt: skip


_FIGHTING = (T.DEFENSE, T.OFFENSE, T.GUARANTEE)
_RESTRAINING = (T.NEUTRALITY, T.NONAGGRESSION)


@dataclass(frozen=True)
class Judgement:
    """The judge's answer for one obligation in one scenario."""

    obligation: Obligation
    verdict: Verdict
    reason: str
    joins: Side | None = None  # the side honouring the pledge means joining
    may_not_join: Side | None = None  # the side a neutrality / non-aggression pledge forbids
    may_not_fight: frozenset[int] = frozenset()
    checks: tuple[Check, ...] = ()
    obligor_side: Side | None = None  # where the obligor already fights
    beneficiary_side: Side | None = None
    held_out: bool = False

    @property
    def source(self) -> Source:
        return self.obligation.source

    @property
    def breached(self) -> bool:
        """True when the obligor already fights on the side against its ally."""
        return (
            self.obligation.type is not T.CONSULTATION
            and self.obligor_side is not None
            and self.beneficiary_side is not None
            and self.obligor_side is not self.beneficiary_side
        )

    def to_dict(self) -> dict[str, Any]:
        o = self.obligation
        return {
            **o.head_dict(),
            "verdict": self.verdict.value,
            "reason": self.reason,
            "joins": self.joins.value if self.joins else None,
            "may_not_join": self.may_not_join.value if self.may_not_join else None,
            "may_not_fight": sorted(self.may_not_fight),
            "breached": self.breached,
            "held_out": self.held_out,
            "checks": [c.to_dict() for c in self.checks],
            "source": o.source.to_dict(),
        }


# -- the context one obligation is judged in ----------------------------------------------


@dataclass(slots=True)
class _Ctx:
    o: Obligation
    scenario: Scenario
    sides: Sides
    side: Side  # the beneficiary's side
    opponents: frozenset[int]  # the states fighting the beneficiary
    attacked: bool
    assume: Assumptions
    name: Names

    def names(self, codes: Iterable[int]) -> str:
        listed = [self.name(c) for c in sorted(codes)]
        return ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else "".join(listed)

    def fighting(self) -> tuple[frozenset[Region], bool]:
        """Where the fighting is, and whether that is assumed rather than given."""
        if self.scenario.where is not None:
            return area(self.scenario.where), False
        if self.assume.where is not Assume.HOME:
            return frozenset(), True
        if not self.attacked:
            hit = set(self.opponents)
        elif self.o.beneficiary in self.scenario.targets:
            hit = {self.o.beneficiary}
        else:
            # A state that joined the target side is fought where the war is, on the first
            # targets' soil: the US defending South Korea is not attacked in North America.
            hit = set(self.scenario.targets)
        if self.o.type in _RESTRAINING:
            hit = {self.o.beneficiary} | set(self.opponents)
        regions: frozenset[Region] = frozenset().union(*(home_area(c) for c in hit))
        return regions, True


def _unknown(ctx: _Ctx, term: Term, why: str) -> Check:
    choice = ctx.assume.on_unknown(term.kind)
    if choice is Assume.MET:
        return Check(term.kind, True, f"{why}; assumed met", True, term)
    if choice is Assume.NOT_MET:
        return Check(term.kind, False, f"{why}; assumed not met", True, term)
    if choice is Assume.HOME and term.kind is K.GEOGRAPHIC_SCOPE:
        home = home_area(ctx.o.beneficiary)
        fighting, _ = ctx.fighting()
        if not fighting:
            return Check(term.kind, None, f"{why}; where the war is fought is not given",
                         True, term)  # fmt: skip
        met = overlaps(home, fighting)
        said = "reaches" if met else "is not in"
        return Check(
            term.kind, met,
            f"{why}; taken as {ctx.o.beneficiary_name}'s home region ({describe(home)}): "
            f"the fighting ({describe(fighting)}) {said} it",
            True, term,
        )  # fmt: skip
    return Check(term.kind, None, why, False, term)


# -- one rule per condition kind ---------------------------------------------------------


def _adversary(term: Term, ctx: _Ctx) -> Check:
    if not term.adversaries:
        return _unknown(ctx, term, "limited to an adversary the data does not name")
    named = ctx.names(term.adversaries)
    hit = set(term.adversaries) & ctx.opponents
    if hit:
        return Check(term.kind, True, f"limited to {named}; {ctx.names(hit)} fights "
                     f"{ctx.o.beneficiary_name}", term=term)  # fmt: skip
    return Check(term.kind, False, f"limited to {named}, who is not fighting "
                 f"{ctx.o.beneficiary_name}", term=term)  # fmt: skip


_OWN_TERRITORY = re.compile(r"\bterritor(y|ies)\b", re.I)


def _scope(term: Term, ctx: _Ctx) -> Check:
    if not term.scope:
        return _unknown(ctx, term, "limited to a location the data does not name")
    scope = area(term.scope)
    if not scope and _OWN_TERRITORY.search(term.scope):
        # "an armed attack on a party's territory": the ally's own territory.
        scope = home_area(ctx.o.beneficiary)
    if not scope:
        return Check(term.kind, None, f"limited to {term.scope!r}, which foedus cannot place",
                     term=term)  # fmt: skip
    fighting, assumed = ctx.fighting()
    if not fighting:
        return Check(term.kind, None, f"limited to {term.scope}; the scenario does not say "
                     "where the war is fought", term=term)  # fmt: skip
    met = overlaps(scope, fighting)
    where = describe(fighting) + (" (assumed: the home territory of the state attacked)"
                                  if assumed else "")  # fmt: skip
    verb = "is within" if met else "is outside"
    return Check(term.kind, met, f"limited to {term.scope}; the fighting, in {where}, {verb} it",
                 assumed=assumed, term=term)  # fmt: skip


def _conflict(term: Term, ctx: _Ctx) -> Check:
    sc = ctx.scenario
    if term.scope and sc.conflict:
        a, b = term.scope.lower(), sc.conflict.lower()
        met = a in b or b in a
        return Check(term.kind, met, f"limited to {term.scope}; this war is {sc.conflict}",
                     term=term)  # fmt: skip
    made = ctx.o.valid_from
    if made < sc.start:
        return Check(term.kind, False, f"limited to a conflict going on when it was made "
                     f"({made.isoformat()}), before this war began ({sc.start.isoformat()})",
                     term=term)  # fmt: skip
    return Check(term.kind, True, f"limited to a conflict going on when it was made "
                 f"({made.isoformat()}): this war, under way since {sc.start.isoformat()}",
                 term=term)  # fmt: skip


_AT_LEAST_TWO = re.compile(r"\b(two or more|more than one|several|coalition|two powers)\b", re.I)
_ONLY_ONE = re.compile(r"\b(one power|single|bilateral war|by one|alone)\b", re.I)


def _number(term: Term, ctx: _Ctx) -> Check:
    n = len(ctx.opponents)
    text = term.text
    if _AT_LEAST_TWO.search(text):
        return Check(term.kind, n >= 2, f"only against two or more adversaries; "
                     f"{n} fight{'s' if n == 1 else ''} {ctx.o.beneficiary_name}", term=term)
    if _ONLY_ONE.search(text):
        return Check(term.kind, n == 1, f"only against a single adversary; {n} fight "
                     f"{ctx.o.beneficiary_name}", term=term)  # fmt: skip
    return _unknown(ctx, term, "depends on the number of adversaries in a way the data "
                    "does not say")  # fmt: skip


def _demands(term: Term, ctx: _Ctx) -> Check:
    refused = ctx.scenario.demands_refused
    if refused is None:
        return _unknown(ctx, term, "only if stated demands are refused; the scenario does not say")
    return Check(term.kind, refused, "stated demands were " + ("refused" if refused else "met"),
                 term=term)  # fmt: skip


def _provocation(term: Term, ctx: _Ctx) -> Check:
    provoked = ctx.scenario.provoked
    if ctx.side is Side.ATTACKER:
        return Check(term.kind, False, f"only if the ally did not provoke; "
                     f"{ctx.o.beneficiary_name} is on the attacking side", term=term)
    if provoked is None:
        return _unknown(ctx, term, "only if the ally did not provoke; the scenario leaves "
                        "open whether it did")  # fmt: skip
    said = "provoked the attack" if provoked else "did not provoke the attack"
    return Check(term.kind, not provoked, f"only if unprovoked; {ctx.o.beneficiary_name} {said}",
                 term=term)  # fmt: skip


def _if_attacked(term: Term, ctx: _Ctx) -> Check:
    verb = "is attacked" if ctx.attacked else "is not attacked (it is not the target)"
    return Check(term.kind, ctx.attacked, f"only if the ally is attacked; "
                 f"{ctx.o.beneficiary_name} {verb}", term=term)  # fmt: skip


def _requested(term: Term, ctx: _Ctx) -> Check:
    asked = ctx.scenario.requested
    if asked is None:
        return _unknown(ctx, term, "only if the ally asks; the scenario does not say")
    return Check(term.kind, asked, "the ally " + ("asked" if asked else "did not ask"), term=term)


def _armed_attack(term: Term, ctx: _Ctx) -> Check:
    verb = "is under armed attack" if ctx.attacked else "is not under armed attack"
    return Check(term.kind, ctx.attacked, f"when an armed attack puts the ally in a state of "
                 f"war; {ctx.o.beneficiary_name} {verb}", term=term)  # fmt: skip


def _qualifier(term: Term, ctx: _Ctx) -> Check:
    return Check(term.kind, True, f"{_QUALIFIES[term.kind]}: shapes the response, not the "
                 "trigger", term=term)  # fmt: skip


def _other(term: Term, ctx: _Ctx) -> Check:
    return _unknown(ctx, term, f"a further condition ({term.text})")


_QUALIFIES = {
    K.CONSTITUTIONAL_PROCESSES: "in accordance with constitutional processes",
    K.WITHOUT_DELAY: "immediately, without delay",
    K.UN_CHARTER_ART_51: "under Art. 51 of the UN Charter",
    K.NATIONAL_LEGISLATION: "in accordance with national legislation",
    K.DISCRETION: "each party decides the action it takes",
}

#: One rule per condition kind (docs/judge.md states each with its case).
RULES: dict[ConditionKind, Callable[[Term, _Ctx], Check]] = {
    K.NAMED_ADVERSARY: _adversary,
    K.GEOGRAPHIC_SCOPE: _scope,
    K.SPECIFIC_CONFLICT: _conflict,
    K.NUMBER_OF_ATTACKERS: _number,
    K.DEMANDS: _demands,
    K.NON_PROVOCATION: _provocation,
    K.ONLY_IF_ATTACKED: _if_attacked,
    K.ONLY_IF_REQUESTED: _requested,
    K.STATE_OF_WAR_BY_ARMED_ATTACK: _armed_attack,
    K.CONSTITUTIONAL_PROCESSES: _qualifier,
    K.WITHOUT_DELAY: _qualifier,
    K.UN_CHARTER_ART_51: _qualifier,
    K.NATIONAL_LEGISLATION: _qualifier,
    K.DISCRETION: _qualifier,
    K.OTHER: _other,
}


# -- the judge ---------------------------------------------------------------------------


def _pledge(o: Obligation) -> str:
    kind = "guarantee" if o.type is T.GUARANTEE else f"{o.type.value} pledge"
    return f"{o.obligor_name}'s {kind} to {o.beneficiary_name}"


def _in_force(o: Obligation, day: dt.date) -> bool:
    return o.valid_from <= day and (o.valid_to is None or day <= o.valid_to)


def _named(o: Obligation, fallback: Names | None) -> Names:
    if fallback is not None:
        return fallback
    own = {o.obligor: o.obligor_name, o.beneficiary: o.beneficiary_name}
    return lambda code: own.get(code, str(code))


def _memo(names: Names | None) -> Names | None:
    """Name each state once per call (a cascade round names the same sides many times)."""
    if names is None:
        return None
    seen: dict[int, str] = {}

    def name(code: int) -> str:
        if code not in seen:
            seen[code] = names(code)
        return seen[code]

    return name


def judge(
    obligations: Iterable[Obligation],
    scenario: Scenario,
    sides: Sides | None = None,
    *,
    assume: Assumptions = STRICT,
    names: Names | None = None,
) -> list[Judgement]:
    """Judge each obligation against the scenario, with the sides as they stand.

    ``sides`` defaults to the scenario's first day (attackers against targets);
    a cascade passes the grown sides of its later rounds. ``names`` names a
    COW code in reasons (default: the obligation's own names, else the code).
    Pure and fast: no I/O; obligations are judged independently.
    """
    sides = sides or scenario.sides
    names = _memo(names)
    return [_judge_one(o, scenario, sides, assume, _named(o, names)) for o in obligations]


def _judge_one(
    o: Obligation, sc: Scenario, sides: Sides, assume: Assumptions, name: Names
) -> Judgement:
    held = o.obligor in sc.held_out
    own = sides.side_of(o.obligor)
    theirs = sides.side_of(o.beneficiary)
    base = {"obligor_side": own, "beneficiary_side": theirs, "held_out": held}

    def no(why: str, checks: tuple[Check, ...] = ()) -> Judgement:
        reason = f"not triggered: {_pledge(o)} does not apply: {why}"
        return Judgement(o, Verdict.NOT_TRIGGERED, reason, checks=checks, **base)  # type: ignore[arg-type]

    if sc.voids(o):
        return no("the scenario treats it as void")
    if o.status is not Status.IN_FORCE:
        return no(f"it is {o.status.value.replace('_', ' ')}, not in force")
    if not _in_force(o, sc.on):
        until = o.valid_to.isoformat() if o.valid_to else "ongoing"
        return no(f"not in force on {sc.on.isoformat()} ({o.valid_from.isoformat()} – {until})")
    if theirs is None:
        return no(f"{o.beneficiary_name} is not at war")
    opponents = sides.members(theirs.other)
    attacked = sides.is_attacked(o.beneficiary)
    ctx = _Ctx(o, sc, sides, theirs, opponents, attacked, assume, name)
    if o.type in (T.DEFENSE, T.GUARANTEE) and theirs is Side.ATTACKER:
        return no(f"{o.beneficiary_name} is on the attacking side; a defence pledge covers "
                  "an ally that is attacked")  # fmt: skip
    if o.type in (T.DEFENSE, T.GUARANTEE) and not attacked:
        return no(f"{o.beneficiary_name} joined the war; it was not attacked")
    if o.type is T.OFFENSE and theirs is Side.TARGET:
        return no(f"{o.beneficiary_name} is on the defending side; an offence pledge covers "
                  "a war the ally wages")  # fmt: skip
    if o.type is T.NONAGGRESSION and theirs is Side.ATTACKER:
        # A promise not to attack a state is no promise to stand by while it attacks others:
        # defending its victims is collective self-defence (UN Charter Art. 51).
        return no(f"{o.beneficiary_name} is on the attacking side; a promise not to attack it "
                  "does not forbid defending the states it attacks")  # fmt: skip

    checks = tuple(RULES[t.kind](t, ctx) for t in _terms(o))
    failed = [c for c in checks if c.met is False]
    if failed:
        return no("; ".join(c.reason for c in failed), checks)
    open_ = [c for c in checks if c.met is None]
    verdict = Verdict.UNDETERMINED if open_ else Verdict.TRIGGERED
    situation = _situation(ctx)
    told = [c.reason for c in checks]
    if not checks:
        told = ["no condition limits it"]
    head = "undetermined" if open_ else "triggered"
    reason = f"{head}: {_pledge(o)}: {situation}; " + "; ".join(told)
    if own is not None and theirs is not None and own is not theirs \
            and o.type is not T.CONSULTATION:  # fmt: skip
        reason += f"; {o.obligor_name} already fights against {o.beneficiary_name}"
    if held:
        reason += f"; {o.obligor_name} is held out of the war by the scenario"
    joins = may_not_join = None
    may_not_fight: frozenset[int] = frozenset()
    if o.type in _FIGHTING:
        joins = theirs
    elif o.type in _RESTRAINING:
        may_not_join = theirs.other
        may_not_fight = frozenset({o.beneficiary})
    return Judgement(o, verdict, reason, joins, may_not_join, may_not_fight, checks,
                     **base)  # type: ignore[arg-type]  # fmt: skip


def _terms(o: Obligation) -> tuple[Term, ...]:
    """The terms to check: an ATOP code with no particulars gives way to a term of the same
    kind that names them (the register's NATO Art. 6 area over ATOP's bare location limit)."""
    known = {t.kind for t in o.terms if t.scope or t.adversaries}
    return tuple(t for t in o.terms if t.kind not in known or t.scope or t.adversaries)


def _situation(ctx: _Ctx) -> str:
    o, b = ctx.o, ctx.o.beneficiary_name
    enemies = ctx.names(ctx.opponents)
    if o.type in (T.DEFENSE, T.GUARANTEE):
        return f"{b} is attacked by {enemies}"
    if o.type is T.OFFENSE:
        return f"{b} wages war on {enemies}"
    if o.type is T.NEUTRALITY:
        return f"{b} is at war with {enemies}: {o.obligor_name} may not join them"
    if o.type is T.NONAGGRESSION:
        return f"{b} is at war with {enemies}: {o.obligor_name} may not fight {b}"
    return f"{b} is at war with {enemies}: {o.obligor_name} must consult"


# -- with a knowledge base -----------------------------------------------------------------


def at_stake(kb: KnowledgeBase, scenario: Scenario, sides: Sides | None = None) -> list[Obligation]:
    """Every obligation in force on the scenario's day toward a belligerent, and its extras.

    Pledges signed but not in force, suspended or political are left out; pledges
    the scenario voids are kept (the judge says they are void).
    """
    sides = sides or scenario.sides
    seen: set[tuple[str, int, int, int, ObligationType]] = set()
    out: list[Obligation] = []
    for state in sorted(sides.belligerents):
        for o in kb.defends(state, scenario.on):
            key = (o.treaty, o.phase, o.obligor, o.beneficiary, o.type)
            if o.status is Status.IN_FORCE and key not in seen:
                seen.add(key)
                out.append(o)
    out.extend(o for o in scenario.extra if o.beneficiary in sides.belligerents)
    return out


def judge_war(
    kb: KnowledgeBase,
    scenario: Scenario,
    sides: Sides | None = None,
    *,
    assume: Assumptions = STRICT,
) -> list[Judgement]:
    """:func:`at_stake` then :func:`judge`, states named as they were on the day."""
    day = scenario.on
    return judge(at_stake(kb, scenario, sides), scenario, sides, assume=assume,
                 names=lambda c: kb.states.name(c, day))  # fmt: skip


def make_scenario(
    kb: KnowledgeBase,
    attackers: Iterable[str | int] | str | int,
    targets: Iterable[str | int] | str | int,
    on: str | dt.date,
    **options: Any,
) -> Scenario:
    """A :class:`Scenario` from state names (any name foedus knows, as of ``on``).

    ``held_out`` may be names too; ``where`` may also name a state, meaning its
    home territory.
    """
    day = parse_date(on)

    def codes(states: Iterable[str | int] | str | int) -> frozenset[int]:
        if isinstance(states, str | int):
            states = [states]
        return frozenset(kb.resolve(s, day) for s in states)

    if "held_out" in options:
        options["held_out"] = codes(options["held_out"])
    where = options.get("where")
    if isinstance(where, str) and not area(where):
        code = kb.resolve(where, day)
        options["where"] = " ".join(r.value.replace("-", " ") for r in sorted(home_area(code)))
    return Scenario(codes(attackers), codes(targets), day, **options)


def hypothetical(
    obligor: int,
    beneficiary: int,
    type: ObligationType | str,
    on: str | dt.date,
    *,
    terms: Iterable[Term] = (),
    treaty: str = "hypothetical",
    names: Mapping[int, str] | None = None,
    until: str | dt.date | None = None,
) -> Obligation:
    """A pledge that does not exist, to add to a scenario (``Scenario(extra=...)``).

    >>> o = hypothetical(365, 732, "defense", "2025-06-01")
    >>> o.source.dataset, o.type.value, o.valid_from.isoformat()
    ('scenario', 'defense', '2025-06-01')
    """
    names = names or {}
    kind = ObligationType.parse(type)
    t = tuple(terms)
    return Obligation(
        obligor=obligor,
        beneficiary=beneficiary,
        obligor_name=names.get(obligor, str(obligor)),
        beneficiary_name=names.get(beneficiary, str(beneficiary)),
        type=kind,
        treaty=treaty,
        treaty_name="hypothetical pledge",
        phase=0,
        conditions=tuple(x.text for x in t),
        valid_from=parse_date(on),
        valid_to=parse_date(until) if until else None,
        source=Source("scenario", "hypothetical"),
        from_precision=Precision.DAY,
        terms=t,
    )
