"""Honour probabilities by obligation type and era, with their uncertainty (Beta posteriors).

The escalation engine's Monte Carlo honours each triggered pledge with a probability;
:func:`honour_probabilities` gives its defaults from history: for each obligation type
and era, a Beta posterior over the rate at which invoked pledges of that type were
honoured, shrunk toward the era's overall rate (a prior worth ``strength`` cases), so
a type with few cases borrows from its era instead of swinging to 0 or 1. The allies of
one treaty in one war weigh one case together, so that one war of a 30-member pact does
not outweigh thirty bilateral alliances (the clustering Chiba et al. warn about).

>>> p = Probability.of(honoured=33, invoked=57, prior=(1.0, 1.0))
>>> round(p.mean, 3), round(p.low, 3), round(p.high, 3)
(0.576, 0.47, 0.68)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from foedus.analyses.reliability.cases import Rules
from foedus.model import ObligationType

if TYPE_CHECKING:
    import numpy as np

    from foedus.analyses.reliability.summary import Reliability
    from foedus.kb import KnowledgeBase

__all__ = ["ERAS", "Probability", "beta_ppf", "honour_probabilities", "probabilities_from"]

ERAS = ("pre-1945", "post-1945")
T = ObligationType


def _betacf(a: float, b: float, x: float) -> float:
    # Continued fraction of the incomplete beta function (modified Lentz).
    tiny, eps = 1e-300, 1e-14
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """The Beta(a, b) distribution function (regularised incomplete beta)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))  # fmt: skip
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def beta_ppf(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b), by bisection (to 1e-10).

    >>> round(beta_ppf(0.5, 2.0, 2.0), 6)
    0.5
    """
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if beta_cdf(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@dataclass(frozen=True)
class Probability:
    """A Beta(alpha, beta) belief about a rate, with the counts behind it.

    ``mean`` is what a deterministic caller uses; ``low``–``high`` the central
    interval at ``level``; :meth:`sample` draws rates for a Monte Carlo that
    carries the uncertainty through.
    """

    alpha: float
    beta: float
    honoured: float
    invoked: float
    level: float = 0.9

    @classmethod
    def of(cls, honoured: float, invoked: float, prior: tuple[float, float] = (1.0, 1.0),
           level: float = 0.9) -> Probability:  # fmt: skip
        return cls(prior[0] + honoured, prior[1] + invoked - honoured, honoured, invoked, level)

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def low(self) -> float:
        return beta_ppf((1 - self.level) / 2, self.alpha, self.beta)

    @property
    def high(self) -> float:
        return beta_ppf(1 - (1 - self.level) / 2, self.alpha, self.beta)

    def sample(self, rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray:
        """Rates drawn from the posterior (pass a seeded generator)."""
        return rng.beta(self.alpha, self.beta, size)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": round(self.mean, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "level": self.level,
            "alpha": round(self.alpha, 4),
            "beta": round(self.beta, 4),
            "honoured": round(self.honoured, 3),
            "invoked": round(self.invoked, 3),
        }


# The types the data speaks for directly, and what the others borrow.
_BORROW = {T.GUARANTEE: T.DEFENSE}


def _counts(cases: list[Any], cluster: bool) -> tuple[float, float]:
    """(honoured, invoked), each (war, treaty) weighing one case when ``cluster`` is set."""
    from foedus.analyses.reliability.cases import Outcome

    counted = [c for c in cases if c.outcome in (Outcome.HONOURED, Outcome.VIOLATED)]
    if not cluster:
        return float(sum(c.outcome is Outcome.HONOURED for c in counted)), float(len(counted))
    groups: dict[tuple[int, str], list[Any]] = {}
    for c in counted:
        groups.setdefault((c.war, c.treaty), []).append(c)
    honoured = sum(sum(c.outcome is Outcome.HONOURED for c in g) / len(g) for g in groups.values())
    return honoured, float(len(groups))


def probabilities_from(
    result: Reliability, *, strength: float = 2.0, level: float = 0.9, cluster: bool = True
) -> dict[tuple[ObligationType, str], Probability]:
    """Honour probabilities from an analysis already run (see :func:`honour_probabilities`).

    With ``cluster`` (the default) the allies of one treaty in one war count together as one
    case (their share honoured), so that a 30-member pact in one war does not outweigh
    thirty bilateral alliances; ``honoured`` and ``invoked`` are then such weighted counts.
    """
    out: dict[tuple[ObligationType, str], Probability] = {}
    for era in ERAS:
        in_era = [c for c in result.cases if c.era == era]
        h_era, n_era = _counts(in_era, cluster)
        p_era = (h_era + 1) / (n_era + 2)
        prior = (strength * p_era, strength * (1 - p_era))
        for kind in ObligationType:
            source = _BORROW.get(kind, kind)
            h, n = _counts([c for c in in_era if c.type is source], cluster)
            out[(kind, era)] = Probability.of(h, n, prior, level)
    return out


_CACHE: dict[tuple[Any, ...], dict[tuple[ObligationType, str], Probability]] = {}


def honour_probabilities(
    kb: KnowledgeBase,
    *,
    start: int = 1816,
    end: int = 2003,
    rules: Rules = Rules(),  # noqa: B008 - frozen
    strength: float = 2.0,
    level: float = 0.9,
    cluster: bool = True,
) -> dict[tuple[ObligationType, str], Probability]:
    """The escalation engine's default honour probabilities, by (type, era).

    Returns ``{(ObligationType, era): Probability}`` for every obligation type and
    both eras (``"pre-1945"``, ``"post-1945"``), from the reliability analysis of
    ``kb`` (use the ATOP view to stay with the published data) over wars beginning
    ``start``–``end``. Each is Beta(strength·p + honoured, strength·(1−p) + violated),
    p being the era's overall rate (Laplace-smoothed); a guarantee borrows the defence
    counts; consultation and a type with no invoked case get the era's prior alone.
    With ``cluster`` (default) the allies of one treaty in one war weigh one case
    together (:func:`probabilities_from`). Cached per store file, view and arguments.
    """
    from foedus.analyses.reliability.summary import reliability

    key = (str(getattr(kb, "path", id(kb))), kb.view, start, end, repr(rules), strength, level,
           cluster)  # fmt: skip
    if key not in _CACHE:
        result = reliability(kb, start=start, end=end, rules=rules)
        _CACHE[key] = probabilities_from(result, strength=strength, level=level,
                                         cluster=cluster)  # fmt: skip
    return _CACHE[key]
