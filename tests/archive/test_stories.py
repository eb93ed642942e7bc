"""Stories over the archive are kept in the store and read back as the clustering found them."""

from __future__ import annotations

import pytest

from tahqiq.archive.stories import stories_job
from tests.archive.conftest import Both

pytestmark = pytest.mark.spark


def test_stories_are_kept_and_read_back(both: Both) -> None:
    found = stories_job(both.spark_store.store, limit=5)
    assert found == both.spark_store.stories(limit=5)
    assert found and both.spark_store.archive_stories() == found
    first = found[0].articles[0].id
    assert all(
        first in {a.id for a in s.articles} for s in both.spark_store.archive_stories(article_id=first)
    )
    assert both.spark_store.archive_stories(limit=1) == found[:1]
    run = both.spark_store.archive_run("stories")
    assert run is not None and run.found == len(found)
    assert both.spark_store.archive_run("nothing") is None
