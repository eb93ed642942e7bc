"""Claim → articles by BM25 over every stem of the claim, then the sentences that match it best.

The claim is normalized and stemmed exactly as articles were at ingest, and **every** stem is
queried. An earlier version dropped the stems found in more than half of the store to keep FTS5
fast; in a small or single-topic store those are exactly the words that matter (الحسكة، الجيش،
داعش), and adding four on-topic articles to the five samples made the sample's denial vanish.
BM25 already weighs common terms low; speed now comes from a top-k engine
(:mod:`tahqiq.store.lexindex`), not from leaving words out.

Where the store has a lexical index, articles up to its watermark are ranked by tantivy and the
tail above it by FTS5; without one (a read-only store, or one built before the index existed)
FTS5 ranks everything, with the same stems.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence

from tahqiq.records import Article, SearchHit, Sentence
from tahqiq.store import Store
from tahqiq.store.lexindex import last_article_id, open_index, tail_search
from tahqiq.text import stems


def claim_stems(claim: str) -> list[str]:
    """The claim's distinct stems, in order."""
    return list(dict.fromkeys(stems(claim)))


def query_terms(store: Store, claim: str) -> tuple[list[str], dict[str, float]]:
    """The claim's distinct stems found in the store, and a BM25 idf weight per stem.

    Document frequencies come from the lexical index when there is one (two dictionary look-ups
    per stem, plus the FTS5 tail above its watermark), since FTS5's vocabulary table counts a
    term's documents by reading its whole posting list.
    """
    terms = claim_stems(claim)
    if not terms:
        return [], {}
    index = open_index(store)
    if index is not None and index.watermark > 0:
        n, df = index.document_frequencies(terms)
        tail_n, tail_df = _tail_frequencies(store, terms, index.watermark)
        n += tail_n
        df = {t: df[t] + tail_df[t] for t in terms}
    else:
        n = store.count()
        df = store.document_frequencies(terms)
    n = max(n, 1)
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}
    return [t for t in terms if df[t] > 0], idf


def _tail_frequencies(store: Store, terms: Sequence[str], above: int) -> tuple[int, dict[str, int]]:
    """Article count and per-term document counts above the index's watermark (usually none)."""
    if last_article_id(store) <= above:
        return 0, dict.fromkeys(terms, 0)
    return store.tail_frequencies(terms, above)


def lexical_ranking(store: Store, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
    """``(article_id, score)`` best first by BM25 over ``terms`` (OR); higher is better.

    The index answers for ids up to its watermark and FTS5 for the tail above it; the two lists
    are merged by score. Both are BM25 (k1 1.2, b 0.75, title weighted 2) but their idf formulas
    differ slightly (FTS5 clamps negative idf), so a tail article's rank is approximate. The tail
    is empty except between an ingest's SQLite commit and its index catch-up.
    """
    if not terms or limit <= 0:
        return []
    index = open_index(store)
    if index is None:
        return store.fts_search(list(terms), limit)
    ranked, watermark = index.search(terms, limit)
    tail = tail_search(store, terms, limit, watermark)
    if not tail:
        return ranked
    return heapq.nlargest(limit, [*ranked, *tail], key=lambda pair: (pair[1], -pair[0]))


def sentence_scores(sentences: Sequence[Sentence], idf: dict[str, float]) -> list[float]:
    """Share of the claim's idf mass each sentence covers, in [0, 1]."""
    return _scores([frozenset(stems(s.text)) for s in sentences], idf)


def _scores(stem_sets: Sequence[frozenset[str]], idf: dict[str, float]) -> list[float]:
    total = sum(idf.values()) or 1.0
    return [sum(idf[t] for t in found & idf.keys()) / total for found in stem_sets]


#: Articles whose sentence stems are kept in memory. A check scores the sentences of its 40
#: candidates (Baly pages: about 60 sentences each, most of a check's retrieval time), and the
#: same articles come back for every claim about the same story.
SENTENCE_CACHE_ARTICLES = 4096
_SENTENCE_STEMS: OrderedDict[tuple[int, str], tuple[frozenset[str], ...]] = OrderedDict()
_SENTENCE_LOCK = threading.Lock()


def sentence_stem_sets(article: Article, sentences: Sequence[Sentence]) -> tuple[frozenset[str], ...]:
    """The stems of each sentence of ``article``, cached by article id and content hash."""
    key = (article.id, article.content_hash)
    with _SENTENCE_LOCK:
        cached = _SENTENCE_STEMS.get(key)
        if cached is not None and len(cached) == len(sentences):
            _SENTENCE_STEMS.move_to_end(key)
            return cached
    computed = tuple(frozenset(stems(s.text)) for s in sentences)
    with _SENTENCE_LOCK:
        _SENTENCE_STEMS[key] = computed
        while len(_SENTENCE_STEMS) > SENTENCE_CACHE_ARTICLES:
            _SENTENCE_STEMS.popitem(last=False)
    return computed


def hits_for(
    store: Store,
    ranked: Sequence[tuple[int, float]],
    idf: dict[str, float],
    *,
    sentences_per_article: int = 3,
) -> list[SearchHit]:
    """``SearchHit`` for each ``(article_id, score)``, in order, with its best-matching sentences."""
    articles: dict[int, Article] = {a.id: a for a in store.get_many([aid for aid, _ in ranked])}
    hits: list[SearchHit] = []
    for aid, score in ranked:
        article = articles.get(aid)
        if article is None:
            continue
        sents = store.sentences(article)
        scores = _scores(sentence_stem_sets(article, sents), idf)
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


def search(store: Store, claim: str, *, limit: int = 10, sentences_per_article: int = 3) -> list[SearchHit]:
    """Articles most relevant to ``claim`` by BM25, best first, each with its best-matching sentences."""
    terms, idf = query_terms(store, claim)
    ranked = lexical_ranking(store, terms, limit)
    return hits_for(store, ranked, idf, sentences_per_article=sentences_per_article)
