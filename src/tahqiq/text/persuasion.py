"""Persuasion techniques: which words of a sentence try to persuade rather than inform, and how.

Two parts, both shipped as data (issue 13, part 1):

* a lexicon, ``data/lexicon/loaded_language.tsv``: labels and loaded words («ميليشيات»,
  «النظام», «الثوار», «ما يسمى», «المزعوم» …), doubt, fear, flag-waving, exaggeration,
  minimisation, slogan and whataboutism cues. A hit names the technique of its group and the
  entry that fired, and ``party`` says whose vocabulary a label belongs to, so an outlet's
  choice of words can later be profiled;
* a linear model, ``data/models/persuasion.npz``: a detector (does this sentence carry a
  technique at all?) over cheap word features, run on every sentence, and a technique
  classifier over word and character n-grams (the 18 techniques of the PTC scheme), run only on
  the sentences the detector flags and on the spans :func:`classify_span` is given. Both are
  plain logistic regressions built by ``scripts/train_persuasion.py``; docs/models.md says on
  what data, with which negatives, and how well.

Matching happens on normalized words (:func:`tahqiq.text.normalize`) while every offset points
into the original text, so a span can be highlighted where it stands and quoted verbatim.
The detector runs over a whole article in a few numpy calls rather than per sentence, because
it sits on the ingest path and ingest has to stay within 15% of its speed without it.
"""

from __future__ import annotations

import io
import json
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
import regex

from tahqiq.errors import ModelError
from tahqiq.text.lexicon import load_table
from tahqiq.text.normalize import normalize
from tahqiq.text.sentences import split_sentences
from tahqiq.text.stem import stem
from tahqiq.text.tokens import word_spans

MODEL_FILE = "data/models/persuasion.npz"
META_FILE = "data/models/persuasion.json"
FORMAT = 1  # bumped whenever the features change; a model of another format is refused
LEXICON_COLUMNS = ("group", "entry", "party")
LABEL_COLUMNS = ("variant", "technique", "coarse")
#: The score of a lexicon hit: an entry is taken at face value, a model span carries its probability.
LEXICON_SCORE = 0.9
#: Character n-gram sizes of the technique classifier (of each word framed as ``<word>``).
CHAR_NGRAMS = (2, 3, 4, 5)
#: Cue of a span found by the model rather than by a lexicon entry.
MODEL_CUE = "model"

_QUOTES = frozenset("«»\"“”'‘’")
_PROCLITICS = frozenset("وفبل")
_FOLD_NAME = regex.compile(r"[\s,\-]+")


@dataclass(frozen=True, slots=True)
class TechniqueSpan:
    """A span of an article that carries a persuasion technique.

    Attributes:
        technique: one of the 18 PTC technique names (see :func:`techniques`).
        start: offset of the first character in the original text.
        end: offset after the last character, so ``text[start:end]`` is the span.
        score: how sure tahqiq is, in [0, 1]: :data:`LEXICON_SCORE` for a lexicon hit, the
            detector's probability for a model span.
        cue: the lexicon entry (normalized) that fired, or :data:`MODEL_CUE`.
    """

    technique: str
    start: int
    end: int
    score: float
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "technique": self.technique,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "cue": self.cue,
        }


# --- technique names -------------------------------------------------------------------------


def _fold_name(name: str) -> str:
    folded: str = _FOLD_NAME.sub("_", name.strip().lower())
    return folded.strip("_")


@cache
def _label_table() -> dict[str, tuple[str, str]]:
    table = load_table("persuasion_labels", LABEL_COLUMNS)
    out: dict[str, tuple[str, str]] = {}
    for row in table.rows:
        pair = (row["technique"], row["coarse"])
        out[_fold_name(row["variant"])] = pair
        out[_fold_name(row["technique"])] = pair
    return out


def canonical_technique(name: str) -> str | None:
    """The PTC name of a technique however a dataset spells it, or None when it has none.

    >>> canonical_technique("Name_Calling-Labeling")
    'Name_Calling,Labeling'
    """
    found = _label_table().get(_fold_name(name))
    return found[0] if found else None


def coarse_class(name: str) -> str | None:
    """The coarse class (SemEval-2023 task 3) of a technique name, or None when it is unknown."""
    found = _label_table().get(_fold_name(name))
    return found[1] if found else None


def coarse_classes() -> frozenset[str]:
    """The coarse class names, so a reader can tell a file of coarse labels from one of techniques."""
    return frozenset(coarse for _, coarse in _label_table().values())


# --- lexicon ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    """Entries by their first word, longest first, so matching is one dict lookup a token."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    groups: dict[str, str]  # normalized entry -> group
    sha256: str
    starters: frozenset[str]  # every first word, bare and after each proclitic


@cache
def _lexicon() -> _Lexicon:
    table = load_table("loaded_language", LEXICON_COLUMNS)
    groups: dict[str, str] = {}
    for row in table.rows:
        entry = " ".join(normalize(row["entry"]).split())
        if entry:
            groups.setdefault(entry, row["group"])
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for entry in sorted(groups, key=lambda e: (-len(e.split()), e)):
        parts = tuple(entry.split())
        by_first.setdefault(parts[0], []).append((parts, entry))
    starters = frozenset(by_first) | {p + w for w in by_first for p in _PROCLITICS}
    return _Lexicon({k: tuple(v) for k, v in by_first.items()}, groups, table.sha256, starters)


def lexicon_party(entry: str) -> str:
    """Whose vocabulary a lexicon entry is (``government``, ``opposition`` or ``-``)."""
    norm = " ".join(normalize(entry).split())
    for row in load_table("loaded_language", LEXICON_COLUMNS).rows:
        if " ".join(normalize(row["entry"]).split()) == norm:
            return row["party"]
    return "-"


def _lexicon_hits(norms: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first token, last token + 1, entry)`` of each lexicon entry among ``norms``.

    An entry matches whole words, its first word optionally after one of the proclitics و ف ب ل
    («والميليشيات»); the longest entry starting at a token wins and matching resumes after it.
    """
    lexicon = _lexicon()
    by_first, starters = lexicon.by_first, lexicon.starters
    hits: list[tuple[int, int, str]] = []
    resume = 0
    # Most articles hold a handful of starting words: find them in one pass, then look closer.
    for i in [i for i, word in enumerate(norms) if word in starters]:
        if i < resume:
            continue
        word = norms[i]
        candidates = by_first.get(word)
        if candidates is None and len(word) > 2 and word[0] in _PROCLITICS:
            candidates = by_first.get(word[1:])
        for parts, entry in candidates or ():
            if tuple(norms[i + 1 : i + len(parts)]) == parts[1:]:
                hits.append((i, i + len(parts), entry))
                resume = i + len(parts)
                break
    return hits


# --- features --------------------------------------------------------------------------------


def _length_bucket(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (13, "9-13"), (21, "14-21")):
        if n <= limit:
            return name
    return "22+"


# The same three signals as regular expressions, to find them in a whole article at once.
_PUNCTUATION = (
    ("p:!", regex.compile("!")),
    ("p:?", regex.compile("[?؟]")),
    ("p:quote", regex.compile("[" + regex.escape("«»\"“”'‘’") + "]")),
)


def _punctuation(text: str) -> list[str]:
    out = []
    if "!" in text:
        out.append("p:!")
    if "?" in text or "؟" in text:
        out.append("p:?")
    if not _QUOTES.isdisjoint(text):
        out.append("p:quote")
    return out


def detector_features(norms: Sequence[str], text: str) -> list[str]:
    """The features the detector reads: words, word pairs, lexicon groups, punctuation.

    Kept cheap on purpose: the detector sees every sentence of every article ingested.
    """
    feats = [f"w:{w}" for w in norms]
    feats += [f"b:{a} {b}" for a, b in pairwise(norms)]
    feats += [f"lex:{_lexicon().groups[e]}" for _, _, e in _lexicon_hits(norms)]
    feats += _punctuation(text)
    return feats


def span_features(text: str, repeats: int = 0) -> list[str]:
    """The features of the technique classifier for one span.

    Args:
        text: the span as written.
        repeats: how many other spans of the same article have the same words. PTC marks a
            phrase said again and again as Repetition, which its words alone cannot show.
    """
    norms, _ = word_spans(text)
    feats = detector_features(norms, text)
    for w in norms:
        framed = f"<{w}>"
        for n in CHAR_NGRAMS:
            feats += [f"c:{framed[i : i + n]}" for i in range(len(framed) - n + 1)]
    feats += [f"s:{stem(w)}" for w in norms]
    feats.append(f"len:{_length_bucket(len(norms))}")
    if norms:
        feats += [f"first:{norms[0]}", f"last:{norms[-1]}"]
    feats.append(f"rep:{min(repeats, 3)}")
    return feats


# --- model -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersuasionModel:
    """The shipped weights: a shared feature vocabulary, a technique classifier and a detector.

    Attributes:
        techniques: the class names of the classifier, in weight-column order.
        vocab: feature string -> row of the weight matrices.
        technique_weights: ``(len(vocab), len(techniques))``; technique_bias: one per technique.
        detector_weights: ``(len(vocab),)``; detector_bias: a scalar.
        threshold: the detector probability from which a sentence is flagged.
        meta: the JSON metadata written beside the weights (data, licences, split, scores).
    """

    techniques: tuple[str, ...]
    vocab: dict[str, int]
    technique_weights: np.ndarray[Any, np.dtype[np.float32]]
    technique_bias: np.ndarray[Any, np.dtype[np.float32]]
    detector_weights: np.ndarray[Any, np.dtype[np.float32]]
    detector_bias: float
    threshold: float
    meta: dict[str, Any]
    #: The word and word-pair rows of ``vocab`` without their prefixes, so the detector's hot
    #: loop looks a token up without building a feature string for it.
    unigrams: dict[str, int] = field(default_factory=dict)
    bigrams: dict[str, int] = field(default_factory=dict)
    #: ``detector_weights`` as float64 with a zero appended: the row of every unknown feature.
    detector_table: np.ndarray[Any, np.dtype[np.float64]] = field(
        default_factory=lambda: np.zeros(1, dtype=np.float64)
    )
    #: Word pairs as integers (first word's row × :func:`pair_base` + second word's row), sorted,
    #: with the row of each pair: pairs are found for a whole article with one searchsorted.
    pair_keys: np.ndarray[Any, np.dtype[np.int64]] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )
    pair_rows: np.ndarray[Any, np.dtype[np.int64]] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )

    def encode(self, feats: Sequence[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Row ids and values of ``feats``: counts scaled to unit length over all features seen."""
        return encode(self.vocab, feats)

    def technique_probabilities(self, feats: Sequence[str]) -> np.ndarray[Any, Any]:
        ids, values = self.encode(feats)
        logits = values @ self.technique_weights[ids] + self.technique_bias
        return _softmax(logits)


def encode(vocab: dict[str, int], feats: Sequence[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Row ids and values of ``feats`` in ``vocab``, shared by training and inference.

    Values are counts divided by the length of the whole count vector, unknown features
    included, so a feature dropped from the vocabulary changes no other feature's value.
    """
    counts = Counter(feats)
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    ids: list[int] = []
    values: list[float] = []
    for feat, count in counts.items():
        row = vocab.get(feat)
        if row is not None:
            ids.append(row)
            values.append(count / norm)
    return np.asarray(ids, dtype=np.int64), np.asarray(values, dtype=np.float32)


def encode_detector(
    vocab: dict[str, int], feats: Sequence[str]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Row ids and values of the detector's ``feats``: counts over the square root of their number.

    Not unit length like :func:`encode`: this scaling lets :func:`find_techniques` score all the
    sentences of an article with one cumulative sum instead of counting each sentence's features.
    """
    counts = Counter(feats)
    scale = 1.0 / math.sqrt(len(feats)) if feats else 0.0
    rows = [(vocab[f], c * scale) for f, c in counts.items() if f in vocab]
    ids = np.asarray([r for r, _ in rows], dtype=np.int64)
    return ids, np.asarray([v for _, v in rows], dtype=np.float32)


def _softmax(logits: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    out: np.ndarray[Any, Any] = z / z.sum(axis=-1, keepdims=True)
    return out


def read_model(data: bytes, meta: dict[str, Any]) -> PersuasionModel:
    """A model from its ``.npz`` bytes (plain arrays, no pickle) and its metadata.

    Raises:
        ModelError: the file is not a persuasion model of this format; rebuild it.
    """
    fix = "rebuild it with python scripts/train_persuasion.py"
    if meta.get("format") != FORMAT:
        raise ModelError(f"the persuasion model is of format {meta.get('format')!r}, not {FORMAT}; {fix}")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            vocab_text = bytes(arrays["vocab"]).decode("utf-8")
            techniques = tuple(bytes(arrays["techniques"]).decode("utf-8").split("\n"))
            tw = arrays["technique_weights"].astype(np.float32)
            tb = arrays["technique_bias"].astype(np.float32)
            dw = arrays["detector_weights"].astype(np.float32)
            db = float(arrays["detector_bias"])
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot read the persuasion model ({exc}); {fix}") from exc
    vocab = {feat: i for i, feat in enumerate(vocab_text.split("\n"))} if vocab_text else {}
    if (
        tw.shape != (len(vocab), len(techniques))
        or dw.shape != (len(vocab),)
        or tb.shape != (len(techniques),)
    ):
        raise ModelError(f"the persuasion model's arrays do not fit its vocabulary; {fix}")
    unigrams = {f[2:]: i for f, i in vocab.items() if f.startswith("w:")}
    bigrams = {f[2:]: i for f, i in vocab.items() if f.startswith("b:")}
    pair_keys, pair_rows = _pair_table(unigrams, bigrams, len(vocab))
    return PersuasionModel(
        techniques,
        vocab,
        tw,
        tb,
        dw,
        db,
        float(meta["threshold"]),
        meta,
        unigrams,
        bigrams,
        np.append(dw.astype(np.float64), 0.0),
        pair_keys,
        pair_rows,
    )


def _no_ints() -> np.ndarray[Any, np.dtype[np.int64]]:
    return np.zeros(0, dtype=np.int64)


def pair_base(vocab_size: int) -> int:
    """The multiplier that makes (first row, second row) one integer; rows run to ``vocab_size``."""
    return vocab_size + 1


def _pair_table(
    unigrams: dict[str, int], bigrams: dict[str, int], vocab_size: int
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]]]:
    """The word pairs of the vocabulary as sorted integer keys and their rows.

    A pair kept in the vocabulary has both its words there too (the same minimum count), so
    every pair has a key; one that does not (a hand-edited file) is left out, never guessed.
    """
    base = pair_base(vocab_size)
    found = []
    for pair, row in bigrams.items():
        first, _, second = pair.partition(" ")
        a, b = unigrams.get(first), unigrams.get(second)
        if a is not None and b is not None:
            found.append((a * base + b, row))
    found.sort()
    keys = np.asarray([k for k, _ in found], dtype=np.int64)
    rows = np.asarray([r for _, r in found], dtype=np.int64)
    return keys, rows


@cache
def load_model() -> PersuasionModel:
    """The shipped model, read once.

    Raises:
        ModelError: the files are missing or were built for other features.
    """
    root = resources.files("tahqiq")
    try:
        meta = json.loads(root.joinpath(META_FILE).read_text(encoding="utf-8"))
        data = root.joinpath(MODEL_FILE).read_bytes()
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"the persuasion model is missing ({exc}); build it with python scripts/train_persuasion.py"
        ) from exc
    return read_model(data, meta)


def techniques() -> tuple[str, ...]:
    """The technique names the shipped model tells apart, in its order."""
    return load_model().techniques


def classify_span(text: str, repeats: int = 0) -> tuple[tuple[str, float], ...]:
    """Probability of each technique for a span known to carry one, most likely first.

    Args:
        text: the span as written.
        repeats: how many other spans of its article have the same words (see span_features).

    >>> classify_span("عصابات إرهابية مسلحة")[0][0]
    'Name_Calling,Labeling'
    """
    model = load_model()
    probs = model.technique_probabilities(span_features(text, repeats))
    order = np.argsort(-probs, kind="stable")
    return tuple((model.techniques[i], float(probs[i])) for i in order)


def detector_scores(sentences: Sequence[str]) -> list[float]:
    """The detector's probability that each sentence carries a technique."""
    out = []
    model = load_model()
    for sentence in sentences:
        norms, _ = word_spans(sentence)
        ids, values = encode_detector(model.vocab, detector_features(norms, sentence))
        out.append(_sigmoid(float(values @ model.detector_weights[ids]) + model.detector_bias))
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


def find_techniques(
    text: str,
    sentences: Sequence[tuple[int, int]] | None = None,
    words: tuple[Sequence[str], Sequence[tuple[int, int]]] | None = None,
) -> tuple[TechniqueSpan, ...]:
    """The spans of an article that carry a persuasion technique, in text order.

    Every lexicon hit is a span of its group's technique, cued by its entry; every sentence the
    detector flags is a span of the technique the classifier ranks first, cued ``"model"``.

    Args:
        text: the article as written.
        sentences: ``(start, end)`` of its sentences when the caller has split them already
            (ingest has); :func:`tahqiq.text.split_sentences` otherwise.
        words: the normalized words and their offsets, as :func:`tahqiq.text.tokens.word_spans`
            returns them, when the caller has them already; splitting the words again costs
            more than everything else this function does on a sentence without a technique.

    >>> [s.cue for s in find_techniques("وقصفت الميليشيات المدينة.")]
    ['ميليشيات']
    """
    if sentences is None:
        sentences = [(s.start, s.end) for s in split_sentences(text)]
    norms, offsets = words if words is not None else word_spans(text)
    if not norms or not sentences:
        return ()
    model = load_model()
    labels = _label_table()
    found: list[TechniqueSpan] = []
    lexicon = _lexicon()
    hits = _lexicon_hits(norms)
    for first, last, entry in hits:
        technique = labels[_fold_name(lexicon.groups[entry])][0]
        found.append(TechniqueSpan(technique, offsets[first][0], offsets[last - 1][1], LEXICON_SCORE, entry))
    for start, end, probability in _flagged(model, text, norms, offsets, sentences, hits):
        best = classify_span(text[start:end])[0][0]
        found.append(TechniqueSpan(best, start, end, probability, MODEL_CUE))
    found.sort(key=lambda s: (s.start, s.end, s.technique))
    return tuple(found)


def _start(span: tuple[int, int]) -> int:
    return span[0]


def _flagged(
    model: PersuasionModel,
    text: str,
    norms: Sequence[str],
    offsets: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    hits: Sequence[tuple[int, int, str]],
) -> list[tuple[int, int, float]]:
    """The sentences whose detector probability reaches the threshold, with that probability.

    The same features as :func:`detector_features`, scored for all sentences at once: each
    token contributes its word and the pair it starts, summed by sentence with reduceat.
    """
    table, missing = model.detector_table, len(model.vocab)
    order = sorted(sentences)
    sent_starts = np.fromiter((s for s, _ in order), np.int64, len(order))
    sent_ends = np.fromiter((e for _, e in order), np.int64, len(order))
    # The tokens of each sentence: a binary search per sentence boundary over the token starts
    # (an article has tens of sentences and thousands of tokens, so no array of starts is built).
    lo = np.fromiter(
        (bisect_left(offsets, s, key=_start) for s in sent_starts.tolist()), np.int64, len(order)
    )
    hi = np.fromiter((bisect_left(offsets, e, key=_start) for e in sent_ends.tolist()), np.int64, len(order))
    get_word = model.unigrams.get
    word_ids = np.asarray([get_word(w, missing) for w in norms], dtype=np.int64)
    pair_ids = np.full(len(norms), missing, dtype=np.int64)
    if len(norms) > 1 and len(model.pair_keys):
        # A pair kept in the vocabulary has both its words there too (same minimum count), so
        # a pair with an unknown word has no key and is never looked up.
        first, second = word_ids[:-1], word_ids[1:]
        both = (first != missing) & (second != missing)
        keys = first * pair_base(missing) + second
        at = np.minimum(np.searchsorted(model.pair_keys, keys), len(model.pair_keys) - 1)
        hit = both & (model.pair_keys[at] == keys)
        pair_ids[:-1][hit] = model.pair_rows[at[hit]]
    # A pair that crosses a sentence boundary is not a feature of either sentence.
    pair_ids[hi[hi > 0] - 1] = missing
    per_token = table[word_ids] + table[pair_ids]
    cumulative = np.concatenate(([0.0], np.cumsum(per_token)))
    # Lexicon groups and punctuation: counted per sentence by where they stand.
    extra_score = np.zeros(len(order))
    extra_count = np.zeros(len(order))

    def add(
        positions: list[int],
        bounds_from: np.ndarray[Any, Any],
        bounds_to: np.ndarray[Any, Any],
        feature: str,
        once: bool,
    ) -> None:
        if not positions:
            return
        at = np.searchsorted(bounds_from, np.asarray(positions), side="right") - 1
        at = at[(at >= 0) & (np.asarray(positions) < bounds_to[np.maximum(at, 0)])]
        if once:
            at = np.unique(at)
        np.add.at(extra_score, at, table[model.vocab.get(feature, missing)])
        np.add.at(extra_count, at, 1.0)

    groups = _lexicon().groups
    for group in {groups[e] for _, _, e in hits}:
        add([first for first, _, e in hits if groups[e] == group], lo, hi, "lex:" + group, once=False)
    for feature, pattern in _PUNCTUATION:
        add([m.start() for m in pattern.finditer(text)], sent_starts, sent_ends, feature, once=True)
    n = (hi - lo).astype(np.float64)
    valid = n > 0
    score = cumulative[hi] - cumulative[lo] + extra_score
    scale = np.sqrt(np.maximum(2 * n - 1 + extra_count, 1.0))
    probability = 1.0 / (1.0 + np.exp(-np.clip(score / scale + model.detector_bias, -50.0, 50.0)))
    flagged = np.flatnonzero(valid & (probability >= model.threshold))
    return [(order[k][0], order[k][1], float(probability[k])) for k in flagged]
