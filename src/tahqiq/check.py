"""The claim check: claim → top-k articles → stance per article → provenance → verdict.

Each step is one call into its stage, so a trained stance model or a store-wide copy index
replaces a step without touching the others.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tahqiq.errors import ClaimError
from tahqiq.provenance.origins import ArticleProvenance, article_provenance, origin_graph
from tahqiq.provenance.reuse import copies_among
from tahqiq.records import CheckReport, Evidence
from tahqiq.retrieve import search
from tahqiq.stance.base import StanceModel
from tahqiq.stance.blas import limit_blas
from tahqiq.store import Store
from tahqiq.text import has_arabic, stems
from tahqiq.verdict.aggregate import decide

MAX_CLAIM_CHARS = 2000


def validate_claim(claim: str) -> str:
    """The claim stripped of outer space, or a :class:`ClaimError` saying why it cannot be checked."""
    claim = claim.strip()
    if not claim:
        raise ClaimError("the claim is empty")
    if len(claim) > MAX_CLAIM_CHARS:
        raise ClaimError(f"the claim is {len(claim)} characters long; the limit is {MAX_CLAIM_CHARS}")
    if not has_arabic(claim):
        raise ClaimError("the claim has no Arabic words; tahqiq checks claims written in Arabic")
    if not stems(claim):
        raise ClaimError("the claim holds only stop words; name who did what")
    return claim


def check_claim(store: Store, claim: str, model: StanceModel, *, limit: int = 10) -> CheckReport:
    """Check ``claim`` against the ``limit`` most relevant articles in ``store``.

    Checks run with one BLAS thread (:mod:`tahqiq.stance.blas`): their matrix products are small.
    """
    claim = validate_claim(claim)
    limit_blas()
    evidence: list[Evidence] = []
    provenance: dict[int, ArticleProvenance] = {}
    for hit in search(store, claim, limit=limit):
        sentences = store.sentences(hit.article)
        stance = model.predict(claim, sentences, title=hit.article.title)
        evidence.append(Evidence(hit.article, hit.score, stance))
        if stance.stance != "unrelated":
            provenance[hit.article.id] = article_provenance(
                hit.article, sentences, [r.index for r in stance.rationales], stance.stance
            )
    copies = copies_among(store, list(provenance))
    verdict = decide(
        evidence,
        copies,
        sources={i: p.origin for i, p in provenance.items()},
        speakers={i: p.speaker for i, p in provenance.items()},
        claim=claim,
    )
    return CheckReport(
        claim=claim,
        verdict=verdict,
        evidence=tuple(evidence),
        copies=tuple(copies),
        checked_at=datetime.now(UTC).isoformat(timespec="seconds"),
        store_articles=store.count(),
        graph=origin_graph(evidence, copies, provenance),
        extra={"stance_model": model.name},
    )
