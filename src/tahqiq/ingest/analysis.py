"""The text analysis an article needs before it is stored, as one picklable result.

Ingest spends most of its time here, in Python: the content hash (of the normalized text),
sentence boundaries, title and body stems for the BM25 index, and the winnowed fingerprints of
the copy index. Bundling them lets worker processes compute them while the main process writes
to SQLite (:mod:`tahqiq.ingest.pipeline`); :meth:`tahqiq.store.Store.add_batch` computes the same
thing in-process when it is given none, so both paths store identical rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tahqiq.provenance.index import text_fingerprints
from tahqiq.store.db import content_hash
from tahqiq.text import split_sentences, stems


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


def analyse_text(text: str, title: str) -> TextAnalysis:
    """Analyse one article (``text`` is the body, as stored)."""
    return TextAnalysis(
        content_hash=content_hash(text),
        sentences=tuple((s.start, s.end) for s in split_sentences(text)),
        title_stems=" ".join(stems(title)),
        body_stems=" ".join(stems(text)),
        fingerprints=tuple(text_fingerprints(text)),
    )


def analyse_batch(items: Sequence[tuple[str, str]]) -> list[TextAnalysis]:
    """Analyse ``(text, title)`` pairs in order; the entry point of ingest's worker processes."""
    return [analyse_text(text, title) for text, title in items]
