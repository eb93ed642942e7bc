"""A checked claim as schema.org ClaimReview JSON-LD, the form fact-checks are published in.

The rating follows the usual fact-checking scale (1 false … 5 true), but only where tahqiq's
label sits on it: "supported" is 5, "disputed" 3, "refuted" 1; "unverified" is not a point on a
truth scale, so it carries no ``ratingValue`` and only its words (``alternateName``). The words
are the reviewer's latest edit when there is one, else the label in Arabic.

The claim's appearances are the reports that assert it (stance "agree"), each a NewsArticle with
its headline, outlet, date and URL when known: the check's evidence, then the articles that the
watch's alerts found carrying the claim later (``later``, alerts as their JSON). They are listed
earliest first (undated ones ahead, since they may be older than any dated one), and a report that
copies an earlier listed one (a copied passage in the check, or an alert's ``copy_of``) names it as
``isBasedOn``. The claim's ``datePublished`` is the earliest of their dates, and the earliest dated
one is its ``firstAppearance``.

Names and headlines taken from articles are published without bidi controls, and the machine's
explanation with only the isolates that keep its names in place (:mod:`tahqiq.text.bidi`): an
override in an outlet name must not reverse the text a reader of the fact-check sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tahqiq.records.reviews import ReviewEdit
from tahqiq.report.markdown import VERDICT_AR
from tahqiq.text.bidi import contain, strip_bidi

RATING_VALUE = {"supported": 5, "disputed": 3, "refuted": 1}
LABEL_AR = VERDICT_AR  # the wording of the Markdown report and the workbench
APPEARING_STANCES = ("agree",)


def is_web_url(value: object) -> bool:
    """An http(s) address: the only kind of article URL passed on (never ``javascript:`` and the like)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://")) and " " not in value


def _appearance(e: Mapping[str, Any]) -> dict[str, Any]:
    headline = strip_bidi(str(e.get("title") or "")) or f"#{e['article_id']}"
    work: dict[str, Any] = {"@type": "NewsArticle", "headline": headline}
    if is_web_url(e.get("url")):
        work["url"] = e["url"]
    if e.get("date"):
        work["datePublished"] = e["date"]
    if e.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": strip_bidi(str(e["outlet"]))}
    if e.get("language"):
        work["inLanguage"] = e["language"]
    return work


def claim_review(
    report: Mapping[str, Any],
    *,
    url: str,
    organization: str,
    organization_url: str | None = None,
    review: ReviewEdit | None = None,
    later: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The ClaimReview of a check report's JSON (:mod:`tahqiq.records.serialize`), its latest review
    and the alerts (as JSON) that found the claim in later articles."""
    label = review.rating if review else report["verdict"]["label"]
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": review.verdict_text if review else LABEL_AR.get(label, label),
        "name": label,
    }
    if label in RATING_VALUE:
        rating.update({"ratingValue": RATING_VALUE[label], "bestRating": 5, "worstRating": 1})
    appearing = [e for e in report.get("evidence", []) if e.get("stance") in APPEARING_STANCES]
    known = {e["article_id"] for e in appearing}
    for a in later:
        if a.get("stance") in APPEARING_STANCES and a["article_id"] not in known:
            known.add(a["article_id"])
            appearing.append({**a, "date": a.get("published")})
    appearing.sort(key=lambda e: str(e.get("date") or ""))  # stable: undated first, in their order
    claim: dict[str, Any] = {"@type": "Claim", "text": report["claim"]}
    if appearing:
        claim["appearance"] = _appearances(appearing, _copy_links(report, later))
        dated = sorted((e for e in appearing if e.get("date")), key=lambda e: str(e["date"]))
        if dated:
            claim["datePublished"] = str(dated[0]["date"])[:10]
            claim["firstAppearance"] = _appearance(dated[0])
    author: dict[str, Any] = {"@type": "Organization", "name": organization}
    if organization_url:
        author["url"] = organization_url
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": (review.edited_at if review else report["checked_at"])[:10],
        "author": author,
        "claimReviewed": report["claim"],
        "reviewRating": rating,
        "itemReviewed": claim,
        "reviewBody": (
            review.explanation if review and review.explanation else contain(report["verdict"]["explanation"])
        ),
        "inLanguage": "ar",
    }
    if review:
        doc["editor"] = {"@type": "Person", "name": review.reviewer}
        doc["dateModified"] = review.edited_at
    return doc


def _copy_links(report: Mapping[str, Any], later: Sequence[Mapping[str, Any]]) -> set[frozenset[int]]:
    """Pairs of articles that share a copied passage: the check's copies and the alerts' ``copy_of``."""
    pairs = {frozenset(int(i) for i in c["articles"]) for c in report.get("copies", []) if c.get("articles")}
    pairs |= {frozenset((int(a["article_id"]), int(i))) for a in later for i in a.get("copy_of") or ()}
    return pairs


def _appearances(appearing: Sequence[Mapping[str, Any]], copies: set[frozenset[int]]) -> list[dict[str, Any]]:
    """Each appearance as a NewsArticle, one that copies an earlier listed one ``isBasedOn`` it."""
    out: list[dict[str, Any]] = []
    for n, e in enumerate(appearing):
        work = _appearance(e)
        source = next(
            (p for p in appearing[:n] if frozenset((p["article_id"], e["article_id"])) in copies), None
        )
        if source is not None:
            work["isBasedOn"] = _appearance(source)
        out.append(work)
    return out
