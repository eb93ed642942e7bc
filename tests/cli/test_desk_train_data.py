"""A desk model fitted from a labelled dataset, then scored by name (with --db) and from its file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


def test_train_from_a_dataset_and_eval_the_desk_model(tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(tmp_path / "desk.db")]
    data = str(FIXTURES / "arastance.jsonl")
    trained = runner.invoke(app, ["train", data, "--format", "arastance", "--name", "ara", "--json", *db])
    assert trained.exit_code == 0, trained.output
    model = json.loads(trained.output)
    assert model["name"] == "ara" and model["labels"] >= 3
    by_name = runner.invoke(app, ["eval", data, "-f", "arastance", "--model", "ara", "--json", *db])
    assert by_name.exit_code == 0, by_name.output
    (tmp_path / "ara.json").write_text(trained.output, encoding="utf-8")
    by_file = runner.invoke(
        app, ["eval", data, "-f", "arastance", "--model", str(tmp_path / "ara.json"), "--json"]
    )
    assert by_file.exit_code == 0, by_file.output
    scores = [json.loads(r.output)["stance"] for r in (by_name, by_file)]
    assert [s["macro_f1"] for s in scores] == [scores[0]["macro_f1"]] * 2
    assert runner.invoke(app, ["train", data, *db]).exit_code == 2  # no --format
    assert runner.invoke(app, ["train", data, "--from-reviews", "-f", "baly", *db]).exit_code == 2
    unknown = runner.invoke(app, ["eval", data, "-f", "arastance", "--model", "nope", *db])
    assert unknown.exit_code == 1 and "no desk model named 'nope'" in unknown.output
