"""Stories: the store's articles grouped into events across outlets and dates, with their claims.

Two articles belong to one story when two outlets share copied passages (at least
``STORY_MIN_WORDS`` words between them; a round-up that quotes one sentence of another event does
not merge the two events), or when their titles and leads are similar (cosine of background-idf
weighted word keys at least ``SIMILARITY``) and they were published within ``WINDOW_DAYS`` of each
other; an article without a date is linked by content alone. Stories are the connected groups,
with three limits on how they grow, since on 2,895 real pages copy links alone (furniture, wire
background paragraphs, pages carrying several reports) had joined 1,915 articles of 362 outlets
into one "story" whose claims then cost 24 GB:

* links join groups strongest first, and two groups of several articles join only when their
  summed titles and leads are ``GROUP_SIMILARITY`` alike, so a page carrying two reports joins
  one of their groups and cannot bridge them;
* once a group has ``SPLIT_SIZE`` articles, a copy into it must be ``STORY_COPY_SHARE`` of the
  shorter article or join articles whose leads are ``SPLIT_SIMILARITY`` alike, and the group's
  dates must stay within ``STORY_SPAN_DAYS``;
* only the words each pair shares are kept for the whole store (the scan streams), and claims
  compare sentences through an inverted index of their words with capped postings
  (``CLAIM_POSTINGS_CAP``), never all pairs of a story's sentences.

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tahqiq.provenance.furniture import FURNITURE_MIN_ARTICLES, Furniture, article_outlet
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.reuse import article_ref, page_copies_among, parse_published, scan_copies
from tahqiq.records import Article, CopiedPassage, Sentence
from tahqiq.records.provenance import Quote
from tahqiq.records.stories import Story, StoryClaim, Voice, VoiceStance
from tahqiq.stance.weights import weights
from tahqiq.store.copyindex import require_ready, shared_pairs
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
# A pair of reports may join on any copy (two sample reports of one event share 7% of their
# words and little of their leads); from a third article on, a link into the group must be a large
# copy or join articles whose titles and leads are alike. On the Baly et al. (2018) development
# fold a threshold of 8 still let a chain of small copies join two events of one week.
SPLIT_SIZE = 3
# A wire service's background paragraph («وصنفت الولايات المتحدة حزب الله تنظيما إرهابيا …») recurs
# in its reports of different events, about a tenth of each; on the development fold such copies
# chained 106 articles of 54 outlets over two years. Into a large group a copy comes only when it
# is at least this share of the shorter article, or when the two leads are alike as well. (Two
# sample reports of one event share 7% and 13%: small groups still join on any copy.)
STORY_COPY_SHARE = 0.2
# A large group's dates, first to last, stay within this: an event's coverage on the development
# fold runs over days, and a chain of wire copies had joined reports from 2015 to 2018.
STORY_SPAN_DAYS = 4 * WINDOW_DAYS
# Two groups of several articles join only when their summed title-and-lead vectors are this alike
# (half of what makes two single articles one story: sums of several leads share fewer keys);
# on the development fold, pages carrying several reports had bridged the Israeli strikes near
# Damascus and Putin's visit to Hmeimim into one "story".
GROUP_SIMILARITY = SIMILARITY / 2
TOPIC_KEYS = 4 * LEAD_KEYS  # heaviest keys kept of a group's summed leads
# A key in half an outlet's leads is its page template, not news: one event is rarely half of
# what a site of three or more pages in the store reported.
TEMPLATE_SHARE = 0.5
LEAD_BATCH = 500  # articles whose furniture is marked at once while reading leads
# Half the SIMILARITY that alone makes a link: the copy or a content link already says the two
# are related, the leads only confirm it is still the same event.
SPLIT_SIMILARITY = SIMILARITY / 2
# A word in more sentences of one story than this names the story's subject, not one claim; the
# pairs it would add grow with the square of its postings, which is what cost 24 GB.
CLAIM_POSTINGS_CAP = 40


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
    norms = {aid: _norm(vec) for aid, vec in leads.items()}
    out = [(dot / (norms[a] * norms[b]), a, b) for (a, b), dot in dots.items()]
    return sorted((x for x in out if x[0] >= threshold), key=lambda x: (-x[0], x[1], x[2]))


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values())) or 1.0


def _cosine(x: dict[str, float] | None, y: dict[str, float] | None) -> float:
    if not x or not y:
        return 0.0
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    return sum(w * large.get(k, 0.0) for k, w in small.items()) / (_norm(x) * _norm(y))


class _Clusters:
    """Union-find over articles that knows each group's date range, so that content links respect it."""

    def __init__(self, days: dict[int, date | None], leads: dict[int, dict[str, float]]) -> None:
        self.parent = {aid: aid for aid in days}
        self.span = {aid: (day, day) if day else None for aid, day in days.items()}
        self.size = dict.fromkeys(days, 1)
        self.topic = {aid: dict(leads.get(aid, {})) for aid in days}  # summed leads, per root

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

    def span_days(self, ra: int, rb: int) -> int:
        """Days from the first to the last dated article of the two groups (roots) together."""
        dated = [x for x in (self.span[ra], self.span[rb]) if x is not None]
        if not dated:
            return 0
        return (max(x[1] for x in dated) - min(x[0] for x in dated)).days

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        sa, sb = self.span[ra], self.span[rb]
        self.parent[ra] = rb
        self.size[rb] += self.size[ra]
        topic = self.topic.pop(ra)
        merged = self.topic[rb]
        for k, w in topic.items():
            merged[k] = merged.get(k, 0.0) + w
        if len(merged) > TOPIC_KEYS:  # the heaviest keys say what the group is about
            self.topic[rb] = dict(sorted(merged.items(), key=lambda kv: -kv[1])[:TOPIC_KEYS])
        if sa is not None:
            self.span[rb] = sa if sb is None else (min(sa[0], sb[0]), max(sa[1], sb[1]))

    def members(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return list(out.values())

    def link(
        self,
        a: int,
        b: int,
        window_days: int,
        leads: dict[int, dict[str, float]],
        *,
        copy: bool,
        strong: bool,
    ) -> bool:
        """Join the groups of ``a`` and ``b`` unless that bridges distant dates or grows a large group
        with an article about something else; whether they are (now) one group.

        A copy joins small groups whatever their dates (a report republished months later is
        the same story); into a large group it comes only when ``strong`` (a large share of the
        shorter article copied) or the two leads are alike, and while the group's dates stay
        within ``STORY_SPAN_DAYS``.
        """
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        # A page that carries several reports (a listing, a round-up, a sidebar of related news)
        # copies from each of their groups: it may join one, but two groups of two or more join
        # only when their summed titles and leads are alike, so it cannot bridge them.
        if (
            min(self.size[ra], self.size[rb]) > 1
            and _cosine(self.topic[ra], self.topic[rb]) < GROUP_SIMILARITY
        ):
            return False
        large = max(self.size[ra], self.size[rb]) >= SPLIT_SIZE
        if not copy and self.gap(a, b) > window_days:
            return False
        if large and self.span_days(ra, rb) > STORY_SPAN_DAYS:
            return False
        if large and not strong and _cosine(leads.get(a), leads.get(b)) < SPLIT_SIMILARITY:
            return False
        self.union(a, b)
        return True


def _read_leads(
    store: Store,
    batch: Sequence[Article],
    days: dict[int, date | None],
    order: dict[int, tuple[int, str, int]],
    outlets: dict[int, str | None],
    leads: dict[int, dict[str, float]],
    sizes: dict[int, int],
) -> None:
    """Date, outlet, title-and-lead vector and words of each article of ``batch``.

    One :class:`Furniture` per batch, so its postings are read in one pass and dropped after.
    """
    furniture = Furniture(store, batch)
    for article in batch:
        days[article.id] = _day(article.published)
        order[article.id] = _order_key(article)
        outlets[article.id] = article_outlet(article)
        sizes[article.id] = len(text_word_ids(article.text))
        lead = " ".join(_lead(furniture.prose(article, store.sentences(article))))
        vec = weights(f"{article.title} {lead}")
        if vec:
            top = sorted(vec.items(), key=lambda kv: -kv[1])[:LEAD_KEYS]
            leads[article.id] = {sys.intern(k): w for k, w in top}


def _drop_templates(leads: dict[int, dict[str, float]], outlets: dict[int, str | None]) -> None:
    """Leave out of each lead the keys its outlet's page template puts in most of its leads.

    A site's header line that changes with every page (the date and time beside the login
    box, a language banner with the page's own title) is no furniture for the copy index, yet it
    opened every Al Jazeera and DW lead of the development fold and made those pages alike. A key
    in at least ``TEMPLATE_SHARE`` of an outlet's leads, of ``FURNITURE_MIN_ARTICLES`` or more, is
    its template; numbers (dates, times) say nothing about the event either.
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for aid in leads:
        outlet = outlets.get(aid)
        if outlet is not None:
            by_outlet[outlet].append(aid)
    template: dict[str, set[str]] = {}
    for outlet, ids in by_outlet.items():
        if len(ids) >= FURNITURE_MIN_ARTICLES:
            df = Counter(k for aid in ids for k in leads[aid])
            template[outlet] = {k for k, n in df.items() if n >= TEMPLATE_SHARE * len(ids)}
    for aid in list(leads):
        skip = template.get(outlets.get(aid) or "", set())
        kept = {k: w for k, w in leads[aid].items() if k not in skip and not k.isdigit()}
        if kept:
            leads[aid] = kept
        else:
            del leads[aid]


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
    require_ready(store)
    # Only how many words each pair shares is kept for the whole store; the passages themselves
    # are aligned again for the stories returned, among their own articles.
    copy_words = _copy_pairs(scan_copies(store, shared_pairs(store).pairs))
    # One pass over the store keeps only dates, outlets and lead vectors; whole articles are read
    # again for the stories returned. Leads skip furniture: a site's date-and-login header is the
    # "lead" of every one of its pages and made them all alike.
    days: dict[int, date | None] = {}
    order: dict[int, tuple[int, str, int]] = {}
    outlets: dict[int, str | None] = {}
    leads: dict[int, dict[str, float]] = {}
    sizes: dict[int, int] = {}
    batch: list[Article] = []
    for article in store.iter_articles():
        batch.append(article)
        if len(batch) == LEAD_BATCH:
            _read_leads(store, batch, days, order, outlets, leads, sizes)
            batch = []
    _read_leads(store, batch, days, order, outlets, leads, sizes)
    _drop_templates(leads, outlets)
    # An outlet repeating its own text (a related-news box, a refiled paragraph) is no second
    # report of one event; two of its reports of one event are linked by their leads instead.
    copied = {
        (a, b): words
        for (a, b), words in copy_words.items()
        if words >= STORY_MIN_WORDS and (outlets.get(a) is None or outlets.get(a) != outlets.get(b))
    }
    groups = _Clusters(days, leads)
    # Strongest links first, copies (most copied words) before content. A content link joins two
    # groups only when their dates are no more than the window apart, so an undated article similar
    # to both cannot bridge two distant events; a large group takes in only articles on its event.
    kept: set[tuple[int, int]] = set()
    for (a, b), words in sorted(copied.items(), key=lambda kv: (-kv[1], kv[0])):
        strong = words >= STORY_COPY_SHARE * min(sizes.get(a, 0), sizes.get(b, 0))
        if a in days and b in days and groups.link(a, b, window_days, leads, copy=True, strong=strong):
            kept.add((a, b))
    similar: set[tuple[int, int]] = set()
    for _, a, b in _similar_pairs(leads, similarity):
        if (a, b) not in copied and groups.link(a, b, window_days, leads, copy=False, strong=True):
            similar.add((a, b))
    found = [sorted(m) for m in groups.members() if len(m) >= min_articles]
    found.sort(key=lambda m: (-len(m), min(order[i] for i in m)))
    if limit is not None:
        found = found[:limit]
    root = {aid: rank for rank, m in enumerate(found) for aid in m}
    links: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pairs, kind in ((kept, 0), (similar, 1)):
        for a, b in pairs:
            x = root.get(a)
            if x is not None and x == root.get(b):
                links[x][kind] += 1
    gaz = gazetteer or default_gazetteer()
    return [_story(store, store.get_many(m), links[rank], max_claims, gaz) for rank, m in enumerate(found)]


def _story(
    store: Store,
    members: list[Article],
    links: list[int],
    max_claims: int,
    gazetteer: Gazetteer,
) -> Story:
    """One story from its articles and its (copy, content) links."""
    members = sorted(members, key=_order_key)
    inside = page_copies_among(store, members)
    ids = {a.id for a in members}
    dated = [a.published for a in members if _day(a.published) is not None]
    outlets = tuple(dict.fromkeys(a.outlet for a in members if a.outlet))
    return Story(
        id=min(ids),
        title=members[0].title,
        articles=tuple(article_ref(a, len(text_word_ids(a.text))) for a in members),
        outlets=outlets,
        first_report=dated[0] if dated else None,
        last_report=dated[-1] if dated else None,
        undated=len(members) - len(dated),
        copy_links=links[0],
        similar_links=links[1],
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
        if len(nodes) > min(4 * len(members), CLAIM_POSTINGS_CAP):  # such a word says nothing
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
