"""Claim matching: which saved checks' claims a new article states again, and in which sentence.

Built once per ingest batch from the saved checks, then run over each new article's sentences in
three steps, each cheaper than the next is expensive, so the costly ones see few sentences:

1. **Word overlap** through an inverted index of the claims' loose word keys
   (:func:`tahqiq.stance.weights.keys`: stems without derivational prefixes and long vowels, so
   تدريب / يدرب / المدربين meet, with party aliases folded as the stance model folds them): a
   sentence is a candidate for a claim when it holds at least :data:`CANDIDATE_COVERAGE` of the
   claim's idf-weighted words.
2. **Soft coverage**, the stance model's own relatedness (:func:`tahqiq.stance.features.soft_coverage`:
   near-spellings count too), for the candidates only.
3. **Sentence embeddings** (:mod:`tahqiq.stance.embeddings`, the ones retrieval and stance read)
   for the candidates only, in one call per batch: the cosine of the claim and the sentence.

The match score is :data:`LEXICAL_WEIGHT` × soft coverage + the rest × cosine (soft coverage
alone without embeddings), and a sentence states the claim when its score reaches
:data:`MATCH_SCORE`. Nothing here is a new similarity: both terms are the ones check reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tahqiq.records import Article, Sentence
from tahqiq.stance.embeddings import Embedder
from tahqiq.stance.features import TextView, coverage, soft_coverage, view

# The thresholds were set on planted rewordings, seed 1 of benchmarks/bench_watch.py (50 claims
# from data/lexicon/claim_grammar.tsv, 4 rewordings and 4 decoys each, in 2,000 synthetic
# articles), and are reported on seed 2 (docs/watch.md). Over the grid (weight 0.3-1.0, score
# 0.5-0.8) no point reached the targets together: 0.3/0.70 kept false alerts to 0.036 of
# alerts at recall 0.665; 0.4/0.65 reached recall 0.775 at 0.124 false. Precision was preferred:
# a desk reads every alert. A coverage floor of 0.3 caps recall at about 0.93.
CANDIDATE_COVERAGE = 0.3  # exact weighted word coverage for a sentence to be scored at all
LEXICAL_WEIGHT = 0.3  # share of soft coverage in the score; cosine has the rest
MATCH_SCORE = 0.7  # score from which a sentence states the claim (with embeddings)
# Soft coverage alone, where embeddings are not installed: at 0.8 seed 1 gave recall 0.43 and
# 0.79 false, since the decoys share most of a claim's words (load_embedder logs the fallback).
LEXICAL_MATCH = 0.85
# A sentence holding (nearly) every weighted word of the claim states it, however long the frame
# around it makes the sentence (a reporting frame lowers the cosine: «قالت مصادر إن …» + the claim
# scored 0.57 against the sample claim). Decoys lack a slot's words, so they stay under it.
FULL_COVERAGE = 0.95
MIN_SENTENCE_KEYS = 3  # shorter sentences (datelines, bylines, headings) state no claim


@dataclass(frozen=True)
class SavedClaim:
    """A saved check's claim as the matcher reads it, and what the check already knew of it."""

    check_id: int
    claim: str
    outlets: frozenset[str]  # outlets of the check's evidence that relate to the claim
    carriers: tuple[int, ...]  # those evidence articles' ids


@dataclass(frozen=True)
class Match:
    """The sentence of an article that best states a claim, with the two terms of its score."""

    claim: SavedClaim
    article: Article
    sentence: Sentence
    lexical: float
    semantic: float | None
    score: float


class ClaimIndex:
    """Saved claims with their word keys and vectors computed once, matched against many articles."""

    def __init__(self, claims: Sequence[SavedClaim], embedder: Embedder | None) -> None:
        self.claims = list(claims)
        self.embedder = embedder
        self.views: list[TextView] = [view(c.claim) for c in self.claims]
        self.postings: dict[str, list[int]] = {}
        for n, v in enumerate(self.views):
            for key in v.weights:
                self.postings.setdefault(key, []).append(n)
        self.vectors: np.ndarray | None = (
            embedder.embed([c.claim for c in self.claims]) if embedder is not None and self.claims else None
        )

    def candidates(self, sentence: str) -> list[tuple[int, float]]:
        """``(claim number, exact weighted coverage)`` of the claims ``sentence`` may state."""
        sv = view(sentence)
        if len(sv.keys) < MIN_SENTENCE_KEYS:
            return []
        found: dict[int, float] = {}
        for key in sv.weights:
            for n in self.postings.get(key, ()):
                found[n] = found.get(n, 0.0) + self.views[n].weights[key]
        out = []
        for n, weight in found.items():
            total = self.views[n].total
            if total and weight / total >= CANDIDATE_COVERAGE:
                out.append((n, weight / total))
        return out

    def scored(
        self, articles: Sequence[tuple[Article, Sequence[Sentence]]]
    ) -> list[tuple[int, int, Sentence, float, float | None]]:
        """Every candidate (article no., claim no., sentence, soft coverage, cosine or None)."""
        pending: list[tuple[int, int, Sentence, float]] = []
        for a, (_, sentences) in enumerate(articles):
            for s in sentences:
                for n, _ in self.candidates(s.text):
                    pending.append((a, n, s, soft_coverage(self.views[n], view(s.text))))
        if self.embedder is None or self.vectors is None or not pending:
            return [(a, n, s, soft, None) for a, n, s, soft in pending]
        texts = list(dict.fromkeys(s.text for _, _, s, _ in pending))
        rows = {t: i for i, t in enumerate(texts)}
        vectors = self.embedder.embed(texts)
        return [(a, n, s, soft, float(vectors[rows[s.text]] @ self.vectors[n])) for a, n, s, soft in pending]

    def match(self, articles: Sequence[tuple[Article, Sequence[Sentence]]]) -> list[Match]:
        """Each (claim, article) whose best sentence reaches the match threshold, in article order."""
        best: dict[tuple[int, int], Match] = {}
        for a, n, s, soft, cos in self.scored(articles):
            score = match_score(soft, cos)
            if score < (LEXICAL_MATCH if cos is None else MATCH_SCORE) and soft < FULL_COVERAGE:
                continue
            found = best.get((a, n))
            if found is None or score > found.score:
                best[(a, n)] = Match(self.claims[n], articles[a][0], s, soft, cos, score)
        return [best[k] for k in sorted(best)]


def match_score(soft: float, cosine: float | None, weight: float = LEXICAL_WEIGHT) -> float:
    """The score a match threshold reads: soft coverage alone, or weighed with the cosine."""
    return soft if cosine is None else weight * soft + (1 - weight) * cosine


def exact_coverage(claim: str, sentence: str) -> float:
    """The claim's weighted word share that ``sentence`` holds exactly (what step 1 reads)."""
    return coverage(view(claim), view(sentence))
