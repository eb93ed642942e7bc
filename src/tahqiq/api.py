"""The Python API: one object per store, one method per CLI command.

Example::

    import tahqiq
    with tahqiq.open("tahqiq.db") as tq:
        tq.ingest(["examples/"])
        report = tq.check("القوات الأمريكية تدرب منشقين عن داعش في الحسكة")
        print(report.verdict.label, report.verdict.confidence)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from tahqiq.check import check_claim, ranked_candidates, validate_claim
from tahqiq.records import (
    Article,
    ArticleInput,
    CheckReport,
    IngestSummary,
    IngestWarning,
    SearchHit,
    Sentence,
    Skipped,
)
from tahqiq.retrieve import RERANK_DEPTH, search
from tahqiq.stance.base import StanceModel
from tahqiq.store import Store, lexindex

if TYPE_CHECKING:
    from tahqiq.records.provenance import Attribution, Quote
    from tahqiq.records.reuse import ReuseReport
    from tahqiq.records.stories import Story
    from tahqiq.retrieve.build import IndexSummary
    from tahqiq.retrieve.build import Progress as IndexProgress
    from tahqiq.store import AddResult

BATCH_SIZE = 200
#: Articles written between catch-ups of the lexical index during an ingest, and once at its end.
#: Each catch-up is a tantivy commit; one per batch took a sixth of the main process's CPU in a
#: 100,000-article ingest. Articles the index lacks meanwhile are still found: a search reads the
#: ids above the index's watermark from FTS5. Kept within what ``tahqiq.text.stem`` remembers
#: (RECENT_TEXTS, a title and a body per article), so the catch-up does not stem them again.
LEXINDEX_CATCH_UP_ARTICLES = 1_000


@dataclass(frozen=True)
class ArticleSpeech:
    """What ``tahqiq quotes`` shows: an article's statements, citations and primary source."""

    article: Article
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    primary_source: str | None


Progress = Callable[[int, str], None]


def default_stance_model() -> StanceModel:
    """The stance model used when none is given."""
    from tahqiq.stance import load_model

    return load_model()


class Tahqiq:
    """A store plus the models that check claims against it."""

    def __init__(self, store: Store, stance_model: StanceModel | None = None) -> None:
        self.store = store
        self._model = stance_model

    @property
    def stance_model(self) -> StanceModel:
        if self._model is None:
            self._model = default_stance_model()
        return self._model

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Tahqiq:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Sequence[str],
        *,
        outlet: str | None = None,
        stdin: TextIO | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Read ``paths`` (files, folders, globs, ``-`` for stdin) and add their articles.

        Articles are written in batches of ``BATCH_SIZE``, each in one transaction: an
        interruption loses at most the batches in flight, never part of an article, and running
        the same ingest again adds nothing. A large ingest analyses its text in worker processes,
        one per core (:mod:`tahqiq.ingest.pipeline`), with the same result.
        """
        from tahqiq.ingest import read_all
        from tahqiq.ingest.pipeline import BatchWriter
        from tahqiq.provenance.index import ensure_index

        summary = IngestSummary()
        pending: list[ArticleInput] = []
        indexed = 0  # written articles when the lexical index last caught up
        with BatchWriter(self.store) as writer:
            for result in read_all(paths, outlet=outlet, stdin=stdin, refuse=self.store.files()):
                summary.skipped.extend(result.skipped)
                summary.warnings.extend(result.warnings)
                pending.extend(result.articles)
                if progress is not None:
                    progress(len(result.articles) + len(result.skipped), result.source)
                if len(pending) >= BATCH_SIZE:
                    self._count(writer.put(pending), summary)
                    pending = []
                    if writer.written - indexed >= LEXINDEX_CATCH_UP_ARTICLES:
                        # Committed batches join the derived search index (tahqiq.store.lexindex).
                        lexindex.catch_up(self.store)
                        indexed = writer.written
            if pending:
                self._count(writer.put(pending), summary)
            self._count(writer.finish(), summary)
        # The copy index's log is merged once per ingest, so checks (and their furniture look-ups)
        # read the sorted index rather than scanning the log, and reads never have to write.
        ensure_index(self.store)
        lexindex.catch_up(self.store)
        return summary

    @staticmethod
    def _count(results: list[AddResult], summary: IngestSummary) -> None:
        for result in results:
            {"added": summary.added, "duplicate": summary.duplicates, "unchanged": summary.unchanged}[
                result.outcome
            ].append(result.article_id)

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Articles matching ``query`` by BM25 over normalized stems, with their best sentences."""
        return search(self.store, validate_claim(query), limit=limit)

    def index(
        self, *, semantic: bool = True, rebuild: bool = False, progress: IndexProgress | None = None
    ) -> IndexSummary:
        """Catch the search indexes up with the store: the lexical index, and with ``semantic``
        the passage vectors of every article that lacks them (:mod:`tahqiq.retrieve.build`)."""
        from tahqiq.retrieve.build import build_indexes

        embedder = None
        if semantic:
            from tahqiq.stance.embeddings import load_embedder

            embedder = load_embedder()
        return build_indexes(self.store, embedder, rebuild=rebuild, progress=progress)

    def candidates(self, claim: str, depth: int = RERANK_DEPTH) -> list[SearchHit]:
        """The ranking ``check`` weighs the top of: BM25 and passage vectors fused, then re-ranked."""
        return ranked_candidates(self.store, validate_claim(claim), depth=depth)

    def check(self, claim: str, *, limit: int = 10) -> CheckReport:
        """Check ``claim`` against the store: stances, rationales, copy links and a verdict."""
        return check_claim(self.store, claim, self.stance_model, limit=limit)

    def article(self, article_id: int) -> Article:
        """The stored article with this id (raises :class:`~tahqiq.errors.ArticleNotFound`)."""
        return self.store.get(article_id)

    def sentences(self, article: Article) -> list[Sentence]:
        return self.store.sentences(article)

    def quotes(self, article_id: int) -> ArticleSpeech:
        """Who said what in one article: reported statements and the sources it cites."""
        from tahqiq.provenance.attribution import extract_attributions
        from tahqiq.provenance.gazetteer import default_gazetteer
        from tahqiq.provenance.origins import primary_source
        from tahqiq.provenance.quotes import extract_quotes

        article = self.store.get(article_id)
        sentences = self.store.sentences(article)
        gazetteer = default_gazetteer()
        quotes = extract_quotes(article.text, sentences, gazetteer)
        attributions = extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
        return ArticleSpeech(
            article, tuple(quotes), tuple(attributions), primary_source(attributions, quotes)
        )

    def reuse(self, article_id: int) -> ReuseReport:
        """Articles sharing copied passages with ``article_id``, through the store-wide copy index."""
        from tahqiq.provenance.reuse import reuse

        return reuse(self.store, article_id)

    def stories(self, *, min_articles: int = 2, limit: int | None = 20) -> list[Story]:
        """Events across outlets and dates, with their central claims and who asserts or denies them."""
        from tahqiq.provenance.stories import stories

        return stories(self.store, min_articles=min_articles, limit=limit)

    def stats(self) -> dict[str, int]:
        return self.store.stats()


def open(path: str | os.PathLike[str] | None = None, *, stance_model: StanceModel | None = None) -> Tahqiq:
    """Open (creating if needed) the store at ``path`` (default ``$TAHQIQ_DB`` or ``./tahqiq.db``)."""
    return Tahqiq(Store.open(path), stance_model)


__all__ = ["IngestSummary", "IngestWarning", "Skipped", "Tahqiq", "open"]
