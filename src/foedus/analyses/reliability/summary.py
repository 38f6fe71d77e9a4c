"""Reliability figures: counting units, rates by type, era and size, and the published figures.

A *unit* is what a figure counts: under the default rule one ally, one war and
one alliance obligation (Leeds, Long & Mitchell's unit), made of the per-pledge
cases toward each partner the war invoked it for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from foedus.analyses.reliability.cases import (
    Case,
    Outcome,
    Participation,
    Rules,
    find_cases,
    mid_participations,
    war_participations,
)
from foedus.model import ObligationType

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "PUBLISHED",
    "SWITCHES",
    "Comparison",
    "Published",
    "Rate",
    "Reliability",
    "SensitivityRow",
    "compare",
    "participations",
    "reliability",
    "sensitivity",
    "units",
]

T = ObligationType
_TYPE_KEYS = ("defense", "offense", "neutral", "nonagg", "consul")
_SEVERITY = (Outcome.VIOLATED, Outcome.HONOURED, Outcome.UNDECIDABLE, Outcome.NOT_INVOKED)


@dataclass(frozen=True)
class Rate:
    """Honoured out of invoked, with what was counted apart."""

    honoured: int = 0
    violated: int = 0
    undecidable: int = 0
    not_invoked: int = 0

    @property
    def invoked(self) -> int:
        return self.honoured + self.violated

    @property
    def rate(self) -> float | None:
        return self.honoured / self.invoked if self.invoked else None

    @classmethod
    def of(cls, cases: Iterable[Case]) -> Rate:
        counts: dict[Outcome, int] = defaultdict(int)
        for c in cases:
            counts[c.outcome] += 1
        return cls(counts[Outcome.HONOURED], counts[Outcome.VIOLATED],
                   counts[Outcome.UNDECIDABLE], counts[Outcome.NOT_INVOKED])  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "rate": None if self.rate is None else round(self.rate, 4),
            "honoured": self.honoured,
            "invoked": self.invoked,
            "violated": self.violated,
            "undecidable": self.undecidable,
            "not_invoked": self.not_invoked,
        }

    def __str__(self) -> str:
        if self.rate is None:
            return "–"
        return f"{100 * self.rate:.1f}% ({self.honoured}/{self.invoked})"


def _type_key(t: ObligationType) -> str:
    return t.atop_column or t.value


def units(cases: Sequence[Case], unit: str = "alliance") -> list[Case]:
    """The cases a figure counts.

    ``"pledge"``: every directed pledge. ``"obligation"``: one per ally, war, treaty
    and obligation type, merging the partners the war invoked it for (violated if
    the ally failed any of them, honoured if it kept it toward all). ``"alliance"``:
    one per ally, war and treaty, merging its types too, and typed by the strongest
    pledge the war invoked (defence before offence, neutrality, non-aggression,
    consultation). A merged unit keeps the deciding pledge's reason and names every
    partner.
    """
    if unit == "pledge":
        return list(cases)
    groups: dict[tuple[Any, ...], list[Case]] = defaultdict(list)
    for c in cases:
        key = (c.war, c.ally, c.treaty) + ((c.type,) if unit == "obligation" else ())
        groups[key].append(c)
    out = [_merge(group) for group in groups.values()]
    out.sort(key=lambda c: (c.war_start, c.war, c.ally, c.treaty, _ORDER.index(c.type)))
    return out


_ORDER = list(ObligationType)


def _merge(group: list[Case]) -> Case:
    group.sort(key=lambda c: (_SEVERITY.index(c.outcome), _ORDER.index(c.type)))
    first = group[0]
    if len(group) == 1:
        return first
    counted = [c for c in group if c.outcome in (Outcome.HONOURED, Outcome.VIOLATED)]
    strongest = min((c.type for c in counted or group), key=_ORDER.index)
    others = sorted({c.partner_name for c in group if c.outcome is first.outcome}
                    - {first.partner_name})  # fmt: skip
    partners = first.partner_name + (f" (and {', '.join(others)})" if others else "")
    return replace(
        first, type=strongest, partner_name=partners,
        reason=f"{first.reason} [one unit for {len(group)} pledges under this treaty]",
        sources=tuple(dict.fromkeys(s for c in group for s in c.sources)),
    )  # fmt: skip


@dataclass
class Reliability:
    """The result of one analysis: its rules, years, the counted units and the pledges."""

    rules: Rules
    start: int | None
    end: int | None
    view: str
    cases: list[Case]  # the units the figures count
    pledges: list[Case] = field(default_factory=list)  # every per-pledge case behind them

    def rate(self, keep: Callable[[Case], bool] | None = None) -> Rate:
        return Rate.of(c for c in self.cases if keep is None or keep(c))

    @property
    def overall(self) -> Rate:
        return self.rate()

    def by(self, key: Callable[[Case], str], order: Sequence[str] = ()) -> dict[str, Rate]:
        groups: dict[str, list[Case]] = defaultdict(list)
        for c in self.cases:
            groups[key(c)].append(c)
        keys = [k for k in order if k in groups] + sorted(k for k in groups if k not in order)
        out = {k: Rate.of(groups[k]) for k in keys}
        for k in order:
            out.setdefault(k, Rate())
        return out

    @property
    def by_type(self) -> dict[str, Rate]:
        return self.by(lambda c: _type_key(c.type), _TYPE_KEYS)

    @property
    def by_era(self) -> dict[str, Rate]:
        return self.by(lambda c: c.era, ("pre-1945", "post-1945"))

    @property
    def by_size(self) -> dict[str, Rate]:
        return self.by(lambda c: c.size, ("bilateral", "3-5 members", "6+ members"))

    def between(self, start: int | None, end: int | None) -> Reliability:
        """The same analysis restricted to wars beginning in ``start``–``end``."""
        def keep(c: Case) -> bool:
            year = c.war_start.year
            return (start is None or year >= start) and (end is None or year <= end)

        return Reliability(self.rules, start, end, self.view,
                           [c for c in self.cases if keep(c)],
                           [c for c in self.pledges if keep(c)])  # fmt: skip

    def to_dict(self, *, all_cases: bool = False) -> dict[str, Any]:
        shown = self.cases if all_cases else [c for c in self.cases
                                              if c.outcome is not Outcome.NOT_INVOKED]
        return {
            "years": [self.start, self.end],
            "view": self.view,
            "rules": self.rules.to_dict(),
            "overall": self.overall.to_dict(),
            "by_type": {k: v.to_dict() for k, v in self.by_type.items()},
            "by_era": {k: v.to_dict() for k, v in self.by_era.items()},
            "by_size": {k: v.to_dict() for k, v in self.by_size.items()},
            "cases": [c.to_dict() for c in shown],
        }


def participations(kb: KnowledgeBase, rules: Rules) -> list[Participation]:
    """The wars (or disputes) the rules ask for, as participations."""
    if rules.events == "mids":
        return mid_participations(kb)
    return war_participations(kb.wars())


def _indexed(kb: KnowledgeBase) -> None:
    # Thousands of date questions: answer them from memory (under a second to load).
    if not kb.indexed:
        kb.load_index()


def reliability(
    kb: KnowledgeBase,
    *,
    start: int | None = 1816,
    end: int | None = None,
    rules: Rules = Rules(),  # noqa: B008 - frozen
    wars: Sequence[Participation] | None = None,
) -> Reliability:
    """Alliance reliability in the wars beginning in ``start``–``end`` (years, inclusive).

    ``wars`` replaces the COW war data (hand-built participations, tests); by
    default the rules' events are read from the knowledge base. Reproduce the
    published figures with the ATOP view: ``KnowledgeBase(path, view="ATOP")``.
    """
    _indexed(kb)
    rows = list(wars) if wars is not None else participations(kb, rules)
    pledges = find_cases(kb, rows, rules, start=start, end=end)
    return Reliability(rules, start, end, kb.view, units(pledges, rules.unit), pledges)


# -- the published figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One published reliability figure, and what it measured."""

    study: str
    figure: str  # "overall", "pre-1945", "post-1945", or an ATOP type key
    rate: float
    start: int
    end: int
    promise: str  # "specific" or "joined"
    source: str
    approximate: bool = False


LLM = "Leeds, Long & Mitchell (2000), JCR 44(5): 686-699"
SAB = "Sabrosky (1980), in Singer (ed.), The Correlates of War II"
BF = "Berkemeier & Fuhrmann (2018), Research & Politics"

#: The published figures foedus puts its own beside (domain.md §3.1; abstracts checked).
PUBLISHED: tuple[Published, ...] = (
    Published("Leeds, Long & Mitchell 2000", "overall", 0.745, 1816, 1944, "specific", LLM),
    Published("Sabrosky 1980", "overall", 0.27, 1816, 1965, "joined", SAB, approximate=True),
    Published("Berkemeier & Fuhrmann 2018", "overall", 0.50, 1816, 2003, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "pre-1945", 0.66, 1816, 1944, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "post-1945", 0.22, 1945, 2003, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "defense", 0.41, 1816, 2003, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "nonagg", 0.37, 1816, 2003, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "offense", 0.74, 1816, 2003, "specific", BF),
    Published("Berkemeier & Fuhrmann 2018", "neutral", 0.78, 1816, 2003, "specific", BF),
)


@dataclass(frozen=True)
class Comparison:
    """A published figure beside foedus's under the nearest rules, and why they differ."""

    published: Published
    ours: Rate
    rules: Rules
    why: tuple[str, ...]

    @property
    def difference(self) -> float | None:
        return None if self.ours.rate is None else self.ours.rate - self.published.rate

    def to_dict(self) -> dict[str, Any]:
        p = self.published
        diff = self.difference
        return {
            "study": p.study,
            "figure": p.figure,
            "years": [p.start, p.end],
            "published": p.rate,
            "approximate": p.approximate,
            "foedus": self.ours.to_dict(),
            "difference": None if diff is None else round(diff, 4),
            "rules": self.rules.to_dict(),
            "why": list(self.why),
            "source": p.source,
        }


def _pick(result: Reliability, figure: str) -> Rate:
    if figure == "overall":
        return result.overall
    if figure in ("pre-1945", "post-1945"):
        return result.by_era[figure]
    return result.by_type.get(figure, Rate())


def compare(
    kb: KnowledgeBase,
    *,
    start: int | None = None,
    end: int | None = None,
    rules: Rules = Rules(),  # noqa: B008 - frozen
    studies: Iterable[Published] = PUBLISHED,
) -> list[Comparison]:
    """Each published figure whose years overlap ``start``–``end``, beside foedus's.

    foedus's figure is computed over the study's own years, under ``rules`` with
    the study's question (specific promise, or Sabrosky's "did the ally join?").
    """
    chosen = [p for p in studies
              if not ((end is not None and p.start > end) or (start is not None and p.end < start))]
    if not chosen:
        return []
    # Cases depend on the war, not on the years asked: one run per question over all the
    # years, sliced per study.
    first, last = min(p.start for p in chosen), max(p.end for p in chosen)
    runs: dict[str, Reliability] = {}
    out = []
    for p in chosen:
        nearest = replace(rules, promise=p.promise)
        key = repr(nearest)
        if key not in runs:
            runs[key] = reliability(kb, start=first, end=last, rules=nearest)
        result = runs[key].between(p.start, p.end)
        out.append(Comparison(p, _pick(result, p.figure), nearest, _why(p, result)))
    return out


def _why(p: Published, result: Reliability) -> tuple[str, ...]:
    """The reasons foedus's figure differs from a published one, in words."""
    overall = result.overall
    n = overall.invoked
    reasons = []
    if p.promise == "joined":
        reasons.append(
            "Sabrosky asked whether allies joined at all, for COW alliances (defence, "
            "neutrality/non-aggression, entente) 1816-1965; foedus asks the same question of "
            f"ATOP's alliances ({n} ally-war-alliance units), which include many pacts COW "
            "does not list and code wartime alliances differently.")
        reasons.append(
            "Any non-participation counts as a failure under this question, whatever the "
            "promise: the gap to the specific-promise figure is the point of LLM 2000.")
        return tuple(reasons)
    reasons.append(
        f"Cases: foedus finds {n} invoked units (+{overall.undecidable} undecidable, counted "
        "apart) mechanically from ATOP's condition codes and COW's sides; the published "
        "study coded each invocation from the treaty texts and diplomatic history.")
    reasons.append(
        "Conditions ATOP codes without particulars (an adversary it does not name, 'other "
        "conditions', the number of attackers) leave cases undecidable here that the "
        "authors could settle from the text; a location limit is read as the partner's home "
        "region.")
    reasons.append(
        "Who attacked whom comes from COW's initiator and sides, the regions each state fought "
        "in, and a short list of states that declared war themselves (JOINED_BY_CHOICE); the "
        "authors read it from the diplomatic record, dyad by dyad.")
    reasons.append(
        "Neutrality and non-aggression pledges count as invoked whenever the partner is at "
        "war, so allies that simply stayed out honour them; multilateral pacts (the German "
        "Confederation, the 1929 Litvinov Protocol) add many such units.")
    if p.end > 1945:
        reasons.append(
            "COW's wars end in 2003 and ATOP's post-1945 alliances are mostly large "
            "multilateral pacts; Berkemeier & Fuhrmann's post-1945 cases were coded by hand "
            "and a few multilateral cases drive their figure (Chiba et al.).")
    if p.figure in _TYPE_KEYS:
        reasons.append(
            "By type, one alliance obligation of each type is a unit; the published study "
            "may classify an alliance by its strongest obligation instead.")
    return tuple(reasons)


# -- sensitivity --------------------------------------------------------------------------------

#: The switches that move the figure, each as a change to the rules.
SWITCHES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Sabrosky's question: did the ally join at all?", {"promise": "joined"}),
    ("count coalitions formed for the war", {"wartime": "count"}),
    ("joining counts only within 30 days", {"late": 30}),
    ("joining counts only on the partner's first day", {"late": 0}),
    ("MIDs reaching the use of force instead of wars", {"events": "mids"}),
    ("every state on the attacked side counts as attacked", {"attacked": "side"}),
    ("only first-day targets count as attacked", {"attacked": "first-day"}),
    ("restraint tested only if the ally went to war", {"restraint": "ally-at-war"}),
    ("unit: one case per alliance obligation type", {"unit": "obligation"}),
    ("unit: one case per directed pledge", {"unit": "pledge"}),
    ("unsettled conditions assumed met", {"assume": "lenient"}),
    ("no assumption: location limits undecidable", {"assume": "strict"}),
)


@dataclass(frozen=True)
class SensitivityRow:
    """How far one switch moves the overall figure from the base rules'."""

    label: str
    rules: Rules
    rate: Rate
    base: Rate
    years: str = ""

    @property
    def delta(self) -> float | None:
        if self.rate.rate is None or self.base.rate is None:
            return None
        return self.rate.rate - self.base.rate

    def to_dict(self) -> dict[str, Any]:
        d = self.delta
        return {"switch": self.label, "rules": self.rules.to_dict(), **self.rate.to_dict(),
                "delta": None if d is None else round(d, 4)}  # fmt: skip


def _switched(rules: Rules, change: dict[str, Any]) -> Rules:
    from foedus.analyses.judge import LENIENT, STRICT

    change = dict(change)
    if change.get("assume") == "lenient":
        change["assume"] = LENIENT
    elif change.get("assume") == "strict":
        change["assume"] = STRICT
    return replace(rules, **change)


def sensitivity(
    kb: KnowledgeBase,
    *,
    start: int | None = 1816,
    end: int | None = 1944,
    rules: Rules = Rules(),  # noqa: B008 - frozen
    base: Reliability | None = None,
) -> list[SensitivityRow]:
    """The overall figure under each switch of :data:`SWITCHES`, beside the base rules'."""
    base = base or reliability(kb, start=start, end=end, rules=rules)
    years = f"{base.start}-{base.end}"
    rows = [SensitivityRow("base rules", rules, base.overall, base.overall, years)]
    for label, change in SWITCHES:
        changed = _switched(rules, change)
        if changed == rules:
            continue
        result = reliability(kb, start=start, end=end, rules=changed)
        rows.append(SensitivityRow(label, changed, result.overall, base.overall, years))
    return rows
