"""Several people at once on one SQLite store: concurrent ingests, checks and reads all succeed; limits hold."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.limits import RateLimiter, WorkSlots

from ..browser.live_server import LiveServer
from ..conftest import SAMPLE_CLAIM

TOKEN = "desk-token-5"


@pytest.fixture
def live(sample_store: Tahqiq, db_path: Path) -> Iterator[LiveServer]:
    settings = ServerSettings(db=str(db_path), token=TOKEN, rate_per_minute=0, max_concurrent_work=2)
    with LiveServer(settings) as server:
        yield server


def article(writer: int, batch: int, n: int) -> dict[str, str]:
    return {
        "title": f"تقرير رقم {writer}-{batch}-{n} عن الحسكة",
        "text": (
            f"قال مصدر محلي في التقرير {writer}-{batch}-{n} إن القوات الأمريكية تدرب مقاتلين في الحسكة. "
            f"وأضاف المصدر أن عدد المتدربين بلغ {100 + n} مقاتلاً في الدفعة {batch}."
        ),
        "outlet": f"منفذ {writer}",
    }


def test_concurrent_ingests_checks_and_reads_all_succeed(
    live: LiveServer, db_path: Path, tmp_path: Path
) -> None:
    writers, batches, per_batch = 4, 4, 5
    # A second process writing to the same store at the same time, as `tahqiq ingest` beside the server.
    outside = tmp_path / "outside.jsonl"
    outside.write_text(
        "\n".join(json.dumps(article(99, b, n), ensure_ascii=False) for b in range(10) for n in range(10)),
        encoding="utf-8",
    )
    cli = subprocess.Popen(
        [sys.executable, "-m", "tahqiq", "ingest", str(outside), "--db", str(db_path), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    def ingest(writer: int) -> list[int]:
        statuses = []
        for b in range(batches):
            body = {"articles": [article(writer, b, n) for n in range(per_batch)]}
            status, answer = live.request("POST", "/api/articles", body, token=TOKEN)
            assert status == 200, answer
            assert len(answer["added"]) == per_batch
            statuses.append(status)
        return statuses

    def check(reader: int) -> list[int]:
        statuses = []
        for _ in range(4):
            status, answer = live.request("POST", "/api/check", {"claim": SAMPLE_CLAIM})
            assert status == 200, answer
            statuses.append(status)
            status, _ = live.request("GET", f"/api/articles/{1 + reader}")
            statuses.append(status)
            status, _ = live.request("GET", f"/api/checks/{answer['check_id']}/graph")
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(max_workers=writers + 4) as pool:
        futures = [pool.submit(ingest, w) for w in range(writers)] + [pool.submit(check, r) for r in range(4)]
        results = [f.result(timeout=300) for f in futures]
    _out, err = cli.communicate(timeout=300)
    assert cli.returncode == 0, err.decode()
    assert all(status == 200 for statuses in results for status in statuses)
    status, stats = live.request("GET", "/api/stats")
    assert status == 200
    assert stats["articles"] == 5 + writers * batches * per_batch + 100
    status, checks = live.request("GET", "/api/checks?limit=200")
    assert len(checks) == 16
    assert len({c["check_id"] for c in checks}) == 16


def test_request_rate_is_bounded_per_client(sample_store: Tahqiq, db_path: Path) -> None:
    settings = ServerSettings(db=str(db_path), rate_per_minute=60, rate_burst=3)
    app = create_app(settings)
    with TestClient(app, base_url="http://localhost", client=("127.0.0.1", 50500)) as c:
        statuses = [c.get("/api/stats").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = c.get("/api/stats")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "too many requests" in limited.json()["detail"]
        assert c.get("/static/app.js").status_code == 200  # static files are not counted
    with TestClient(app, base_url="http://localhost", client=("127.0.0.2", 50501)) as other:
        assert other.get("/api/stats").status_code == 200  # another client has its own allowance


def test_rate_limiter_refills_over_time() -> None:
    limiter = RateLimiter(per_minute=60, burst=2)
    assert limiter.take("a", now=100.0) == 0
    assert limiter.take("a", now=100.0) == 0
    assert limiter.take("a", now=100.0) == pytest.approx(1.0)
    assert limiter.take("a", now=100.5) == pytest.approx(0.5)
    assert limiter.take("a", now=101.6) == 0
    assert limiter.take("b", now=100.0) == 0


def test_work_beyond_the_slots_waits_then_gets_503() -> None:
    slots = WorkSlots(size=1, wait=0.05)
    with slots.slot():
        with pytest.raises(HTTPException) as busy, slots.slot():
            pass
        assert busy.value.status_code == 503
    with slots.slot():  # released again
        pass
