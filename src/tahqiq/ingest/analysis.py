"""The text analysis an article needs before it is stored, as one picklable result.

Ingest spends most of its time here, in Python: the content hash (of the normalized text),
sentence boundaries, title and body stems for the BM25 index, and the winnowed fingerprints of
the copy index. Bundling them lets worker processes compute them while the main process writes
to SQLite (:mod:`tahqiq.store.pipeline`); :meth:`tahqiq.store.Store.add_batch` computes the same
thing in-process when it is given none, so both paths store identical rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from tahqiq.text import split_sentences, stems
from tahqiq.text.fingerprints import content_hash, shingle_hashes, token_word_ids, winnow
from tahqiq.text.stem import stems_uncached


class TextAnalysis(NamedTuple):
    """What the store writes for a new article besides the article itself.

    A named tuple, so :meth:`~tahqiq.store.Store.add_batch` takes it as a plain tuple and the
    store does not depend on the ingest package.
    """

    content_hash: str
    sentences: tuple[tuple[int, int], ...]  # (start, end) of sentence 0, 1, ...
    title_stems: str
    body_stems: str
    fingerprints: tuple[int, ...]


# White-space-separated token as written → (its word ids for fingerprints, its stems for the
# index). Words never span white space and normalization works word by word, so the stems of a
# text are those of its tokens in order (tests/ingest/test_analysis.py holds both to it); news
# vocabulary is Zipfian, so after a few hundred articles nearly every token is a hit, and the
# body is tokenized once for both instead of once for each.
_TOKENS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}
_TOKENS_MAX = 500_000  # a full cache is cleared (junk input only)


def _token(token: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    if len(_TOKENS) >= _TOKENS_MAX:
        _TOKENS.clear()
    found = _TOKENS[token] = (token_word_ids(token), tuple(stems_uncached(token)))
    return found


def analyse_text(text: str, title: str, digest: str | None = None) -> TextAnalysis:
    """Analyse one article (``text`` is the body, as stored; ``digest`` its content hash if known)."""
    get = _TOKENS.get
    ids: list[int] = []
    body: list[str] = []
    for token in text.split():
        found = get(token) or _token(token)
        ids.extend(found[0])
        body.extend(found[1])
    return TextAnalysis(
        content_hash=digest or content_hash(text),
        sentences=tuple((s.start, s.end) for s in split_sentences(text)),
        title_stems=" ".join(stems(title)),
        body_stems=" ".join(body),
        fingerprints=tuple(winnow(shingle_hashes(np.array(ids, dtype=np.uint64)))),
    )


def hash_only(digest: str) -> TextAnalysis:
    """The analysis of an article the store already holds: only its hash is ever read."""
    return TextAnalysis(digest, (), "", "", ())


def analyse_batch(items: Sequence[tuple[str, str]]) -> list[TextAnalysis]:
    """Analyse ``(text, title)`` pairs in order; the entry point of ingest's worker processes."""
    return [analyse_text(text, title) for text, title in items]
