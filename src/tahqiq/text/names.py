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
    gap_feature_ids,
    lexicons,
    pad_word,
    pieces,
    sentences,
    word_feature_ids,
)

MODEL_DIR = "data/models"
WEIGHTS_FILE = "names.npz"
META_FILE = "names.json"
FORMAT = 1
"""Version of the weights layout; ``scripts/train_names.py`` writes it, loading checks it."""
REBUILD = "rebuild it with python scripts/train_names.py"

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

    def _sum(self, ids: Sequence[int]) -> Vector:
        rows = [self._rows.get(i, self._missing) for i in ids]
        out: Vector = self._weights[rows].sum(axis=0)
        return out

    def _word(self, norm: str) -> Vector:
        """Score contributions of ``norm`` at each offset: an array of offsets × tags."""
        found = self._words.get(norm)
        if found is None:
            if len(self._words) >= 200_000:
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

    def find(self, text: str) -> tuple[Name, ...]:
        """The names of ``text`` in order, with offsets into ``text`` itself."""
        found: list[Name] = []
        for run in sentences(pieces(text, self.known)):
            tags, em = self.tag(run)
            if not any(tags):
                continue
            t = self.temperature
            probs = local_probabilities(em / t, tags, self.trans / t, self.start / t)
            for first, last, kind in spans(tags):
                start, end = run[first].start, run[last - 1].end
                while end > start + 1 and unicodedata.category(text[end - 1]) == "Cf":
                    end -= 1  # a bidi or zero-width mark glued to the last word is not shown
                score = min(probs[first:last])
                found.append(Name(text[start:end], start, end, kind, round(score, 4)))
        return tuple(found)


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
