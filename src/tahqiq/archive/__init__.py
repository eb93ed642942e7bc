"""Archive jobs on Apache Spark: ingest an archive, find its copies and stories, load the store.

A research group's ten-year archive is tens of millions of articles, more than one process
analyses in a day. These jobs run the single-process ingest's own functions (reading, decoding,
cleaning, sentences, stems, fingerprints, persuasion spans) in Spark tasks, keep the result as
Parquet, and load it into the store through :meth:`tahqiq.store.Store.add_batch`, so an archive
ingested by Spark is the store a single process would have written. The copy pairs of the whole
archive come from a fingerprint join (as passim finds text reuse) and are kept in the store with
its stories (:mod:`tahqiq.store.archive`).

Spark is optional (the ``scale`` extra) and is imported only inside these modules' functions, so
nothing else in tahqiq needs Java or pyspark.
"""

from tahqiq.archive.session import SparkUnavailable, spark_available, spark_session

__all__ = ["SparkUnavailable", "spark_available", "spark_session"]
