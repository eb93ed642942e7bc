"""Word and phrase lists shipped as data files, loaded by name.

Every Arabic word list tahqiq matches against (speech verbs, cue words, month names, page
headings) lives under ``tahqiq/data/lexicon/`` so that a fact-checker can read and extend it
without touching code, and so that one list has one home. Three shapes, all UTF-8, ``#``
starting a comment and blank lines ignored:

* a list, ``NAME.txt``: one entry a line (:func:`load_lexicon`);
* an alias table, ``NAME.tsv``: ``variant<TAB>canonical`` a line (:func:`load_aliases`);
* a table, ``NAME.tsv`` with a header row naming its columns, the way the gazetteer files are
  written (:func:`load_table`); most tables have a ``group`` column, so one file holds the
  related lists of one concern (``speech.tsv``: the content markers, the anonymous-source words,
  the distancing phrases...).

List and alias entries are normalized (:func:`tahqiq.text.normalize`) so a list may be written
with hamza and teh marbuta as an editor types them; table cells are kept as written and each
caller folds them the way it matches. A line that cannot be an entry (Latin letters only in an
Arabic list, a tab in a list, an entry listed twice, a row with the wrong number of cells) is
reported as ``file:line: reason`` and skipped; the rest of the file still loads, the way the
gazetteer loader treats its files.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import regex

from tahqiq.text.clitics import ONE_PROCLITIC
from tahqiq.text.normalize import normalize
from tahqiq.text.tokens import words

_ARABIC = regex.compile(r"\p{Arabic}")


@dataclass(frozen=True)
class DataFileProblem:
    """A line of a data file (word list, alias table, gazetteer) that was skipped, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataFileWarning(UserWarning):
    """Issued once per skipped line of a data file; loading goes on."""


@dataclass(frozen=True)
class Lexicon:
    """A loaded list: its normalized entries in file order, where it came from, and a hash of them.

    The hash covers the entries, not the file bytes: a new comment changes nothing it guards.
    """

    name: str
    entries: tuple[str, ...]
    sha256: str
    problems: tuple[DataFileProblem, ...] = ()


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, content)`` of a data file, comments and blank lines left out."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield number, line


def _packaged(path: str) -> str:
    return resources.files("tahqiq").joinpath(path).read_text(encoding="utf-8")


def _warn(problems: Iterable[DataFileProblem]) -> None:
    for problem in problems:
        warnings.warn(str(problem), DataFileWarning, stacklevel=3)


def parse_lexicon(name: str, text: str, path: str) -> Lexicon:
    """The entries of a list file's ``text``; problems are collected, never raised."""
    entries: list[str] = []
    seen: dict[str, int] = {}
    problems: list[DataFileProblem] = []
    for number, line in _lines(text):
        if "\t" in line:
            problems.append(DataFileProblem(path, number, "a tab inside an entry; one entry a line"))
            continue
        if not _ARABIC.search(line):
            problems.append(DataFileProblem(path, number, f"{line!r} has no Arabic letters"))
            continue
        entry = " ".join(normalize(line).split())
        if entry in seen:
            problems.append(DataFileProblem(path, number, f"{line!r} repeats line {seen[entry]}"))
            continue
        seen[entry] = number
        entries.append(entry)
    digest = hashlib.sha256("\n".join(entries).encode("utf-8")).hexdigest()
    return Lexicon(name, tuple(entries), digest, tuple(problems))


@cache
def load_lexicon(name: str) -> Lexicon:
    """The packaged list ``data/lexicon/NAME.txt``; each skipped line is warned about once.

    :raises FileNotFoundError: no such list ships with tahqiq.
    """
    path = f"data/lexicon/{name}.txt"
    lexicon = parse_lexicon(name, _packaged(path), path)
    _warn(lexicon.problems)
    return lexicon


def phrase_pattern(lexicon: Lexicon) -> regex.Pattern[str]:
    """A pattern finding any entry of ``lexicon`` as whole words in normalized text.

    Entries may carry the proclitics و ف ب ل, as ``وفي سياق آخر`` does.
    """
    alternatives = "|".join(regex.escape(e) for e in sorted(lexicon.entries, key=len, reverse=True))
    return regex.compile(rf"(?<!\w){ONE_PROCLITIC}(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class Aliases:
    """Variant → canonical pairs (normalized), a hash of the pairs, and the lines that were skipped."""

    name: str
    pairs: tuple[tuple[str, str], ...]
    sha256: str
    problems: tuple[DataFileProblem, ...] = ()

    def fold(self, norm: str) -> str:
        """``norm`` (normalized text) with every variant replaced by its canonical name."""
        if not self.pairs:
            return norm
        lookup = self.lookup
        folded: str = self.pattern.sub(lambda m: m.group(1) + lookup[m.group(2)], norm)
        return folded

    @cached_property
    def lookup(self) -> dict[str, str]:
        return dict(self.pairs)

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        """Any variant as whole words, longest first, with its proclitic (و ف ب ل) kept apart."""
        alternatives = "|".join(regex.escape(v) for v, _ in sorted(self.pairs, key=lambda p: -len(p[0])))
        return regex.compile(rf"(?<!\w)({ONE_PROCLITIC})({alternatives})(?!\w)")


def parse_aliases(name: str, text: str, path: str) -> Aliases:
    """The pairs of an alias table's ``text``; problems are collected, never raised."""
    pairs: dict[str, str] = {}
    where: dict[str, int] = {}
    problems: list[DataFileProblem] = []
    for number, line in _lines(text):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not all(_ARABIC.search(c) for c in cells):
            problems.append(
                DataFileProblem(path, number, "expected an Arabic variant, a tab, its canonical name")
            )
            continue
        variant, canonical = (" ".join(normalize(c).split()) for c in cells)
        if variant in pairs:
            problems.append(DataFileProblem(path, number, f"{cells[0]!r} repeats line {where[variant]}"))
            continue
        pairs[variant], where[variant] = canonical, number
    content = "\n".join(f"{variant}\t{canonical}" for variant, canonical in pairs.items())
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return Aliases(name, tuple(pairs.items()), digest, tuple(problems))


@cache
def load_aliases(name: str) -> Aliases:
    """The packaged alias table ``data/lexicon/NAME.tsv``; each skipped line is warned about once."""
    path = f"data/lexicon/{name}.tsv"
    aliases = parse_aliases(name, _packaged(path), path)
    _warn(aliases.problems)
    return aliases


@dataclass(frozen=True)
class Row:
    """One row of a table: its cells by column name, and the line it was read from."""

    line: int
    cells: tuple[tuple[str, str], ...]

    def __getitem__(self, column: str) -> str:
        for name, value in self.cells:
            if name == column:
                return value
        raise KeyError(column)


@dataclass(frozen=True)
class Table:
    """A loaded table: its rows in file order, a hash of their content and the rows skipped.

    ``sha256`` hashes the rows, not the file bytes, so editing a comment changes nothing that
    depends on the hash (the stance models record it; see :mod:`tahqiq.stance.cues`).
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    sha256: str
    problems: tuple[DataFileProblem, ...] = ()

    def group(self, group: str, column: str = "entry") -> tuple[str, ...]:
        """The ``column`` cells of the rows whose ``group`` is ``group``, in file order.

        :raises KeyError: no row of the table is in that group (a list the code needs is gone).
        """
        found = tuple(row[column] for row in self.rows if row["group"] == group)
        if not found:
            raise KeyError(f"data/lexicon/{self.name}.tsv has no rows in group {group!r}")
        return found


def parse_table(name: str, text: str, path: str, columns: tuple[str, ...]) -> Table:
    """The rows of a table file's ``text``, whose header must name exactly ``columns``.

    A header naming other columns skips the whole file (one problem, at its line); a row with
    another number of cells, an empty cell, or a row repeating an earlier one is skipped.
    """
    rows: list[Row] = []
    problems: list[DataFileProblem] = []
    header: tuple[str, ...] | None = None
    seen: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = tuple(" ".join(c.split("#", 1)[0].split()) for c in raw.split("\t"))
        if header is None:
            header = tuple(c.lower() for c in cells)
            if header != columns:
                expected = "\t".join(columns)
                problems.append(DataFileProblem(path, number, f"header must be {expected!r}; file skipped"))
                return Table(name, columns, (), hashlib.sha256(b"").hexdigest(), tuple(problems))
            continue
        if len(cells) != len(columns) or not all(cells):
            problems.append(DataFileProblem(path, number, f"expected {len(columns)} non-empty cells"))
            continue
        if cells in seen:
            problems.append(DataFileProblem(path, number, f"repeats line {seen[cells]}"))
            continue
        seen[cells] = number
        rows.append(Row(number, tuple(zip(columns, cells, strict=True))))
    if header is None:
        problems.append(DataFileProblem(path, 0, "no header row"))
    content = "\n".join("\t".join(v for _, v in row.cells) for row in rows)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return Table(name, columns, tuple(rows), digest, tuple(problems))


@cache
def load_table(name: str, columns: tuple[str, ...] = ("group", "entry")) -> Table:
    """The packaged table ``data/lexicon/NAME.tsv``; each skipped line is warned about once.

    :raises FileNotFoundError: no such table ships with tahqiq.
    """
    path = f"data/lexicon/{name}.tsv"
    table = parse_table(name, _packaged(path), path, columns)
    _warn(table.problems)
    return table


def skip_row(table: Table, row: Row, message: str) -> None:
    """Warn that a caller skips ``row`` of ``table`` for a reason only it can see (a bad value).

    The loader checks the shape of a table; what a cell must hold is the caller's to check,
    and such rows are reported the same way, as ``file:line: reason``.
    """
    problem = DataFileProblem(f"data/lexicon/{table.name}.tsv", row.line, message)
    warnings.warn(str(problem), DataFileWarning, stacklevel=2)


def word_set(entries: Iterable[str]) -> frozenset[str]:
    """The normalized words of ``entries`` (each one word or several), as a set to look words up in."""
    return frozenset(w for entry in entries for w in words(entry))


def lexicon_sha256(*parts: Lexicon | Aliases | Table) -> str:
    """One hash for several loaded lists: what a model built on them records (see stance.cues)."""
    joined = "\n".join(f"{part.name}\t{part.sha256}" for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
