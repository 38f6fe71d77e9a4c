"""The reliability picture: foedus's figures beside the published ones, and what moves them.

Three panels: (1) each published figure beside foedus's under the nearest rules;
(2) reliability by obligation type and era with 90% Beta intervals and the number of
cases; (3) how far each sensitivity switch moves the overall figure. matplotlib is
imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from foedus.analyses.reliability.calibration import Probability
from foedus.analyses.reliability.summary import Rate

if TYPE_CHECKING:
    from foedus.analyses.reliability.summary import Comparison, Reliability, SensitivityRow

__all__ = ["draw"]

_TYPES = (("defense", "defence"), ("offense", "offence"), ("neutral", "neutrality"),
          ("nonagg", "non-aggr."))  # fmt: skip
_ERA_COLOURS = {"pre-1945": "#1f5fa8", "post-1945": "#d9822b"}


def draw(
    result: Reliability,
    comparisons: Sequence[Comparison],
    sensitivity: Sequence[SensitivityRow],
    path: str | Path,
    *,
    title: str | None = None,
) -> Path:
    """Write the three-panel PNG (or SVG, by the suffix) to ``path`` and return it.

    ``result`` should span both eras (e.g. 1816-2003) for panel 2; ``comparisons``
    and ``sensitivity`` come from :func:`~foedus.analyses.reliability.compare` and
    :func:`~foedus.analyses.reliability.sensitivity`.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    fig, axes = plt.subplots(1, 3, figsize=(19, 6.4), gridspec_kw={"width_ratios": [1.15, 1, 1.2]})
    _published(axes[0], comparisons)
    _by_type(axes[1], result)
    _switches(axes[2], sensitivity)
    fig.suptitle(title or "Alliance reliability: were the promises kept? "
                 "(foedus, ATOP 5.1 and COW Inter-State War 4.0)", fontsize=14)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _published(ax, comparisons: Sequence[Comparison]) -> None:  # type: ignore[no-untyped-def]
    labels, theirs, ours, ns = [], [], [], []
    for c in comparisons:
        p = c.published
        what = {"overall": "overall", "nonagg": "non-aggr.", "neutral": "neutrality",
                "defense": "defence", "offense": "offence"}.get(p.figure, p.figure)  # fmt: skip
        labels.append(f"{p.study.replace(' & ', '&')}\n{what} {p.start}-{p.end}")
        theirs.append(100 * p.rate)
        ours.append(100 * c.ours.rate if c.ours.rate is not None else float("nan"))
        ns.append(c.ours.invoked)
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], theirs, height=0.4, color="#9a9a9a", label="published")
    ax.barh([i - 0.2 for i in y], ours, height=0.4, color="#1f5fa8", label="foedus")
    for i, (t, o, n) in enumerate(zip(theirs, ours, ns, strict=True)):
        ax.text(t + 1, i + 0.2, f"{t:.1f}%", va="center", fontsize=8, color="#555555")
        if o == o:  # not NaN
            ax.text(o + 1, i - 0.2, f"{o:.1f}% (n={n})", va="center", fontsize=8,
                    color="#1f5fa8")  # fmt: skip
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xlabel("% of invoked commitments honoured")
    ax.set_title("1. Published figures and foedus's, same years", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8)
    ax.grid(axis="x", alpha=0.3)


def _by_type(ax, result: Reliability) -> None:  # type: ignore[no-untyped-def]
    width = 0.38
    counts: dict[int, list[int]] = {}
    for k, era in enumerate(("pre-1945", "post-1945")):
        xs, means, lows, highs, ns = [], [], [], [], []
        for i, (key, _) in enumerate(_TYPES):
            r = Rate.of(c for c in result.cases if c.era == era and c.type.atop_column == key)
            p = Probability.of(r.honoured, r.invoked)
            xs.append(i + (k - 0.5) * width)
            means.append(100 * r.rate if r.rate is not None else 0.0)
            lows.append(max(0.0, 100 * (r.rate - p.low)) if r.rate is not None else 0.0)
            highs.append(max(0.0, 100 * (p.high - r.rate)) if r.rate is not None else 0.0)
            ns.append(r.invoked)
        ax.bar(xs, means, width=width, color=_ERA_COLOURS[era], label=era,
               yerr=[lows, highs], capsize=3, error_kw={"elinewidth": 1})  # fmt: skip
        for i, n in enumerate(ns):
            counts.setdefault(i, []).append(n)
    names = [f"{name}\nn={'/'.join(map(str, counts[i]))}"
             for i, (_, name) in enumerate(_TYPES)]  # fmt: skip
    ax.set_xticks(range(len(_TYPES)), names, fontsize=8)
    ax.set_ylim(0, 105)
    ax.set_ylabel("% honoured (bars: 90% interval)")
    ax.set_title(f"2. By type and era, wars {result.start}-{result.end} (n: pre / post 1945)",
                 fontsize=11)  # fmt: skip
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(axis="y", alpha=0.3)


def _switches(ax, rows: Sequence[SensitivityRow]) -> None:  # type: ignore[no-untyped-def]
    base = rows[0]
    shown = [r for r in rows[1:] if r.delta is not None]
    labels = [r.label for r in shown]
    deltas = [100 * (r.delta or 0.0) for r in shown]
    colours = ["#2e8b57" if d >= 0 else "#b22222" for d in deltas]
    y = range(len(shown))
    ax.barh(list(y), deltas, color=colours)
    for i, r in enumerate(shown):
        d = deltas[i]
        ax.text(d + (1 if d >= 0 else -1), i, f"{100 * (r.rate.rate or 0):.1f}%",
                va="center", ha="left" if d >= 0 else "right", fontsize=8)  # fmt: skip
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    low = min([*deltas, 0.0]) - 12
    ax.set_xlim(low, max([*deltas, 0.0]) + 12)
    years = f"{base.years}, base {100 * (base.rate.rate or 0):.1f}%"
    ax.set_xlabel("change in the overall figure (percentage points)")
    ax.set_title(f"3. What each rule moves ({years})", fontsize=11)
    ax.grid(axis="x", alpha=0.3)
