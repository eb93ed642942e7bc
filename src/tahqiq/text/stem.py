"""Snowball Arabic stems (PyStemmer) and stop words, shared by indexing and querying.

Index and query must stem identically or BM25 silently misses; both call :func:`stems`.
Snowball alone stems one word differently with and without its clitics (القوات → القو but
قوات → قوا; الأمريكيين → امريك but أمريكيين → امريكي), so two folds run around it:

* :func:`tahqiq.text.clitics.strip_proclitics` removes the conjunction, preposition and
  article that Arabic glues to a word, repeating until nothing changes. A fixed point makes
  ``core(prefix + w) == core(w)`` whenever one step removes exactly that prefix, so a word
  agrees with its clitic-bearing forms even when it merely *starts* like a clitic (بيان → يان
  in every form).
* relative-adjective endings (ـية, ـيين, ـيون, ـيات) are folded to ـي before Snowball and a
  trailing ـي after it, so أمريكي, الأمريكية, الأميركيين and أمريكا share ``امريك``.

The price is a few collisions between unrelated short words (بريد and فريد both give ريد);
BM25 still ranks by the other words of a claim, while a missed clitic form loses the match.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import regex
import Stemmer

from tahqiq.text.clitics import strip_proclitics
from tahqiq.text.normalize import normalize
from tahqiq.text.tokens import words

_STEMMER = Stemmer.Stemmer("arabic")

# Normalized Arabic letters only (no digits, no Latin): Snowball is not asked about others.
_ARABIC_WORD = regex.compile(r"[\u0621-\u064A]+")


# Feminine, plural and dual endings of relative adjectives, each with the shortest word it
# applies to: امريكيه, امريكيين, امريكيون, امريكيان, امريكيات all become امريكي.
_NISBA_ENDINGS = (("يين", 6), ("يون", 6), ("يان", 7), ("يات", 6), ("يه", 5))


def _nisba_base(word: str) -> str:
    for ending, shortest in _NISBA_ENDINGS:
        if len(word) >= shortest and word.endswith(ending):
            return word[: -len(ending)] + "ي"
    return word


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Normalized Arabic stop words (stopwords-iso, MIT), as shipped in ``tahqiq/data``."""
    raw = resources.files("tahqiq").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w) for w in raw.split() if w.strip())


def _stem_uncached(word: str) -> str:
    if not _ARABIC_WORD.fullmatch(word):
        return word
    out = str(_STEMMER.stemWord(_nisba_base(strip_proclitics(word))))
    # A nisba yeh that Snowball kept (سوريا → سوري) goes too, so سوري, سوريه and سوريا agree.
    return out[:-1] if len(out) >= 4 and out.endswith("ي") else out


# Word → stem. News vocabulary is Zipfian, so after a few thousand articles nearly every word
# is a dict hit; the cap only guards memory against junk input (it is cleared when full).
_CACHE: dict[str, str] = {}
_CACHE_MAX = 200_000


def stem(word: str) -> str:
    """Stem one normalized word; digits and Latin words pass through unchanged."""
    out = _CACHE.get(word)
    if out is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        out = _CACHE[word] = _stem_uncached(word)
    return out


# Texts stemmed lately (stop words dropped), oldest first. Ingest stems each article for the
# FTS5 table and, a few batches later, again for the lexical index (tahqiq.store.lexindex):
# about a sixth of ingest CPU spent twice. A title and a body for each of the articles between
# two catch-ups (tahqiq.api.LEXINDEX_CATCH_UP_ARTICLES) plus a batch read in one chunk, with
# room: about 25 MB of stems and texts.
RECENT_TEXTS = 4096
_RECENT: dict[str, tuple[str, ...]] = {}
_RECENT_LOCK = threading.Lock()


def remember_stems(text: str, found: Sequence[str]) -> None:
    """Note that ``stems(text)`` is ``found`` (computed elsewhere, by an ingest worker process)."""
    with _RECENT_LOCK:
        _RECENT[text] = tuple(found)
        while len(_RECENT) > RECENT_TEXTS:
            del _RECENT[next(iter(_RECENT))]


def stems(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Normalized, stemmed words of ``text`` in order, stop words removed unless asked otherwise."""
    if drop_stopwords:
        recent = _RECENT.get(text)
        if recent is not None:
            return list(recent)
        out = _stems(text, stopwords())
        remember_stems(text, out)
        return out
    return _stems(text, frozenset())


def stems_uncached(text: str) -> list[str]:
    """:func:`stems` (stop words dropped) without the memo of recent texts, for single tokens."""
    return _stems(text, stopwords())


def _stems(text: str, stop: frozenset[str]) -> list[str]:
    get = _CACHE.get
    out: list[str] = []
    append = out.append
    for w in words(text):
        if w in stop:
            continue
        s = get(w)
        append(s if s is not None else stem(w))
    return out
