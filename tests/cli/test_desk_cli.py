"""The desk commands end to end: review-stance, train --from-reviews, models, check --model."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.api import Tahqiq
from tahqiq.cli import app

from ..conftest import SAMPLE_CLAIM


def test_corrections_train_a_desk_model_the_cli_lists_and_checks_with(
    sample_store: Tahqiq, db_path: Path
) -> None:
    report = sample_store.check(SAMPLE_CLAIM)
    check_id = sample_store.save_check(report)
    sample_store.close()
    runner = CliRunner()
    db = ["--db", str(db_path)]

    few = runner.invoke(app, ["train", "--from-reviews", *db])
    assert few.exit_code == 1 and "at least 3" in few.output and few.output.strip().count("\n") == 0
    assert runner.invoke(app, ["train", *db]).exit_code == 2
    for e in report.evidence:
        r = runner.invoke(app, ["review-stance", str(check_id), str(e.article.id), e.stance.stance, *db])
        assert r.exit_code == 0, r.output

    trained = runner.invoke(app, ["train", "--from-reviews", "--name", "desk-cli", "--json", *db])
    assert trained.exit_code == 0, trained.output
    assert json.loads(trained.output)["labels"] == len(report.evidence)
    listed = json.loads(runner.invoke(app, ["models", "--json", *db]).output)
    assert [m["name"] for m in listed if m["kind"] == "desk"] == ["desk-cli"]
    assert {"default", "fast", "rules"} <= {m["name"] for m in listed}

    checked = runner.invoke(app, ["check", SAMPLE_CLAIM, "--json", *db])
    assert checked.exit_code == 0, checked.output
    assert {e["stance_model"] for e in json.loads(checked.output)["evidence"]} == {"desk-cli"}
    unknown = runner.invoke(app, ["check", SAMPLE_CLAIM, "--model", "nope", *db])
    assert unknown.exit_code == 1 and "no desk model named 'nope'" in unknown.output
