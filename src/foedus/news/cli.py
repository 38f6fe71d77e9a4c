"""``foedus ingest``: a thin command over :func:`foedus.news.ingest` for the lead to mount.

Mount it with ``app.command("ingest")(ingest_command)``; ``app`` below holds it alone,
for tests and for ``python -m foedus.news.cli``.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from foedus.errors import FoedusError
from foedus.news.clean import DEFAULT_MAX_BYTES
from foedus.news.ingest import ingest
from foedus.news.summary import format_summary

__all__ = ["app", "ingest_command"]


def ingest_command(
    source: Annotated[
        str,
        typer.Argument(
            help="An article: a text or HTML file, a folder of them, a URL, or - for stdin."
        ),
    ] = "-",
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date YYYY-MM-DD; resolves 'on Wednesday'."),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print JSON: events (with evidence) and dropped lines.")
    ] = False,
    evidence: Annotated[
        bool, typer.Option("--evidence/--no-evidence", help="Show evidence offsets in the summary.")
    ] = True,
    include_text: Annotated[
        bool,
        typer.Option(
            "--text", help="With --json, include each article's text (offsets point into it)."
        ),
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Read at most this many bytes of an article.")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """Read a news article and report the treaty events it describes, with evidence.

    Example: foedus ingest article.txt --published 2024-06-19 --json
    """
    try:
        result = ingest(source, published=published, max_bytes=max_bytes)
    except FoedusError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if json_output:
        sys.stdout.write(
            json.dumps(result.to_dict(include_text=include_text), indent=2, ensure_ascii=False)
            + "\n"
        )
    else:
        typer.echo(format_summary(result, evidence=evidence))
    if result.articles and all(a.error for a in result.articles):
        raise typer.Exit(1)


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("ingest")(ingest_command)


@app.callback()
def _callback() -> None:
    """News ingestion (mounted by the main ``foedus`` command as ``foedus ingest``)."""


if __name__ == "__main__":  # pragma: no cover
    app()
