"""Text reuse across the whole store: which articles share passages with one, and who was first.

The copy index (:mod:`tahqiq.store.copyindex`) proposes the few articles that share a shingle
hash; the exact alignment of :mod:`tahqiq.provenance.copies` then confirms each and gives the
passages side by side. The share copied is counted per side, since a short dispatch copied whole
into a long feature is 100% copied on one side and 10% on the other.

A site's page furniture (menus, footers, widgets that recur across its pages) is not reuse: the
passages :class:`~tahqiq.provenance.furniture.Furniture` marks as mostly furniture on either side
are left out, as a check leaves them out of its copy links, and a link whose passages are all
furniture is no link. A short passage that is a name-and-title set phrase is left out too, as the
check leaves it out: on real pages it was never reuse. The check's third rule stays the check's:
an outlet repeating its own text is still reuse (only not a second origin).

Both ways of asking give the same pairs. ``reuse`` of one article looks up the hashes the index
stores for it, and the store-wide scan pairs articles that share a stored hash, so A finds B
exactly when B finds A and exactly when the scan pairs them; both then align the pair from its
smaller id (:func:`~tahqiq.provenance.copies.copied_passages`), so the passages are the same,
mirrored. Winnowing keeps the guarantee: a shared run of ``GUARANTEED_WORDS`` (12) words leaves a
stored hash in both articles. Looking up *every* shingle of A against B's stored hashes, as before,
found some shorter runs from A's side only: 982 one-sided pairs on 2,895 real pages.

Publication order only comes from the ``published`` dates: an article without one, two reports
of the same day without times, or identical times give "unknown", never a guess.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from tahqiq.provenance.copies import Fingerprint, compute_fingerprint, copied_passages, fingerprint
from tahqiq.provenance.furniture import FURNITURE_SHARE, SET_PHRASE_WORDS, Furniture, is_set_phrase
from tahqiq.records import Article, CopiedPassage, Span
from tahqiq.records.reuse import ArticleRef, First, Precedence, ReuseLink, ReuseReport, StoreCopies
from tahqiq.store.copyindex import POSTINGS_CAP, lookup, require_ready, shared_pairs
from tahqiq.text.fingerprints import text_fingerprints

if TYPE_CHECKING:
    from tahqiq.store import Store

# Articles aligned per reuse look-up, those sharing the most hashes first. None: all of them, so
# that a look-up never drops a pair the store-wide scan reports; a hash carried by more than the
# postings cap is skipped anyway, which bounds the candidates of an article by its hashes × cap.
MAX_CANDIDATES: int | None = None
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
    max_candidates: int | None = MAX_CANDIDATES,
) -> ReuseReport:
    """The articles in ``store`` sharing passages with ``article_id``, found through the copy index.

    :raises ArticleNotFound: no such article.
    :raises IndexNotReady: stored articles lack fingerprints (`tahqiq index` adds them).
    """
    article = store.get(article_id)
    require_ready(store)
    fp = fingerprint(article.id, article.text)
    found = lookup(store, text_fingerprints(article.text), exclude=article.id, cap=postings_cap)
    ranked = sorted(found.shared, key=lambda aid: (-found.shared[aid], aid))[:max_candidates]
    others = store.get_many(ranked)
    furniture = Furniture(store, [article, *others])
    links = []
    mine: list[Span] = []
    for other in others:
        ofp = fingerprint(other.id, other.text)
        pair = {article.id: article, other.id: other}
        passages = [p for p in copied_passages(fp, ofp) if _reported(furniture, p, pair)]
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


def _reported(furniture: Furniture, passage: CopiedPassage, articles: Mapping[int, Article]) -> bool:
    """Whether reuse reports a passage: neither page furniture nor a short set phrase.

    A passage under the index's guaranteed run that is mostly names, titles and numbers («وقال
    وزير الدفاع التركي نور الدين جانيكلي إن», «بعقد مؤتمر الحوار الوطني السوري في مدينة سوتشي») is
    what any two reports may share: on the development fold of Baly et al. (2018) such pairs were
    2 of the 5 judged cross-outlet pairs that were not reuse. The side of the smaller article id
    is read, so both orders of a pair agree.
    """
    if _page_furniture(furniture, passage, articles):
        return False
    text = passage.passage if passage.articles[0] <= passage.articles[1] else passage.passage_other
    return passage.words >= SET_PHRASE_WORDS or not is_set_phrase(text, furniture.gazetteer)


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


def page_copies_among(store: Store, articles: Sequence[Article]) -> list[CopiedPassage]:
    """:func:`copies_among` of stored ``articles`` without the passages that are page furniture,
    as :func:`store_copies` leaves them out: the copies inside one story, aligned for its claims."""
    furniture = Furniture(store, articles)
    by_id = {a.id: a for a in articles}
    return [p for p in copies_among(store, list(by_id)) if _reported(furniture, p, by_id)]


def store_copies(store: Store, *, postings_cap: int = POSTINGS_CAP) -> StoreCopies:
    """All copy links in the store: one scan of the index for candidate pairs, then alignment.

    Passages of page furniture and short set phrases are left out, as :func:`reuse` leaves them out.

    Each pair is reported once with the smaller id first (``articles == (a, b)``, ``a < b``).
    """
    require_ready(store)
    candidates = shared_pairs(store, cap=postings_cap)
    out = tuple(scan_copies(store, candidates.pairs))
    return StoreCopies(out, len(candidates.pairs), candidates.common_hashes)


def scan_copies(store: Store, pairs: Iterable[tuple[int, int]]) -> Iterator[CopiedPassage]:
    """The copied passages of each candidate pair, furniture left out, one pair after another.

    A generator, so that a caller who needs only how much each pair shares (stories) never holds
    every passage of the store at once; :func:`store_copies` collects them.
    """
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

    ordered = sorted(pairs)
    for start in range(0, len(ordered), 256):
        chunk = ordered[start : start + 256]
        prints([i for pair in chunk for i in pair])
        for a, b in chunk:
            if a in cache and b in cache:  # an id whose article is gone has no fingerprint
                yield from (
                    p for p in copied_passages(cache[a], cache[b]) if _reported(furniture, p, articles)
                )
