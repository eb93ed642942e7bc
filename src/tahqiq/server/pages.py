"""The workbench's pages, rendered on the server from Jinja2 templates (``server/templates/``).

Each page is a document built from the same data the JSON API answers (the route functions of
:mod:`tahqiq.server.routes` are called for it), so the page and ``/api`` cannot disagree, and
untrusted article text is safe because the templates escape everything by default. The only
script, ``/static/app.js``, sends the three forms (check, review, upload) to the API; the pages
read without it.

The language is Arabic unless ``?lang=en`` (remembered in a cookie) asks for English; every word
comes from one label file (:mod:`tahqiq.report.labels`). An address the workbench does not know
answers an HTML 404 page, while ``/api/...`` keeps answering JSON.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from tahqiq.check import MAX_CLAIM_CHARS
from tahqiq.errors import TahqiqError
from tahqiq.records import VERDICTS
from tahqiq.report.labels import LANGS, Labels, labels_for, technique_key
from tahqiq.server import routes
from tahqiq.server.articles import article_view
from tahqiq.server.graph import edge_paths, origin_graph, timeline_layout
from tahqiq.server.printable import json_ld_block
from tahqiq.server.security import require_read
from tahqiq.text.bidi import contain, isolate

LANG_COOKIE = "tahqiq_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
MAX_ID = routes.MAX_ROW_ID

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])


def _web_url(value: object) -> bool:
    """Only http(s) addresses become links: never ``javascript:`` and the like."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://")) and " " not in value


def _sentence_numbers(rationales: Sequence[Mapping[str, Any]]) -> str:
    """Rationale sentences as the page numbers them (from 1), for an article link's ``?hl=``."""
    return ",".join(str(int(r["index"]) + 1) for r in rationales)


def _environment() -> Environment:
    env = Environment(
        extensions=["jinja2.ext.loopcontrols"],
        loader=PackageLoader("tahqiq.server", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["isolate"] = lambda v: isolate(str(v or ""))
    env.filters["contain"] = lambda v: contain(str(v or ""))
    env.filters["json_ld"] = lambda doc: Markup(json_ld_block(doc))
    env.filters["web_url"] = _web_url
    env.filters["sentence_numbers"] = _sentence_numbers
    env.filters["technique_key"] = technique_key
    env.tests["merged"] = lambda origin: len(origin.get("articles") or ()) > 1
    return env


TEMPLATES = _environment()


def page_lang(request: Request) -> str:
    """``?lang=`` when it names a language, else the remembered choice, else Arabic."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in LANGS else "ar"


def _other_lang_href(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "ar" else "ar"))
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` in the request's language; a ``?lang=`` choice is remembered in a cookie."""
    lang = page_lang(request)
    labels = labels_for(lang)
    html = TEMPLATES.get_template(template).render(
        L=labels, other_lang_href=_other_lang_href(request, lang), nav=context.pop("nav", None), **context
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, samesite="strict", httponly=True)
    return response


def not_found(request: Request, detail: str = "") -> HTMLResponse:
    return render(request, "not_found.html", status=404, detail=detail)


def refused(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
    """A page this client may not read (401, 403): said on a page, with the server's reason."""
    answer = render(request, "refused.html", status=exc.status_code, detail=str(exc.detail))
    for name, value in (exc.headers or {}).items():
        answer.headers[name] = value
    return answer


class PageNotFound(TahqiqError):
    """A page address names no stored thing (a malformed or unknown id)."""


def _row_id(raw: str) -> int:
    """An id from a page address; a malformed or impossible one is a 404, as an unknown one is."""
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise PageNotFound(f"no page at this address: {raw[:40]!r} is not an id")
    return int(raw)


# ---------------------------------------------------------------- article text


@dataclass(frozen=True)
class Piece:
    """Part of a sentence: plain text, or a span carrying a persuasion technique (its PTC name)."""

    text: str
    technique: str | None = None
    cue: str = ""


@dataclass(frozen=True)
class Segment:
    """A stretch of an article's text: a numbered sentence (from 1), marked or not, or text between.

    ``pieces`` split a sentence at its persuasion spans, for the page to highlight them; empty
    when it has none.
    """

    text: str
    number: int | None = None
    marked: bool = False
    pieces: tuple[Piece, ...] = ()


def _pieces(text: str, start: int, end: int, spans: Sequence[Mapping[str, Any]]) -> tuple[Piece, ...]:
    """``text[start:end]`` cut at the spans inside it; an overlapping span is left to the first."""
    out: list[Piece] = []
    pos = start
    for span in spans:
        s, e = max(int(span["start"]), pos), min(int(span["end"]), end)
        if e <= s or s < pos:
            continue
        if s > pos:
            out.append(Piece(text[pos:s]))
        out.append(Piece(text[s:e], str(span["technique"]), str(span.get("cue", ""))))
        pos = e
    if not out:
        return ()
    if pos < end:
        out.append(Piece(text[pos:end]))
    return tuple(out)


def paragraphs(
    text: str,
    sentences: Sequence[Mapping[str, Any]],
    marked: set[int],
    spans: Sequence[Mapping[str, Any]] = (),
) -> list[list[Segment]]:
    """The article split into paragraphs of segments, ready for the ``article_text`` macro.

    ``sentences`` carry ``index`` (from 0, as the API gives them), ``start`` and ``end``;
    ``marked`` holds the page's sentence numbers (from 1) to highlight; ``spans`` are the
    persuasion spans (``start``, ``end``, ``technique``, ``cue``) to highlight inside sentences.
    """
    ordered = sorted(spans, key=lambda sp: (int(sp["start"]), -int(sp["end"])))
    paras: list[list[Segment]] = [[]]

    def plain(chunk: str) -> None:
        for i, part in enumerate(chunk.split("\n")):
            if i and paras[-1]:
                paras.append([])
            if part.strip():
                paras[-1].append(Segment(part))

    pos = 0
    for s in sentences:
        start, end = int(s["start"]), int(s["end"])
        if start > pos:
            plain(text[pos:start])
        number = int(s["index"]) + 1
        inside = [sp for sp in ordered if int(sp["start"]) < end and int(sp["end"]) > start]
        paras[-1].append(
            Segment(text[start:end], number, number in marked, _pieces(text, start, end, inside))
        )
        pos = max(pos, end)
    if pos < len(text):
        plain(text[pos:])
    return [p for p in paras if p]


def _highlight(raw: str | None) -> set[int]:
    return {int(x) for x in (raw or "").split(",") if x.isascii() and x.isdigit() and len(x) < 7}


# ---------------------------------------------------------------- pages


@router.get("/")
def home(request: Request, claim: str | None = None) -> HTMLResponse:
    """The claim form (filled in with ``?claim=``, as the claims page's buttons do without
    JavaScript) and the latest checks."""
    recent = routes.checks(request, limit=10)
    asked = claim[:MAX_CLAIM_CHARS] if claim and claim.isprintable() else ""
    return render(request, "check.html", nav="/", report=None, recent=recent, asked=asked)


def _claim_review_json(request: Request, check_id: int) -> str:
    answer = routes.export_claim_review(request, check_id)
    return json.dumps(json.loads(bytes(answer.body)), ensure_ascii=False, indent=2)


def _evidence_texts(
    request: Request, evidence: Sequence[Mapping[str, Any]]
) -> dict[int, list[list[Segment]]]:
    """Each evidence article's text, its rationale sentences marked, for the "show the text" fold."""
    tq = routes.pool(request).tahqiq()
    found = {}
    for e in evidence:
        try:
            article = tq.article(int(e["article_id"]))
        except TahqiqError:
            continue  # deleted since the check: the card still shows what the check saw
        sentences = [{"index": s.index, "start": s.start, "end": s.end} for s in tq.sentences(article)]
        marked = {int(r["index"]) + 1 for r in e.get("rationales", [])}
        found[int(e["article_id"])] = paragraphs(article.text, sentences, marked)
    return found


@router.get("/checks/{check_id}")
def check_page(request: Request, check_id: str) -> HTMLResponse:
    cid = _row_id(check_id)
    report = routes.saved_report(routes.pool(request), cid)
    graph = origin_graph(report)
    evidence = report.get("evidence", [])
    ordered = [e for e in evidence if e["stance"] != "unrelated"] + [
        e for e in evidence if e["stance"] == "unrelated"
    ]
    published = Labels("ar")  # the published verdict is worded in Arabic whatever the page's language
    return render(
        request,
        "check.html",
        nav="/",
        report=report,
        recent=[],
        graph=graph,
        edges=edge_paths(graph),
        evidence=ordered,
        texts=_evidence_texts(request, ordered),
        history=routes.list_reviews(request, cid),
        claim_review_json=_claim_review_json(request, cid),
        verdicts=VERDICTS,
        default_verdict_text=published(f"verdict.{report['verdict']['label']}"),
    )


@router.get("/checks/{check_id}/print")
def print_page(request: Request, check_id: str) -> HTMLResponse:
    cid = _row_id(check_id)
    report = routes.saved_report(routes.pool(request), cid)
    doc = json.loads(bytes(routes.export_claim_review(request, cid).body))
    return render(request, "print.html", report=report, claim_review=doc)


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, hl: str | None = None) -> HTMLResponse:
    aid = _row_id(article_id)
    with routes.work_slots(request).slot():
        view = article_view(routes.pool(request), aid)
    persuasion = view.get("persuasion")
    spans = persuasion["spans"] if persuasion else []
    paras = paragraphs(view["text"], view["sentences"], _highlight(hl), spans)
    return render(
        request,
        "article.html",
        a=view,
        paragraphs=paras,
        sources=_shown_sources(view),
        persuasion=persuasion,
        span_sentences=_span_sentences(view["sentences"], spans),
    )


def _span_sentences(sentences: Sequence[Mapping[str, Any]], spans: Sequence[Mapping[str, Any]]) -> list[int]:
    """The page's number (from 1) of the sentence each span stands in, in the spans' order."""
    out = []
    for span in spans:
        start = int(span["start"])
        found = next((int(s["index"]) + 1 for s in sentences if int(s["start"]) <= start < int(s["end"])), 0)
        out.append(found)
    return out


@router.get("/claims")
def claims_page(
    request: Request, article: str | None = None, story: str | None = None, since: str | None = None
) -> HTMLResponse:
    """The check-worthy claims, each with a button that checks it (``tahqiq claims`` on a page)."""
    aid = _row_id(article) if article else None
    sid = _row_id(story) if story else None
    day = since if since and len(since) == 10 and since.isascii() else None
    found = routes.claims(request, article=aid, story=sid, since=day, limit=30)
    return render(request, "claims.html", nav="/claims", claims=found)


def _shown_sources(view: Mapping[str, Any]) -> list[str]:
    """Where the article came from, as a reader may see it: web addresses and file names, never
    the folders of the machine that ingested it."""
    shown = []
    for s in view.get("sources") or []:
        text = str(s)
        shown.append(text if _web_url(text) else text.replace("\\", "/").rsplit("/", 1)[-1])
    return list(dict.fromkeys(shown))


@router.get("/stories")
def stories_page(request: Request) -> HTMLResponse:
    found = routes.stories(request, limit=50)
    return render(request, "stories.html", nav="/stories", stories=found["stories"])


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: str) -> HTMLResponse:
    story = routes.story(request, _row_id(story_id))
    return render(request, "story.html", nav="/stories", s=story, timeline=timeline_layout(story["timeline"]))


@router.get("/upload")
def upload_page(request: Request) -> HTMLResponse:
    return render(request, "upload.html", nav="/upload")


# ---------------------------------------------------------------- 404


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/api"


def install(app: FastAPI, not_found_errors: tuple[type[TahqiqError], ...]) -> None:
    """Add the pages to ``app``, with HTML error pages (404, and 401/403 for a reader this server
    does not serve) for every address outside ``/api``.

    ``not_found_errors`` are the library's errors that mean "no such thing" (an unknown check,
    article or story): on a page they answer the 404 page, in the API they stay JSON.
    """
    # The routes join the application's own table (not as an included router), so anything that
    # walks the table, such as the route fuzzer in the tests, finds the pages too.
    app.router.routes.extend(router.routes)
    previous = app.exception_handlers.get(TahqiqError)

    async def page_or_api_error(request: Request, exc: Exception) -> Response:
        if _is_page(request) and isinstance(exc, (PageNotFound, *not_found_errors)):
            return not_found(request)
        if previous is None:
            raise exc
        answer = previous(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    async def page_or_api_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _is_page(request) and exc.status_code == 404:
            return not_found(request)
        if _is_page(request) and exc.status_code in (401, 403):
            return refused(request, exc)
        return await http_exception_handler(request, exc)

    app.add_exception_handler(TahqiqError, page_or_api_error)
    app.add_exception_handler(StarletteHTTPException, page_or_api_http_error)
