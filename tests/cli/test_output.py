"""What the command line prints when piped, and how it answers contradictory options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.cli import app

from ..conftest import EXAMPLES, SAMPLE_CLAIM

runner = CliRunner()


def _tahqiq(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command with stdout and stderr piped, as in ``tahqiq ... | tee log``."""
    return subprocess.run(
        [sys.executable, "-m", "tahqiq", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_piped_output_is_never_wrapped(tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-rather-long-name-" * 3) / "and-a-store-with-a-long-name-too.db"
    deep.parent.mkdir(parents=True)
    latin = tmp_path / "english.txt"
    latin.write_text(
        "A headline\n" + "An English article about the weather in the city. " * 20, encoding="utf-8"
    )
    run = _tahqiq("ingest", str(EXAMPLES), str(latin), "--db", str(deep), "--quiet")
    assert run.returncode == 0, run.stderr
    summary = [line for line in run.stdout.splitlines() if line.strip()]
    assert len(summary) == 1 and summary[0].endswith(str(deep)), run.stdout
    warnings = [line for line in run.stderr.splitlines() if line.strip()]
    assert warnings and all(line.startswith(("warning", "skipped")) for line in warnings), run.stderr


def test_two_output_formats_at_once_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--quiet"]).exit_code == 0
    both = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db), "--json", "--markdown"])
    assert both.exit_code == 2
    assert "choose one output format" in both.output
    clash = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db), "--format", "markdown", "--json"])
    assert clash.exit_code == 2
    same = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db), "--format", "json", "--json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["claim"] == SAMPLE_CLAIM
    md = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db), "-f", "markdown"])
    assert md.exit_code == 0 and md.stdout.startswith("# تحقيق")


def test_reports_never_pass_on_a_bidi_override_from_an_outlet_name(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    record = tmp_path / "rlo.jsonl"
    record.write_text(
        json.dumps(
            {
                "title": "القوات الأمريكية تدرب منشقين عن داعش في الحسكة",
                "text": "قال مركز المصالحة إن القوات الأمريكية تدرب منشقين عن داعش في الحسكة منذ أشهر.",
                "outlet": "\u202eوكالة معكوسة",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["ingest", str(record), "--db", str(db), "--quiet"]).exit_code == 0
    for fmt in ("markdown", "text"):
        shown = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db), "--format", fmt]).stdout
        assert "وكالة معكوسة" in shown and "\u202e" not in shown
