"""Retrieval: BM25 over every claim stem (tantivy with an FTS5 tail)."""

from tahqiq.retrieve.bm25 import lexical_ranking, query_terms, search, sentence_scores

__all__ = ["lexical_ranking", "query_terms", "search", "sentence_scores"]
