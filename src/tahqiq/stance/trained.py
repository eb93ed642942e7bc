"""Trained stance models: a sentence-pair classifier plus a small, transparent article combiner.

A classifier trained on short headline pairs transfers badly to whole articles: in ANS a
"disagree" pair is one in which a detail changed, while a real article differs from a claim in
details almost always. So the article stance is decided in three separate steps:

1. **Relatedness** of each sentence: the weighted share of the claim's words it holds
   (:func:`tahqiq.stance.features.soft_coverage`), or its embedding cosine with the claim when
   that is higher (a paraphrase in other words). Only the ``CANDIDATES`` most covering sentences
   (plus denials near them) are embedded and scored further, so an article costs a few sentences.
   Lines that are not prose (menus, link lists, bylines: :mod:`tahqiq.stance.lines`) are never
   candidates, so they neither count as evidence nor show as rationales.
2. **Position and detail** per candidate sentence: the sentence-pair model trained on ANS
   (agree / disagree / other), the denial cues of :mod:`tahqiq.stance.cues`, and whether the
   sentence carries the claim as a charge or at a distance (اتهم، زعم، ما يسمى), which weakens
   it as support.
3. **Combination** into the article stance by four gates taken in order — a denial aimed at
   the claim → *disagree*; a sentence restating the claim → *agree*; a related sentence the
   pair model reads as contradicting it → *disagree*; anything related → *discuss*; else
   *unrelated*. Each gate is a logistic step around one threshold, so the four label
   probabilities come out of the same gates that decide the label. The thresholds and the one
   temperature are the only numbers calibrated on the Baly development fold (docs/models.md).

The pair model weights and the gate numbers ship as ``data/models/*.npz`` and ``models.json``;
``scripts/train_models.py`` rebuilds them.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
import regex

from tahqiq.errors import ModelError
from tahqiq.records import STANCES, Rationale, Sentence, Stance, StanceResult
from tahqiq.stance.base import StanceModel, distinct_rationales
from tahqiq.stance.cues import CUES, check_model_lexicon
from tahqiq.stance.embeddings import CachedEmbedder, load_embedder
from tahqiq.stance.features import (
    HASH_BITS,
    TextView,
    dense_names,
    embedding_features,
    lexical_matrix,
    soft_coverage,
    view,
)
from tahqiq.stance.frames import align, frames
from tahqiq.stance.lines import prose_mask
from tahqiq.text import normalize
from tahqiq.text.lexicon import load_lexicon, phrase_pattern

MODEL_DIR = "data/models"
SPEC_FILE = "models.json"
FORMAT = 1
PAIR_LABELS: tuple[str, ...] = ("agree", "disagree", "other")
CANDIDATES = 8  # sentences per article scored by the pair model (and embedded)
MAX_DENIALS = 3  # extra denial sentences scored beside the candidates
DENIAL_REACH = 2  # a denial may point back at the claim stated this many sentences before it
DENIAL_CARRY = 0.7  # share of a preceding sentence's relatedness that a denial after it inherits
ANAPHORA_CARRY = 0.9  # share of the relatedness a denial of "هذه المعلومات" inherits from what it answers
CHARGED_DAMP = 0.3  # support lost by a sentence that states the claim as a charge or at a distance
ASSERT_BOOST = 0.15  # support gained by a sentence that confirms what it states (أكد، كشف)
SECOND_RATIONALE = 0.95  # a second rationale must be this close to the best one in relatedness
CUE_SHOWN = ("denial", "assertive", "reporting", "accusing", "distancing")
HEADLINE_WORDS = 30  # a text of one sentence this short is a headline pair, the pair model's own setting


@dataclass(frozen=True)
class PairModel:
    """Multinomial logistic regression over pair features: P(agree, disagree, other) per sentence."""

    weights: np.ndarray  # (3, dim)
    bias: np.ndarray  # (3,)
    embedder: str | None
    frames: bool = True  # reads the event-frame features (models fitted before them do not)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return out


def pair_features(
    claim: str,
    sentences: Sequence[str],
    claim_vector: np.ndarray | None,
    vectors: np.ndarray | None,
    *,
    frames: bool = True,
) -> np.ndarray:
    """The pair model's input rows: embedding features (when vectors are given), then lexical ones."""
    lexical = lexical_matrix([(claim, s) for s in sentences], frames=frames)
    if claim_vector is None or vectors is None:
        return lexical
    return np.concatenate([embedding_features(claim_vector, vectors), lexical], axis=1)


@dataclass(frozen=True)
class Gates:
    """The article combiner's calibrated numbers: four thresholds and one temperature."""

    related: float
    agree: float
    conflict: float
    denial: float
    temperature: float

    def probabilities(self, evidence: ArticleEvidence) -> dict[str, float]:
        """P(label) from the four gates taken in order (denial, agree, conflict, related)."""
        row = np.array([evidence.relatedness, evidence.support, evidence.conflict, evidence.denial])
        probs = gate_probabilities(row[None, :], self.thresholds(), self.temperature)[0]
        return {k: float(probs[i]) for i, k in enumerate(STANCES)}

    def thresholds(self) -> np.ndarray:
        """The thresholds in feature order: related, agree (on support), conflict, denial."""
        return np.array([self.related, self.agree, self.conflict, self.denial])

    def headline_probabilities(self, evidence: ArticleEvidence) -> dict[str, float]:
        """P(label) for a one-sentence text: the pair model's own, "other" split by relatedness."""
        agree, disagree, other = evidence.sentences[0].pair
        g_related = logistic_step(evidence.relatedness - self.related, self.temperature)
        return {
            "agree": agree,
            "disagree": disagree,
            "discuss": other * g_related,
            "unrelated": other * (1.0 - g_related),
        }

    def to_dict(self) -> dict[str, float]:
        return {
            "related": self.related,
            "agree": self.agree,
            "conflict": self.conflict,
            "denial": self.denial,
            "temperature": self.temperature,
        }


def gate_probabilities(feats: np.ndarray, thresholds: np.ndarray, temperature: float) -> np.ndarray:
    """P(label) in :data:`STANCES` order, on the last axis, for rows of (relatedness, support,
    conflict, denial) against thresholds in the same order; both broadcast (the calibration
    script scores many threshold sets at once).

    Gates in order: a denial → disagree; else support → agree; else conflict → disagree; else
    relatedness → discuss; else unrelated.
    """
    z = np.clip((feats - thresholds) / temperature, -60.0, 60.0)
    g = 1.0 / (1.0 + np.exp(-z))
    g_related, g_agree, g_conflict, g_denial = g[..., 0], g[..., 1], g[..., 2], g[..., 3]
    rest = (1.0 - g_denial) * (1.0 - g_agree)
    out = np.stack(
        [
            (1.0 - g_denial) * g_agree,
            g_denial + rest * g_conflict,
            rest * (1.0 - g_conflict) * g_related,
            rest * (1.0 - g_conflict) * (1.0 - g_related),
        ],
        axis=-1,
    )
    result: np.ndarray = out / out.sum(axis=-1, keepdims=True)
    return result


def logistic_step(margin: float, temperature: float) -> float:
    """A gate's soft step: 1/2 at a margin of 0, its width the temperature (clipped, never overflows)."""
    z = max(-60.0, min(60.0, margin / temperature))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class SentenceScore:
    """What the model saw in one candidate sentence."""

    index: int
    text: str
    coverage: float
    cosine: float | None
    relatedness: float
    pair: tuple[float, float, float]  # P(agree), P(disagree), P(other) from the pair model
    denial: float  # relatedness of the claim statement a denial here is aimed at; 0 without denial
    cues: tuple[str, ...]
    names_report: bool = False  # the sentence points back at the report it answers (هذه المعلومات)


@dataclass(frozen=True)
class ArticleEvidence:
    """The four article-level numbers the gates read, and the sentences behind them."""

    relatedness: float
    support: float
    conflict: float
    denial: float
    sentences: tuple[SentenceScore, ...]
    headline: bool = False
    claim: str = ""  # read again only for the frame note of a rationale against the claim


class TrainedStance:
    """A :class:`~tahqiq.stance.base.StanceModel` built from a pair model, an embedder and gates."""

    def __init__(self, name: str, pair: PairModel, gates: Gates, embedder: CachedEmbedder | None) -> None:
        if (pair.embedder is None) != (embedder is None):
            raise ModelError(f"stance model {name} needs embedder {pair.embedder!r}")
        self.name = name
        self.pair = pair
        self.gates = gates
        self.embedder = embedder

    def evidence(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> ArticleEvidence:
        """Per-sentence scores and the article-level numbers, before the gates."""
        claim_view = view(claim)
        units = [(s.index, s.text) for s in sentences]
        if title.strip():
            units.append((-1, title))
        views = [view(text) for _, text in units]
        prose = prose_mask([s.text for s in sentences]) + [True] * (len(units) - len(sentences))
        cover = [soft_coverage(claim_view, v) if ok else 0.0 for v, ok in zip(views, prose, strict=True)]
        chosen = _candidates(cover, views, [i for i, _ in units], prose)
        if not chosen:
            return ArticleEvidence(0.0, 0.0, 0.0, 0.0, ())
        texts = [units[j][1] for j in chosen]
        cosines: list[float | None] = [None] * len(chosen)
        claim_vec = vectors = None
        if self.embedder is not None:
            both = self.embedder.embed([claim, *texts])
            claim_vec, vectors = both[0], both[1:]
            cosines = [float(c) for c in vectors @ claim_vec]
        probs = self.pair.probabilities(
            pair_features(claim, texts, claim_vec, vectors, frames=self.pair.frames)
        )
        related = {j: _relatedness(cover[j], cos) for j, cos in zip(chosen, cosines, strict=True)}
        top = max(related.values())
        claim_denies = bool(claim_view.cues["denial"])
        scores = []
        for k, j in enumerate(chosen):
            cues = tuple(name for name in CUE_SHOWN if views[j].cues[name])
            named = bool(views[j].cues["denial"]) and _names_the_report(units[j][1])
            story_start = _story_start(units, j) if named else 0
            scores.append(
                SentenceScore(
                    index=units[j][0],
                    text=units[j][1],
                    coverage=cover[j],
                    cosine=cosines[k],
                    relatedness=related[j],
                    pair=(float(probs[k, 0]), float(probs[k, 1]), float(probs[k, 2])),
                    denial=_denial_target(j, views, cover, related, named, claim_denies, story_start),
                    cues=cues,
                    names_report=named,
                )
            )
        return ArticleEvidence(
            relatedness=top,
            support=max(_support(s) for s in scores),
            conflict=max(s.pair[1] * s.relatedness for s in scores),
            denial=max(s.denial for s in scores),
            sentences=tuple(scores),
            headline=len(units) == 1 and len(units[0][1].split()) <= HEADLINE_WORDS,
            claim=claim,
        )

    def decide(self, evidence: ArticleEvidence) -> StanceResult:
        """The stance, probabilities and rationales for precomputed evidence.

        A one-sentence headline is exactly what the pair model was trained on, so there its
        agree/disagree probabilities are used as they are, and only "other" is split into
        discuss and unrelated by the relatedness gate. Articles go through all the gates.
        """
        if evidence.headline:
            scores = self.gates.headline_probabilities(evidence)
        else:
            scores = self.gates.probabilities(evidence)
        label: Stance = max(STANCES, key=lambda k: scores[k])
        rounded = {k: round(v, 6) for k, v in scores.items()}
        return StanceResult(label, rounded, _rationales(label, evidence, self.gates), self.name)

    def predict(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> StanceResult:
        return self.decide(self.evidence(claim, sentences, title=title))


def _relatedness(coverage: float, cosine: float | None) -> float:
    return coverage if cosine is None else max(coverage, cosine)


def _support(s: SentenceScore) -> float:
    """How strongly a sentence states the claim as fact: relatedness, raised by a confirming verb,
    lowered when the claim is carried as an accusation or at a distance."""
    charged = "accusing" in s.cues or "distancing" in s.cues
    return s.relatedness * (1.0 + ASSERT_BOOST * ("assertive" in s.cues)) * (1.0 - CHARGED_DAMP * charged)


def _candidates(cover: list[float], views: list[TextView], ids: list[int], prose: list[bool]) -> list[int]:
    """Positions of the most covering units, then denials that follow closely on one of them;
    never a unit that is not prose (its coverage is 0 and it is skipped as a denial)."""
    order = sorted(range(len(cover)), key=lambda j: (-cover[j], j))
    chosen = [j for j in order[:CANDIDATES] if cover[j] > 0.0]
    picked = set(chosen)
    denials = []
    for j, v in enumerate(views):
        if j in picked or not v.cues["denial"] or ids[j] < 0 or not prose[j]:
            continue
        reach = max(cover[max(0, j - DENIAL_REACH) : j + 1])
        if reach > 0.0:
            denials.append((-reach, j))
    chosen += [j for _, j in sorted(denials)[:MAX_DENIALS]]
    return chosen


def _denial_target(
    j: int,
    views: list[TextView],
    cover: list[float],
    related: dict[int, float],
    named: bool,
    claim_denies: bool,
    story_start: int,
) -> float:
    """How much the claim is what a denial in unit ``j`` rejects.

    A denial counts against the claim only as far as what it denies matches the claim: its own
    relatedness (the claim is its object); a share of the relatedness of the sentences just
    before it ("... من جانبه نفى ..."); or, when it names the report it answers ("نفى ... هذه
    الأنباء"), a share of the relatedness of the story it points back to: the sentences since the
    article last turned to another story («وفي سياق آخر …», ``story_start``), the lead included
    when it never did — a page can deny other news further down without denying its lead. When
    the claim itself is a denial («نفى الوزير أن …»), a sentence stating that denial repeats the
    claim rather than answering it, so its own relatedness does not count.
    """
    if not views[j].cues["denial"]:
        return 0.0
    own = 0.0 if claim_denies else related.get(j, cover[j])
    before = [related.get(i, cover[i]) for i in range(max(0, j - DENIAL_REACH), j)]
    pointed = [related.get(i, cover[i]) for i in range(story_start, j)]
    return max(
        own,
        DENIAL_CARRY * max(before, default=0.0),
        ANAPHORA_CARRY * max(pointed, default=0.0) if named else 0.0,
    )


def _story_start(units: list[tuple[int, str]], j: int) -> int:
    """Where the story of unit ``j`` begins: the last topic shift at or before it, else 0.

    The title (id -1) belongs to the lead's story.
    """
    if units[j][0] < 0:
        return 0
    shift = _topic_shift()
    for i in range(j, -1, -1):
        if units[i][0] >= 0 and shift.search(normalize(units[i][1])):
            return i
    return 0


@cache
def _topic_shift() -> regex.Pattern[str]:
    """The phrases with which an article turns to another story (``data/lexicon/topic_shift.txt``)."""
    return phrase_pattern(load_lexicon("topic_shift"))


def _names_the_report(text: str) -> bool:
    """Whether ``text`` points back at a report by name (هذه المعلومات، هذه الأنباء …).

    A bare "ذلك" (that) is left out: it follows a denial of anything at all.
    """
    return any(cue != "ذلك" for cue in CUES["anaphora"].find(normalize(text)))


def _rationales(label: Stance, evidence: ArticleEvidence, gates: Gates) -> tuple[Rationale, ...]:
    """One to three sentences: the best for the label, and any denial aimed at the claim."""
    real = [s for s in evidence.sentences if s.index >= 0]
    if not real:
        return ()
    by_related = sorted(real, key=lambda s: (-s.relatedness, s.index))
    chosen: dict[int, Rationale] = {}
    denials = sorted((s for s in real if s.denial > 0.0), key=lambda s: (-s.denial, s.index))
    if label == "disagree":
        conflicts = sorted(real, key=lambda s: (-s.pair[1] * s.relatedness, s.index))
        for s in (denials[:1] if evidence.denial >= gates.denial else []) + conflicts[:1]:
            chosen.setdefault(s.index, _rationale(label, s, evidence.claim))
    else:
        # The best sentence, and a second one only if it is about the claim nearly as much.
        for rank, s in enumerate(by_related[: 1 if label == "unrelated" else 2]):
            if rank == 0 or s.relatedness >= max(gates.related, SECOND_RATIONALE * by_related[0].relatedness):
                chosen.setdefault(s.index, _rationale(label, s, evidence.claim))
    # A reader must see a denial aimed at the claim (or at the report of it the article carries).
    shown = [s for s in denials if s.denial >= gates.related]
    for s in shown[:1]:
        if s.index not in chosen:
            chosen[s.index] = _rationale("denial", s, evidence.claim)
    return tuple(sorted(distinct_rationales(chosen.values())[:3], key=lambda r: r.index))


def frame_note(claim: str, sentence: str) -> str | None:
    """What the sentence's event frame says against the claim's ("the claim says done; this report
    says ongoing"), or None. Read only for a rationale against the claim: the frames of a model
    without frame features are not read otherwise, and the name recogniser they need is the
    costliest step of a fast-model article."""
    claim_frame, sentence_frame = frames([claim, sentence])
    return align(claim_frame, sentence_frame).note()


def _rationale(role: str, s: SentenceScore, claim: str = "") -> Rationale:
    agree, disagree, _ = s.pair
    parts = [f"{role}: covers {s.coverage:.0%} of the claim"]
    if s.cosine is not None:
        parts.append(f"similarity {s.cosine:.2f}")
    parts.append(f"pair model agree {agree:.2f} / disagree {disagree:.2f}")
    if s.cues:
        parts.append("cues: " + ", ".join(s.cues))
    score = s.denial if role in ("denial", "disagree") and s.denial else s.relatedness
    note = frame_note(claim, s.text) if role in ("disagree", "denial") and claim else None
    if note:
        parts.append(note)
    return Rationale(s.index, s.text, "; ".join(parts), round(score, 4), note)


# --- shipped files ---------------------------------------------------------------------------


def read_spec() -> dict[str, Any]:
    """The shipped ``models.json``; ModelError when it is missing or built for other features."""
    try:
        raw = resources.files("tahqiq").joinpath(f"{MODEL_DIR}/{SPEC_FILE}").read_text(encoding="utf-8")
        spec: dict[str, Any] = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot read the shipped stance models ({exc}); rebuild them with make models"
        ) from exc
    features = spec.get("features", {})
    if (
        spec.get("format") != FORMAT
        or features.get("dense") not in (list(dense_names(True)), list(dense_names(False)))
        or features.get("hash_bits") != HASH_BITS
    ):
        raise ModelError(
            "the shipped stance models were built for other features; rebuild them with make models"
        )
    check_model_lexicon(spec.get("lexicon_sha256"), _has_frames(spec))
    return spec


def _has_frames(spec: dict[str, Any]) -> bool:
    """Whether the spec's feature list holds the event-frame columns; a model entry then reads them
    unless it says ``"frames": false`` (files written before the frames have neither)."""
    return bool(spec["features"]["dense"] == list(dense_names(True)))


def read_pair(file: str, embedder: str | None, frames: bool = True) -> PairModel:
    """A pair model from its ``.npz`` (plain arrays, loaded without pickle)."""
    try:
        data = resources.files("tahqiq").joinpath(f"{MODEL_DIR}/{file}").read_bytes()
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"cannot read stance model file {file} ({exc}); rebuild it with make models"
        ) from exc
    return PairModel(weights, bias, embedder, frames)


@lru_cache(maxsize=4)
def _build(variant: str) -> TrainedStance:
    spec = read_spec()
    entry = spec["models"][variant]
    embedder = load_embedder(entry["embedder"]) if entry["embedder"] else None
    if entry["embedder"] and embedder is None:
        return _build("fast")
    pair = read_pair(entry["pair"], entry["embedder"], bool(entry.get("frames", _has_frames(spec))))
    return TrainedStance(entry["name"], pair, Gates(**entry["gates"]), embedder)


MODEL_NAMES: tuple[str, ...] = ("default", "fast", "rules")


def load_model(name: str | None = None) -> StanceModel:
    """The stance model ``name``: ``default`` (embeddings + lexical, falling back to ``fast``
    with a logged warning when embeddings are not installed), ``fast`` (lexical only) or
    ``rules`` (the transparent cue baseline). None means ``default``."""
    choice = name or "default"
    if choice == "rules":
        from tahqiq.stance.rules import RuleStance

        return RuleStance()
    if choice not in MODEL_NAMES:
        raise ModelError(f"unknown stance model {choice!r}; available: {', '.join(MODEL_NAMES)}")
    return _build(choice)


def desk_stance(name: str, base: str, gates: dict[str, float]) -> TrainedStance:
    """A desk model: the shipped pair model ``base`` (``default`` or ``fast``) with refitted gates.
    Only the gates are the desk's: the pair model stays the one trained on licensed data."""
    if base not in ("default", "fast"):
        raise ModelError(f"desk model {name!r} names an unknown base model {base!r}")
    shipped = _build(base)
    try:
        fitted = Gates(
            **{k: float(gates[k]) for k in ("related", "agree", "conflict", "denial", "temperature")}
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"desk model {name!r} has unreadable gates ({exc})") from exc
    return TrainedStance(name, shipped.pair, fitted, shipped.embedder)
