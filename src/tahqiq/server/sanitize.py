"""Untrusted text in requests: no lone surrogates, no NUL characters, JSON fields of the right type.

``json.loads`` accepts ``"\\ud83d"`` (half of an emoji's surrogate pair) and ``"\\u0000"``.
Neither may reach the store: a lone surrogate cannot be encoded as UTF-8, so SQLite and the HTML
parser fail on it (a 500 before this module), and a NUL cuts strings short in the C tools that
read the store. A lone surrogate cannot be repaired without guessing, so the request is refused
with the field named; NUL characters, which broken scrapers leave behind, are dropped from
article fields with a warning, and refused in claims and review fields, which a person types.

Article records are checked against the types ``.jsonl`` files document, so a title that is an
object or a URL that is a list is refused (422) rather than silently dropped or joined. So are
records nested deeper than ``MAX_NESTING``, holding NaN or Infinity (``json.loads`` reads them,
but the page's ``JSON.parse`` would fail on the article afterwards), or a number too long for
Python to read.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterator, Mapping

import regex

from tahqiq.errors import InputError
from tahqiq.ingest.build import NUL, without_nul
from tahqiq.ingest.decode import decode_bytes
from tahqiq.ingest.jsonrecords import (
    DATE_KEYS,
    LANGUAGE_KEYS,
    OUTLET_KEYS,
    TEXT_KEYS,
    TITLE_KEYS,
    URL_KEYS,
)
from tahqiq.ingest.readers import detect_format
from tahqiq.records import ArticleInput

# Deepest nesting of lists and objects kept in an article record: scrapers' metadata is a few
# levels deep, while a record nested hundreds deep only exhausts the recursion of whatever reads it.
MAX_NESTING = 32
_SURROGATE = regex.compile("[\ud800-\udfff]")
JSON_TYPE = {
    dict: "an object",
    list: "a list",
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "text",
    type(None): "null",
}
# What each field of an article record may be (JSON null is always allowed): text as a string or
# a list of paragraphs, an outlet as a string or an object with a name, a date also as a number.
TEXT_OR_PARAGRAPHS = "text or a list of paragraphs"
FIELD_KINDS = (
    (TEXT_KEYS, TEXT_OR_PARAGRAPHS),
    (TITLE_KEYS, "text"),
    (URL_KEYS, "text"),
    (OUTLET_KEYS, "text or an object with a name"),
    (DATE_KEYS, "a date as text or a number"),
    (LANGUAGE_KEYS, "text"),
)


def _kind_ok(value: object, kind: str) -> bool:
    if value is None or isinstance(value, str):
        return True
    if kind == TEXT_OR_PARAGRAPHS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind.startswith("text or an object"):
        return isinstance(value, dict) and all(
            isinstance(value.get(k), str | None) for k in ("name", "title")
        )
    if kind.startswith("a date"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def _type_name(value: object) -> str:
    return JSON_TYPE.get(type(value), type(value).__name__)


def _leaves(value: object, where: str) -> Iterator[tuple[str, object]]:
    """Every scalar in a JSON value (keys included), with where it sits, e.g. ``tags[2]``."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            yield name, key
            yield from _leaves(item, name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{where}[{i}]")
    else:
        yield where, value


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value (keys included), with where it sits."""
    return ((name, leaf) for name, leaf in _leaves(value, where) if isinstance(leaf, str))


def refuse_surrogates(value: object, where: str = "") -> None:
    """Raise :class:`InputError` naming the first field that holds a lone surrogate."""
    for name, text in _strings(value, where):
        found = _SURROGATE.search(text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise InputError(
                f"field {name or 'value'!r} holds a lone surrogate ({code}) at character "
                f"{found.start()}: not valid Unicode"
            )


def nesting(value: object) -> int:
    """How deep lists and objects nest in a JSON value (a scalar is 0), without recursion."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list | tuple):
            depth += 1
            deepest = max(deepest, depth)
            if depth <= MAX_NESTING:
                todo.extend((child, depth) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def check_record(record: object) -> None:
    """Raise :class:`InputError` when an article record is not an object, is nested too deep, holds
    NaN or Infinity, has a field of the wrong type, or holds a lone surrogate anywhere."""
    if not isinstance(record, dict):
        raise InputError(f"the article is {_type_name(record)}, not an object")
    if nesting(record) > MAX_NESTING:
        raise InputError(f"the article nests lists and objects more than {MAX_NESTING} levels deep")
    for name, leaf in _leaves(record, ""):
        if isinstance(leaf, float) and not math.isfinite(leaf):  # json.loads reads NaN, JSON has none
            raise InputError(f"field {name!r} is not a finite number ({leaf})")
    lowered = {k.lower(): k for k in record if isinstance(k, str)}
    for aliases, kind in FIELD_KINDS:
        for alias in aliases:
            key = lowered.get(alias)
            if key is not None and not _kind_ok(record[key], kind):
                raise InputError(f"field {key!r} is {_type_name(record[key])}; it must be {kind}")
    refuse_surrogates(record)


def check_text(value: str, field: str) -> str:
    """``value`` when it holds no lone surrogate and no NUL; else :class:`ValueError` naming ``field``."""
    if NUL in value:
        raise ValueError(f"{field} holds a NUL character")
    try:
        refuse_surrogates(value, field)
    except InputError as exc:
        raise ValueError(str(exc)) from None
    return value


def clean_article(article: ArticleInput) -> ArticleInput:
    """The article with NUL characters dropped (and a warning saying so); :class:`InputError` for a
    lone surrogate, whichever reader let it through."""
    fields = {
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published,
        "metadata": article.metadata,
    }
    refuse_surrogates(fields)
    if not any(NUL in text for _, text in _strings(fields, "")):
        return article
    cleaned = {k: without_nul(v) for k, v in fields.items()}
    if not str(cleaned["text"]).strip():
        raise InputError("no article text once NUL characters are removed")
    warnings = (*article.warnings, "NUL characters removed")
    return dataclasses.replace(article, **cleaned, warnings=warnings)


def json_records(data: bytes, suffix: str) -> Iterator[tuple[str, object]]:
    """The records of an uploaded file that is JSON or JSON Lines, each with its place (``:LINE``,
    ``#N``); nothing for other files or for what does not parse (the reader reports that).

    :raises InputError: a number too long for Python to read (over 4,300 digits), which the
        reader would fail on too.
    """
    try:
        text = decode_bytes(data).text
    except InputError:
        return
    if detect_format(text, suffix) not in ("json", "jsonl"):
        return
    try:
        whole = _loads(text, "")
    except (json.JSONDecodeError, RecursionError):
        for number, line in enumerate(text.split("\n"), 1):
            try:
                yield f":{number}", _loads(line, f" on line {number}")
            except (json.JSONDecodeError, RecursionError):
                continue
        return
    if isinstance(whole, list):
        yield from ((f"#{n}", item) for n, item in enumerate(whole, 1))
    else:
        yield "", whole


def _loads(text: str, where: str) -> object:
    """``json.loads``, with the one ValueError that is not a JSONDecodeError turned into InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise InputError(f"a number{where} is too long to read (over 4,300 digits)") from None
