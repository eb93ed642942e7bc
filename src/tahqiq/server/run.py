"""Run the workbench under uvicorn: what ``tahqiq serve`` calls."""

from __future__ import annotations

import sys

from tahqiq.server.app import create_app
from tahqiq.server.security import is_loopback
from tahqiq.server.settings import ServerSettings


def serve(
    settings: ServerSettings, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info"
) -> None:
    """Serve ``settings.db`` on ``host:port`` until interrupted."""
    import uvicorn

    app = create_app(settings)
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
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
