"""Verdicts count independent origins, not articles."""

from __future__ import annotations

from tahqiq.records import Article, CopiedPassage, Evidence, Span, StanceResult
from tahqiq.verdict.aggregate import decide, origins
from tahqiq.verdict.calibration import FEATURES, Calibration, shipped


def _evidence(aid: int, stance: str, p: float = 0.9) -> Evidence:
    rest = (1 - p) / 3
    scores = {s: (p if s == stance else rest) for s in ("agree", "disagree", "discuss", "unrelated")}
    article = Article(
        aid, f"t{aid}", "نص", f"outlet{aid}", None, None, "ar", (f"{aid}.txt",), {}, str(aid), "now"
    )
    return Evidence(article, 1.0, StanceResult(stance, scores, ()))  # type: ignore[arg-type]


def _copy(a: int, b: int) -> CopiedPassage:
    return CopiedPassage((a, b), "نص", "نص", (Span(0, 2), Span(0, 2)), 10)


def test_origins_are_copy_components() -> None:
    assert origins([1, 2, 3, 4], [_copy(1, 2), _copy(2, 3)]) == [[1, 2, 3], [4]]


def test_echoes_of_one_statement_weigh_as_one() -> None:
    echoes = decide([_evidence(i, "agree") for i in (1, 2, 3, 4)], [_copy(1, 2), _copy(2, 3), _copy(3, 4)])
    one = decide([_evidence(1, "agree")], [])
    assert echoes.counts["agree"] == 4 and echoes.counts["agree_origins"] == 1
    assert echoes.p_true == one.p_true and echoes.label == one.label
    independent = decide([_evidence(i, "agree") for i in (1, 2, 3, 4)], [])
    assert independent.p_true is not None and echoes.p_true is not None
    assert independent.p_true > echoes.p_true


def test_independent_agreement_is_support() -> None:
    verdict = decide([_evidence(i, "agree") for i in (1, 2, 3)], [])
    assert verdict.label == "supported"
    assert verdict.p_true is not None and abs(verdict.confidence - verdict.p_true) < 1e-3


def test_more_independent_origins_raise_confidence() -> None:
    fitted = Calibration((-1.0, 1.0, -1.0, 1.0, -1.0, 0.0))
    two = decide([_evidence(i, "agree") for i in (1, 2)], [], calibration=fitted).confidence
    four = decide([_evidence(i, "agree") for i in (1, 2, 3, 4)], [], calibration=fitted).confidence
    assert four > two


def test_the_shipped_weights_never_reward_denials_or_punish_agreement() -> None:
    weights = dict(zip(FEATURES, shipped().weights, strict=True))
    assert weights["agree_origins"] >= 0 and weights["best_agree"] >= 0
    assert weights["disagree_origins"] <= 0 and weights["best_disagree"] <= 0


def test_denials_against_assertions_are_disputed() -> None:
    verdict = decide([_evidence(1, "agree"), _evidence(2, "agree"), _evidence(3, "disagree")], [])
    assert verdict.label == "disputed"
    assert "#3" in verdict.explanation


def test_independent_denials_refute() -> None:
    assert decide([_evidence(1, "disagree"), _evidence(2, "disagree")], []).label == "refuted"


def test_nothing_related_is_unverified() -> None:
    verdict = decide([_evidence(1, "unrelated")], [])
    assert verdict.label == "unverified"
    assert "No stored report" in verdict.explanation


SPEECH_CLAIM = "قال المتحدث باسم الكرملين ديمتري بيسكوف إن زيارة الرئيس استغرقت أربع ساعات"
EVENT_CLAIM = "استغرقت زيارة الرئيس إلى موسكو أربع ساعات"
FITTED = Calibration((-2.0, 1.5, -1.0, 1.0, -1.0, 0.0))


def test_relays_of_a_statement_are_witnesses_for_a_speech_claim_only() -> None:
    relays = [_evidence(i, "agree", 0.6) for i in (1, 2, 3)]
    sources = dict.fromkeys((1, 2, 3), "الكرملين")
    said = decide(relays, [], sources, claim=SPEECH_CLAIM, calibration=FITTED)
    assert said.claim_kind == "speech" and said.counts["agree_origins"] == 3
    assert said.label == "supported"
    assert said.statement and "أربع ساعات" in said.statement
    assert "whether it was said" in said.explanation
    happened = decide(relays, [], sources, claim=EVENT_CLAIM, calibration=FITTED)
    assert happened.claim_kind == "event" and happened.counts["agree_origins"] == 1
    assert said.p_true is not None and happened.p_true is not None
    assert happened.p_true < said.p_true and happened.label == "unverified"


def test_copies_still_merge_witnesses_of_a_speech_claim() -> None:
    relays = [_evidence(i, "agree", 0.6) for i in (1, 2, 3)]
    copied = decide(relays, [_copy(1, 2), _copy(2, 3)], claim=SPEECH_CLAIM, calibration=FITTED)
    apart = decide(relays, [], claim=SPEECH_CLAIM, calibration=FITTED)
    assert copied.counts["agree_origins"] == 1 and apart.counts["agree_origins"] == 3
    assert copied.p_true is not None and apart.p_true is not None and copied.p_true < apart.p_true


def test_p_true_and_confidence_agree() -> None:
    verdict = decide([_evidence(1, "agree"), _evidence(2, "agree")], [], calibration=FITTED)
    assert verdict.p_true is not None
    expected = verdict.p_true if verdict.label == "supported" else 1 - verdict.p_true
    assert abs(verdict.confidence - expected) < 1e-3


def test_the_pair_level_verdict_is_the_same_function() -> None:
    from tahqiq.verdict.aggregate import decide_texts

    items = [(f"نص مختلف رقم {i} عن الزيارة", _evidence(i, "agree").stance) for i in (1, 2, 3)]
    by_texts = decide_texts(EVENT_CLAIM, items)
    direct = decide([_evidence(i, "agree") for i in (1, 2, 3)], [], claim=EVENT_CLAIM)
    assert (by_texts.label, by_texts.p_true) == (direct.label, direct.p_true)
