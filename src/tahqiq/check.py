"""The claim check: claim → top-k articles → stance per article → provenance → verdict.

Each step is one call into its stage, so a trained stance model or a store-wide copy index
replaces a step without touching the others.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tahqiq.errors import ClaimError
from tahqiq.provenance.furniture import Furniture
from tahqiq.provenance.origins import ArticleProvenance, article_provenance, origin_graph
from tahqiq.provenance.reuse import copies_among
from tahqiq.records import CheckReport, Evidence, SearchHit
from tahqiq.retrieve import RERANK_DEPTH, Candidate, candidates, rerank
from tahqiq.stance.base import StanceModel
from tahqiq.stance.blas import limit_blas
from tahqiq.stance.context import in_context, story_shares
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


def ranked_candidates(store: Store, claim: str, *, depth: int = RERANK_DEPTH) -> list[SearchHit]:
    """The ranking ``check`` takes its top ``--limit`` from, best first, ``depth`` deep.

    The first ``RERANK_DEPTH`` are re-ranked whatever ``depth`` is, so a deeper list (recall@100
    in ``tahqiq eval``) starts with exactly the articles ``check`` weighs.

    Retrieval fuses BM25 with passage vectors (when the store has them) into a candidate pool
    (:mod:`tahqiq.retrieve.hybrid`); the pool is then re-ranked here, one stage above retrieval,
    by its BM25 share plus the relatedness the stance model itself reads: the best of the title's
    and best sentences' soft word coverage of the claim, or the passage cosine when higher
    (``stance.trained``), weighted as :func:`tahqiq.retrieve.rerank` explains.
    """
    from tahqiq.stance.embeddings import USE_NAME, load_embedder
    from tahqiq.stance.features import soft_coverage, view
    from tahqiq.store.vectors import has_vectors

    embedder = load_embedder() if has_vectors(store, USE_NAME) else None
    claim_view = view(claim)

    def relatedness(c: Candidate) -> float:
        texts = [c.hit.article.title, *(s.text for s in c.hit.sentences)]
        cover = max((soft_coverage(claim_view, view(t)) for t in texts if t.strip()), default=0.0)
        return cover if c.cosine is None else max(cover, c.cosine)

    pool = candidates(store, claim, depth=max(depth, RERANK_DEPTH), embedder=embedder)
    ranked = rerank(pool[:RERANK_DEPTH], relatedness) + pool[RERANK_DEPTH:]
    return [c.hit for c in ranked[:depth]]


def check_claim(
    store: Store, claim: str, model: StanceModel, *, limit: int = 10, context: bool = True
) -> CheckReport:
    """Check ``claim`` against the ``limit`` most relevant articles in ``store``.

    ``context=False`` leaves each article's stance as the model read it alone, without the
    candidate-set step (:mod:`tahqiq.stance.context`): for measuring what that step adds.

    Checks run with one BLAS thread (:mod:`tahqiq.stance.blas`): their matrix products are small.
    """
    claim = validate_claim(claim)
    limit_blas()
    evidence: list[Evidence] = []
    provenance: dict[int, ArticleProvenance] = {}
    hits = ranked_candidates(store, claim, depth=limit)
    # The lines an outlet repeats on every page (menus, footers, sidebars) are neither stance
    # evidence, origins nor copy links: the model reads the other sentences under their own
    # indices, and provenance the list with furniture sentences emptied in place.
    furniture = Furniture(store, [hit.article for hit in hits])
    read = [store.sentences(hit.article) for hit in hits]
    stances = [
        model.predict(claim, furniture.prose(hit.article, sentences), title=hit.article.title)
        for hit, sentences in zip(hits, read, strict=True)
    ]
    # Discuss or unrelated is decided against the other reports weighed (tahqiq.stance.context).
    if context:
        shares = story_shares([hit.article for hit in hits])
        stances = [in_context(stance, share) for stance, share in zip(stances, shares, strict=True)]
    for hit, sentences, stance in zip(hits, read, stances, strict=True):
        evidence.append(Evidence(hit.article, hit.score, stance))
        if stance.stance != "unrelated":
            provenance[hit.article.id] = article_provenance(
                hit.article,
                furniture.masked(hit.article, sentences),
                [r.index for r in stance.rationales],
                stance.stance,
            )
    copies = furniture.copies(copies_among(store, list(provenance)))
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
