"""One article from a saved HTML page: extracted text, trimmed, with the page's own metadata."""

from __future__ import annotations

from tahqiq.errors import InputError
from tahqiq.ingest.boilerplate import clean_body
from tahqiq.ingest.build import build_article
from tahqiq.ingest.html import extract_page
from tahqiq.ingest.plaintext import cleaned_metadata, require_text
from tahqiq.records import ArticleInput

FALLBACK_WARNING = "main article text not found; used all visible text of the page"


def read_html(
    text: str, *, source: str, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> ArticleInput:
    """One article from an HTML page; raises :class:`InputError` when the page has no text.

    The outlet is the one given, else the page's declared site name, else its byline's outlet,
    else a site suffix on its title. A page read by the fallback extractor carries a warning,
    since its text may include menus the main extractor would have left out.
    """
    page = extract_page(text)
    if page is None:
        raise InputError("no article text in the HTML page")
    cleaned = clean_body(page.text, page.title, known_site=page.site_name)
    require_text(cleaned.body, cleaned.title)
    metadata = cleaned_metadata(cleaned)
    metadata["extractor"] = page.extractor
    if page.author:
        metadata["author"] = page.author
    if page.description:
        metadata["description"] = page.description
    notes = (*warnings, FALLBACK_WARNING) if page.extractor != "trafilatura" else warnings
    byline_outlet = cleaned.byline.outlet if cleaned.byline is not None else None
    return build_article(
        text=cleaned.body,
        title=cleaned.title,
        source=source,
        url=page.url,
        outlet=outlet or page.site_name or byline_outlet,
        site_guess=cleaned.site_name,
        date_value=page.date,
        metadata=metadata,
        warnings=notes,
    )
