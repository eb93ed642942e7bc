"""The text analysis an article needs before it is stored, as one picklable result.

Ingest spends most of its time here, in Python: the content hash (of the normalized text),
sentence boundaries, title and body stems for the BM25 index, and the winnowed fingerprints of
the copy index, and the persuasion-technique spans (:mod:`tahqiq.text.persuasion`, given the
sentences and words already split here so detection adds little). Bundling them lets worker
processes compute them while the main process writes
to SQLite (:mod:`tahqiq.store.pipeline`); :meth:`tahqiq.store.Store.add_batch` computes the same
thing in-process when it is given none, so both paths store identical rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from tahqiq.text import split_sentences, stems
from tahqiq.text.fingerprints import content_hash, shingle_hashes, token_word_ids, winnow
from tahqiq.text.persuasion import find_techniques
from tahqiq.text.stem import stems_uncached
from tahqiq.text.tokens import word_spans

SpanRow = tuple[str, int, int, float, str]
"""A persuasion-technique span as stored: technique, start, end, score, cue."""


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
    techniques: tuple[SpanRow, ...] = ()
    loaded_sentences: int = 0  # sentences holding at least one technique span


def technique_rows(
    text: str,
    sentences: Sequence[tuple[int, int]],
    words: tuple[Sequence[str], Sequence[tuple[int, int]]] | None = None,
) -> tuple[tuple[SpanRow, ...], int]:
    """The persuasion spans of ``text`` as rows to store, and how many of ``sentences`` hold one.

    Plain tuples, so worker processes hand them back cheaply; ``words`` are the normalized words
    and offsets when the caller has them (see :func:`~tahqiq.text.persuasion.find_techniques`).
    """
    spans = find_techniques(text, sentences, words) if sentences else ()
    rows = tuple((s.technique, s.start, s.end, round(s.score, 4), s.cue) for s in spans)
    return rows, loaded_sentences(sentences, [(s.start, s.end) for s in spans])


def loaded_sentences(sentences: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> int:
    """How many sentences overlap at least one span."""
    if not spans:
        return 0
    return sum(1 for a, b in sentences if any(s < b and e > a for s, e in spans))


# White-space-separated token as written → (its word ids for fingerprints, its stems for the
# index, its normalized words and their offsets within the token for persuasion detection).
# Words never span white space and normalization works word by word, so the stems and words of a
# text are those of its tokens in order (tests/ingest/test_analysis.py holds all three to it);
# news vocabulary is Zipfian, so after a few hundred articles nearly every token is a hit, and the
# body is tokenized once for all three instead of once for each.
_Token = tuple[tuple[int, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[int, int], ...]]
_TOKENS: dict[str, _Token] = {}
_TOKENS_MAX = 500_000  # a full cache is cleared (junk input only)
_SPACE_RUN = re.compile(r"\S+")  # the tokens of str.split(), with where each starts


def _token(token: str) -> _Token:
    if len(_TOKENS) >= _TOKENS_MAX:
        _TOKENS.clear()
    norms, offsets = word_spans(token)
    found = _TOKENS[token] = (
        token_word_ids(token),
        tuple(stems_uncached(token)),
        tuple(norms),
        tuple(offsets),
    )
    return found


def analyse_text(text: str, title: str, digest: str | None = None) -> TextAnalysis:
    """Analyse one article (``text`` is the body, as stored; ``digest`` its content hash if known)."""
    get = _TOKENS.get
    ids: list[int] = []
    body: list[str] = []
    norms: list[str] = []
    offsets: list[tuple[int, int]] = []
    for m in _SPACE_RUN.finditer(text):
        token = m.group()
        found = get(token) or _token(token)
        ids.extend(found[0])
        body.extend(found[1])
        if found[2]:
            norms.extend(found[2])
            at = m.start()
            offsets.extend([(at + a, at + b) for a, b in found[3]])
    sentences = tuple((s.start, s.end) for s in split_sentences(text))
    techniques, loaded = technique_rows(text, sentences, (norms, offsets))
    return TextAnalysis(
        content_hash=digest or content_hash(text),
        sentences=sentences,
        title_stems=" ".join(stems(title)),
        body_stems=" ".join(body),
        fingerprints=tuple(winnow(shingle_hashes(np.array(ids, dtype=np.uint64)))),
        techniques=techniques,
        loaded_sentences=loaded,
    )


def hash_only(digest: str) -> TextAnalysis:
    """The analysis of an article the store already holds: only its hash is ever read."""
    return TextAnalysis(digest, (), "", "", ())


def analyse_batch(items: Sequence[tuple[str, str]]) -> list[TextAnalysis]:
    """Analyse ``(text, title)`` pairs in order; the entry point of ingest's worker processes."""
    return [analyse_text(text, title) for text, title in items]
