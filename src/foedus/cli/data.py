"""``foedus data …``: build the knowledge base from raw files, or download them first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
import typer
from rich.table import Table

from foedus.cli.common import console, err_console, print_json, state
from foedus.importer import ImportReport, import_folder
from foedus.sources.download import fetch, sources_table
from foedus.store import Store

__all__ = ["app"]

app = typer.Typer(help="Build the knowledge base from the raw datasets.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _import(db: Path | None, folder: Path, as_json: bool) -> ImportReport:
    with Store(db) as store, err_console.status("Importing…") as status:
        report = import_folder(store, folder, progress=lambda msg: status.update(f"Reading {msg}…"))
        path = store.path
    if as_json:
        print_json({**report.to_dict(), "db": str(path)})
        return report
    verb = "Already up to date" if report.unchanged else "Imported"
    table = Table(title=f"{verb}: {path}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    return report


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder holding the raw files.")],
    as_json: JsonOption = False,
) -> None:
    """Find the ATOP and COW files anywhere under DIR, check them, load them in one go.

    Importing the same files again changes nothing. A bad file stops the
    import with its name, line and column, and leaves the database as it was.

    Example: foedus data import ../shared/data
    """
    _import(state(ctx).db, folder, as_json)


@app.command("fetch")
def fetch_cmd(
    ctx: typer.Context,
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Where to keep the downloads (default: user data dir)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Download the raw files from their publishers, check them, then import them.

    Example: foedus data fetch --dest ~/data/foedus-raw
    """
    folder = dest or Path(platformdirs.user_data_dir("foedus")) / "raw"
    result = fetch(folder, progress=not as_json)
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}")
    _import(state(ctx).db, folder, as_json)


@app.command("sources")
def sources_cmd(as_json: JsonOption = False) -> None:
    """List every raw file foedus reads, where to download it, and what to cite.

    Example: foedus data sources --json
    """
    rows = sources_table()
    if as_json:
        print_json([r.__dict__ for r in rows])
        return
    table = Table(title="Raw datasets", title_justify="left")
    for column in ("dataset", "file", "url", "required"):
        table.add_column(column, overflow="fold")
    for r in rows:
        url = f"{r.url} ({r.zip_member})" if r.zip_member else r.url
        table.add_row(f"{r.dataset} {r.version}", r.file, url, "yes" if r.required else "no")
    console.print(table)
