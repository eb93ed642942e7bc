"""The article view: text, sentences, who is quoted, which sources are cited, and reuse links.

Everything a reviewer needs to judge one report without opening the file it came from. The
fields ``article_id`` … ``language`` are those of the check report's evidence entries
(:func:`~tahqiq.report.json_report.article_dict`), so a client reads both the same way.
Offsets are character offsets into ``text``, as ``[start, end]``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tahqiq.errors import IndexNotReady
from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import default_gazetteer
from tahqiq.provenance.index import backlog, ensure_index, logged
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.provenance.reuse import reuse
from tahqiq.records import Span
from tahqiq.report.json_report import article_dict
from tahqiq.server.connections import StorePool

MAX_REUSE_LINKS = 50
# Articles aligned per view, those sharing the most fingerprints first: the page lists at most
# MAX_REUSE_LINKS of them, and aligning all 500 the index may propose takes about a second.
REUSE_CANDIDATES = 30


def plain(value: Any) -> Any:
    """A provenance record as JSON-ready data: spans become ``[start, end]``, tuples lists."""
    if isinstance(value, Span):
        return [value.start, value.end]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def article_view(pool: StorePool, article_id: int, *, with_reuse: bool = True) -> dict[str, Any]:
    """The article with this id and its provenance (raises :class:`~tahqiq.errors.ArticleNotFound`)."""
    store = pool.store()
    article = store.get(article_id)
    sentences = store.sentences(article)
    gazetteer = default_gazetteer()
    quotes = extract_quotes(article.text, sentences, gazetteer)
    attributions = extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
    view: dict[str, Any] = {
        **article_dict(article),
        "text": article.text,
        "metadata": article.metadata,
        "ingested_at": article.ingested_at,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in sentences],
        "quotes": [plain(q) for q in quotes],
        "attributions": [plain(a) for a in attributions],
        "reuse": None,
    }
    if with_reuse:
        view["reuse"] = _reuse(pool, article_id)
    return view


def _reuse(pool: StorePool, article_id: int) -> dict[str, Any] | None:
    """Reuse links of one article; None when the copy index cannot be brought up to date."""
    store = pool.store()
    try:
        if backlog(store) or logged(store):
            with pool.writing():  # fingerprinting older articles, or merging the log, writes
                ensure_index(store)
        found = reuse(store, article_id, max_candidates=REUSE_CANDIDATES).to_dict()
    except IndexNotReady:
        return None
    found["links"] = found["links"][:MAX_REUSE_LINKS]
    return found
