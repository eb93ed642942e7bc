"""What must hold when the sample claim is checked against the five sample reports."""

from __future__ import annotations

import json

import pytest

from tahqiq.api import Tahqiq
from tahqiq.errors import ClaimError
from tahqiq.records import STANCES
from tahqiq.report.json_report import SCHEMA_VERSION, report_dict
from tahqiq.report.markdown import to_markdown

from ..conftest import SAMPLE_CLAIM, article_id_for

ASSERTING = ("000_d620f0c0ea8628c3.txt", "002_b4dab204269f636e.txt")
OPPOSITION = "004_9a22f17ed7bf8f62.txt"


@pytest.fixture
def report(sample_store: Tahqiq) -> dict:  # type: ignore[type-arg]
    return report_dict(sample_store.check(SAMPLE_CLAIM))


def _evidence(report: dict, article_id: int) -> dict:  # type: ignore[type-arg]
    [entry] = [e for e in report["evidence"] if e["article_id"] == article_id]
    return entry


def test_reports_that_assert_the_claim_agree(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    for name in ASSERTING:
        entry = _evidence(report, article_id_for(sample_store, name))
        assert entry["stance"] == "agree", (name, entry["stance_scores"])
        assert entry["rationales"], name


def test_opposition_report_is_not_agreeing_and_shows_the_denial(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    entry = _evidence(report, article_id_for(sample_store, OPPOSITION))
    assert entry["stance"] != "agree"
    texts = [r["text"] for r in entry["rationales"]]
    assert any("نفى الصحافي السوري" in t for t in texts), texts


def test_two_reports_share_copied_passages_with_a_third(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    hub = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    partners = {a for c in report["copies"] for a in c["articles"] if hub in c["articles"]} - {hub}
    assert partners == {
        article_id_for(sample_store, "002_b4dab204269f636e.txt"),
        article_id_for(sample_store, OPPOSITION),
    }
    passages = " ".join(c["passage"] for c in report["copies"])
    assert "وحدات عسكرية جديدة" in passages


def test_claim_is_not_called_supported(report: dict) -> None:  # type: ignore[type-arg]
    verdict = report["verdict"]
    assert verdict["label"] != "supported"
    assert 0.0 <= verdict["confidence"] <= 1.0
    assert "1 independent origin" in verdict["explanation"]


def test_json_report_schema(report: dict) -> None:  # type: ignore[type-arg]
    assert report["schema_version"] == SCHEMA_VERSION
    assert report["claim"] == SAMPLE_CLAIM
    for entry in report["evidence"]:
        for key in (
            "article_id",
            "title",
            "outlet",
            "source",
            "date",
            "stance",
            "stance_scores",
            "rationales",
        ):
            assert key in entry
        assert set(entry["stance_scores"]) == set(STANCES)
        assert sum(entry["stance_scores"].values()) == pytest.approx(1.0, abs=1e-3)
        assert 1 <= len(entry["rationales"]) <= 3 or entry["stance"] == "unrelated"
        for r in entry["rationales"]:
            assert set(r) >= {"index", "text"}
    for copy in report["copies"]:
        assert len(copy["articles"]) == 2 and copy["passage"]
    json.dumps(report, ensure_ascii=False)


def test_rationale_text_is_the_stored_sentence(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    for entry in report["evidence"]:
        sentences = {
            s.index: s.text for s in sample_store.sentences(sample_store.article(entry["article_id"]))
        }
        for r in entry["rationales"]:
            assert sentences[r["index"]] == r["text"]


def test_markdown_report_names_verdict_and_evidence(sample_store: Tahqiq) -> None:
    text = to_markdown(sample_store.check(SAMPLE_CLAIM))
    assert text.startswith("# تحقيق: ")
    assert ("**Verdict:**" in text and "| Stance |" not in text) or "Stance" in text
    assert "نفى الصحافي السوري" in text


@pytest.mark.parametrize("claim", ["", "   ", "the US trains defectors in Hasakah", "12345 !!", "في من على"])
def test_unusable_claims_are_refused(sample_store: Tahqiq, claim: str) -> None:
    with pytest.raises(ClaimError):
        sample_store.check(claim)


def test_unrelated_claim_is_unverified(sample_store: Tahqiq) -> None:
    report = sample_store.check("ارتفاع أسعار الذهب في بورصة طوكيو")
    assert report.verdict.label == "unverified"


def test_agreeing_side_traces_to_the_hmeimim_centre(report: dict) -> None:  # type: ignore[type-arg]
    [agree] = [o for o in report["verdict"]["origins"] if o["side"] == "agree"]
    assert "حميميم" in (agree["source"] or "")
    assert len(agree["articles"]) == 2
    assert "حميميم" in report["verdict"]["explanation"]


def test_denial_is_attributed_to_the_journalist(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    opposition = article_id_for(sample_store, OPPOSITION)
    [deny] = [o for o in report["verdict"]["origins"] if o["side"] == "disagree"]
    assert deny["articles"] == [opposition]
    assert "مضر حماد الأسعد" in deny["speakers"]
    assert "مضر حماد الأسعد" in report["verdict"]["explanation"]


def test_origin_graph_links_articles_sources_and_copies(sample_store: Tahqiq, report: dict) -> None:  # type: ignore[type-arg]
    graph = report["graph"]
    ids = {n["id"] for n in graph["nodes"]}
    kinds = {e["kind"] for e in graph["edges"]}
    assert {"copies", "quotes"} <= kinds
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    opposition = f"article:{article_id_for(sample_store, OPPOSITION)}"
    assert any(
        e["source"] == opposition
        and e["kind"] == "quotes"
        and e["detail"] == "denies"
        and "الأسعد" in e["target"]
        for e in graph["edges"]
    )
