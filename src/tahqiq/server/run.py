"""Run the workbench under uvicorn: what ``tahqiq serve`` (and ``python -m tahqiq.server``) calls."""

from __future__ import annotations

import dataclasses
import os
import sys

from tahqiq.errors import TahqiqError
from tahqiq.server.security import is_loopback
from tahqiq.server.settings import SETTINGS_ENV, ServerSettings

# Server processes when none is asked for: one per core, since a check is CPU-bound Python that
# one process runs about one at a time, but no more than 4: each worker holds its own stance
# model and SQLite page cache, and past 4 a desk machine gains little and runs short of memory.
# (Measured: 2 workers serve 32-34 requests/s at 20,000 articles on 2 cores, against 10 with 1.)
MAX_DEFAULT_WORKERS = 4
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")  # listening on every interface names no host


def default_workers() -> int:
    """Worker processes for this machine: its core count, capped at ``MAX_DEFAULT_WORKERS``."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def with_listen_host(settings: ServerSettings, host: str) -> ServerSettings:
    """``settings`` that also accept the address the server listens on as a Host name.

    Browsers opening ``http://192.0.2.7:8000/`` send that address; an IP address cannot be
    rebound, so accepting it is safe. A wildcard address names no host: others need --allowed-host.
    """
    if host in WILDCARD_ADDRESSES or host.lower() in settings.allowed_hosts:
        return settings
    return dataclasses.replace(settings, allowed_hosts=(*settings.allowed_hosts, host.lower()))


def serve(
    settings: ServerSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int | None = None,
    log_level: str = "info",
) -> None:
    """Serve ``settings.db`` on ``host:port`` until interrupted.

    With ``workers`` > 1 each worker is a process with its own connections (SQLite handles the
    writers of several processes); one worker already runs checks on a thread pool. None means
    :func:`default_workers`. Rate limits are kept per worker process.
    """
    import uvicorn

    from tahqiq.server.app import create_app

    workers = default_workers() if workers is None else max(1, workers)
    if settings.watch and workers > 1:
        # Every worker process would run its own watch over the same folders: one process serves.
        print("tahqiq serve: --watch runs in one worker process", file=sys.stderr)
        workers = 1
    settings = with_listen_host(settings, host)

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
    if host in WILDCARD_ADDRESSES:
        print(
            "tahqiq serve: listening on every interface; pages are answered only for the host names "
            f"{', '.join(settings.allowed_hosts)} (add others with --allowed-host)",
            file=sys.stderr,
        )
    print(f"tahqiq serve: {settings.db} on http://{host}:{port}/ ({workers} worker(s))", file=sys.stderr)
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
    """``python -m tahqiq.server [--db PATH] [--host 127.0.0.1] [--port 8000] [--workers N]
    [--allowed-host NAME ...] [--watch FOLDER ...] [--watch-every SECONDS]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tahqiq.server", description="Serve the tahqiq workbench."
    )
    parser.add_argument("--db", default=None, help="store path (default $TAHQIQ_DB or ./tahqiq.db)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--workers", type=int, default=None, help=f"processes (default: cores, at most {MAX_DEFAULT_WORKERS})"
    )
    parser.add_argument(
        "--allowed-host", action="append", default=[], help="another host name the server answers to"
    )
    parser.add_argument("--log-level", default="info")
    parser.add_argument(
        "--watch",
        action="append",
        default=[],
        help="a folder to watch and ingest as files appear (repeatable)",
    )
    parser.add_argument("--watch-every", type=float, default=None, help="seconds between looks (default 60)")
    args = parser.parse_args(argv)
    try:
        watch = {"watch": tuple(args.watch) or None, "watch_every": args.watch_every}
        settings = ServerSettings.from_env(args.db, allowed_hosts=args.allowed_host, **watch)
        serve(settings, args.host, args.port, workers=args.workers, log_level=args.log_level)
    except (TahqiqError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
