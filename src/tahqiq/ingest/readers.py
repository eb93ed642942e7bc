"""Turn one source into articles or one-line skip reasons, whatever its format.

The format comes from the file suffix, and from the content itself for stdin and unknown
suffixes (a feed saved as ``.txt`` is still a feed). Every problem with one input becomes a
:class:`~tahqiq.records.Skipped` or a warning on its :class:`ReadResult`, so one bad file never
stops a batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from tahqiq.errors import InputError
from tahqiq.ingest.decode import MAX_FILE_BYTES, check_size, decode_bytes, read_limited
from tahqiq.ingest.feeds import looks_like_feed, read_feed
from tahqiq.ingest.jsonrecords import read_json, read_json_lines, stream_json_lines
from tahqiq.ingest.plaintext import read_plain_text
from tahqiq.ingest.result import ReadResult
from tahqiq.ingest.sources import STDIN, is_glob, iter_sources
from tahqiq.ingest.webpage import read_html

Format = Literal["text", "html", "json", "jsonl", "feed"]
STDIN_SOURCE = "<stdin>"
"""The ``source`` recorded for articles read from standard input."""

_BY_SUFFIX: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<article")

__all__ = [
    "REFUSED",
    "STDIN_SOURCE",
    "Format",
    "ReadResult",
    "detect_format",
    "read_all",
    "read_bytes",
    "read_path",
    "read_source",
    "refusal",
]


def detect_format(text: str, suffix: str = "") -> Format:
    """The reader for a source: by suffix when it names a structured format, else by content."""
    by_suffix = _BY_SUFFIX.get(suffix.lower())
    if by_suffix is not None:
        return by_suffix
    head = text.lstrip()[:512].lower()
    if head.startswith(("<?xml", "<rss", "<feed", "<rdf")) and looks_like_feed(text):
        return "feed"
    if head.startswith(_HTML_STARTS) or (head.startswith("<?xml") and "<html" in head):
        return "html"
    if suffix.lower() not in (".txt", ".text") and head.startswith(("{", "[")):
        return "json"
    return "text"


def read_bytes(data: bytes | BinaryIO, name: str, *, outlet: str | None = None) -> ReadResult:
    """Read one source given as bytes (or a binary file object) and the name it goes by.

    The name's suffix picks the format as a path's would (``report.jsonl``), the content decides
    otherwise, and the name is the ``source`` its articles record (``name:LINE`` for JSON Lines).
    An upload is read from memory this way, with the same limits, encoding fallbacks and skip
    reasons as a file on disk, and never written to a temporary file first.

    Example::

        result = read_bytes(b"\xd8\xa7...", "upload:report.txt")

    Never raises for bad input: an empty, binary, oversized or unreadable source comes back as a
    skip with its reason.
    """
    result = ReadResult(name)
    try:
        if not isinstance(data, bytes):
            raw = data.read(MAX_FILE_BYTES + 1)
            data = raw if isinstance(raw, bytes) else bytes(raw)
        check_size(len(data))
        _read_decoded(data, name, Path(name).suffix, outlet, result)
    except InputError as exc:
        result.skip(name, str(exc))
    except (OSError, RecursionError, MemoryError) as exc:
        result.skip(name, _reason(exc))
    return result


def read_source(
    source: str, *, outlet: str | None = None, stdin_text: str | None = None, stdin_bytes: bytes | None = None
) -> ReadResult:
    """Read one source, a path or ``-`` (``stdin_text``, ``stdin_bytes`` or else ``sys.stdin``).

    ``stdin_bytes`` lets undecoded input go through the same encoding fallbacks as files.

    Never raises for bad input: a missing, empty, binary, oversized or unreadable source, or one
    with no article text, comes back as a skip with its reason.
    """
    if source == STDIN:
        data = stdin_bytes if stdin_bytes is not None else _stream_bytes(sys.stdin, stdin_text)
        found = read_bytes(data, STDIN_SOURCE, outlet=outlet)
        return found
    result = ReadResult(source)
    try:
        path = Path(source)
        if not os.path.lexists(source):
            raise InputError(
                "no file matches this pattern" if is_glob(source) else "no such file or directory"
            )
        if path.is_dir():
            raise InputError("is a directory")
        _read_decoded(read_limited(path), source, path.suffix, outlet, result)
    except InputError as exc:
        result.skip(source, str(exc))
    except (OSError, RecursionError, MemoryError) as exc:
        result.skip(source, _reason(exc))
    return result


def _read_decoded(data: bytes, label: str, suffix: str, outlet: str | None, result: ReadResult) -> None:
    """Decode ``data`` (with fallbacks, each a warning) and hand the text to its format's reader."""
    decoded = decode_bytes(data)
    warnings = decoded.warnings
    for message in warnings:
        result.warn(label, message)
    _dispatch(detect_format(decoded.text, suffix), decoded.text, label, outlet, warnings, result)


def _reason(exc: BaseException) -> str:
    reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else type(exc).__name__
    return f"cannot read: {reason}"


def _dispatch(
    kind: Format, text: str, source: str, outlet: str | None, warnings: tuple[str, ...], result: ReadResult
) -> None:
    if kind == "text":
        result.add(
            read_plain_text(text, source=source, outlet=outlet, warnings=warnings), already_reported=warnings
        )
    elif kind == "html":
        result.add(
            read_html(text, source=source, outlet=outlet, warnings=warnings), already_reported=warnings
        )
    elif kind == "json":
        read_json(text, source=source, result=result, outlet=outlet, warnings=warnings)
    elif kind == "jsonl":
        read_json_lines(text, source=source, result=result, outlet=outlet, warnings=warnings)
    else:
        read_feed(text, source=source, result=result, outlet=outlet, warnings=warnings)


def _stream_bytes(stream: TextIO, text: str | None = None) -> bytes:
    """Bytes of a stream (its raw buffer when it has one) or of text already read, at most the limit + 1."""
    if text is None:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            raw = buffer.read(MAX_FILE_BYTES + 1)
            return raw if isinstance(raw, bytes) else bytes(raw)
        text = stream.read(MAX_FILE_BYTES + 1)
    try:
        return text.encode("utf-8", errors="surrogateescape")  # undoes a surrogateescape decoding
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace")


def read_all(
    paths: Sequence[str],
    *,
    outlet: str | None = None,
    stdin: TextIO | None = None,
    refuse: Collection[str] = (),
) -> Iterator[ReadResult]:
    """Read every source named by ``paths`` (see :func:`iter_sources`), one ReadResult each, lazily.

    A source that is one of the files in ``refuse`` (the store's own database and its journals),
    or lies inside one of its folders (the indexes derived from the store), is skipped without
    being opened: reading it would be pointless, and on Linux closing any descriptor of the
    database drops the POSIX locks this process's SQLite connection holds on it (see
    :func:`tahqiq.store.db._connect`). Files are compared by device and inode (``stat``).
    """
    is_refused = refusal(refuse)
    for source in iter_sources(paths, stdin=stdin):
        if source != STDIN and is_refused(source):
            result = ReadResult(source)
            result.skip(source, REFUSED)
            yield result
        elif source == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            yield read_source(source, outlet=outlet, stdin_bytes=_stream_bytes(stream))
        else:
            yield from read_path(source, outlet=outlet)


REFUSED = "this is the store's own database or one of its indexes; it is never read as input"
"""The skip reason of a source that is part of the store being written (see :func:`read_all`)."""


def refusal(refuse: Collection[str]) -> Callable[[str], bool]:
    """Whether a path is one of the files in ``refuse`` or lies inside one of its folders.

    Shared by :func:`read_all` and the archive jobs, which list their sources on one machine and
    read them on others, so both refuse the same paths.
    """
    refused = {key for key in map(_file_key, refuse) if key is not None}
    folders = tuple(os.path.realpath(p) + os.sep for p in refuse if os.path.isdir(p))

    def is_refused(source: str) -> bool:
        return bool(
            (refused and _file_key(source) in refused)
            or (folders and os.path.realpath(source).startswith(folders))
        )

    return is_refused


def read_path(source: str, *, outlet: str | None = None) -> Iterator[ReadResult]:
    """Read one path as ingest reads it: JSON Lines streamed in chunks, any other file whole.

    The one reading of a named file, whichever process runs it: :func:`read_all` here, and each
    task of the archive ingest (:mod:`tahqiq.archive`) on the machine that holds the file.
    """
    if _BY_SUFFIX.get(Path(source).suffix.lower()) == "jsonl" and Path(source).is_file():
        yield from stream_json_lines(Path(source), outlet=outlet)
    else:
        yield read_source(source, outlet=outlet)


def _file_key(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of ``path`` by ``stat`` (no descriptor is opened), or None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
