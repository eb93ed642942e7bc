"""A gazetteer of news outlets, agencies, official bodies and people, matched in Arabic text.

Provenance needs to know that «سانا», "الوكالة العربية السورية للأنباء" and "SANA" are one agency,
and that "سيرغي لافروف" and "سيرجي لافروف" are one minister. The entries live in editable TSV
files (``tahqiq/data/gazetteer/*.tsv``, plus user files) so that fact-checkers can add the outlets
of their own beat without touching code.

File format: UTF-8, tab-separated, a header row naming the columns, ``#`` comment lines. Columns:
``id`` and ``canonical`` and ``type`` are required; ``variants`` (``|``-separated), ``country``,
``role``, ``parent`` (id of the body an entry belongs to), ``origin`` (id of the party whose
statements this entry relays; see :meth:`Gazetteer.origin`) and ``note`` are optional. A variant
written ``~name`` is *weak*: it is too ambiguous to be spotted in running text (``الجزيرة`` is also
a region) and only counts where the text already says a source stands, after a cue such as
``بحسب`` or as the subject of ``قال``. A later file may redefine an id of an earlier one, which is
how a user file corrects a packaged entry. A broken line is reported with its file and line
number and skipped; the rest of the file still loads.

Matching runs on normalized word tokens (:func:`tahqiq.text.normalize`), so hamza, alef maqsura
and teh marbuta spellings all match, and the proclitics و ف ب ل ك and the article ال may be
glued to the first word (``لقناة روسيا اليوم``, ``بمركز المصالحة``, ``للأنباء``). A few dictionary
look-ups per word keep matching a whole article under a millisecond.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

import regex
from rapidfuzz import fuzz, process

from tahqiq.records.provenance import SourceType
from tahqiq.text import Token, normalize, tokenize
from tahqiq.text.clitics import bare, clitic_forms
from tahqiq.text.lexicon import DataFileProblem, DataFileWarning

ENV_VAR = "TAHQIQ_GAZETTEER"
"""Environment variable naming extra gazetteer files or folders, separated by ``os.pathsep``."""

EntryType = Literal[
    "state_agency",
    "news_agency",
    "public_outlet",
    "private_outlet",
    "official_body",
    "government",
    "military",
    "state",
    "ngo",
    "person_title",
    "person",
    "organisation",
]
ENTRY_TYPES: tuple[EntryType, ...] = get_args(EntryType)

_SOURCE_TYPE: dict[str, SourceType] = {
    "state_agency": "agency",
    "news_agency": "agency",
    "public_outlet": "outlet",
    "private_outlet": "outlet",
    "official_body": "official_body",
    "government": "official_body",
    "military": "official_body",
    "state": "state",
    "person_title": "official_body",
    "ngo": "ngo",
    "person": "person",
    "organisation": "organisation",
}

MEDIA_TYPES: frozenset[str] = frozenset({"state_agency", "news_agency", "public_outlet", "private_outlet"})
"""Entry types that relay news rather than originate it."""

_REQUIRED = ("id", "canonical", "type")
_KNOWN_COLUMNS = frozenset(
    {"id", "canonical", "variants", "type", "country", "role", "parent", "origin", "note"}
)
_PACKAGED = ("outlets.tsv", "people.tsv")

# What may stand between two words of one name: spaces, quote marks, brackets, dashes, tatweel.
_JOINER = regex.compile(r"[\s«»“”„\"'()\[\]\-–—ـ]*")


@dataclass(frozen=True)
class GazetteerEntry:
    """One outlet, agency, body, title or person, with every spelling it is known by."""

    id: str
    canonical: str
    type: EntryType
    variants: tuple[str, ...] = ()
    country: str = ""
    role: str = ""
    parent: str | None = None
    origin: str | None = None
    note: str = ""
    defined_at: str = ""

    @property
    def source_type(self) -> SourceType:
        """The provenance kind of this entry (an agency, an outlet, an official body...)."""
        return _SOURCE_TYPE[self.type]

    @property
    def is_media(self) -> bool:
        """Whether this entry is an agency or outlet, which relays statements rather than makes them."""
        return self.type in MEDIA_TYPES


# A broken line of a gazetteer file is reported like one of any other data file the text layer
# loads (tahqiq.text.lexicon): ``file:line: reason``, warned about once, skipped.
GazetteerProblem = DataFileProblem


class GazetteerWarning(DataFileWarning):
    """Issued once per broken gazetteer line; the line is skipped and loading goes on."""


@dataclass(frozen=True)
class Mention:
    """A gazetteer entry named in a text: the words as written and their offsets.

    ``first`` and ``last`` are indices into the token list the mention was found in
    (``last`` exclusive), so callers can relate a mention to nearby words.
    """

    entry: GazetteerEntry
    text: str
    start: int
    end: int
    first: int
    last: int


@lru_cache(maxsize=100_000)
def _norm(word: str) -> str:
    return normalize(word)


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    entry_id: str
    weak: bool
    article: bool


class Gazetteer:
    """Entries by id, with a word-keyed index for fast matching in text.

    ``problems`` lists every line that was skipped while loading, with file and line number.
    """

    def __init__(self, entries: Iterable[GazetteerEntry], problems: Sequence[GazetteerProblem] = ()) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            self.entries[entry.id] = entry
        self.problems: tuple[GazetteerProblem, ...] = tuple(problems)
        self._index: dict[str, list[_Pattern]] = {}
        self._fuzzy_names: list[str] = []
        self._fuzzy_ids: list[str] = []
        self._by_head: dict[str, list[str]] = {}
        for entry in self.entries.values():
            self._add(entry)
        for patterns in self._index.values():
            patterns.sort(key=lambda p: -len(p.words))

    def _add(self, entry: GazetteerEntry) -> None:
        # Variants first: a canonical name that is also listed as ~weak stays weak.
        names = []
        for variant in entry.variants:
            weak = variant.startswith("~")
            names.append((variant[1:].strip() if weak else variant, weak))
        names.append((entry.canonical, False))
        seen: set[tuple[str, ...]] = set()
        for name, weak in names:
            words = tuple(t.norm for t in tokenize(name))
            if not words or words in seen:
                continue
            seen.add(words)
            key = bare(words[0])
            self._index.setdefault(key, []).append(_Pattern(words, entry.id, weak, key != words[0]))
            self._by_head.setdefault(bare(words[0]), []).append(entry.id)
            if entry.type == "person":
                self._fuzzy_names.append(" ".join(words))
                self._fuzzy_ids.append(entry.id)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str | None) -> GazetteerEntry | None:
        """The entry with this id, or None."""
        return self.entries.get(entry_id) if entry_id else None

    def parent(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The body ``entry`` belongs to, if it names a known one."""
        return self.get(entry.parent)

    def ancestors(self, entry: GazetteerEntry) -> list[GazetteerEntry]:
        """Parents of ``entry``, nearest first; a cycle in the data stops the walk."""
        out: list[GazetteerEntry] = []
        seen = {entry.id}
        current = self.parent(entry)
        while current is not None and current.id not in seen:
            out.append(current)
            seen.add(current.id)
            current = self.parent(current)
        return out

    def origin(self, entry: GazetteerEntry) -> GazetteerEntry:
        """The party whose statements ``entry`` passes on: its ``origin`` entry, else itself.

        The Hmeimim base channel, for one, relays the Russian reconciliation centre, so a
        statement heard on the channel traces back to the centre.
        """
        seen = {entry.id}
        current = entry
        while current.origin and current.origin not in seen and current.origin in self.entries:
            seen.add(current.origin)
            current = self.entries[current.origin]
        return current

    def heads(self, word: str) -> list[GazetteerEntry]:
        """Entries one of whose names starts with ``word`` (normalized, without ال).

        Used to resolve a back-reference such as "الوزارة" or "المركز" to the body named earlier.
        """
        ids = self._by_head.get(bare(_norm(word.strip())), [])
        return [self.entries[i] for i in dict.fromkeys(ids)]

    def find(self, text: str, *, weak: bool = False) -> list[Mention]:
        """Every entry named in ``text``, longest match first, left to right, without overlaps."""
        return self.find_in_tokens(text, tokenize(text), weak=weak)

    def find_in_tokens(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        weak: bool = False,
        start: int = 0,
        end: int | None = None,
    ) -> list[Mention]:
        """Like :meth:`find`, on tokens already made by :func:`match_tokens`, between two token indices."""
        out: list[Mention] = []
        stop = len(tokens) if end is None else min(end, len(tokens))
        i = start
        while i < stop:
            found = self._match_at(text, tokens, i, stop, weak)
            if found is None:
                i += 1
                continue
            pattern, last = found
            entry = self.entries[pattern.entry_id]
            first_tok, last_tok = tokens[i], tokens[last - 1]
            out.append(
                Mention(entry, text[first_tok.start : last_tok.end], first_tok.start, last_tok.end, i, last)
            )
            i = last
        return out

    def _match_at(
        self, text: str, tokens: Sequence[Token], i: int, stop: int, weak: bool
    ) -> tuple[_Pattern, int] | None:
        best: tuple[_Pattern, int] | None = None
        # A one-letter word has no clitic forms, yet opens an agency's letters: أ ف ب، د ب أ.
        for key, had_article in clitic_forms(tokens[i].norm) or ((tokens[i].norm, False),):
            for pattern in self._index.get(key, ()):
                if (pattern.weak and not weak) or (had_article and not pattern.article):
                    continue
                n = len(pattern.words)
                if best is not None and n <= best[1] - i:
                    continue
                if i + n > stop or not self._rest_matches(text, tokens, i, pattern.words):
                    continue
                best = (pattern, i + n)
        return best

    @staticmethod
    def _rest_matches(text: str, tokens: Sequence[Token], i: int, words: tuple[str, ...]) -> bool:
        for k in range(1, len(words)):
            token = tokens[i + k]
            if token.norm != words[k]:
                return False
            gap = text[tokens[i + k - 1].end : token.start]
            if _JOINER.fullmatch(gap) is None:
                return False
        return True

    def lookup(self, name: str, *, fuzzy: bool = True, score_cutoff: float = 86.0) -> GazetteerEntry | None:
        """The entry that ``name`` (a whole name, as written) stands for, or None.

        Exact on normalized words first (weak variants included, since the caller already
        knows ``name`` is a name); then, for people only, a RapidFuzz ratio against every
        spelling, which catches transliteration variants missing from the data
        (كوناشنكوف / كوناشينكوف).
        """
        tokens = tokenize(name)
        if not tokens:
            return None
        mentions = self.find_in_tokens(name, tokens, weak=True)
        if len(mentions) == 1 and mentions[0].first == 0 and mentions[0].last == len(tokens):
            return mentions[0].entry
        if not fuzzy or not self._fuzzy_names:
            return None
        query = " ".join(t.norm for t in tokens)
        if len(query) < 4:
            return None
        hit = process.extractOne(query, self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=score_cutoff)
        return self.entries[self._fuzzy_ids[hit[2]]] if hit is not None else None


def _split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.rstrip("\r\n").split("\t")]


def _parse_file(text: str, path: str, problems: list[GazetteerProblem]) -> list[GazetteerEntry]:
    header: list[str] | None = None
    entries: list[GazetteerEntry] = []
    seen_here: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = _split_row(line)
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in _REQUIRED if c not in header]
            unknown = [c for c in header if c not in _KNOWN_COLUMNS]
            if missing or unknown:
                why = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
                problems.append(GazetteerProblem(path, number, f"bad header ({why}); file skipped"))
                return []
            continue
        if len(cells) > len(header):
            problems.append(
                GazetteerProblem(path, number, f"{len(cells)} columns where the header has {len(header)}")
            )
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        problem = _row_problem(row, seen_here)
        if problem:
            problems.append(GazetteerProblem(path, number, problem))
            continue
        seen_here.add(row["id"])
        entries.append(_row_entry(row, f"{path}:{number}"))
    if header is None:
        problems.append(GazetteerProblem(path, 0, "no header row"))
    return entries


def _row_problem(row: dict[str, str], seen_here: set[str]) -> str | None:
    if not row["id"] or not row["canonical"]:
        return "empty id or canonical name"
    if row["id"] in seen_here:
        return f"duplicate id {row['id']!r} in the same file"
    kind = row["type"].replace("-", "_").replace(" ", "_").lower()
    if kind not in ENTRY_TYPES:
        return f"unknown type {row['type']!r} (one of: {', '.join(ENTRY_TYPES)})"
    if not any(t for t in tokenize(row["canonical"])):
        return "canonical name has no letters"
    return None


def _row_entry(row: dict[str, str], where: str) -> GazetteerEntry:
    kind = row["type"].replace("-", "_").replace(" ", "_").lower()
    variants = tuple(v.strip() for v in row.get("variants", "").split("|") if v.strip() and v.strip() != "~")
    return GazetteerEntry(
        id=row["id"],
        canonical=row["canonical"],
        type=kind,  # type: ignore[arg-type]  # checked against ENTRY_TYPES in _row_problem
        variants=variants,
        country=row.get("country", ""),
        role=row.get("role", ""),
        parent=row.get("parent") or None,
        origin=row.get("origin") or None,
        note=row.get("note", ""),
        defined_at=where,
    )


def _user_files(paths: Iterable[Path]) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.tsv"))
        else:
            yield path


def _env_paths() -> list[Path]:
    raw = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def load_gazetteer(extra_paths: Sequence[Path] = (), *, use_env: bool = True) -> Gazetteer:
    """Load the packaged gazetteer, then user files (folders: every ``*.tsv`` inside).

    User files come from ``extra_paths`` and, unless ``use_env`` is false, from the
    ``TAHQIQ_GAZETTEER`` environment variable; later files override ids of earlier ones.
    Broken lines and unreadable files never stop loading: each is kept in
    :attr:`Gazetteer.problems` and issued as a :class:`GazetteerWarning`.
    """
    problems: list[GazetteerProblem] = []
    entries: list[GazetteerEntry] = []
    folder = resources.files("tahqiq").joinpath("data/gazetteer")
    for name in _PACKAGED:
        resource = folder.joinpath(name)
        entries.extend(
            _parse_file(resource.read_text(encoding="utf-8"), f"tahqiq/data/gazetteer/{name}", problems)
        )
    user = [Path(p) for p in extra_paths] + (_env_paths() if use_env else [])
    for path in _user_files(user):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(GazetteerProblem(str(path), 0, f"cannot read: {exc}"))
            continue
        entries.extend(_parse_file(text, str(path), problems))
    by_id = {e.id: e for e in entries}
    for entry in by_id.values():
        for column, ref in (("parent", entry.parent), ("origin", entry.origin)):
            if ref and ref not in by_id:
                where, _, line = entry.defined_at.rpartition(":")
                problems.append(GazetteerProblem(where, int(line), f"{column} {ref!r} is not a known id"))
    for problem in problems:
        warnings.warn(str(problem), GazetteerWarning, stacklevel=2)
    return Gazetteer(by_id.values(), problems)


@cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer plus ``TAHQIQ_GAZETTEER`` files, loaded once per process."""
    return load_gazetteer()
