"""A cascade shown three ways: a report to read, a GraphML file for Gephi, a picture.

* :func:`report` — plain text: the scenario, who joins in which round and why
  (the pledge and its article), the conflicts with the pledges on each side,
  the pledges the scenario cannot settle, and with draws each state's chance.
* :func:`to_graphml` — a directed graph: states as nodes (side, round,
  chance), judged pledges as edges from obligor to beneficiary (type, treaty,
  verdict, round, reason), for Gephi or networkx.
* :func:`draw` — an SVG or PNG: one column per round, the attacker's side
  above the line and the target's below, arrows from the ally called on to the
  state it calls in, labelled with the pledge; conflicts in a box apart.

networkx and matplotlib are imported only when a file is written.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from foedus.analyses.cascade import Cascade, Participant, Step
from foedus.analyses.impact import Impact
from foedus.analyses.judge import Side, Verdict
from foedus.analyses.regions import home_area, overlaps
from foedus.errors import InputError

__all__ = ["draw", "impact_report", "report", "to_graphml"]


def _pct(p: float | None) -> str:
    return "" if p is None else f"{100 * p:.1f}%"


def _who(c: Cascade, states: frozenset[int]) -> str:
    return ", ".join(c.name(s) for s in sorted(states))


def report(c: Cascade, *, verdicts: bool = False) -> str:
    """The cascade in words. ``verdicts`` lists every judged pledge, not just those that
    called someone in."""
    sc = c.scenario
    lines = [
        f"{_who(c, sc.attackers)} attacks {_who(c, sc.targets)} on {sc.on.isoformat()}"
        + (f", fighting in {sc.where}" if sc.where else "")
    ]
    if c.outcome is not None:
        lines.append(
            f"{c.outcome.draws:,} draws, seed {c.outcome.seed}; honour probabilities: "
            f"{c.honour.source if c.honour else '?'}"
        )
    lines.append("")
    by_round: dict[int, list[Participant]] = {}
    for p in c.states:
        by_round.setdefault(p.round, []).append(p)
    for rnd in sorted(by_round):
        head = "round 0 (the first day)" if rnd == 0 else f"round {rnd}"
        lines.append(head)
        for p in by_round[rnd]:
            chance = f"  p={_pct(p.p_join)}" if p.p_join is not None else ""
            maybe = "" if p.deterministic else "  (only in some draws)"
            lines.append(f"  {p.name:<28} {p.side.value:<8}{chance}{maybe}")
            for s in p.because[:4]:
                o = s.judgement.obligation
                lines.append(f"      ← {o.beneficiary_name}: {s.label()}  [{o.source}]")
            if len(p.because) > 4:
                lines.append(f"      ← … and {len(p.because) - 4} more pledges")
    if c.conflicts:
        lines += ["", "conflicts (reported, never resolved: the state stays out)"]
        for cf in c.conflicts:
            chance = f"  p={_pct(cf.p_conflict)}" if cf.p_conflict is not None else ""
            lines.append(f"  {cf.name:<28} {cf.kind:<14} round {cf.round}{chance}")
            for side, steps in cf.calls.items():
                for s in steps[:3]:
                    o = s.judgement.obligation
                    lines.append(
                        f"      called to the {side.value} side by {o.beneficiary_name}: "
                        f"{s.label()}"
                    )
            for s in cf.restraints[:3]:
                o = s.judgement.obligation
                lines.append(f"      may not fight {o.beneficiary_name}: {s.label()}")
    if c.undetermined:
        lines += ["", "undetermined (a condition the scenario does not settle)"]
        for s in c.undetermined[:10]:
            lines.append("  " + textwrap.shorten(s.reason, 150))
        if len(c.undetermined) > 10:
            lines.append(f"  … and {len(c.undetermined) - 10} more")
    if c.breaches:
        lines += ["", "pledges a belligerent breaks by fighting"]
        for s in c.breaches[:8]:
            o = s.judgement.obligation
            lines.append(f"  {o.obligor_name} → {o.beneficiary_name}: {s.label()}")
    if c.outcome is not None and c.outcome.paths:
        lines += ["", "most frequent orders of joining"]
        for share, path in c.outcome.paths[:5]:
            words = " → ".join(
                "{" + ", ".join(f"{c.name(s)}" for s, _ in rnd) + "}" for rnd in path
            )
            lines.append(f"  {_pct(share):>6}  {words or 'nobody joins'}")
    if verdicts:
        lines += ["", "every pledge judged"]
        for s in c.steps:
            lines.append(f"  r{s.round} {textwrap.shorten(s.reason, 160)}")
    return "\n".join(lines)


def impact_report(im: Impact, *, top: int = 12) -> str:
    """The impact of a treaty in words: who is exposed more or less, where, and why."""
    lines = [
        f"{im.name} ({im.treaty}): {im.before.isoformat()} vs {im.after.isoformat()}",
        f"parties: {', '.join(im.name_of(p) for p in im.parties)}; {im.scenarios} scenarios, "
        f"{im.draws} draws each, seed {im.seed}; honour: {im.honour.source}",
        "",
        "states whose chance of being drawn in moved",
    ]
    for r in im.summary()[:top]:
        t = r["top_scenario"]
        where = (
            f"most in {im.name_of(t['attacker'])} → {im.name_of(t['target'])}: "
            f"{_pct(t['p_before'])} → {_pct(t['p_after'])}"
            if t
            else ""
        )
        arts = ", ".join(r["articles"]) or "no article"
        lines.append(
            f"  {r['name']:<24} rose in {r['rose']:>4}, fell in {r['fell']:>4}, newly called "
            f"in {r['newly_exposed']:>4}; {where}  [{arts}]"
        )
    # A party attacked: the other party's chance of joining, wars at home first (for North
    # Korea, an attacker on the Korean peninsula before one across the world).
    for target in im.parties:
        rows = [c for c in im.changes if c.target == target and c.state in im.parties]
        rows.sort(
            key=lambda c: (
                not overlaps(home_area(c.attacker), home_area(c.target)),
                -c.delta,
                c.attacker,
            )
        )
        if not rows:
            continue
        lines += ["", f"{im.name_of(target)} attacked (neighbours first): the other party joins"]
        for c in rows[: top // 2]:
            arts = ", ".join(sorted({p["article"] or "?" for p in c.provisions}))
            called = {True: "called", False: "not called"}
            lines.append(
                f"  {im.name_of(c.attacker)} → {im.name_of(c.target)}: {c.name} "
                f"{_pct(c.p_before)} → {_pct(c.p_after)}, {called[c.exposed_before]} → "
                f"{called[c.exposed_after]}  [{arts}]"
            )
    if im.wording:
        lines += ["", "the wording, treaty by treaty"]
        for w in im.wording:
            lines.append(f"  {w['begins']}  {w['name']} ({w['treaty']})")
            for a in w["articles"]:
                if set(a["obligations"]) & {"defense", "offense"}:
                    lines.append(f"    {a['article']}: " + textwrap.shorten(a["text"], 300))
    return "\n".join(lines)


# -- GraphML -------------------------------------------------------------------------------


def to_graph(c: Cascade) -> Any:
    """The cascade as a ``networkx.MultiDiGraph``: pledges from obligor to beneficiary."""
    import networkx as nx

    g = nx.MultiDiGraph(
        attackers=",".join(map(str, sorted(c.scenario.attackers))),
        targets=",".join(map(str, sorted(c.scenario.targets))),
        on=c.scenario.on.isoformat(),
    )
    at_war = {p.state: p for p in c.states}
    conflicts = {cf.state for cf in c.conflicts}
    for s in c.steps:
        for code in (s.obligor, s.beneficiary):
            if code in g:
                continue
            p = at_war.get(code)
            g.add_node(
                code,
                label=c.name(code),
                side=p.side.value if p else ("conflict" if code in conflicts else "out"),
                round=p.round if p else -1,
                p_join=float(p.p_join) if p and p.p_join is not None else -1.0,
            )
        o = s.judgement.obligation
        g.add_edge(
            s.obligor,
            s.beneficiary,
            type=o.type.value,
            treaty=o.treaty,
            articles=", ".join(s.articles),
            verdict=s.verdict.value,
            round=s.round,
            reason=s.reason,
            source=str(o.source),
        )
    return g


def to_graphml(c: Cascade, path: str | Path) -> Path:
    """Write the cascade as GraphML (open it in Gephi)."""
    import networkx as nx

    out = Path(path)
    nx.write_graphml(to_graph(c), out)
    return out


# -- the picture ---------------------------------------------------------------------------

_COLOURS = {"attacker": "#c0392b", "target": "#2471a3", "conflict": "#e67e22"}


def draw(c: Cascade, path: str | Path, *, max_per_column: int = 14) -> Path:
    """Draw the cascade to ``path`` (``.svg`` or ``.png``): rounds left to right, the
    attacker's side above the middle line, the target's below, arrows along the pledges
    that called each state in, conflicts in a column of their own."""
    out = Path(path)
    if out.suffix.lower() not in (".svg", ".png"):
        raise InputError(f"the picture is written as .svg or .png, not {out.suffix or 'nothing'}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rounds = sorted({p.round for p in c.states})
    columns = len(rounds) + (1 if c.conflicts else 0)
    pos: dict[int, tuple[float, float]] = {}
    top = bottom = 1
    for x, rnd in enumerate(rounds):
        for side, sign in ((Side.ATTACKER, 1), (Side.TARGET, -1)):
            here = [p for p in c.states if p.round == rnd and p.side is side]
            here.sort(key=lambda p: -(p.p_join or 1.0))
            for i, p in enumerate(here[:max_per_column]):
                pos[p.state] = (x, sign * (i + 0.8))
            n = min(len(here), max_per_column)
            if sign > 0:
                top = max(top, n)
            else:
                bottom = max(bottom, n)
    boxes: dict[int, tuple[float, float]] = {}
    for i, cf in enumerate(c.conflicts[:max_per_column]):
        boxes[cf.state] = (len(rounds), -(i + 0.8))
    bottom = max(bottom, min(len(c.conflicts), max_per_column))
    width = max(6.0, 2.7 * columns)
    height = max(3.5, 0.62 * (top + bottom) + 1.8)
    fig, ax = plt.subplots(figsize=(width, height))
    ax.axhline(0, color="#999999", lw=0.8, ls="--")
    ax.text(-0.45, 0.12, "attacker's side ↑", fontsize=8, color=_COLOURS["attacker"])
    ax.text(-0.45, -0.32, "target's side ↓", fontsize=8, color=_COLOURS["target"])
    # Arrows: from the ally a pledge is owed to, to the state it calls in (one per state).
    for b, o, label in _links(c):
        if b in pos and o in pos:
            ax.annotate(
                "",
                xy=pos[o],
                xytext=pos[b],
                arrowprops={
                    "arrowstyle": "->",
                    "color": "#555555",
                    "lw": 0.9,
                    "shrinkA": 13,
                    "shrinkB": 13,
                },
            )
            mx = pos[b][0] + 0.55 * (pos[o][0] - pos[b][0])
            my = pos[b][1] + 0.55 * (pos[o][1] - pos[b][1])
            ax.text(
                mx,
                my,
                label,
                fontsize=6.5,
                color="#333333",
                ha="center",
                va="center",
                bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 0.4},
            )
    for p in c.states:
        if p.state not in pos:
            continue
        px, py = pos[p.state]
        colour = _COLOURS[p.side.value]
        alpha = 1.0 if p.deterministic else 0.45
        ax.scatter([px], [py], s=420, color=colour, alpha=alpha, zorder=3, edgecolors="black")
        label = p.name if p.p_join is None or p.round == 0 else f"{p.name}\n{_pct(p.p_join)}"
        ax.text(px + 0.12, py, label, fontsize=8, va="center", zorder=4)
    for cf in c.conflicts[:max_per_column]:
        cx, cy = boxes[cf.state]
        ax.scatter(
            [cx], [cy], s=300, color=_COLOURS["conflict"], marker="s", zorder=3, edgecolors="black"
        )
        chance = f", {_pct(cf.p_conflict)} of draws" if cf.p_conflict is not None else ""
        ax.text(cx + 0.12, cy, f"{cf.name}\n{cf.kind}{chance}", fontsize=7.5, va="center")
    ticks = [f"round {r}" if r else "first day" for r in rounds]
    if c.conflicts:
        ticks.append("conflicts")
    ax.set_xticks(range(columns), ticks)
    ax.set_yticks([])
    ax.set_xlim(-0.6, columns - 0.05)
    ax.set_ylim(-(bottom + 0.6), top + 0.6)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    sc = c.scenario
    title = f"{_who(c, sc.attackers)} attacks {_who(c, sc.targets)}, {sc.on.isoformat()}"
    if c.outcome is not None:
        title += f" — {c.outcome.draws:,} draws (faded: only in some draws)"
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


def _links(c: Cascade) -> list[tuple[int, int, str]]:
    """One labelled arrow per state drawn in: the first pledge that called it."""
    out = []
    for p in c.states:
        if p.round == 0:
            continue
        if p.because:
            s = p.because[0]
            out.append((s.judgement.obligation.beneficiary, p.state, _short(s)))
        elif p.state in c.links:
            b, label = c.links[p.state]
            out.append((b, p.state, label))
    return out


def _short(s: Step) -> str:
    o = s.judgement.obligation
    art = f" {s.articles[0]}" if s.articles else ""
    name = o.treaty_name if len(o.treaty_name) <= 26 else o.treaty
    verdict = "" if s.verdict is Verdict.TRIGGERED else f" ({s.verdict.value})"
    return f"{o.type.value}{art}\n{name}{verdict}"
