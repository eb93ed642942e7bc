"""The archive jobs as one file for ``spark-submit``, where no ``tahqiq`` command is installed.

Example::

    spark-submit --master spark://head:7077 src/tahqiq/archive/job.py \\
        hdfs:///news/2015/ hdfs:///news/2016/ --db postgresql://desk@db/tahqiq \\
        --parquet hdfs:///tahqiq/archive --copies --stories

The master, executors and memory come from spark-submit; the job ingests ``INPUT...`` (nothing
when none is given), then with ``--copies`` finds the archive's copy pairs and with ``--stories``
its stories, each written to the store. Exit status 1 with one line on stderr when the store
cannot be opened or a job fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tahqiq.api import open as open_store
from tahqiq.archive.copies import copies_job
from tahqiq.archive.ingest import default_parquet, ingest_archive
from tahqiq.archive.session import spark_session
from tahqiq.archive.stories import DEFAULT_STORIES, stories_job
from tahqiq.errors import TahqiqError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="job.py", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="files, folders, globs or URIs Spark can read")
    parser.add_argument("--db", required=True, help="the store: a SQLite path or a postgresql:// URL")
    parser.add_argument("--parquet", help="where the analysed articles are kept (default DB.archive)")
    parser.add_argument("--outlet", help="outlet name for articles that do not name one")
    parser.add_argument("--copies", action="store_true", help="find the archive's copy pairs")
    parser.add_argument("--stories", action="store_true", help="cluster the store into stories")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[2])")
    args = parser.parse_args(argv)
    try:
        parquet = args.parquet or default_parquet(args.db)
        spark = spark_session(args.master)
        with open_store(args.db) as tq:
            if args.inputs:
                done = ingest_archive(spark, tq, args.inputs, parquet, outlet=args.outlet)
                s = done.summary
                print(
                    f"{len(s.added)} added, {len(s.duplicates)} duplicates, {len(s.unchanged)} already "
                    f"stored, {len(s.skipped)} skipped from {done.sources} sources → {tq.store.path}"
                )
                for skipped in s.skipped:
                    print(f"skipped {skipped.source}: {skipped.reason}", file=sys.stderr)
            if args.copies:
                found = copies_job(spark, tq.store, parquet)
                print(f"{found.copies} copy pairs, {found.candidates} candidates, {found.articles} articles")
            if args.stories:
                print(f"{len(stories_job(tq.store, limit=DEFAULT_STORIES))} stories kept")
    except TahqiqError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
