"""Alliance-portfolio similarity: S, Kendall's tau-b, Cohen's kappa and Scott's pi.

A state's *portfolio* in a year is its row of tie values with every state
of the system (itself included, at the highest value). Two portfolios ``x``
and ``y`` over ``n`` states compare as follows (../shared/docs/domain.md §4):

* **S** (Signorino and Ritter 1999): ``1 - 2 d / d_max`` with
  ``d = sum_k w_k |x_k - y_k| / Δ`` (absolute) or ``sum_k w_k (x_k - y_k)² / Δ²``
  (squared), ``d_max = sum_k w_k``, ``Δ`` the largest possible distance; ``w``
  is 1 (unweighted) or each state's share of capabilities (CINC).
* **tau-b** (Bueno de Mesquita 1975): Kendall's rank correlation with ties,
  ``(n_c - n_d) / sqrt((n0 - n1)(n0 - n2))``; undefined (missing) when a
  portfolio is constant.
* **kappa** and **pi** (Häge 2011), squared distances corrected for chance:
  ``1 - SSD / (ss_x + ss_y - 2 s_x s_y / n)`` and
  ``1 - SSD / (ss_x + ss_y - (s_x + s_y)² / (2n))``, with ``s`` the sum, ``ss``
  the sum of squares and ``SSD`` the summed squared differences; 0 when the
  denominator is 0, as Häge sets it.

The functions here take one pair of portfolios (worked examples, checks);
:func:`all_pairs` computes a measure for every pair of rows of a tie matrix
at once, with matrix products, which is what :mod:`foedus.datasets.similarity`
runs year by year.

A worked example by hand: three states, ties valued 0–3, ``x = (3, 3, 0)``
and ``y = (3, 0, 3)``. The absolute distances are 0, 3, 3, so
``d = 6 / 3 = 2``, ``d_max = 3`` and ``S = 1 - 4/3 = -1/3``:

>>> round(s_score([3, 3, 0], [3, 0, 3], max_distance=3), 4)
-0.3333
>>> s_score([3, 1, 0], [3, 1, 0], max_distance=3)
1.0
>>> s_score([3, 3, 3], [0, 0, 0], max_distance=3)
-1.0

Weights move S toward the states that matter: with CINC-like weights
``(0.5, 0.3, 0.2)`` the distance is ``(0 + 0.3·3 + 0.2·3) / 3 = 0.5`` of
``d_max = 1``, so ``S = 0``:

>>> s_score([3, 3, 0], [3, 0, 3], weights=[0.5, 0.3, 0.2], max_distance=3)
0.0

tau-b of two portfolios over four states, ``x = (3, 2, 0, 0)`` and
``y = (3, 0, 2, 0)``: of the six pairs of states, (1,2), (1,3), (1,4) are
concordant, (2,3) discordant, (2,4) and (3,4) tied in one portfolio; ``n0 = 6``,
``n1 = n2 = 1``, so ``tau_b = (3 - 1) / 5 = 0.4``:

>>> tau_b([3, 2, 0, 0], [3, 0, 2, 0])
0.4

kappa and pi of binary portfolios reduce to the textbook forms: ``x = (1, 1, 0, 0)``,
``y = (1, 0, 0, 0)`` agree on 3 of 4 (``p_o = 0.75``); with each state's own
marginals ``p_e = 0.5·0.25 + 0.5·0.75 = 0.5``, so ``kappa = 0.5``; with the pooled
marginal (3/8 ones) ``p_e = (3/8)² + (5/8)² = 17/32``, so ``pi = (0.75 - 17/32) /
(15/32) = 7/15``:

>>> kappa([1, 1, 0, 0], [1, 0, 0, 0]), round(scott_pi([1, 1, 0, 0], [1, 0, 0, 0]), 6)
(0.5, 0.466667)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["all_pairs", "kappa", "s_score", "scott_pi", "tau_b"]


def s_score(
    x: Sequence[float],
    y: Sequence[float],
    *,
    weights: Sequence[float] | None = None,
    max_distance: float,
    squared: bool = False,
) -> float:
    """Signorino and Ritter's S of two portfolios (absolute distance unless ``squared``)."""
    w = list(weights) if weights is not None else [1.0] * len(x)
    power = 2 if squared else 1
    d = sum(wk * abs(a - b) ** power for wk, a, b in zip(w, x, y, strict=True))
    return 1 - 2 * d / (max_distance**power * sum(w))


def tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b of two portfolios; NaN when one of them is constant."""
    n = len(x)
    nc = nd = 0
    for k in range(n):
        for m in range(k + 1, n):
            s = (x[k] - x[m]) * (y[k] - y[m])
            nc += s > 0
            nd += s < 0
    n0 = n * (n - 1) / 2
    n1 = sum(c * (c - 1) / 2 for c in _counts(x))
    n2 = sum(c * (c - 1) / 2 for c in _counts(y))
    denom = math.sqrt((n0 - n1) * (n0 - n2))
    return (nc - nd) / denom if denom else math.nan


def _counts(values: Sequence[float]) -> list[int]:
    found: dict[float, int] = {}
    for v in values:
        found[v] = found.get(v, 0) + 1
    return list(found.values())


def _chance(x: Sequence[float], y: Sequence[float], pooled: bool) -> float:
    n = len(x)
    ssd = sum((a - b) ** 2 for a, b in zip(x, y, strict=True))
    sx, sy = sum(x), sum(y)
    ssx, ssy = sum(a * a for a in x), sum(b * b for b in y)
    expected = ssx + ssy - ((sx + sy) ** 2 / (2 * n) if pooled else 2 * sx * sy / n)
    return 1 - ssd / expected if expected else 0.0


def kappa(x: Sequence[float], y: Sequence[float]) -> float:
    """Häge's Cohen's kappa of two portfolios (squared distances)."""
    return _chance(x, y, pooled=False)


def scott_pi(x: Sequence[float], y: Sequence[float]) -> float:
    """Häge's Scott's pi of two portfolios (squared distances)."""
    return _chance(x, y, pooled=True)


def all_pairs(
    ties: NDArray[np.float64],
    measure: str,
    *,
    weights: NDArray[np.float64] | None = None,
    levels: Sequence[float] | None = None,
) -> NDArray[np.float64]:
    """One measure for every pair of rows of ``ties`` (states × dimensions): an n × n matrix.

    ``measure`` is ``"s_abs"``, ``"s_sq"``, ``"taub"``, ``"kappa"`` or ``"pi"``;
    ``weights`` (one per dimension) apply to S only. ``levels`` are the values a
    tie can take (default: those in ``ties`` and 0); S's largest distance is
    their range.

    >>> import numpy as np
    >>> t = np.array([[3, 3, 0], [3, 0, 3], [0, 3, 3.]])
    >>> all_pairs(t, "s_abs").round(4).tolist()
    [[1.0, -0.3333, -0.3333], [-0.3333, 1.0, -0.3333], [-0.3333, -0.3333, 1.0]]
    """
    import numpy as np

    x = np.asarray(ties, dtype=np.float64)
    values = sorted({0.0, *np.unique(x).tolist(), *(levels or ())})
    span = values[-1] - values[0] or 1.0
    if measure in ("s_abs", "s_sq"):
        w = np.ones(x.shape[1]) if weights is None else np.asarray(weights, dtype=np.float64)
        total = w.sum()
        if measure == "s_sq":
            sq = (x * x * w).sum(axis=1)
            d = sq[:, None] + sq[None, :] - 2 * (x * w) @ x.T
            return np.asarray(1 - 2 * d / (span**2 * total) if total else np.full(d.shape, np.nan))
        # |a - b| is the sum, over the steps between levels, of the steps one of them
        # has climbed and the other has not.
        d = np.zeros((x.shape[0], x.shape[0]))
        for low, high in itertools.pairwise(values):
            g = (x >= high).astype(np.float64)
            gw = g * w
            s = gw.sum(axis=1)
            d += (high - low) * (s[:, None] + s[None, :] - 2 * gw @ g.T)
        return np.asarray(1 - 2 * d / (span * total) if total else np.full(d.shape, np.nan))
    n = x.shape[1]
    if measure in ("kappa", "pi"):
        s = x.sum(axis=1)
        ss = (x * x).sum(axis=1)
        ssd = ss[:, None] + ss[None, :] - 2 * x @ x.T
        if measure == "kappa":
            expected = ss[:, None] + ss[None, :] - 2 * np.outer(s, s) / n
        else:
            expected = ss[:, None] + ss[None, :] - (s[:, None] + s[None, :]) ** 2 / (2 * n)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(expected != 0, 1 - ssd / np.where(expected != 0, expected, 1), 0.0)
        return np.asarray(out)
    if measure == "taub":
        return _tau_b_all(x, values)
    raise ValueError(f"no measure {measure!r}")


def _tau_b_all(x: NDArray[np.float64], values: Sequence[float]) -> NDArray[np.float64]:
    """tau-b for every pair of rows, from the contingency counts of the two portfolios.

    ``c[a, b]`` (a matrix over pairs of rows i, j) counts the dimensions where
    row i is at level a and row j at level b; one matrix product of the stacked
    indicators of the levels above 0 gives the counts off level 0, the row
    margins the rest. Over ordered pairs of dimensions, ``2 (n_c - n_d)`` is the
    quadratic form ``sum c[a, b] c[a', b'] sgn(a - a') sgn(b - b')``.
    """
    import numpy as np

    rows, n = x.shape
    k = len(values)
    ind = np.stack([(x == v).astype(np.float64) for v in values])  # k × rows × n
    margins = ind.sum(axis=2)  # k × rows
    upper = ind[1:].reshape((k - 1) * rows, n)
    c = np.empty((k, k, rows, rows))
    c[1:, 1:] = (upper @ upper.T).reshape(k - 1, rows, k - 1, rows).transpose(0, 2, 1, 3)
    c[1:, 0] = margins[1:, :, None] - c[1:, 1:].sum(axis=1)
    c[0, :] = margins[:, None, :] - c[1:, :].sum(axis=0)
    sign = np.sign(np.subtract.outer(np.arange(k), np.arange(k)))
    flat = c.reshape(k * k, rows * rows)
    twice = (flat * (np.kron(sign, sign) @ flat)).sum(axis=0).reshape(rows, rows)
    ties_within = (margins * (margins - 1) / 2).sum(axis=0)
    n0 = n * (n - 1) / 2
    denom = np.sqrt(np.outer(n0 - ties_within, n0 - ties_within))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denom > 0, twice / 2 / np.where(denom > 0, denom, 1), np.nan)
    return np.asarray(out)
