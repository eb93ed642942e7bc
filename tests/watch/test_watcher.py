"""The watch: stable new files are ingested once, growing files wait, bad input is reported, and a
signal stops it between batches (a real subprocess, a real signal)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import tahqiq
from tahqiq.fixtures import EXAMPLES, synthetic_articles, write_jsonl
from tahqiq.watch import Watch

from ..conftest import ROOT, SEED_FILES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


class GrowsWhileSettling(threading.Event):
    """A stop flag whose wait between the two looks appends to a file, as a fetcher still writing would."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def wait(self, timeout: float | None = None) -> bool:
        with self.path.open("a", encoding="utf-8") as f:
            f.write("وسطر آخر يكتب الآن.\n")
        return False


def test_new_files_are_ingested_once_even_after_a_restart(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in SEED_FILES[:3]:
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    with tahqiq.open(db_path) as tq:
        done = Watch(tq, [str(folder)], settle=0).round()
        assert len(done.ingested) == 3 and done.added == 3
        assert Watch(tq, [str(folder)], settle=0).round().ingested == ()
    with tahqiq.open(db_path) as tq:  # a restarted watch remembers what it read
        (folder / SEED_FILES[3]).write_bytes((EXAMPLES / SEED_FILES[3]).read_bytes())
        os.utime(folder / SEED_FILES[0])  # touched, same bytes: hashed, not ingested again
        done = Watch(tq, [str(folder)], settle=0).round()
        assert [Path(p).name for p in done.ingested] == [SEED_FILES[3]]
        assert tq.count() == 4


def test_a_file_still_being_written_waits_for_the_next_round(db_path: Path, tmp_path: Path) -> None:
    growing = tmp_path / "feed.txt"
    growing.write_text("عنوان الخبر\nسطر أول من الخبر يكتب الآن في الملف.\n", encoding="utf-8")
    with tahqiq.open(db_path) as tq:
        done = Watch(tq, [str(tmp_path)], stop=GrowsWhileSettling(growing)).round()
        assert done.waiting == (str(growing),) and done.ingested == ()
        done = Watch(tq, [str(tmp_path)], settle=0).round()
        assert done.ingested == (str(growing),) and tq.count() == 1


def test_broken_files_are_reported_and_the_rest_goes_in(db_path: Path, tmp_path: Path) -> None:
    for name in ("empty.txt", "binary.bin", "records.jsonl"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "binary.txt").write_bytes((FIXTURES / "binary.bin").read_bytes())
    (tmp_path / "partial.jsonl.part").write_text("{", encoding="utf-8")  # a download in progress
    with tahqiq.open(db_path) as tq:
        done = Watch(tq, [str(tmp_path)], settle=0).round()
        reasons = dict(done.skipped)
        assert str(tmp_path / "empty.txt") in reasons and str(tmp_path / "binary.txt") in reasons
        assert all(reason for reason in reasons.values())
        assert done.added == tq.count() > 0
        assert not any(p.endswith(".part") for p in done.ingested)


def _watch_process(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "tahqiq", "watch", str(folder), "--db", str(db), "--every", "0.2s", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _count(db: Path) -> int:
    with tahqiq.open(db, readonly=True) as tq:
        return tq.count()


def test_sigint_and_sigterm_stop_the_watch_between_batches(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    with tahqiq.open(db_path):
        pass  # the store exists, so the test can read it while the watch writes
    (folder / SEED_FILES[0]).write_bytes((EXAMPLES / SEED_FILES[0]).read_bytes())
    proc = _watch_process(folder, db_path)
    try:
        _wait_for(lambda: _count(db_path) == 1)
        big = 250  # two ingest batches in one file, dropped while the watch runs
        write_jsonl(tmp_path / "big.jsonl", synthetic_articles(big, seed=3))
        os.replace(tmp_path / "big.jsonl", folder / "big.jsonl")
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "stopped" in stderr and "Traceback" not in stderr
    # The file in flight was either read whole (its batches committed) or not started.
    assert _count(db_path) in (1, 1 + big)
    proc = _watch_process(folder, db_path)
    try:
        _wait_for(lambda: _count(db_path) == 1 + big)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    with tahqiq.open(db_path) as tq:
        assert Watch(tq, [str(folder)], settle=0).round().ingested == ()


def test_kill_9_mid_ingest_loses_no_acknowledged_batch_and_a_restart_completes(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    with tahqiq.open(db_path):
        pass
    (folder / SEED_FILES[0]).write_bytes((EXAMPLES / SEED_FILES[0]).read_bytes())
    big = 2000  # ten ingest batches in one file: the kill lands while they are written
    write_jsonl(tmp_path / "big.jsonl", synthetic_articles(big, seed=5))
    proc = _watch_process(folder, db_path)
    try:
        _wait_for(lambda: _count(db_path) == 1)
        os.replace(tmp_path / "big.jsonl", folder / "big.jsonl")
        _wait_for(lambda: _count(db_path) > 1)
        proc.send_signal(signal.SIGKILL)  # no handler runs, nothing is closed cleanly
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    with tahqiq.open(db_path) as tq:
        assert tq.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = tq.count()
        # Whole batches, in file order: the lines stored are the file's first ones, without a hole.
        lines = sorted(
            int(source.rpartition(":")[2])
            for article in tq.store.iter_articles()
            for source in article.sources
            if "big.jsonl:" in source
        )
        assert lines == list(range(1, stored)), (stored, lines[:3], lines[-3:])
        done = Watch(tq, [str(folder)], settle=0).round()
        # The killed file was never marked read, so it is read again; what was stored stays one copy.
        assert tq.count() == 1 + big
        if stored < 1 + big:
            assert str(folder / "big.jsonl") in done.ingested
        assert Watch(tq, [str(folder)], settle=0).round().ingested == ()


def test_watch_once_from_the_command_line(tmp_path: Path, db_path: Path) -> None:
    from typer.testing import CliRunner

    from tahqiq.cli import app

    (tmp_path / "a.txt").write_bytes((EXAMPLES / SEED_FILES[0]).read_bytes())
    runner = CliRunner()
    result = runner.invoke(app, ["watch", str(tmp_path), "--db", str(db_path), "--once", "--every", "1s"])
    assert result.exit_code == 0, result.output
    assert "1 files read: 1 added" in result.output
    bad = runner.invoke(app, ["watch", str(tmp_path), "--db", str(db_path), "--every", "soon"])
    assert bad.exit_code == 2 and "--every" in bad.output
