"""Alerts over HTTP: ``GET /api/alerts`` (JSON, as ``tahqiq alerts --json``), ``GET /api/alerts/count``
(what the page header's badge polls), and the page ``/alerts`` built from the same route function.

With ``watch`` in the settings the server also runs the watch itself (:func:`start_watch`): a
background thread with its own store connection from the server's pool, ingesting under the pool's
writer lock, so its batches queue with the requests' writes instead of racing them.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from tahqiq.records.serialize import to_dict
from tahqiq.server.connections import StorePool
from tahqiq.server.pages import render
from tahqiq.server.routes import pool, read
from tahqiq.server.security import require_read
from tahqiq.server.settings import ServerSettings

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])

Since = Annotated[
    str | None,
    Query(max_length=40, description="Only alerts raised on or after this ISO date or time."),
]


@router.get("/alerts", dependencies=read, summary="Saved checks' claims found again in later articles")
def list_alerts(
    request: Request, since: Since = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> dict[str, Any]:
    tq = pool(request).tahqiq()
    found = tq.alerts(since=since, limit=limit)
    return {"count": tq.alert_count(since=since), "alerts": to_dict(found)}


@router.get("/alerts/count", dependencies=read, summary="How many alerts the store holds")
def count_alerts(request: Request, since: Since = None) -> dict[str, int]:
    return {"count": pool(request).tahqiq().alert_count(since=since)}


@pages.get("/alerts")
def alerts_page(request: Request) -> HTMLResponse:
    found = list_alerts(request, limit=200)
    return render(request, "alerts.html", nav="/alerts", alerts=found["alerts"], total=found["count"])


class WatchThread:
    """The watch of ``settings.watch``, run in a daemon thread beside the server until closed."""

    def __init__(self, settings: ServerSettings, store_pool: StorePool) -> None:
        self.settings = settings
        self.pool = store_pool
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tahqiq-watch", daemon=True)

    def start(self) -> WatchThread:
        self.thread.start()
        return self

    def _run(self) -> None:
        from tahqiq.watch import Watch, WebhookPoster, append_jsonl

        poster = (
            WebhookPoster(self.settings.db, self.settings.webhook).start() if self.settings.webhook else None
        )
        try:
            watch = Watch(
                self.pool.tahqiq(),
                list(self.settings.watch),
                stop=self.stop,
                settle=min(1.0, self.settings.watch_every / 2),
                write_lock=lambda: self.pool.write_lock,
            )
            while not self.stop.is_set():
                try:
                    done = watch.round()
                except Exception:  # a bad round is logged; the server and the next round go on
                    log.exception("watch round failed")
                else:
                    if self.settings.alerts_jsonl:
                        append_jsonl(self.settings.alerts_jsonl, done.alerts)
                    if poster is not None and done.alerts:
                        poster.wake()
                self.stop.wait(self.settings.watch_every)
        finally:
            if poster is not None:
                poster.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=60)


def start_watch(settings: ServerSettings, store_pool: StorePool) -> WatchThread | None:
    """The server's watch thread, started, when the settings name folders to watch."""
    return WatchThread(settings, store_pool).start() if settings.watch else None
