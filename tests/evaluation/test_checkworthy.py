"""``tahqiq eval --format checkthat``: F1 of the positive class on our own CheckThat!-layout fixture."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.cli import app
from tahqiq.evaluation.checkworthy import CheckworthyResult, row_score, score_checkthat
from tahqiq.evaluation.dispatch import ALL_FORMATS, evaluate_dataset
from tahqiq.evaluation.persuasion import CheckthatRow
from tahqiq.report.checkworthy import THRESHOLD

FIXTURE = Path(__file__).parents[1] / "fixtures" / "eval" / "checkthat_sample.tsv"


def test_the_fixture_scores_and_its_figure_is_stable() -> None:
    result = score_checkthat(FIXTURE)
    assert result.n == 30 and result.positives == 15
    assert result.threshold == THRESHOLD
    # The figure docs/models.md reports: precision 1.0, recall 0.6, F1 0.75.
    assert (result.true_positives, result.predicted) == (9, 9)
    assert round(result.f1, 2) == 0.75
    assert len(result.wrong) == result.n - 9 - (result.n - result.positives)


def test_f1_is_of_the_positive_class_from_the_counts() -> None:
    rows = (
        CheckthatRow("1", "u", "قال وزير المالية إن العجز بلغ 12 مليار دولار في 2023 في مصر", True),
        CheckthatRow("2", "u", "صباح الخير", False),
        CheckthatRow("3", "u", "أحب القهوة", True),
    )
    result = score_checkthat("inline", rows)
    assert (result.true_positives, result.predicted, result.positives) == (1, 1, 2)
    assert result.f1 == 2 * 1.0 * 0.5 / 1.5


def test_an_empty_text_scores_low() -> None:
    assert row_score("") < THRESHOLD
    assert row_score("   ") < THRESHOLD


def test_dispatch_and_the_command() -> None:
    assert "checkthat" in ALL_FORMATS
    assert isinstance(evaluate_dataset(str(FIXTURE), "checkthat"), CheckworthyResult)
    runner = CliRunner()
    out = runner.invoke(app, ["eval", str(FIXTURE), "-f", "checkthat", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["format"] == "checkthat" and data["f1"] == 0.75
    table = runner.invoke(app, ["eval", str(FIXTURE), "-f", "checkthat"])
    assert table.exit_code == 0 and "F1" in table.output
