"""The Python API: one object per store, one method per CLI command.

Example::

    import tahqiq
    with tahqiq.open("tahqiq.db") as tq:
        tq.ingest(["examples/"])
        report = tq.check("القوات الأمريكية تدرب منشقين عن داعش في الحسكة")
        print(report.verdict.label, report.verdict.confidence)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from tahqiq.api.alerts import AlertsMixin
from tahqiq.api.archive import ArchiveResults
from tahqiq.api.outlets import OutletsMixin
from tahqiq.check import check_claim, ranked_candidates, validate_claim
from tahqiq.errors import ArticleNotFound, InputError, ReviewError
from tahqiq.records import (
    STANCES,
    Article,
    ArticleInput,
    ArticlePersuasion,
    ArticleText,
    CheckReport,
    IngestSummary,
    IngestWarning,
    SearchHit,
    Sentence,
    Skipped,
    VerdictLabel,
)
from tahqiq.records.persuasion import CheckWorthyClaim
from tahqiq.records.provenance import ArticleSpeech
from tahqiq.records.reviews import CheckSummary, DeskModel, ReviewEdit, SavedCheck, StanceReview
from tahqiq.retrieve import RERANK_DEPTH, search
from tahqiq.stance.base import StanceModel
from tahqiq.store import Store, copyindex, lexindex

if TYPE_CHECKING:
    from tahqiq.ingest.result import ReadResult
    from tahqiq.records.reuse import ReuseReport
    from tahqiq.records.stories import Story
    from tahqiq.retrieve.build import IndexSummary
    from tahqiq.retrieve.build import Progress as IndexProgress
    from tahqiq.store import AddResult

BATCH_SIZE = 200
# Articles an ingest adds to the outlet profiles itself (tahqiq.outlets.facts): their speech costs
# about 11.5 ms of CPU an article (bench_outlets.py, 20,000 articles), against about 2 ms for the
# rest of ingest (bench_ingest_check.py), so 200 adds at most ~2 s to an upload or a watch round.
OUTLET_REFRESH_INLINE = 200
#: Articles written between catch-ups of the lexical index during an ingest, and once at its end.
#: Each catch-up is a tantivy commit; one per batch took a sixth of the main process's CPU in a
#: 100,000-article ingest. Articles the index lacks meanwhile are still found: a search reads the
#: ids above the index's watermark from FTS5. Kept within what ``tahqiq.text.stem`` remembers
#: (RECENT_TEXTS, a title and a body per article), so the catch-up does not stem them again.
LEXINDEX_CATCH_UP_ARTICLES = 1_000
#: Bounds of a reviewer's edit, so a published verdict stays a verdict and not a document.
MAX_REVIEWER_CHARS = 120
MAX_VERDICT_TEXT_CHARS = 300
MAX_EXPLANATION_CHARS = 10_000
#: Saved checks, newest first, that ``claims`` compares each sentence with.
MAX_CHECKS_MATCHED = 200
#: Fewest corrected articles a desk model is fitted on: fewer cannot place four thresholds.
MIN_DESK_LABELS = 3
VERDICT_LABELS: tuple[VerdictLabel, ...] = ("supported", "refuted", "disputed", "unverified")


Progress = Callable[[int, str], None]


def default_stance_model() -> StanceModel:
    """The stance model used when none is given."""
    from tahqiq.stance import load_model

    return load_model()


class Tahqiq(AlertsMixin, ArchiveResults, OutletsMixin):
    """A store plus the models that check claims against it."""

    def __init__(self, store: Store, stance_model: StanceModel | None = None) -> None:
        self.store = store
        self._model = stance_model

    @property
    def stance_model(self) -> StanceModel:
        """The model given, else the store's newest desk model, else the shipped default.

        The store is asked each time (one small query), so a desk model trained by another
        process, such as ``tahqiq train`` beside a running server, is used by the next check.
        """
        if self._model is not None:
            return self._model
        desk = self.store.desk_models()
        return self._desk_stance(desk[0]) if desk else default_stance_model()

    def use_model(self, name: str) -> None:
        """Check with the shipped model or the store's desk model called ``name`` from now on."""
        from tahqiq.stance import load_model
        from tahqiq.stance.trained import MODEL_NAMES

        self._model = (
            load_model(name) if name in MODEL_NAMES else self._desk_stance(self.store.desk_model(name))
        )

    def desk_models(self) -> list[DeskModel]:
        """The store's desk models, newest first (the newest is what ``check`` uses by default)."""
        return self.store.desk_models()

    def train_from_reviews(self, name: str | None = None) -> DeskModel:
        """Refit the combiner's gates on the desk's stance corrections and store them as a desk model.

        Each article's latest correction is its label; its evidence is computed again from the
        saved claim and the stored sentences with the shipped pair model, which is never refitted.

        Raises:
            InputError: fewer than ``MIN_DESK_LABELS`` corrected articles, or an empty name.
        """
        labelled: dict[tuple[int, int], str] = {
            (r.check_id, r.article_id): r.stance for r in self.store.stance_reviews()
        }
        claims: dict[int, str] = {}
        rows: list[tuple[str, str, list[Sentence], str, str]] = []
        for (check_id, article_id), stance in labelled.items():
            if check_id not in claims:
                claims[check_id] = self.store.saved_check(check_id).claim
            try:
                article = self.article(article_id)
            except ArticleNotFound:
                continue
            rows.append((claims[check_id], str(check_id), self.sentences(article), article.title, stance))
        return self.train_gates(rows, name=name)

    def train_gates(
        self, rows: Sequence[tuple[str, str, list[Sentence], str, str]], *, name: str | None
    ) -> DeskModel:
        """Fit and store a desk model on rows of (claim, claim id, sentences, title, stance)."""
        import numpy as np

        from tahqiq.stance import load_model
        from tahqiq.stance.calibrate import fit_gates, gate_features
        from tahqiq.stance.trained import TrainedStance

        if len(rows) < MIN_DESK_LABELS:
            raise InputError(
                f"a desk model needs at least {MIN_DESK_LABELS} labelled articles; found {len(rows)}"
            )
        now = datetime.now(UTC).isoformat(timespec="seconds")
        name = " ".join((name or f"desk-{now[:19].replace(':', '')}").split())
        if not name or name in ("default", "fast", "rules"):
            raise InputError(f"a desk model needs a name other than {name!r}")
        base = load_model()
        if not isinstance(base, TrainedStance):
            raise InputError("a desk model refits a trained model's gates; the default model is not one")
        evidence = [base.evidence(claim, sentences, title=title) for claim, _, sentences, title, _ in rows]
        gold = np.array([STANCES.index(stance) for *_, stance in rows])
        fit = fit_gates(gate_features(evidence), gold, [cid for _, cid, *_ in rows])
        model = DeskModel(
            name, now, fit.gates.to_dict(), len(rows), "fast" if base.embedder is None else "default"
        )
        self.store.save_desk_model(model)
        return model

    @staticmethod
    def _desk_stance(model: DeskModel) -> StanceModel:
        from tahqiq.stance.trained import desk_stance

        return desk_stance(model.name, model.base, model.gates)

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
        one per core (:mod:`tahqiq.store.pipeline`), with the same result.
        """
        from tahqiq.ingest import read_all
        from tahqiq.store.pipeline import BatchWriter

        summary = _Tally()
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
                    summary.count(writer.put(pending))
                    pending = []
                    if writer.written - indexed >= LEXINDEX_CATCH_UP_ARTICLES:
                        # Committed batches join the derived search index (tahqiq.store.lexindex).
                        lexindex.catch_up(self.store)
                        indexed = writer.written
            if pending:
                summary.count(writer.put(pending))
            summary.count(writer.finish())
        return self.finish_ingest(summary.summary())

    def finish_ingest(self, summary: IngestSummary, *, lexical: bool = True) -> IngestSummary:
        """What every ingest ends with, whoever wrote its batches (this process, an upload, the
        Spark load): the copy index's log is merged, so checks (and their furniture look-ups) read
        the sorted index rather than scanning the log and reads never have to write; the lexical
        index catches up (with ``lexical``); outlet profiles take the new articles; and the new
        articles are matched against the saved claims (alerts). Returns ``summary`` unchanged.

        Outlet profiles are brought up to date here only while at most ``OUTLET_REFRESH_INLINE``
        articles wait for them: reading an article's speech for its profile costs several times
        the rest of its ingest, so a large ingest leaves them to ``tahqiq index`` (which reads it
        in worker processes), and a profile read meanwhile says how many articles it lacks."""
        copyindex.catch_up(self.store)
        if lexical:
            lexindex.catch_up(self.store)
        if self.store.outlet_stale() <= OUTLET_REFRESH_INLINE:
            self.refresh_outlets()
        return self.after_ingest(summary)

    def read_files(
        self, files: Sequence[tuple[str, bytes | BinaryIO]], *, outlet: str | None = None
    ) -> list[ReadResult]:
        """Read articles from ``(name, bytes or binary file)`` pairs, as ingest reads files, storing nothing.

        The name's suffix picks the format and is the ``source`` the articles record.
        """
        from tahqiq.ingest import read_bytes

        return [read_bytes(data, name, outlet=outlet) for name, data in files]

    def read_record(
        self, record: Mapping[str, Any], *, source: str, outlet: str | None = None
    ) -> ArticleInput:
        """One article from a JSON object with the fields of a ``.jsonl`` line (``text``/``body``,
        ``title``, ``url``, ``outlet``, ``date``; other keys kept as metadata), storing nothing.

        Raises:
            InputError: the object has no article text, or a field of the wrong type.
        """
        from tahqiq.ingest.jsonrecords import record_article

        return record_article(record, source=source, outlet=outlet)

    def add_articles(
        self, articles: Sequence[ArticleInput], *, warnings: Sequence[IngestWarning] = ()
    ) -> IngestSummary:
        """Store ``articles`` in one transaction, all or none, and bring the copy index up to date.

        For a batch already read and checked whole (an upload); :meth:`ingest` reads and writes
        paths in batches instead.
        """
        summary = _Tally()
        summary.warnings.extend(warnings)
        summary.count(self.store.add_batch(articles))
        return self.finish_ingest(summary.summary(), lexical=False)

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Articles matching ``query`` by BM25 over normalized stems, with their best sentences."""
        return search(self.store, validate_claim(query), limit=limit)

    def index(
        self, *, semantic: bool = True, rebuild: bool = False, progress: IndexProgress | None = None
    ) -> IndexSummary:
        """Catch the indexes up with the store: the copy index (articles stored before it existed),
        the lexical index, and with ``semantic`` the passage vectors of every article that lacks
        them (:mod:`tahqiq.retrieve.build`)."""
        from tahqiq.retrieve.build import build_indexes

        self.index_copies()
        self.index_persuasion()
        self.refresh_outlets()
        embedder = None
        if semantic:
            from tahqiq.stance.embeddings import load_embedder

            embedder = load_embedder()
        return build_indexes(self.store, embedder, rebuild=rebuild, progress=progress)

    def index_copies(self) -> int:
        """Bring the copy index up to date (fingerprint articles stored before it existed, merge
        the log); how many articles were fingerprinted. Ingest does this itself; a store made by
        an older tahqiq needs it once before ``reuse`` and ``stories`` can read it."""
        return copyindex.catch_up(self.store)

    def candidates(self, claim: str, depth: int = RERANK_DEPTH) -> list[SearchHit]:
        """The ranking ``check`` weighs the top of: BM25 and passage vectors fused, then re-ranked."""
        return ranked_candidates(self.store, validate_claim(claim), depth=depth)

    def check(self, claim: str, *, limit: int = 10) -> CheckReport:
        """Check ``claim`` against the store: stances, rationales, copy links and a verdict.

        The report's ``persuasion`` extra gives each evidence article's loaded-language share and
        top techniques, as stored at ingest (articles not analysed yet are left out).
        """
        report = check_claim(self.store, claim, self.stance_model, limit=limit)
        found = self.persuasion([e.article.id for e in report.evidence])
        summary = {
            str(aid): {
                "loaded_share": round(p.loaded_share, 4),
                "loaded_sentences": p.loaded_sentences,
                "sentences": p.sentences,
                "top_techniques": [{"technique": t, "spans": n} for t, n in p.top_techniques()],
            }
            for aid, p in found.items()
        }
        return dataclasses.replace(report, extra={**report.extra, "persuasion": summary})

    def article(self, article_id: int) -> Article:
        """The stored article with this id (raises :class:`~tahqiq.errors.ArticleNotFound`)."""
        return self.store.get(article_id)

    def show(self, article_id: int) -> ArticleText:
        """The article with this id, its numbered sentences and its persuasion-technique spans
        (None for an article stored before they were kept, until ``tahqiq index``); raises
        ``ArticleNotFound``."""
        article = self.store.get(article_id)
        return ArticleText(
            article, tuple(self.store.sentences(article)), self.persuasion([article_id]).get(article_id)
        )

    def persuasion(self, ids: Sequence[int]) -> dict[int, ArticlePersuasion]:
        """The stored persuasion spans of these articles; those not analysed yet are left out."""
        from tahqiq.store import persuasion

        return persuasion.read(self.store, ids)

    def index_persuasion(self) -> int:
        """Find and store the persuasion spans of articles stored before ingest kept them; how many."""
        from tahqiq.store import persuasion

        return persuasion.backfill(self.store)

    def claims(
        self,
        article_id: int | None = None,
        *,
        story: int | None = None,
        since: str | None = None,
        limit: int = 20,
    ) -> list[CheckWorthyClaim]:
        """The most check-worthy sentences of one article, one story (by id), the articles
        published on or after ``since`` (an ISO date), or the whole store, best first; each
        with who asserts it, the outlets and origins that carry it, and the saved check of it.

        Raises:
            ArticleNotFound: no article ``article_id``.
            InputError: no story ``story``, or ``since`` is not a date.
        """
        from tahqiq.report.claims import SavedCheckRef, rank_claims

        if article_id is not None:
            articles = [self.store.get(article_id)]
        elif story is not None:
            found = next((s for s in self.stories(limit=None) if s.id == story), None)
            if found is None:
                raise InputError(f"no story {story} in {self.store.path}")
            articles = self.store.get_many([a.id for a in found.articles])
        else:
            articles = self.store.get_many(self.store.article_ids(since=_iso_date(since)))
        checks = [
            SavedCheckRef.of(c.check_id, self.store.saved_check(c.check_id).report)
            for c in self.store.recent_checks(MAX_CHECKS_MATCHED)
        ]
        return rank_claims(self.store, articles, self.quotes, checks, limit=limit)

    def articles(self, ids: Sequence[int]) -> list[Article]:
        """The stored articles with these ids, in the order given; unknown ids are left out."""
        return self.store.get_many(ids)

    def sentences(self, article: Article) -> list[Sentence]:
        return self.store.sentences(article)

    def count(self) -> int:
        """How many articles the store holds."""
        return self.store.count()

    def watermark(self) -> tuple[int, int]:
        """The store's article count and largest id: unchanged while no article is added or removed."""
        return self.store.watermark()

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

    def reuse(self, article_id: int, *, max_candidates: int | None = None) -> ReuseReport:
        """Articles sharing copied passages with ``article_id``, through the store-wide copy index.

        ``max_candidates`` bounds the articles aligned, those sharing the most fingerprints first.
        """
        from tahqiq.provenance.reuse import MAX_CANDIDATES, reuse

        return reuse(self.store, article_id, max_candidates=max_candidates or MAX_CANDIDATES)

    def stories(self, *, min_articles: int = 2, limit: int | None = 20) -> list[Story]:
        """Events across outlets and dates, with their central claims and who asserts or denies them."""
        from tahqiq.provenance.stories import stories

        return stories(self.store, min_articles=min_articles, limit=limit)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    # --- saved checks and reviews ------------------------------------------------------------------

    def save_check(self, report: CheckReport, *, keep: int = 0) -> int:
        """Keep a check report for review; its id. ``keep`` > 0 bounds the unreviewed checks kept."""
        return self.store.save_check(report, keep=keep)

    def saved_check(self, check_id: int) -> SavedCheck:
        """A saved check, its report read back (raises :class:`~tahqiq.errors.CheckNotFound`)."""
        return self.store.saved_check(check_id)

    def recent_checks(self, limit: int = 20) -> list[CheckSummary]:
        """The latest saved checks, newest first."""
        return self.store.recent_checks(limit)

    def reviews(self, check_id: int) -> list[ReviewEdit]:
        """Every edit of a saved check's verdict, oldest first (raises ``CheckNotFound``)."""
        self.store.saved_check(check_id)
        return self.store.reviews(check_id)

    def latest_review(self, check_id: int) -> ReviewEdit | None:
        """The edit that is published for a check, or None while nobody has reviewed it."""
        found = self.store.reviews(check_id)
        return found[-1] if found else None

    def review(
        self, check_id: int, *, reviewer: str, rating: str, verdict_text: str, explanation: str = ""
    ) -> ReviewEdit:
        """Record a reviewer's edit of a check's verdict, stamped with the current UTC time.

        Raises:
            CheckNotFound: no such check.
            ReviewError: an empty reviewer or verdict text, an unknown rating, a field too long.
        """
        reviewer = _clean(reviewer, "reviewer", MAX_REVIEWER_CHARS)
        verdict_text = _clean(verdict_text, "verdict_text", MAX_VERDICT_TEXT_CHARS)
        explanation = _clean(explanation, "explanation", MAX_EXPLANATION_CHARS, required=False)
        label = next((v for v in VERDICT_LABELS if v == rating), None)
        if label is None:
            raise ReviewError(f"rating must be one of {', '.join(VERDICT_LABELS)}, not {rating!r}")
        return self.store.add_review(
            check_id,
            reviewer=reviewer,
            rating=label,
            verdict_text=verdict_text,
            explanation=explanation,
            edited_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def stance_reviews(self, check_id: int) -> list[StanceReview]:
        """Every stance correction of a saved check, oldest first (raises ``CheckNotFound``)."""
        self.store.saved_check(check_id)
        return self.store.stance_reviews(check_id)

    def review_stance(self, check_id: int, article_id: int, stance: str, *, reviewer: str) -> StanceReview:
        """Record a reviewer's correction of one article's stance in a saved check, stamped with the
        current UTC time. Only an article the check weighed can be corrected: the desk model learns
        from the claim and that article's sentences, so a label on anything else would teach nothing.

        Raises:
            CheckNotFound: no such check.
            ReviewError: an empty or too long reviewer, an unknown stance, an article not in the check.
        """
        reviewer = _clean(reviewer, "reviewer", MAX_REVIEWER_CHARS)
        label = next((s for s in STANCES if s == stance), None)
        if label is None:
            raise ReviewError(f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
        saved = self.store.saved_check(check_id)
        if all(e.article.id != article_id for e in saved.report.evidence):
            raise ReviewError(f"article {article_id} is not among the articles of check {check_id}")
        return self.store.add_stance_review(
            check_id,
            article_id=article_id,
            stance=label,
            reviewer=reviewer,
            edited_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )


class _Tally:
    """The outcomes of an ingest as they come in, turned into one frozen :class:`IngestSummary`."""

    def __init__(self) -> None:
        self.outcomes: dict[str, list[int]] = {"added": [], "duplicate": [], "unchanged": []}
        self.skipped: list[Skipped] = []
        self.warnings: list[IngestWarning] = []

    def count(self, results: Sequence[AddResult]) -> None:
        for result in results:
            self.outcomes[result.outcome].append(result.article_id)

    def summary(self) -> IngestSummary:
        return IngestSummary(
            added=tuple(self.outcomes["added"]),
            duplicates=tuple(self.outcomes["duplicate"]),
            unchanged=tuple(self.outcomes["unchanged"]),
            skipped=tuple(self.skipped),
            warnings=tuple(self.warnings),
        )


def _iso_date(value: str | None) -> str | None:
    """``value`` checked to be an ISO date (YYYY-MM-DD), or None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _clean(value: str, field: str, limit: int, *, required: bool = True) -> str:
    """A review field with its white space tidied, or a :class:`ReviewError` naming the field."""
    text = " ".join(value.split()) if field != "explanation" else value.strip()
    if required and not text:
        raise ReviewError(f"{field} is empty")
    if len(text) > limit:
        raise ReviewError(f"{field} is {len(text)} characters long; the limit is {limit}")
    return text


def open(
    path: str | os.PathLike[str] | None = None,
    *,
    stance_model: StanceModel | None = None,
    readonly: bool = False,
    pooled: bool = False,
) -> Tahqiq:
    """Open (creating if needed) the store at ``path`` (default ``$TAHQIQ_DB`` or ``./tahqiq.db``).

    ``path`` may also be a PostgreSQL URL (``postgresql://user@host/dbname``): the same store in a
    database several machines share (docs/postgresql.md). With ``readonly`` the store is opened
    read-only: every read (search, check, quotes, reuse, stories) works, and nothing can be
    written. ``pooled`` (PostgreSQL only) borrows connections from the process's pool per
    statement, for a server's threads.
    """
    return Tahqiq(Store.open(path, readonly=readonly, pooled=pooled), stance_model)


__all__ = ["IngestSummary", "IngestWarning", "Skipped", "Tahqiq", "open"]
