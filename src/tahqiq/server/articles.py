"""The article view: text, sentences, who is quoted, which sources are cited, and reuse links.

Everything a reviewer needs to judge one report without opening the file it came from. Every
part is the JSON of :mod:`tahqiq.records.serialize`, the same that ``tahqiq show``, ``tahqiq
quotes`` and ``tahqiq reuse`` print with ``--json``: the article fields are those of a check
report's evidence entries, quotes and attributions those of ``tahqiq quotes --json``, and
``reuse`` is ``tahqiq reuse --json`` cut to the first ``MAX_REUSE_LINKS`` links.
"""

from __future__ import annotations

from typing import Any

from tahqiq.api import Tahqiq
from tahqiq.errors import IndexNotReady
from tahqiq.records.serialize import to_dict
from tahqiq.server.connections import StorePool

MAX_REUSE_LINKS = 50
# Articles aligned per view, those sharing the most fingerprints first: the page lists at most
# MAX_REUSE_LINKS of them, and aligning all 500 the index may propose takes about a second.
REUSE_CANDIDATES = 30


def article_view(pool: StorePool, article_id: int, *, with_reuse: bool = True) -> dict[str, Any]:
    """The article with this id and its provenance (raises :class:`~tahqiq.errors.ArticleNotFound`).

    Only reads: the copy index is brought up to date by ingest, so no writer lock is taken.
    """
    tq = pool.tahqiq()
    speech = to_dict(tq.quotes(article_id))
    view: dict[str, Any] = {
        **to_dict(tq.show(article_id)),
        "primary_source": speech["primary_source"],
        "quotes": speech["quotes"],
        "attributions": speech["attributions"],
        "reuse": None,
    }
    if with_reuse:
        view["reuse"] = _reuse(tq, article_id)
    return view


def _reuse(tq: Tahqiq, article_id: int) -> dict[str, Any] | None:
    """Reuse links of one article; None while older articles await their fingerprints."""
    try:
        found: dict[str, Any] = to_dict(tq.reuse(article_id, max_candidates=REUSE_CANDIDATES))
    except IndexNotReady:
        return None
    found["links"] = found["links"][:MAX_REUSE_LINKS]
    return found
