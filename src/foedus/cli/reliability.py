"""``foedus reliability``: were alliance promises kept in past wars? Beside published figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from foedus.cli.common import JsonOption, console, guarded, print_json, state

if TYPE_CHECKING:
    from foedus.analyses.reliability import Comparison, Rate, Reliability, SensitivityRow

__all__ = ["reliability_command"]


@guarded
def reliability_command(
    ctx: typer.Context,
    start: Annotated[int, typer.Option("--from", help="First year a war may begin in.")] = 1816,
    end: Annotated[int, typer.Option("--to", help="Last year a war may begin in.")] = 2003,
    view: Annotated[str, typer.Option(help="ATOP (as published) or foedus (with the register).")]
    = "ATOP",
    promise: Annotated[str, typer.Option(
        help="specific: judge each ally against its own promise (Leeds, Long & Mitchell); "
        "joined: did the ally join at all? (Sabrosky)")] = "specific",
    unit: Annotated[str, typer.Option(
        help="alliance (ally, war, treaty), obligation (… and type) or pledge (directed).")]
    = "alliance",
    wartime: Annotated[str, typer.Option(
        help="apart: coalitions formed for the war are undecidable; count: judge them.")]
    = "apart",
    late: Annotated[int | None, typer.Option(
        help="Joining counts only within this many days of the partner's entry.")] = None,
    attacked: Annotated[str, typer.Option(
        help="Who on the target side counts as attacked: home, side or first-day.")] = "home",
    restraint: Annotated[str, typer.Option(
        help="Neutrality/non-aggression invoked when the partner is at war (partner-at-war) "
        "or only if the ally went to war too (ally-at-war).")] = "partner-at-war",
    events: Annotated[str, typer.Option(help="wars (COW) or mids (MID 5.0, use of force).")]
    = "wars",
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity", help="Add the table of how much each switch moves the figure.")] = False,
    calibration: Annotated[bool, typer.Option(
        "--calibration", help="Add the honour probabilities by type and era.")] = False,
    cases: Annotated[bool, typer.Option("--cases", help="List every invoked case.")] = False,
    plot: Annotated[Path | None, typer.Option(help="Draw the figures to this PNG file.")]
    = None,
    as_json: JsonOption = False,
) -> None:
    """Were alliance promises kept in past wars? Reliability by type, era and size.

    Every ally whose pledge a COW inter-state war invoked (by the casus-foederis judge), and
    whether it kept it, beside the published figures (Leeds, Long & Mitchell 2000; Sabrosky
    1980; Berkemeier & Fuhrmann 2018) and why they differ.

    Example: foedus reliability --from 1816 --to 1944
    """
    from foedus.analyses.reliability import Rules, compare, reliability
    from foedus.analyses.reliability import sensitivity as sensitivity_rows
    from foedus.kb import KnowledgeBase

    rules = Rules(promise=promise, unit=unit, wartime=wartime, late=late, attacked=attacked,
                  restraint=restraint, events=events)  # fmt: skip
    kb = KnowledgeBase(state(ctx).db, view=view)
    result = reliability(kb, start=start, end=end, rules=rules)
    comparisons = compare(kb, start=start, end=end, rules=rules)
    rows = sensitivity_rows(kb, start=start, end=end, rules=rules, base=result) \
        if sensitivity or plot else []  # fmt: skip
    probabilities = None
    if calibration:
        from foedus.analyses.reliability import probabilities_from

        probabilities = probabilities_from(result)
    drawn = None
    if plot is not None:
        from foedus.analyses.reliability import plot as draw

        whole = result if (start <= 1900 and end >= 1990) else reliability(
            kb, start=1816, end=2003, rules=rules)  # fmt: skip
        drawn = draw(whole, comparisons, rows, plot)
    if as_json:
        payload: dict[str, Any] = result.to_dict()
        payload["published"] = [c.to_dict() for c in comparisons]
        if rows:
            payload["sensitivity"] = [r.to_dict() for r in rows]
        if probabilities is not None:
            payload["calibration"] = [
                {"type": t.value, "era": era, **p.to_dict()}
                for (t, era), p in probabilities.items()
            ]
        if drawn is not None:
            payload["plot"] = str(drawn)
        print_json(payload)
        return
    _render(result, comparisons, rows, cases)
    if probabilities is not None:
        _render_calibration(probabilities)
    if drawn is not None:
        console.print(f"\nPlot written to {drawn}")


def _pct(r: Rate) -> str:
    return "–" if r.rate is None else f"{100 * r.rate:.1f}%"


def _render(
    result: Reliability,
    comparisons: list[Comparison],
    rows: list[SensitivityRow],
    show_cases: bool,
) -> None:
    from rich.markup import escape
    from rich.table import Table

    r = result.rules
    console.print(
        f"[bold]Alliance reliability[/] in COW {'disputes' if r.events == 'mids' else 'wars'} "
        f"beginning {result.start}–{result.end} ({result.view} view; promise: {r.promise}, "
        f"unit: {r.unit}, wartime alliances: {r.wartime}, attacked: {r.attacked})"
    )
    table = Table(show_edge=False)
    for col in ("", " ", "reliability", "honoured", "invoked", "undecidable", "not invoked"):
        table.add_column(col, justify="left" if not col.strip() else "right")
    groups: list[tuple[str, dict[str, Rate]]] = [
        ("overall", {"overall": result.overall}),
        ("by type", result.by_type),
        ("by era", result.by_era),
        ("by size", result.by_size),
    ]
    for title, rates in groups:
        table.add_section()
        for i, (key, rate) in enumerate(rates.items()):
            table.add_row(title if i == 0 else "", "" if title == "overall" else key,
                          _pct(rate), str(rate.honoured), str(rate.invoked),
                          str(rate.undecidable), str(rate.not_invoked))  # fmt: skip
    console.print(table)

    console.print("\n[bold]Beside the published figures[/]")
    pub = Table(show_edge=False)
    for col in ("study", "figure", "years", "published", "foedus", "difference"):
        pub.add_column(col, justify="right" if col in ("published", "foedus", "difference")
                       else "left")  # fmt: skip
    for c in comparisons:
        p = c.published
        diff = c.difference
        pub.add_row(p.study, p.figure, f"{p.start}–{p.end}",
                    ("~" if p.approximate else "") + f"{100 * p.rate:.1f}%",
                    f"{_pct(c.ours)} (n={c.ours.invoked})",
                    "–" if diff is None else f"{100 * diff:+.1f}")  # fmt: skip
    console.print(pub)
    console.print("\n[bold]Why they differ[/]")
    seen: set[str] = set()
    for c in comparisons:
        for why in c.why:
            if why not in seen:
                seen.add(why)
                console.print(f"  • {escape(why)}")

    if rows:
        console.print("\n[bold]Sensitivity[/]: how much each rule moves the overall figure")
        sens = Table(show_edge=False)
        for col in ("switch", "reliability", "invoked", "change"):
            sens.add_column(col, justify="left" if col == "switch" else "right")
        for row in rows:
            d = row.delta
            sens.add_row(row.label, _pct(row.rate), str(row.rate.invoked),
                         "–" if d is None else f"{100 * d:+.1f} pts")  # fmt: skip
        console.print(sens)

    if show_cases:
        console.print("\n[bold]Cases[/] (invoked and undecidable)")
        for case in result.cases:
            if case.outcome.value == "not_invoked":
                continue
            console.print(
                f"  {case.war_start.year} {escape(case.war_name)}: {escape(case.ally_name)} → "
                f"{escape(case.partner_name)} ({case.type.value}, {case.treaty}) "
                f"[bold]{case.outcome.value}[/]: {escape(case.reason)}"
            )


def _render_calibration(probabilities: dict[Any, Any]) -> None:
    from rich.table import Table

    console.print("\n[bold]Honour probabilities[/] (Beta posteriors; the escalation engine's "
                  "defaults)")  # fmt: skip
    table = Table(show_edge=False)
    for col in ("type", "era", "mean", "90% interval", "honoured/invoked (per war and treaty)"):
        table.add_column(col, justify="left" if col in ("type", "era") else "right")
    for (kind, era), p in probabilities.items():
        table.add_row(kind.value, era, f"{p.mean:.2f}", f"{p.low:.2f}–{p.high:.2f}",
                      f"{p.honoured:.1f}/{p.invoked:.0f}")  # fmt: skip
    console.print(table)
