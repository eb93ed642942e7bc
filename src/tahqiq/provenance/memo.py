"""Results derived from an article's text, kept per process so they are computed once.

Quotes, attributions and copy fingerprints depend only on an article's text, its stored
sentence boundaries and the gazetteer, yet every check rebuilt them for its ten articles
(15–20 ms, 40–50% of a warm check at 20,000 articles) and every article view did again.
Storing them at ingest would cost twice what the rest of its text analysis does (2.4 ms an
article against 1.1 on the busy development laptop), so they are kept here instead, by a
digest of the text rather than by article id: the same id in two stores, or an article
re-ingested with other text, can never be served another text's result. Read paths stay
read-only.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from tahqiq.records import Sentence

V = TypeVar("V")


def text_digest(text: str) -> bytes:
    """128-bit BLAKE2b of the text: a few microseconds for an article, collisions out of reach."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def sentence_bounds(sentences: Sequence[Sentence]) -> tuple[tuple[int, int], ...]:
    """The sentence boundaries a result depends on (stores written by older versions may differ)."""
    return tuple((s.start, s.end) for s in sentences)


class Memo(Generic[V]):
    """A thread-safe LRU of values by key; a value is computed outside the lock, at most once per key
    in the common case (two threads racing on one key both compute, and the results are equal)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)
