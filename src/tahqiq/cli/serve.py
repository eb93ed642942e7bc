"""``tahqiq serve``: the web workbench and the HTTP API, optionally watching folders for new files.

Kept apart from the other commands so each module stays short; it registers on the same app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tahqiq.cli import DbOption, app, err
from tahqiq.errors import TahqiqError


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; reads are open to loopback clients only.")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Server processes (default: one per CPU core, at most 4).", show_default=False
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Another host name the server answers to (repeatable); loopback names always are.",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        list[Path] | None,
        typer.Option(
            help="A folder the server watches and ingests new files from (repeatable; see tahqiq watch).",
            show_default=False,
        ),
    ] = None,
    watch_every: Annotated[
        float | None,
        typer.Option(min=1.0, help="Seconds between looks at the watched folders.", show_default=False),
    ] = None,
) -> None:
    """Serve the web workbench and the HTTP API (OpenAPI at /openapi.json).

    Writes (ingest, review edits) need the token in $TAHQIQ_TOKEN. With --watch the server also
    ingests what is dropped into those folders and raises alerts for checked claims that come back.
    Example: TAHQIQ_TOKEN=secret tahqiq serve --db tahqiq.db --port 8000 --watch incoming/
    """
    try:
        from tahqiq.server import ServerSettings
        from tahqiq.server import serve as run_server
    except ImportError as exc:
        err.print(
            f"[red]error:[/red] the server needs FastAPI and uvicorn ({exc.name} is missing)",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    try:
        settings = ServerSettings.from_env(
            db,
            allowed_hosts=allowed_host,
            watch=tuple(str(p) for p in watch) if watch else None,
            watch_every=watch_every,
        )
        run_server(settings, host, port, workers=workers)
    except (TahqiqError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
