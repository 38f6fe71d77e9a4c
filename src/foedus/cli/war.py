"""``foedus war`` (who is drawn into a war, how likely) and ``foedus impact`` (what a treaty
changed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.common import JsonOption, console, guarded, print_json, state

if TYPE_CHECKING:
    from foedus.analyses.honour import HonourTable
    from foedus.kb import KnowledgeBase

__all__ = ["impact_command", "war_command"]

DrawsOption = Annotated[
    int, typer.Option("--draws", help="Monte Carlo draws (0: only the deterministic cascade).")
]
SeedOption = Annotated[int | None, typer.Option("--seed", help="Seed of the draws.")]
HonourOption = Annotated[
    str,
    typer.Option(
        "--honour",
        help="Honour probabilities: calibrated (foedus's reliability analysis of past wars) "
        "or published (Berkemeier & Fuhrmann 2018 by type and era).",
    ),
]
ProbabilityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--p",
        help="Override an honour probability: TYPE=P or TYPE@ERA=P (defense=0.5, "
        "defense@post1945=0.3). Repeatable.",
    ),
]


def _open(ctx: typer.Context) -> KnowledgeBase:
    from foedus.kb import KnowledgeBase

    return KnowledgeBase(state(ctx).db)


def _table(kb: KnowledgeBase, honour: str, overrides: list[str] | None) -> HonourTable:
    from foedus.analyses.honour import HonourTable, calibrated_or_published
    from foedus.errors import InputError

    if honour not in ("calibrated", "published"):
        raise InputError(f"--honour is calibrated or published, not {honour!r}")
    table = calibrated_or_published(kb) if honour == "calibrated" else HonourTable.published()
    values = {}
    for item in overrides or []:
        key, sep, value = item.partition("=")
        try:
            values[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise InputError(f"--p takes TYPE=P (defense=0.5), got {item!r}")
    return table.with_overrides(values)


@guarded
def war_command(
    ctx: typer.Context,
    attacker: Annotated[
        list[str], typer.Option("--attacker", "-a", help="Attacking state (repeatable).")
    ],
    target: Annotated[
        list[str], typer.Option("--target", "-t", help="State attacked (repeatable).")
    ],
    on: Annotated[str, typer.Option("--on", help="The day the war begins, YYYY-MM-DD.")],
    where: Annotated[
        str | None,
        typer.Option(
            "--where",
            help="Where the fighting is: a region (Europe, Pacific, North Atlantic area…), a "
            "territory (Korean peninsula…) or a state's name (its home territory).",
        ),
    ] = None,
    draws: DrawsOption = 0,
    seed: SeedOption = None,
    held_out: Annotated[
        list[str] | None, typer.Option("--held-out", help="A state that stays out (repeatable).")
    ] = None,
    void: Annotated[
        list[str] | None,
        typer.Option("--void", help="Treat a treaty's pledges as void: ID, ID/STATE (repeatable)."),
    ] = None,
    provoked: Annotated[
        bool, typer.Option("--provoked", help="The target provoked the attack.")
    ] = False,
    undetermined_joins: Annotated[
        bool,
        typer.Option(
            "--undetermined-joins",
            help="Let a pledge whose conditions the scenario cannot settle call its state in.",
        ),
    ] = False,
    honour: HonourOption = "calibrated",
    p: ProbabilityOption = None,
    graphml: Annotated[
        Path | None, typer.Option("--graphml", help="Also write the cascade as GraphML (Gephi).")
    ] = None,
    picture: Annotated[
        Path | None, typer.Option("--picture", help="Also draw the cascade (.svg or .png).")
    ] = None,
    verdicts: Annotated[
        bool, typer.Option("--verdicts", help="List every pledge judged, with its reason.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """If ATTACKER attacks TARGET on a day: which pledges trigger, who joins, how likely.

    Round by round, every pledge in force toward a state at war is judged against its
    conditions (the casus foederis); a state a triggered pledge calls to one side joins it.
    A state bound to both sides is reported as a conflict. With --draws, each triggered pledge
    is honoured with a probability by type and era, and each state gets its chance of joining.

    Example: foedus war -a "North Korea" -t "South Korea" --on 2025-06-01 --draws 100000 --seed 1
    """
    from foedus.analyses.cascade import cascade, war_scenario
    from foedus.errors import InputError

    if draws < 0:
        raise InputError(f"--draws must be 0 or more, got {draws}")
    if seed is not None and draws == 0:
        raise InputError("--seed seeds the Monte Carlo draws: give --draws N as well")
    kb = _open(ctx)
    options: dict[str, object] = {"where": where, "provoked": provoked}
    if held_out:
        options["held_out"] = held_out
    if void:
        options["void"] = frozenset(void)
    scenario = war_scenario(kb, attacker, target, on, **options)
    table = _table(kb, honour, p) if draws else None
    result = cascade(
        kb,
        scenario,
        draws=draws,
        seed=seed or 0,
        honour=table,
        undetermined_joins=undetermined_joins,
    )
    if graphml or picture:
        from foedus.analyses.cascade_views import draw, to_graphml

        if graphml:
            to_graphml(result, graphml)
        if picture:
            draw(result, picture)
    if as_json:
        print_json(result.to_dict())
        return
    from foedus.analyses.cascade_views import report

    console.print(report(result, verdicts=verdicts), markup=False, highlight=False, soft_wrap=True)
    for path in (graphml, picture):
        if path:
            console.print(f"wrote {path}", markup=False)


@guarded
def impact_command(
    ctx: typer.Context,
    treaty: Annotated[str, typer.Argument(metavar="TREATY", help="Treaty id (rus-prk-2024).")],
    draws: DrawsOption = 1000,
    seed: SeedOption = None,
    allies: Annotated[
        bool, typer.Option("--allies", help="Also the wars of the parties' allies.")
    ] = False,
    where: Annotated[
        str | None, typer.Option("--where", help="Where the fighting is, for every scenario.")
    ] = None,
    honour: HonourOption = "calibrated",
    p: ProbabilityOption = None,
    as_json: JsonOption = False,
) -> None:
    """What a treaty changed: who is more (or less) likely to be drawn into which wars.

    Compares the day before the treaty entered into force with that day, over every war in
    which a party attacks or is attacked, and names the articles behind each change; for a
    bilateral treaty, puts the wording of the treaties between the parties side by side.

    Example: foedus impact rus-prk-2024
    """
    from foedus.analyses.impact import impact
    from foedus.errors import InputError

    if draws < 1:
        raise InputError(f"--draws must be at least 1, got {draws}")
    kb = _open(ctx)
    kb.load_index()
    result = impact(
        kb,
        treaty,
        draws=draws,
        seed=seed or 0,
        honour=_table(kb, honour, p),
        where=where,
        allies=allies,
    )
    if as_json:
        print_json(result.to_dict())
        return
    from foedus.analyses.cascade_views import impact_report

    console.print(impact_report(result), markup=False, highlight=False, soft_wrap=True)
