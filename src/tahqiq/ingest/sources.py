"""Expand command-line paths (files, folders, globs, ``-``) into the sources to read, in a stable order."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import TextIO

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
