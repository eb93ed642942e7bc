"""Reading dataset files with errors that point at the file and line to fix."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import regex

from tahqiq.errors import DatasetError

_SPLIT_WORDS = ("train", "dev", "test", "valid", "validation")


def dataset_error(path: str | Path, reason: str, line: int | None = None) -> DatasetError:
    """A :class:`DatasetError` whose message starts with ``file:line`` (or ``file``)."""
    where = f"{path}:{line}" if line is not None else str(path)
    return DatasetError(f"{where}: {reason}")


def read_text(path: str | Path) -> str:
    """The whole file as UTF-8 (a BOM is dropped); bad bytes are reported with their line."""
    p = Path(path)
    if not p.is_file():
        raise dataset_error(p, "no such file" if not p.exists() else "not a regular file")
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise dataset_error(p, f"not valid UTF-8 ({exc.reason})", line) from exc


def csv_rows(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV file with the line each row starts on; blank lines are skipped."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise dataset_error(path, f"unreadable CSV ({exc})", reader.line_num or start) from exc
        if row and any(cell.strip() for cell in row):
            yield start, row


def csv_records(path: str | Path, wanted: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """The ``wanted`` cells of every data row, in that order, with the row's line number.

    Columns are found by header name (case and spaces ignored, any order). A row whose width
    differs from the header's, or with an empty wanted cell, is refused: that is almost always an
    unquoted comma, and shifting columns silently would score the wrong text.
    """
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise dataset_error(path, "empty file; expected a header " + ",".join(wanted))
    header_line, header = first
    found = {cell.strip().lower(): i for i, cell in enumerate(header)}
    missing = [name for name in wanted if name.lower() not in found]
    if missing:
        raise dataset_error(
            path, f"header must have columns {', '.join(wanted)}; missing {', '.join(missing)}", header_line
        )
    cols = [found[name.lower()] for name in wanted]
    for line, row in rows:
        if len(row) != len(header):
            raise dataset_error(path, f"expected {len(header)} columns like the header, got {len(row)}", line)
        cells = [row[i] for i in cols]
        for name, cell in zip(wanted, cells, strict=True):
            if not cell.strip():
                raise dataset_error(path, f"empty {name}", line)
        yield line, cells


def split_from_name(path: str | Path) -> str | None:
    """The split a file or folder name announces (``stance_dev.csv`` → ``dev``), if any."""
    for part in (Path(path).stem, Path(path).parent.name):
        for word in regex.split(r"[_\-.\s]+", part.lower()):
            if word in _SPLIT_WORDS:
                return str(word)
    return None
