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

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.provenance.origins import primary_source
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.reuse import publication_order
from tahqiq.records import Article
from tahqiq.store import persuasion
from tahqiq.store.copyindex import POSTINGS_CAP, lookup
from tahqiq.store.outlets import FactRow, LinkRow, Relation
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

Progress = Callable[[int], None]


@cache
def _label_parties() -> dict[str, str]:
    """Normalized label → the party whose vocabulary it is, for labels that belong to a party."""
    table = load_table("loaded_language", ("group", "entry", "party"))
    return {
        " ".join(normalize(r["entry"]).split()): r["party"] for r in table.rows if r["party"] not in ("", "-")
    }


def refresh(store: Store, *, batch: int = REFRESH_BATCH, progress: Progress | None = None) -> int:
    """Add every article above the profiles' watermark to the profiles; how many were added."""
    done = 0
    gazetteer = default_gazetteer()
    while True:
        ids = store.outlet_pending(limit=batch)
        if not ids:
            return done
        articles = store.get_many(ids)
        facts = article_facts(store, articles, gazetteer)
        links = copy_links(store, articles)
        store.write_outlet_facts(facts, links, through=ids[-1])
        done += len(ids)
        if progress is not None:
            progress(done)


def article_facts(store: Store, articles: Sequence[Article], gazetteer: Gazetteer) -> list[FactRow]:
    """Each article's facts: its relayed source, loaded-language counts, party labels and denials."""
    stored = persuasion.read(store, [a.id for a in articles])
    parties = _label_parties()
    facts: list[FactRow] = []
    for article in articles:
        sentences = store.sentences(article)
        quotes = extract_quotes(article.text, sentences, gazetteer)
        attributions = extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
        source = primary_source(attributions, quotes) or ""
        denials = tuple(
            dict.fromkeys(
                (q.sentence, q.speaker_canonical or q.speaker) for q in quotes if q.verb_class == DENIAL_CLASS
            )
        )
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
                sentences=spans.sentences if spans is not None else len(sentences),
                loaded=spans.loaded_sentences if spans is not None else 0,
                labels=tuple(labels),
                denials=denials,
            )
        )
    return facts


def copy_links(store: Store, articles: Sequence[Article]) -> list[LinkRow]:
    """The copy links of ``articles`` with any stored article, both sides, each summed up as a
    relation of one article to the other's outlet and ordered by publication dates."""
    pairs: set[tuple[int, int]] = set()
    for article in articles:
        shared = lookup(store, text_fingerprints(article.text), exclude=article.id, cap=POSTINGS_CAP)
        pairs.update(
            (min(article.id, other), max(article.id, other))
            for other, n in shared.shared.items()
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
