"""The ``foedus`` command: a thin layer that parses, calls the library and renders.

Each command opens the library object, calls one method and turns a
FoedusError into one clean line and exit code 1 (:func:`foedus.cli.common.fail`).
Command modules load only typer and rich; the library parts a command needs
are imported when it runs, so ``foedus defends`` never loads the news reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus._version import __version__
from foedus.cli import data, news, query, register, serve
from foedus.cli.common import State, fail

__all__ = ["app", "main"]

app = typer.Typer(
    name="foedus",
    help="Alliance treaties and the obligations they create between states, 1815 to today.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(data.app, name="data")
app.add_typer(register.app, name="register")
query.register(app)
app.command("ingest")(news.ingest_command)
app.add_typer(news.review_app, name="review")
app.command("serve")(serve.serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"foedus {__version__}")
        raise typer.Exit()


@app.callback()
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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: library errors become one clean line."""
    from foedus.errors import FoedusError

    try:
        app(args=argv, prog_name="foedus")
    except FoedusError as exc:  # a command that is not @guarded
        fail(str(exc))
