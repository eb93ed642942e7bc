"""The candidate set as context: discuss or unrelated decided against the other reports weighed."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.fixtures import sample_files
from tahqiq.records import Article, Rationale, StanceResult
from tahqiq.stance.context import STORY_FLOOR, STORY_SHARE, in_context, story_shares

OFF_TOPIC = (
    "أعلنت وزارة الزراعة المصرية عن ارتفاع إنتاج القمح هذا الموسم إلى مستوى قياسي، وقال وزير "
    "الزراعة إن الحكومة ستشتري المحصول من المزارعين بسعر أعلى من العام الماضي لدعم الفلاحين."
)


def _article(i: int, text: str) -> Article:
    return Article(
        id=i,
        title="",
        text=text,
        outlet=None,
        url=None,
        published=None,
        language="ar",
        sources=(),
        metadata={},
        content_hash=str(i),
        ingested_at="",
    )


def _result(label: str, scores: dict[str, float]) -> StanceResult:
    rationale = Rationale(3, "جملة", f"{label}: covers 40% of the claim", 0.4)
    return StanceResult(label, scores, (rationale,), "default")  # type: ignore[arg-type]


def test_a_report_apart_from_the_story_has_the_lowest_share() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sample_files()[:4]]
    shares = story_shares([_article(i, t) for i, t in enumerate([*texts, OFF_TOPIC])])
    assert len(shares) == 5
    assert min(shares) == shares[-1]
    assert all(s > STORY_SHARE for s in shares[:4])  # four reports of one statement share a story
    assert shares[-1] < STORY_SHARE


def test_no_set_no_share() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sample_files()[:2]]
    assert story_shares([_article(i, t) for i, t in enumerate(texts)]) == [0.0, 0.0]
    assert story_shares([]) == []


def test_an_unrelated_reading_in_the_story_becomes_discuss_with_the_reason_shown() -> None:
    before = _result("unrelated", {"agree": 0.05, "disagree": 0.05, "discuss": 0.3, "unrelated": 0.6})
    after = in_context(before, STORY_SHARE + 0.2)
    assert after.stance == "discuss"
    assert after.scores["agree"] == before.scores["agree"]
    assert abs(sum(after.scores.values()) - 1.0) < 1e-5
    assert after.rationales[0].role.startswith("discuss:")
    assert "story shared with the other reports" in after.rationales[0].role


def test_a_discuss_reading_apart_from_the_story_becomes_unrelated() -> None:
    before = _result("discuss", {"agree": 0.05, "disagree": 0.05, "discuss": 0.6, "unrelated": 0.3})
    assert in_context(before, STORY_SHARE - 0.2).stance == "unrelated"


def test_no_promotion_without_a_sentence_near_the_claim() -> None:
    far = 1.0 - STORY_FLOOR / 2
    before = _result(
        "unrelated", {"agree": 0.0, "disagree": STORY_FLOOR / 2, "discuss": 0.0, "unrelated": far}
    )
    assert in_context(before, 0.9).stance == "unrelated"


def test_agree_and_disagree_are_left_as_the_model_gave_them() -> None:
    agree = _result("agree", {"agree": 0.7, "disagree": 0.1, "discuss": 0.1, "unrelated": 0.1})
    disagree = replace(agree, stance="disagree")
    assert in_context(agree, 0.0) is agree
    assert in_context(disagree, 0.9) is disagree


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=6))
def test_shares_are_cosines_for_any_text(texts: list[str]) -> None:
    shares = story_shares([_article(i, t) for i, t in enumerate(texts)])
    assert len(shares) == len(texts)
    assert all(-1e-9 <= s <= 1.0 + 1e-9 for s in shares)
