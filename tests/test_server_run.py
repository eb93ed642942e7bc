"""Starting the server: settings from the environment, worker settings, a store that is not one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tahqiq.server import ServerSettings
from tahqiq.server.app import app_from_env
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
