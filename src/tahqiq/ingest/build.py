"""Shared last step of every reader: dates, language and warnings onto one ArticleInput.

Dates arrive as ISO strings (JSON, HTML metadata), RFC 822 (RSS), epoch numbers, or only as an
Arabic dateline in the text ("الأحد، ١٧ ديسمبر ٢٠١٧"); all become ISO so the store can sort
them. Dateline and language detection live in the text layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from tahqiq.ingest.sources import outlet_from_text
from tahqiq.ingest.urls import date_from_url, outlet_from_url, year_month_from_url
from tahqiq.records import ArticleInput
from tahqiq.text.dates import article_date
from tahqiq.text.language import detect_language

_YEARS = range(1800, 2201)  # anything outside is a parsing accident, not a publication date


def dateline_date(text: str, title: str = "") -> str | None:
    """ISO date of the dateline in an article's text, or None."""
    found = article_date(text, title)
    return found.isoformat() if found is not None and found.year in _YEARS else None


def parse_date(value: object) -> str | None:
    """ISO date or datetime from a structured field: ISO 8601, RFC 822, epoch seconds or ms, or a dateline."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (_iso_date, _iso_datetime, _rfc822):
        try:
            found = parse(text)
        except (ValueError, TypeError, IndexError, OverflowError):
            continue
        if found is not None:
            return found
    return dateline_date(text)


def _iso_date(text: str) -> str | None:
    found = date.fromisoformat(text)
    return found.isoformat() if found.year in _YEARS else None


def _iso_datetime(text: str) -> str | None:
    return _datetime_iso(datetime.fromisoformat(text))


def _rfc822(text: str) -> str | None:
    return _datetime_iso(parsedate_to_datetime(text))


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000
    try:
        return _datetime_iso(datetime.fromtimestamp(seconds, tz=UTC))
    except (ValueError, OverflowError, OSError):
        return None


def _datetime_iso(moment: datetime) -> str | None:
    return moment.isoformat(timespec="seconds") if moment.year in _YEARS else None


def build_article(
    *,
    text: str,
    title: str,
    source: str,
    url: str | None = None,
    outlet: str | None = None,
    site_guess: str | None = None,
    published: str | None = None,
    date_value: object = None,
    metadata: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    language: str | None = None,
) -> ArticleInput:
    """Assemble an article, filling the outlet and the date from the best evidence there is.

    Outlet: the one the record, page metadata or byline names (``outlet``), else the URL's
    domain (:func:`tahqiq.ingest.urls.outlet_from_url`), else an outlet the text names of itself
    (:func:`tahqiq.ingest.sources.outlet_from_text`: a credit line, a layout, its own reporter),
    else ``site_guess`` (a site name read from the text, the weakest evidence). Date: ``published``
    or ``date_value`` (structured fields), else a date in the URL's path, else the text's
    dateline — dropped when the URL dates the page to another month, since a header date is
    often the day the page was fetched and an absent date is better than a wrong one.

    A ``date_value`` that cannot be parsed adds a warning and keeps its raw form in
    ``metadata["date_raw"]`` so nothing the source said is lost.
    """
    meta = dict(metadata or {})
    notes = list(warnings)
    if any(NUL in v for v in (text, title, url or "", outlet or "")) or _has_nul(meta):
        # A NUL ends a string in C, so SQLite, the page and other programs may each read a
        # different text: the store never holds one. The reader is told, the rest is kept.
        text, title = text.replace(NUL, ""), title.replace(NUL, "")
        url, outlet = (url or "").replace(NUL, ""), (outlet or "").replace(NUL, "")
        meta = without_nul(meta)
        notes.append("NUL characters removed")
    if published is None and date_value not in (None, ""):
        published = parse_date(date_value)
        if published is None:
            meta["date_raw"] = date_value
            notes.append(f"unparsed date {str(date_value)[:60]!r}")
    if published is None:
        published = date_from_url(url)
    if published is None:
        published = dateline_date(text, title)
        month = year_month_from_url(url)
        if published is not None and month is not None and (int(published[:4]), int(published[5:7])) != month:
            meta["dateline_ignored"] = published
            published = None
    credited = meta.get("credited_source")
    outlet = (
        outlet
        or outlet_from_url(url)
        or outlet_from_text(text, credited if isinstance(credited, str) else None)
        or site_guess
    )
    return ArticleInput(
        text=text,
        title=title,
        source=source,
        url=url or None,
        outlet=outlet or None,
        published=published,
        language=language or detect_language(text),
        metadata=meta,
        warnings=tuple(notes),
    )


NUL = "\x00"


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def without_nul(value: Any) -> Any:
    """``value`` (a string, or a mapping or list holding strings) with every NUL character dropped."""
    if isinstance(value, str):
        return value.replace(NUL, "")
    if isinstance(value, Mapping):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    return value
