"""Snowball Arabic stems (PyStemmer) and stop words, shared by indexing and querying.

Index and query must stem identically or BM25 silently misses; both call :func:`stems`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import Stemmer

from tahqiq.text.normalize import normalize
from tahqiq.text.tokens import words

_STEMMER = Stemmer.Stemmer("arabic")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Normalized Arabic stop words (stopwords-iso, MIT), as shipped in ``tahqiq/data``."""
    raw = resources.files("tahqiq").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w) for w in raw.split() if w.strip())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one normalized word; digits and Latin words pass through unchanged."""
    return str(_STEMMER.stemWord(word))


def stems(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Normalized, stemmed words of ``text`` in order, stop words removed unless asked otherwise."""
    stop = stopwords() if drop_stopwords else frozenset()
    return [stem(w) for w in words(text) if w not in stop]
