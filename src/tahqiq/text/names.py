"""Names of persons, organisations, news media and places, found beyond the gazetteer.

The gazetteer (``data/gazetteer/``) knows about 130 outlets, bodies and people; news names
thousands more (a minister, a prosecutor, a town, WFP). This recogniser finds them with a
linear model over word pieces (:mod:`tahqiq.text.name_features`) decoded by Viterbi over
BIO tags, trained on NewsFANE Gold (Alotaibi & Lee 2014, CC BY-SA 3.0) by
``scripts/train_names.py``. The gazetteer is one of its features and stays the table of
canonical names; a name it lacks can still be found.

The weights ship as plain arrays (``data/models/names.npz``, no pickle) with a metadata file
(``names.json``) that records the data, the licence, the split and the scores; a file built
for other features is refused with the command that rebuilds it.

Example::

    >>> [(n.text, n.kind) for n in find_names("قال وزير الخارجية الروسي سيرغي لافروف")]
    [('سيرغي لافروف', <NameKind.PER: 'PER'>)]
"""

from __future__ import annotations

import io
import json
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from tahqiq.errors import ModelError
from tahqiq.text.name_features import (
    HASH_BITS,
    OFFSETS,
    Lexicons,
    Piece,
    breaks_name,
    ends_sentence,
    gap_class,
    gap_feature_ids,
    lexicons,
    pad_word,
    pieces,
    sentences,
    word_cuts,
    word_feature_ids,
)
from tahqiq.text.tokens import word_spans

MODEL_DIR = "data/models"
WEIGHTS_FILE = "names.npz"
META_FILE = "names.json"
FORMAT = 1
"""Version of the weights layout; ``scripts/train_names.py`` writes it, loading checks it."""
REBUILD = "rebuild it with python scripts/train_names.py"
MAX_CACHED_WORDS = 200_000
"""Distinct words whose scores stay cached; news vocabulary needs far fewer, junk input more."""

Vector = npt.NDArray[np.float32]


class NameKind(StrEnum):
    """The kind of a name: a person, an organisation, a news medium or agency, or a place."""

    PER = "PER"
    ORG = "ORG"
    MEDIA = "MEDIA"
    LOC = "LOC"


TAGS: tuple[str, ...] = ("O", *(f"{bio}-{kind.value}" for kind in NameKind for bio in "BI"))
"""The BIO tags the model scores, in the order of its weight columns."""


@dataclass(frozen=True, slots=True)
class Name:
    """A name found in a text.

    Attributes:
        text: the name as written in the original text (``original[start:end]``).
        start: offset of its first character in the original text.
        end: offset just past its last character.
        kind: what it names.
        score: the lowest, over its words, of the model's local probability for the tag it
            got, in (0, 1]; a ranking aid, not a calibrated probability.
    """

    text: str
    start: int
    end: int
    kind: NameKind
    score: float


def _transition_mask() -> tuple[Vector, Vector]:
    """Penalties that forbid ``I-X`` anywhere but after ``B-X`` or ``I-X``, so spans are whole."""
    size = len(TAGS)
    trans = np.zeros((size, size), dtype=np.float32)
    start = np.zeros(size, dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            start[j] = -1e4
            for i, prev in enumerate(TAGS):
                if prev[2:] != tag[2:]:
                    trans[i, j] = -1e4
    return trans, start


TRANSITION_MASK, START_MASK = _transition_mask()
INSIDE = np.array([tag.startswith("I-") for tag in TAGS])


def block_inside(emissions: Vector, gaps: Sequence[str]) -> None:
    """Forbid an ``I-`` tag (in place) on each piece whose gap before it :func:`breaks_name`."""
    for i, gap in enumerate(gaps):
        if i and breaks_name(gap):
            emissions[i, INSIDE] -= 1e4


def local_probabilities(emissions: Vector, tags: Sequence[int], trans: Vector, start: Vector) -> list[float]:
    """Each piece's probability of its tag given the tag before it: a softmax of the scores.

    The scores are divided by the model's temperature first (fitted on the dev split), since
    perceptron weights have no probabilistic scale of their own.
    """
    out: list[float] = []
    for i, tag in enumerate(tags):
        logits = emissions[i] + (trans[tags[i - 1]] if i else start)
        logits = logits - logits.max()
        weights = np.exp(logits)
        out.append(float(weights[tag] / weights.sum()))
    return out


def viterbi(emissions: Vector, trans: Vector, start: Vector, end: Vector) -> list[int]:
    """The best tag sequence for ``emissions`` (pieces × tags) under first-order transitions.

    ``trans``, ``start`` and ``end`` already include :data:`TRANSITION_MASK` and :data:`START_MASK`.
    """
    n = emissions.shape[0]
    back = np.zeros((n, emissions.shape[1]), dtype=np.intp)
    score = start + emissions[0]
    for i in range(1, n):
        candidates = score[:, None] + trans
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + emissions[i]
    best = [int((score + end).argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    return best


def spans(tags: Sequence[int]) -> list[tuple[int, int, NameKind]]:
    """``(first, last + 1, kind)`` of each name in a decoded tag sequence (piece indices)."""
    out: list[tuple[int, int, NameKind]] = []
    open_at, kind = -1, ""
    for i, index in enumerate([*tags, 0]):
        tag = TAGS[index]
        if open_at >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            out.append((open_at, i, NameKind(kind)))
            open_at = -1
        if tag.startswith("B-") or (tag.startswith("I-") and open_at < 0):
            open_at, kind = i, tag[2:]
    return out


class NameModel:
    """A trained recogniser: weights of the kept feature buckets, transitions, known words.

    Per-word score vectors are cached (a few thousand distinct words cover most news text), so
    the cost per piece is a handful of additions and the Viterbi step.
    """

    def __init__(
        self,
        buckets: npt.NDArray[np.int64],
        weights: npt.NDArray[np.floating[Any]],
        transitions: Vector,
        start: Vector,
        end: Vector,
        known: frozenset[str],
        temperature: float = 1.0,
        lex: Lexicons | None = None,
    ) -> None:
        if weights.shape != (len(buckets), len(TAGS)) or transitions.shape != (len(TAGS), len(TAGS)):
            raise ModelError(f"the name model's arrays do not fit its {len(TAGS)} tags; {REBUILD}")
        self._rows = dict(zip(buckets.tolist(), range(len(buckets)), strict=True))
        self._weights = np.vstack([weights.astype(np.float32), np.zeros((1, len(TAGS)), np.float32)])
        self._missing = len(buckets)  # the zero row every unknown bucket reads
        self.trans = (transitions + TRANSITION_MASK).astype(np.float32)
        self.start = (start + START_MASK).astype(np.float32)
        self.end = end.astype(np.float32)
        self.known = known
        self.temperature = temperature if temperature > 0 else 1.0
        self.lex = lex if lex is not None else lexicons()
        self._words: dict[str, Vector] = {}
        self._gaps: dict[str, tuple[Vector, Vector]] = {}
        self._pad = self._word(pad_word())
        # The fast path's caches: a row of offsets × tags per word (row 0 the padding), a pair
        # of rows per gap class, and the pieces of each word as written.
        self._lock = threading.Lock()
        self._word_rows: dict[str, int] = {}
        self._pieces: dict[str, tuple[tuple[int, int], ...]] = {}
        self._table: Vector = np.zeros((0, len(OFFSETS), len(TAGS)), dtype=np.float32)
        self._used = 0
        self._forget_words()
        self._gap_table = np.zeros((64, 2, len(TAGS)), dtype=np.float32)
        self._gap_rows: dict[str, int] = {}
        self._gap_of_text: dict[str, int] = {}
        self._gap_opens = np.zeros(64, dtype=bool)
        self._gap_breaks = np.zeros(64, dtype=bool)
        self._inside_penalty = np.where(INSIDE, -1e4, 0.0).astype(np.float32)
        spread = max(float(a[a > -1e3].max() - a[a > -1e3].min()) for a in (self.trans, self.start, self.end))
        self.sure_margin = 2 * spread + 1.0
        """How far ahead the name-free tag must be for a piece to skip decoding (see :meth:`find`)."""

    def _sum(self, ids: Sequence[int]) -> Vector:
        rows = [self._rows.get(i, self._missing) for i in ids]
        out: Vector = self._weights[rows].sum(axis=0)
        return out

    def _word(self, norm: str) -> Vector:
        """Score contributions of ``norm`` at each offset: an array of offsets × tags."""
        found = self._words.get(norm)
        if found is None:
            if len(self._words) >= MAX_CACHED_WORDS:
                self._words.clear()
            ids = word_feature_ids(norm, self.lex)
            found = np.stack([self._sum(offset_ids) for offset_ids in ids])
            self._words[norm] = found
        return found

    def _gap(self, gap: str) -> tuple[Vector, Vector]:
        found = self._gaps.get(gap)
        if found is None:
            before, after = gap_feature_ids(gap)
            found = self._gaps[gap] = (self._sum([before]), self._sum([after]))
        return found

    def emissions(self, run: Sequence[Piece]) -> Vector:
        """Scores of every tag for every piece of one sequence (pieces × tags)."""
        n = len(run)
        width = len(OFFSETS)
        margin = width // 2
        table = np.empty((n + 2 * margin, width, len(TAGS)), dtype=np.float32)
        table[:margin] = self._pad
        table[n + margin :] = self._pad
        for i, piece in enumerate(run):
            table[i + margin] = self._word(piece.norm)
        out: Vector = table[0:n, 0].copy()
        for k in range(1, width):
            out += table[k : k + n, k]
        gaps = ["^", *(p.gap for p in run[1:]), "$"]
        out += np.stack([self._gap(g)[0] for g in gaps[:-1]])
        out += np.stack([self._gap(g)[1] for g in gaps[1:]])
        block_inside(out, gaps[:-1])
        return out

    def tag(self, run: Sequence[Piece]) -> tuple[list[int], Vector]:
        """The decoded tag of each piece of one sequence, and the emissions it was decoded from."""
        em = self.emissions(run)
        return viterbi(em, self.trans, self.start, self.end), em

    def find_exact(self, text: str) -> tuple[Name, ...]:
        """:meth:`find` decoding every sequence whole: slower, the reference the fast path is checked on."""
        found: list[Name] = []
        for run in sentences(pieces(text, self.known)):
            tags, em = self.tag(run)
            if not any(tags):
                continue
            t = self.temperature
            probs = local_probabilities(em / t, tags, self.trans / t, self.start / t)
            for first, last, kind in spans(tags):
                found.append(
                    self._name(text, run[first].start, run[last - 1].end, kind, min(probs[first:last]))
                )
        return tuple(found)

    @staticmethod
    def _name(text: str, start: int, end: int, kind: NameKind, score: float) -> Name:
        while end > start + 1 and unicodedata.category(text[end - 1]) == "Cf":
            end -= 1  # a bidi or zero-width mark glued to the last word is not shown
        return Name(text[start:end], start, end, kind, round(score, 4))

    # --- the fast path: one array pass per text, Viterbi only where a name may stand ----------

    def _row(self, norm: str) -> int:
        row = self._word_rows.get(norm)
        if row is None:
            if self._used == len(self._table):
                self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            row = self._word_rows[norm] = self._used
            self._table[row] = self._word(norm)
            self._used += 1
        return row

    def _forget_words(self) -> None:
        """Empty the per-word caches (kept to :data:`MAX_CACHED_WORDS`); row 0 stays the padding."""
        self._word_rows.clear()
        self._pieces.clear()
        self._words.clear()
        self._used = 0
        self._table = np.zeros((4096, len(OFFSETS), len(TAGS)), dtype=np.float32)
        self._row(pad_word())

    def _gap_row(self, gap: str) -> int:
        row = self._gap_rows.get(gap)
        if row is None:
            if len(self._gap_rows) == len(self._gap_table):
                self._gap_table = np.concatenate([self._gap_table, np.zeros_like(self._gap_table)])
            row = self._gap_rows[gap] = len(self._gap_rows)
            if row >= len(self._gap_opens):
                self._gap_opens = np.concatenate([self._gap_opens, np.zeros_like(self._gap_opens)])
                self._gap_breaks = np.concatenate([self._gap_breaks, np.zeros_like(self._gap_breaks)])
            self._gap_table[row] = np.stack(self._gap(gap))
            self._gap_opens[row] = ends_sentence(gap)
            self._gap_breaks[row] = breaks_name(gap)
        return row

    def _piece_rows(self, word: str, norm: str) -> tuple[tuple[int, int], ...]:
        """``(table row, end in the word)`` of each piece of ``word`` as written (cached)."""
        found = self._pieces.get(word)
        if found is None:
            norm = norm.replace(" ", "")  # a ligature NFKC spells as two words stays one piece
            cuts = word_cuts(norm, word, self.known) or ((norm, len(word)),)
            found = tuple((self._row(piece), min(stop, len(word))) for piece, stop in cuts)
            found = (*found[:-1], (found[-1][0], len(word)))
            self._pieces[word] = found
        return found

    def _scan(self, text: str) -> tuple[list[int], list[int], list[int], list[int]]:
        """Table rows, starts, ends and gap rows of the pieces of ``text`` (as :func:`segment`)."""
        rows: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        gaps: list[int] = []
        gap_of = self._gap_of_text
        inside = self._gap_row("+")
        previous_end = 0
        words, spans = word_spans(text)
        for norm, (start, end) in zip(words, spans, strict=True):
            between = text[previous_end:start]
            gap = gap_of.get(between)
            if gap is None:
                gap = self._gap_row(gap_class(between))
                if len(gap_of) < 10_000:
                    gap_of[between] = gap
            previous_end = end
            word = text[start:end]
            found = self._pieces.get(word) or self._piece_rows(word, norm)
            if len(found) == 1:
                rows.append(found[0][0])
                starts.append(start)
                ends.append(end)
                gaps.append(gap)
                continue
            at = start
            for row, stop in found:
                if start + stop > at:
                    rows.append(row)
                    starts.append(at)
                    ends.append(start + stop)
                    gaps.append(gap)
                    gap, at = inside, start + stop
        return rows, starts, ends, gaps

    def find(self, text: str) -> tuple[Name, ...]:
        """The names of ``text`` in order, with offsets into ``text`` itself.

        Same result as :meth:`find_exact`, faster: the emissions of the whole text come from
        one array pass over cached per-word rows; pieces whose name-free score leads every name
        tag by more than the transitions can make up (:attr:`sure_margin`) are taken as no
        name, and Viterbi runs over the short windows left (with one piece of context either
        side), all windows of the text at once.
        """
        # The caches grow and are emptied as texts come; one text at a time keeps its rows valid.
        with self._lock:
            return self._find(text)

    def _find(self, text: str) -> tuple[Name, ...]:
        if self._used > MAX_CACHED_WORDS:
            self._forget_words()
        rows, starts, ends, gap_rows = self._scan(text)
        n = len(rows)
        if not n:
            return ()
        gaps = np.array(gap_rows, dtype=np.intp)
        opens = self._gap_opens[gaps]
        opens[0] = True
        # Two padding rows between sequences and at either end: neighbours never cross them.
        position = np.arange(n) + 2 + 2 * (np.cumsum(opens) - 1)
        ids = np.zeros(int(position[-1]) + 3, dtype=np.intp)
        ids[position] = rows
        width = len(OFFSETS)
        em = self._table[ids[position - 2], 0].copy()
        for k in range(1, width):
            em += self._table[ids[position - 2 + k], k]
        before = np.where(opens, self._gap_row("^"), gaps)
        after = np.append(np.where(opens[1:], self._gap_row("$"), gaps[1:]), self._gap_row("$"))
        em += self._gap_table[before, 0] + self._gap_table[after, 1]
        em[self._gap_breaks[before]] += self._inside_penalty
        margin = em[:, 0] - em[:, 1:].max(axis=1)
        candidate = margin < self.sure_margin
        if not candidate.any():
            return ()
        # One piece of context on each side: an I- tag needs its B- before it, which may be a
        # piece that alone looks name-free (الحكومة before السورية).
        keep = candidate.copy()
        keep[:-1] |= candidate[1:] & ~opens[1:]
        keep[1:] |= candidate[:-1] & ~opens[1:]
        first = keep & (opens | ~np.concatenate(([False], keep[:-1])))
        closes = np.append(opens[1:], True)
        last = keep & (closes | ~np.append(keep[1:], False))
        window_starts, window_ends = np.flatnonzero(first), np.flatnonzero(last) + 1
        enter = np.where(opens[window_starts][:, None], self.start, self.trans[0])
        leave = np.where(closes[window_ends - 1][:, None], self.end, self.trans[:, 0])
        tags, probs = decode_windows(
            em, window_starts, window_ends, self.trans, enter, leave, self.temperature
        )
        # The windows' pieces in text order; a name opens on B- (or an I- of another kind, which
        # the transitions never allow) and closes before anything but an I- of its kind.
        active = np.arange(tags.shape[1])[None, :] < (window_ends - window_starts)[:, None]
        flat = tags[active]
        piece = (window_starts[:, None] + np.arange(tags.shape[1]))[active]
        opens_window = np.zeros(len(flat), dtype=bool)
        opens_window[np.cumsum(window_ends - window_starts)[:-1]] = True
        opens_window[0] = True
        kind = (flat + 1) // 2  # 0 for O, then the kinds in TAGS order
        inside = (flat % 2 == 0) & (flat > 0)
        continues = inside & ~opens_window & (kind == np.concatenate(([0], kind[:-1])))
        first = np.flatnonzero((kind > 0) & ~continues)
        follows = np.concatenate((continues[1:], [False]))
        last = np.flatnonzero((kind > 0) & ~follows)
        if not len(first):
            return ()
        bounds = np.stack([first, last + 1], axis=1).ravel()
        scores = np.minimum.reduceat(np.append(probs[active], 1.0), bounds)[::2].tolist()
        kinds = list(NameKind)
        return tuple(
            self._name(text, starts[piece[a]], ends[piece[b]], kinds[kind[a] - 1], score)
            for a, b, score in zip(first.tolist(), last.tolist(), scores, strict=True)
        )


def decode_windows(
    em: Vector,
    starts: npt.NDArray[np.intp],
    ends: npt.NDArray[np.intp],
    trans: Vector,
    enter: Vector,
    leave: Vector,
    temperature: float,
) -> tuple[npt.NDArray[np.intp], Vector]:
    """:func:`viterbi` over many windows of ``em`` at once, and each piece's local probability.

    A window entered from a name-free piece starts with that piece's transition row instead of
    the sequence start, and leaves through the transition column back to it. Returns the tags
    (windows × longest window, 0 past a window's end) and the probability of each tag given the
    one before it (:func:`local_probabilities`).
    """
    lengths = ends - starts
    count, longest, size = len(starts), int(lengths.max()), em.shape[1]
    steps = np.arange(longest)
    index = np.minimum(starts[:, None] + steps, len(em) - 1)
    block = em[index]
    active = steps[None, :] < lengths[:, None]
    back = np.zeros((count, longest, size), dtype=np.intp)
    score = enter + block[:, 0]
    for i in range(1, longest):
        candidates = score[:, :, None] + trans
        back[:, i] = candidates.argmax(axis=1)
        score = np.where(active[:, i, None], candidates.max(axis=1) + block[:, i], score)
    tags = np.zeros((count, longest), dtype=np.intp)
    windows = np.arange(count)
    tags[windows, lengths - 1] = (score + leave).argmax(axis=1)
    for i in range(longest - 1, 0, -1):
        inside = i < lengths
        tags[:, i - 1] = np.where(inside, back[windows, i, tags[:, i]], tags[:, i - 1])
    tags[~active] = 0
    previous = np.concatenate([enter[:, None, :], trans[tags[:, :-1]]], axis=1)
    logits = (block + previous) / temperature
    logits -= logits.max(axis=2, keepdims=True)
    weights = np.exp(logits)
    probs: Vector = np.take_along_axis(weights, tags[:, :, None], axis=2)[:, :, 0] / weights.sum(axis=2)
    return tags, probs


def model_arrays(model_bytes: bytes) -> dict[str, npt.NDArray[Any]]:
    """The arrays of a ``names.npz`` file's bytes, read without pickle."""
    with np.load(io.BytesIO(model_bytes), allow_pickle=False) as arrays:
        return {key: arrays[key] for key in arrays.files}


def model_from_arrays(arrays: dict[str, npt.NDArray[Any]], meta: dict[str, Any]) -> NameModel:
    """A :class:`NameModel` from its arrays and metadata; ModelError when they do not fit this code."""
    if meta.get("format") != FORMAT or meta.get("hash_bits") != HASH_BITS or meta.get("tags") != list(TAGS):
        raise ModelError(f"the shipped name model was built for other features; {REBUILD}")
    try:
        known = frozenset(bytes(arrays["known"]).decode("utf-8").split("\n"))
        return NameModel(
            arrays["buckets"].astype(np.int64),
            arrays["weights"],
            arrays["transitions"].astype(np.float32),
            arrays["start"].astype(np.float32),
            arrays["end"].astype(np.float32),
            known,
            float(meta.get("temperature", 1.0)),
        )
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"the name model file is damaged ({exc}); {REBUILD}") from exc


def read_meta() -> dict[str, Any]:
    """The shipped ``names.json``: data source, licence, split, scores and the layout it was built for."""
    try:
        raw = resources.files("tahqiq").joinpath(f"{MODEL_DIR}/{META_FILE}").read_text(encoding="utf-8")
        meta: dict[str, Any] = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the name model's metadata ({exc}); {REBUILD}") from exc
    return meta


@cache
def load_name_model() -> NameModel:
    """The shipped recogniser, read once per process."""
    meta = read_meta()
    try:
        data = resources.files("tahqiq").joinpath(f"{MODEL_DIR}/{WEIGHTS_FILE}").read_bytes()
        arrays = model_arrays(data)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the name model ({exc}); {REBUILD}") from exc
    return model_from_arrays(arrays, meta)


def find_names(text: str) -> tuple[Name, ...]:
    """Persons, organisations, media and places named in ``text``, in order of appearance.

    Matching runs on normalized words; every :class:`Name` keeps offsets into ``text`` as
    given, so ``text[name.start:name.end] == name.text``.

    Args:
        text: any text; non-Arabic words are read too, but the model was trained on Arabic news.

    Returns:
        The names found, possibly none.

    Raises:
        ModelError: the shipped weights are missing or were built for other features.
    """
    return load_name_model().find(text)
