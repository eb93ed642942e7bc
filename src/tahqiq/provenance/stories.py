"""Stories: the store's articles grouped into events across outlets and dates, with their claims.

Two articles belong to one story when they share copied passages (at least ``STORY_MIN_WORDS``
words between them; a round-up that quotes one sentence of another event does not merge the two
events), or when their titles and leads are similar (cosine of background-idf weighted word keys
at least ``SIMILARITY``) and they were published within ``WINDOW_DAYS`` of each other; an
article without a date is linked by content alone. Stories are the connected groups.

A story's central claims are its most repeated sentences: sentences of different articles that
a copied passage joins, or that share most of their content words, form one claim, ranked by the
number of articles carrying it. Who asserts or denies each claim comes from the reported speech
of :mod:`tahqiq.provenance.quotes`: the speakers whose statements are those sentences, and the
denials in the same articles that either share the claim's words or point back to the news
(``نفى ... هذه المعلومات``), which then deny the article's first claim.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tahqiq.provenance.furniture import Furniture
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.reuse import article_ref, parse_published, store_copies
from tahqiq.records import Article, CopiedPassage, Sentence
from tahqiq.records.provenance import Quote
from tahqiq.records.stories import Story, StoryClaim, Voice, VoiceStance
from tahqiq.stance.weights import weights
from tahqiq.text import stems
from tahqiq.text.fingerprints import text_word_ids

if TYPE_CHECKING:
    from tahqiq.store import Store

STORY_MIN_WORDS = 15  # copied words two articles must share to be one story
SIMILARITY = 0.4  # title-and-lead cosine that makes two articles one story
WINDOW_DAYS = 7  # ... when both are dated no further apart than this
LEAD_SENTENCES = 2  # of at least LEAD_MIN_WORDS words: a section name or dateline is no lead
LEAD_MIN_WORDS = 6
LEAD_KEYS = 16  # heaviest word keys of a title and lead kept for similarity
MAX_CLAIMS = 3
CLAIM_MIN_SHARED = 5  # content stems two sentences must share to state one claim
CLAIM_CONTAINMENT = 0.6  # ... covering this share of the shorter sentence's stems
BACK_REFERENCE_WORDS = 4  # a denial whose content is this short points back to the news


class _Groups:
    """Union-find over hashable items."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        self.parent[self.find(a)] = self.find(b)

    def members(self) -> list[list[Any]]:
        out: dict[Any, list[Any]] = defaultdict(list)
        for x in list(self.parent):
            out[self.find(x)].append(x)
        return list(out.values())


def _day(published: str | None) -> date | None:
    parsed = parse_published(published)
    return parsed[0] if parsed else None


def _order_key(article: Article) -> tuple[int, str, int]:
    """Dated articles first, by date; undated ones after, by id."""
    day = _day(article.published)
    return (0, day.isoformat(), article.id) if day else (1, "", article.id)


def _copy_pairs(passages: Iterable[CopiedPassage]) -> dict[tuple[int, int], int]:
    """Copied words per article pair (``a < b``), summed over the pair's passages."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    for p in passages:
        a, b = p.articles
        out[(min(a, b), max(a, b))] += p.words
    return dict(out)


def _similar_pairs(leads: dict[int, dict[str, float]], threshold: float) -> list[tuple[float, int, int]]:
    """Article pairs whose title-and-lead vectors have a cosine of at least ``threshold``, most similar first.

    Pairs are found through an inverted index of keys; a key in more than 1% of the articles
    (and in more than 100) names no single event and is skipped, so the work stays near linear.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for aid, vec in leads.items():
        for key in vec:
            postings[key].append(aid)
    cap = max(100, len(leads) // 100)
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for key, ids in postings.items():
        if len(ids) < 2 or len(ids) > cap:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                dots[(a, b)] += leads[a][key] * leads[b][key]
    norms = {aid: math.sqrt(sum(w * w for w in vec.values())) for aid, vec in leads.items()}
    out = [(dot / (norms[a] * norms[b]), a, b) for (a, b), dot in dots.items()]
    return sorted((x for x in out if x[0] >= threshold), key=lambda x: (-x[0], x[1], x[2]))


class _Clusters:
    """Union-find over articles that knows each group's date range, so that content links respect it."""

    def __init__(self, days: dict[int, date | None]) -> None:
        self.parent = {aid: aid for aid in days}
        self.span = {aid: (day, day) if day else None for aid, day in days.items()}

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def gap(self, a: int, b: int) -> int:
        """Days between the two groups' date ranges (0 when they overlap or either has no date)."""
        sa, sb = self.span[self.find(a)], self.span[self.find(b)]
        if sa is None or sb is None:
            return 0
        return max(0, (max(sa[0], sb[0]) - min(sa[1], sb[1])).days)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        sa, sb = self.span[ra], self.span[rb]
        self.parent[ra] = rb
        if sa is not None:
            self.span[rb] = sa if sb is None else (min(sa[0], sb[0]), max(sa[1], sb[1]))

    def members(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return list(out.values())


def _lead(sentences: Sequence[Sentence]) -> list[str]:
    """The first sentences long enough to say what happened."""
    return [s.text for s in sentences if len(s.text.split()) >= LEAD_MIN_WORDS][:LEAD_SENTENCES]


def stories(
    store: Store,
    *,
    min_articles: int = 2,
    limit: int | None = None,
    similarity: float = SIMILARITY,
    window_days: int = WINDOW_DAYS,
    max_claims: int = MAX_CLAIMS,
    gazetteer: Gazetteer | None = None,
) -> list[Story]:
    """The stories of ``store`` with at least ``min_articles`` articles, largest first.

    Only the first ``limit`` stories (all when None) get their central claims worked out.

    :raises IndexNotReady: stored articles lack fingerprints (`tahqiq index` adds them).
    """
    copies = store_copies(store).passages
    copied = {pair: words for pair, words in _copy_pairs(copies).items() if words >= STORY_MIN_WORDS}
    # One pass over the store keeps only dates and lead vectors; whole articles are read again
    # for the stories returned.
    days: dict[int, date | None] = {}
    order: dict[int, tuple[int, str, int]] = {}
    leads: dict[int, dict[str, float]] = {}
    for article in store.iter_articles():
        days[article.id] = _day(article.published)
        order[article.id] = _order_key(article)
        lead = " ".join(_lead(store.sentences(article)))
        vec = weights(f"{article.title} {lead}")
        if vec:
            top = sorted(vec.items(), key=lambda kv: -kv[1])[:LEAD_KEYS]
            leads[article.id] = {sys.intern(k): w for k, w in top}
    groups = _Clusters(days)
    for a, b in copied:
        if a in days and b in days:
            groups.union(a, b)
    # Strongest content links first; one joins two groups only when their dates are no more than
    # the window apart, so an undated article similar to both cannot bridge two distant events.
    similar: set[tuple[int, int]] = set()
    for _, a, b in _similar_pairs(leads, similarity):
        if (a, b) not in copied and groups.gap(a, b) <= window_days:
            groups.union(a, b)
            similar.add((a, b))
    found = [sorted(m) for m in groups.members() if len(m) >= min_articles]
    found.sort(key=lambda m: (-len(m), min(order[i] for i in m)))
    if limit is not None:
        found = found[:limit]
    gaz = gazetteer or default_gazetteer()
    return [_story(store, store.get_many(m), copies, copied, similar, max_claims, gaz) for m in found]


def _story(
    store: Store,
    members: list[Article],
    copies: Sequence[CopiedPassage],
    copied: dict[tuple[int, int], int],
    similar: set[tuple[int, int]],
    max_claims: int,
    gazetteer: Gazetteer,
) -> Story:
    members = sorted(members, key=_order_key)
    ids = {a.id for a in members}
    dated = [a.published for a in members if _day(a.published) is not None]
    outlets = tuple(dict.fromkeys(a.outlet for a in members if a.outlet))
    inside = [p for p in copies if p.articles[0] in ids and p.articles[1] in ids]
    return Story(
        id=min(ids),
        title=members[0].title,
        articles=tuple(article_ref(a, len(text_word_ids(a.text))) for a in members),
        outlets=outlets,
        first_report=dated[0] if dated else None,
        last_report=dated[-1] if dated else None,
        undated=len(members) - len(dated),
        copy_links=sum(1 for a, b in copied if a in ids and b in ids),
        similar_links=sum(1 for a, b in similar if a in ids and b in ids),
        claims=tuple(central_claims(store, members, inside, gazetteer)[:max_claims]),
    )


def _sentence_at(sentences: Sequence[Sentence], pos: int) -> int | None:
    for s in sentences:
        if s.start <= pos < s.end:
            return s.index
    return None


def central_claims(
    store: Store, members: Sequence[Article], copies: Sequence[CopiedPassage], gazetteer: Gazetteer
) -> list[StoryClaim]:
    """The sentences repeated by two or more of ``members``, most repeated first, with their voices.

    ``members`` come in publication order: a claim is worded as its earliest article words it.
    """
    order = {a.id: rank for rank, a in enumerate(members)}
    by_id = {a.id: a for a in members}
    # A site's furniture (menus, footers) is no claim, as it is no rationale in a check: its
    # sentences are emptied in place, so they join nothing and the others keep their indices.
    furniture = Furniture(store, members, gazetteer=gazetteer)
    sentences = {a.id: furniture.masked(a, store.sentences(a)) for a in members}
    groups = _Groups()
    # Sentences joined by a copied passage: each sentence of one side meets the sentence at the
    # same relative place on the other side.
    for p in copies:
        (a, b), (sa, sb) = p.articles, p.spans
        for s in sentences[a]:
            lo, hi = max(s.start, sa.start), min(s.end, sa.end)
            if hi <= lo:
                continue
            share = ((lo + hi) / 2 - sa.start) / max(1, sa.end - sa.start)
            other = _sentence_at(sentences[b], sb.start + int(share * (sb.end - sb.start)))
            if other is not None:
                groups.union((a, s.index), (b, other))
    # Sentences sharing most of their content words.
    keys: dict[tuple[int, int], set[str]] = {}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, sents in sentences.items():
        for s in sents:
            words = set(stems(s.text))
            if len(words) >= CLAIM_MIN_SHARED:
                keys[(aid, s.index)] = words
                for w in words:
                    postings[w].append((aid, s.index))
    shared: dict[tuple[tuple[int, int], tuple[int, int]], int] = defaultdict(int)
    for nodes in postings.values():
        if len(nodes) > 4 * len(members):  # a word in nearly every sentence says nothing
            continue
        for i, x in enumerate(nodes):
            for y in nodes[i + 1 :]:
                if x[0] != y[0]:
                    shared[(x, y)] += 1
    for (x, y), n in shared.items():
        if n >= CLAIM_MIN_SHARED and n >= CLAIM_CONTAINMENT * min(len(keys[x]), len(keys[y])):
            groups.union(x, y)

    quotes = {a.id: extract_quotes(a.text, sentences[a.id], gazetteer) for a in members}
    found: list[tuple[list[tuple[int, int]], set[int]]] = []
    for nodes in groups.members():
        carriers = {aid for aid, _ in nodes}
        if len(carriers) >= 2:
            found.append((sorted(nodes, key=lambda n: (order[n[0]], n[1])), carriers))
    found.sort(key=lambda f: (-len(f[1]), order[f[0][0][0]], f[0][0][1]))
    first_claim: dict[int, int] = {}  # article → index (in ``found``) of the claim it states first
    for rank, (nodes, _) in enumerate(found):
        for aid, index in nodes:
            best = first_claim.get(aid)
            if best is None or index < _position(found[best][0], aid):
                first_claim[aid] = rank
    claims = []
    for rank, (nodes, carriers) in enumerate(found):
        aid, index = nodes[0]
        sent = sentences[aid][index]
        voices = _voices(nodes, quotes, sentences, keys.get((aid, index), set(stems(sent.text))))
        voices += _back_references(rank, first_claim, nodes, quotes)
        claims.append(
            StoryClaim(
                text=sent.text,
                article_id=aid,
                sentence=index,
                articles=tuple(sorted(carriers, key=lambda i: order[i])),
                outlets=tuple(
                    dict.fromkeys(
                        o for i in sorted(carriers, key=lambda i: order[i]) if (o := by_id[i].outlet)
                    )
                ),
                voices=tuple(_unique(voices)),
            )
        )
    return claims


def _position(nodes: list[tuple[int, int]], aid: int) -> int:
    return min(index for a, index in nodes if a == aid)


def _speaker(q: Quote) -> str:
    return q.speaker_canonical or q.speaker


def _voice(q: Quote, article_id: int, stance: VoiceStance) -> Voice:
    return Voice(_speaker(q), stance, q.verb_class, article_id, q.sentence, q.content)


def _voices(
    nodes: list[tuple[int, int]],
    quotes: dict[int, list[Quote]],
    sentences: dict[int, list[Sentence]],
    claim_words: set[str],
) -> list[Voice]:
    """Speakers of the claim's sentences, and denials in its articles that share its words."""
    out = []
    for aid, index in nodes:
        sent = sentences[aid][index]
        for q in quotes[aid]:
            if q.nested:
                continue
            inside = q.sentence == index or (
                q.content_span.start < sent.end and sent.start < q.content_span.end
            )
            if inside:
                out.append(_voice(q, aid, "denies" if q.verb_class == "denies" else "asserts"))
            elif q.verb_class == "denies" and len(set(stems(q.content)) & claim_words) >= 3:
                out.append(_voice(q, aid, "denies"))
    return out


def _back_references(
    rank: int, first_claim: dict[int, int], nodes: list[tuple[int, int]], quotes: dict[int, list[Quote]]
) -> list[Voice]:
    """Denials of "this information": they deny the first claim of their article, stated before them."""
    out = []
    for aid in dict.fromkeys(a for a, _ in nodes):
        if first_claim.get(aid) != rank:
            continue
        stated_at = _position(nodes, aid)
        for q in quotes[aid]:
            short = len(q.content.split()) <= BACK_REFERENCE_WORDS
            if q.verb_class == "denies" and short and q.sentence > stated_at and not q.nested:
                out.append(_voice(q, aid, "denies"))
    return out


def _unique(voices: list[Voice]) -> list[Voice]:
    """One voice per speaker, stance and article, in the order found."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for v in voices:
        key = (v.speaker, v.stance, v.article_id)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out
