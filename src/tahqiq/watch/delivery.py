"""Where alerts go besides the store: a JSON Lines file, and a webhook the operator names.

The file gets one line per alert as it is raised (the alert's one JSON form,
:mod:`tahqiq.records.serialize`). The webhook gets one POST per alert from a thread of its own
with its own store connection, so a slow or dead endpoint never holds up an ingest: a failed post
is logged and the alert stays unposted in the store, to be tried again :data:`RETRY_SECONDS` later
(and by the next watch, after a restart). tahqiq itself never goes online; a webhook is an address
the operator chose, typically on their own network.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from tahqiq.records.alerts import Alert
from tahqiq.records.serialize import SCHEMA_VERSION, to_dict
from tahqiq.store import Store

log = logging.getLogger(__name__)

#: Seconds one POST may take: a desk's own endpoint answers in milliseconds; past this it is down.
WEBHOOK_TIMEOUT = 5.0
#: Seconds between tries of alerts a webhook has not taken yet.
RETRY_SECONDS = 30.0
#: Alerts posted per pass, oldest first, so a long backlog does not hold the thread for long.
POSTS_PER_PASS = 100


def alert_json(alert: Alert) -> dict[str, object]:
    """An alert as the file and the webhook carry it: its JSON form plus the schema version."""
    return {"schema_version": SCHEMA_VERSION, **to_dict(alert)}


def append_jsonl(path: str | Path, alerts: Sequence[Alert]) -> None:
    """Append one JSON line per alert to ``path`` (created if missing)."""
    if not alerts:
        return
    with open(path, "a", encoding="utf-8") as f:
        for alert in alerts:
            f.write(json.dumps(alert_json(alert), ensure_ascii=False) + "\n")


def post(url: str, alert: Alert, *, timeout: float = WEBHOOK_TIMEOUT) -> None:
    """POST one alert as JSON to ``url``; raises ``OSError`` (``URLError``, ``HTTPError``) on failure."""
    body = json.dumps(alert_json(alert), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # the operator's own address
        response.read()


def check_webhook_url(url: str) -> str:
    """``url`` if it is an http(s) address; a ``ValueError`` saying why not otherwise."""
    if not url.lower().startswith(("http://", "https://")) or " " in url:
        raise ValueError(f"a webhook must be an http:// or https:// address, not {url!r}")
    return url


def post_pending(store: Store, url: str, *, timeout: float = WEBHOOK_TIMEOUT) -> tuple[int, int]:
    """Post the store's unposted alerts, oldest first, stopping at the first failure; (posted, failed)."""
    posted: list[int] = []
    failed = 0
    for alert in store.unposted_alerts(POSTS_PER_PASS):
        try:
            post(url, alert, timeout=timeout)
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            log.warning("webhook %s did not take alert %d (%s); trying again later", url, alert.id, exc)
            failed = 1
            break
        posted.append(alert.id)
    if posted:
        store.mark_posted(posted)
    return len(posted), failed


class WebhookPoster:
    """A thread posting unposted alerts to ``url`` whenever woken, and every ``retry`` seconds."""

    def __init__(
        self, db: str, url: str, *, retry: float = RETRY_SECONDS, timeout: float = WEBHOOK_TIMEOUT
    ) -> None:
        self.db = db
        self.url = check_webhook_url(url)
        self.retry = retry
        self.timeout = timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tahqiq-webhook", daemon=True)

    def start(self) -> WebhookPoster:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Post now (new alerts were raised)."""
        self._wake.set()

    def close(self, timeout: float = 2 * WEBHOOK_TIMEOUT + 1) -> None:
        """Stop after one last pass over the unposted alerts."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        with Store.open(self.db) as store:
            while True:  # a last pass after close(), so alerts raised just before it still go out
                post_pending(store, self.url, timeout=self.timeout)
                if self._stop.is_set():
                    return
                self._wake.wait(self.retry)
                self._wake.clear()
