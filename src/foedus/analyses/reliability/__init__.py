"""Alliance reliability: were the promises kept in past wars?

For every COW inter-state war and every obligation an ally owed a participant on
the day it entered the war, the casus-foederis judge (:mod:`foedus.analyses.judge`)
decides whether the war invoked the pledge; the ally's own part in the war decides
whether it was honoured: a defence or offence pledge by joining the partner's side,
neutrality by not joining against it, non-aggression by not fighting it. Pledges the
data cannot decide (consultation; conditions it leaves open; coalitions formed for
that very war) are listed and counted apart. docs/reliability.md gives the rules,
the figures beside the published ones and why they differ.

The API:

* ``reliability(kb, *, start=1816, end=None, rules=Rules(), wars=None) -> Reliability``:
  the cases (one per ally, war and alliance by default, see :class:`Rules`) and the
  rates: ``.overall``, ``.by_type`` (keys ``defense``, ``offense``, ``neutral``,
  ``nonagg``, ``consul``), ``.by_era`` (``pre-1945``, ``post-1945``), ``.by_size``,
  ``.to_dict()`` for JSON. Each :class:`Rate` has ``rate``, ``honoured``, ``invoked``.
* ``compare(kb, start=..., end=..., rules=...) -> list[Comparison]``: the published
  figures (:data:`PUBLISHED`) beside foedus's, with the reasons they differ.
* ``sensitivity(kb, start=..., end=..., rules=...) -> list[SensitivityRow]``: how far
  each switch (:data:`SWITCHES`) moves the figure.
* ``honour_probabilities(kb, *, start=1816, end=2003, rules=Rules()) ->
  dict[tuple[ObligationType, str], Probability]``: the escalation engine's Monte Carlo
  defaults, keyed ``(type, era)`` with era ``"pre-1945"`` or ``"post-1945"``; each
  :class:`Probability` has ``mean``, ``low``, ``high`` (90% interval), ``alpha``,
  ``beta`` (its Beta posterior), ``honoured``, ``invoked`` and ``sample(rng, size)``.
* ``plot(result, comparisons, sensitivity, path)``: the picture (matplotlib).

Use the ATOP view to reproduce the published figures:
``KnowledgeBase(path, view="ATOP")``.

A hand-worked case: France and Russia owe each other defence; Germany attacks Russia
and France is at war four days later (on its home ground, so it counts as attacked
too); Italy owes Russia neutrality and stays out. All three pledges are honoured.

>>> import datetime as dt
>>> from foedus.build import hand_built
>>> from foedus.model import Membership, ObligationType as T, PartialDate as P, Source
>>> rows = [Membership("fr-ru", 0, c, P(1894, 1, 4), None, frozenset({T.DEFENSE}))
...         for c in (220, 365)]
>>> rows += [Membership("it-ru", 0, c, P(1909, 1, 1), None, frozenset({T.NEUTRALITY}))
...          for c in (325, 365)]
>>> kb = hand_built(rows, states={220: "France", 365: "Russia", 325: "Italy", 255: "Germany"})
>>> def fought(c, side, start, initiator=False):
...     return Participation(1, "Great War", c, side, ((start, dt.date(1918, 11, 11)),),
...                          initiator, 2, Source("hand-built", ""))
>>> war = [fought(255, 1, dt.date(1914, 8, 1), True), fought(365, 2, dt.date(1914, 8, 1)),
...        fought(220, 2, dt.date(1914, 8, 5))]
>>> result = reliability(kb, wars=war)
>>> [(c.ally_name, c.outcome.value) for c in result.cases]
[('France', 'honoured'), ('Italy', 'honoured'), ('Russia', 'honoured')]
>>> print(result.overall)
100.0% (3/3)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from foedus.analyses.reliability.calibration import (
    ERAS,
    Probability,
    honour_probabilities,
    probabilities_from,
)
from foedus.analyses.reliability.cases import (
    JOINED_BY_CHOICE,
    RELIABILITY_ASSUMPTIONS,
    Case,
    Outcome,
    Participation,
    Rules,
    find_cases,
    mid_participations,
    war_participations,
)
from foedus.analyses.reliability.summary import (
    PUBLISHED,
    SWITCHES,
    Comparison,
    Published,
    Rate,
    Reliability,
    SensitivityRow,
    compare,
    reliability,
    sensitivity,
    units,
)

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ERAS",
    "JOINED_BY_CHOICE",
    "PUBLISHED",
    "RELIABILITY_ASSUMPTIONS",
    "SWITCHES",
    "Case",
    "Comparison",
    "Outcome",
    "Participation",
    "Probability",
    "Published",
    "Rate",
    "Reliability",
    "Rules",
    "SensitivityRow",
    "compare",
    "find_cases",
    "honour_probabilities",
    "mid_participations",
    "plot",
    "probabilities_from",
    "reliability",
    "sensitivity",
    "units",
    "war_participations",
]


def plot(*args: Any, **kwargs: Any) -> Path:
    """Draw the figures (see :func:`foedus.analyses.reliability.plot.draw`); needs matplotlib."""
    from foedus.analyses.reliability.plot import draw

    return draw(*args, **kwargs)
