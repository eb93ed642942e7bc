"""How a desk model improves with the desk's corrections: a learning curve on the Baly dev fold.

For each size N, N claims chosen at random (three draws, fixed seed) play the desk's corrections:
the gates are fitted on their articles with :func:`tahqiq.stance.calibrate.fit_gates`, exactly
as ``tahqiq train`` does, and the article stances of every other claim are scored (4-class
macro-F1, the gates' argmax labels as ``tahqiq eval --format baly`` gives them for articles).
The shipped pair model is used throughout, so only the gates learn.

Example: .venv/bin/python scripts/desk_learning_curve.py 10 25 50 68
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tahqiq.evaluation import iter_claims
from tahqiq.records import STANCES
from tahqiq.stance import load_model
from tahqiq.stance.calibrate import fit_gates, gate_features, labels_at, macro_f1
from tahqiq.stance.trained import TrainedStance
from tahqiq.text import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "baly2018_dev"
DRAWS = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+", help="numbers of claims used as the desk's corrections")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    model = load_model()
    assert isinstance(model, TrainedStance)
    ids, evidence, gold = [], [], []
    for claim in iter_claims(args.data, "baly"):
        for pair in claim.pairs:
            ids.append(claim.claim_id)
            evidence.append(model.evidence(claim.claim, split_sentences(pair.article), title=pair.title))
            gold.append(STANCES.index(pair.stance or "unrelated"))
    feats, labels, claim_of = gate_features(evidence), np.array(gold), np.array(ids)
    claims = sorted(set(ids))
    rng = np.random.default_rng(0)
    print(f"model {model.name}: {len(ids)} pairs, {len(claims)} claims")
    for n in args.sizes:
        scores = []
        for _ in range(DRAWS):
            chosen = set(rng.permutation(claims)[:n])
            train = np.array([c in chosen for c in claim_of])
            fit = fit_gates(feats[train], labels[train], list(claim_of[train]))
            pred = labels_at(feats[~train], fit.gates.thresholds().tolist(), fit.gates.temperature)
            scores.append(macro_f1(labels[~train], pred))
        mean, sd = float(np.mean(scores)), float(np.std(scores))
        print(f"{n} claims: macro-F1 on the other claims {mean:.3f} (sd {sd:.3f}, {DRAWS} draws)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
