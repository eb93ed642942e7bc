"""Plain-text articles: the first non-empty line is the title, the rest is the body.

This is how articles are copied out of browsers and scrapers, so the page furniture that
comes along (site suffix, repeated title, byline, related-stories list) is trimmed by
:mod:`tahqiq.ingest.boilerplate`, and what it says about the article kept as metadata.
"""

from __future__ import annotations

from typing import Any

import regex

from tahqiq.errors import InputError
from tahqiq.ingest.boilerplate import Cleaned, clean_plain_text
from tahqiq.ingest.build import build_article
from tahqiq.records import ArticleInput

_LETTER = regex.compile(r"\p{L}")


def cleaned_metadata(cleaned: Cleaned) -> dict[str, Any]:
    """The metadata the trimming rules found: site name, byline, credited source, rules that fired."""
    metadata: dict[str, Any] = {}
    if cleaned.site_name:
        metadata["site_name"] = cleaned.site_name
    if cleaned.byline is not None:
        metadata["byline"] = cleaned.byline.name
        if cleaned.byline.outlet:
            metadata["byline_outlet"] = cleaned.byline.outlet
    if cleaned.credited_source:
        metadata["credited_source"] = cleaned.credited_source
    if cleaned.removed:
        metadata["trimmed"] = list(cleaned.removed)
    return metadata


def require_text(body: str, title: str = "") -> None:
    """Raise "no article text" when ``body`` holds no letter at all after cleaning."""
    if _LETTER.search(body) is None:
        raise InputError("no article text (title only)" if title else "no article text")


def read_plain_text(
    text: str, *, source: str, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> ArticleInput:
    """One article from plain text; raises :class:`InputError` when nothing but a title is left.

    The outlet is the one given, else the byline's outlet (the agency that wrote the report),
    else the title's site suffix (the site that carried it).
    """
    cleaned = clean_plain_text(text)
    require_text(cleaned.body, cleaned.title)
    byline_outlet = cleaned.byline.outlet if cleaned.byline is not None else None
    return build_article(
        text=cleaned.body,
        title=cleaned.title,
        source=source,
        outlet=outlet or byline_outlet,
        site_guess=cleaned.site_name,
        metadata=cleaned_metadata(cleaned),
        warnings=warnings,
    )
