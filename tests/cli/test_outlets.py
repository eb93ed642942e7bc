"""``tahqiq outlets`` and ``tahqiq outlet``: the table, a profile, the desk's names, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.api import Tahqiq
from tahqiq.cli import app

runner = CliRunner()


def test_outlets_prints_a_table_and_json(sample_store: Tahqiq, db_path: Path) -> None:
    shown = runner.invoke(app, ["outlets", "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "سانا" in shown.output and "1 articles without a known outlet" in shown.output
    data = json.loads(runner.invoke(app, ["outlets", "--db", str(db_path), "--json"]).output)
    assert {o["name"] for o in data["outlets"]} == {"سانا", "الوطن السورية", "بلدي نيوز"}


def test_outlet_prints_a_profile_with_article_ids(sample_store: Tahqiq, db_path: Path) -> None:
    shown = runner.invoke(app, ["outlet", "بلدي نيوز", "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "carried a denial by" in shown.output and "#5" in shown.output
    data = json.loads(runner.invoke(app, ["outlet", "بلدي نيوز", "--db", str(db_path), "--json"]).output)
    assert data["name"] == "بلدي نيوز"


def test_rename_and_merge_from_the_command_line(sample_store: Tahqiq, db_path: Path) -> None:
    done = runner.invoke(
        app, ["outlet", "rename", "سانا", "وكالة سانا", "--by", "Huda", "--db", str(db_path)]
    )
    assert done.exit_code == 0, done.output
    assert "renamed" in done.output and "Huda" in done.output
    merged = runner.invoke(app, ["outlet", "merge", "الوطن السورية", "وكالة سانا", "--db", str(db_path)])
    assert merged.exit_code == 0, merged.output
    data = json.loads(runner.invoke(app, ["outlet", "وكالة سانا", "--db", str(db_path), "--json"]).output)
    assert data["articles"]["count"] == 3


def test_an_unknown_outlet_is_one_error_line(sample_store: Tahqiq, db_path: Path) -> None:
    result = runner.invoke(app, ["outlet", "لا أحد", "--db", str(db_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "لا منفذ باسم" in lines[0] and "no outlet named" in lines[0]
    assert "Traceback" not in result.output
