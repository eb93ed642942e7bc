"""The versioned JSON form of a check report (documented in ``docs/report-schema.md``).

Field names here are a public contract: add fields freely, never rename or remove one without
raising ``SCHEMA_VERSION``'s major number.
"""

from __future__ import annotations

import json
from typing import Any

from tahqiq.records import Article, CheckReport, Evidence

SCHEMA_VERSION = "1.1"


def article_dict(article: Article) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "source": article.source,
        "sources": list(article.sources),
        "url": article.url,
        "date": article.published,
        "language": article.language,
    }


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        **article_dict(e.article),
        "retrieval_score": round(e.retrieval_score, 6),
        "stance": e.stance.stance,
        "stance_scores": {k: round(v, 4) for k, v in e.stance.scores.items()},
        "stance_model": e.stance.model,
        "rationales": [
            {"index": r.index, "text": r.text, "why": r.role, "score": r.score} for r in e.stance.rationales
        ],
    }


def report_dict(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "claim": report.claim,
        "checked_at": report.checked_at,
        "store_articles": report.store_articles,
        "verdict": {
            "label": report.verdict.label,
            "confidence": report.verdict.confidence,
            "explanation": report.verdict.explanation,
            "p_true": report.verdict.p_true,
            "claim_kind": report.verdict.claim_kind,
            "speaker": report.verdict.speaker,
            "statement": report.verdict.statement,
            "counts": report.verdict.counts,
            "origins": [
                {
                    "side": o.side,
                    "articles": list(o.articles),
                    "source": o.source,
                    "speakers": list(o.speakers),
                }
                for o in report.verdict.origins
            ],
        },
        "evidence": [evidence_dict(e) for e in report.evidence],
        "copies": [
            {
                "articles": list(c.articles),
                "passage": c.passage,
                "passage_other": c.passage_other,
                "spans": [[s.start, s.end] for s in c.spans],
                "words": c.words,
            }
            for c in report.copies
        ],
        "graph": {
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, "stance": n.stance} for n in report.graph.nodes
            ],
            "edges": [
                {"source": e.source, "target": e.target, "kind": e.kind, "detail": e.detail}
                for e in report.graph.edges
            ],
        },
        **report.extra,
    }


def to_json(report: CheckReport, *, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)
