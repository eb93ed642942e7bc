"""Story pages: the stories of :mod:`tahqiq.provenance.stories`, with a timeline of outlets.

A story is one event across outlets and dates (articles joined by copied passages or by similar
titles and leads within a few days). Its page shows who ran it first and who followed, and the
central claims with who asserts or denies them, so an echo chamber reads as one story.

Finding stories scans the whole store, so the result is kept until the store changes (its
article count or last id moves); one lock keeps concurrent requests from scanning twice. Only
the ``MAX_STORIES`` largest stories are worked out and listed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from tahqiq.errors import TahqiqError
from tahqiq.records.serialize import to_dict
from tahqiq.records.stories import Story
from tahqiq.server.connections import StorePool

MAX_STORIES = 200


class StoryNotFound(TahqiqError):
    """No story has the requested id (ids are the smallest article id in the story)."""


@dataclass(frozen=True)
class StorySnapshot:
    """The stories of the store when it held ``count`` articles up to id ``last_id``."""

    count: int
    last_id: int
    stories: tuple[Story, ...]


class StoryIndex:
    """The stories of one store, recomputed only when the store has changed.

    Finding stories only reads the store (the copy index is brought up to date by ingest), so
    no writer lock is taken and a running ingest is never waited for.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: StorySnapshot | None = None

    def snapshot(self, pool: StorePool) -> StorySnapshot:
        tq = pool.tahqiq()
        count, last = tq.watermark()
        with self._lock:
            cached = self._cached
            if cached is not None and (cached.count, cached.last_id) == (count, last):
                return cached
            found = tq.stories(limit=MAX_STORIES)
            self._cached = StorySnapshot(count, last, tuple(found))
            return self._cached


def _date_key(date: str | None) -> tuple[int, str]:
    return (0, date) if date else (1, "")


def timeline(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per outlet, earliest first (undated ones last): when it first ran the story and how often."""
    rows: dict[str, dict[str, Any]] = {}
    for a in sorted(articles, key=lambda a: (_date_key(a["date"]), a["article_id"])):
        outlet = a["outlet"] or ""
        row = rows.setdefault(
            outlet, {"outlet": a["outlet"], "first": a["date"], "dates": [], "articles": []}
        )
        row["articles"].append(a["article_id"])
        if a["date"]:
            row["dates"].append(a["date"])
    return sorted(rows.values(), key=lambda r: (_date_key(r["first"]), r["outlet"] or ""))


def story_list(index: StoryIndex, pool: StorePool, *, limit: int = 50) -> dict[str, Any]:
    """The largest stories first, each with its lead title, size, outlets and date range."""
    snap = index.snapshot(pool)
    items = [
        {
            "story_id": s.id,
            "title": s.title,
            "articles": len(s.articles),
            "outlets": len(s.outlets),
            "first": s.first_report,
            "last": s.last_report,
        }
        for s in snap.stories[:limit]
    ]
    return {"stories": items, "total": len(snap.stories), "store_articles": snap.count}


def story_view(index: StoryIndex, pool: StorePool, story_id: int) -> dict[str, Any]:
    """One story: its articles in publication order, the timeline of outlets, its central claims."""
    snap = index.snapshot(pool)
    story = next((s for s in snap.stories if s.id == story_id), None)
    if story is None:
        raise StoryNotFound(f"no story with id {story_id}")
    urls = {a.id: a.url for a in pool.tahqiq().articles([r.id for r in story.articles])}
    articles = [{**to_dict(r), "url": urls.get(r.id)} for r in story.articles]
    return {
        "story_id": story_id,
        "title": story.title,
        "total_articles": len(articles),
        "articles": articles,
        "timeline": timeline(articles),
        "claims": to_dict(story.claims),
        "copy_links": story.copy_links,
        "similar_links": story.similar_links,
    }
