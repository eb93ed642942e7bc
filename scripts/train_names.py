"""Rebuild the name recogniser (``data/models/names.npz`` + ``names.json``) from NewsFANE Gold.

Usage: ``python scripts/train_names.py [--data FILE] [--out DIR] [--epochs 10] [--seed 2014]``

What it does, in order (about a minute on one core):

1. Reads NewsFANE Gold 2014 (Alotaibi & Lee, CC BY-SA 3.0): ``token<TAB>B-/I-FineClass`` a
   line, a blank line after each sentence, a BOM and a U+200E mark before each token.
2. Maps the fine classes to PER, ORG, MEDIA and LOC (``data/lexicon/newsfane_classes.tsv``;
   dropped classes count as no name).
3. Splits by sentence blocks: sentence ``i`` is in block ``i // 40``; blocks ending in 8 are
   *dev*, in 9 *test*, the rest *train* (80/10/10). Neighbouring sentences mostly come from
   one story, so whole blocks keep a story's repeated names on one side of the split.
4. Writes each sentence back as running text, gluing the clitics the corpus splits off (``و
   قال`` → ``وقال``, ``ان ه`` → ``انه``), and cuts it into pieces exactly as the recogniser
   does at run time (:mod:`tahqiq.text.name_features`), projecting the gold names onto them.
5. Trains an averaged structured perceptron (Viterbi over BIO tags, first-order transitions,
   hashed features) on *train*: fixed epochs, a shuffle order from a fixed seed, zero start,
   so the same data gives the same weights.
6. Drops the feature buckets whose largest averaged weight is under ``--prune``, writes the
   rest as float16, then loads the written model through :mod:`tahqiq.text.names` and scores
   it on *dev* and *test*: exact span and kind, precision / recall / F1, overall and per kind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tahqiq.text import normalize, strip_proclitics, tokenize
from tahqiq.text.lexicon import load_table
from tahqiq.text.name_features import (
    GAZETTEER_FILES,
    HASH_BITS,
    OFFSETS,
    TRIGGER_TABLE,
    breaks_name,
    feature_id,
    gazetteer_words,
    lexicons,
    pieces,
    sentences,
    sequence_feature_ids,
)
from tahqiq.text.names import (
    FORMAT,
    START_MASK,
    TAGS,
    TRANSITION_MASK,
    NameKind,
    NameModel,
    block_inside,
    local_probabilities,
    model_arrays,
    model_from_arrays,
    viterbi,
)
from tahqiq.text.npz import write_npz

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
DEFAULT_OUT = ROOT / "src" / "tahqiq" / "data" / "models"
BLOCK = 40  # sentences per split block
CLASS_TABLE = "newsfane_classes"
LICENCE = "CC BY-SA 3.0 Unported"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/3.0/"
ATTRIBUTION = (
    "The weights of tahqiq's name recogniser are derived from NewsFANE Gold (Fahd Alotaibi and Mark Lee, "
    "University of Birmingham, 2014), described in 'A Hybrid Approach to Features Representation for "
    "Fine-grained Arabic Named Entity Recognition', COLING 2014, and licensed under CC BY-SA 3.0 Unported "
    f"({LICENCE_URL}). tahqiq mapped its 50 fine classes to four kinds and trained a perceptron on it; "
    "the weights are an adaptation shared under the same licence."
)
# Tokens the corpus writes apart that running text glues to the next word, or to the one before.
PROCLITICS = frozenset("وفبلك")
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "نا", "كم", "كما"})
MARKS = "\u200e\u200f\ufeff"

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Example:
    """One sentence as running text, its gold names as character spans, and where it belongs."""

    text: str
    gold: tuple[Span, ...]
    part: str


# --- corpus ----------------------------------------------------------------------------------


def read_corpus(path: Path) -> list[list[tuple[str, str]]]:
    """The sentences of the corpus file as ``(token, fine tag)`` lists, marks stripped."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig") as f:
        for number, raw in enumerate(f, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if current:
                    out.append(current)
                current = []
                continue
            word, sep, tag = line.rpartition("\t")
            word = word.strip(MARKS + " ")
            if not sep or not word:
                sys.exit(f"{path}:{number}: expected token<TAB>tag")
            current.append((word, tag.strip()))
    if current:
        out.append(current)
    return out


def coarse_tags(sentence: Sequence[tuple[str, str]], classes: dict[str, str]) -> list[str]:
    """BIO tags over the four kinds; an I- whose fine class differs from the word before opens a name."""
    out: list[str] = []
    previous_fine = ""
    for _, tag in sentence:
        bio, _, fine = tag.partition("-")
        kind = classes.get(fine, "-") if bio in ("B", "I") else "-"
        if bio not in ("B", "I") and tag != "O":
            sys.exit(f"unknown tag {tag!r}")
        if kind == "-":
            out.append("O")
        elif bio == "I" and previous_fine == fine and out and out[-1] != "O":
            out.append("I-" + kind)
        else:
            out.append("B-" + kind)
        previous_fine = fine if bio in ("B", "I") else ""
    return out


def running_text(sentence: Sequence[tuple[str, str]], tags: Sequence[str]) -> tuple[str, tuple[Span, ...]]:
    """The sentence as a page would write it, and its names as character spans of that text."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    length = 0
    for i, (word, tag) in enumerate(sentence):
        previous = sentence[i - 1][0] if i else ""
        # و قال → وقال and ل لبنان → للبنان; ان ه → انه. A token inside a name is never glued.
        glue = i > 0 and tags[i - 1] == "O" and word[:1].isalpha() and previous in PROCLITICS
        glue |= i > 0 and tags[i - 1] == "O" and tag == "O" and word in ENCLITICS and previous[-1:].isalpha()
        if parts and not glue:
            parts.append(" ")
            length += 1
        starts.append(length)
        parts.append(word)
        length += len(word)
        ends.append(length)
    text = "".join(parts)
    spans: list[Span] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((starts[i], ends[i], tag[2:]))
        elif tag.startswith("I-"):
            start, _, kind = spans[-1]
            spans[-1] = (start, ends[i], kind)
    return text, tuple(spans)


def part_of(index: int) -> str:
    """The split of sentence ``index``: blocks of :data:`BLOCK` sentences, 8 of 10 to train."""
    block = (index // BLOCK) % 10
    return "dev" if block == 8 else "test" if block == 9 else "train"


def known_words(corpus: Sequence[Sequence[tuple[str, str]]], parts: Sequence[str]) -> frozenset[str]:
    """Words of the training split as the corpus writes them (clitics apart), and the gazetteer's."""
    known: set[str] = set(gazetteer_words())
    for sentence, part in zip(corpus, parts, strict=True):
        if part == "train":
            for word, _ in sentence:
                known.update(t.norm for t in tokenize(word))
    return frozenset(known)


# --- training --------------------------------------------------------------------------------


@dataclass
class TrainSeq:
    """One training sequence: flat feature ids, where each piece's features start, gold tags."""

    features: np.ndarray
    offsets: np.ndarray
    gold: list[int]
    gaps: list[str]
    identity: np.ndarray  # where in ``features`` a piece's own word and stripped word stand


def piece_tags(example: Example, known: frozenset[str]) -> Iterable[tuple[list[Any], list[int]]]:
    """The runs of pieces of an example and the gold tag of each piece."""
    owner = [-1] * len(example.text)
    for k, (start, end, _) in enumerate(example.gold):
        owner[start:end] = [k] * (end - start)
    index = {tag: i for i, tag in enumerate(TAGS)}
    for run in sentences(pieces(example.text, known)):
        tags: list[int] = []
        previous = -1
        for piece in run:
            k = next((o for o in owner[piece.start : piece.end] if o >= 0), -1)
            if k < 0:
                tags.append(0)
            else:
                inside = k == previous and not breaks_name(piece.gap)
                tags.append(index[("I-" if inside else "B-") + example.gold[k][2]])
            previous = k
        yield run, tags


def training_sequences(examples: Sequence[Example], known: frozenset[str]) -> list[TrainSeq]:
    lex = lexicons()
    out: list[TrainSeq] = []
    for example in examples:
        for run, tags in piece_tags(example, known):
            feats = sequence_feature_ids([p.norm for p in run], [p.gap for p in run], lex)
            offsets = np.cumsum([0] + [len(f) for f in feats[:-1]])
            flat = np.fromiter((i for f in feats for i in f), dtype=np.int64)
            identity = [
                int(offsets[i]) + k
                for i, piece in enumerate(run)
                for k, f in enumerate(feats[i])
                if f in own_word_ids(piece.norm)
            ]
            gaps = ["^", *(p.gap for p in run[1:])]
            out.append(TrainSeq(flat, offsets, tags, gaps, np.array(identity, dtype=np.int64)))
    return out


def own_word_ids(norm: str) -> tuple[int, int]:
    """The features naming a piece's own word: what word dropout hides (see :func:`train`)."""
    return feature_id("0|w:" + norm), feature_id("0|s:" + strip_proclitics(norm))


def _counts(tags: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = len(TAGS)
    trans = np.zeros((size, size))
    np.add.at(trans, (tags[:-1], tags[1:]), 1)
    start, end = np.zeros(size), np.zeros(size)
    start[tags[0]] += 1
    end[tags[-1]] += 1
    return trans, start, end


def train(data: Sequence[TrainSeq], epochs: int, seed: int, dropout: float) -> dict[str, np.ndarray]:
    """Averaged structured perceptron; returns averaged weights (all buckets), transitions, start, end.

    Word dropout: each time a sequence is visited, each piece's own-word features are hidden
    with probability ``dropout``, so the weights also learn to find a name from its context and
    shape, as they must for the names the corpus never had.
    """
    size = len(TAGS)
    hidden = 1 << HASH_BITS  # an extra row that hidden features read; kept at zero
    weights = np.zeros((hidden + 1, size))
    w_sum = np.zeros_like(weights)  # step-weighted updates: average = w - w_sum / step
    table = {
        name: np.zeros(shape) for name, shape in (("trans", (size, size)), ("start", size), ("end", size))
    }
    table_sum = {name: np.zeros_like(value) for name, value in table.items()}
    rng = random.Random(seed)
    draws = np.random.default_rng(seed)
    order = list(range(len(data)))
    step = 1
    for epoch in range(epochs):
        rng.shuffle(order)
        errors = 0
        for index in order:
            seq = data[index]
            features = seq.features
            if dropout > 0 and len(seq.identity):
                features = features.copy()
                features[seq.identity[draws.random(len(seq.identity)) < dropout]] = hidden
            em = np.add.reduceat(weights[features], seq.offsets, axis=0)
            block_inside(em, seq.gaps)
            pred = viterbi(em, table["trans"] + TRANSITION_MASK, table["start"] + START_MASK, table["end"])
            if pred != seq.gold:
                errors += 1
                wrong = [i for i, (g, p) in enumerate(zip(seq.gold, pred, strict=True)) if g != p]
                bounds = [*seq.offsets.tolist(), len(seq.features)]
                rows = np.concatenate([features[bounds[i] : bounds[i + 1]] for i in wrong])
                repeats = [bounds[i + 1] - bounds[i] for i in wrong]
                gold_cols = np.repeat([seq.gold[i] for i in wrong], repeats)
                pred_cols = np.repeat([pred[i] for i in wrong], repeats)
                for cols, sign in ((gold_cols, 1.0), (pred_cols, -1.0)):
                    np.add.at(weights, (rows, cols), sign)
                    np.add.at(w_sum, (rows, cols), sign * step)
                weights[hidden] = w_sum[hidden] = 0.0
                for name, g, p in zip(table, _counts(seq.gold), _counts(pred), strict=True):
                    table[name] += g - p
                    table_sum[name] += (g - p) * step
            step += 1
        print(f"  epoch {epoch + 1}: {errors} of {len(data)} sequences mistagged", flush=True)
    out = {name: table[name] - table_sum[name] / step for name in table}
    out["weights"] = (weights - w_sum / step)[:hidden]
    return out


# --- output and scores -----------------------------------------------------------------------


def prune(averaged: dict[str, np.ndarray], threshold: float) -> dict[str, np.ndarray]:
    """The arrays to ship: buckets whose largest weight reaches ``threshold``, as float16."""
    weights = averaged["weights"]
    keep = np.flatnonzero(np.abs(weights).max(axis=1) >= threshold)
    return {
        "buckets": keep.astype(np.uint32),
        "weights": weights[keep].astype(np.float16),
        "transitions": averaged["trans"].astype(np.float32),
        "start": averaged["start"].astype(np.float32),
        "end": averaged["end"].astype(np.float32),
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": tp + fn}


def score(model: NameModel, examples: Sequence[Example], seen: frozenset[str]) -> dict[str, Any]:
    """Exact span and kind: precision, recall, F1 overall and per kind, and recall of unseen names."""
    counts: Counter[tuple[str, str]] = Counter()
    unseen_found = unseen_total = 0
    for example in examples:
        gold = set(example.gold)
        pred = {(n.start, n.end, n.kind.value) for n in model.find(example.text)}
        for span in gold | pred:
            outcome = "tp" if span in gold and span in pred else "fp" if span in pred else "fn"
            for key in ("all", span[2]):
                counts[key, outcome] += 1
        for start, end, kind in gold:
            if normalize(example.text[start:end]) not in seen:
                unseen_total += 1
                unseen_found += (start, end, kind) in pred
    out: dict[str, Any] = {
        key: _prf(counts[key, "tp"], counts[key, "fp"], counts[key, "fn"])
        for key in ("all", *(k.value for k in NameKind))
    }
    out["unseen_recall"] = round(unseen_found / unseen_total, 4) if unseen_total else 0.0
    out["unseen_gold"] = unseen_total
    return out


def fit_temperature(model: NameModel, examples: Sequence[Example]) -> float:
    """The divisor of the scores that makes the local probabilities of the gold tags likeliest."""
    runs = [(model.emissions(run), tags) for e in examples for run, tags in piece_tags(e, model.known)]
    best, best_loss = 1.0, float("inf")
    for t in np.geomspace(0.25, 64, 25).tolist():
        loss = 0.0
        for em, tags in runs:
            probs = local_probabilities(em / t, tags, model.trans / t, model.start / t)
            loss -= float(np.log(np.maximum(probs, 1e-12)).sum())
        if loss < best_loss:
            best, best_loss = round(t, 4), loss
    return best


def print_scores(name: str, scores: dict[str, Any]) -> None:
    print(f"{name}: exact span and kind")
    for key in ("all", *(k.value for k in NameKind)):
        s = scores[key]
        figures = f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        print(f"  {key:<6} {figures}  ({s['gold']} names)")
    print(f"  names never seen in train: recall {scores['unseen_recall']:.3f} of {scores['unseen_gold']}")


def _sha256_packaged(path: str) -> str:
    return hashlib.sha256(resources.files("tahqiq").joinpath(path).read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsFANE_Gold_2014_170K.txt")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for names.npz and names.json")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--dropout", type=float, default=0.2, help="share of own-word features hidden")
    parser.add_argument("--prune", type=float, default=0.5, help="smallest largest-weight a bucket keeps")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        sys.exit(f"{args.data} not found: pass --data with the NewsFANE Gold file")
    began = time.perf_counter()
    table = load_table(CLASS_TABLE, ("fine", "kind"))
    classes = {row["fine"]: row["kind"] for row in table.rows}
    corpus = read_corpus(args.data)
    parts = [part_of(i) for i in range(len(corpus))]
    known = known_words(corpus, parts)
    examples: list[Example] = []
    for sentence, part in zip(corpus, parts, strict=True):
        text, gold = running_text(sentence, coarse_tags(sentence, classes))
        examples.append(Example(text, gold, part))
    by_part = {p: [e for e in examples if e.part == p] for p in ("train", "dev", "test")}
    seen = frozenset(normalize(e.text[s:t]) for e in by_part["train"] for s, t, _ in e.gold)
    tokens = sum(len(s) for s in corpus)
    sizes = ", ".join(f"{p} {len(v)}" for p, v in by_part.items())
    print(f"{len(corpus)} sentences, {tokens} tokens; {sizes}")
    data = training_sequences(by_part["train"], known)
    print(f"training on {len(data)} sequences, {args.epochs} epochs, seed {args.seed}")
    averaged = train(data, args.epochs, args.seed, args.dropout)
    arrays = prune(averaged, args.prune)
    arrays["known"] = np.frombuffer("\n".join(sorted(known)).encode("utf-8"), dtype=np.uint8)
    args.out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "format": FORMAT,
        "hash_bits": HASH_BITS,
        "offsets": list(OFFSETS),
        "tags": list(TAGS),
    }
    model = model_from_arrays(model_arrays(write_npz(args.out / "names.npz", arrays)), meta)
    meta["temperature"] = fit_temperature(model, by_part["dev"])
    scores = {part: score(model, by_part[part], seen) for part in ("dev", "test")}
    for part, result in scores.items():
        print_scores(part, result)
    meta |= {
        "data": {
            "name": "NewsFANE Gold 2014 (newswire, ANERcorp text re-annotated with 50 fine classes)",
            "file": args.data.name,
            "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "sentences": len(corpus),
            "tokens": tokens,
        },
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "citation": "F. Alotaibi and M. Lee. A Hybrid Approach to Features Representation for "
        "Fine-grained Arabic Named Entity Recognition. COLING 2014, Dublin.",
        "split": {
            "rule": f"sentence i is in block i // {BLOCK}; block % 10 == 8: dev, == 9: test, else train",
            **{part: len(v) for part, v in by_part.items()},
        },
        "training": {
            "model": "averaged structured perceptron, Viterbi over BIO, hashed features",
            "epochs": args.epochs,
            "seed": args.seed,
            "word_dropout": args.dropout,
            "prune_below": args.prune,
            "buckets_kept": len(arrays["buckets"]),
            "known_words": len(known),
        },
        "lexicons": {
            "classes_sha256": table.sha256,
            "triggers_sha256": load_table(TRIGGER_TABLE).sha256,
            "gazetteer_sha256": {path: _sha256_packaged(path) for path in GAZETTEER_FILES},
        },
        "scores": scores,
    }
    (args.out / "names.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    size = (args.out / "names.npz").stat().st_size
    took = time.perf_counter() - began
    print(f"wrote {args.out}/names.npz ({size / 2**20:.2f} MiB) and names.json in {took:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
