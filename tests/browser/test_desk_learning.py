"""Learning from the desk in a real browser: stance corrections on the check page, a desk model
trained on them, and the next check of the same claim reads the corrected article the desk's way."""

from __future__ import annotations

from pathlib import Path

import pytest

import tahqiq

from ..conftest import SAMPLE_CLAIM
from .conftest import TOKEN, Watched
from .live_server import LiveServer
from .test_workbench import check_sample_claim

pytestmark = pytest.mark.browser


def test_a_stance_correction_changes_the_next_check_once_trained(
    page: Watched, live: LiveServer, tmp_path: Path
) -> None:
    p = page.page
    check_sample_claim(p, live)
    p.click("#settings-toggle")
    p.fill("#reviewer-name", "هدى")
    p.fill("#write-token", TOKEN)
    p.click("#settings-form button[type=submit]")
    cards = p.locator("article.evidence-card")
    shipped = {
        int(cards.nth(i).get_attribute("data-article-id") or 0): cards.nth(i).get_attribute("data-stance")
        for i in range(cards.count())
    }
    with tahqiq.open(tmp_path / "store.db", readonly=True) as tq:
        model = tq.stance_model
        agreeing = [a for a, s in shipped.items() if s == "agree"]
        weaker = min(
            agreeing,
            key=lambda a: (
                model.evidence(  # type: ignore[attr-defined]
                    SAMPLE_CLAIM, tq.sentences(tq.article(a)), title=tq.article(a).title
                ).support
            ),
        )
    for article_id, stance in shipped.items():
        form = p.locator(f"form.stance-form[data-article-id='{article_id}']")
        form.locator("select").select_option("discuss" if article_id == weaker else str(stance))
        form.locator("button[type=submit]").click()
        form.locator(".status p").wait_for()
    with tahqiq.open(tmp_path / "store.db") as tq:
        assert len(tq.store.stance_reviews()) == len(shipped)
        assert tq.train_from_reviews(name="desk-browser").labels == len(shipped)
    check_sample_claim(p, live)
    card = p.locator(f"article.evidence-card[data-article-id='{weaker}']")
    assert card.get_attribute("data-stance") == "discuss"
    assert page.errors == [] and page.dialogs == []
