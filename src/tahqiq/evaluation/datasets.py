"""One entry point over every supported dataset format, for ``tahqiq eval`` and model training."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from tahqiq.evaluation.ans import ANS_STANCES, read_ans_claim, read_ans_stance
from tahqiq.evaluation.arastance import read_arastance
from tahqiq.evaluation.baly import read_baly, read_baly_claims, split_name
from tahqiq.evaluation.fnc import read_fnc
from tahqiq.evaluation.records import EvalClaim, EvalPair
from tahqiq.evaluation.source import split_from_name
from tahqiq.records import STANCES

FORMATS: tuple[str, ...] = ("ans-stance", "ans-claim", "arastance", "baly", "fnc")


def gold_labels(fmt: str) -> tuple[str, ...]:
    """The stance labels a format's gold data uses (empty for claim-only data)."""
    check_format(fmt)
    return ANS_STANCES if fmt == "ans-stance" else () if fmt == "ans-claim" else STANCES


def check_format(fmt: str) -> None:
    """Refuse an unknown format name with the list of known ones."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown dataset format {fmt!r}; expected one of {', '.join(FORMATS)}")


def iter_pairs(path: str | Path, fmt: str, *, bodies: str | Path | None = None) -> Iterator[EvalPair]:
    """Every (claim, article) pair of the dataset at ``path`` read as ``fmt``, in file order.

    ``bodies`` is the FNC bodies CSV when it is not beside the stances file. ``ans-claim``
    yields article-less pairs carrying only the claim and its factuality.
    """
    check_format(fmt)
    if fmt == "ans-stance":
        return read_ans_stance(path)
    if fmt == "ans-claim":
        return read_ans_claim(path)
    if fmt == "arastance":
        return read_arastance(path)
    if fmt == "baly":
        return read_baly(path)
    return read_fnc(path, bodies)


def iter_claims(path: str | Path, fmt: str, *, bodies: str | Path | None = None) -> Iterator[EvalClaim]:
    """The dataset grouped by claim: Baly claims keep claims without articles; others group runs of pairs."""
    check_format(fmt)
    if fmt == "baly":
        yield from read_baly_claims(path)
        return
    for claim_id, run in groupby(iter_pairs(path, fmt, bodies=bodies), key=lambda p: p.claim_id):
        pairs = tuple(run)
        first = pairs[0]
        kept = () if fmt == "ans-claim" else pairs
        yield EvalClaim(claim_id, first.claim, first.fact, kept, first.source)


def dataset_split(path: str | Path, fmt: str, claim_ids: set[str]) -> str | None:
    """The split name when known: from Baly's splits file, else from the file or folder name."""
    if fmt == "baly":
        named = split_name(path, claim_ids)
        if named is not None:
            return named
    return split_from_name(path)
