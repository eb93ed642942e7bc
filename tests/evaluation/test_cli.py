"""``tahqiq eval`` reaches every format through one call and says clearly what is missing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.cli import app
from tahqiq.evaluation.persuasion import read_armpro, read_ptc, score_armpro, score_ptc

FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"
runner = CliRunner()


def test_persuasion_formats_print_the_scorers_figures() -> None:
    ptc = runner.invoke(app, ["eval", str(FIXTURES / "ptc_sample.tsv"), "-f", "ptc", "--json"])
    assert ptc.exit_code == 0, ptc.output
    assert json.loads(ptc.output)["f1"] == score_ptc(read_ptc(FIXTURES / "ptc_sample.tsv")).f1
    spans = FIXTURES / "armpro_spans.jsonl"
    armpro = runner.invoke(app, ["eval", str(spans), "-f", "armpro", "--json"])
    assert armpro.exit_code == 0, armpro.output
    assert json.loads(armpro.output)["f1"] == score_armpro(*read_armpro(spans)).f1
    table = runner.invoke(app, ["eval", str(spans), "-f", "armpro"])
    assert table.exit_code == 0 and "partial-overlap" in table.output


def test_provenance_without_the_pages_is_a_usage_error() -> None:
    result = runner.invoke(app, ["eval", str(FIXTURES / "provenance_labels.jsonl"), "-f", "provenance"])
    assert result.exit_code == 2
    assert "--articles" in result.output
    assert "Traceback" not in result.output
