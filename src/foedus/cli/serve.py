"""``foedus serve``: the web explorer on this machine (FastAPI and uvicorn load only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from foedus.cli.common import err_console, guarded, state

__all__ = ["serve"]


@guarded
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (localhost only by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="FOEDUS_WEB_TOKEN",
            help="Enable writes (reviewing proposals) for whoever gives this token; "
            "without it the explorer is read-only.",
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Raw-data folder to build an empty store from (default: $FOEDUS_DATA).",
        ),
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch/--no-fetch",
            help="Download what is missing (raw datasets, historical borders) from the publishers.",
        ),
    ] = True,
    register: Annotated[
        Path | None,
        typer.Option("--register", help="Register folder review writes to ($FOEDUS_REGISTER)."),
    ] = None,
    proposals: Annotated[
        Path | None,
        typer.Option("--proposals", help="Proposals folder ($FOEDUS_PROPOSALS)."),
    ] = None,
) -> None:
    """Open the web explorer: map, who defends whom on a date, treaties, review.

    On an empty store it first builds one (from --data / FOEDUS_DATA, else
    downloaded). Then open the address it prints in a browser.

    Example: foedus serve --port 8000
    """
    import uvicorn

    from foedus.paths import default_db_path
    from foedus.web import Settings, create_app
    from foedus.web.startup import data_folder, ensure_store, open_explorer, start_shapes

    def say(message: str) -> None:
        err_console.print(message, soft_wrap=True, highlight=False, markup=False)

    db = state(ctx).db or default_db_path()
    folder = data_folder(data)
    notice = ensure_store(db, folder, fetch=fetch, say=say)
    settings = Settings(db=db, token=token, proposals=proposals, register=register, notice=notice)
    explorer = open_explorer(settings)
    start_shapes(explorer, folder, fetch=fetch, say=say)
    app = create_app(explorer=explorer)
    shown = f"[{host}]" if ":" in host else host
    say(f"foedus explorer on http://{shown}:{port}/  ({'writes enabled' if token else 'read-only'};"
        " Ctrl+C stops it)")  # fmt: skip
    if host not in ("127.0.0.1", "localhost", "::1"):
        say("warning: listening beyond this machine; anyone who can reach it can read it")
    # No access log, no proxy headers (nothing here reads the client's address), no
    # "server: uvicorn" header: each is work on every request.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                proxy_headers=False, server_header=False)  # fmt: skip
