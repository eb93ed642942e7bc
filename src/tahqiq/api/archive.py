"""The archive jobs' results as the Python API reads them (the jobs themselves: :mod:`tahqiq.archive`)."""

from __future__ import annotations

from tahqiq.records.archive import ArchiveCopy, ArchiveRun
from tahqiq.records.stories import Story
from tahqiq.store import Store


class ArchiveResults:
    """The archive methods of :class:`~tahqiq.api.Tahqiq`: what the last Spark jobs kept in the store."""

    store: Store

    def archive_copies(self, article_id: int | None = None, *, limit: int | None = None) -> list[ArchiveCopy]:
        """The archive's copy pairs, most copied words first, or those of one article."""
        return self.store.archive_copies(article_id, limit=limit)

    def archive_stories(self, *, limit: int | None = None, article_id: int | None = None) -> list[Story]:
        """The archive's stories as the last ``tahqiq spark stories`` kept them, largest first."""
        return self.store.archive_stories(limit=limit, article_id=article_id)

    def archive_run(self, kind: str) -> ArchiveRun | None:
        """When the archive job ``kind`` (copies, stories) last ran, and over how many articles."""
        return self.store.archive_run(kind)
