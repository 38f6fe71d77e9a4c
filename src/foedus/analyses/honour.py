"""How likely an ally honours a triggered pledge: the published defaults, and overrides.

The Monte Carlo cascade (:mod:`foedus.analyses.montecarlo`) honours each
triggered pledge with a probability that depends on the pledge's type and
on the era of the war. Until the reliability analysis supplies calibrated
figures (``foedus.analyses.reliability``), the defaults are the published
ones, in one table, :data:`PUBLISHED_DEFAULTS`:

* by type, 1816–2003 (Berkemeier & Fuhrmann 2018): defence 41%,
  non-aggression 37%, offence 74%, neutrality 78%, all types 50%;
* by era (same paper): 66% before 1945, 22% from 1945 on;
* Leeds, Long & Mitchell (2000) found 74.5% for 1816–1944 under the
  specific-promise rule; it is kept in the table as the reference figure for
  the early era, not used in the combination.

Type and era are combined on the log-odds scale, so that a type's rate moves
with the era by as much as the overall rate does, and stays between 0 and 1:
``logit p = logit p_type + logit p_era - logit p_all``. Defence after 1945:

>>> round(HonourTable.published().probability("defense", 2025), 3)
0.164
>>> round(HonourTable.published().probability("defense", 1914), 3)
0.574

:func:`calibrated` takes the figures the reliability analysis measures on the
knowledge base's own wars instead (with their uncertainty), and
:func:`calibrated_or_published` is the cascade's default. Guarantees are
honoured like defence pledges; consultation draws nobody into
a war, so it has no probability here. Override any figure::

    HonourTable.published().with_overrides({"defense": 0.5})       # every era
    HonourTable.published().with_overrides({"defense@pre1945": 0.6})

>>> HonourTable.published().with_overrides({"defense": 0.5}).probability("defense", 2025)
0.5
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from foedus.errors import FoedusError, InputError
from foedus.model import ObligationType

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase

__all__ = [
    "ERA_BREAK",
    "PUBLISHED_DEFAULTS",
    "HonourTable",
    "calibrated",
    "calibrated_or_published",
]

#: The first year of the post-war era, as Berkemeier & Fuhrmann split it.
ERA_BREAK = 1945

#: The published figures the defaults come from: (rate, citation). One table, the only place
#: these numbers are written.
PUBLISHED_DEFAULTS: dict[str, tuple[float, str]] = {
    "defense": (0.41, "Berkemeier & Fuhrmann 2018, defence pledges, 1816-2003"),
    "nonaggression": (0.37, "Berkemeier & Fuhrmann 2018, non-aggression pledges, 1816-2003"),
    "offense": (0.74, "Berkemeier & Fuhrmann 2018, offence pledges, 1816-2003"),
    "neutrality": (0.78, "Berkemeier & Fuhrmann 2018, neutrality pledges, 1816-2003"),
    "all": (0.50, "Berkemeier & Fuhrmann 2018, all pledges, 1816-2003"),
    "pre1945": (0.66, "Berkemeier & Fuhrmann 2018, all pledges, 1816-1944"),
    "post1945": (0.22, "Berkemeier & Fuhrmann 2018, all pledges, 1945-2003"),
    "llm2000": (0.745, "Leeds, Long & Mitchell 2000, specific promises, 1816-1944 (reference)"),
}

# Types that have a probability of their own; the guarantee borrows defence's.
_HONOURED = {
    ObligationType.DEFENSE: "defense",
    ObligationType.OFFENSE: "offense",
    ObligationType.NEUTRALITY: "neutrality",
    ObligationType.NONAGGRESSION: "nonaggression",
    ObligationType.GUARANTEE: "defense",
}
_ERAS = ("pre1945", "post1945")


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class HonourTable:
    """Honour probabilities by obligation type and era, with where each came from.

    ``rates`` holds one figure per type (``defense``…), per era (``pre1945``,
    ``post1945``) and overall (``all``); ``fixed`` holds figures set for one
    type in one era (``"defense@post1945"``), which win over the combination.
    ``source`` names the table (``"published"`` or the calibration's name).
    """

    rates: Mapping[str, float]
    fixed: Mapping[str, float] = field(default_factory=dict)
    source: str = "published"
    citations: Mapping[str, str] = field(default_factory=dict)
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def published(cls) -> HonourTable:
        """The defaults from the published studies (:data:`PUBLISHED_DEFAULTS`)."""
        return cls(
            rates={k: v for k, (v, _) in PUBLISHED_DEFAULTS.items()},
            citations={k: c for k, (_, c) in PUBLISHED_DEFAULTS.items()},
        )

    def with_overrides(self, overrides: Mapping[str, float]) -> HonourTable:
        """A copy with some figures replaced: ``{"defense": 0.5}`` sets defence in every
        era; ``{"defense@pre1945": 0.6}`` one era; ``{"post1945": 0.3}`` an era's rate."""
        if not overrides:
            return self
        fixed = dict(self.fixed)
        rates = dict(self.rates)
        for key, value in overrides.items():
            if not 0.0 <= float(value) <= 1.0:
                raise InputError(f"honour probability {key}={value} is not between 0 and 1")
            kind, _, era = key.partition("@")
            kind = _key(kind)
            if era and era not in _ERAS:
                raise InputError(f"unknown era {era!r} in {key!r}; expected pre1945 or post1945")
            if era:
                fixed[f"{kind}@{era}"] = float(value)
            elif kind in _ERAS or kind == "all":
                rates[kind] = float(value)
            else:
                for e in _ERAS:
                    fixed[f"{kind}@{e}"] = float(value)
        return replace(self, rates=rates, fixed=fixed, source=f"{self.source} + overrides")

    def probability(self, kind: str | ObligationType, year: int) -> float:
        """The chance that a triggered pledge of ``kind`` is honoured in a war of ``year``."""
        name = _key(kind)
        era = "pre1945" if year < ERA_BREAK else "post1945"
        if f"{name}@{era}" in self.fixed:
            return float(self.fixed[f"{name}@{era}"])
        if name not in self.rates:
            raise InputError(f"no honour probability for {kind!r}")
        return _expit(
            _logit(self.rates[name]) + _logit(self.rates[era]) - _logit(self.rates["all"])
        )

    def for_date(self, on: dt.date) -> dict[str, float]:
        """Every type's probability in the era of ``on``."""
        return {
            t: self.probability(t, on.year)
            for t in ("defense", "offense", "neutrality", "nonaggression")
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rates": dict(self.rates),
            "fixed": dict(self.fixed),
            "citations": dict(self.citations),
            "intervals": {k: list(v) for k, v in self.intervals.items()},
        }


def _key(kind: str | ObligationType) -> str:
    if isinstance(kind, str) and kind in ("all", *_ERAS):
        return kind
    try:
        parsed = ObligationType.parse(kind)
    except InputError:
        raise InputError(
            f"unknown honour key {kind!r}; expected a type (defense, offense, neutrality, "
            "nonaggression), an era (pre1945, post1945), all, or TYPE@ERA"
        ) from None
    if parsed not in _HONOURED:
        raise InputError(f"{parsed.value} pledges draw nobody into a war: no honour probability")
    return _HONOURED[parsed]


def calibrated(kb: KnowledgeBase) -> HonourTable:
    """The reliability analysis's figures for ``kb`` (Beta posterior means by type and era,
    :func:`foedus.analyses.reliability.honour_probabilities`), with their 90% intervals.

    A neutrality or non-aggression pledge is counted only in wars its obligor fought
    (``restraint="ally-at-war"``): the cascade asks whether a state already called to
    war keeps a promise not to fight someone, and a state that stayed out of its partner's
    war was never put to that test (counting it makes such pledges look honoured 99 times
    in 100, and every cascade stop at the first of them).
    """
    from foedus.analyses.reliability import honour_probabilities
    from foedus.analyses.reliability.cases import Rules

    fixed: dict[str, float] = {}
    intervals: dict[str, tuple[float, float]] = {}
    tested = Rules(restraint="ally-at-war")
    for (kind, era), p in honour_probabilities(kb, rules=tested).items():
        if kind not in _HONOURED or kind is ObligationType.GUARANTEE:
            continue
        key = f"{_HONOURED[kind]}@{era.replace('-', '')}"
        fixed[key] = float(p.mean)
        intervals[key] = (float(p.low), float(p.high))
    base = HonourTable.published()
    return replace(
        base,
        fixed=fixed,
        intervals=intervals,
        source="calibrated: foedus reliability analysis of COW wars 1816-2003 (Beta posteriors)",
    )


def calibrated_or_published(kb: KnowledgeBase | None = None) -> HonourTable:
    """The table the cascade uses by default: calibrated on ``kb``'s wars when it has them
    (the reliability analysis, cached per store), else the published figures."""
    if kb is None:
        return HonourTable.published()
    try:
        table = calibrated(kb)
    except FoedusError:
        return HonourTable.published()
    return table if table.fixed else HonourTable.published()
