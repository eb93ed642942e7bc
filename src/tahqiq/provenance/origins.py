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


def primary_source(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> str | None:
    """Canonical name of the party an article's central statement traces to, or None.

    See the module documentation for how the central statement and its origin are chosen.
    """
    statements = [q for q in quotes if not q.nested and q.origin is not None]
    specific = [q for q in statements if q.speaker_type in _SPECIFIC]
    if specific:
        chosen = specific[0]
        origin = chosen.origin
        for later in specific[1:]:
            if origin in later.origin_parents:
                origin = later.origin
        return origin
    for attribution in attributions:
        if attribution.origin is not None and attribution.source_type in _SPECIFIC:
            return attribution.origin
    for quote in statements:
        if quote.speaker_type == "state":
            return quote.origin
    for attribution in attributions:
        if attribution.origin is not None:
            return attribution.origin
    return statements[0].origin if statements else None


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
