"""The HTTP API: one route per thing a desk does, all answering JSON.

Check reports are the versioned JSON of ``tahqiq check --json`` (:mod:`tahqiq.records.serialize`), with fields
added, never changed: ``check_id`` and ``links`` locate the saved check. Reads need loopback or
the token (see :mod:`tahqiq.server.security`); ingest and review edits always need the token.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from tahqiq import api
from tahqiq.check import MAX_CLAIM_CHARS, validate_claim
from tahqiq.records import STANCES, VERDICTS
from tahqiq.records.serialize import SCHEMA_VERSION, to_dict
from tahqiq.server.articles import article_view
from tahqiq.server.claimreview import claim_review
from tahqiq.server.connections import StorePool
from tahqiq.server.graph import origin_graph
from tahqiq.server.limits import WorkSlots
from tahqiq.server.sanitize import check_text
from tahqiq.server.security import require_read, require_write
from tahqiq.server.settings import ServerSettings
from tahqiq.server.stories import story_list, story_view
from tahqiq.server.uploads import (
    UploadedFile,
    UploadRejected,
    check_count,
    read_files,
    read_records,
)

MAX_FILES_PER_UPLOAD = 200
LATER_APPEARANCES = 1000  # alerts listed as later appearances in one ClaimReview export
MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer: no row has a larger id, and asking for one overflows

router = APIRouter(prefix="/api")
read = [Depends(require_read)]
write = [Depends(require_read), Depends(require_write)]


def _row_id(what: str) -> Any:
    return Path(ge=1, le=MAX_ROW_ID, description=f"The {what}'s id, a whole number from 1.")


CheckId = Annotated[int, _row_id("saved check")]
ArticleId = Annotated[int, _row_id("article")]
StoryId = Annotated[int, _row_id("story")]
# Text a person types: a lone surrogate or a NUL is refused with 422 (see tahqiq.server.sanitize).
Text = Annotated[str, AfterValidator(lambda v: check_text(v, "the text"))]


class CheckRequest(BaseModel):
    claim: Text = Field(max_length=MAX_CLAIM_CHARS + 200, description="The claim, in Arabic.")
    limit: int = Field(default=10, ge=1, le=50, description="Articles to weigh.")


class ArticlesRequest(BaseModel):
    articles: list[dict[str, Any]] = Field(
        description="Article objects as in .jsonl files: text/body, title, url, outlet, date, ...",
    )
    outlet: Text | None = Field(default=None, description="Outlet for articles that name none.")


class ReviewRequest(BaseModel):
    reviewer: Text = Field(max_length=api.MAX_REVIEWER_CHARS, description="Who edits the verdict.")
    rating: str = Field(description=f"One of {', '.join(VERDICTS)}.")
    verdict_text: Text = Field(
        max_length=api.MAX_VERDICT_TEXT_CHARS, description="The verdict's wording as published."
    )
    explanation: Text = Field(default="", max_length=api.MAX_EXPLANATION_CHARS)


class StanceReviewRequest(BaseModel):
    article_id: int = Field(ge=1, le=MAX_ROW_ID, description="An article the check weighed.")
    stance: str = Field(description=f"One of {', '.join(STANCES)}.")
    reviewer: Text = Field(max_length=api.MAX_REVIEWER_CHARS, description="Who corrects the stance.")


def pool(request: Request) -> StorePool:
    found: StorePool = request.app.state.pool
    return found


def settings(request: Request) -> ServerSettings:
    found: ServerSettings = request.app.state.settings
    return found


def work_slots(request: Request) -> WorkSlots:
    found: WorkSlots = request.app.state.work_slots
    return found


def encoded(data: Any) -> Response:
    """JSON encoded here, in the worker thread, so the event loop stays free for other requests."""
    return Response(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), media_type="application/json"
    )


def public_base(request: Request) -> str:
    return (settings(request).public_url or str(request.base_url)).rstrip("/")


def check_links(check_id: int) -> dict[str, str]:
    return {
        "self": f"/api/checks/{check_id}",
        "page": f"/checks/{check_id}",
        "graph": f"/api/checks/{check_id}/graph",
        "reviews": f"/api/checks/{check_id}/reviews",
        "stances": f"/api/checks/{check_id}/stances",
        "claimreview": f"/api/checks/{check_id}/claimreview",
        "print": f"/checks/{check_id}/print",
    }


def saved_report(p: StorePool, check_id: int) -> dict[str, Any]:
    """A saved check as the API answers it: the report's JSON, where it lives, its latest review."""
    tq = p.tahqiq()
    saved = tq.saved_check(check_id)
    return {
        **to_dict(saved.report),
        "check_id": saved.id,
        "links": check_links(saved.id),
        "review": to_dict(tq.latest_review(check_id)),
    }


@router.get("/health", dependencies=read, summary="Is the server up, and what does the store hold?")
def health(request: Request) -> dict[str, Any]:
    p = pool(request)
    return {
        "status": "ok",
        "schema_version": SCHEMA_VERSION,
        "articles": p.tahqiq().count(),
        "writes_enabled": bool(settings(request).token),
    }


@router.get("/stats", dependencies=read, summary="Counts of what the store holds")
def stats(request: Request) -> dict[str, int]:
    return pool(request).tahqiq().stats()


@router.get("/search", dependencies=read, summary="Articles matching words, by BM25 over Arabic stems")
def search(
    request: Request,
    q: Annotated[Text, Query(max_length=MAX_CLAIM_CHARS, description="Arabic words to look for.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = to_dict(pool(request).tahqiq().search(q, limit=limit))
    return found


@router.post(
    "/check",
    dependencies=read,
    summary="Check a claim; the report (as `tahqiq check --json`) is saved for review",
    response_class=JSONResponse,
)
def check(request: Request, body: CheckRequest) -> Response:
    p = pool(request)
    claim = validate_claim(body.claim)
    with work_slots(request).slot():
        report = p.tahqiq().check(claim, limit=body.limit)
    with p.writing() as tq:
        check_id = tq.save_check(report, keep=settings(request).max_saved_checks)
    return encoded({**to_dict(report), "check_id": check_id, "links": check_links(check_id), "review": None})


@router.get("/checks", dependencies=read, summary="The latest saved checks")
def checks(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = to_dict(pool(request).tahqiq().recent_checks(limit))
    return found


@router.get(
    "/checks/{check_id}",
    dependencies=read,
    summary="A saved check report and its latest review",
    response_class=JSONResponse,
)
def get_check(request: Request, check_id: CheckId) -> Response:
    return encoded(saved_report(pool(request), check_id))


@router.get(
    "/checks/{check_id}/graph",
    dependencies=read,
    summary="Origin graph of a check, laid out",
    response_class=JSONResponse,
)
def check_graph(request: Request, check_id: CheckId) -> Response:
    saved = pool(request).tahqiq().saved_check(check_id)
    return encoded({"check_id": check_id, **origin_graph(to_dict(saved.report))})


@router.get("/checks/{check_id}/reviews", dependencies=read, summary="Every edit of a check's verdict")
def list_reviews(request: Request, check_id: CheckId) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = to_dict(pool(request).tahqiq().reviews(check_id))
    return found


@router.post(
    "/checks/{check_id}/reviews",
    dependencies=write,
    status_code=201,
    summary="Edit the verdict before publishing (stored with who and when)",
)
def add_review(request: Request, check_id: CheckId, body: ReviewRequest) -> dict[str, Any]:
    with pool(request).writing() as tq:
        edit = tq.review(
            check_id,
            reviewer=body.reviewer,
            rating=body.rating,
            verdict_text=body.verdict_text,
            explanation=body.explanation,
        )
    found: dict[str, Any] = to_dict(edit)
    return found


@router.get("/checks/{check_id}/stances", dependencies=read, summary="Every stance correction")
def list_stance_reviews(request: Request, check_id: CheckId) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = to_dict(pool(request).tahqiq().stance_reviews(check_id))
    return found


@router.post(
    "/checks/{check_id}/stances",
    dependencies=write,
    status_code=201,
    summary="Correct an article's stance in a saved check (stored with who and when)",
)
def add_stance_review(request: Request, check_id: CheckId, body: StanceReviewRequest) -> dict[str, Any]:
    with pool(request).writing() as tq:
        correction = tq.review_stance(check_id, body.article_id, body.stance, reviewer=body.reviewer)
    found: dict[str, Any] = to_dict(correction)
    return found


@router.get(
    "/checks/{check_id}/claimreview",
    dependencies=read,
    summary="schema.org ClaimReview JSON-LD of a check, with its latest review",
    response_class=JSONResponse,
)
def export_claim_review(request: Request, check_id: CheckId, download: bool = False) -> JSONResponse:
    tq = pool(request).tahqiq()
    saved = tq.saved_check(check_id)
    base = public_base(request)
    doc = claim_review(
        to_dict(saved.report),
        url=f"{base}/checks/{check_id}",
        organization=settings(request).organization,
        organization_url=base + "/",
        review=tq.latest_review(check_id),
        later=[to_dict(alert) for alert in tq.alerts(check_id=check_id, limit=LATER_APPEARANCES)],
    )
    headers = (
        {"Content-Disposition": f'attachment; filename="claimreview-{check_id}.jsonld"'} if download else {}
    )
    return JSONResponse(doc, media_type="application/ld+json", headers=headers)


@router.get(
    "/articles/{article_id}",
    dependencies=read,
    summary="An article: text, sentences, quotes, cited sources and reuse links",
    response_class=JSONResponse,
)
def get_article(request: Request, article_id: ArticleId, reuse: bool = True) -> Response:
    with work_slots(request).slot():
        return encoded(article_view(pool(request), article_id, with_reuse=reuse))


@router.post("/articles", dependencies=write, summary="Ingest articles given as JSON objects, all or none")
def post_articles(request: Request, body: ArticlesRequest) -> dict[str, Any]:
    limit = settings(request).max_upload_articles
    if len(body.articles) > limit:
        raise UploadRejected(f"the request holds {len(body.articles)} articles; the limit is {limit}")
    articles, warnings = read_records(pool(request).tahqiq(), body.articles, outlet=body.outlet)
    with pool(request).writing() as tq:
        found: dict[str, Any] = to_dict(tq.add_articles(articles, warnings=warnings))
    return found


@router.post(
    "/articles/upload",
    dependencies=write,
    summary="Ingest uploaded files (.txt, .html, .json, .jsonl, RSS/Atom), all or none",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                            "outlet": {"type": "string"},
                        },
                        "required": ["files"],
                    }
                }
            },
            "required": True,
        }
    },
)
async def upload(request: Request) -> dict[str, Any]:
    try:
        form = await request.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=20)
    except MultiPartException as exc:
        raise HTTPException(400, f"malformed upload: {exc.message}") from None
    try:
        files = [
            UploadedFile(item.filename or "upload", await item.read())
            for item in form.getlist("files")
            if isinstance(item, UploadFile)
        ]
        outlet_field = form.get("outlet")
        outlet = outlet_field.strip() or None if isinstance(outlet_field, str) else None
        if outlet:
            try:
                check_text(outlet, "outlet")
            except ValueError as exc:
                raise UploadRejected(str(exc)) from None
    finally:
        await form.close()
    return await run_in_threadpool(_ingest_files, request, files, outlet)


def _ingest_files(request: Request, files: list[UploadedFile], outlet: str | None) -> dict[str, Any]:
    articles, warnings = read_files(pool(request).tahqiq(), files, outlet=outlet)
    check_count(articles, settings(request).max_upload_articles)
    with pool(request).writing() as tq:
        found: dict[str, Any] = to_dict(tq.add_articles(articles, warnings=warnings))
    return found


@router.get("/claims", dependencies=read, summary="Check-worthy sentences of the store, best first")
def claims(
    request: Request,
    article: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this article.")] = None,
    story: Annotated[
        int | None, Query(ge=1, le=MAX_ROW_ID, description="Only this story's articles.")
    ] = None,
    since: Annotated[
        str | None, Query(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    """As ``tahqiq claims --json``: each claim with its score and features, who asserts it, the
    articles, outlets and origins that carry it, and the id of the saved check of it."""
    with work_slots(request).slot():
        found: list[dict[str, Any]] = to_dict(
            pool(request).tahqiq().claims(article, story=story, since=since, limit=limit)
        )
    return found


@router.get("/stories", dependencies=read, summary="Stories: articles grouped by shared passages")
def stories(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    return story_list(request.app.state.stories, pool(request), limit=limit)


@router.get("/stories/{story_id}", dependencies=read, summary="One story with its timeline of outlets")
def story(request: Request, story_id: StoryId) -> dict[str, Any]:
    return story_view(request.app.state.stories, pool(request), story_id)
