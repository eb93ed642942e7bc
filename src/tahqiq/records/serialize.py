"""The one JSON form of every record: :func:`to_dict` out, :func:`from_dict` back.

The CLI's ``--json``, the HTTP API and the saved checks all go through this module, so a record
has one shape wherever it leaves the program (documented, versioned, in ``docs/report-schema.md``
and ``docs/provenance-schema.md``). Most records are written field by field: a :class:`Span` is
``[start, end]``, tuples are lists, ``None`` stays ``null``. A few keep the names of the check
report, which was the first public shape: an article is named by ``article_id`` and dated by
``date`` (:class:`Article`, :class:`ArticleRef`), a copied passage is
``passage``/``passage_other``/``spans`` wherever it appears, a rationale's ``role`` is ``why``, and
an evidence entry is its article's fields plus the stance's.

:func:`from_dict` reads any of these shapes back into its record, so a saved check is a
:class:`CheckReport` again rather than a mapping. Only what the JSON carries comes back: an
article read from a report has no text. ``from_dict(cls, to_dict(r))`` re-encodes to the same JSON.

Example::

    data = to_dict(report)                      # plain dicts, lists, strings and numbers
    again = from_dict(CheckReport, data)
    assert to_dict(again) == data
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from tahqiq.records import (
    Article,
    ArticlePersuasion,
    ArticleText,
    CheckReport,
    CopiedPassage,
    Evidence,
    GraphEdge,
    GraphNode,
    IngestSummary,
    OriginGraph,
    Rationale,
    SearchHit,
    Span,
    StanceResult,
    Verdict,
)
from tahqiq.records.outlets import OutletList, OutletProfile
from tahqiq.records.persuasion import CheckWorthyClaim
from tahqiq.records.provenance import ArticleSpeech
from tahqiq.records.reuse import ArticleRef, ReuseLink, ReuseReport

SCHEMA_VERSION = "2.2"
"""The version of every JSON shape this module writes. The major number changes only when a
documented field is renamed or removed; 2.0 gave reuse, stories and quotes the check report's
shapes for articles, copied passages and spans (see docs/report-schema.md); 2.1 added an
article's ``persuasion``, the check report's ``persuasion`` and the claims of ``tahqiq claims``;
2.2 added a rationale's optional ``note`` (what the claim says against what the sentence says)."""

T = TypeVar("T")


# --- writing -----------------------------------------------------------------------------------


def to_dict(value: Any) -> Any:
    """``value`` (a record, or a tuple, list or mapping of them) as JSON-ready data."""
    encoder = _ENCODERS.get(type(value))
    if encoder is not None:
        return encoder(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_dict(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_dict(v) for k, v in value.items()}
    return value


def _span(s: Span) -> list[int]:
    return [s.start, s.end]


def _article(a: Article) -> dict[str, Any]:
    return {
        "article_id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "source": a.source,
        "sources": list(a.sources),
        "url": a.url,
        "date": a.published,
        "language": a.language,
    }


def _article_text(a: ArticleText) -> dict[str, Any]:
    """An article as ``tahqiq show --json`` and ``GET /api/articles/N`` give it: the fields of
    an article plus its text, metadata, ingest time and numbered sentences with offsets."""
    return {
        **_article(a.article),
        "text": a.article.text,
        "metadata": to_dict(a.article.metadata),
        "ingested_at": a.article.ingested_at,
        "sentences": to_dict(a.sentences),
        "persuasion": _persuasion(a.persuasion) if a.persuasion is not None else None,
    }


def _persuasion(p: ArticlePersuasion) -> dict[str, Any]:
    """An article's persuasion spans, with the share and top techniques a reader looks at first."""
    return {
        "article_id": p.article_id,
        "sentences": p.sentences,
        "loaded_sentences": p.loaded_sentences,
        "loaded_share": round(p.loaded_share, 4),
        "top_techniques": [{"technique": t, "spans": n} for t, n in p.top_techniques()],
        "spans": to_dict(p.spans),
    }


def _claim(c: CheckWorthyClaim) -> dict[str, Any]:
    """A check-worthy claim: its sentence, score and features, who asserts it, who carries it."""
    return {
        "article_id": c.article_id,
        "sentence": c.sentence,
        "text": c.text,
        "span": [c.start, c.end],
        "outlet": c.outlet,
        "title": c.title,
        "date": c.published,
        "score": c.score,
        "features": {k: round(v, 4) for k, v in c.features.items()},
        "asserted_by": list(c.asserted_by),
        "articles": 1 + len(c.carriers),
        "carriers": list(c.carriers),
        "outlets": list(c.outlets),
        "origins": c.origins,
        "check_id": c.check_id,
    }


def _article_ref(a: ArticleRef) -> dict[str, Any]:
    return {
        "article_id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "date": a.published,
        "source": a.source,
        "words": a.words,
    }


def _passage(p: CopiedPassage) -> dict[str, Any]:
    return {
        "articles": list(p.articles),
        "passage": p.passage,
        "passage_other": p.passage_other,
        "spans": [_span(s) for s in p.spans],
        "words": p.words,
    }


def _rationale(r: Rationale) -> dict[str, Any]:
    out: dict[str, Any] = {"index": r.index, "text": r.text, "why": r.role, "score": r.score}
    if r.note is not None:  # absent rather than null, so reports without notes keep their shape
        out["note"] = r.note
    return out


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        **_article(e.article),
        "retrieval_score": round(e.retrieval_score, 6),
        "stance": e.stance.stance,
        "stance_scores": {k: round(v, 4) for k, v in e.stance.scores.items()},
        "stance_model": e.stance.model,
        "rationales": [_rationale(r) for r in e.stance.rationales],
    }


def _verdict(v: Verdict) -> dict[str, Any]:
    return {
        "label": v.label,
        "confidence": v.confidence,
        "explanation": v.explanation,
        "p_true": v.p_true,
        "claim_kind": v.claim_kind,
        "speaker": v.speaker,
        "statement": v.statement,
        "counts": dict(v.counts),
        "origins": to_dict(v.origins),
    }


def _report(r: CheckReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "claim": r.claim,
        "checked_at": r.checked_at,
        "store_articles": r.store_articles,
        "verdict": _verdict(r.verdict),
        "evidence": [_evidence(e) for e in r.evidence],
        "copies": [_passage(c) for c in r.copies],
        "graph": to_dict(r.graph),
        **to_dict(r.extra),
    }


def _reuse_link(link: ReuseLink) -> dict[str, Any]:
    return {
        "other": _article_ref(link.other),
        "copied_words": link.copied_words,
        "other_copied_words": link.other_copied_words,
        "share": round(link.share, 4),
        "other_share": round(link.other_share, 4),
        "first": link.first,
        "order": link.order,
        "passages": [_passage(p) for p in link.passages],
    }


def _reuse_report(r: ReuseReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "article": _article_ref(r.article),
        "copied_words": r.copied_words,
        "share": round(r.share, 4),
        "candidates": r.candidates,
        "common_hashes": r.common_hashes,
        "links": [_reuse_link(link) for link in r.links],
    }


def _search_hit(h: SearchHit) -> dict[str, Any]:
    return {
        **_article(h.article),
        "score": round(h.score, 6),
        "sentences": [{"index": s.index, "text": s.text} for s in h.sentences],
    }


def _speech(s: ArticleSpeech) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "article_id": s.article.id,
        "primary_source": s.primary_source,
        "quotes": to_dict(s.quotes),
        "attributions": to_dict(s.attributions),
    }


def _versioned(r: OutletProfile | OutletList) -> dict[str, Any]:
    """An outlet profile or list: its fields as written, led by the schema version (docs/outlets.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        **{f.name: to_dict(getattr(r, f.name)) for f in dataclasses.fields(r)},
    }


def _ingest_summary(s: IngestSummary) -> dict[str, Any]:
    return {
        "added": list(s.added),
        "duplicates": list(s.duplicates),
        "unchanged": list(s.unchanged),
        "skipped": to_dict(s.skipped),
        "warnings": to_dict(s.warnings),
    }


_ENCODERS: dict[type, Callable[[Any], Any]] = {
    Span: _span,
    Article: _article,
    ArticleText: _article_text,
    ArticlePersuasion: _persuasion,
    CheckWorthyClaim: _claim,
    ArticleRef: _article_ref,
    CopiedPassage: _passage,
    Rationale: _rationale,
    Evidence: _evidence,
    Verdict: _verdict,
    CheckReport: _report,
    ReuseLink: _reuse_link,
    ReuseReport: _reuse_report,
    SearchHit: _search_hit,
    ArticleSpeech: _speech,
    IngestSummary: _ingest_summary,
    OutletProfile: _versioned,
    OutletList: _versioned,
}


# --- reading -----------------------------------------------------------------------------------


def from_dict(cls: type[T], data: Any) -> T:
    """The record of type ``cls`` that :func:`to_dict` wrote as ``data``.

    Raises:
        ValueError: ``data`` lacks a field the record needs, or has the wrong kind of value.
    """
    try:
        found: T = _decode(cls, data)
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(
            f"not a {getattr(cls, '__name__', cls)} in the documented JSON shape: {exc!r}"
        ) from exc
    return found


def _decode(tp: Any, data: Any) -> Any:
    decoder = _DECODERS.get(tp)
    if decoder is not None:
        return decoder(data)
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        args = get_args(tp)
        if data is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if all(get_origin(a) is Literal for a in inner):  # a union of closed sets: the value itself
            return data
        (only,) = inner
        return _decode(only, data)
    if origin is Literal or tp is Any or tp in (str, int, float, bool):
        return float(data) if tp is float and isinstance(data, int) else data
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin in (dict, Mapping) or origin is typing.Mapping:
        _, value_type = get_args(tp)
        return {str(k): _decode(value_type, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.init and (f.name in data or _required(f))
        }
        return tp(**kwargs)
    raise TypeError(f"no JSON reading for {tp!r}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _read_span(data: Any) -> Span:
    start, end = data
    return Span(int(start), int(end))


def _read_article(data: Mapping[str, Any]) -> Article:
    """An article as a report names it: everything but its text, metadata and ingest details."""
    sources = tuple(data.get("sources") or ([data["source"]] if data.get("source") else []))
    return Article(
        id=int(data["article_id"]),
        title=data["title"],
        text="",
        outlet=data["outlet"],
        url=data.get("url"),
        published=data["date"],
        language=data.get("language", ""),
        sources=sources,
        metadata={},
        content_hash="",
        ingested_at="",
    )


def _read_article_ref(data: Mapping[str, Any]) -> ArticleRef:
    return ArticleRef(
        id=int(data["article_id"]),
        title=data["title"],
        outlet=data["outlet"],
        published=data["date"],
        source=data["source"],
        words=int(data["words"]),
    )


def _read_passage(data: Mapping[str, Any]) -> CopiedPassage:
    a, b = data["articles"]
    first, second = data["spans"]
    return CopiedPassage(
        articles=(int(a), int(b)),
        passage=data["passage"],
        passage_other=data["passage_other"],
        spans=(_read_span(first), _read_span(second)),
        words=int(data["words"]),
    )


def _read_rationale(data: Mapping[str, Any]) -> Rationale:
    return Rationale(
        int(data["index"]),
        data["text"],
        data.get("why", ""),
        float(data.get("score", 0.0)),
        data.get("note"),
    )


def _read_evidence(data: Mapping[str, Any]) -> Evidence:
    stance = StanceResult(
        stance=data["stance"],
        scores={str(k): float(v) for k, v in data["stance_scores"].items()},
        rationales=tuple(_read_rationale(r) for r in data["rationales"]),
        model=data.get("stance_model", ""),
    )
    return Evidence(_read_article(data), float(data["retrieval_score"]), stance)


_REPORT_KEYS = frozenset(
    {"schema_version", "claim", "checked_at", "store_articles", "verdict", "evidence", "copies", "graph"}
)


def _read_report(data: Mapping[str, Any]) -> CheckReport:
    """A check report; top-level fields beyond the documented ones (``stance_model``) are its extras."""
    graph = data.get("graph") or {"nodes": [], "edges": []}
    return CheckReport(
        claim=data["claim"],
        verdict=_decode(Verdict, data["verdict"]),
        evidence=tuple(_read_evidence(e) for e in data["evidence"]),
        copies=tuple(_read_passage(c) for c in data["copies"]),
        checked_at=data["checked_at"],
        store_articles=int(data.get("store_articles", 0)),
        graph=OriginGraph(
            tuple(_decode(GraphNode, n) for n in graph["nodes"]),
            tuple(_decode(GraphEdge, e) for e in graph["edges"]),
        ),
        extra={k: v for k, v in data.items() if k not in _REPORT_KEYS},
    )


_DECODERS: dict[Any, Callable[[Any], Any]] = {
    Span: _read_span,
    Article: _read_article,
    ArticleRef: _read_article_ref,
    CopiedPassage: _read_passage,
    Rationale: _read_rationale,
    Evidence: _read_evidence,
    CheckReport: _read_report,
}
