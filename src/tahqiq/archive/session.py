"""The Spark session of the archive jobs: local mode by default, any cluster by ``--master``.

Settings are the ones a job needs wherever it runs: scratch folders and the SQL warehouse under
one temporary folder (Spark leaves files behind otherwise, in the working directory), no web UI,
logging at WARN so a job's own lines stay readable, and in local mode the loopback address, so a
laptop without a network (or with one that resolves its host name oddly) still runs.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from tahqiq.errors import TahqiqError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"  # the development laptop's two cores; a cluster passes --master
#: Partitions per core for the ingest's sources: a few per core, so one slow file (a large JSON
#: Lines export) does not leave the other cores idle at the end of a stage.
PARTITIONS_PER_CORE = 4


class SparkUnavailable(TahqiqError):
    """pyspark or a Java runtime is missing: the archive jobs need both (``pip install tahqiq[scale]``)."""


def spark_available() -> str | None:
    """None when pyspark and Java are installed; otherwise the one-line reason they are not."""
    if find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'tahqiq[scale]')"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin", "java").exists()):
        return "no Java runtime found (install OpenJDK 17, or set JAVA_HOME)"
    return None


def spark_session(
    master: str | None = None, *, scratch: str | os.PathLike[str] | None = None
) -> SparkSession:
    """The session the archive jobs run in; ``master`` None keeps what spark-submit configured,
    else ``local[2]``.

    :raises SparkUnavailable: pyspark or Java is missing.
    """
    missing = spark_available()
    if missing is not None:
        raise SparkUnavailable(missing)
    from pyspark.sql import SparkSession

    # Tasks run in this interpreter (its environment holds tahqiq) unless the cluster says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    folder = Path(scratch) if scratch is not None else Path(tempfile.mkdtemp(prefix="tahqiq-spark-"))
    folder.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.appName("tahqiq-archive")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit, which set the master
    if master is not None or not submitted:
        chosen = master or DEFAULT_MASTER
        builder = builder.master(chosen)
        if chosen.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = (
                builder.config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                # Spark's default of 200 shuffle partitions is sized for a cluster: on a laptop each
                # join and count then runs 200 tiny tasks, and the copy job took minutes on 70 articles.
                .config("spark.sql.shuffle.partitions", str(PARTITIONS_PER_CORE * _local_cores(chosen)))
            )
    session = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.local.dir", str(folder / "local"))
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        # A corrupt or vanished file fails its read task; the job goes on and reports it.
        .config("spark.sql.files.ignoreCorruptFiles", "true")
        .config("spark.sql.files.ignoreMissingFiles", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    return session


def _local_cores(master: str) -> int:
    """The cores a ``local[N]`` (or ``local[*]``, ``local``) master runs on."""
    inside = master.partition("[")[2].partition("]")[0].split(",")[0]
    if inside.isdigit():
        return max(1, int(inside))
    return os.cpu_count() or 1 if inside == "*" else 1
