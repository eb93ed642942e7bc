"""Alerts leave the store as JSON Lines and as POSTs to a webhook (a real local HTTP server here)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tahqiq.api import Tahqiq
from tahqiq.records import ArticleInput
from tahqiq.watch import WebhookPoster, append_jsonl
from tahqiq.watch.delivery import check_webhook_url, post_pending

from ..conftest import SAMPLE_CLAIM

REWORDED = "وقالت مصادر محلية إن القوات الأمريكية تدرب عناصر منشقة عن تنظيم داعش في محافظة الحسكة."


class Endpoint:
    """A webhook on loopback that answers ``status`` and keeps what it was sent."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[dict[str, Any]] = []
        self.got = threading.Event()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if endpoint.status == 200:
                    endpoint.received.append(json.loads(body))
                    endpoint.got.set()
                self.send_response(endpoint.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    found = Endpoint()
    yield found
    found.close()


@pytest.fixture
def alerted(sample_store: Tahqiq) -> Tahqiq:
    sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    sample_store.add_articles([ArticleInput(text=f"{REWORDED}\nوأضافت أن التدريب مستمر.", title="خبر")])
    assert sample_store.alert_count() == 1
    return sample_store


def test_a_failed_post_is_kept_and_sent_later(alerted: Tahqiq, endpoint: Endpoint) -> None:
    endpoint.status = 503
    assert post_pending(alerted.store, endpoint.url) == (0, 1)
    assert len(alerted.store.unposted_alerts(10)) == 1
    endpoint.status = 200
    assert post_pending(alerted.store, endpoint.url) == (1, 0)
    (sent,) = endpoint.received
    assert sent["claim"] == SAMPLE_CLAIM and "schema_version" in sent
    assert alerted.store.unposted_alerts(10) == []
    assert post_pending(alerted.store, endpoint.url) == (0, 0)  # never posted twice


def test_the_poster_thread_posts_when_woken(alerted: Tahqiq, endpoint: Endpoint) -> None:
    poster = WebhookPoster(alerted.store.path, endpoint.url, retry=60).start()
    try:
        assert endpoint.got.wait(30)
    finally:
        poster.close()
    assert [a["article_id"] for a in endpoint.received] == [alerted.alerts()[0].article_id]


def test_a_dead_webhook_never_blocks_and_a_bad_url_is_refused(alerted: Tahqiq, endpoint: Endpoint) -> None:
    url = endpoint.url
    endpoint.close()  # nobody listens there any more
    assert post_pending(alerted.store, url, timeout=2) == (0, 1)
    with pytest.raises(ValueError, match="http"):
        check_webhook_url("file:///etc/passwd")


def test_alerts_are_appended_as_json_lines(alerted: Tahqiq, tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    append_jsonl(path, alerted.alerts())
    append_jsonl(path, alerted.alerts())
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and lines[0]["check_id"] == alerted.alerts()[0].check_id


def test_watch_once_posts_its_alerts_before_it_exits(
    alerted: Tahqiq, endpoint: Endpoint, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from tahqiq.cli import app

    folder = tmp_path / "drop"
    folder.mkdir()
    record = {"title": "خبر", "text": f"{REWORDED}\nوقال شهود إن التدريب بدأ قبل أسبوع.", "outlet": "أخرى"}
    (folder / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = alerted.store.path
    result = CliRunner().invoke(app, ["watch", str(folder), "--db", db, "--once", "--webhook", endpoint.url])
    assert result.exit_code == 0, result.output
    assert len(endpoint.received) == 2  # the fixture's alert and the new one
    assert alerted.store.unposted_alerts(10) == []
