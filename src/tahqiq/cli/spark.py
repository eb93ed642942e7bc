"""``tahqiq spark``: the archive jobs (:mod:`tahqiq.archive`) from the command line.

``ingest`` analyses files with Spark and loads the store, ``copies`` finds the archive's copy
pairs with a fingerprint join, ``stories`` clusters the store into stories; each writes its
results to the store, and ``copies`` and ``stories`` print what they kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from tahqiq.cli import DbOption, JsonOption, QuietOption, _print_summary, app, err, opened, out, write_json

spark_app = typer.Typer(
    name="spark",
    help="Archive jobs on Apache Spark: ingest an archive, find its copies and stories.",
    no_args_is_help=True,
)
app.add_typer(spark_app)

ParquetOption = Annotated[
    str | None,
    typer.Option(
        "--parquet", help="Folder or URI of the archive's Parquet (default: the store path + .archive)."
    ),
]
MasterOption = Annotated[
    str | None, typer.Option("--master", help="Spark master, e.g. spark://host:7077 (default local[2]).")
]


@contextmanager
def job_errors() -> Iterator[None]:
    """Spark's and tahqiq's errors as one line and exit status 1, never a Java stack trace."""
    from tahqiq.errors import TahqiqError

    try:
        yield
    except TahqiqError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except Exception as exc:  # pyspark's and py4j's errors carry the JVM's trace in their text
        if not type(exc).__module__.startswith(("pyspark", "py4j")):
            raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        err.print(f"[red]error:[/red] Spark job failed: {first[:300]}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@spark_app.command("ingest")
def spark_ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or URIs Spark can read.")],
    db: DbOption = None,
    parquet: ParquetOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for articles that don't name one.")] = None,
    master: MasterOption = None,
    quiet: QuietOption = False,
) -> None:
    """Analyse an archive with Spark, keep it as Parquet, and load the store as `tahqiq ingest` would.

    Example: tahqiq spark ingest archive/ --db archive.db
    """
    from tahqiq.archive.ingest import default_parquet, ingest_archive
    from tahqiq.archive.session import spark_session

    with job_errors(), opened(db) as tq:
        spark = spark_session(master)
        done = ingest_archive(spark, tq, inputs, parquet or default_parquet(tq.store.path), outlet=outlet)
        if not quiet:
            err.print(
                f"{done.sources} sources analysed in {done.analyse_seconds:.1f}s, loaded in "
                f"{done.load_seconds:.1f}s; Parquet: {done.parquet} (run {done.run})",
                highlight=False,
                soft_wrap=True,
            )
        _print_summary(done.summary, tq.store.path)


@spark_app.command("copies")
def spark_copies(
    db: DbOption = None,
    parquet: ParquetOption = None,
    master: MasterOption = None,
    limit: Annotated[int, typer.Option(min=0, help="Copy pairs to print, most copied words first.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Find the copy pairs of the whole archive (a fingerprint join) and keep them in the store.

    Example: tahqiq spark copies --db archive.db
    """
    from tahqiq.archive.copies import copies_job
    from tahqiq.archive.ingest import default_parquet
    from tahqiq.archive.session import spark_session

    with job_errors(), opened(db) as tq:
        spark = spark_session(master)
        found = copies_job(spark, tq.store, parquet or default_parquet(tq.store.path))
        pairs = tq.archive_copies(limit=limit)
    if as_json:
        write_json(pairs)
        return
    out.print(
        f"{found.copies} copy pairs of {found.candidates} candidate pairs among {found.articles} articles "
        f"({found.common_hashes} boilerplate hashes left out)",
        soft_wrap=True,
    )
    if pairs:
        table = Table("article", "article", "shared hashes", "copied words", "passages")
        for p in pairs:
            table.add_row(
                f"#{p.article_a}", f"#{p.article_b}", str(p.shared_hashes), str(p.words), str(p.passages)
            )
        out.print(table)


@spark_app.command("stories")
def spark_stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Stories to keep, largest first.")] = 200,
    min_articles: Annotated[int, typer.Option(min=1, help="Smallest story size.")] = 2,
    show: Annotated[int, typer.Option(min=0, help="Stories to print.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Cluster the store into stories and keep them, so the desk reads them without recomputing.

    Example: tahqiq spark stories --db archive.db
    """
    from tahqiq.archive.stories import stories_job
    from tahqiq.report.terminal import rtl

    with job_errors(), opened(db) as tq:
        found = stories_job(tq.store, limit=limit, min_articles=min_articles)
    if as_json:
        write_json(found[:show])
        return
    out.print(f"{len(found)} stories of {min_articles} or more articles kept", soft_wrap=True)
    for story in found[:show]:
        out.print(
            f"story {story.id}: {rtl(story.title)} — {len(story.articles)} articles, "
            f"{len(story.outlets)} outlets, {story.first_report or '?'} → {story.last_report or '?'}",
            highlight=False,
            soft_wrap=True,
        )
