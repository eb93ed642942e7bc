"""Word and phrase lists shipped as data files, loaded by name.

A list is ``tahqiq/data/lexicon/NAME.txt``: UTF-8, one entry a line, ``#`` starts a comment,
blank lines are ignored. A table of aliases is ``NAME.tsv``, ``variant<TAB>canonical`` a line.
Entries are normalized (:func:`tahqiq.text.normalize`) so a list may be written with hamza and
teh marbuta as an editor types them. A line that cannot be an entry (Latin letters only, a tab
in a list, an entry listed twice) is reported as ``file:line: reason`` and skipped; the rest of
the list still loads, the way the gazetteer loader treats its files.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import regex

from tahqiq.text.normalize import normalize

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
    """A loaded list: its normalized entries in file order, where it came from, and a content hash."""

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
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
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
    return regex.compile(rf"(?<!\w)[وفبل]?(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class Aliases:
    """Variant → canonical pairs (normalized), with a content hash and the lines that were skipped."""

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
        return regex.compile(rf"(?<!\w)([وفبل]?)({alternatives})(?!\w)")


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
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Aliases(name, tuple(pairs.items()), digest, tuple(problems))


@cache
def load_aliases(name: str) -> Aliases:
    """The packaged alias table ``data/lexicon/NAME.tsv``; each skipped line is warned about once."""
    path = f"data/lexicon/{name}.tsv"
    aliases = parse_aliases(name, _packaged(path), path)
    _warn(aliases.problems)
    return aliases
