"""The keys of the copy index: stable word ids, shingle hashes and the winnowed hashes stored.

They live with the store because they *are* the index's contents, as the stems are the FTS
index's: a change here needs a migration that fingerprints every article again. The exact
alignment of :mod:`tahqiq.provenance.copies` hashes words the same way, so a stored hash and
an aligned shingle always agree.

Comparing every pair of articles does not scale, so each article keeps only the shingle hashes
chosen by winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest hash in every window of
``WINDOW`` consecutive shingles. Two texts that share a run of at least ``GUARANTEED_WORDS``
words have one window wholly inside it, hence one stored hash in common, so the index finds
every such copy while storing about ``2 / (WINDOW + 1)`` of the shingles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from tahqiq.text import stem, tokenize
from tahqiq.text.normalize import normalize

SHINGLE = 5  # words per shingle: long enough to be rare, short enough to survive edits
WINDOW = 8  # shingles per winnowing window: stores ~22% of them
GUARANTEED_WORDS = WINDOW + SHINGLE - 1  # a shared run this long is always found (12 words)

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


def winnow(hashes: NDArray[np.uint64], window: int = WINDOW) -> list[int]:
    """The smallest hash of every ``window`` consecutive hashes (all of them for a shorter text), sorted."""
    n = len(hashes) - window + 1
    if n > 1:
        smallest = hashes[:n]
        for j in range(1, window):
            smallest = np.minimum(smallest, hashes[j : j + n])
        hashes = smallest
    out: list[int] = np.unique(hashes).tolist()
    return out


def text_fingerprints(text: str) -> list[int]:
    """The hashes the index stores for ``text``, distinct and sorted."""
    return winnow(shingle_hashes(text_word_ids(text)))


def content_hash(text: str) -> str:
    """Hash of an article's normalized text: equal for copies that differ only in spelling marks."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()
