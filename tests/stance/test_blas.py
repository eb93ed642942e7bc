"""BLAS runs single-threaded once tahqiq checks a claim, without any environment variable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tahqiq.stance.blas import current_blas_threads
from tests.conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES

ROOT = Path(__file__).resolve().parents[2]

# A fresh process per case: the limit is process-wide and set once, so this test process,
# which has run other checks already, cannot show the before and after.
_SCRIPT = textwrap.dedent(
    """
    import sys
    from threadpoolctl import threadpool_limits
    import tahqiq
    from tahqiq.stance import blas, load_model
    from tahqiq.stance.blas import current_blas_threads

    if sys.argv[2] == "unlimited":
        blas.BLAS_THREADS = None
    threadpool_limits(2, user_api="blas")  # what OpenBLAS starts with on a 2-core machine
    before = current_blas_threads()
    with tahqiq.open(sys.argv[1], stance_model=load_model("fast")) as tq:
        tq.ingest(sys.argv[4:])
        report = tq.check(sys.argv[3])
    print(len(report.evidence), before, current_blas_threads())
    """
)


def _run(db: Path, mode: str) -> str:
    files = [str(EXAMPLES / name) for name in SEED_FILES]
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(db), mode, SAMPLE_CLAIM, *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def _blas_visible() -> None:
    if not current_blas_threads():
        pytest.skip("numpy is not linked against a BLAS that threadpoolctl can see")


def test_a_check_leaves_blas_with_one_thread(tmp_path: Path) -> None:
    assert _run(tmp_path / "a.db", "limited") == "5 [2] [1]"


def test_blas_threads_none_leaves_blas_alone(tmp_path: Path) -> None:
    assert _run(tmp_path / "b.db", "unlimited") == "5 [2] [2]"
