"""``foedus data …``: build the knowledge base from raw files, or download them first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.common import JsonOption, console, err_console, guarded, print_json, state

if TYPE_CHECKING:
    from foedus.build import ImportReport

__all__ = ["app"]

app = typer.Typer(help="Build the knowledge base from the raw datasets.", no_args_is_help=True)

ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Replace a database file that cannot be opened (it is kept as a backup).",
    ),
]


def _import(db: Path | None, folder: Path, as_json: bool, replace: bool) -> ImportReport:
    from rich.table import Table

    from foedus.build import build_store
    from foedus.paths import default_db_path

    path = db or default_db_path()
    with err_console.status("Importing…") as status:
        report = build_store(
            folder,
            path,
            progress=lambda msg: status.update(f"Reading {msg}…"),
            replace_damaged=replace,
        )
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
@guarded
def import_cmd(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder holding the raw files.")],
    replace: ReplaceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Find the ATOP and COW files anywhere under DIR, check them, load them in one go.

    Importing the same files again changes nothing. A bad file stops the
    import with its name, line and column, and leaves the database as it was.
    Queries keep answering from the old database while the new one is built.

    Example: foedus data import ../shared/data
    """
    _import(state(ctx).db, folder, as_json, replace)


@app.command("fetch")
@guarded
def fetch_cmd(
    ctx: typer.Context,
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Where to keep the downloads (default: user data dir)."),
    ] = None,
    replace: ReplaceOption = False,
    as_json: JsonOption = False,
) -> None:
    """Download the raw files from their publishers, check them, then import them.

    Example: foedus data fetch --dest ~/data/foedus-raw
    """
    from foedus.paths import user_data_dir
    from foedus.sources.download import fetch

    folder = dest or user_data_dir() / "raw"
    result = fetch(folder, progress=not as_json)
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}")
    _import(state(ctx).db, folder, as_json, replace)


@app.command("sources")
@guarded
def sources_cmd(as_json: JsonOption = False) -> None:
    """List every raw file foedus reads, where to download it, and what to cite.

    Example: foedus data sources --json
    """
    from rich.table import Table

    from foedus.sources.download import sources_table

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
    console.print("\nCite:")
    for citation in dict.fromkeys(r.citation for r in rows if r.citation):
        console.print(f"  {citation}", soft_wrap=True)
