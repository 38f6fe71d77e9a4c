"""``foedus register …``: the curated register of post-2018 events and treaty articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from foedus.cli.common import JsonOption, console, guarded, print_json, state

__all__ = ["app"]

app = typer.Typer(help="The curated treaty register.", no_args_is_help=True)

FolderOption = Annotated[
    Path | None,
    typer.Option("--folder", help="Register folder to read (default: the one foedus ships)."),
]


@app.command("check")
@guarded
def check_cmd(ctx: typer.Context, folder: FolderOption = None, as_json: JsonOption = False) -> None:
    """Validate every register file and list where it contradicts ATOP.

    A contradiction is explained when the record's atop.differences says
    which reading to follow and why; the command fails (exit 1) when any is
    unexplained.

    Example: foedus register check
    """
    from rich.table import Table

    from foedus.build import check_register
    from foedus.kb import KnowledgeBase

    with KnowledgeBase(state(ctx).db) as kb:
        conflicts = check_register(kb.store, folder)
    unexplained = [c for c in conflicts if not c.explained]
    if as_json:
        print_json({"conflicts": [c.to_dict() for c in conflicts], "unexplained": len(unexplained)})
    else:
        table = Table(title="Register facts that differ from ATOP", title_justify="left")
        for column in ("record", "member", "ATOP says", "register says", "follows", "why"):
            table.add_column(column, overflow="fold")
        for c in conflicts:
            why = c.note or "[red]unexplained: add atop.differences to the record[/]"
            table.add_row(
                c.record, str(c.ccode or "—"), c.atop_says, c.register_says, c.follow, why
            )
        console.print(table)
        console.print(f"{len(conflicts)} differences, {len(unexplained)} unexplained.")
    if unexplained:
        raise typer.Exit(1)


@app.command("list")
@guarded
def list_cmd(folder: FolderOption = None, as_json: JsonOption = False) -> None:
    """List the register's records: id, name, signature, entry into force, ATOP link.

    Example: foedus register list --json
    """
    from rich.table import Table

    from foedus.register import load_register

    rows: list[dict[str, Any]] = [r.summary() for r in load_register(folder)]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} register records", title_justify="left")
    for column in ("id", "signed", "in force", "ATOP"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"], row["signed"], row["in_force"] or "not in force", row["atop"] or "—"
        )
    console.print(table)


@app.command("audit")
@guarded
def audit_cmd(folder: FolderOption = None, as_json: JsonOption = False) -> None:
    """What became of every alliance ATOP leaves in effect at the end of 2018: counts by
    outcome (in force, ended, changed, unknown) and the unknowns with what was searched.

    Example: foedus register audit
    """
    from rich.table import Table

    from foedus.register.audit import audit_summary, load_audit

    summary = audit_summary(load_audit(folder))
    if as_json:
        print_json(summary)
        return
    counts = summary["counts"]
    console.print(
        f"{summary['alliances']} alliances ATOP marks in effect at the end of 2018: "
        + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
    )
    changed = Table(title="Ended or changed (the record that carries it)", title_justify="left")
    for column in ("atopid", "alliance", "outcome", "record"):
        changed.add_column(column, overflow="fold")
    for row in summary["changed_or_ended"]:
        changed.add_row(str(row["atopid"]), row["label"], row["outcome"], row["record"])
    console.print(changed)
    unknown = Table(title="No later information found", title_justify="left")
    unknown.add_column("atopid")
    unknown.add_column("alliance", overflow="fold")
    unknown.add_column("searched", overflow="fold")
    for row in summary["unknown"]:
        unknown.add_row(str(row["atopid"]), row["label"], "; ".join(row["searched"][:2]))
    console.print(unknown)
