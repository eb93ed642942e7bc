"""Readers for the ANS corpus (Khouja, FEVER 2020): headline stance pairs and claim-only factuality.

``stance``: CSV ``s1,s2,stance`` with s1 the claim, s2 a one-sentence "article" and stance one
of agree/disagree/other. ``claim``: CSV ``claim_s,fake_flag`` where 1 marks a fake claim, so
``fact`` is True exactly when the flag is 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tahqiq.evaluation.records import EvalPair
from tahqiq.evaluation.source import csv_records, dataset_error

ANS_STANCES: tuple[str, ...] = ("agree", "disagree", "other")


def read_ans_stance(path: str | Path) -> Iterator[EvalPair]:
    """Pairs of an ANS stance CSV; a bad header, row or label raises DatasetError at its line."""
    stem = Path(path).stem
    for line, (claim, article, stance) in csv_records(path, ("s1", "s2", "stance")):
        label = stance.strip().lower()
        if label not in ANS_STANCES:
            raise dataset_error(
                path, f"unknown stance {stance!r}; expected one of {', '.join(ANS_STANCES)}", line
            )
        yield EvalPair(
            claim=claim,
            article=article,
            stance=label,
            rationale=(),
            claim_id=f"{stem}:{line}",
            fact=None,
            source=f"{path}:{line}",
        )


def read_ans_claim(path: str | Path) -> Iterator[EvalPair]:
    """Claims of an ANS claim CSV as article-less pairs with ``fact`` set from ``fake_flag``."""
    stem = Path(path).stem
    for line, (claim, flag) in csv_records(path, ("claim_s", "fake_flag")):
        if flag.strip() not in ("0", "1"):
            raise dataset_error(path, f"fake_flag must be 0 or 1, got {flag!r}", line)
        yield EvalPair(
            claim=claim,
            article="",
            stance=None,
            rationale=(),
            claim_id=f"{stem}:{line}",
            fact=flag.strip() == "0",
            source=f"{path}:{line}",
        )
