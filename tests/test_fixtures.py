"""The shared fixtures: one sample claim everywhere, generated corpora that are deterministic."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tahqiq.fixtures import (
    EXAMPLES,
    SAMPLE_CLAIM,
    sample_files,
    synthetic_articles,
    synthetic_claims,
    write_jsonl,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_checks_the_sample_claim() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^CLAIM\s*\?=\s*(.+)$", makefile, re.MULTILINE)
    assert match is not None and match.group(1).strip() == SAMPLE_CLAIM


def test_the_sample_corpus_is_the_five_reports() -> None:
    assert [p.parent for p in sample_files()] == [EXAMPLES] * 5


def test_generated_corpora_are_deterministic_and_distinct(tmp_path: Path) -> None:
    first = list(synthetic_articles(30, seed=3))
    assert first == list(synthetic_articles(30, seed=3))
    assert first != list(synthetic_articles(30, seed=4))
    assert len({r["text"] for r in first}) == 30  # the serial number keeps each one distinct
    path = write_jsonl(tmp_path / "c.jsonl", first)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == first
    claims = synthetic_claims(10)
    assert claims == synthetic_claims(10) and all(6 <= len(c.split()) <= 9 for c in claims)
