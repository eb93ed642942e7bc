"""Retrieval: BM25 over the store's stem index, with best-matching sentences."""

from tahqiq.retrieve.bm25 import query_terms, search, sentence_scores

__all__ = ["query_terms", "search", "sentence_scores"]
