"""``tahqiq eval --end-to-end``: one store, the shipped check for every claim, scored against gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tahqiq.cli import app
from tahqiq.errors import EvaluationError
from tahqiq.evaluation.end_to_end import RECALL_AT, evaluate_end_to_end
from tahqiq.stance import load_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


def _write_claims(folder: Path) -> Path:
    """Two claims; the second's agreeing article never mentions its words, so no search finds it."""
    dataset = folder / "dataset"
    dataset.mkdir()
    claims = {
        "R-1": {
            "claim": "القوات الأمريكية تدرب منشقين عن داعش في الحسكة",
            "fact": "false",
            "article": [
                "قال مركز المصالحة إن القوات الأمريكية تدرب منشقين عن داعش في الحسكة.\nوأضاف أن التدريب مستمر.",
                "فاز الفريق المحلي بالبطولة.\nواحتفل الجمهور في الشوارع.",
            ],
            "url": ["https://example.org/a", "https://example.org/b"],
            "stance": ["agree", "unrelated"],
            "rationale": ["[0]", ""],
        },
        "R-2": {
            "claim": "ارتفاع أسعار الذهب في الأسواق اليوم",
            "fact": "true",
            "article": [
                "صعد المعدن الأصفر إلى مستوى قياسي.\nوتابع التجار الصفقات بحذر.",
                "ارتفعت أسعار الذهب في الأسواق اليوم بنسبة كبيرة.\nوقال محللون إن الطلب قوي.",
            ],
            "url": ["https://example.org/c", "https://example.org/d"],
            "stance": ["agree", "agree"],
            "rationale": ["[0]", "[0]"],
        },
    }
    for claim_id, body in claims.items():
        (dataset / f"{claim_id}.json").write_text(
            json.dumps({"ID": claim_id, **body}, ensure_ascii=False), encoding="utf-8"
        )
    return folder


def test_every_gold_pair_is_scored_and_unweighed_articles_count_as_unrelated(tmp_path: Path) -> None:
    result = evaluate_end_to_end(_write_claims(tmp_path), "baly", load_model("fast"), check_limit=1)
    data = result.to_dict()
    assert data["dataset"]["claims"] == 2 and data["dataset"]["pairs"] == 4
    assert data["end_to_end"] is True and data["ingest"]["articles"] == 4
    assert result.stance is not None and result.stance.report.n == 4
    # check weighs one article per claim here, so at least one of R-2's two agreeing articles was
    # never shown to the user: the stance task must count it as "unrelated".
    confusion = result.stance.report.to_dict()["confusion"]
    assert confusion["agree"]["unrelated"] >= 1
    recall = data["retrieval"]["agree_disagree"]
    assert recall["claims"] == 2 and recall["recall@1"]["micro"] <= 0.6667
    assert data["retrieval"]["limit"] == 1
    assert set(data["factuality"]["verdicts"]) <= {"supported", "refuted", "disputed", "unverified"}
    assert data["latency"]["checks"] == 2 and data["latency"]["wall_ms"]["p95"] > 0


def test_recall_is_monotone_in_k_on_the_fixture_fold() -> None:
    data = evaluate_end_to_end(FIXTURES / "baly", "baly", load_model("fast")).to_dict()
    for name in ("agree_disagree", "related"):
        values = [data["retrieval"][name][f"recall@{k}"]["micro"] for k in RECALL_AT]
        assert all(0.0 <= v <= 1.0 for v in values)
        assert values == sorted(values)


def test_pair_only_formats_are_refused() -> None:
    with pytest.raises(EvaluationError, match="--end-to-end needs claims"):
        evaluate_end_to_end(FIXTURES / "ans_stance.csv", "ans-stance", load_model("fast"))


def test_cli_end_to_end_json(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["eval", str(FIXTURES / "arastance.jsonl"), "-f", "arastance", "--end-to-end", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["end_to_end"] is True and data["stance"]["n"] == 6
    refused = runner.invoke(app, ["eval", str(FIXTURES / "fnc"), "-f", "fnc", "--end-to-end"])
    assert refused.exit_code == 1 and "--end-to-end needs claims" in refused.output
