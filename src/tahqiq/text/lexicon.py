"""Word and phrase lists shipped as data files, loaded by name.

A list is ``tahqiq/data/lexicon/NAME.txt``: UTF-8, one entry a line, ``#`` starts a comment,
blank lines are ignored. Entries are normalized (:func:`tahqiq.text.normalize`) so a list may be
written with hamza and teh marbuta as an editor types them. A line that cannot be an entry (Latin
letters only, a tab, an entry listed twice) is reported as ``file:line: reason`` and skipped; the
rest of the list still loads, the way the gazetteer loader treats its files.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from tahqiq.text.normalize import normalize

_ARABIC = regex.compile(r"\p{Arabic}")


@dataclass(frozen=True)
class LexiconProblem:
    """A line of a list file that was skipped, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class LexiconWarning(UserWarning):
    """Issued once per skipped line; loading goes on."""


@dataclass(frozen=True)
class Lexicon:
    """A loaded list: its normalized entries in file order, where it came from, and a content hash."""

    name: str
    entries: tuple[str, ...]
    sha256: str
    problems: tuple[LexiconProblem, ...] = ()


def parse_lexicon(name: str, text: str, path: str) -> Lexicon:
    """The entries of a list file's ``text``; problems are collected, never raised."""
    entries: list[str] = []
    seen: dict[str, int] = {}
    problems: list[LexiconProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "\t" in line:
            problems.append(LexiconProblem(path, number, "a tab inside an entry; one entry a line"))
            continue
        if not _ARABIC.search(line):
            problems.append(LexiconProblem(path, number, f"{line!r} has no Arabic letters"))
            continue
        entry = " ".join(normalize(line).split())
        if entry in seen:
            problems.append(LexiconProblem(path, number, f"{line!r} repeats line {seen[entry]}"))
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
    resource = resources.files("tahqiq").joinpath(f"data/lexicon/{name}.txt")
    lexicon = parse_lexicon(name, resource.read_text(encoding="utf-8"), f"data/lexicon/{name}.txt")
    for problem in lexicon.problems:
        warnings.warn(str(problem), LexiconWarning, stacklevel=2)
    return lexicon


def phrase_pattern(lexicon: Lexicon) -> regex.Pattern[str]:
    """A pattern finding any entry of ``lexicon`` as whole words in normalized text.

    Entries may carry the proclitics و ف ب ل, as ``وفي سياق آخر`` does.
    """
    alternatives = "|".join(regex.escape(e) for e in sorted(lexicon.entries, key=len, reverse=True))
    return regex.compile(rf"(?<!\w)[وفبل]?(?:{alternatives})(?!\w)")
