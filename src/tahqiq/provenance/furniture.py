"""Page furniture: the lines a site repeats on every page, kept out of copies, stance and origins.

Scraped pages carry their site's menus, login widgets, sidebars, newsletter prompts and footers
(«خطأ في إسم المستخدم أو كلمة السر …», «إرسال إلى بريد إلكتروني إسمك بريدك الإلكتروني»). Two
pages of one site then share a long passage, and so do two sites built on one platform, and the
copy alignment reports both as copying; on a real scraped corpus most reported copy pairs were
such furniture. Nothing about the passage itself gives it away, but its distribution does: a
footer recurs in many articles of *one* outlet, while a wire story is carried once by each of
several outlets.

So furniture is learned from the store's own copy index (:mod:`tahqiq.store.copyindex`), which
ingest already updates with every article: a stored shingle hash of an article is furniture when
at least ``FURNITURE_MIN_ARTICLES`` articles of the article's outlet carry it, when it is
furniture of ``PLATFORM_MIN_OUTLETS`` outlets at once (a platform's widget, then dropped on every
site), or when more than ``POSTINGS_CAP`` articles carry it (what the index already treats as
boilerplate). Nothing is written: the knowledge grows with every ingest and reads stay reads.

With the furniture of each article marked, :class:`Furniture` drops from a check

* copied passages that are mostly furniture on either side, or that link two articles of one
  outlet (an outlet repeating itself is not a second origin, nor evidence that two of its
  reports share an origin);
* short passages that are name-and-title set phrases («قائد فيلق القدس في الحرس الثوري الإيراني
  الجنرال قاسم سليماني») or number strips (a date widget), which any two reports may share;
* furniture sentences from what the stance model reads, so they are never rationales, and from
  what provenance reads, so a sidebar's quotes and sources never name an origin.

The outlet of an article is its outlet name when known, else the domain of its URL
(:func:`outlet_key`).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from tahqiq.provenance.copies import fingerprint
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.records import Article, CopiedPassage, Sentence, Span
from tahqiq.store import copyindex
from tahqiq.store.copyindex import POSTINGS_CAP
from tahqiq.text import find_dates, normalize, stem, stopwords, tokenize
from tahqiq.text.clitics import bare, clitic_forms
from tahqiq.text.fingerprints import GUARANTEED_WORDS, SHINGLE, shingle_hashes, text_word_ids, winnow
from tahqiq.text.lexicon import load_table, word_set

if TYPE_CHECKING:
    from tahqiq.store import Store

# A footer or widget is on nearly every page of its site, a story on one page (two when a site
# files it twice under different URLs): three articles of one outlet sharing a passage is the
# first count that a duplicated story does not reach, and on the development fold of Baly et al.
# (2018) it already marks Al Jazeera's login widget, which 25 of its 607 articles carry.
FURNITURE_MIN_ARTICLES = 3
# A line that is furniture of two outlets at once is a platform's (a CMS login box, "Powered by")
# and is furniture on every site, also on sites with a single page in the store. A wire story is
# carried once per outlet, so it is never furniture of even one.
PLATFORM_MIN_OUTLETS = 2
# A sentence or passage is furniture when more than this share of its words lies in furniture: a
# copied clause that merely runs into an outlet's standing formula keeps its own half.
FURNITURE_SHARE = 0.5
# When furniture would cover this much of an article, its outlet's "furniture" is the article
# itself, filed three or more times with small differences, not a footer: none is marked then.
DUPLICATE_SHARE = 0.9
# Passages shorter than the index's guaranteed run (12 words) may be set phrases: a name with
# its titles, or a strip of numbers. At least this share of their content words must be names,
# titles or numbers; a copied clause («إن إسرائيل أطلقت عدة صواريخ على منشأة عسكرية») has a
# verb and common nouns and stays well under it.
SET_PHRASE_WORDS = GUARANTEED_WORDS
SET_PHRASE_SHARE = 0.7
NAME_WINDOW = 2  # words after a title taken as the name it introduces («الجنرال قاسم سليماني»)

# Gazetteer entries after which a name may follow («المتحدث باسم الكرملين ديمتري بيسكوف»): bodies
# and titles, not people or states («بوتين والأسد بحثا» is a statement).
_BODY_TYPES = frozenset(
    {
        "official_body",
        "government",
        "military",
        "person_title",
        "ngo",
        "organisation",
        "state_agency",
        "news_agency",
    }
)


@cache
def _title_keys() -> frozenset[str]:
    """Each title as written without ال, and its stem, so duals and plurals match (الرئيسين)."""
    forms = [bare(normalize(w)) for w in load_table("set_phrases").group("title")]
    return frozenset(forms + [stem(w) for w in forms])


@cache
def _particle_keys() -> frozenset[str]:
    """Name particles and framing speech verbs: skipped like function words inside a set phrase."""
    table = load_table("set_phrases")
    return word_set(table.group("name_particle") + table.group("frame_verb"))


# Second-level labels under which a country's registry sells names (alarab.co.uk, almanar.com.lb).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "edu", "ac", "info", "news", "gob", "mil"})


def url_domain(url: str | None) -> str | None:
    """The registrable domain of ``url``: ``blogs.aljazeera.net`` → ``aljazeera.net``; None if none.

    Without a public-suffix list, a two-letter country domain under a common second level
    (``co.uk``, ``com.lb``) keeps three labels and every other host two; a site's sections
    and language editions (``mubasher.``, ``arabic.``) are one outlet with one set of furniture.
    """
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    labels = host.rstrip(".").split(".")
    if all(label.isdigit() for label in labels):  # an IP address is its own outlet
        return host
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def outlet_key(outlet: str | None, url: str | None) -> str | None:
    """Whose page an article is: its outlet name when known, else its URL's domain, else None.

    The one definition of "same outlet" for furniture and for copies that never merge origins.
    """
    if outlet and outlet.strip():
        return "outlet:" + normalize(outlet.strip()).casefold()
    domain = url_domain(url)
    return f"domain:{domain}" if domain else None


def article_outlet(article: Article) -> str | None:
    """:func:`outlet_key` of a stored article."""
    return outlet_key(article.outlet, article.url)


@dataclass(frozen=True)
class ArticleFurniture:
    """Which words of an article are its outlet's (or platform's) furniture.

    ``covered`` has one flag per word of :func:`tahqiq.provenance.copies.fingerprint`.
    """

    article_id: int
    outlet: str | None
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    covered: NDArray[np.bool_]

    def share(self, span: Span) -> float:
        """The share of the words inside ``span`` that are furniture (0 for a span without words)."""
        a = bisect_left(self.starts, span.start)
        b = bisect_left(self.starts, span.end)
        while b > a and self.ends[b - 1] > span.end:
            b -= 1
        return float(self.covered[a:b].mean()) if b > a else 0.0

    @property
    def words(self) -> int:
        """How many of the article's words are furniture."""
        return int(self.covered.sum())


# Marks and outlet keys outlive one check: claims about one story retrieve the same articles, and
# a server answers many checks between two ingests. An article's marks hold until the store gains
# an article (its highest id moves); an id's outlet key never changes. Reading furniture was about
# half of a check's CPU at 20,000 articles before marks were kept.
SHARED_MARKS = 20_000  # articles whose marks a process keeps per store (LRU), a few MB
_SHARED_LOCK = threading.Lock()


@dataclass
class _SharedMarks:
    """One store's furniture marks and outlet keys, shared by the checks of this process."""

    top: int
    marks: OrderedDict[int, ArticleFurniture] = field(default_factory=OrderedDict)
    outlets: dict[int, str | None] = field(default_factory=dict)

    def get(self, ids: Sequence[int]) -> dict[int, ArticleFurniture]:
        with _SHARED_LOCK:
            found = {i: self.marks[i] for i in ids if i in self.marks}
            for i in found:
                self.marks.move_to_end(i)
        return found

    def put(self, marks: dict[int, ArticleFurniture]) -> None:
        with _SHARED_LOCK:
            self.marks.update(marks)
            while len(self.marks) > SHARED_MARKS:
                self.marks.popitem(last=False)
            if len(self.outlets) > 10 * SHARED_MARKS:
                self.outlets.clear()


_SHARED: dict[tuple[str, int, int], _SharedMarks] = {}


def _shared_marks(store: Store, min_articles: int, cap: int) -> _SharedMarks:
    """The process's marks for ``store``, emptied when the store has gained articles since."""
    top = copyindex.stamp(store)  # the schema's version too: a migration renews the marks
    key = (store.path, min_articles, cap)
    with _SHARED_LOCK:
        shared = _SHARED.get(key)
        if shared is None or shared.top != top:
            # A smaller top is another store at the same path: its outlet keys are not ours either.
            outlets = shared.outlets if shared is not None and shared.top < top else {}
            shared = _SHARED[key] = _SharedMarks(top, outlets=outlets)
        return shared


class Furniture:
    """Furniture of a set of articles, looked up in the copy index once for all of them.

    Build one per check (or per scan): it caches postings and outlets of the articles it meets.
    """

    def __init__(
        self,
        store: Store,
        articles: Iterable[Article] = (),
        *,
        min_articles: int = FURNITURE_MIN_ARTICLES,
        cap: int = POSTINGS_CAP,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.store = store
        self.min_articles = min_articles
        self.cap = cap
        self._gazetteer = gazetteer
        self._shared = _shared_marks(store, min_articles, cap)
        self._outlets: dict[int, str | None] = self._shared.outlets
        self._postings: dict[int, list[int]] = {}
        self._articles: dict[int, ArticleFurniture] = {}
        self._prints: dict[int, tuple[Article, NDArray[np.uint64], list[int]]] = {}
        self.prepare(articles)

    # --- reading the index ------------------------------------------------------------------------

    def prepare(self, articles: Iterable[Article]) -> None:
        """Read the postings of every stored hash of ``articles`` in one pass, and mark their furniture."""
        todo = [a for a in articles if a.id not in self._articles and a.id not in self._prints]
        known = self._shared.get([a.id for a in todo])
        self._articles.update(known)
        todo = [a for a in todo if a.id not in known]
        for a in todo:
            self._outlets[a.id] = article_outlet(a)
            # The word ids ingest hashed (cached per token); offsets only where furniture is found.
            hashes = shingle_hashes(text_word_ids(a.text))
            self._prints[a.id] = (a, hashes, winnow(hashes))
        wanted = {h for a in todo for h in self._prints[a.id][2]} - self._postings.keys()
        self._read_postings(sorted(wanted))
        for a in todo:
            self._articles[a.id] = self._mark(a.id)
            del self._prints[a.id]
        self._shared.put({a.id: self._articles[a.id] for a in todo})

    def _read_postings(self, hashes: Sequence[int]) -> None:
        """Up to ``cap + 2`` article ids per hash that ``min_articles`` articles share (the only
        ones that can be furniture), from the merged index and the not yet merged log."""
        found = copyindex.shared_postings(self.store, hashes, least=self.min_articles, cap=self.cap)
        if found is None:  # a read-only store from before the copy index: none learned
            return
        self._postings.update(found)
        self._load_outlets({i for ids in found.values() if len(ids) >= self.min_articles for i in ids})

    def _load_outlets(self, ids: set[int]) -> None:
        missing = sorted(ids - self._outlets.keys())
        found = {aid: outlet_key(outlet, url) for aid, (outlet, url) in self.store.places(missing).items()}
        with _SHARED_LOCK:
            self._outlets.update(found)

    # --- marking ----------------------------------------------------------------------------------

    def furniture_hash(self, h: int, outlet: str | None) -> bool:
        """Whether the stored hash ``h`` is furniture for an article of ``outlet`` (after :meth:`prepare`)."""
        ids = self._postings.get(h, ())
        if len(ids) > self.cap:
            return True
        if len(ids) < self.min_articles:  # too few for either rule below
            return False
        per_outlet = Counter(self._outlets.get(i) for i in ids)
        per_outlet.pop(None, None)
        if outlet is not None and per_outlet[outlet] >= self.min_articles:
            return True
        return sum(1 for n in per_outlet.values() if n >= self.min_articles) >= PLATFORM_MIN_OUTLETS

    def _mark(self, article_id: int) -> ArticleFurniture:
        article, hashes, stored = self._prints[article_id]
        outlet = self._outlets.get(article_id)
        marked = {h for h in stored if self.furniture_hash(h, outlet)}
        if not marked:
            return ArticleFurniture(article_id, outlet, (), (), np.zeros(0, dtype=np.bool_))
        fp = fingerprint(article.id, article.text)  # the same words as text_word_ids, with offsets
        covered = np.zeros(len(fp.keys), dtype=np.bool_)
        kept = set(stored)
        positions = [p for p, h in enumerate(hashes.tolist()) if h in kept]
        furniture = [int(hashes[p]) in marked for p in positions]
        for k, p in enumerate(positions):
            if not furniture[k]:
                continue
            # Between two consecutive stored hashes that are both furniture, every window's
            # smallest hash was furniture, so the words between them are too.
            end = positions[k + 1] if k + 1 < len(positions) and furniture[k + 1] else p
            covered[p : end + SHINGLE] = True
        if covered.mean() >= DUPLICATE_SHARE:
            covered[:] = False
        return ArticleFurniture(
            article_id,
            outlet,
            tuple(s for s, _ in fp.offsets),
            tuple(e for _, e in fp.offsets),
            covered,
        )

    def article(self, article: Article) -> ArticleFurniture:
        """The furniture of ``article`` (read from the index on first use)."""
        if article.id not in self._articles:
            self.prepare([article])
        return self._articles[article.id]

    # --- what a check keeps -----------------------------------------------------------------------

    def prose(self, article: Article, sentences: Sequence[Sentence]) -> list[Sentence]:
        """The sentences that are not furniture, with their original indices."""
        marks = self.article(article)
        return [s for s in sentences if not _furniture_sentence(marks, s)]

    def masked(self, article: Article, sentences: Sequence[Sentence]) -> list[Sentence]:
        """``sentences`` with each furniture sentence emptied in place, for quotes and sources.

        Provenance numbers sentences by their position in the list, and rationales by their
        index, so the list keeps its length: a furniture sentence becomes an empty one at the
        end of the text, which holds no words, quotes or citations (a sidebar headline «قال
        لافروف …» or «المصدر: رويترز» of another story then names no origin).
        """
        marks = self.article(article)
        end = len(article.text)
        return [Sentence(s.index, "", end, end) if _furniture_sentence(marks, s) else s for s in sentences]

    def why_dropped(self, passage: CopiedPassage) -> str | None:
        """Why ``passage`` is not evidence of copying, or None when it is.

        Its articles must have been passed to :meth:`prepare` (or are read now, one by one).
        """
        a, b = passage.articles
        key_a, key_b = self._outlet_of(a), self._outlet_of(b)
        if key_a is not None and key_a == key_b:
            return "same outlet"
        if passage.words < SET_PHRASE_WORDS and is_set_phrase(passage.passage, self.gazetteer):
            return "set phrase"
        for side, aid in enumerate((a, b)):
            marks = self._articles.get(aid)
            if marks is None:
                found = self.store.get_many([aid])
                if not found:
                    continue
                marks = self.article(found[0])
            if marks.share(passage.spans[side]) > FURNITURE_SHARE:
                return "furniture"
        return None

    def copies(self, passages: Sequence[CopiedPassage]) -> list[CopiedPassage]:
        """The passages that are evidence of copying between outlets (see :meth:`why_dropped`)."""
        return [p for p in passages if self.why_dropped(p) is None]

    def _outlet_of(self, article_id: int) -> str | None:
        if article_id not in self._outlets:
            self._load_outlets({article_id})
        return self._outlets.get(article_id)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer


def _furniture_sentence(marks: ArticleFurniture, sentence: Sentence) -> bool:
    return marks.words > 0 and marks.share(Span(sentence.start, sentence.end)) > FURNITURE_SHARE


def is_set_phrase(text: str, gazetteer: Gazetteer | None = None) -> bool:
    """Whether ``text`` is a name with its titles (or a strip of numbers) rather than a statement.

    Content words (not stop words) count as name-like when they are numbers or dates, lie in a
    gazetteer name other than a state's, are a title or rank (``data/lexicon/set_phrases.tsv``,
    clitics and ال aside), are a nisba adjective with the article (الإيراني, السورية), or are among
    the ``NAME_WINDOW`` words after a title or a named body (the name it introduces; بن and آل do
    not count). Speech verbs that frame the name («قال … إن») count as function words. At least
    ``SET_PHRASE_SHARE`` of the content words must be name-like.
    """
    tokens = tokenize(text)
    if not tokens:
        return False
    gaz = gazetteer or default_gazetteer()
    in_name = [False] * len(tokens)
    body_end: set[int] = set()  # the last word of a body's or title's name
    starts = [t.start for t in tokens]
    for d in find_dates(text):  # a date line («الأحد 21 يناير 2018 م | 04 جمادى الأولى 1439 ه»)
        for k in range(bisect_left(starts, d.start), bisect_left(starts, d.end)):
            in_name[k] = True
    for m in gaz.find(text):
        if m.entry.type == "state":  # «روسيا ستحتفظ …» is a statement about a state, not a name
            continue
        words = range(bisect_left(starts, m.start), bisect_left(starts, m.end))
        for k in words:
            in_name[k] = True
        if words and m.entry.type in _BODY_TYPES:
            body_end.add(words[-1])
    stop = stopwords()
    titles, particles = _title_keys(), _particle_keys()
    content = named = 0
    window = 0
    for k, token in enumerate(tokens):
        word = token.norm
        if word in particles:  # inside a name: not a step of the window
            continue
        if word in stop:  # a name ends at a function word
            window = 0
            continue
        forms = clitic_forms(word)
        is_title = any(key in titles or stem(key) in titles for key, _ in forms)
        nisba = any(article and key.endswith(("ي", "يه")) and len(key) > 3 for key, article in forms)
        content += 1
        if word.isdigit() or in_name[k] or is_title or nisba or window > 0:
            named += 1
        # A nisba inside a title («وزير الدفاع التركي») carries the title on to the name after it.
        chain = is_title or k in body_end or (nisba and window > 0)
        window = NAME_WINDOW if chain else max(window - 1, 0)
    return content > 0 and named >= SET_PHRASE_SHARE * content
