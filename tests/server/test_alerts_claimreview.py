"""ClaimReview appearances from provenance: the check's agreeing reports and the later ones the
alerts found, earliest first, a copy naming what it is based on; still valid schema.org."""

from __future__ import annotations

from tahqiq.server.claimreview import claim_review

from .test_claimreview import validate


def _evidence(article_id: int, date: str | None, stance: str = "agree") -> dict[str, object]:
    return {"article_id": article_id, "title": f"تقرير {article_id}", "stance": stance, "date": date}


def test_appearances_run_earliest_first_with_copies_marked() -> None:
    report = {
        "claim": "ادعاء",
        "checked_at": "2026-01-02T03:04:05+00:00",
        "evidence": [_evidence(3, "2017-12-20"), _evidence(1, "2017-12-18"), _evidence(2, None, "disagree")],
        "copies": [{"articles": [1, 3]}],
        "verdict": {"label": "unverified", "explanation": "e"},
    }
    later = [
        {"article_id": 9, "title": "منقول", "stance": "agree", "published": "2018-01-05", "copy_of": [1]},
        {"article_id": 8, "title": "نفي", "stance": "disagree", "published": "2018-01-02", "copy_of": []},
    ]
    doc = claim_review(report, url="https://x.org/c/1", organization="o", later=later)
    claim = doc["itemReviewed"]
    assert [a["headline"] for a in claim["appearance"]] == ["تقرير 1", "تقرير 3", "منقول"]
    assert claim["firstAppearance"]["headline"] == "تقرير 1" and claim["datePublished"] == "2017-12-18"
    first, copy, later_copy = claim["appearance"]
    assert "isBasedOn" not in first
    assert copy["isBasedOn"]["headline"] == "تقرير 1" and later_copy["isBasedOn"]["headline"] == "تقرير 1"
    assert validate(doc) == []
