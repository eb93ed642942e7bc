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
# A changed word at a passage's end is taken in when this many equal words follow it: two is the
# fewest that a chance match of one common word («في», «أن») does not give.
EDIT_CONFIRM = 2
MIN_WORDS = 8  # shorter shared runs are set phrases, not copying
# A shingle repeated more often inside one article (a chant, a list's refrain) keeps only its first
# MAX_REPEATS places: alignment work stays bounded (at most MAX_REPEATS² matches per shared
# shingle) and the phrase is still aligned where it first occurs. Dropping the shingle outright, as
# before, lost every passage that ran through it.
MAX_REPEATS = 8


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
    kept = {h: pos[:MAX_REPEATS] for h, pos in shingles.items()}
    return Fingerprint(article_id, text, keys, tuple(spans), kept)


def copied_passages(a: Fingerprint, b: Fingerprint) -> list[CopiedPassage]:
    """Every passage of at least ``MIN_WORDS`` words that ``a`` and ``b`` share, in ``a``'s order.

    The alignment is always made from the article with the smaller id and mirrored for the other
    order, so ``copied_passages(b, a)`` is ``copied_passages(a, b)`` with the sides swapped: runs
    are merged greedily in one side's order, and merging from either side could otherwise end
    with different passages, and ``reuse`` of the two articles would disagree.
    """
    if b.article_id < a.article_id:
        return sorted((mirror(p) for p in _aligned(b, a)), key=lambda p: p.spans[0].start)
    return _aligned(a, b)


def mirror(p: CopiedPassage) -> CopiedPassage:
    """The same passage seen from its other article."""
    return CopiedPassage(
        articles=(p.articles[1], p.articles[0]),
        passage=p.passage_other,
        passage_other=p.passage,
        spans=(p.spans[1], p.spans[0]),
        words=p.words,
    )


def _aligned(a: Fingerprint, b: Fingerprint) -> list[CopiedPassage]:
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
        # The run's words, widened word by word over edits the shingles could not see: a changed
        # word within SHINGLE words of either end leaves no whole shingle there.
        back = _extend(a.keys, b.keys, si - 1, sj - 1, -1)
        ahead = _extend(a.keys, b.keys, li + SHINGLE, lj + SHINGLE, 1)
        si, sj, ei, ej = si - back, sj - back, li + SHINGLE - 1 + ahead, lj + SHINGLE - 1 + ahead
        words = ei - si + 1
        if words < MIN_WORDS:
            continue
        span_a = Span(a.offsets[si][0], a.offsets[ei][1])
        span_b = Span(b.offsets[sj][0], b.offsets[ej][1])
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


def _extend(a: Sequence[str], b: Sequence[str], i: int, j: int, step: int) -> int:
    """How many words from ``a[i]``/``b[j]`` onwards (``step`` ±1) continue a passage.

    Equal words continue it; one changed word does too when the ``EDIT_CONFIRM`` words after it
    are equal again, as after an editor's substitution. Anything else ends the passage.
    """
    n = 0

    def same(k: int) -> bool:
        x, y = i + step * k, j + step * k
        return 0 <= x < len(a) and 0 <= y < len(b) and a[x] == b[y]

    while True:
        if same(n):
            n += 1
        elif all(same(n + 1 + k) for k in range(EDIT_CONFIRM)):
            n += 1 + EDIT_CONFIRM
        else:
            return n


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
