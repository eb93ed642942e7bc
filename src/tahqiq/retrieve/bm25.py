"""Claim → articles: BM25 over the stem index, then the sentences that match the claim best.

The claim is normalized and stemmed exactly as articles were at ingest. Terms found in most of
the store carry almost no BM25 weight but cost a scan of every posting, so they are dropped
when rarer terms remain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tahqiq.records import Article, SearchHit, Sentence
from tahqiq.store import Store
from tahqiq.text import stems

COMMON_TERM_SHARE = 0.5


def query_terms(store: Store, claim: str) -> tuple[list[str], dict[str, float]]:
    """The claim's distinct stems worth querying, and an idf weight per stem."""
    terms = list(dict.fromkeys(stems(claim)))
    if not terms:
        return [], {}
    n = max(store.count(), 1)
    df = store.document_frequencies(terms)
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
    present = [t for t in terms if df[t] > 0]
    rare = [t for t in present if df[t] <= COMMON_TERM_SHARE * n]
    return (rare if rare else present), idf


def sentence_scores(sentences: Sequence[Sentence], idf: dict[str, float]) -> list[float]:
    """Share of the claim's idf mass each sentence covers, in [0, 1]."""
    total = sum(idf.values()) or 1.0
    out = []
    for s in sentences:
        found = set(stems(s.text)) & idf.keys()
        out.append(sum(idf[t] for t in found) / total)
    return out


def search(store: Store, claim: str, *, limit: int = 10, sentences_per_article: int = 3) -> list[SearchHit]:
    """Articles most relevant to ``claim``, best first, each with its best-matching sentences."""
    terms, idf = query_terms(store, claim)
    ranked = store.fts_search(terms, limit)
    articles: dict[int, Article] = {a.id: a for a in store.get_many([aid for aid, _ in ranked])}
    hits: list[SearchHit] = []
    for aid, score in ranked:
        article = articles[aid]
        sents = store.sentences(article)
        scores = sentence_scores(sents, idf)
        order = sorted(range(len(sents)), key=lambda i: (-scores[i], i))[:sentences_per_article]
        order = [i for i in order if scores[i] > 0]
        hits.append(
            SearchHit(
                article=article,
                score=score,
                sentences=tuple(sents[i] for i in order),
                sentence_scores=tuple(scores[i] for i in order),
            )
        )
    return hits
