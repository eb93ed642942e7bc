"""What the name recogniser sees: word pieces with offsets, and the hashed features of each piece.

Training (``scripts/train_names.py``) and :mod:`tahqiq.text.names` both call this module, so
the model is scored on exactly the pieces and features it meets at run time.

**Pieces.** NewsFANE (the training corpus) writes the conjunctions و ف and often the
prepositions ب ل as separate tokens (``و قال``, ``ب لبنان``), while news pages glue them on
(``وقال``, ``بلبنان``). A name must not start with its clitic (the span of «ولافروف» is
«لافروف»), so each word of :func:`tahqiq.text.tokens.word_spans` is cut into pieces the corpus way: a
leading و/ف, then ب/ل/ك, goes when the whole word is not a known word and what remains is one
(``وزارة`` and ``بوتين`` stay whole), or when ب/ل/ك stand before the article (``بالحسكة``).
"Known" is the vocabulary of the training split plus the gazetteer, shipped with the weights.

**Features.** Each piece is described by its own word and the words up to two pieces away
(normalized form, form without proclitics, shape, gazetteer class, trigger group), its
prefixes and suffixes, and the punctuation on either side. Every feature belongs to *one*
word at *one* offset, so the recogniser can add up a cached score vector per distinct word
instead of hashing features per token: news vocabulary repeats, and that is what keeps it cheap.
Feature strings are hashed with CRC-32 (stable across processes, unlike :func:`hash`).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tahqiq.text import normalize, strip_proclitics
from tahqiq.text.clitics import cut_clitics
from tahqiq.text.lexicon import load_table
from tahqiq.text.tokens import word_spans

HASH_BITS = 20
"""Features are hashed into ``2 ** HASH_BITS`` buckets; the shipped model keeps the useful ones."""
OFFSETS = (-2, -1, 0, 1, 2)
"""Positions, relative to a piece, whose words describe it."""
TRIGGER_TABLE = "name_triggers"
"""``data/lexicon/name_triggers.tsv``: titles and head words that announce a name."""
NAME_WORDS_TABLE = "name_words"
"""``data/lexicon/name_words.tsv``: given names and place names."""
GAZETTEER_FILES = ("data/gazetteer/outlets.tsv", "data/gazetteer/people.tsv")

# Gazetteer entry types by the kind of name they are. person_title entries are titles, not names.
_GAZETTEER_KINDS = {
    "state_agency": "MEDIA",
    "news_agency": "MEDIA",
    "public_outlet": "MEDIA",
    "private_outlet": "MEDIA",
    "official_body": "ORG",
    "government": "ORG",
    "military": "ORG",
    "ngo": "ORG",
    "organisation": "ORG",
    "state": "LOC",
    "person": "PER",
    "person_title": "TITLE",
}
_MASK = (1 << HASH_BITS) - 1
_PAD = "<s>"  # the word beyond either end of a sentence


@dataclass(frozen=True, slots=True)
class Piece:
    """A word or the part of a word left once a clitic is cut off.

    Attributes:
        norm: the normalized letters of the piece (:func:`tahqiq.text.normalize`).
        start: offset of its first character in the original text.
        end: offset just past its last character in the original text.
        gap: class of the punctuation between the previous piece and this one
            (:func:`gap_class`; ``"+"`` inside a word, ``"^"`` at the start of the text).
    """

    norm: str
    start: int
    end: int
    gap: str


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The word lists features look words up in: gazetteer kinds and trigger groups by word."""

    gazetteer: dict[str, tuple[str, ...]]
    triggers: dict[str, tuple[str, ...]]


def _add(index: dict[str, tuple[str, ...]], word: str, label: str) -> None:
    if label not in index.get(word, ()):
        index[word] = (*index.get(word, ()), label)


def parse_gazetteer(text: str) -> Iterator[tuple[str, str]]:
    """``(name, kind)`` for every canonical name and variant of one gazetteer file's ``text``.

    The file is read as data (header row, ``#`` comments, ``|``-separated variants, ``~weak``
    variants included): the recogniser only needs to know which words occur in which kind of
    name, not the matching rules of :mod:`tahqiq.provenance.gazetteer`.
    """
    columns: list[str] | None = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if columns is None:
            columns = [c.strip().lower() for c in cells]
            continue
        row = dict(zip(columns, (c.strip() for c in cells), strict=False))
        kind = _GAZETTEER_KINDS.get(row.get("type", ""))
        if kind is None:
            continue
        names = [row.get("canonical", ""), *row.get("variants", "").split("|")]
        for name in names:
            if name := name.lstrip("~").strip():
                yield name, kind


@cache
def lexicons() -> Lexicons:
    """The packaged gazetteer and trigger lists, indexed by normalized word (loaded once)."""
    gazetteer: dict[str, tuple[str, ...]] = {}
    for path in GAZETTEER_FILES:
        text = resources.files("tahqiq").joinpath(path).read_text(encoding="utf-8")
        for name, kind in parse_gazetteer(text):
            for word in normalize(name).split():
                _add(gazetteer, word, kind)
    triggers: dict[str, tuple[str, ...]] = {}
    for table in (TRIGGER_TABLE, NAME_WORDS_TABLE):
        for row in load_table(table).rows:
            for word in normalize(row["entry"]).split():
                _add(triggers, word, row["group"])
    return Lexicons(gazetteer, triggers)


def gazetteer_words() -> frozenset[str]:
    """Every normalized word of a gazetteer name: known words for cutting clitics."""
    return frozenset(lexicons().gazetteer)


# --- pieces ---------------------------------------------------------------------------------

_GAP_SYMBOLS = {
    **dict.fromkeys("([{", "("),
    **dict.fromkeys(")]}", ")"),
    **dict.fromkeys("\"'«»“”‘’‹›", "q"),
    **dict.fromkeys(".!?؟…", "."),
    **dict.fromkeys(",،;؛", ","),
    **dict.fromkeys(":", ":"),
    **dict.fromkeys("-–—_/", "-"),
    **dict.fromkeys("\n\r", "n"),
}
_GAP_CACHE: dict[str, str] = {}


def gap_class(gap: str) -> str:
    """The punctuation of the text between two words, as up to three symbols (``""``: spaces only).

    Brackets, quotation marks, full stops, commas, colons, dashes and line breaks each have one
    symbol, whatever their script: «(رويترز)» and "( رويترز )" look the same to the model.
    """
    out = _GAP_CACHE.get(gap)
    if out is None:
        symbols: list[str] = []
        for char in gap:
            symbol = _GAP_SYMBOLS.get(char)
            if symbol is not None and (not symbols or symbols[-1] != symbol):
                symbols.append(symbol)
        out = "".join(symbols[:3])
        if len(_GAP_CACHE) < 10_000:
            _GAP_CACHE[gap] = out
    return out


def breaks_name(gap: str) -> bool:
    """Whether no name runs across a gap: a bracket, comma or colon (never inside a name in NewsFANE)."""
    return any(symbol in gap for symbol in "(),:")


def ends_sentence(gap: str) -> bool:
    """Whether a gap class closes a sentence (a full stop or a line break)."""
    return "." in gap or "n" in gap


def _original_offset(word: str, letters: int) -> int:
    """Offset in the original ``word`` after its first ``letters`` normalized letters.

    Harakat and tatweel normalize to nothing, so they stay with the letter before them.
    """
    if len(word) == len(normalize(word)):
        return letters
    seen = 0
    for i, char in enumerate(word):
        if seen >= letters and normalize(char):
            return i
        seen += len(normalize(char))
    return len(word)


@dataclass(frozen=True, slots=True)
class Segmented:
    """The pieces of a text as parallel lists (no object per piece: the recogniser's fast path).

    ``gaps[i]`` is the :func:`gap_class` before piece ``i`` (``"^"`` for the first, ``"+"``
    between the pieces of one word).
    """

    norms: list[str]
    starts: list[int]
    ends: list[int]
    gaps: list[str]


Cuts = tuple[tuple[str, int], ...]
"""A word's pieces: each piece's normalized letters and its end in the word's original letters,
or ``()`` when the word stays whole."""


def word_cuts(norm: str, word: str, known: frozenset[str]) -> Cuts:
    """How the original ``word`` (normalized ``norm``) splits into pieces; ``()`` when it does not."""
    cuts = cut_clitics(norm, known)
    if not cuts:
        return ()
    bounds = (0, *cuts, len(norm))
    return tuple((norm[a:b], _original_offset(word, b)) for a, b in itertools.pairwise(bounds))


def segment(text: str, known: frozenset[str], cache: dict[str, Cuts] | None = None) -> Segmented:
    """The pieces of ``text``: the words of :func:`tahqiq.text.tokens.word_spans`, clitics cut off.

    ``cache`` maps a word as written to its cuts; the recogniser keeps one across texts.
    """
    memo: dict[str, Cuts] = {} if cache is None else cache
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    gaps: list[str] = []
    previous_end = 0
    words, spans = word_spans(text)
    for norm, (start, end) in zip(words, spans, strict=True):
        gap = gap_class(text[previous_end:start]) if norms else "^"
        previous_end = end
        word = text[start:end]
        cuts = memo.get(word)
        if cuts is None:
            if len(memo) >= 200_000:
                memo.clear()
            # A ligature that NFKC spells as two words (ﷺ) stays one piece.
            memo[word] = cuts = word_cuts(norm.replace(" ", ""), word, known)
        if not cuts:
            cuts = ((norm.replace(" ", ""), len(word)),)
        at = start
        for i, (piece, stop) in enumerate(cuts):
            piece_end = end if i == len(cuts) - 1 else min(start + stop, end)
            if piece_end > at:
                norms.append(piece)
                starts.append(at)
                ends.append(piece_end)
                gaps.append(gap)
                gap, at = "+", piece_end
    return Segmented(norms, starts, ends, gaps)


def pieces(text: str, known: frozenset[str]) -> list[Piece]:
    """The pieces of ``text`` as :class:`Piece` records (what training and tests read)."""
    seg = segment(text, known)
    return [Piece(*fields) for fields in zip(seg.norms, seg.starts, seg.ends, seg.gaps, strict=True)]


def sentences(found: list[Piece]) -> Iterator[list[Piece]]:
    """``found`` in runs that no full stop or line break interrupts: the model's sequences."""
    run: list[Piece] = []
    for piece in found:
        if run and ends_sentence(piece.gap):
            yield run
            run = []
        run.append(piece)
    if run:
        yield run


# --- features -------------------------------------------------------------------------------


def feature_id(name: str) -> int:
    """The bucket of a feature string (CRC-32, masked to :data:`HASH_BITS`)."""
    return zlib.crc32(name.encode("utf-8")) & _MASK


def shape(norm: str) -> str:
    """Coarse shape of a word: Arabic, Latin, digits or mixed, and whether it has the article."""
    if norm.isdigit():
        return "9"
    if all("\u0621" <= c <= "\u064a" for c in norm):
        return "al" if norm.startswith("ال") and len(norm) > 3 else "a"
    if norm.isascii() and norm.isalpha():
        return "x"
    return "m"


def word_features(norm: str, offset: int, lex: Lexicons) -> list[str]:
    """Feature strings that the word ``norm`` contributes to the piece ``offset`` places before it."""
    tag = f"{offset}|"
    if norm == _PAD:
        return [tag + "pad"]
    stripped = strip_proclitics(norm)
    feats = [tag + "w:" + norm, tag + "s:" + stripped, tag + "h:" + shape(norm)]
    labels = set(lex.gazetteer.get(norm, ())) | set(lex.gazetteer.get(stripped, ()))
    feats += [tag + "g:" + label for label in sorted(labels)]
    groups = set(lex.triggers.get(norm, ())) | set(lex.triggers.get(stripped, ()))
    feats += [tag + "t:" + group for group in sorted(groups)]
    if offset == 0:
        feats += [tag + "bias", tag + f"n:{min(len(stripped), 12)}"]
        feats += [tag + f"p{k}:" + stripped[:k] for k in (1, 2, 3) if len(stripped) > k]
        feats += [tag + f"x{k}:" + norm[-k:] for k in (1, 2, 3) if len(norm) > k]
        if stripped != norm:
            feats.append(tag + "clitic:" + norm[: len(norm) - len(stripped)])
    elif offset in (-1, 1):
        feats.append(tag + "x2:" + norm[-2:])
    return feats


def word_feature_ids(norm: str, lex: Lexicons) -> tuple[tuple[int, ...], ...]:
    """The hashed features of ``norm`` at each offset of :data:`OFFSETS`, in that order."""
    return tuple(tuple(feature_id(f) for f in word_features(norm, d, lex)) for d in OFFSETS)


def gap_feature_ids(gap: str) -> tuple[int, int]:
    """Features of a gap class seen before a piece, and the same class seen after one."""
    return feature_id("gap<" + gap), feature_id("gap>" + gap)


def pad_word() -> str:
    """The stand-in word beyond either end of a sequence."""
    return _PAD


def sequence_feature_ids(norms: Iterable[str], gaps: Iterable[str], lex: Lexicons) -> list[list[int]]:
    """All hashed features of each piece of one sequence: what training updates.

    :mod:`tahqiq.text.names` computes the same sums from cached per-word vectors instead.
    """
    words = list(norms)
    # A sequence opens with "^" and closes with "$", whatever punctuation ended the one before.
    gap_list = ["^", *list(gaps)[1:], "$"]
    per_word = [word_feature_ids(w, lex) for w in words]
    pad = word_feature_ids(_PAD, lex)
    out: list[list[int]] = []
    for i in range(len(words)):
        feats: list[int] = []
        for k, d in enumerate(OFFSETS):
            j = i + d
            feats += per_word[j][k] if 0 <= j < len(words) else pad[k]
        feats.append(gap_feature_ids(gap_list[i])[0])
        feats.append(gap_feature_ids(gap_list[i + 1])[1])
        out.append(feats)
    return out
