"""Learning from the desk: stance corrections train a desk model that the next check uses."""

from __future__ import annotations

import pytest

from tahqiq.api import Tahqiq
from tahqiq.errors import InputError, ModelError

from ..conftest import SAMPLE_CLAIM


def test_corrections_train_a_desk_model_that_changes_the_next_check(sample_store: Tahqiq) -> None:
    report = sample_store.check(SAMPLE_CLAIM)
    check_id = sample_store.save_check(report)
    shipped = {e.article.id: e.stance.stance for e in report.evidence}
    agreeing = [e for e in report.evidence if e.stance.stance == "agree"]
    assert len(agreeing) >= 2, shipped  # the sample claim has two reports restating it
    # The desk reads the weaker of the two restatements as discussing the claim, and confirms the rest.
    model = sample_store.stance_model
    weaker = min(
        agreeing,
        key=lambda e: (
            model.evidence(  # type: ignore[attr-defined]
                SAMPLE_CLAIM, sample_store.sentences(e.article), title=e.article.title
            ).support
        ),
    ).article.id
    with pytest.raises(InputError, match="at least 3"):
        sample_store.train_from_reviews()
    for article_id, stance in shipped.items():
        desk = "discuss" if article_id == weaker else stance
        sample_store.review_stance(check_id, article_id, desk, reviewer="Huda")

    trained = sample_store.train_from_reviews(name="desk-a")
    assert trained.labels == len(shipped) and trained.base in ("default", "fast")
    assert trained.gates != model.gates.to_dict()  # type: ignore[attr-defined]
    assert [m.name for m in sample_store.desk_models()] == ["desk-a"]

    again = sample_store.check(SAMPLE_CLAIM)
    after = {e.article.id: e.stance for e in again.evidence}
    assert after[weaker].stance == "discuss"
    assert after[weaker].model == "desk-a"  # the report names the model
    assert {a: s.stance for a, s in after.items()} == {a: s for a, s in shipped.items() if a != weaker} | {
        weaker: "discuss"
    }

    sample_store.use_model("default")
    assert {e.article.id: e.stance.stance for e in sample_store.check(SAMPLE_CLAIM).evidence} == shipped
    with pytest.raises(ModelError, match="no desk model named"):
        sample_store.use_model("nope")
