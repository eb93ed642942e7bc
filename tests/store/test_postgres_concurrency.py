"""Several writers on one PostgreSQL store, and the faults a shared database brings.

Processes ingesting the same files at once make no duplicates and lose nothing (the content hash
is unique and inserts give way); reviews saved at once are all kept; two server applications
share one database; a server that is down or refuses the password is one clear line; a
connection killed mid-ingest rolls its batch back and a second run completes the store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

import tahqiq
from tahqiq.fixtures import EXAMPLES, SAMPLE_CLAIM, synthetic_articles, write_jsonl
from tahqiq.server import ServerSettings, create_app
from tahqiq.store import Store
from tahqiq.store.pgcluster import PgCluster
from tahqiq.store.postgres import connect

pytestmark = pytest.mark.postgres

TOKEN = "shared-desk-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOOPBACK = ("127.0.0.1", 50124)


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tahqiq", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )


def _consistent(url: str) -> int:
    """The article count, after checking every article has its full-text row and counts agree."""
    with Store.open(url) as store:
        one = store.conn.execute
        articles = int(one("SELECT count(*) FROM articles").fetchone()[0])
        assert int(one("SELECT count(*) FROM article_terms").fetchone()[0]) == articles
        assert int(one("SELECT count(*) FROM persuasion_done").fetchone()[0]) == articles
        assert int(one("SELECT docs FROM fts_totals").fetchone()[0]) == articles
        assert int(one("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0]) == articles
        assert int(one("SELECT count(*) FROM article_sources").fetchone()[0]) >= articles
        return articles


@pytest.mark.slow
def test_two_processes_ingesting_the_same_files_make_no_duplicates(pg_url: str, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", synthetic_articles(450, seed=3))
    runs = [_cli("ingest", str(corpus), str(EXAMPLES), "--db", pg_url) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert _consistent(pg_url) == 455
    with Store.open(pg_url) as store:
        # Each article has each source once: the two runs read the same paths.
        assert store.stats()["sources"] == 455
        hashes = store.conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0]
        assert hashes == 455
    with tahqiq.open(pg_url) as tq:
        again = tq.ingest([str(corpus)])
        assert len(again.added) == 0 and len(again.unchanged) == 450


def test_reviews_saved_at_once_are_all_kept(pg_url: str) -> None:
    with tahqiq.open(pg_url) as tq:
        tq.ingest([str(EXAMPLES)])
        check_id = tq.save_check(tq.check(SAMPLE_CLAIM))
    errors: list[BaseException] = []

    def reviewer(name: str) -> None:
        try:
            with tahqiq.open(pg_url) as tq:
                for i in range(25):
                    tq.review(check_id, reviewer=name, rating="disputed", verdict_text=f"مراجعة {i}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=reviewer, args=(name,)) for name in ("سلمى", "خالد", "ريم")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with tahqiq.open(pg_url) as tq:
        reviews = tq.reviews(check_id)
    assert len(reviews) == 75 and len({r.id for r in reviews}) == 75
    assert {r.reviewer for r in reviews} == {"سلمى", "خالد", "ريم"}


def test_two_server_applications_share_one_database(pg_url: str) -> None:
    tahqiq.open(pg_url).close()
    first = create_app(ServerSettings(db=pg_url, token=TOKEN, rate_per_minute=0))
    second = create_app(ServerSettings(db=pg_url, token=TOKEN, rate_per_minute=0))
    with (
        TestClient(first, base_url="http://localhost", client=LOOPBACK) as a,
        TestClient(second, base_url="http://localhost", client=LOOPBACK) as b,
    ):
        articles = [
            {
                "title": f"تقرير {n} عن الحسكة",
                "text": f"قال مصدر في التقرير {n} إن تدريبات جرت قرب الحسكة.",
                "outlet": "منفذ",
            }
            for n in range(3)
        ]
        posted = a.post("/api/articles", json={"articles": articles}, headers=AUTH)
        assert posted.status_code == 200, posted.text
        again = b.post("/api/articles", json={"articles": articles}, headers=AUTH)
        assert again.status_code == 200 and again.json()["added"] == []
        assert b.get("/api/stats", headers=AUTH).json()["articles"] == 3
        found = b.get("/api/search", params={"q": "تدريبات قرب الحسكة"}, headers=AUTH)
        assert found.status_code == 200 and len(found.json()) == 3
        check = a.post("/api/check", json={"claim": SAMPLE_CLAIM}, headers=AUTH).json()
        review = {"reviewer": "محرر", "rating": "disputed", "verdict_text": "متنازع عليه", "explanation": ""}
        assert (
            b.post(f"/api/checks/{check['check_id']}/reviews", json=review, headers=AUTH).status_code == 201
        )
        assert len(a.get(f"/api/checks/{check['check_id']}/reviews", headers=AUTH).json()) == 1


def test_a_server_that_is_down_is_one_line(pg_cluster: PgCluster) -> None:
    closed = f"postgresql://tahqiq@127.0.0.1:{_closed_port()}/nothing"
    run = _cli("stats", "--db", closed)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert err.count("\n") == 1 and "cannot open postgresql://tahqiq@127.0.0.1" in err
    assert "Traceback" not in err


def test_a_wrong_password_is_one_line_without_the_password(pg_cluster: PgCluster, pg_url: str) -> None:
    database = urlsplit(pg_url).path.lstrip("/")
    wrong = pg_cluster.url(database, tcp=True, password="not-the-password")
    run = _cli("stats", "--db", wrong)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 1 and err.count("\n") == 1
    assert "password authentication failed" in err and "not-the-password" not in err + out
    right = pg_cluster.url(database, tcp=True, password="tahqiq-test-password")
    run = _cli("stats", "--db", right, "--json")
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err


@pytest.mark.slow
def test_a_connection_killed_mid_ingest_rolls_back_its_batch_and_a_rerun_completes(
    pg_url: str, tmp_path: Path
) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", synthetic_articles(1500, seed=9))
    run = _cli("ingest", str(corpus), "--db", pg_url)
    killed = 0
    with Store.open(pg_url) as watcher:
        deadline = time.monotonic() + 120
        while run.poll() is None and time.monotonic() < deadline:
            if watcher.count() >= 400:  # two batches committed: kill the connection writing the next
                killed = int(
                    watcher.conn.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'tahqiq' AND pid <> pg_backend_pid() AND datname = current_database()"
                    ).fetchone()[0]
                )
                if killed:
                    break
            time.sleep(0.05)
    out, err = run.communicate(timeout=120)
    assert killed and run.returncode == 1, (out, err)
    assert "lost the connection" in err and "run the same ingest again" in err and "Traceback" not in err
    stored = _consistent(pg_url)
    assert 400 <= stored < 1500  # whole batches only: _consistent found every article complete
    rerun = _cli("ingest", str(corpus), "--db", pg_url)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert _consistent(pg_url) == 1500


def test_a_transaction_on_a_killed_connection_rolls_back(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with (
            pytest.raises(tahqiq.errors.StoreError, match="lost the connection"),
            store.transaction() as conn,
        ):
            conn.execute(
                "INSERT INTO articles(content_hash, title, text, language, ingested_at) "
                "VALUES ('x', 't', 'نص', 'ar', 'now')"
            )
            killer = connect(pg_url)
            killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
            killer.close()
            conn.execute("SELECT 1")
    with Store.open(pg_url) as store:
        assert store.count() == 0


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_pooled_store_outlives_connections_the_database_dropped(pg_url: str) -> None:
    """The server's stores: a connection dropped while idle in the pool costs no request."""
    with tahqiq.open(pg_url) as tq:
        tq.ingest([str(EXAMPLES)])
    store = Store.open(pg_url, pooled=True)
    try:
        assert store.count() == 5
        killer = connect(pg_url)
        dropped = killer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'tahqiq' AND pid <> pg_backend_pid() AND datname = current_database()"
        ).fetchone()[0]
        killer.close()
        assert dropped >= 1
        assert store.count() == 5
        assert len(store.fts_search(["حسك"], 10)) >= 1
    finally:
        store.close()
