"""JSON and JSON Lines exports: one article per object, field names as scrapers write them.

Scrapers and dataset dumps name the same field differently (text/body/content, url/link,
outlet/source/site, date/published/published_at); each alias is accepted, case-insensitively,
and every other key is kept in ``metadata`` so nothing the exporter recorded is lost. In JSON
Lines each line stands alone: a broken line is skipped with its line number and the rest of
the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import regex

from tahqiq.errors import InputError
from tahqiq.ingest.boilerplate import clean_body
from tahqiq.ingest.build import build_article
from tahqiq.ingest.decode import MAX_FILE_BYTES, check_size, decode_bytes, format_size, refuse_binary
from tahqiq.ingest.html import html_to_text, looks_like_html
from tahqiq.ingest.plaintext import cleaned_metadata, require_text
from tahqiq.ingest.result import ReadResult
from tahqiq.records import ArticleInput

TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link")
OUTLET_KEYS = ("outlet", "source", "site")
DATE_KEYS = ("date", "published", "published_at")
LANGUAGE_KEYS = ("language", "lang")
_KNOWN = frozenset(TEXT_KEYS + TITLE_KEYS + URL_KEYS + OUTLET_KEYS + DATE_KEYS + LANGUAGE_KEYS)
_LANGUAGE_CODE = regex.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")

MAX_JSONL_BYTES = 16 * 1024**3
"""JSON Lines files are streamed line by line, so they may be far larger than MAX_FILE_BYTES
(which then bounds each line); this only guards against pointing ingest at a disk image."""
JSONL_CHUNK = 500
"""Articles per :class:`ReadResult` when streaming, which bounds memory and paces progress."""


def read_json(
    text: str, *, source: str, result: ReadResult, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> None:
    """Read a ``.json`` file: a list of objects, one object, or (when it fails as one document) JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if _first_line_is_json(text):
            read_json_lines(text, source=source, result=result, outlet=outlet, warnings=warnings)
            return
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(data, dict):
        _add_record(data, source, result, outlet, warnings)
    elif isinstance(data, list):
        if not data:
            raise InputError("JSON list is empty")
        for number, item in enumerate(data, 1):
            _add_record(item, f"{source}#{number}", result, outlet, warnings)
    else:
        raise InputError(f"JSON holds a {type(data).__name__}, not article objects")


def read_json_lines(
    text: str, *, source: str, result: ReadResult, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> None:
    """Read JSON Lines: one object per line, each record's source ``path:LINE``."""
    seen = False
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        seen = True
        line_source = f"{source}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            result.skip(line_source, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        _add_record(data, line_source, result, outlet, warnings)
    if not seen:
        raise InputError("empty file")


def stream_json_lines(path: Path, *, outlet: str | None = None) -> Iterator[ReadResult]:
    """Read a JSON Lines file from disk without holding it whole: one ReadResult per chunk.

    Each line is decoded on its own (UTF-8, else the same fallbacks as whole files), so a single
    badly encoded or broken line is reported by number and the rest of the file still goes in.
    """
    source = str(path)
    result = ReadResult(source)
    try:
        check_size(path.stat().st_size, MAX_JSONL_BYTES)
        with path.open("rb") as handle:
            refuse_binary(handle.read(64 * 1024))
            handle.seek(0)
            seen = False
            for number, raw in enumerate(handle, 1):
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                seen = True
                line_source = f"{source}:{number}"
                if len(raw) > MAX_FILE_BYTES:
                    result.skip(line_source, f"line is {format_size(len(raw))}, over the per-article limit")
                    continue
                warnings: tuple[str, ...] = ()
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    decoded = decode_bytes(raw)
                    line, warnings = decoded.text, decoded.warnings
                    for message in warnings:
                        result.warn(line_source, message)
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    result.skip(line_source, f"invalid JSON: {exc.msg} (column {exc.colno})")
                    continue
                _add_record(data, line_source, result, outlet, warnings)
                if len(result.articles) >= JSONL_CHUNK:
                    yield result
                    result = ReadResult(source)
            if not seen:
                raise InputError("empty file")
    except InputError as exc:
        result.skip(source, str(exc))
    except OSError as exc:
        result.skip(source, f"cannot read: {exc.strerror or exc}")
    yield result


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.split("\n", 50) if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _add_record(
    data: object, source: str, result: ReadResult, outlet: str | None, warnings: tuple[str, ...]
) -> None:
    if not isinstance(data, dict):
        result.skip(source, f"JSON record is a {type(data).__name__}, not an object")
        return
    try:
        article = record_article(data, source=source, outlet=outlet, warnings=warnings)
    except InputError as exc:
        result.skip(source, str(exc))
        return
    result.add(article, already_reported=warnings)


def record_article(
    record: Mapping[str, Any], *, source: str, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> ArticleInput:
    """One article from one JSON object; raises :class:`InputError` when it has no usable text."""
    keys = {key.lower(): key for key in record if isinstance(key, str)}

    def pick(aliases: Iterable[str]) -> tuple[str, Any]:
        for alias in aliases:
            key = keys.get(alias)
            if key is not None and record[key] not in (None, "", []):
                return key, record[key]
        return "", None

    text_key, raw_text = pick(TEXT_KEYS)
    if raw_text is None:
        raise InputError(f"no article text (no {'/'.join(TEXT_KEYS)} field)")
    text = _as_text(raw_text)
    if text is None:
        raise InputError(f"field {text_key!r} is a {type(raw_text).__name__}, not text")
    if looks_like_html(text):
        text = html_to_text(text)
    title = _as_text(pick(TITLE_KEYS)[1]) or ""
    if looks_like_html(title) or "&" in title:
        title = html_to_text(title)
    record_outlet = _as_name(pick(OUTLET_KEYS)[1])
    cleaned = clean_body(text, title, known_site=record_outlet)
    require_text(cleaned.body, cleaned.title)
    metadata = {
        key: value for key, value in record.items() if not (isinstance(key, str) and key.lower() in _KNOWN)
    }
    metadata.update(cleaned_metadata(cleaned))
    byline_outlet = cleaned.byline.outlet if cleaned.byline is not None else None
    language = _as_text(pick(LANGUAGE_KEYS)[1])
    code = _LANGUAGE_CODE.match(language.strip().lower()) if language else None
    return build_article(
        text=cleaned.body,
        title=cleaned.title,
        source=source,
        url=_as_text(pick(URL_KEYS)[1]),
        outlet=outlet or record_outlet or byline_outlet,
        site_guess=cleaned.site_name,
        date_value=pick(DATE_KEYS)[1],
        metadata=metadata,
        warnings=warnings,
        language=code.group(1) if code else None,
    )


def _as_text(value: object) -> str | None:
    """A string field, or a list of string paragraphs joined by line breaks."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        return "\n".join(part.strip() for part in value if part.strip()) or None
    return None


def _as_name(value: object) -> str | None:
    """An outlet given as a string or, as news APIs do, as an object with a ``name``."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return value.strip() or None if isinstance(value, str) else None
