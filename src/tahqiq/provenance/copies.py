"""Copied passages between articles: runs of shared normalized word n-grams.

Two reports that repeat one statement rarely match character for character: one writes
أميركيين and the other أمريكيين, one adds a word or changes محافظة to مدينة. So words are
compared by stem after normalization, matches are found through shared n-gram shingles, and
neighbouring matches are merged across small gaps into one passage. Each passage keeps the
original text of both sides for display.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from tahqiq.provenance.memo import Memo, text_digest
from tahqiq.records import Article, CopiedPassage, Span
from tahqiq.text import stem, tokenize
from tahqiq.text.tokens import word_spans

SHINGLE = 5  # words per shingle: long enough to be rare, short enough to survive edits
MAX_GAP = 4  # words either side may skip (an inserted or changed word) inside one passage
MIN_WORDS = 8  # shorter shared runs are set phrases, not copying
MAX_REPEATS = 8  # shingles repeated more often inside one article are boilerplate

# Shingle hashes are stored in the copy index, so they must not change between processes or
# Python versions (the built-in hash() of a string does): each word stem gets a fixed 64-bit id
# (BLAKE2b), a shingle the polynomial hash of its word ids modulo 2**64, kept to the top 47 bits
# so SQLite stores each in 6 bytes. At 10 million stored hashes a chance collision happens about
# once per 14 million look-ups, and alignment then rejects it. NumPy does the arithmetic.
HASH_BITS = 47
_BASE = np.uint64(1_000_003)
_DROP = np.uint64(64 - HASH_BITS)
_CACHE_MAX = 500_000  # entries per cache below; a full cache is cleared (junk input only)
_WORD_IDS: dict[str, int] = {}  # stem → id
_TOKEN_IDS: dict[str, tuple[int, ...]] = {}  # whitespace-separated token as written → its word ids


@dataclass(frozen=True)
class Fingerprint:
    """An article's words (as stems, with offsets) and where each shingle occurs."""

    article_id: int
    text: str
    keys: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    shingles: dict[int, list[int]]


def _word_id(key: str) -> int:
    out = _WORD_IDS.get(key)
    if out is None:
        if len(_WORD_IDS) >= _CACHE_MAX:
            _WORD_IDS.clear()
        out = _WORD_IDS[key] = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest())
    return out


def key_ids(keys: Sequence[str]) -> NDArray[np.uint64]:
    """The id of each word key (stem), in order."""
    get = _WORD_IDS.get
    return np.fromiter((get(k) or _word_id(k) for k in keys), dtype=np.uint64, count=len(keys))


def text_word_ids(text: str) -> NDArray[np.uint64]:
    """The ids of ``text``'s word stems, equal to ``key_ids`` of :func:`fingerprint`'s keys.

    Ingest needs no offsets, and tokenizing, normalizing and stemming a whole article costs
    more than the rest of fingerprinting. Words never span white space, so each
    white-space-separated token (punctuation attached) is tokenized once and its ids cached;
    news vocabulary is Zipfian, so nearly every token is a cache hit.
    """
    get = _TOKEN_IDS.get
    ids: list[int] = []
    for token in text.split():
        found = get(token)
        ids.extend(found if found is not None else token_word_ids(token))
    return np.array(ids, dtype=np.uint64)


def token_word_ids(token: str) -> tuple[int, ...]:
    """The word ids of one white-space-separated token, cached (see :func:`text_word_ids`)."""
    found = _TOKEN_IDS.get(token)
    if found is None:
        if len(_TOKEN_IDS) >= _CACHE_MAX:
            _TOKEN_IDS.clear()
        found = _TOKEN_IDS[token] = tuple(_word_id(stem(t.norm)) for t in tokenize(token))
    return found


def shingle_hashes(ids: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Stable hash of every ``SHINGLE``-word window of the word ``ids``, in order."""
    n = len(ids) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = ids[:n].copy()
    for j in range(1, SHINGLE):
        h *= _BASE  # wraps around modulo 2**64, as intended
        h += ids[j : j + n]
    h >>= _DROP
    return h


# Fingerprints kept per process: those of the last checks' related articles and reuse
# candidates. One holds every word's stem and offsets, tens of kilobytes for an article.
FINGERPRINT_MEMO_SIZE = 512
_FINGERPRINTS: Memo[Fingerprint] = Memo(FINGERPRINT_MEMO_SIZE)


def fingerprint(article_id: int, text: str) -> Fingerprint:
    """Words, offsets and shingles of one article, computed once per id and text."""
    return _FINGERPRINTS.get((article_id, text_digest(text)), lambda: compute_fingerprint(article_id, text))


def compute_fingerprint(article_id: int, text: str) -> Fingerprint:
    """:func:`fingerprint` without the memo, for scans of the whole store that would only churn it."""
    norms, spans = word_spans(text)  # the tokens of tokenize(text), as plain values
    keys = tuple(map(stem, norms))
    shingles: dict[int, list[int]] = defaultdict(list)
    for i, h in enumerate(shingle_hashes(key_ids(keys)).tolist()):
        shingles[h].append(i)
    kept = {h: pos for h, pos in shingles.items() if len(pos) <= MAX_REPEATS}
    return Fingerprint(article_id, text, keys, tuple(spans), kept)


def copied_passages(a: Fingerprint, b: Fingerprint) -> list[CopiedPassage]:
    """Every passage of at least ``MIN_WORDS`` words that ``a`` and ``b`` share, in ``a``'s order."""
    small, large = (
        (a.shingles, b.shingles) if len(a.shingles) <= len(b.shingles) else (b.shingles, a.shingles)
    )
    matches: list[tuple[int, int]] = []
    for h in small.keys() & large.keys():
        for i in a.shingles[h]:
            matches.extend((i, j) for j in b.shingles[h])
    matches.sort()
    runs: list[list[int]] = []  # [start_i, start_j, last_i, last_j]
    for i, j in matches:
        for run in runs:
            # A changed word removes the SHINGLE shingles that hold it, so g skipped words leave
            # a step of g + SHINGLE between the shingles either side.
            if 0 < i - run[2] <= MAX_GAP + SHINGLE and 0 < j - run[3] <= MAX_GAP + SHINGLE:
                run[2], run[3] = i, j
                break
        else:
            runs.append([i, j, i, j])
    out = []
    for si, sj, li, lj in runs:
        words = li - si + SHINGLE
        if words < MIN_WORDS:
            continue
        span_a = Span(a.offsets[si][0], a.offsets[li + SHINGLE - 1][1])
        span_b = Span(b.offsets[sj][0], b.offsets[lj + SHINGLE - 1][1])
        out.append(
            CopiedPassage(
                articles=(a.article_id, b.article_id),
                passage=a.text[span_a.start : span_a.end],
                passage_other=b.text[span_b.start : span_b.end],
                spans=(span_a, span_b),
                words=words,
            )
        )
    return _drop_contained(out)


def _drop_contained(passages: list[CopiedPassage]) -> list[CopiedPassage]:
    """Keep the longest of overlapping passages (a run can restart inside a longer one)."""
    kept: list[CopiedPassage] = []
    for p in sorted(passages, key=lambda p: -p.words):
        a = p.spans[0]
        if not any(a.start < k.spans[0].end and k.spans[0].start < a.end for k in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.spans[0].start)


def find_copies(articles: Sequence[Article]) -> list[CopiedPassage]:
    """Copied passages among a small set of articles (all pairs; for a whole store use an index)."""
    prints = [fingerprint(a.id, a.text) for a in articles]
    out: list[CopiedPassage] = []
    for a, b in combinations(prints, 2):
        out.extend(copied_passages(a, b))
    return out
