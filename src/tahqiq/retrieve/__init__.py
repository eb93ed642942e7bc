"""Retrieval: BM25 over every claim stem (tantivy with an FTS5 tail), passage vectors, fusion."""

from tahqiq.retrieve.bm25 import lexical_ranking, query_terms, search, sentence_scores
from tahqiq.retrieve.hybrid import RERANK_DEPTH, Candidate, candidates, rerank, rrf

__all__ = [
    "RERANK_DEPTH",
    "Candidate",
    "candidates",
    "lexical_ranking",
    "query_terms",
    "rerank",
    "rrf",
    "search",
    "sentence_scores",
]
