"""The web workbench: the HTTP API, the Arabic page and the printable report, in one process.

``create_app(settings)`` builds the application; ``tahqiq serve`` runs it under uvicorn. The
pages are rendered on the server from templates (:mod:`tahqiq.server.pages`), with their CSS,
one small script and the font served from :mod:`tahqiq.server` itself, so they work offline
with no build step and no CDN.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from tahqiq.errors import (
    ArticleNotFound,
    CheckNotFound,
    ClaimError,
    InputError,
    ReviewError,
    StoreError,
    TahqiqError,
)
from tahqiq.records.serialize import SCHEMA_VERSION
from tahqiq.server import alerts, outlets, pages
from tahqiq.server.connections import StorePool
from tahqiq.server.limits import BodyLimit, HostCheck, RateLimit, RateLimiter, SecurityHeaders, WorkSlots
from tahqiq.server.routes import MAX_ROW_ID, router
from tahqiq.server.settings import SETTINGS_ENV, ServerSettings
from tahqiq.server.stories import StoryIndex, StoryNotFound
from tahqiq.server.uploads import UploadRejected
from tahqiq.stance import load_model

STATIC = Path(__file__).parent / "static"
NOT_FOUND = (ArticleNotFound, CheckNotFound, StoryNotFound)
UNPROCESSABLE = (ClaimError, ReviewError, InputError)


def _error(status: int, detail: str, **extra: object) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def redactor(db: str) -> Callable[[str], str]:
    """A function hiding the store's file path in messages sent to clients (it is the operator's business)."""
    forms = {db, os.path.abspath(db), str(Path(db).resolve())} - {""}
    ordered = sorted(forms, key=len, reverse=True)  # the longest first, so no form leaves a piece behind

    def redact(message: str) -> str:
        for form in ordered:
            message = message.replace(form, "the store")
        return message

    return redact


def _install_error_handlers(app: FastAPI, redact: Callable[[str], str]) -> None:
    @app.exception_handler(TahqiqError)
    async def tahqiq_error(request: Request, exc: TahqiqError) -> JSONResponse:
        message = redact(str(exc))
        if isinstance(exc, UploadRejected):
            problems = [{"source": p.source, "reason": redact(p.reason)} for p in exc.problems]
            return _error(422, message, problems=problems)
        if isinstance(exc, NOT_FOUND):
            return _error(404, message)
        if isinstance(exc, UNPROCESSABLE):
            return _error(422, message)
        if isinstance(exc, StoreError):
            return _error(503, f"the store is unavailable: {message}")
        return _error(400, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "reason": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"where": "", "reason": "invalid request"}
        where = first["where"]
        if where.startswith("path.") and where.endswith("_id"):  # an id in the address, e.g. /api/checks/-1
            name = where.removeprefix("path.")
            return _error(422, f"{name} must be a whole number from 1 to {MAX_ROW_ID}", problems=problems)
        return _error(422, f"invalid request: {where}: {first['reason']}", problems=problems)


def create_app(settings: ServerSettings) -> FastAPI:
    """The application for one store. Raises :class:`~tahqiq.errors.StoreError` for a bad store."""
    shipped = load_model(settings.stance_model)  # loaded now, so missing model files fail at start
    # Without a model named in the settings, each check uses the store's newest desk model if any.
    store_pool = StorePool(settings.db, shipped if settings.stance_model else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        watching = alerts.start_watch(settings, store_pool)
        yield
        if watching is not None:
            watching.close()
        store_pool.close()

    app = FastAPI(
        title="tahqiq",
        version=SCHEMA_VERSION,
        summary="Verify claims in Arabic news, offline: ingest, search, check, provenance, ClaimReview.",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json is served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = store_pool
    app.state.work_slots = WorkSlots(settings.max_concurrent_work, settings.work_wait_seconds)
    app.state.stories = StoryIndex()
    _install_error_handlers(app, redactor(settings.db))
    app.include_router(router)
    app.include_router(outlets.router)
    app.include_router(outlets.pages)
    app.include_router(alerts.router)
    app.include_router(alerts.pages)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages.install(app, NOT_FOUND)

    limiter = (
        RateLimiter(settings.rate_per_minute, settings.rate_burst) if settings.rate_per_minute > 0 else None
    )
    # The last added runs first: headers on every answer, then the Host check, then the limits.
    app.add_middleware(RateLimit, limiter=limiter, settings=settings)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(HostCheck, settings=settings)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The application for settings passed in ``$TAHQIQ_SERVER_SETTINGS`` (each uvicorn worker calls this)."""
    raw = os.environ.get(SETTINGS_ENV)
    return create_app(ServerSettings.from_json(raw) if raw else ServerSettings.from_env())
