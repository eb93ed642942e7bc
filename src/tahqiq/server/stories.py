"""Stories: the articles of the store that share passages, and the order outlets ran them in.

A story here is a group of articles linked, directly or through others, by copied passages:
the same statement passed from outlet to outlet. Its page shows a timeline of outlets (who ran
it first, who followed) so a desk sees an echo chamber as one story, not as many confirmations.

Finding the groups scans the whole copy index, so it is done once and kept until the store
changes (a new article changes its count or its last id); one lock keeps concurrent requests
from scanning twice.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tahqiq.errors import TahqiqError
from tahqiq.provenance.index import backlog
from tahqiq.provenance.reuse import store_copies
from tahqiq.records import Article
from tahqiq.server.connections import StorePool

MAX_STORY_ARTICLES = 300  # articles listed on one story page (the count is always exact)


class StoryNotFound(TahqiqError):
    """No story has the requested id (ids are the smallest article id in the story)."""


@dataclass(frozen=True)
class StoryGroups:
    """Every story in the store when it held ``count`` articles up to id ``last_id``."""

    count: int
    last_id: int
    groups: tuple[tuple[int, ...], ...]
    links: dict[int, int]  # article id -> copied passages it shares within its story


class StoryIndex:
    """The story groups of one store, recomputed only when the store has changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: StoryGroups | None = None

    def groups(self, pool: StorePool) -> StoryGroups:
        store = pool.store()
        count, last = store.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM articles").fetchone()
        with self._lock:
            cached = self._cached
            if cached is not None and (cached.count, cached.last_id) == (count, last):
                return cached
            if backlog(store):
                with pool.writing():
                    found = store_copies(store)
            else:
                found = store_copies(store)
            parent: dict[int, int] = {}

            def find(x: int) -> int:
                parent.setdefault(x, x)
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            links: Counter[int] = Counter()
            for p in found.passages:
                a, b = p.articles
                parent[find(a)] = find(b)
                links[a] += 1
                links[b] += 1
            members: dict[int, list[int]] = {}
            for x in list(parent):
                members.setdefault(find(x), []).append(x)
            groups = tuple(
                sorted((tuple(sorted(g)) for g in members.values()), key=lambda g: (-len(g), g[0]))
            )
            self._cached = StoryGroups(int(count), int(last), groups, dict(links))
            return self._cached


def _ref(article: Article, links: dict[int, int]) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.published,
        "source": article.source,
        "url": article.url,
        "copy_links": links.get(article.id, 0),
    }


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
    found = index.groups(pool)
    store = pool.store()
    shown = found.groups[:limit]
    leads = {a.id: a for a in store.get_many([g[0] for g in shown])}
    items = []
    for group in shown:
        marks = ",".join("?" * len(group[:999]))
        outlets, first, last = store.conn.execute(
            "SELECT count(DISTINCT outlet), min(published), max(published) FROM articles "
            f"WHERE id IN ({marks})",
            list(group[:999]),
        ).fetchone()
        lead = leads.get(group[0])
        items.append(
            {
                "story_id": group[0],
                "title": lead.title if lead else "",
                "articles": len(group),
                "outlets": int(outlets),
                "first": first,
                "last": last,
            }
        )
    return {"stories": items, "total": len(found.groups), "store_articles": found.count}


def story_view(index: StoryIndex, pool: StorePool, story_id: int) -> dict[str, Any]:
    """One story: its articles in publication order and the timeline of outlets."""
    found = index.groups(pool)
    group = next((g for g in found.groups if g[0] == story_id), None)
    if group is None:
        raise StoryNotFound(f"no story with id {story_id}")
    articles = [_ref(a, found.links) for a in pool.store().get_many(list(group[:MAX_STORY_ARTICLES]))]
    articles.sort(key=lambda a: (_date_key(a["date"]), a["article_id"]))
    return {
        "story_id": story_id,
        "title": articles[0]["title"] if articles else "",
        "total_articles": len(group),
        "articles": articles,
        "timeline": timeline(articles),
    }
