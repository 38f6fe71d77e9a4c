"""The ``foedus`` command: a thin layer that parses, calls the library and renders.

Each command opens the library object, calls one method and turns a
FoedusError into one clean line and exit code 1 (:func:`foedus.cli.common.fail`).
Command modules load only typer and rich; the library parts a command needs
are imported when it runs, so ``foedus defends`` never loads the news reader.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from foedus._version import __version__
from foedus.cli import data, news, query, register, serve
from foedus.cli.common import State, fail
from foedus.cli.reliability import reliability_command
from foedus.cli.table import cite_command, table_app
from foedus.cli.war import impact_command, war_command

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"foedus {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Database file (default: $FOEDUS_DB or the user data dir)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Alliance treaties and obligations between states.

    Example: foedus defends "South Korea" --on 2010-06-01
    """
    ctx.obj = State(db=db)


def _query(name: str) -> Callable[[typer.Typer], object]:
    return lambda a: query.register(a, only=name)


# Each top-level name and how it is mounted, in the order help lists them.
_MOUNTS: dict[str, Callable[[typer.Typer], object]] = {
    "data": lambda a: a.add_typer(data.app, name="data"),
    "register": lambda a: a.add_typer(register.app, name="register"),
    **{name: _query(name) for name in query.COMMANDS},
    "ingest": lambda a: a.command("ingest")(news.ingest_command),
    "review": lambda a: a.add_typer(news.review_app, name="review"),
    "serve": lambda a: a.command("serve")(serve.serve),
    "reliability": lambda a: a.command("reliability")(reliability_command),
    "war": lambda a: a.command("war")(war_command),
    "impact": lambda a: a.command("impact")(impact_command),
    "table": lambda a: a.add_typer(table_app, name="table"),
    "cite": lambda a: a.command("cite")(cite_command),
}


def _new_app(names: list[str]) -> typer.Typer:
    made = typer.Typer(
        name="foedus",
        help="Alliance treaties and the obligations they create between states, 1815 to today.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    made.callback()(_root)
    for name in names:
        _MOUNTS[name](made)
    return made


app = _new_app(list(_MOUNTS))


def _command_name(args: list[str]) -> str | None:
    """The top-level command ``args`` ask for, skipping the root's ``--db PATH``; None when
    the root itself must answer (``--help``, ``--version``, no command, an unknown one)."""
    rest = iter(args)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif not arg.startswith("--db="):
            return None if arg.startswith("-") or arg not in _MOUNTS else arg
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: library errors become one clean line.

    typer builds a click command for every function it is given (signatures and
    type hints, about 20 ms for the whole tree), so a call naming one command is
    parsed by an app holding the root options and that command alone; the
    arguments, help and errors are the same as the whole app's.
    """
    from foedus.errors import FoedusError

    args = sys.argv[1:] if argv is None else list(argv)
    name = _command_name(args)
    try:
        (app if name is None else _new_app([name]))(args=args, prog_name="foedus")
    except FoedusError as exc:  # a command that is not @guarded
        fail(str(exc))
