"""Copied passages between articles: runs of shared normalized word n-grams.

Two reports that repeat one statement rarely match character for character: one writes
أميركيين and the other أمريكيين, one adds a word or changes محافظة to مدينة. So words are
compared by stem after normalization, matches are found through shared n-gram shingles, and
neighbouring matches are merged across small gaps into one passage. Each passage keeps the
original text of both sides for display.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from tahqiq.provenance.memo import Memo, text_digest
from tahqiq.records import Article, CopiedPassage, Span
from tahqiq.text import stem
from tahqiq.text.fingerprints import SHINGLE, key_ids, shingle_hashes
from tahqiq.text.tokens import word_spans

MAX_GAP = 4  # words either side may skip (an inserted or changed word) inside one passage
MIN_WORDS = 8  # shorter shared runs are set phrases, not copying
MAX_REPEATS = 8  # shingles repeated more often inside one article are boilerplate


@dataclass(frozen=True)
class Fingerprint:
    """An article's words (as stems, with offsets) and where each shingle occurs."""

    article_id: int
    text: str
    keys: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    shingles: dict[int, list[int]]


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
