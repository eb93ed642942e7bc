"""Starting the server: settings from the environment, worker settings, a store that is not one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tahqiq.cli import app as cli_app
from tahqiq.server import ServerSettings
from tahqiq.server.app import app_from_env
from tahqiq.server.run import MAX_DEFAULT_WORKERS, default_workers
from tahqiq.server.settings import MIB, SETTINGS_ENV


def test_settings_come_from_the_environment_then_overrides(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TAHQIQ_TOKEN", "from-env")
    monkeypatch.setenv("TAHQIQ_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("TAHQIQ_OPEN_READS", "yes")
    monkeypatch.setenv("TAHQIQ_RATE_PER_MINUTE", "0")
    settings = ServerSettings.from_env(str(tmp_path / "s.db"), token="given", organization=None)
    assert settings.token == "given"
    assert settings.max_upload_bytes == 3 * MIB
    assert settings.open_reads is True
    assert settings.rate_per_minute == 0
    assert settings.organization == "tahqiq"
    monkeypatch.setenv("TAHQIQ_MAX_UPLOAD_MB", "lots")
    with pytest.raises(ValueError, match="TAHQIQ_MAX_UPLOAD_MB"):
        ServerSettings.from_env()


def test_worker_processes_get_the_same_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = ServerSettings(db=str(tmp_path / "w.db"), token="t", max_upload_bytes=1234, open_reads=True)
    assert ServerSettings.from_json(settings.to_json()) == settings
    monkeypatch.setenv(SETTINGS_ENV, settings.to_json())
    app = app_from_env()
    assert app.state.settings == settings
    app.state.pool.close()


def test_a_file_that_is_not_a_store_is_refused_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not a database", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tahqiq.server", "--db", str(bad), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [f"error: {bad}: not a SQLite database; refusing to touch it"]
    assert bad.read_text(encoding="utf-8") == "not a database"


@pytest.mark.parametrize(
    ("cores", "expected"), [(None, 1), (1, 1), (2, 2), (4, 4), (64, MAX_DEFAULT_WORKERS)]
)
def test_workers_default_to_the_cores_capped(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, expected: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert default_workers() == expected


def test_serve_takes_allowed_hosts_and_leaves_the_worker_count_to_the_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def fake_serve(settings: ServerSettings, host: str, port: int, *, workers: int | None = None) -> None:
        seen.update(settings=settings, host=host, workers=workers)

    monkeypatch.setattr("tahqiq.server.serve", fake_serve)
    monkeypatch.delenv("TAHQIQ_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("TAHQIQ_PUBLIC_URL", raising=False)
    db = str(tmp_path / "s.db")
    args = ["serve", "--db", db, "--allowed-host", "desk.lan", "--allowed-host", "News.Example"]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert seen["workers"] is None
    assert {"desk.lan", "news.example", "localhost", "127.0.0.1"} <= set(seen["settings"].allowed_hosts)
    assert "evil.example" not in seen["settings"].allowed_hosts
    result = CliRunner().invoke(cli_app, ["serve", "--db", db, "--workers", "3"])
    assert result.exit_code == 0 and seen["workers"] == 3
