"""Questions about obligations: ``defends``, ``obligations``, ``treaty show``, ``state``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.common import JsonOption, console, guarded, print_json, state

if TYPE_CHECKING:
    from rich.table import Table

    from foedus.analyses.lineage import Link
    from foedus.answers import Group
    from foedus.kb import KnowledgeBase
    from foedus.model import Obligation, TreatyView

__all__ = ["COMMANDS", "register"]

TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Only these types: defense, offense, neutrality, nonaggression, consultation.",
    ),
]
OnOption = Annotated[str, typer.Option("--on", help="The date asked about, YYYY-MM-DD.")]
AllOption = Annotated[
    bool, typer.Option("--all", help="One line per state, also for treaties with many members.")
]
StateArgument = Annotated[str, typer.Argument(metavar="STATE", help="Name, code or ISO3.")]

_STATUS_TITLES = {
    "in_force": "in force",
    "signed": "signed, not yet in force",
    "suspended": "suspended",
    "political": "political commitments, not legally binding",
}


def _open(ctx: typer.Context) -> KnowledgeBase:
    from foedus.kb import KnowledgeBase

    return KnowledgeBase(state(ctx).db)


def _short(text: str, limit: int = 70) -> str:
    """A condition cut for a table cell (``--json`` has the whole text)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _span(rows: tuple[Obligation, ...]) -> str:
    start = min(o.valid_from for o in rows).isoformat()
    ends = [o.valid_to for o in rows]
    end = "ongoing" if None in ends else max(e for e in ends if e).isoformat()
    return f"{start} – {end}"


def _table(title: str, groups: list[Group], party: str) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", expand=False)
    table.add_column(party, ratio=2, min_width=12)
    table.add_column("type", no_wrap=True)
    table.add_column("treaty · source · in effect", ratio=3, min_width=16)
    table.add_column("conditions", ratio=3, min_width=14)
    for g in groups:
        first = g.rows[0]
        source = str(first.source) if len(g.rows) == 1 else f"{first.source.dataset}"
        table.add_row(
            g.label,
            g.type.value,
            f"{g.treaty_name}\n[dim]{g.treaty} · {source}\n{_span(g.rows)}[/]",
            "; ".join(_short(c) for c in g.conditions) or "unconditional",
        )
    return table


def _show(rows: list[Obligation], title: str, *, toward: bool, every: bool) -> None:
    from foedus.answers import by_weight, fold

    if not rows:
        console.print(f"{title}: none.")
        return
    ordered = by_weight(rows, toward=toward)
    for status, label in _STATUS_TITLES.items():
        group = [o for o in ordered if o.status.value == status]
        if not group:
            continue
        groups = fold(group, keep=0 if every else 3, toward=toward)
        console.print(_table(f"{title} — {label}", groups, "obligor" if toward else "owed to"))
        folded = sum(1 for g in groups if len(g.rows) > 1)
        if folded:
            console.print(
                f"[dim]{folded} treaties with many members shown as one line each; "
                "--all lists every state, --json gives every row.[/]"
            )
    notes = dict.fromkeys(n for o in ordered for n in o.notes)
    for note in notes:
        console.print(f"note: {note}", soft_wrap=True)


def _ask(
    ctx: typer.Context,
    state_name: str,
    on: str,
    type_: list[str] | None,
    as_json: bool,
    every: bool,
    *,
    toward: bool,
) -> None:
    """Run ``defends`` (toward=True) or ``obligations`` and render the answer."""
    from foedus.model import parse_date

    with _open(ctx) as kb:
        ask = kb.defends if toward else kb.obligations
        rows = ask(state_name, on, type_)
        if as_json:
            print_json([o.to_dict() for o in rows])
            return
        day = parse_date(on)
        name = kb.states.name(kb.resolve(state_name, day), day)
        title = f"Obligations {'toward' if toward else 'of'} {name} on {day}"
        _show(rows, title, toward=toward, every=every)


@guarded
def defends(
    ctx: typer.Context,
    state_name: StateArgument,
    on: OnOption,
    type_: TypeOption = None,
    every: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """Every state bound by an obligation toward STATE on a date, strongest pledges first.

    Example: foedus defends "South Korea" --on 2010-06-01 --type defense
    """
    _ask(ctx, state_name, on, type_, as_json, every, toward=True)


@guarded
def obligations(
    ctx: typer.Context,
    state_name: StateArgument,
    on: OnOption,
    type_: TypeOption = None,
    every: AllOption = False,
    as_json: JsonOption = False,
) -> None:
    """What STATE owes to whom on a date, strongest pledges first.

    Example: foedus obligations "Soviet Union" --on 1962-01-01
    """
    _ask(ctx, state_name, on, type_, as_json, every, toward=False)


def _render_treaty(view: TreatyView) -> None:
    from rich.table import Table

    ends = view.ends or "in effect"
    console.print(f"[bold]{view.name}[/]  ({view.id})")
    console.print(f"{view.begins} – {ends}   source: {view.source}")
    for phase in view.phases:
        label = f"phase {phase.phase}" if len(view.phases) > 1 or phase.phase else "members"
        table = Table(
            title=f"{label}: {phase.begins} – {phase.ends or 'in effect'}", title_justify="left"
        )
        table.add_column("member", ratio=2, min_width=12)
        table.add_column("in effect", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("obligations", ratio=2, min_width=10)
        table.add_column("conditions", ratio=3, min_width=12)
        for m in phase.members:
            conds = "\n".join(f"{k}: {_short(t)}" for k, ts in m.conditions.items() for t in ts)
            table.add_row(
                f"{m.name} ({m.ccode})",
                f"{m.entry} –\n{m.exit or 'ongoing'}",
                _STATUS_TITLES.get(m.status, m.status).split(",")[0],
                ", ".join(m.obligations) or "none",
                conds or "—",
            )
        console.print(table)
    for art in view.provisions:
        kinds = ", ".join(art.obligations) or "defines other articles"
        console.print(f"\n[bold]{art.article}[/] ({kinds}): {art.text}", soft_wrap=True)
        for cond in art.conditions:
            console.print(f"  condition: {cond}", soft_wrap=True)
        cited = "; ".join(c.publisher or c.title or "" for c in art.citations)
        console.print(f"  [dim]{art.text_kind}, confidence {art.confidence}; {cited}[/]")
    for event in view.events:
        when = event.date.iso() if event.date else "undated"
        console.print(f"{when}  {event.kind}" + (f": {event.note}" if event.note else ""))


@guarded
def treaty_show(
    ctx: typer.Context,
    treaty_id: Annotated[str, typer.Argument(metavar="ID", help="atop-3180, 3180, cow-7…")],
    as_json: JsonOption = False,
) -> None:
    """One treaty: members over time by phase with their status, obligations, conditions,
    the articles and their conditions, and what happened to it.

    Example: foedus treaty show 3180
    """
    with _open(ctx) as kb:
        view = kb.treaty(treaty_id)
        if as_json:
            print_json(view.to_dict())
        else:
            _render_treaty(view)


def _render_history(a: str, b: str, links: list[Link]) -> None:
    console.print(f"[bold]Treaties between {a} and {b}[/]")
    for link in links:
        kind = "bilateral" if link.bilateral else "multilateral"
        ends = link.ending or (f"ended {link.ends}" if link.ends else "in effect")
        console.print(f"\n[bold]{link.begins}[/]  {link.name}  [dim]({link.treaty}, {kind})[/]")
        if link.in_force and link.in_force != link.begins:
            console.print(f"  in force: {link.in_force}")
        x, y = link.a_name, link.b_name
        console.print(f"  {x} owes {y}: {', '.join(link.a_owes_b) or 'nothing'}")
        console.print(f"  {y} owes {x}: {', '.join(link.b_owes_a) or 'nothing'}")
        if link.added or link.dropped:
            change = [f"adds {', '.join(link.added)}"] if link.added else []
            change += [f"drops {', '.join(link.dropped)}"] if link.dropped else []
            console.print(f"  [yellow]changed from the treaty before: {'; '.join(change)}[/]")
        for art in link.articles:
            words = _short(art.text, 240)
            console.print(f"  {art.article} ({', '.join(art.obligations)}): {words}")
        console.print(f"  ends: {ends}   sources: {', '.join(link.sources)}")


@guarded
def history_cmd(
    ctx: typer.Context,
    first: StateArgument,
    second: StateArgument,
    as_json: JsonOption = False,
) -> None:
    """The chain of treaties between two states over time, and the clauses that changed.

    Example: foedus treaty history Russia "North Korea"
    """
    from foedus.analyses.lineage import history

    with _open(ctx) as kb:
        links = history(kb, first, second)
        if as_json:
            print_json([link.to_dict() for link in links])
            return
        a, b = (kb.states.name(kb.resolve(x)) for x in (first, second))
        if not links:
            console.print(f"No treaty between {a} and {b}.")
        else:
            _render_history(a, b, links)


@guarded
def state_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name, code, ISO3, gw:CODE.")],
    on: Annotated[str | None, typer.Option("--on", help="Date for the name shown.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve a state name or code to its COW code and the name valid on a date.

    Example: foedus state DPRK --on 1962-01-01
    """
    from foedus.model import parse_date

    with _open(ctx) as kb:
        day = parse_date(on) if on else dt.date.today()
        code = kb.resolve(name, day)
        found = kb.states.state(code, day)
        payload = {
            "query": name,
            "ccode": found.ccode,
            "abbrev": found.abbrev,
            "name": found.name,
            "on": day.isoformat(),
        }
        if as_json:
            print_json(payload)
        else:
            console.print(f"{found.name} — COW {found.ccode} ({found.abbrev}) on {day}")


COMMANDS = ("defends", "obligations", "state", "treaty")


def register(app: typer.Typer, only: str | None = None) -> None:
    """Mount the query commands on the root app (``only`` one of :data:`COMMANDS`)."""
    if only in (None, "defends"):
        app.command("defends")(defends)
    if only in (None, "obligations"):
        app.command("obligations")(obligations)
    if only in (None, "state"):
        app.command("state")(state_cmd)
    if only in (None, "treaty"):
        treaty = typer.Typer(help="Treaties.", no_args_is_help=True)
        treaty.command("show")(treaty_show)
        treaty.command("history")(history_cmd)
        app.add_typer(treaty, name="treaty")
