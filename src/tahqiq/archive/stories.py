"""Stories over the archive, kept in the store so the desk reads them without recomputing them.

Event clustering (:func:`tahqiq.provenance.stories.stories`) joins articles strongest link first,
each join depending on the groups the earlier ones made, so it runs in one process, on the
driver, over the loaded store; what it costs at archive scale is the copy scan it starts with,
which the Spark copy job (:mod:`tahqiq.archive.copies`) runs in parallel. The stories found are
written back with :meth:`tahqiq.store.Store.replace_archive_stories`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tahqiq.provenance.stories import stories
from tahqiq.records.stories import Story
from tahqiq.store import Store

#: Stories whose central claims are worked out and kept: each costs an alignment of its own
#: articles, and a desk reads the largest first (``tahqiq stories`` shows 20 by default).
DEFAULT_STORIES = 200


def stories_job(store: Store, *, limit: int = DEFAULT_STORIES, min_articles: int = 2) -> list[Story]:
    """Cluster the store's articles into stories and keep the ``limit`` largest in the store."""
    found = stories(store, min_articles=min_articles, limit=limit)
    store.replace_archive_stories(found, finished_at=datetime.now(UTC).isoformat(timespec="seconds"))
    return found
