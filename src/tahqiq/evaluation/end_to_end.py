"""``tahqiq eval --end-to-end``: the shipped check, run as a newsroom runs it, scored against gold.

The pair-level evaluation (:mod:`tahqiq.evaluation.runner`) hands the model each labelled
(claim, article) pair. A desk never sees pairs: it has a pile of articles and a claim. So this
evaluation puts **every** article of the dataset into one fresh store through the real ingest
(JSON Lines, the same reader a desk uses), then runs the real ``Tahqiq.check`` for each claim,
and scores what a user would have seen:

* ``retrieval`` — recall@k of the claim's gold agreeing + disagreeing articles, and of all its
  related ones (discussing included), in the ranking ``check`` weighs the top of; macro (mean
  over claims that have such articles) and micro (pooled). ``precision_at_limit``: the share of
  the articles ``check`` weighed that are labelled related to that claim.
* ``stance`` — 4-class stance of every gold pair, where an article that ``check`` did not weigh
  counts as ``unrelated`` (that is what the user was told about it).
* ``factuality`` — the verdict ``check`` printed against the claim's true/false label, scored
  exactly as the pair-level runner scores a verdict (supported = true; ``P(true)`` is the
  confidence of a "supported" verdict and 1 − confidence otherwise), with the share of each label.
* ``latency`` — wall-clock and CPU milliseconds per ``check`` (p50, p95), and ingest figures.

Nothing here is fitted: the store, the retrieval and the verdict are the shipped ones. Whatever
the shipped files were fitted on is named in ``notes`` so in-sample figures are never mistaken
for held-out ones.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tahqiq.api import Tahqiq
from tahqiq.errors import EvaluationError
from tahqiq.evaluation.datasets import check_format, dataset_split, iter_claims
from tahqiq.evaluation.metrics import classification_report
from tahqiq.evaluation.records import EvalClaim
from tahqiq.evaluation.runner import EvalResult, TaskResult, factuality_task
from tahqiq.evaluation.source import dataset_error
from tahqiq.evaluation.verdict_fit import held_out_verdicts
from tahqiq.records import STANCES, CheckReport
from tahqiq.stance.base import StanceModel
from tahqiq.store import Store
from tahqiq.verdict.calibration import evidence_of

END_TO_END_FORMATS = ("baly", "arastance")
RECALL_AT = (1, 5, 10, 20, 100)
RELEVANT = ("agree", "disagree")
CV_FOLDS = 5  # claim folds for the cross-validated verdict (claim i in fold i % 5)


@dataclass(frozen=True)
class _ClaimRun:
    claim: EvalClaim
    report: CheckReport
    ranking: tuple[int, ...]  # article ids, best first, RECALL_AT[-1] deep
    wall_seconds: float
    cpu_seconds: float


@dataclass(frozen=True)
class EndToEndRun:
    """What one end-to-end run saw: the claims, each check, and where each gold article went."""

    claims: tuple[EvalClaim, ...]
    runs: tuple[_ClaimRun, ...]
    article_of: dict[tuple[str, int], int]  # (claim id, pair index) -> store id
    ingest: dict[str, Any]
    check_limit: int


def run_end_to_end(
    path: str | Path,
    fmt: str,
    model: StanceModel,
    *,
    limit: int | None = None,
    check_limit: int = 10,
    workdir: str | Path | None = None,
) -> EndToEndRun:
    """Ingest every article of the dataset at ``path`` into one store and ``check`` every claim.

    ``limit`` keeps the first N claims (and ingests only their articles). ``check_limit`` is
    ``check``'s own ``--limit``. The store is built in ``workdir`` (a temporary folder by default)
    and removed; the reports are kept. ``scripts/train_models.py`` fits the verdict on these.
    """
    check_format(fmt)
    if fmt not in END_TO_END_FORMATS:
        raise EvaluationError(
            f"--end-to-end needs claims with their articles: {', '.join(END_TO_END_FORMATS)}, not {fmt}"
        )
    claims = tuple(c for c in islice(iter_claims(path, fmt), limit) if c.pairs)
    if not claims:
        raise dataset_error(path, "no claims with articles to check")
    with tempfile.TemporaryDirectory(dir=workdir, prefix="tahqiq-e2e-") as tmp:
        folder = Path(tmp)
        corpus, keys = write_corpus(claims, folder / "articles.jsonl")
        with Tahqiq(Store.open(folder / "e2e.db"), model) as tq:
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            summary = tq.ingest([str(corpus)])
            ingest = {
                "articles": tq.store.count(),
                "seconds": round(time.perf_counter() - start_wall, 3),
                "cpu_seconds": round(time.process_time() - start_cpu, 3),
                "skipped": len(summary.skipped),
            }
            # What a desk runs after ingest: the passage vectors semantic retrieval searches.
            indexed = tq.index(semantic=True)
            ingest["index_seconds"] = round(indexed.lexical_seconds + indexed.vector_seconds, 3)
            ingest["embedded"] = indexed.embedded
            ids = ids_by_line(tq.store, corpus)
            article_of = {key: ids[line] for key, line in keys.items() if line in ids}
            runs = tuple(_run(tq, claim, check_limit) for claim in claims)
    return EndToEndRun(claims, runs, article_of, ingest, check_limit)


def evaluate_end_to_end(
    path: str | Path,
    fmt: str,
    model: StanceModel,
    *,
    limit: int | None = None,
    check_limit: int = 10,
    workdir: str | Path | None = None,
) -> EvalResult:
    """Score :func:`run_end_to_end`: retrieval, end-to-end stance, the shown verdict, latency."""
    e2e = run_end_to_end(path, fmt, model, limit=limit, check_limit=check_limit, workdir=workdir)
    claims, runs, article_of, ingest = e2e.claims, e2e.runs, e2e.article_of, e2e.ingest
    notes = [
        f"one store holding every article of the {len(claims)} claims; check --limit {check_limit}; "
        "an article check did not weigh counts as unrelated",
        "retrieval recall@k is measured on the ranking check takes its top --limit from",
    ]
    if limit is not None:
        notes.append(f"limited to the first {limit} claims: the store holds only their articles")
    if ingest["skipped"]:
        notes.append(f"{ingest['skipped']} articles were refused at ingest and can never be retrieved")
    split = dataset_split(path, fmt, {c.claim_id for c in claims})
    notes.extend(_fitted_on(split))
    judged = [
        (bool(r.claim.fact), r.report.verdict.label, r.report.verdict.confidence)
        for r in runs
        if r.claim.fact is not None
    ]
    factuality = factuality_task(judged, sum(r.wall_seconds for r in runs)) if judged else None
    if not judged:
        notes.append("factuality not scored: no claim has a true/false label")
    cross_validated = _claim_cv(runs)
    if cross_validated is not None:
        notes.append(
            f"factuality_claim_cv: the verdict's weights refitted on {CV_FOLDS - 1} of {CV_FOLDS} "
            "claim folds and applied to the held-out one (the honest figure where they were fitted)"
        )
    return EvalResult(
        path=str(path),
        fmt=fmt,
        split=split,
        model=model.name,
        verdict="check",
        pairs=sum(len(c.pairs) for c in claims),
        claims=len(claims),
        stance=_stance_task(runs, article_of),
        factuality=factuality,
        notes=tuple(notes),
        extra={
            "end_to_end": True,
            "retrieval": _retrieval(runs, article_of, check_limit),
            "latency": _latency(runs),
            "ingest": ingest,
            "factuality_claim_cv": cross_validated.to_dict() if cross_validated else None,
        },
    )


def _claim_cv(runs: Sequence[_ClaimRun]) -> TaskResult | None:
    """The verdict scored with weights fitted on the other claim folds of this same run."""
    labelled = [
        (bool(r.claim.fact), evidence_of(r.report.verdict, r.report.evidence))
        for r in runs
        if r.claim.fact is not None
    ]
    if len(labelled) < 2 * CV_FOLDS or len({fact for fact, _ in labelled}) < 2:
        return None
    held = held_out_verdicts(labelled, CV_FOLDS)
    judged = [
        (fact, label, confidence) for (fact, _), (label, confidence) in zip(labelled, held, strict=True)
    ]
    return factuality_task(judged, 0.0)


def write_corpus(claims: Sequence[EvalClaim], path: Path) -> tuple[Path, dict[tuple[str, int], int]]:
    """Each distinct article once, as a desk's JSON Lines export; ``(claim id, pair index) -> line``."""
    line_of_text: dict[str, int] = {}
    keys: dict[tuple[str, int], int] = {}
    with path.open("w", encoding="utf-8") as out:
        for claim in claims:
            for i, pair in enumerate(claim.pairs):
                line = line_of_text.get(pair.article)
                if line is None:
                    line = line_of_text[pair.article] = len(line_of_text) + 1
                    record: dict[str, str] = {"text": pair.article}
                    if pair.title:
                        record["title"] = pair.title
                    if pair.article_id.startswith(("http://", "https://")):
                        record["url"] = pair.article_id
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                keys[(claim.claim_id, i)] = line
    return path, keys


def ids_by_line(store: Store, corpus: Path) -> dict[int, int]:
    """Store id of each corpus line, through the sources ingest recorded (``path:LINE``)."""
    prefix = f"{corpus}:"
    found: dict[int, int] = {}
    for article in store.iter_articles():
        for source in article.sources:
            if source.startswith(prefix) and source[len(prefix) :].isdigit():
                found[int(source[len(prefix) :])] = article.id
    return found


def _run(tq: Tahqiq, claim: EvalClaim, check_limit: int) -> _ClaimRun:
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    report = tq.check(claim.claim, limit=check_limit)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    ranking = tuple(h.article.id for h in tq.candidates(claim.claim, RECALL_AT[-1]))
    return _ClaimRun(claim, report, ranking, wall, cpu)


def _gold(run: _ClaimRun, article_of: dict[tuple[str, int], int], labels: Sequence[str]) -> set[int]:
    return {
        article_of[(run.claim.claim_id, i)]
        for i, pair in enumerate(run.claim.pairs)
        if pair.stance in labels and (run.claim.claim_id, i) in article_of
    }


def _retrieval(
    runs: Sequence[_ClaimRun], article_of: dict[tuple[str, int], int], check_limit: int
) -> dict[str, Any]:
    related = tuple(s for s in STANCES if s != "unrelated")
    out: dict[str, Any] = {}
    for name, labels in (("agree_disagree", RELEVANT), ("related", related)):
        golds = [(_gold(r, article_of, labels), r.ranking) for r in runs]
        golds = [(g, ranking) for g, ranking in golds if g]
        scores: dict[str, Any] = {"claims": len(golds)}
        for k in RECALL_AT:
            found = [len(g & set(ranking[:k])) for g, ranking in golds]
            total = sum(len(g) for g, _ in golds)
            scores[f"recall@{k}"] = {
                "macro": _round(sum(f / len(g) for f, (g, _) in zip(found, golds, strict=True)) / len(golds))
                if golds
                else None,
                "micro": _round(sum(found) / total) if total else None,
            }
        out[name] = scores
    weighed = [(r, {e.article.id for e in r.report.evidence}) for r in runs]
    shown = sum(len(ids) for _, ids in weighed)
    on_topic = sum(len(ids & _gold(r, article_of, related)) for r, ids in weighed)
    out["precision_at_limit"] = _round(on_topic / shown) if shown else None
    out["limit"] = check_limit
    return out


def _stance_task(runs: Sequence[_ClaimRun], article_of: dict[tuple[str, int], int]) -> TaskResult:
    gold: list[str] = []
    pred: list[str] = []
    for run in runs:
        seen = {e.article.id: e.stance.stance for e in run.report.evidence}
        for i, pair in enumerate(run.claim.pairs):
            article_id = article_of.get((run.claim.claim_id, i))
            gold.append(pair.stance or "")
            pred.append(seen.get(article_id, "unrelated") if article_id is not None else "unrelated")
    report = classification_report(gold, pred, STANCES)
    seconds = sum(r.wall_seconds for r in runs)
    return TaskResult("stance", "pair", report, len(gold) / seconds if seconds > 0 else None, {})


def _latency(runs: Sequence[_ClaimRun]) -> dict[str, Any]:
    wall = sorted(r.wall_seconds * 1000 for r in runs)
    cpu = sorted(r.cpu_seconds * 1000 for r in runs)
    return {
        "checks": len(runs),
        "wall_ms": {"p50": _round(_quantile(wall, 0.5), 1), "p95": _round(_quantile(wall, 0.95), 1)},
        "cpu_ms": {"p50": _round(_quantile(cpu, 0.5), 1), "p95": _round(_quantile(cpu, 0.95), 1)},
    }


def _fitted_on(split: str | None) -> list[str]:
    """Where the shipped numbers came from, so a reader can tell in-sample from held-out figures."""
    from tahqiq.stance.trained import read_spec

    training = read_spec().get("training", {})
    gate_data = str(training.get("gate_data", ""))
    if "Baly" in gate_data:
        return [
            f"the shipped stance gates ({gate_data}) and the verdict weights were fitted on the Baly "
            f"development fold: on that fold (split {split or 'unknown'}) the stance and factuality "
            "figures are in-sample; factuality_claim_cv is the held-out verdict figure"
        ]
    return []


def _quantile(values: Sequence[float], q: float) -> float:
    """Nearest-rank quantile of sorted ``values``."""
    if not values:
        return 0.0
    rank = max(0, min(len(values) - 1, round(q * len(values) + 0.5) - 1))
    return values[rank]


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
