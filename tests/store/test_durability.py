"""Acknowledged writes survive other processes on the same store and a hard kill of the server.

The server runs as a real process (``python -m tahqiq.server``) so that ``kill -9`` ends it the way a
crash or a power cut would; whatever it answered as written must then be on disk. Other processes
(``tahqiq stats``, ``tahqiq ingest``) open and close the same file in between, as a desk does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tahqiq.api import Tahqiq
from tahqiq.store import Store

from ..browser.live_server import json_request
from ..conftest import SAMPLE_CLAIM

TOKEN = "durable-token"


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    port: int

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        return json_request(self.port, method, path, body, TOKEN)

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs, no connection is closed cleanly."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(sample_store: Tahqiq, db_path: Path) -> Iterator[ServerProcess]:
    sample_store.close()
    port = _free_port()
    env = {**os.environ, "TAHQIQ_TOKEN": TOKEN, "TAHQIQ_RATE_PER_MINUTE": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tahqiq.server", "--db", str(db_path), "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    running = ServerProcess(process, port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if running.request("GET", "/api/health")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"server did not start: {err}")
        time.sleep(0.1)
    yield running
    if process.poll() is None:
        running.kill()


def _busy(server: ServerProcess) -> None:
    """Several requests at once, so several of the server's worker threads open the store."""
    paths = ["/api/stats", "/api/health", "/api/checks", "/api/search?q=" + quote("الحسكة")] * 4
    with ThreadPoolExecutor(8) as pool:
        assert all(status == 200 for status, _ in pool.map(lambda p: server.request("GET", p), paths))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tahqiq", *args], capture_output=True, text=True, timeout=120, check=True
    )


def _on_disk(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _article(n: int) -> dict[str, str]:
    return {
        "title": f"تقرير جديد رقم {n} عن الحسكة",
        "text": f"قال مصدر محلي في التقرير {n} إن تدريبات جديدة جرت قرب الحسكة هذا الأسبوع بحضور مدربين.",
        "outlet": "منفذ الاختبار",
    }


def test_server_write_survives_another_process_and_kill_9(server: ServerProcess, db_path: Path) -> None:
    _busy(server)
    assert json.loads(_cli("stats", "--db", str(db_path), "--json").stdout)["articles"] == 5
    status, body = server.request("POST", "/api/articles", {"articles": [_article(1)]})
    assert status == 200 and body["added"] == [6]
    status, check = server.request("POST", "/api/check", {"claim": SAMPLE_CLAIM})
    assert status == 200
    review = {"reviewer": "محرر", "rating": "disputed", "verdict_text": "متنازع عليه", "explanation": ""}
    assert server.request("POST", f"/api/checks/{check['check_id']}/reviews", review)[0] == 201
    correction = {"article_id": check["evidence"][0]["article_id"], "stance": "discuss", "reviewer": "محرر"}
    assert server.request("POST", f"/api/checks/{check['check_id']}/stances", correction)[0] == 201
    # Another process sees what the server acknowledged, before and after the server dies.
    assert json.loads(_cli("stats", "--db", str(db_path), "--json").stdout)["articles"] == 6
    _busy(server)
    server.kill()
    assert _on_disk(db_path, "articles") == 6
    assert _on_disk(db_path, "checks") == 1
    assert _on_disk(db_path, "review_edits") == 1
    assert _on_disk(db_path, "stance_reviews") == 1
    assert _on_disk(db_path, "persuasion_done") == 6  # the posted article's spans came with it


def test_cli_ingest_beside_the_server_survives_kill_9(
    server: ServerProcess, db_path: Path, tmp_path: Path
) -> None:
    _busy(server)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(json.dumps(_article(n), ensure_ascii=False) for n in range(10, 20)), encoding="utf-8"
    )
    _cli("ingest", str(batch), "--db", str(db_path), "--quiet")
    _busy(server)
    status, body = server.request("POST", "/api/articles", {"articles": [_article(30)]})
    assert status == 200 and len(body["added"]) == 1
    assert server.request("GET", "/api/stats")[1]["articles"] == 16
    _cli("stats", "--db", str(db_path), "--json")
    server.kill()
    assert _on_disk(db_path, "articles") == 16


def _count_in_another_process(db_path: Path) -> int:
    """Open, read and close the store from a second process, as `tahqiq stats` does."""
    script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('SELECT count(*) FROM articles').fetchone()[0]); c.close()"
    run = subprocess.run(
        [sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, check=True
    )
    return int(run.stdout)


def test_a_second_store_in_the_process_keeps_the_first_ones_locks(db_path: Path) -> None:
    from tahqiq.records import ArticleInput

    def item(n: int) -> ArticleInput:
        a = _article(n)
        return ArticleInput(title=a["title"], text=a["text"], source=f"item-{n}", language="ar")

    first = Store.open(db_path)
    first.add_batch([item(1)])
    Store.open(db_path).close()  # as a second worker thread of the server does
    assert _count_in_another_process(db_path) == 1  # that process was not the WAL's last user...
    first.add_batch([item(2)])
    assert _count_in_another_process(db_path) == 2  # ...so it did not delete the log under us
    first.close()


def test_opening_a_store_never_opens_its_file_outside_sqlite(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins
    import io

    Store.open(db_path).close()
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    with Store.open(db_path) as store:
        store.count()
    with Store.open(db_path, readonly=True) as store:
        store.count()
    assert not [p for p in opened if Path(p).name.startswith(db_path.name)]


def test_ingesting_the_store_itself_is_refused_without_opening_it(db_path: Path, tmp_path: Path) -> None:
    import tahqiq

    from ..conftest import EXAMPLES

    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    with tahqiq.open(db_path) as tq:
        assert len(tq.ingest([str(first)]).added) == 1
        # As `tahqiq ingest *` in the store's folder would: the database and its WAL among the inputs.
        summary = tq.ingest([str(db_path), f"{db_path}-wal", f"{db_path}-shm"])
        assert [s.source for s in summary.skipped] == [str(db_path), f"{db_path}-wal", f"{db_path}-shm"]
        assert all("store's own database" in s.reason for s in summary.skipped)
        assert _count_in_another_process(db_path) == 1
        assert len(tq.ingest([str(second)]).added) == 1
        assert _count_in_another_process(db_path) == 2


def test_ingesting_a_folder_that_holds_the_store_and_its_indexes_reads_only_articles(tmp_path: Path) -> None:
    import shutil

    import tahqiq

    from ..conftest import EXAMPLES

    folder = tmp_path / "desk"
    shutil.copytree(EXAMPLES, folder)
    db = folder / "store.db"
    with tahqiq.open(db) as tq:
        assert len(tq.ingest([str(folder)]).added) == 5
        tq.index(semantic=False)
        assert (folder / "store.db.index").is_dir()
        # Again, with the lexical index's own files (meta.json among them) now inside the folder.
        again = tq.ingest([str(folder)])
    assert again.added == () and len(again.unchanged) == 5
    assert {Path(s.source).parent.name for s in again.skipped} == {"store.db.index"}
    assert all("never read as input" in s.reason for s in again.skipped)
