"""The archive jobs from the command line: ``tahqiq spark ...`` and the spark-submit file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

import tahqiq
from tahqiq.archive.ingest import default_parquet
from tahqiq.archive.job import main
from tahqiq.cli import app
from tahqiq.errors import InputError
from tahqiq.fixtures import EXAMPLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.spark
runner = CliRunner()


def test_cli_and_the_spark_submit_file(spark: SparkSession, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    done = runner.invoke(app, ["spark", "ingest", str(EXAMPLES), "--db", db, "--quiet"])
    assert done.exit_code == 0, done.output
    assert "5 added" in done.output
    copies = runner.invoke(app, ["spark", "copies", "--db", db])
    assert copies.exit_code == 0, copies.output
    assert "copy pairs of" in copies.output and Path(db + ".archive", "copies").is_dir()
    # The spark-submit file runs a job alone, without inputs, on the same store.
    assert main(["--db", db, "--stories"]) == 0
    shown = runner.invoke(app, ["spark", "stories", "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    with tahqiq.open(db, readonly=True) as tq:
        assert tq.count() == 5 and tq.archive_copies()
        assert tq.archive_run("stories") is not None
        assert [s["id"] for s in json.loads(shown.output)] == [s.id for s in tq.archive_stories()]


def test_a_store_that_cannot_be_opened_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    done = runner.invoke(app, ["spark", "ingest", str(EXAMPLES), "--db", str(folder)])
    assert done.exit_code == 1
    assert "error:" in done.output and "Traceback" not in done.output
    assert main([str(EXAMPLES), "--db", str(folder)]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_a_url_store_needs_a_parquet_folder() -> None:
    assert default_parquet("/data/desk.db") == "/data/desk.db.archive"
    with pytest.raises(InputError, match="--parquet"):
        default_parquet("postgresql://desk@db/tahqiq")
