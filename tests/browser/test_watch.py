"""A checked claim comes back: a file dropped into the folder the server watches raises an alert,
and the page's header badge, which polls the count, shows it without a reload."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import tahqiq
from tahqiq.server import ServerSettings

from ..conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES
from .conftest import TOKEN, Watched
from .live_server import LiveServer

pytestmark = pytest.mark.browser

REWORDED = "وقالت مصادر محلية إن القوات الأمريكية تدرب عناصر منشقة عن تنظيم داعش في محافظة الحسكة."


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    """The sample reports with the sample claim checked, served by a server that watches ``drop/``."""
    db = tmp_path / "store.db"
    folder = tmp_path / "drop"
    folder.mkdir()
    with tahqiq.open(db) as tq:
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
        tq.save_check(tq.check(SAMPLE_CLAIM))
    settings = ServerSettings(
        db=str(db), token=TOKEN, rate_per_minute=0, watch=(str(folder),), watch_every=0.5
    )
    with LiveServer(settings) as server:
        yield server, folder


def test_an_alert_appears_after_a_file_is_dropped(page: Watched, watching: tuple[LiveServer, Path]) -> None:
    live, folder = watching
    p = page.page
    p.goto(live.url + "/alerts")
    assert p.is_hidden("#alert-badge")
    record = {"title": "خبر جديد", "text": f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر.", "outlet": "وكالة"}
    (folder / "feed.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    p.wait_for_selector("#alert-badge:not([hidden])", timeout=120_000)
    assert p.get_attribute("#alert-badge", "data-count") == "1"
    p.click("a[href='/alerts']")
    p.wait_for_selector("ol.alerts li")
    assert "منشقة" in p.inner_text("ol.alerts li >> nth=0")
    assert p.evaluate("document.documentElement.scrollWidth") <= p.viewport_size["width"]
    assert page.errors == []
