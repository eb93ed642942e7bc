"""What each new article adds to its outlet's profile, worked out once, after its batch is stored.

Profiles are never built by scanning the store: ingest calls :func:`refresh` after each batch,
which reads only the articles above the profiles' watermark (:mod:`tahqiq.store.outlets`), finds
for each the primary source it relays, the denials it carries, the party labels its loaded-
language spans use, and its copy links, and writes them with the watermark in one transaction.
A store written by an older tahqiq, or an ingest cut short, leaves articles above the watermark;
the next ingest or ``tahqiq index`` adds them, so a stale profile is caught up by the next write.

Copy links come from the store's copy index (:mod:`tahqiq.store.copyindex`) without the exact
alignment ``tahqiq reuse`` does for one article: two articles are linked when they share at least
``MIN_SHARED_HASHES`` winnowed shingle hashes. Aligning every candidate took 0.76 s of CPU per
article on a 2,000-article generated store, 100 times the look-up; profiles count links, and
``tahqiq reuse`` shows the passages of any article the profile lists.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.provenance.origins import primary_source
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.reuse import publication_order
from tahqiq.records import Article, Sentence
from tahqiq.store import persuasion
from tahqiq.store.copyindex import POSTINGS_CAP, logged, lookup
from tahqiq.store.outlets import FactRow, LinkRow, Relation
from tahqiq.store.pipeline import MIN_IDLE_CORES, default_workers, idle_cores
from tahqiq.text import normalize
from tahqiq.text.fingerprints import text_fingerprints
from tahqiq.text.lexicon import load_table

if TYPE_CHECKING:
    from tahqiq.store import Store

#: Shared winnowed hashes that make two articles a copy link. One shared hash can be a set phrase
#: or a name with its title; on the five sample reports the two pairs a check links by copied
#: passages (26 and 31 words) share 3 and 5 hashes, and every other pair shares 1.
MIN_SHARED_HASHES = 2
#: Articles worked out per transaction: a batch of ingest's size, so a cut-short refresh loses
#: at most one batch of work and never leaves the watermark past unwritten facts.
REFRESH_BATCH = 200
#: The persuasion technique whose spans are labels for parties.
LABEL_TECHNIQUE = "Name_Calling,Labeling"
#: The speech-verb class of a denial (tahqiq.provenance.speech).
DENIAL_CLASS = "denies"

#: Articles waiting above the watermark from which their speech is read in worker processes, as
#: ingest's analysis moves to workers after as many (tahqiq.store.pipeline.POOL_AFTER_ARTICLES):
#: a smaller refresh (an upload, a small folder) never starts a process.
POOL_AFTER_ARTICLES = 1000

#: Hashes whose carriers one refresh remembers (boilerplate ones as empty lists; others carry one or
#: two ids on real pages): a few tens of MB at most; past it the memory is cleared and read again.
POSTINGS_MEMO = 100_000

Progress = Callable[[int], None]
Speech = tuple[str, tuple[tuple[int, str], ...]]


@cache
def _label_parties() -> dict[str, str]:
    """Normalized label → the party whose vocabulary it is, for labels that belong to a party."""
    table = load_table("loaded_language", ("group", "entry", "party"))
    return {
        " ".join(normalize(r["entry"]).split()): r["party"] for r in table.rows if r["party"] not in ("", "-")
    }


def refresh(
    store: Store,
    *,
    batch: int = REFRESH_BATCH,
    progress: Progress | None = None,
    workers: int | None = None,
    pool_after: int = POOL_AFTER_ARTICLES,
) -> int:
    """Add every article above the profiles' watermark to the profiles; how many were added.

    Batches are written in id order, each with the watermark in one transaction. With many
    articles waiting, the speech of each batch (its relayed source and denials, the costly part)
    is read in worker processes while this process finds the copy links and writes, as ingest's
    analysis does (:mod:`tahqiq.store.pipeline`): the same rows either way.
    """
    gazetteer = default_gazetteer()  # loaded here, so forked workers inherit it
    postings = Postings(store)
    pool, ahead = _start_pool(store, workers, pool_after)
    queue: deque[tuple[list[Article], list[tuple[int, ...]], Future[list[Speech]] | None]] = deque()
    last, done = store.outlet_watermark(), 0
    try:
        while True:
            while len(queue) <= ahead:
                ids = store.outlet_pending(limit=batch, after=last)
                if not ids:
                    break
                last = ids[-1]
                articles = store.get_many(ids)
                bounds = [tuple(x for s in store.sentences(a) for x in (s.start, s.end)) for a in articles]
                job = [(a.text, b, a.outlet) for a, b in zip(articles, bounds, strict=True)]
                queue.append((articles, bounds, pool.submit(read_speech, job) if pool is not None else None))
            if not queue:
                return done
            articles, bounds, future = queue.popleft()
            links = copy_links(store, articles, postings)
            speech = (
                future.result()
                if future is not None
                else read_speech(
                    [(a.text, b, a.outlet) for a, b in zip(articles, bounds, strict=True)], gazetteer
                )
            )
            facts = _facts(store, articles, bounds, speech)
            store.write_outlet_facts(facts, links, through=articles[-1].id)
            done += len(articles)
            if progress is not None:
                progress(done)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _start_pool(store: Store, workers: int | None, pool_after: int) -> tuple[ProcessPoolExecutor | None, int]:
    """Worker processes when enough articles wait and forking is safe (the rules of
    :mod:`tahqiq.store.pipeline`), and how many batches to keep ahead of the writer (two a worker)."""
    count = default_workers() if workers is None else workers
    if count < 2 or store.outlet_stale() < max(pool_after, 1):
        return None, 0
    if workers is None and idle_cores() < MIN_IDLE_CORES:
        return None, 0  # workers pay off only on a core nobody else wants; a caller naming them decides
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None, 0  # fork copies only this thread: another thread's held lock would never be released
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupt
    )
    return pool, 2 * count


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to this process, which stops the refresh between batches."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_speech(
    job: Sequence[tuple[str, tuple[int, ...], str | None]], gazetteer: Gazetteer | None = None
) -> list[Speech]:
    """For each ``(text, flat sentence bounds, outlet)``: the primary source it relays ('' for none)
    and the denials it carries, ``(sentence, speaker)``. A pure function of its input, so worker
    processes and this one give the same answer."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    out: list[Speech] = []
    for text, flat, outlet in job:
        sentences = [
            Sentence(i, text[flat[2 * i] : flat[2 * i + 1]], flat[2 * i], flat[2 * i + 1])
            for i in range(len(flat) // 2)
        ]
        quotes = extract_quotes(text, sentences, gaz)
        attributions = extract_attributions(text, sentences, gaz, outlet=outlet)
        denials = tuple(
            dict.fromkeys(
                (q.sentence, q.speaker_canonical or q.speaker) for q in quotes if q.verb_class == DENIAL_CLASS
            )
        )
        out.append((primary_source(attributions, quotes) or "", denials))
    return out


def article_facts(store: Store, articles: Sequence[Article], gazetteer: Gazetteer) -> list[FactRow]:
    """Each article's facts: its relayed source, loaded-language counts, party labels and denials."""
    bounds = [tuple(x for s in store.sentences(a) for x in (s.start, s.end)) for a in articles]
    speech = read_speech([(a.text, b, a.outlet) for a, b in zip(articles, bounds, strict=True)], gazetteer)
    return _facts(store, articles, bounds, speech)


def _facts(
    store: Store, articles: Sequence[Article], bounds: Sequence[tuple[int, ...]], speech: Sequence[Speech]
) -> list[FactRow]:
    stored = persuasion.read(store, [a.id for a in articles])
    parties = _label_parties()
    facts: list[FactRow] = []
    for article, flat, (source, denials) in zip(articles, bounds, speech, strict=True):
        spans = stored.get(article.id)
        labels: dict[tuple[str, str], None] = {}
        if spans is not None:
            for hit in spans.spans:
                if hit.technique != LABEL_TECHNIQUE:
                    continue
                key = " ".join(normalize(hit.cue).split())
                if key in parties:
                    labels[(parties[key], article.text[hit.start : hit.end])] = None
        facts.append(
            FactRow(
                article_id=article.id,
                outlet=article.outlet or "",
                published=article.published,
                language=article.language,
                source=source,
                sentences=spans.sentences if spans is not None else len(flat) // 2,
                loaded=spans.loaded_sentences if spans is not None else 0,
                labels=tuple(labels),
                denials=denials,
            )
        )
    return facts


class Postings:
    """The copy index's look-up (:func:`tahqiq.store.copyindex.lookup`) with the carriers of each
    hash remembered for one refresh, which reads only articles already stored: a hash shared by
    many articles (a wire's standard paragraph, a recombined sentence) is read once, not once per
    article carrying it. While fingerprints wait in the log (an ingest cut short), every look-up
    goes to :func:`~tahqiq.store.copyindex.lookup`, which reads the log too."""

    def __init__(self, store: Store, *, cap: int = POSTINGS_CAP, size: int = POSTINGS_MEMO) -> None:
        self.store = store
        self.cap = cap
        self.size = size
        self.direct = logged(store) > 0
        self._carriers: dict[int, list[int]] = {}

    def shared(self, hashes: Sequence[int], *, exclude: int) -> dict[int, int]:
        """Articles sharing any of ``hashes`` (not a boilerplate one), with how many each."""
        if self.direct:
            return lookup(self.store, hashes, exclude=exclude, cap=self.cap).shared
        wanted = list(dict.fromkeys(hashes))
        missing = [h for h in wanted if h not in self._carriers]
        if len(self._carriers) + len(missing) > self.size:
            self._carriers.clear()
            missing = wanted  # everything this call needs is read again
        for h, ids in self.store.hash_carriers(missing, cap=self.cap).items():
            # More carriers than the cap: boilerplate, as the index says; remembered as no one.
            self._carriers[h] = ids if len(ids) <= self.cap else []
        counts: Counter[int] = Counter()
        for h in wanted:
            counts.update(i for i in self._carriers.get(h, ()) if i != exclude)
        return dict(counts)


def copy_links(store: Store, articles: Sequence[Article], postings: Postings | None = None) -> list[LinkRow]:
    """The copy links of ``articles`` with any stored article, both sides, each summed up as a
    relation of one article to the other's outlet and ordered by publication dates."""
    postings = postings if postings is not None else Postings(store)
    pairs: set[tuple[int, int]] = set()
    for article in articles:
        shared = postings.shared(text_fingerprints(article.text), exclude=article.id)
        pairs.update(
            (min(article.id, other), max(article.id, other))
            for other, n in shared.items()
            if n >= MIN_SHARED_HASHES
        )
    if not pairs:
        return []
    places = {a.id: (a.outlet or "", a.published) for a in articles}
    places.update(store.article_places(sorted({i for pair in pairs for i in pair} - set(places))))
    links: dict[tuple[int, str, str], LinkRow] = {}
    for low, high in sorted(pairs):
        if low not in places or high not in places:
            continue
        order = publication_order(places[low][1], places[high][1])
        for own, other, first in ((low, high, "article"), (high, low, "other")):
            if order.first == "unknown":
                relation: Relation = "unordered"
            else:
                relation = "copied" if order.first == first else "copies"
            row = LinkRow(own, places[own][0], relation, places[other][0])
            links[(own, relation, row.other_outlet)] = row
    return list(links.values())
