"""evaluate() on a fixture of every format, with a small word-overlap model worked out by hand.

The model: the sentence sharing the largest share of the claim's normalized words is the
rationale; share ≥ 0.5 gives agree, or disagree when that sentence holds a negation cue;
share ≥ 0.25 gives discuss; less gives unrelated. The gold and predicted labels each test
expects were derived by hand from the fixture texts and are spelled out beside the asserts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from tahqiq.errors import DatasetError, EvaluationError
from tahqiq.evaluation import evaluate
from tahqiq.records import STANCES, Rationale, Sentence, Stance, StanceResult, Verdict
from tahqiq.stance.base import StanceModel
from tahqiq.text import normalize, words

FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"
_CUES = frozenset(normalize(w) for w in ("ينفي", "نفى", "لا", "لم", "denied", "not"))


class OverlapModel:
    """Deterministic stance rules on word overlap, enough to make every metric checkable."""

    name = "overlap-test"

    def __init__(self) -> None:
        self.titles: list[str] = []

    def predict(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> StanceResult:
        self.titles.append(title)
        claim_words = set(words(claim))
        best, share = 0, -1.0
        for sentence in sentences:
            s = len(claim_words & set(words(sentence.text))) / len(claim_words)
            if s > share:
                best, share = sentence.index, s
        stance: Stance
        if share >= 0.5:
            cue = bool(_CUES & set(words(sentences[best].text)))
            stance = "disagree" if cue else "agree"
        elif share >= 0.25:
            stance = "discuss"
        else:
            stance = "unrelated"
        scores: dict[str, float] = {label: 0.7 if label == stance else 0.1 for label in STANCES}
        rationale = (Rationale(best, sentences[best].text, "overlap", share),) if sentences else ()
        return StanceResult(stance, scores, rationale, self.name)


def count_verdict(claim: str, evidence: Sequence[tuple[str, StanceResult]]) -> tuple[str, float]:
    """Supported/refuted by the majority of agree vs disagree articles, disputed on a tie."""
    agree = sum(1 for _, r in evidence if r.stance == "agree")
    disagree = sum(1 for _, r in evidence if r.stance == "disagree")
    if agree > disagree:
        return "supported", 0.5 + 0.1 * (agree - disagree)
    if disagree > agree:
        return "refuted", 0.5 + 0.1 * (disagree - agree)
    return ("disputed", 0.6) if agree else ("unverified", 0.5)


def claim_only_verdict(claim: str, evidence: Sequence[tuple[str, StanceResult]]) -> Verdict:
    """A claim-only predictor: official wording is believed, the word "rumour" is disbelieved."""
    assert list(evidence) == []
    found = set(words(claim))
    if normalize("رسميا") in found:
        return Verdict("supported", 0.9, "official")
    if normalize("شائعة") in found:
        return Verdict("refuted", 0.7, "rumour")
    return Verdict("unverified", 0.5, "no cue")


def test_test_model_follows_the_protocol() -> None:
    assert isinstance(OverlapModel(), StanceModel)


def test_ans_stance() -> None:
    result = evaluate(FIXTURES / "ans_stance.csv", "ans-stance", OverlapModel())
    s = result.stance
    assert s is not None and result.rationale is None and result.factuality is None
    # gold agree disagree other agree disagree agree other
    # pred agree disagree other agree agree    other other  (discuss/unrelated -> other)
    assert s.report.labels == ("agree", "disagree", "other")
    assert s.report.n == 7
    assert s.report.accuracy == pytest.approx(5 / 7)
    assert s.report.confusion == {
        "agree": {"agree": 2, "disagree": 0, "other": 1},
        "disagree": {"agree": 1, "disagree": 1, "other": 0},
        "other": {"agree": 0, "disagree": 0, "other": 2},
    }
    assert s.report.per_class["agree"].f1 == pytest.approx(2 / 3)
    assert s.report.per_class["disagree"].precision == pytest.approx(1.0)
    assert s.report.per_class["disagree"].recall == pytest.approx(0.5)
    assert s.report.per_class["other"].f1 == pytest.approx(0.8)
    assert s.report.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0.8) / 3)
    assert result.pairs == 7 and result.model == "overlap-test"
    assert s.extra["label_map"]["unrelated"] == "other"


def test_arastance() -> None:
    model = OverlapModel()
    result = evaluate(FIXTURES / "arastance.jsonl", "arastance", model)
    s = result.stance
    assert s is not None
    # gold agree disagree discuss unrelated discuss disagree
    # pred agree disagree discuss unrelated agree   agree
    assert s.report.accuracy == pytest.approx(4 / 6)
    assert s.report.per_class["agree"].precision == pytest.approx(1 / 3)
    assert s.report.per_class["agree"].f1 == pytest.approx(0.5)
    assert s.report.per_class["disagree"].f1 == pytest.approx(2 / 3)
    assert s.report.per_class["discuss"].f1 == pytest.approx(2 / 3)
    assert s.report.per_class["unrelated"].f1 == pytest.approx(1.0)
    assert s.report.macro_f1 == pytest.approx((0.5 + 2 / 3 + 2 / 3 + 1.0) / 4)
    assert s.report.confusion["disagree"] == {"agree": 1, "disagree": 1, "discuss": 0, "unrelated": 0}
    assert model.titles[0] == "مصدر: تدريب مستمر"


def test_fnc() -> None:
    result = evaluate(FIXTURES / "fnc" / "train_stances.csv", "fnc", OverlapModel())
    s = result.stance
    assert s is not None
    # gold agree disagree unrelated discuss unrelated ; pred agree disagree unrelated agree unrelated
    assert s.report.accuracy == pytest.approx(4 / 5)
    assert s.report.per_class["agree"].f1 == pytest.approx(2 / 3)
    assert s.report.per_class["discuss"].f1 == 0.0
    assert s.report.per_class["discuss"].support == 1
    assert s.report.macro_f1 == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)
    assert result.split == "train"
    assert result.claims == 5


def test_baly_stance_rationale_and_factuality() -> None:
    result = evaluate(FIXTURES / "baly", "baly", OverlapModel(), verdict=count_verdict)
    assert result.split == "fold_a"
    assert (result.pairs, result.claims) == (9, 3)
    s, r, f = result.stance, result.rationale, result.factuality
    assert s is not None and r is not None and f is not None

    assert s.report.accuracy == pytest.approx(7 / 9)
    assert s.report.per_class["agree"].f1 == pytest.approx(2 * 0.75 / 1.75)
    assert s.report.per_class["unrelated"].recall == pytest.approx(0.5)
    assert s.report.per_class["discuss"].f1 == pytest.approx(0.5)
    assert s.report.macro_f1 == pytest.approx((6 / 7 + 1 + 0.5 + 2 / 3) / 4)

    # 5 pairs with gold rationale, 11 lines; one pair (V-2 article 1) picks the wrong line.
    assert r.unit == "line" and r.report.n == 11
    assert r.report.confusion == {
        "rationale": {"rationale": 4, "other": 2},
        "other": {"rationale": 1, "other": 4},
    }
    assert r.report.per_class["rationale"].precision == pytest.approx(0.8)
    assert r.report.per_class["rationale"].recall == pytest.approx(4 / 6)
    assert r.report.accuracy == pytest.approx(8 / 11)
    assert (r.extra["pairs"], r.extra["hits"]) == (5, 4)
    assert r.extra["hit_rate"] == pytest.approx(0.8)
    assert r.extra["sentence_precision"] == pytest.approx(0.8)

    # R-1 disputed 0.6 (P(true) 0.4), V-2 supported 0.6, R-3 supported 0.6; gold true, false, true.
    assert f.unit == "claim" and f.report.n == 3
    assert f.report.confusion == {"true": {"true": 1, "false": 1}, "false": {"true": 1, "false": 0}}
    assert f.report.accuracy == pytest.approx(1 / 3)
    assert f.report.macro_f1 == pytest.approx(0.25)
    assert f.extra["ece"] == pytest.approx(1 / 3 * 0.6 + 2 / 3 * 0.1)
    assert f.extra["coverage"] == pytest.approx(2 / 3)
    assert f.extra["verdicts"] == {"disputed": 1, "supported": 2}
    decided = f.extra["decided"]
    assert decided["n"] == 2
    assert decided["accuracy"] == pytest.approx(0.5)
    assert decided["macro_f1"] == pytest.approx(1 / 3)
    assert decided["ece"] == pytest.approx(0.1)


def test_baly_verdict_sees_only_evidence() -> None:
    calls: list[tuple[str, list[tuple[str, str]]]] = []

    def recording(claim: str, evidence: Sequence[tuple[str, StanceResult]]) -> tuple[str, float]:
        calls.append((claim, [(text, r.stance) for text, r in evidence]))
        return "unverified", 0.5

    evaluate(FIXTURES / "baly", "baly", OverlapModel(), verdict=recording)
    assert len(calls) == 3
    claim, evidence = next(c for c in calls if c[0].startswith("وصول"))
    assert claim == "وصول قافلة مساعدات إلى المدينة المحاصرة"
    assert [stance for _, stance in evidence] == ["disagree", "agree", "unrelated", "agree"]
    assert evidence[2][0] == "ارتفعت أسعار الوقود في البلاد."
    assert all("V-2" not in text for text, _ in evidence)


def test_baly_without_verdict_and_with_limit() -> None:
    result = evaluate(FIXTURES / "baly", "baly", OverlapModel(), limit=1)
    assert result.factuality is None
    assert result.claims == 1 and result.pairs == 3  # R-1 comes first in name order, taken whole
    assert any("no verdict" in note for note in result.notes)
    assert result.stance is not None and result.stance.report.accuracy == 1.0


def test_ans_claim_with_claim_only_verdict() -> None:
    result = evaluate(FIXTURES / "ans_claim.csv", "ans-claim", None, verdict=claim_only_verdict)
    f = result.factuality
    assert f is not None and result.stance is None
    # gold T F F T T ; pred T T F F F ; P(true) 0.9 0.9 0.3 0.5 0.3
    assert f.report.accuracy == pytest.approx(0.4)
    assert f.report.per_class["true"].f1 == pytest.approx(0.4)
    assert f.report.per_class["false"].f1 == pytest.approx(0.4)
    assert f.extra["ece"] == pytest.approx(2 / 5 * 0.4 + 2 / 5 * 0.2 + 1 / 5 * 0.5)
    assert f.extra["coverage"] == pytest.approx(0.8)
    assert f.extra["decided"]["accuracy"] == pytest.approx(0.5)
    assert f.extra["decided"]["ece"] == pytest.approx(0.3)
    assert result.claims == 5 and result.verdict == "claim_only_verdict"


def test_ans_claim_needs_a_verdict() -> None:
    with pytest.raises(EvaluationError, match="verdict"):
        evaluate(FIXTURES / "ans_claim.csv", "ans-claim", OverlapModel())


def test_stance_format_needs_a_model() -> None:
    with pytest.raises(EvaluationError, match="stance model"):
        evaluate(FIXTURES / "ans_stance.csv", "ans-stance", None)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="format"):
        evaluate(FIXTURES / "ans_stance.csv", "csv", OverlapModel())
    with pytest.raises(ValueError, match="limit"):
        evaluate(FIXTURES / "ans_stance.csv", "ans-stance", OverlapModel(), limit=0)


def test_bad_verdict_output_is_named() -> None:
    def wrong(claim: str, evidence: Sequence[tuple[str, StanceResult]]) -> tuple[str, float]:
        return "true", 0.9

    with pytest.raises(EvaluationError, match="'true'"):
        evaluate(FIXTURES / "baly", "baly", OverlapModel(), verdict=wrong)


def test_malformed_dataset_stops_evaluation(tmp_path: Path) -> None:
    bad = tmp_path / "stance_dev.csv"
    bad.write_text("s1,s2,stance\nأ,ب,agree\nأ,ب,maybe\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"stance_dev\.csv:3"):
        evaluate(bad, "ans-stance", OverlapModel())


def test_header_only_file_has_nothing_to_score(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("s1,s2,stance\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"empty\.csv: no pairs to score"):
        evaluate(empty, "ans-stance", OverlapModel())
    claims = tmp_path / "claims.csv"
    claims.write_text("claim_s,fake_flag\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="no claims to score"):
        evaluate(claims, "ans-claim", None, verdict=claim_only_verdict)


def test_limit_on_pairs_and_split_from_name(tmp_path: Path) -> None:
    data = tmp_path / "stance_dev.csv"
    data.write_bytes((FIXTURES / "ans_stance.csv").read_bytes())
    result = evaluate(data, "ans-stance", OverlapModel(), limit=2)
    assert result.pairs == 2 and result.split == "dev"
    assert result.stance is not None and result.stance.report.accuracy == 1.0


def test_json_shape() -> None:
    result = evaluate(FIXTURES / "baly", "baly", OverlapModel(), verdict=count_verdict)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["dataset"] == {
        "path": str(FIXTURES / "baly"),
        "format": "baly",
        "split": "fold_a",
        "pairs": 9,
        "claims": 3,
    }
    assert data["model"]["name"] == "overlap-test"
    for task in ("stance", "rationale", "factuality"):
        obj = data[task]
        for key in ("n", "accuracy", "macro_f1", "per_class", "confusion", "pairs_per_second"):
            assert key in obj
        assert obj["pairs_per_second"] is None or obj["pairs_per_second"] > 0
        assert set(obj["per_class"]) == set(obj["confusion"])
        for scores in obj["per_class"].values():
            assert set(scores) == {"precision", "recall", "f1", "support"}
    assert data["factuality"]["ece"] == pytest.approx(1 / 3 * 0.6 + 2 / 3 * 0.1)
    assert sum(b["count"] for b in data["factuality"]["calibration_bins"]) == 3
    assert data["stance"]["confusion"]["discuss"]["agree"] == 1
