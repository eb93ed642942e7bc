"""Records of the watch: a checked claim seen again in a new article, and the files a watch has read.

An alert is raised once per saved check and article: the sentence that states the claim (with
its offsets into the article's text), the stance of the whole article towards the claim, whether
the outlet is one the check had not seen carry the claim, and which earlier articles it copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from tahqiq.records import Stance


@dataclass(frozen=True, slots=True)
class Alert:
    """A saved check's claim found again in an article stored after the check.

    ``score`` is the match score the thresholds were set on (:mod:`tahqiq.api.claimmatch`);
    ``lexical`` the claim's weighted word coverage by the sentence, ``semantic`` the sentence
    embeddings' cosine (None where embeddings are not installed). ``new_outlet`` is True when the
    article's outlet is not among the outlets of the check's report; ``copy_of`` lists earlier
    articles it shares copied passages with (empty: not a copy). ``raised_at`` is ISO UTC.
    """

    id: int
    check_id: int
    claim: str
    article_id: int
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    sentence_index: int
    sentence: str
    start: int
    end: int
    score: float
    lexical: float
    semantic: float | None
    stance: Stance
    confidence: float
    new_outlet: bool
    copy_of: tuple[int, ...]
    raised_at: str


@dataclass(frozen=True, slots=True)
class WatchedFile:
    """What the watch last read of a file: its size, modification time (ns) and content hash."""

    path: str
    size: int
    mtime_ns: int
    content_hash: str
    seen_at: str


@dataclass(frozen=True, slots=True)
class WatchRound:
    """One look at the watched folders: files ingested, files still being written, what came of them.

    ``skipped`` holds ``(file, reason)`` for input the ingest refused, as ``tahqiq ingest`` reports it.
    """

    ingested: tuple[str, ...]
    waiting: tuple[str, ...]
    unchanged: int
    added: int
    duplicates: int
    skipped: tuple[tuple[str, str], ...]
    alerts: tuple[Alert, ...]
