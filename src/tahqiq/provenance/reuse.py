"""Text reuse across the whole store: which articles share passages with one, and who was first.

The copy index (:mod:`tahqiq.store.copyindex`) proposes the few articles that share a shingle
hash; the exact alignment of :mod:`tahqiq.provenance.copies` then confirms each and gives the
passages side by side. The share copied is counted per side, since a short dispatch copied whole
into a long feature is 100% copied on one side and 10% on the other.

A site's page furniture (menus, footers, widgets that recur across its pages) is not reuse: the
passages :class:`~tahqiq.provenance.furniture.Furniture` marks as mostly furniture on either side
are left out, as a check leaves them out of its copy links, and a link whose passages are all
furniture is no link. The check's other two rules stay the check's: an outlet repeating its own
text is still reuse (only not a second origin), and a shared name-and-title phrase is still a
shared passage, shown for a reader to judge.

Publication order only comes from the ``published`` dates: an article without one, two reports
of the same day without times, or identical times give "unknown", never a guess.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from tahqiq.provenance.copies import Fingerprint, compute_fingerprint, copied_passages, fingerprint
from tahqiq.provenance.furniture import FURNITURE_SHARE, Furniture
from tahqiq.records import Article, CopiedPassage, Span
from tahqiq.records.reuse import ArticleRef, First, Precedence, ReuseLink, ReuseReport, StoreCopies
from tahqiq.store.copyindex import POSTINGS_CAP, lookup, require_ready, shared_pairs

if TYPE_CHECKING:
    from tahqiq.store import Store

MAX_CANDIDATES = 500  # articles aligned per reuse look-up, those sharing the most hashes first
_FINGERPRINT_CACHE = 4096  # fingerprints kept while scanning the whole store


def article_ref(article: Article, words: int) -> ArticleRef:
    return ArticleRef(article.id, article.title, article.outlet, article.published, article.source, words)


def parse_published(published: str | None) -> tuple[date, datetime | None] | None:
    """The day of an ISO date or datetime, plus the datetime when a time is given; None if unparsable."""
    if not published:
        return None
    text = published.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(text[:10]), None
        except ValueError:
            return None
    has_time = len(text) > 10 and text[10] in "T "
    return moment.date(), (moment if has_time else None)


def publication_order(article: str | None, other: str | None) -> Precedence:
    """Compare two ``published`` values; ties and missing or unreadable dates give "unknown"."""
    a, b = parse_published(article), parse_published(other)
    if a is None or b is None:
        missing = " and ".join(name for name, p in (("this article", a), ("the other", b)) if p is None)
        return Precedence("unknown", f"no readable publication date for {missing}")
    (day_a, time_a), (day_b, time_b) = a, b
    comparable = (
        time_a is not None and time_b is not None and (time_a.tzinfo is None) == (time_b.tzinfo is None)
    )
    if comparable and time_a is not None and time_b is not None:
        if time_a == time_b:
            return Precedence("unknown", f"identical publication times ({article})")
        first: First = "article" if time_a < time_b else "other"
        return Precedence(first, f"{article} vs {other}")
    if day_a == day_b:
        return Precedence("unknown", f"same day ({day_a.isoformat()}), order unknown")
    first = "article" if day_a < day_b else "other"
    return Precedence(first, f"{day_a.isoformat()} vs {day_b.isoformat()}")


def covered_words(fp: Fingerprint, spans: Iterable[Span]) -> int:
    """How many of the article's words lie inside any of ``spans`` (each word counted once)."""
    starts = [s for s, _ in fp.offsets]
    covered: set[int] = set()
    for span in spans:
        i = bisect_left(starts, span.start)
        while i < len(starts) and fp.offsets[i][1] <= span.end:
            covered.add(i)
            i += 1
    return len(covered)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def reuse(
    store: Store,
    article_id: int,
    *,
    postings_cap: int = POSTINGS_CAP,
    max_candidates: int = MAX_CANDIDATES,
) -> ReuseReport:
    """The articles in ``store`` sharing passages with ``article_id``, found through the copy index.

    :raises ArticleNotFound: no such article.
    :raises IndexNotReady: stored articles lack fingerprints (`tahqiq index` adds them).
    """
    article = store.get(article_id)
    require_ready(store)
    fp = fingerprint(article.id, article.text)
    found = lookup(store, fp.shingles, exclude=article.id, cap=postings_cap)
    ranked = sorted(found.shared, key=lambda aid: (-found.shared[aid], aid))[:max_candidates]
    others = store.get_many(ranked)
    furniture = Furniture(store, [article, *others])
    links = []
    mine: list[Span] = []
    for other in others:
        ofp = fingerprint(other.id, other.text)
        pair = {article.id: article, other.id: other}
        passages = [p for p in copied_passages(fp, ofp) if not _page_furniture(furniture, p, pair)]
        if not passages:
            continue
        mine.extend(p.spans[0] for p in passages)
        words = covered_words(fp, (p.spans[0] for p in passages))
        other_words = covered_words(ofp, (p.spans[1] for p in passages))
        order = publication_order(article.published, other.published)
        links.append(
            ReuseLink(
                other=article_ref(other, len(ofp.keys)),
                passages=tuple(passages),
                copied_words=words,
                other_copied_words=other_words,
                share=_share(words, len(fp.keys)),
                other_share=_share(other_words, len(ofp.keys)),
                first=order.first,
                order=order.reason,
            )
        )
    links.sort(key=lambda link: (-link.copied_words, link.other.id))
    total = covered_words(fp, mine)
    return ReuseReport(
        article=article_ref(article, len(fp.keys)),
        links=tuple(links),
        copied_words=total,
        share=_share(total, len(fp.keys)),
        candidates=len(ranked),
        common_hashes=found.common_hashes,
    )


def _page_furniture(furniture: Furniture, passage: CopiedPassage, articles: Mapping[int, Article]) -> bool:
    """Whether a passage is mostly a site's furniture on either side, not text one report copied."""
    return any(
        furniture.article(articles[aid]).share(span) > FURNITURE_SHARE
        for aid, span in zip(passage.articles, passage.spans, strict=True)
    )


def copies_among(
    store: Store, ids: Sequence[int], *, postings_cap: int = POSTINGS_CAP
) -> list[CopiedPassage]:
    """Copied passages among the articles ``ids``, aligning only pairs that share a shingle.

    The shingle hashes of the set go into one postings map, the same lookup the store-wide index
    does but with every shingle kept, so the result equals aligning all pairs (pairs in the
    order of ``ids``) at the cost of the linked ones only. Unknown ids are left out.
    """
    articles = store.get_many(list(dict.fromkeys(ids)))
    prints = [fingerprint(a.id, a.text) for a in articles]
    postings: dict[int, list[int]] = defaultdict(list)
    for pos, fp in enumerate(prints):
        for h in fp.shingles:
            postings[h].append(pos)
    pairs: set[tuple[int, int]] = set()
    for owners in postings.values():
        if 1 < len(owners) <= postings_cap:
            pairs.update((a, b) for i, a in enumerate(owners) for b in owners[i + 1 :])
    out: list[CopiedPassage] = []
    for a, b in sorted(pairs):
        out.extend(copied_passages(prints[a], prints[b]))
    return out


def store_copies(store: Store, *, postings_cap: int = POSTINGS_CAP) -> StoreCopies:
    """All copy links in the store: one scan of the index for candidate pairs, then alignment.

    Passages of page furniture are left out, as :func:`reuse` leaves them out.

    Each pair is reported once with the smaller id first (``articles == (a, b)``, ``a < b``).
    """
    require_ready(store)
    candidates = shared_pairs(store, cap=postings_cap)
    cache: dict[int, Fingerprint] = {}
    articles: dict[int, Article] = {}
    furniture = Furniture(store)

    def prints(ids: Sequence[int]) -> None:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in cache]
        if len(cache) + len(missing) > _FINGERPRINT_CACHE:
            cache.clear()
            articles.clear()
            missing = wanted
        for start in range(0, len(missing), 500):
            batch = store.get_many(missing[start : start + 500])
            furniture.prepare(batch)
            for article in batch:
                cache[article.id] = compute_fingerprint(article.id, article.text)
                articles[article.id] = article

    out: list[CopiedPassage] = []
    ordered = sorted(candidates.pairs)
    for start in range(0, len(ordered), 256):
        chunk = ordered[start : start + 256]
        prints([i for pair in chunk for i in pair])
        for a, b in chunk:
            if a in cache and b in cache:  # an id whose article is gone has no fingerprint
                out.extend(
                    p
                    for p in copied_passages(cache[a], cache[b])
                    if not _page_furniture(furniture, p, articles)
                )
    return StoreCopies(tuple(out), len(ordered), candidates.common_hashes)
