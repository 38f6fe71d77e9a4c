"""``foedus table dyad-years|state-years …`` and ``foedus cite``: research tables as files.

The commands parse, check what can be checked before any work (years,
verbs, the output file), call :mod:`foedus.datasets` and print one line. A
progress bar appears on stderr when the work takes more than two seconds.
Parquet and CSV are written by DuckDB itself, so these commands never load
pandas (Stata files need it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from foedus.cli.common import JsonOption, LateProgress, console, guarded, print_json, state

if TYPE_CHECKING:
    from foedus.datasets.table import Table

__all__ = ["cite_command", "table_app"]

table_app = typer.Typer(
    help="Research tables (state-years, dyad-years) with alliance, power, conflict and "
    "similarity columns, written to Parquet, CSV or Stata.",
    no_args_is_help=True,
)

FromOption = Annotated[
    int | None, typer.Option("--from", help="First year (default: 1816).", show_default=False)
]
ToOption = Annotated[
    int | None,
    typer.Option("--to", help="Last year (default: the state list's last).", show_default=False),
]
SystemOption = Annotated[str, typer.Option("--system", help="State list: cow or gw.")]
CarryOption = Annotated[
    int | None,
    typer.Option(
        "--carry-forward",
        help="Assume the states alive at the end of the state list live on to this year.",
        show_default=False,
    ),
]
AddOption = Annotated[
    str,
    typer.Option(
        "--add",
        help="Verbs to run, in order: atop, cow, register, majors, nmc, contiguity, wars, "
        "mids, similarity, prd.",
    ),
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="Output file: .parquet, .csv or .dta.")
]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", help="parquet, csv or dta (default: from the file name).",
                 show_default=False),
]  # fmt: skip


def _build(
    ctx: typer.Context,
    unit: str,
    first: int | None,
    last: int | None,
    system: str,
    carry: int | None,
    add: str,
    directed: bool,
    progress: LateProgress,
) -> Table:
    from foedus.datasets import create_dyadyears, create_stateyears
    from foedus.datasets.verbs import apply, parse_verbs
    from foedus.store import Store

    verbs = parse_verbs(add)
    # The tables read the store's relations only: the knowledge base's questions (and the
    # import of its states and records) are not needed, and start-up counts here.
    kb = Store(state(ctx).db, read_only=True).refuse_empty()
    years: tuple[int, int] | None = None
    if first is not None or last is not None:
        from foedus.datasets.system import FIRST_YEAR, list_end
        from foedus.datasets.table import System

        try:
            end = carry if carry is not None else list_end(kb, System(system.lower()))
        except ValueError:
            end = FIRST_YEAR  # an unknown system: create_* says so
        years = (first if first is not None else FIRST_YEAR, last if last is not None else end)
    progress("Building the rows")
    if unit == "dyad":
        table = create_dyadyears(
            kb, directed=directed, system=system, years=years, carry_forward=carry
        )
    else:
        table = create_stateyears(kb, system=system, years=years, carry_forward=carry)
    return apply(table, verbs, progress=progress)


def _run(
    ctx: typer.Context,
    unit: str,
    first: int | None,
    last: int | None,
    system: str,
    carry: int | None,
    add: str,
    out: Path,
    fmt: str | None,
    directed: bool,
    as_json: bool,
) -> None:
    from foedus.datasets.table import Format, check_writable

    target = out.expanduser()
    Format.of(target, fmt)
    check_writable(target)  # before any work
    with LateProgress(quiet=as_json) as progress:
        table = _build(ctx, unit, first, last, system, carry, add, directed, progress)
        progress(f"Writing {target.name}")
        written = table.write(target, format=fmt)
    if as_json:
        print_json(
            {
                "path": str(written.path),
                "rows": written.rows,
                "kind": table.kind.describe(),
                "columns": table.columns,
                "sources": list(table.sources),
            }
        )
        return
    from foedus.datasets.table import Format as Kinds

    if written.format is Kinds.PARQUET:  # the file says what it was built from
        cite = f"foedus cite {_quote(str(written.path))}"
    else:
        cite = (
            "foedus cite"
            + (f" --add {_quote(add)}" if add else "")
            + (f" --system {system}" if system.lower() != "cow" else "")
        )
    # Plain text: rich would add 25 ms of import to a command timed as a whole process.
    typer.echo(
        f"Wrote {written.rows:,} {table.kind.describe()} ({len(table.columns)} columns) to "
        f"{written.path}\nCite the data: {cite}"
    )


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@table_app.command("dyad-years")
@guarded
def dyad_years_command(
    ctx: typer.Context,
    out: OutOption,
    first: FromOption = None,
    last: ToOption = None,
    directed: Annotated[
        bool,
        typer.Option(
            "--directed/--undirected", help="Both orders of a pair, or one (ccode1 < ccode2)."
        ),
    ] = True,
    system: SystemOption = "cow",
    carry_forward: CarryOption = None,
    add: AddOption = "",
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """One row per pair of states and year they shared in the system, with the columns of
    the verbs in --add.

    Same rows and names as R's peacesciencer (ccode1, ccode2, year, atop_defense, …).
    Years past the state list's last (COW 2016) need --carry-forward, which
    peacesciencer assumes unasked.

    Example: foedus table dyad-years --to 2016 --add atop,similarity --out dyads.parquet
    """
    _run(ctx, "dyad", first, last, system, carry_forward, add, out, fmt, directed, as_json)


@table_app.command("state-years")
@guarded
def state_years_command(
    ctx: typer.Context,
    out: OutOption,
    first: FromOption = None,
    last: ToOption = None,
    system: SystemOption = "cow",
    carry_forward: CarryOption = None,
    add: AddOption = "",
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """One row per state and year of membership, with the columns of the verbs in --add.

    Example: foedus table state-years --from 1946 --to 2016 --add atop,nmc,majors --out states.csv
    """
    _run(ctx, "state", first, last, system, carry_forward, add, out, fmt, True, as_json)


@table_app.command("verbs")
def verbs_command(as_json: JsonOption = False) -> None:
    """List the verbs --add takes and what each adds.

    Example: foedus table verbs
    """
    from foedus.datasets.verbs import VERBS

    if as_json:
        print_json({v.value: s.adds for v, s in VERBS.items()})
        return
    for verb, spec in VERBS.items():
        console.print(f"{verb.value:<11} {spec.adds}", markup=False)


@guarded
def cite_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]", help="A Parquet file written by foedus table.", show_default=False
        ),
    ] = None,
    add: AddOption = "",
    system: Annotated[
        str | None,
        typer.Option("--system", help="State list of the table: cow or gw.", show_default=False),
    ] = None,
) -> None:
    """BibTeX for every dataset behind a table: a Parquet file foedus wrote, or the verbs
    you ran (--add, --system); with neither, every dataset foedus can put in a table.

    Example: foedus cite dyads.parquet
    """
    from foedus.datasets.citations import SOURCES, bibtex

    sources: list[str]
    if file is not None:
        sources = _sources_of(file)
    elif add or system:
        from foedus.datasets.verbs import VERBS, parse_verbs
        from foedus.errors import InputError

        state_list = (system or "cow").lower()
        if state_list not in ("cow", "gw"):
            raise InputError(f"no state list {system!r}; use 'cow' or 'gw'")
        sources = [f"state_system_{state_list}"]
        for verb in parse_verbs(add):
            sources.extend(VERBS[verb].sources)
    else:
        sources = list(SOURCES)
    typer.echo(bibtex(sources), nl=False)


def _sources_of(file: Path) -> list[str]:
    from foedus.errors import InputError

    if not file.is_file():
        raise InputError(f"no file {file}")
    hint = "name the verbs you ran instead: foedus cite --add atop,similarity"
    meta: dict[str, Any] = {}
    if file.suffix.lower() in (".parquet", ".pq"):
        import duckdb

        try:
            found = duckdb.sql(
                "SELECT key, value FROM parquet_kv_metadata($path)", params={"path": str(file)}
            )
            rows = found.fetchall() if found is not None else []
        except duckdb.Error as exc:
            raise InputError(f"{file} is not a readable Parquet file ({exc}); {hint}") from None
        meta = {bytes(k).decode(): bytes(v).decode() for k, v in rows}
    if "foedus_sources" not in meta:
        raise InputError(
            f"{file} does not say what it was built from (only Parquet files written by "
            f"foedus table do); {hint}"
        )
    return [s for s in meta["foedus_sources"].split(",") if s]
