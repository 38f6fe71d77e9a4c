"""``foedus ingest`` and ``foedus review``: thin commands over :mod:`foedus.curation`.

``foedus ingest`` reads an article, prints its events and stores one proposal
per event (:func:`foedus.curation.ingest_article`); ``foedus review`` lists the
pending proposals, shows each as a diff of its register file, and accepts
(writes the file) or rejects it. ``app`` holds both alone, for tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from foedus.cli.common import JsonOption, guarded, state

if TYPE_CHECKING:
    from foedus.curation import Ingested
    from foedus.curation.proposals import Proposal
    from foedus.curation.review import ProposalStore
    from foedus.kb import KnowledgeBase

__all__ = ["app", "ingest_command", "review_app"]

# Read at most this much of an article (the news reader's own default, repeated for --help).
MAX_BYTES = 5_000_000

ProposalsOption = Annotated[
    Path | None,
    typer.Option(
        "--proposals",
        help="Proposals folder (default: $FOEDUS_PROPOSALS, else proposals/ beside the database).",
    ),
]
RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        help="Register folder (default: $FOEDUS_REGISTER, else the register foedus ships).",
    ),
]


def _open_kb(ctx: typer.Context) -> KnowledgeBase | None:
    """The knowledge base of ``--db`` (or the default one) when it exists, else None."""
    from foedus.errors import FoedusError
    from foedus.kb import KnowledgeBase
    from foedus.paths import default_db_path

    path = state(ctx).db or default_db_path()
    if not path.exists():
        return None
    try:
        return KnowledgeBase(path)
    except FoedusError as exc:
        typer.echo(f"warning: knowledge base not used ({exc})", err=True)
        return None


@guarded
def ingest_command(
    ctx: typer.Context,
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
        bool,
        typer.Option(
            "--json", help="Print JSON: events (with evidence), dropped lines and proposals."
        ),
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
    ] = MAX_BYTES,
    make_proposals: Annotated[
        bool,
        typer.Option(
            "--propose/--no-propose",
            help="Store a register proposal per event for `foedus review` (default: yes).",
        ),
    ] = True,
    proposals: ProposalsOption = None,
    register: RegisterOption = None,
) -> None:
    """Read a news article and report the treaty events it describes, with evidence.

    Each event also becomes a proposed change to the curated register (a new
    record, another source, a status change), matched against the register and,
    when the database exists, ATOP's alliances. Nothing is written to the
    register until `foedus review accept ID`.

    Example: foedus ingest article.txt --published 2024-06-19 --json
    """
    from foedus.cli.common import LateProgress, fail
    from foedus.curation import ingest_article

    kb = _open_kb(ctx)
    try:
        with LateProgress(quiet=json_output) as bar:
            done = ingest_article(
                source,
                published=published,
                kb=kb,
                max_bytes=max_bytes,
                propose=make_proposals,
                proposals=proposals,
                register=register,
                progress=lambda n, total, stage: bar(f"Reading: {stage}", n, total),
            )
    finally:
        if kb is not None:
            kb.close()
    _print_ingest(done, json_output, include_text, evidence)
    if done.problem:
        fail(done.problem)
    if done.result.articles and all(a.error for a in done.result.articles):
        raise typer.Exit(1)


def _print_ingest(done: Ingested, json_output: bool, include_text: bool, evidence: bool) -> None:
    from foedus.news.summary import format_summary

    result, made, stored = done.result, done.proposals, done.stored
    if json_output:
        payload = result.to_dict(include_text=include_text)
        payload["proposals"] = [{**p.brief(), "new": p.id in stored} for p in made.proposals]
        payload["skipped"] = [s.to_dict() for s in made.skipped]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    typer.echo(format_summary(result, evidence=evidence))
    if made.proposals:
        typer.echo("proposals (see `foedus review show ID`, then accept or reject):")
        for p in made.proposals:
            again = "" if p.id in stored else "  (proposed before)"
            typer.echo(f"  {p.id}  {p.action:<17} {p.target}{again}")
            typer.echo(f"      {p.summary}")
            for problem in p.problems:
                typer.echo(f"      ! {problem}")
    for s in made.skipped:
        typer.echo(f"no proposal for the {s.kind} event: {s.reason}")


# --- foedus review -----------------------------------------------------------------

review_app = typer.Typer(
    help="Review proposed register changes: list them, show a diff, accept or reject.",
    invoke_without_command=True,
)


def _store(proposals: Path | None) -> ProposalStore:
    from foedus.curation.review import ProposalStore

    return ProposalStore(proposals)


def _list(proposals: Path | None, as_json: bool, every: bool) -> None:
    store = _store(proposals)
    found = store.all() if every else store.pending()
    if as_json:
        rows = [
            {**p.brief(), "created_at": p.created_at, "article": p.article.get("title")}
            for p in found
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not found:
        what = "proposals" if every else "pending proposals"
        typer.echo(f"no {what} in {store.folder}")
        return
    for p in found:
        status = f"  [{p.status}]" if every else ""
        flag = "  ! does not validate" if p.problems else ""
        typer.echo(f"{p.id}  {p.action:<17} {p.target}{status}{flag}")
        typer.echo(f"    {p.summary}")
        title = p.article.get("title") or p.article.get("source")
        typer.echo(f"    from “{title}” ({p.article.get('published') or 'undated'})")


@review_app.callback()
@guarded
def review_main(
    ctx: typer.Context,
    proposals: ProposalsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Review proposed register changes; with no command, list the pending ones.

    Example: foedus review
    """
    if ctx.invoked_subcommand is None:
        _list(proposals, as_json, every=False)


@review_app.command("list")
@guarded
def list_command(
    proposals: ProposalsOption = None,
    as_json: JsonOption = False,
    every: Annotated[
        bool, typer.Option("--all", help="Also list accepted and rejected proposals.")
    ] = False,
) -> None:
    """List pending proposals: id, action, register file, what it changes, the article.

    Example: foedus review list --json
    """
    _list(proposals, as_json, every)


def _describe(p: Proposal) -> list[str]:
    art = p.article
    lines = [
        f"proposal {p.id}  [{p.status}]  {p.action}  {p.target}",
        f"  {p.summary}",
        f"  article: “{art.get('title') or art.get('source')}”"
        + (f", {art['publisher']}" if art.get("publisher") else "")
        + f", {art.get('published') or 'undated'}",
        f"  from: {art.get('url') or art.get('path') or art.get('source')}",
    ]
    if p.matched:
        lines.append(f"  matched: {p.matched.get('why')}")
        if p.matched.get("also_possible"):
            lines.append(f"  also possible: {', '.join(p.matched['also_possible'])}")
    for span in p.event.get("evidence", []):
        lines.append(
            f"  evidence {span['field']:<17} {span['start']}-{span['end']}  {span['text']!r}"
        )
    for problem in p.problems:
        lines.append(f"  ! {problem}")
    if p.decision:
        lines.append(f"  decision: {json.dumps(p.decision, ensure_ascii=False)}")
    return lines


@review_app.command("show")
@guarded
def show_command(
    pid: Annotated[str, typer.Argument(help="The proposal's id (or its first characters).")],
    proposals: ProposalsOption = None,
    register: RegisterOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a proposal: what it changes, its evidence, and a diff of the register file.

    Accepting also adds a `reviews` entry (who, when, which article) to the file.

    Example: foedus review show 3f9a2c1d
    """
    from foedus.curation.review import diff

    proposal = _store(proposals).get(pid)
    patch = diff(proposal, register) if proposal.status == "pending" else ""
    if as_json:
        payload = {**proposal.to_dict(), "diff": patch}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    typer.echo("\n".join(_describe(proposal)))
    if patch:
        typer.echo("")
        typer.echo(patch, nl=False)


@review_app.command("accept")
@guarded
def accept_command(
    pid: Annotated[str, typer.Argument(help="The proposal's id (or its first characters).")],
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Who accepts it (default: $USER).")
    ] = None,
    proposals: ProposalsOption = None,
    register: RegisterOption = None,
    as_json: JsonOption = False,
) -> None:
    """Accept a proposal: validate the new register file, then write it with a review entry.

    Nothing is written when the result breaks the register's schema or its checks
    across records; the error names the file and field.

    Example: foedus review accept 3f9a2c1d --reviewer "A. Curator"
    """
    from foedus.curation.review import accept

    path = accept(_store(proposals), pid, reviewer=reviewer, register=register)
    if as_json:
        sys.stdout.write(json.dumps({"accepted": pid, "wrote": str(path)}) + "\n")
        return
    typer.echo(f"accepted {pid}: wrote {path}")
    typer.echo("Rebuild the knowledge base to use it: foedus data import DIR")


@review_app.command("reject")
@guarded
def reject_command(
    pid: Annotated[str, typer.Argument(help="The proposal's id (or its first characters).")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why, for the record.")] = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Who rejects it (default: $USER).")
    ] = None,
    proposals: ProposalsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reject a proposal; the register is not touched, the proposal is kept as rejected.

    Example: foedus review reject 3f9a2c1d --reason "the article reports talks, not a deal"
    """
    from foedus.curation.review import reject

    proposal = reject(_store(proposals), pid, reason=reason, reviewer=reviewer)
    if as_json:
        sys.stdout.write(json.dumps({"rejected": proposal.id, "reason": reason}) + "\n")
        return
    typer.echo(f"rejected {proposal.id}" + (f": {reason}" if reason else ""))


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("ingest")(ingest_command)
app.add_typer(review_app, name="review")


@app.callback()
def _callback() -> None:
    """News ingestion and review (mounted as ``foedus ingest`` and ``foedus review``)."""
