"""Shared last step of every reader: dates, language and warnings onto one ArticleInput.

Dates arrive as ISO strings (JSON, HTML metadata), RFC 822 (RSS), epoch numbers, or only as an
Arabic dateline in the text ("الأحد، ١٧ ديسمبر ٢٠١٧"); all become ISO so the store can sort
them. Dateline and language detection live in the text layer and are imported lazily, so
ingest keeps working (no date, language from the Arabic letter ratio) where they are missing.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, cast

from tahqiq.records import ArticleInput

_LATIN_WORD = re.compile(r"[a-z]+")
# The standard re module is faster than regex for these simple classes, and this runs per article.
_LETTERS = re.compile(r"[^\W\d_]+")
_ARABIC_LETTERS = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]+")
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "was",
        "on",
        "with",
        "as",
        "by",
        "it",
        "are",
        "said",
    }
)
_LANGUAGE_SAMPLE = 1500  # characters looked at by the fallback language guess
_YEARS = range(1800, 2201)  # anything outside is a parsing accident, not a publication date


@functools.cache
def _text_function(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return cast(Callable[..., Any], getattr(importlib.import_module(module), name))
    except (ImportError, AttributeError):
        return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` from the text layer, or a letter-ratio guess when it is unavailable."""
    detect = _text_function("tahqiq.text.language", "detect_language")
    if detect is not None:
        return str(detect(text))
    return fallback_language(text)


def fallback_language(text: str) -> str:
    """Guess a language code: ``ar`` for mostly Arabic letters, ``en`` for English prose, else ``und``."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = sum(map(len, _LETTERS.findall(sample)))  # runs, not single letters: far fewer objects
    if letters and sum(map(len, _ARABIC_LETTERS.findall(sample))) >= 0.5 * letters:
        return "ar"
    latin = _LATIN_WORD.findall(sample.lower())
    if latin and sum(1 for w in latin if w in _ENGLISH_FUNCTION_WORDS) >= 0.1 * len(latin):
        return "en"
    return "und"


def dateline_date(text: str, title: str = "") -> str | None:
    """ISO date of the dateline in an article's text, or None (also when the text layer lacks dates)."""
    find = _text_function("tahqiq.text.dates", "article_date")
    if find is None:
        return None
    found = find(text, title)
    return found.isoformat() if isinstance(found, date) and found.year in _YEARS else None


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
    published: str | None = None,
    date_value: object = None,
    metadata: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    language: str | None = None,
) -> ArticleInput:
    """Assemble an article, filling ``published`` from ``date_value`` or else the text's dateline.

    A ``date_value`` that cannot be parsed adds a warning and keeps its raw form in
    ``metadata["date_raw"]`` so nothing the source said is lost.
    """
    meta = dict(metadata or {})
    notes = list(warnings)
    if published is None and date_value not in (None, ""):
        published = parse_date(date_value)
        if published is None:
            meta["date_raw"] = date_value
            notes.append(f"unparsed date {str(date_value)[:60]!r}")
    if published is None:
        published = dateline_date(text, title)
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
