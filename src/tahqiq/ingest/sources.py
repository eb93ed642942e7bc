"""Where articles come from: the command line's paths expanded into the sources to read, in a stable
order, and the outlet a report's own text names when nothing else does."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TextIO

import regex

from tahqiq.text import normalize
from tahqiq.text.dates import article_date
from tahqiq.text.lexicon import load_table

STDIN = "-"
READABLE_SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}
)
"""Suffixes picked up when walking a folder; files named explicitly are always read."""

_GLOB_CHARS = frozenset("*?[")


def is_glob(path: str) -> bool:
    """Whether ``path`` is a glob pattern rather than a literal name."""
    return any(c in _GLOB_CHARS for c in path)


def iter_sources(
    paths: Sequence[str],
    *,
    stdin: TextIO | None = None,
    suffixes: Collection[str] = READABLE_SUFFIXES,
) -> Iterator[str]:
    """Yield every source named by ``paths``, each once, in the order given.

    Files are yielded as given; folders are walked recursively in sorted order, skipping hidden
    files and folders and files whose suffix is not in ``suffixes`` (so a folder of saved pages
    does not ingest its stylesheets); globs expand sorted. ``-`` stands for ``stdin`` (or
    ``sys.stdin``) and is yielded once, since a stream can only be read once, and not at all
    when there is no stream. A path that does not exist, or a glob matching nothing, is yielded
    unchanged so the reader reports it as a skip instead of the whole run failing.
    """
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN not in seen and (stdin if stdin is not None else sys.stdin) is not None:
                seen.add(STDIN)
                yield STDIN
            continue
        for found in _expand(path, suffixes):
            key = os.path.realpath(found) if os.path.exists(found) else found
            if key not in seen:
                seen.add(key)
                yield found


def _expand(path: str, suffixes: Collection[str]) -> Iterator[str]:
    if os.path.isdir(path):
        yield from _walk(Path(path), suffixes)
    elif not os.path.exists(path) and is_glob(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield path
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(Path(match), suffixes)
            elif not _hidden(Path(match).name):
                yield match
    else:
        yield path


def _walk(folder: Path, suffixes: Collection[str]) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name) and Path(name).suffix.lower() in suffixes:
                yield os.path.join(root, name)


def _hidden(name: str) -> bool:
    return name.startswith(".")


# --- the outlet a text names ----------------------------------------------------------------------
#
# A report copied out of a page often keeps no URL and no byline, yet names its outlet in its own
# text: a credit line at the end («المصدر: سانا»), the outlet's own reporter («مراسل سانا»), or the
# outlet's page layout (Al-Watan's section heading over a weekday dateline). These are weaker than
# a URL or a byline and are read only when neither names the outlet; only outlets listed in
# ``data/lexicon/outlet_names.tsv`` are named, so a credit to «وكالات» or to a person names nothing.

_HEAD_LINES = 3  # non-empty lines at the top where a section heading and its dateline stand
_WORD_EDGE = r"(?<![\p{L}\p{M}])"
_WORD_END = r"(?![\p{L}\p{M}])"


@cache
def _known_outlets() -> dict[str, str]:
    """Normalized variant → the outlet's name, from ``data/lexicon/outlet_names.tsv``."""
    table = load_table("outlet_names", ("variant", "name"))
    found = {normalize(row["name"]): row["name"] for row in table.rows}
    found.update({normalize(row["variant"]): row["name"] for row in table.rows})
    return found


@cache
def _cues() -> tuple[regex.Pattern[str] | None, dict[str, str]]:
    """The self-reference pattern (a reporter word before a known name, or a verb after it) and
    the section headings of known layouts, from ``data/lexicon/outlet_cues.tsv``."""
    table = load_table("outlet_cues", ("group", "entry", "outlet"))
    names = sorted(_known_outlets(), key=len, reverse=True)
    before = [normalize(w) for w in table.group("reporter")]
    after = [normalize(w) for w in table.group("verb")]
    sections = {normalize(r["entry"]): r["outlet"] for r in table.rows if r["group"] == "section"}
    if not names or not (before or after):
        return None, sections
    alt = "|".join(regex.escape(n) for n in names)
    parts = []
    if before:
        parts.append(rf"{_WORD_EDGE}(?:{'|'.join(map(regex.escape, before))})\s+(?P<a>{alt}){_WORD_END}")
    if after:
        parts.append(rf"{_WORD_EDGE}(?P<b>{alt})\s+(?:{'|'.join(map(regex.escape, after))}){_WORD_END}")
    return regex.compile("|".join(parts)), sections


def known_outlet(name: str | None) -> str | None:
    """The listed outlet a written name stands for («وكالة سانا» → سانا), or None."""
    if not name:
        return None
    return _known_outlets().get(normalize(" ".join(name.split())))


def outlet_from_text(text: str, credited: str | None = None) -> str | None:
    """The outlet a report's own text names, or None: its credit line (``credited``, as
    :func:`tahqiq.ingest.boilerplate.find_credited_source` reads it), else its layout (a known
    section heading first, a dateline right under it), else its own reporter or a verb it takes
    («مراسل سانا», «سانا وثقت»). Only listed outlets are named."""
    named = known_outlet(credited)
    if named is not None:
        return named
    pattern, sections = _cues()
    head = [line.strip() for line in text.split("\n") if line.strip()][:_HEAD_LINES]
    if len(head) >= 2 and normalize(head[0]) in sections and article_date(head[1]) is not None:
        return sections[normalize(head[0])]
    if pattern is None:
        return None
    match = pattern.search(normalize(text))
    if match is None:
        return None
    return _known_outlets().get(match["a"] or match["b"])
