"""Uploaded files and JSON records into articles, all or nothing.

An upload is one batch: every file is read first, and if any file (or any JSONL line, or any
JSON record) cannot be read, the whole upload is refused with each reason and nothing is
stored. Only a batch that reads cleanly is written, in one transaction. So a desk never has
to work out which half of an upload went in.

Files go through the same readers as ``tahqiq ingest`` (by suffix, then by content), read from
memory (:func:`tahqiq.ingest.read_bytes`): nothing is written to disk before the batch is
accepted. Articles record ``upload:NAME`` (or ``upload:NAME:LINE`` for JSONL) as where they
came from, ``NAME`` cleaned of anything but letters, digits and ``._-``.

Every article, from a file or a JSON record, is also held to :mod:`tahqiq.server.sanitize`: JSON
fields of the documented types, no lone surrogates, NUL characters dropped, so none is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from tahqiq.api import Tahqiq
from tahqiq.errors import InputError
from tahqiq.records import ArticleInput, IngestWarning, Skipped
from tahqiq.server.sanitize import check_record, clean_article, json_records

_UNSAFE = regex.compile(r"[^\p{L}\p{N}._-]+")


class UploadRejected(InputError):
    """An upload that cannot be stored whole; ``problems`` lists each input and its reason."""

    def __init__(self, message: str, problems: Sequence[Skipped] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class UploadedFile:
    """One uploaded file: the name the client gave and its bytes."""

    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder or hide: letters, digits, ``._-``; suffix kept."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip("._")[-120:]
    return cleaned or "upload"


def read_files(
    tq: Tahqiq, files: Sequence[UploadedFile], *, outlet: str | None = None
) -> tuple[list[ArticleInput], list[IngestWarning]]:
    """Articles in ``files``, or :class:`UploadRejected` naming every file or record that fails."""
    if not files:
        raise UploadRejected("no files in the upload")
    articles: list[ArticleInput] = []
    warnings: list[IngestWarning] = []
    problems: list[Skipped] = []
    named = [(f"upload:{safe_name(f.name)}", f) for f in files]
    readable = []
    for label, f in named:
        refused = _json_problems(f.data, Path(label).suffix, label)
        if refused:
            problems.extend(refused)
        else:
            readable.append((label, f.data))
    for (label, _), result in zip(readable, tq.read_files(readable, outlet=outlet), strict=True):
        for a in result.articles:
            try:
                cleaned = clean_article(a)
            except InputError as exc:
                problems.append(Skipped(a.source, str(exc)))
                continue
            articles.append(cleaned)
            if cleaned.warnings != a.warnings:
                warnings.append(IngestWarning(cleaned.source, cleaned.warnings[-1]))
        problems.extend(result.skipped)
        warnings.extend(result.warnings)
        if not result.articles and not result.skipped:
            problems.append(Skipped(label, "no article found"))
    if problems:
        raise UploadRejected(f"{len(problems)} input(s) cannot be read; nothing was stored", problems)
    return articles, warnings


def read_records(
    tq: Tahqiq, records: Sequence[Mapping[str, Any]], *, outlet: str | None = None
) -> tuple[list[ArticleInput], list[IngestWarning]]:
    """Articles from JSON objects (fields as in ``.jsonl`` files), or :class:`UploadRejected`."""
    if not records:
        raise UploadRejected("no articles in the request")
    articles: list[ArticleInput] = []
    warnings: list[IngestWarning] = []
    problems: list[Skipped] = []
    for number, record in enumerate(records, 1):
        source = f"api:#{number}"
        try:
            check_record(record)
            article = clean_article(tq.read_record(record, source=source, outlet=outlet))
        except InputError as exc:
            problems.append(Skipped(source, str(exc)))
            continue
        articles.append(article)
        warnings.extend(IngestWarning(source, message) for message in article.warnings)
        if article.language != "ar":
            warnings.append(IngestWarning(source, f"not Arabic (language {article.language!r}); kept"))
    if problems:
        raise UploadRejected(f"{len(problems)} record(s) cannot be read; nothing was stored", problems)
    return articles, warnings


def _json_problems(data: bytes, suffix: str, label: str) -> list[Skipped]:
    """The records of a JSON or JSON Lines file that break :func:`check_record`, with their places."""
    problems = []
    try:
        for place, record in json_records(data, suffix):
            try:
                check_record(record)
            except InputError as exc:
                problems.append(Skipped(label + place, str(exc)))
    except InputError as exc:  # the file cannot be read as JSON at all
        problems.append(Skipped(label, str(exc)))
    return problems


def check_count(articles: Sequence[ArticleInput], limit: int) -> None:
    if len(articles) > limit:
        raise UploadRejected(f"the upload holds {len(articles)} articles; the limit is {limit} per request")
