"""Where each piece of evidence comes from, and the origin graph of a check.

For a claim, the party behind an article's position is the speaker of the statement in its
rationale sentences (the Hmeimim centre's statement, a journalist's denial), falling back to the
article's primary source. Articles that copy one another or trace to the same party collapse into
one origin; the verdict counts those, not articles.

Primary source (:func:`primary_source`): the news lede carries an article's central statement,
so the first statement made by a specific party (a person, a body, an organisation; not a
country or capital standing for its government, and not an outlet passing news on) is taken as
central. Its origin is the gazetteer ``origin`` of its speaker (or of the body it spoke through,
``عبر مركز ...``, when that body belongs to the speaker). Where the article later quotes a unit
of that party (the ministry first, then its reconciliation centre), the more specific unit is
the origin. Without such a statement the first official or personal source cited is used,
then a country, then an outlet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, default_gazetteer
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.speakers import clean_name
from tahqiq.records import Article, CopiedPassage, Evidence, GraphEdge, GraphNode, OriginGraph, Sentence
from tahqiq.records.provenance import Attribution, Quote


@dataclass(frozen=True)
class ArticleProvenance:
    """Who an article cites and quotes, and the party behind its stance on the claim."""

    article_id: int
    origin: str | None
    speaker: str | None
    verb_class: str | None
    attributions: tuple[Attribution, ...]
    quotes: tuple[Quote, ...]


_SPECIFIC: frozenset[str] = frozenset({"official_body", "person", "organisation", "ngo"})
_MEDIA: frozenset[str] = frozenset({"agency", "outlet"})
_NAMELESS: frozenset[str] = frozenset({"anonymous", "eyewitness", "unresolved", "unknown"})


@dataclass(frozen=True)
class _Link:
    """A named party an article relays, where it is first named, and the medium it came through."""

    position: int
    sentence: int
    name: str
    kind: str
    quote: Quote | None = None


def source_chain(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> tuple[str, ...]:
    """The named links of an article's main statement, from the one nearest the outlet to its origin.

    Credits of the whole article (a wire credit ``(رويترز)``, a dateline ``بغداد - أ ف ب``) come
    first; then the medium that passed the statement on (``نقلت وكالة X عن Y``); the last link is
    the party that made the statement (:func:`primary_source`). Empty when nothing is named.
    """
    chain: list[str] = [
        a.canonical or a.source for a in attributions if a.scope == "article" and not a.self_citation
    ]
    origin = primary_source(attributions, quotes)
    first = _first_link(attributions, quotes)
    if first is not None and first.quote is not None and first.quote.via:
        chain.append(first.quote.via)
    if origin is not None:
        chain.append(origin)
    return tuple(dict.fromkeys(chain))


def _links(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> list[_Link]:
    own = {a.canonical for a in attributions if a.self_citation and a.canonical}
    own_spans = [a.source_span for a in attributions if a.self_citation]
    links: list[_Link] = []
    for q in quotes:
        name = q.origin or q.speaker_canonical
        span = q.speaker_span
        if name and span is not None and any(span.start <= o.start and o.end <= span.end for o in own_spans):
            own.add(name)  # the outlet's own reporter («مراسل الجزيرة ...»): its own reporting
            continue
        if q.nested or not name or q.speaker_type in _NAMELESS or any(name in o or o in name for o in own):
            continue
        links.append(_Link(q.verb_span.start, q.sentence, name, q.speaker_type, q))
    for a in attributions:
        if a.reference or a.self_citation or a.unresolved or a.scope == "article":
            continue
        name = a.origin or a.canonical
        if name is None and a.source_type in _MEDIA:
            name = clean_name(a.source)
        if name:
            links.append(_Link(a.source_span.start, a.sentence, name, a.source_type))
    return sorted(links, key=lambda link: link.position)


LEAD_SENTENCES = 7
"""Sentences, from the top of the page, in which an article's main statement is relayed: news
puts it in the lead. On the 60 hand-labelled pages (eval/provenance/) every page whose main
statement came from a named party named it within its first 7 sentences, page furniture on top
included, while 10 of the 18 pages of own reporting, analysis or opinion that quote someone by
name did so only later."""


def _first_link(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> _Link | None:
    links = [link for link in _links(attributions, quotes) if link.sentence < LEAD_SENTENCES]
    # A country or capital standing for its government is the source only when nobody more
    # specific is named: «قالت روسيا» is rarer in a lead than a ministry or a minister.
    first = next((link for link in links if link.kind != "state"), links[0] if links else None)
    if first is not None and first.kind in _MEDIA:
        # وبحسب وكالة الأناضول، طالب الوفد ...: a medium credited beside a named speaker relays them.
        relayed = [k for k in links if k.sentence == first.sentence and k.kind not in _MEDIA | {"state"}]
        if relayed:
            return relayed[0]
    return first


def primary_source(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> str | None:
    """Name of the party an article's main statement traces to (the earliest link of its chain), or None.

    The main statement is the first one the article relays from a named party in its lead
    (:data:`LEAD_SENTENCES`): a statement with a named speaker or a source cited by name, in
    reading order, a country only when nothing more specific is named. Its origin is the
    gazetteer ``origin`` of a known speaker (the Hmeimim channel relays the reconciliation
    centre) or the name as the article gives it; when
    the article later quotes a unit of that party (the ministry first, then its centre), the
    unit is the origin. Without a named statement, a credit of the whole article (a wire) is
    the source; otherwise None: the outlet's own reporting, or unnamed sources only.
    """
    first = _first_link(attributions, quotes)
    if first is None:
        credits = [a for a in attributions if a.scope == "article" and not a.self_citation]
        return (credits[0].origin or credits[0].canonical or credits[0].source) if credits else None
    origin = first.name
    if first.quote is not None and first.quote.origin is not None:
        for later in quotes:
            if not later.nested and later.origin and origin in later.origin_parents:
                origin = later.origin
    return origin


def _speaker(q: Quote) -> str:
    return q.speaker_canonical or q.speaker


def article_provenance(
    article: Article,
    sentences: Sequence[Sentence],
    rationale_indices: Iterable[int],
    stance: str,
    gazetteer: Gazetteer | None = None,
) -> ArticleProvenance:
    """Provenance of one piece of evidence; ``stance`` picks the statements that matter (denials)."""
    gaz = gazetteer or default_gazetteer()
    attributions = extract_attributions(article.text, sentences, gaz, outlet=article.outlet)
    quotes = extract_quotes(article.text, sentences, gaz)
    wanted = set(rationale_indices)
    in_rationale = [q for q in quotes if q.sentence in wanted and not q.nested]
    if stance == "disagree":
        preferred = [q for q in in_rationale if q.verb_class == "denies"] or [
            q for q in quotes if q.verb_class == "denies"
        ]
    else:
        preferred = [q for q in in_rationale if q.verb_class != "denies"]
    chosen = preferred[0] if preferred else None
    origin = (chosen.origin or _speaker(chosen)) if chosen else primary_source(attributions, quotes)
    return ArticleProvenance(
        article_id=article.id,
        origin=origin,
        speaker=_speaker(chosen) if chosen else None,
        verb_class=chosen.verb_class if chosen else None,
        attributions=tuple(attributions),
        quotes=tuple(quotes),
    )


def origin_graph(
    evidence: Sequence[Evidence],
    copies: Sequence[CopiedPassage],
    provenance: dict[int, ArticleProvenance],
) -> OriginGraph:
    """Nodes for related articles and the parties they cite or quote; edges copies / cites / quotes."""
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for e in evidence:
        if e.stance.stance == "unrelated":
            continue
        aid = f"article:{e.article.id}"
        nodes[aid] = GraphNode(aid, "article", e.article.title or f"#{e.article.id}", e.stance.stance)
        prov = provenance.get(e.article.id)
        if prov is None:
            continue
        seen: set[tuple[str, str]] = set()
        for a in prov.attributions:
            if a.canonical and ("cites", a.canonical) not in seen:
                seen.add(("cites", a.canonical))
                _add_source(nodes, a.canonical)
                edges.append(GraphEdge(aid, f"source:{a.canonical}", "cites", a.cue))
        for q in prov.quotes:
            name = q.speaker_canonical
            if name and ("quotes", name) not in seen:
                seen.add(("quotes", name))
                _add_source(nodes, name)
                edges.append(GraphEdge(aid, f"source:{name}", "quotes", q.verb_class))
        if prov.origin:
            _add_source(nodes, prov.origin)
            if ("quotes", prov.origin) not in seen and ("cites", prov.origin) not in seen:
                edges.append(GraphEdge(aid, f"source:{prov.origin}", "traces_to", prov.verb_class or ""))
    shared: dict[tuple[str, str], int] = {}
    for c in copies:
        pair = (f"article:{c.articles[0]}", f"article:{c.articles[1]}")
        if pair[0] in nodes and pair[1] in nodes:
            shared[pair] = shared.get(pair, 0) + c.words
    edges += [GraphEdge(x, y, "copies", f"{words} words") for (x, y), words in shared.items()]
    return OriginGraph(tuple(nodes.values()), tuple(edges))


def _add_source(nodes: dict[str, GraphNode], name: str) -> None:
    key = f"source:{name}"
    if key not in nodes:
        nodes[key] = GraphNode(key, "source", name, "")
