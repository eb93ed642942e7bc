"""Results of the archive jobs (:mod:`tahqiq.archive`) as the store keeps them.

A Spark job over a whole archive writes its copy pairs and stories back to the store once, so
the desk reads them like any other result instead of recomputing them over millions of articles.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArchiveCopy:
    """Two stored articles that share copied passages, found by the archive's fingerprint join.

    ``shared_hashes`` is how many fingerprints (not boilerplate) they share, ``words`` the words
    of their aligned passages summed, ``passages`` how many passages the alignment found.
    """

    article_a: int  # the smaller id
    article_b: int
    shared_hashes: int
    words: int
    passages: int


@dataclass(frozen=True)
class ArchiveRun:
    """When an archive job last wrote its results, over how many articles, and what it found."""

    kind: str  # "copies" or "stories"
    articles: int
    last_id: int  # the store's largest article id when the job read it
    found: int
    finished_at: str
