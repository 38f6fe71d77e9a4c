"""Questions about obligations: ``defends``, ``obligations``, ``treaty show``, ``state``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.table import Table

from foedus.cli.common import console, print_json, state
from foedus.kb import KnowledgeBase, TreatyView
from foedus.lineage import Link
from foedus.model import Obligation, ObligationType, Status, parse_date

__all__ = ["register"]

TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Only these types: defense, offense, neutrality, nonaggression, consultation.",
    ),
]
OnOption = Annotated[str, typer.Option("--on", help="The date asked about, YYYY-MM-DD.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _open(ctx: typer.Context) -> KnowledgeBase:
    return KnowledgeBase(state(ctx).db)


def _types(values: list[str] | None) -> list[ObligationType]:
    return [ObligationType.parse(v) for v in values or []]


def _table(title: str, rows: list[Obligation], party: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(party, no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("treaty and source", ratio=3)
    table.add_column("conditions", ratio=2)
    table.add_column("in effect", no_wrap=True)
    for o in rows:
        who = o.obligor_name if party == "obligor" else o.beneficiary_name
        code = o.obligor if party == "obligor" else o.beneficiary
        table.add_row(
            f"{who} ({code})",
            o.type.value,
            f"{o.treaty_name}\n[dim]{o.treaty} · {o.source}[/]",
            "; ".join(_short(c) for c in o.conditions) or "unconditional",
            f"{o.valid_from.isoformat()} –\n{o.valid_to.isoformat() if o.valid_to else 'ongoing'}",
        )
    return table


_STATUS_TITLES = {
    Status.IN_FORCE: "in force",
    Status.SIGNED: "signed, not yet in force",
    Status.SUSPENDED: "suspended",
}


def _short(text: str, limit: int = 70) -> str:
    """A condition cut for a table cell (``--json`` has the whole text)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ask(
    ctx: typer.Context,
    state_name: str,
    on: str,
    type_: list[str] | None,
    as_json: bool,
    toward: bool,
) -> None:
    """Run ``defends`` (toward=True) or ``obligations`` and render the answer."""
    with _open(ctx) as kb:
        ask = kb.defends if toward else kb.obligations
        rows = ask(state_name, on, _types(type_))
        day = parse_date(on)
        name = kb.states.name(kb.resolve(state_name, day), day)
        title = f"Obligations {'toward' if toward else 'of'} {name} on {day}"
        _show(rows, as_json, title, "obligor" if toward else "beneficiary")


def _show(rows: list[Obligation], as_json: bool, title: str, party: str) -> None:
    if as_json:
        print_json([o.to_dict() for o in rows])
        return
    if not rows:
        console.print(f"{title}: none.")
    for status, label in _STATUS_TITLES.items():
        group = [o for o in rows if o.status is status]
        if group:
            console.print(_table(f"{title} — {label}", group, party))


def defends(
    ctx: typer.Context,
    state_name: Annotated[str, typer.Argument(metavar="STATE", help="Name, code or ISO3.")],
    on: OnOption,
    type_: TypeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every state bound by an obligation toward STATE on a date.

    Example: foedus defends "South Korea" --on 2010-06-01 --type defense
    """
    _ask(ctx, state_name, on, type_, as_json, toward=True)


def obligations(
    ctx: typer.Context,
    state_name: Annotated[str, typer.Argument(metavar="STATE", help="Name, code or ISO3.")],
    on: OnOption,
    type_: TypeOption = None,
    as_json: JsonOption = False,
) -> None:
    """What STATE owes to whom on a date.

    Example: foedus obligations "Soviet Union" --on 1962-01-01
    """
    _ask(ctx, state_name, on, type_, as_json, toward=False)


def _render_treaty(view: TreatyView) -> None:
    ends = view.ends or "in effect"
    console.print(f"[bold]{view.name}[/]  ({view.id})")
    console.print(f"{view.begins} – {ends}   source: {view.source}")
    for phase in view.phases:
        label = f"phase {phase.phase}" if len(view.phases) > 1 or phase.phase else "members"
        table = Table(
            title=f"{label}: {phase.begins} – {phase.ends or 'in effect'}", title_justify="left"
        )
        for column in ("member", "entry", "exit", "obligations", "conditions"):
            table.add_column(column, overflow="fold")
        for m in phase.members:
            conds = "\n".join(f"{k}: {t}" for k, ts in m.conditions.items() for t in ts)
            table.add_row(
                f"{m.name} ({m.ccode})",
                m.entry,
                m.exit or "—",
                ", ".join(m.obligations) or "none",
                conds or "—",
            )
        console.print(table)


def treaty_show(
    ctx: typer.Context,
    treaty_id: Annotated[str, typer.Argument(metavar="ID", help="atop-3180, 3180, cow-7…")],
    as_json: JsonOption = False,
) -> None:
    """One treaty: members over time by phase, obligations, conditions, dates.

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
            words = art["text"] if len(art["text"]) < 240 else art["text"][:239] + "…"
            console.print(f"  {art['article']} ({', '.join(art['obligations'])}): {words}")
        console.print(f"  ends: {ends}   sources: {', '.join(link.sources)}")


def history_cmd(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="STATE", help="Name, code or ISO3.")],
    second: Annotated[str, typer.Argument(metavar="STATE", help="Name, code or ISO3.")],
    as_json: JsonOption = False,
) -> None:
    """The chain of treaties between two states over time, and the clauses that changed.

    Example: foedus treaty history Russia "North Korea"
    """
    with _open(ctx) as kb:
        links = kb.history(first, second)
        if as_json:
            print_json([link.to_dict() for link in links])
            return
        a, b = (kb.states.name(kb.resolve(x)) for x in (first, second))
        if not links:
            console.print(f"No treaty between {a} and {b}.")
        else:
            _render_history(a, b, links)


def state_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name, code, ISO3, gw:CODE.")],
    on: Annotated[str | None, typer.Option("--on", help="Date for the name shown.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve a state name or code to its COW code and the name valid on a date.

    Example: foedus state DPRK --on 1962-01-01
    """
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


def register(app: typer.Typer) -> None:
    """Mount the query commands on the root app."""
    app.command("defends")(defends)
    app.command("obligations")(obligations)
    app.command("state")(state_cmd)
    treaty = typer.Typer(help="Treaties.", no_args_is_help=True)
    treaty.command("show")(treaty_show)
    treaty.command("history")(history_cmd)
    app.add_typer(treaty, name="treaty")
