"""Ingest an archive with Spark: read and analyse in tasks, keep Parquet, load the store in order.

Three steps, so each runs where it belongs:

1. The driver lists the sources as the single-process ingest does
   (:func:`tahqiq.ingest.iter_sources` for local and shared-folder paths, in the same order;
   Spark's own listing for ``hdfs://``, ``s3a://`` and other URIs, sorted by path).
2. Tasks read each source with the single-process readers (:func:`tahqiq.ingest.readers.read_path`,
   or :func:`~tahqiq.ingest.readers.read_bytes` on the bytes Spark read from a URI) and analyse each
   article with :func:`tahqiq.ingest.analysis.analyse_text`: content hash, sentences, stems,
   fingerprints, persuasion spans. One row per article, skip or warning goes to Parquet
   (``PARQUET/ingest/run=RUN``), with the source's position so the load keeps the read order.
3. The driver reads the rows back in that order and writes them with
   :meth:`~tahqiq.store.Store.add_batch`, batch by batch, and ends as
   :meth:`tahqiq.api.Tahqiq.ingest` ends (indexes, outlet profiles, alerts). Each loaded
   article's id is kept beside its content hash (``PARQUET/loaded/run=RUN``) for the copy job.

Embeddings are not computed: the single-process ingest does not compute them either
(``tahqiq index`` adds passage vectors afterwards).

A file a reader fails on is reported as a skip and the rest of the job goes on: every source is
read inside its own ``try`` in the task, and a file Spark cannot read at all (a corrupt block, a
file gone since the listing) is skipped by Spark (``ignoreCorruptFiles``) and reported here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from tahqiq.api import BATCH_SIZE, LEXINDEX_CATCH_UP_ARTICLES, Tahqiq
from tahqiq.errors import InputError
from tahqiq.ingest.analysis import TextAnalysis, analyse_text
from tahqiq.ingest.readers import REFUSED, read_bytes, read_path, refusal
from tahqiq.ingest.result import ReadResult
from tahqiq.ingest.sources import READABLE_SUFFIXES, iter_sources
from tahqiq.records import ArticleInput, IngestSummary, IngestWarning, Skipped
from tahqiq.store import lexindex
from tahqiq.store.pipeline import write_analysed

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

ROW_SCHEMA = (
    "source_index long, seq long, kind string, source string, message string, title string, "
    "text string, url string, outlet string, published string, language string, metadata string, "
    "warnings array<string>, content_hash string, sentence_starts array<int>, sentence_ends array<int>, "
    "title_stems string, body_stems string, fingerprints array<long>, techniques string, "
    "loaded_sentences int"
)
LOADED_SCHEMA = "content_hash string, article_id long"
#: Loaded ids written to Parquet at once: a few megabytes of driver memory per write.
LOADED_FLUSH = 100_000
UNREADABLE = "cannot read: Spark could not read this file (corrupt, or gone since it was listed)"

Row = tuple[Any, ...]


@dataclass(frozen=True)
class ArchiveIngest:
    """What an archive ingest did: the store's outcomes, where its Parquet is, and its timings."""

    summary: IngestSummary
    run: str
    parquet: str
    sources: int
    analyse_seconds: float
    load_seconds: float


def at(parquet: str, *parts: str) -> str:
    """A folder under the Parquet root, which may be a URI (``hdfs://...``) that Path would mangle."""
    return "/".join([parquet.rstrip("/"), *parts])


def is_uri(path: str) -> bool:
    """Whether ``path`` is a URI only Spark can list (``hdfs://``, ``s3a://``), not a local path."""
    scheme = urlsplit(path).scheme
    return len(scheme) > 1 and scheme != "file"  # one letter is a Windows drive


def local_path(path: str) -> str:
    """A ``file:`` URI as the plain path the single-process ingest would have been given."""
    return unquote(urlsplit(path).path) if path.startswith("file:") else path


# --- on the executors ------------------------------------------------------------------------------


def analyse_sources(sources: Iterable[tuple[int, str, bytes | None]], outlet: str | None) -> Iterator[Row]:
    """Rows for each ``(position, source, bytes or None)``: its articles, analysed, and its skips and
    warnings. A source given without bytes is a path this machine can read."""
    for index, source, content in sources:
        seq = 0
        try:
            results: Iterable[ReadResult] = (
                read_path(source, outlet=outlet)
                if content is None
                else [read_bytes(bytes(content), source, outlet=outlet)]
            )
            for result in results:
                for row in _result_rows(index, seq, result):
                    yield row
                    seq += 1
        except Exception as exc:
            yield _report(index, seq, "skip", source, f"cannot read: {type(exc).__name__}: {exc}")


def _result_rows(index: int, seq: int, result: ReadResult) -> Iterator[Row]:
    for article in result.articles:
        yield _article_row(index, seq, article, analyse_text(article.text, article.title))
        seq += 1
    for skipped in result.skipped:
        yield _report(index, seq, "skip", skipped.source, skipped.reason)
        seq += 1
    for warning in result.warnings:
        yield _report(index, seq, "warning", warning.source, warning.message)
        seq += 1


def _article_row(index: int, seq: int, a: ArticleInput, t: TextAnalysis) -> Row:
    return (
        index,
        seq,
        "article",
        a.source,
        None,
        a.title,
        a.text,
        a.url,
        a.outlet,
        a.published,
        a.language,
        json.dumps(a.metadata, ensure_ascii=False, default=str),
        list(a.warnings),
        t.content_hash,
        [s for s, _ in t.sentences],
        [e for _, e in t.sentences],
        t.title_stems,
        t.body_stems,
        list(t.fingerprints),
        json.dumps(t.techniques, ensure_ascii=False),
        t.loaded_sentences,
    )


def _report(index: int, seq: int, kind: str, source: str, message: str) -> Row:
    return (index, seq, kind, source, message, *([None] * 16))


# --- on the driver ---------------------------------------------------------------------------------


def list_sources(spark: SparkSession, inputs: Sequence[str]) -> tuple[list[str], DataFrame | None]:
    """Local sources in the single-process order, and the files of the URIs as (path, content).

    A source that is the store's own file is listed too, and refused by the caller.
    """
    local = [local_path(p) for p in inputs if not is_uri(p)]
    uris = [p for p in inputs if is_uri(p)]
    sources = list(iter_sources(local, stdin=None)) if local else []
    if not uris:
        return sources, None
    frames = []
    for uri in uris:
        try:
            found = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
        except Exception:
            sources.append(uri)  # read by the task as a missing path: the single-process skip line
            continue
        frames.append(found.select("path", "content"))
    if not frames:
        return sources, None
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    return sources, frame


def analyse_archive(
    spark: SparkSession,
    inputs: Sequence[str],
    parquet: str,
    *,
    run: str,
    outlet: str | None = None,
    refuse: Sequence[str] = (),
) -> int:
    """Read and analyse ``inputs`` in Spark tasks into ``parquet``/ingest/run=``run``; how many sources."""
    sc = spark.sparkContext
    sources, uri_files = list_sources(spark, inputs)
    is_refused = refusal(refuse)
    refused = [(i, s) for i, s in enumerate(sources) if is_refused(s)]
    wanted = [(i, s, None) for i, s in enumerate(sources) if not is_refused(s)]
    slices = max(1, min(len(wanted), sc.defaultParallelism * 4))
    rows = sc.parallelize(wanted, slices).mapPartitions(lambda part: analyse_sources(part, outlet))
    reports = [_report(i, 0, "skip", s, REFUSED) for i, s in refused]
    count = len(sources)
    if uri_files is not None:
        listed = sorted(str(r[0]) for r in uri_files.select("path").collect())
        listed = [p for p in listed if Path(urlsplit(p).path).suffix.lower() in READABLE_SUFFIXES]
        positions = {p: count + n for n, p in enumerate(listed)}
        count += len(listed)
        read = uri_files.rdd.filter(lambda r: r[0] in positions).map(
            lambda r: (positions[r[0]], str(r[0]), bytes(r[1]))
        )
        rows = rows.union(read.mapPartitions(lambda part: analyse_sources(part, outlet)))
    frame = spark.createDataFrame(rows, ROW_SCHEMA)
    if reports:
        frame = frame.unionByName(spark.createDataFrame(reports, ROW_SCHEMA))
    frame.write.mode("overwrite").parquet(at(parquet, "ingest", f"run={run}"))
    if uri_files is not None:
        _report_unread(spark, parquet, run, positions)
    return count


def _report_unread(spark: SparkSession, parquet: str, run: str, positions: dict[str, int]) -> None:
    """Add a skip row for each listed URI file that Spark could not read (no rows came from it)."""
    target = at(parquet, "ingest", f"run={run}")
    seen = {int(r[0]) for r in spark.read.parquet(target).select("source_index").distinct().collect()}
    missing = [_report(i, 0, "skip", p, UNREADABLE) for p, i in positions.items() if i not in seen]
    if missing:
        spark.createDataFrame(missing, ROW_SCHEMA).write.mode("append").parquet(target)


def load_archive(
    spark: SparkSession, tq: Tahqiq, parquet: str, *, run: str, batch_size: int = BATCH_SIZE
) -> IngestSummary:
    """Write the rows of one run into ``tq``'s store in read order, ``batch_size`` articles per
    transaction, as the single-process ingest writes them; the ids loaded go to Parquet too.

    The ingest's last steps are :meth:`tahqiq.api.Tahqiq.ingest`'s: the copy and lexical indexes
    catch up, outlet profiles are refreshed, and the new articles are matched against the saved
    claims (alerts), so the store ends as the single-process ingest leaves it.
    """
    store = tq.store
    frame = spark.read.parquet(at(parquet, "ingest", f"run={run}")).orderBy("source_index", "seq")
    outcomes: dict[str, list[int]] = {"added": [], "duplicate": [], "unchanged": []}
    skipped: list[Skipped] = []
    warnings: list[IngestWarning] = []
    loaded: list[tuple[str, int]] = []
    items: list[ArticleInput] = []
    analyses: list[TextAnalysis] = []
    written = indexed = 0

    def flush() -> None:
        nonlocal written, indexed
        if not items:
            return
        results = write_analysed(store, items, analyses)
        for analysis, result in zip(analyses, results, strict=True):
            outcomes[result.outcome].append(result.article_id)
            loaded.append((analysis.content_hash, result.article_id))
        written += len(items)
        items.clear()
        analyses.clear()
        if written - indexed >= LEXINDEX_CATCH_UP_ARTICLES:
            lexindex.catch_up(store)
            indexed = written
        if len(loaded) >= LOADED_FLUSH:
            _write_loaded(spark, parquet, run, loaded)

    for row in frame.toLocalIterator(prefetchPartitions=True):
        kind = row["kind"]
        if kind == "skip":
            skipped.append(Skipped(row["source"], row["message"]))
        elif kind == "warning":
            warnings.append(IngestWarning(row["source"], row["message"]))
        else:
            item, analysis = _from_row(row)
            items.append(item)
            analyses.append(analysis)
            if len(items) >= batch_size:
                flush()
    flush()
    _write_loaded(spark, parquet, run, loaded)
    return tq.finish_ingest(
        IngestSummary(
            added=tuple(outcomes["added"]),
            duplicates=tuple(outcomes["duplicate"]),
            unchanged=tuple(outcomes["unchanged"]),
            skipped=tuple(skipped),
            warnings=tuple(warnings),
        )
    )


def _from_row(row: Any) -> tuple[ArticleInput, TextAnalysis]:
    item = ArticleInput(
        text=row["text"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        outlet=row["outlet"],
        published=row["published"],
        language=row["language"],
        metadata=json.loads(row["metadata"]),
        warnings=tuple(row["warnings"] or ()),
    )
    analysis = TextAnalysis(
        content_hash=row["content_hash"],
        sentences=tuple(zip(row["sentence_starts"], row["sentence_ends"], strict=True)),
        title_stems=row["title_stems"],
        body_stems=row["body_stems"],
        fingerprints=tuple(row["fingerprints"]),
        techniques=tuple(tuple(t) for t in json.loads(row["techniques"])),
        loaded_sentences=row["loaded_sentences"],
    )
    return item, analysis


def _write_loaded(spark: SparkSession, parquet: str, run: str, loaded: list[tuple[str, int]]) -> None:
    if loaded:
        target = at(parquet, "loaded", f"run={run}")
        spark.createDataFrame(loaded, LOADED_SCHEMA).write.mode("append").parquet(target)
        loaded.clear()


def default_parquet(db: str) -> str:
    """Where an archive's Parquet goes unless told: beside a SQLite store (``DB.archive``).

    :raises InputError: the store is a URL (a server's database), which has no folder beside it.
    """
    if is_uri(db):
        raise InputError("a store given as a URL needs --parquet DIR for the archive's Parquet files")
    return db + ".archive"


def new_run() -> str:
    """A run's name: its UTC start time, sortable, safe in a path and a Parquet partition value."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"


def ingest_archive(
    spark: SparkSession,
    tq: Tahqiq,
    inputs: Sequence[str],
    parquet: str,
    *,
    outlet: str | None = None,
) -> ArchiveIngest:
    """Analyse ``inputs`` with Spark into ``parquet`` and load them into ``tq``'s store (see the module)."""
    run = new_run()
    started = time.perf_counter()
    sources = analyse_archive(spark, inputs, parquet, run=run, outlet=outlet, refuse=tq.store.files())
    analysed = time.perf_counter()
    summary = load_archive(spark, tq, parquet, run=run)
    return ArchiveIngest(summary, run, parquet, sources, analysed - started, time.perf_counter() - analysed)
