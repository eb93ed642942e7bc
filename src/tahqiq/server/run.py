"""Run the workbench under uvicorn: what ``tahqiq serve`` (and ``python -m tahqiq.server``) calls."""

from __future__ import annotations

import os
import sys

from tahqiq.errors import TahqiqError
from tahqiq.server.security import is_loopback
from tahqiq.server.settings import SETTINGS_ENV, ServerSettings


def serve(
    settings: ServerSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = 1,
    log_level: str = "info",
) -> None:
    """Serve ``settings.db`` on ``host:port`` until interrupted.

    With ``workers`` > 1 each worker is a process with its own connections (SQLite handles the
    writers of several processes); one worker already runs checks on a thread pool.
    """
    import uvicorn

    from tahqiq.server.app import create_app

    app = create_app(settings)  # opens (and migrates) the store first: a bad --db fails here, clearly
    if not settings.token:
        print(
            "tahqiq serve: TAHQIQ_TOKEN is not set, so ingest and review edits are refused", file=sys.stderr
        )
    if not is_loopback(host) and not settings.open_reads:
        print(
            f"tahqiq serve: listening on {host}; clients other than this machine need the token to read "
            "(TAHQIQ_OPEN_READS=1 opens reads)",
            file=sys.stderr,
        )
    print(f"tahqiq serve: {settings.db} on http://{host}:{port}/", file=sys.stderr)
    options = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "proxy_headers": False,
        "server_header": False,
    }
    if workers > 1:
        app.state.pool.close()  # each worker process opens its own connections
        os.environ[SETTINGS_ENV] = settings.to_json()
        uvicorn.run("tahqiq.server.app:app_from_env", factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        uvicorn.run(app, **options)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    """``python -m tahqiq.server [--db PATH] [--host 127.0.0.1] [--port 8000] [--workers 1]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tahqiq.server", description="Serve the tahqiq workbench."
    )
    parser.add_argument("--db", default=None, help="store path (default $TAHQIQ_DB or ./tahqiq.db)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    try:
        settings = ServerSettings.from_env(args.db)
        serve(settings, args.host, args.port, workers=args.workers, log_level=args.log_level)
    except (TahqiqError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
