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
    from foedus.model import Obligation, Source, TreatyView

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


def _source(rows: tuple[Obligation, ...]) -> str:
    """Where a table line comes from, short: ``ATOP 5.1, row 1069``; a folded line names the
    dataset (its rows differ; ``--json`` has each one's)."""
    first = rows[0].source
    if len(rows) > 1:
        same = all(o.source.version == first.version for o in rows)
        return f"{first.dataset} {first.version}" if same else first.dataset
    return f"{first.dataset} {first.version}" + (
        f", row {first.row}" if isinstance(first.row, int) else ""
    )


def _table(title: str, groups: list[Group], party: str) -> Table:
    from rich.markup import escape
    from rich.table import Table

    # The state and type columns take what they need (up to a limit); treaty and conditions
    # share the rest, so at 80 columns neither shrinks to a few characters.
    table = Table(title=escape(title), title_justify="left", expand=True)
    table.add_column(party, max_width=18)
    table.add_column("type", no_wrap=True)
    table.add_column("treaty", ratio=1, min_width=16)
    table.add_column("conditions", ratio=1, min_width=14)
    for g in groups:
        table.add_row(
            escape(g.label),
            g.type.value,
            f"{escape(g.treaty_name)}\n[dim]{escape(g.treaty)} · {escape(_source(g.rows))}"
            f"\n{_span(g.rows)}[/]",
            escape("; ".join(_short(c) for c in g.conditions) or "unconditional"),
        )
    return table


def _show(rows: list[Obligation], title: str, *, toward: bool, every: bool) -> None:
    from rich.markup import escape

    from foedus.answers import by_weight, fold

    if not rows:
        console.print(f"{escape(title)}: none.")
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
            lines = (
                "treaty with many members is" if folded == 1 else "treaties with many members are"
            )
            console.print(
                f"[dim]{folded} {lines} shown as one line; "
                "--all lists every state, --json gives every row.[/]"
            )
    # Each note once, under the treaty it is about.
    notes = dict.fromkeys((o.treaty, n) for o in ordered for n in o.notes)
    for treaty, note in notes:
        console.print(f"note ({escape(treaty)}): {escape(note)}")


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


def _say(markup: str, indent: int = 0) -> None:
    """One paragraph; lines wrapped at the terminal's width keep the indent."""
    from rich.padding import Padding
    from rich.text import Text

    console.print(Padding(Text.from_markup(markup), (0, 0, 0, indent), expand=False))


def _where(source: Source) -> str:
    """``ATOP 5.1, row 319`` (a CSV row may come back as text from the store)."""
    row = source.row
    if isinstance(row, int) or (isinstance(row, str) and row.isdigit()):
        return f"{source.dataset} {source.version}, row {row}"
    return str(source)


def _render_treaty(view: TreatyView) -> None:
    from rich.markup import escape
    from rich.table import Table

    ends = view.ends or "in effect"
    _say(f"[bold]{escape(view.name)}[/]  ({escape(view.id)})")
    _say(f"{view.begins} – {ends}   source: {escape(_where(view.source))}")
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
            # Each condition once (ATOP's code and an article can word it alike).
            conds = "\n".join(
                dict.fromkeys(f"{k}: {_short(t)}" for k, ts in m.conditions.items() for t in ts)
            )
            table.add_row(
                escape(f"{m.name} ({m.ccode})"),
                f"{m.entry} –\n{m.exit or 'ongoing'}",
                _STATUS_TITLES.get(m.status, m.status).split(",")[0],
                ", ".join(m.obligations) or "none",
                escape(conds) or "—",
            )
        console.print(table)
    for art in view.provisions:
        kinds = ", ".join(art.obligations) or "defines other articles"
        console.print()
        _say(f"[bold]{escape(art.article)}[/] ({kinds}): {escape(art.text)}")
        for cond in art.conditions:
            _say(f"condition: {escape(cond)}", 2)
        cited = "; ".join(dict.fromkeys(c.publisher or c.title or "" for c in art.citations))
        _say(f"[dim]{art.text_kind}, confidence {art.confidence}; {escape(cited)}[/]", 2)
    for event in view.events:
        when = event.date.iso() if event.date else "undated"
        _say(f"{when}  {event.kind}" + (f": {escape(event.note)}" if event.note else ""))


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
    from rich.markup import escape

    _say(f"[bold]Treaties between {escape(a)} and {escape(b)}[/]")
    for link in links:
        kind = "bilateral" if link.bilateral else "multilateral"
        ends = link.ending or (f"ended {link.ends}" if link.ends else "in effect")
        console.print()
        _say(
            f"[bold]{link.begins}[/]  {escape(link.name)}  [dim]({escape(link.treaty)}, {kind})[/]"
        )
        if link.in_force and link.in_force != link.begins:
            _say(f"in force: {link.in_force}", 2)
        x, y = escape(link.a_name), escape(link.b_name)
        _say(f"{x} owes {y}: {', '.join(link.a_owes_b) or 'nothing'}", 2)
        _say(f"{y} owes {x}: {', '.join(link.b_owes_a) or 'nothing'}", 2)
        if link.added or link.dropped:
            change = [f"adds {', '.join(link.added)}"] if link.added else []
            change += [f"drops {', '.join(link.dropped)}"] if link.dropped else []
            _say(f"[yellow]changed from the treaty before: {'; '.join(change)}[/]", 2)
        for art in link.articles:
            kinds = f" ({', '.join(art.obligations)})" if art.obligations else ""
            _say(f"{escape(art.article)}{kinds}: {escape(_short(art.text, 240))}", 2)
        _say(f"ends: {escape(ends)}   sources: {escape(', '.join(link.sources))}", 2)


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
