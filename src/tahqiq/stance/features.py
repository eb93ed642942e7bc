"""Lexical features of a (claim, sentence) pair: coverage, detail agreement and position cues.

The trained models see a pair through three lenses, kept apart so that each can be read and
checked on its own:

* **relatedness** — how much of the claim's weighted vocabulary the sentence holds, and how much
  of the sentence is about something else (:mod:`tahqiq.stance.weights`);
* **detail agreement** — numbers named on one side and not the other, and the words each side
  has that the other lacks (hashed, so that a model can learn that ارتفاع facing انخفاض, or
  تعترض facing تفشل, marks a contradiction);
* **position** — cue words (:mod:`tahqiq.stance.cues`) in the sentence that the claim does not
  have: a denial, a negation, plain reporting, an accusation, distancing;
* **event frames** — the same act told with another aspect, number, place, actor or date
  (:mod:`tahqiq.stance.frames`). These come last, and a model file says whether it was trained
  with them (``frames``), so a model fitted before them still reads its own columns.

Everything is computed on normalized text, deterministically (hashes are CRC32, never Python's
salted ``hash``), so the training script and the shipped model see identical vectors.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex
from rapidfuzz import fuzz

from tahqiq.stance.cues import CUES
from tahqiq.stance.frames import FRAME_NAMES, pair_frame_features
from tahqiq.stance.weights import idf, keys
from tahqiq.text import normalize
from tahqiq.text.lexicon import load_aliases

HASH_BITS = 12
HASH_DIM = 1 << HASH_BITS
CUE_NAMES: tuple[str, ...] = tuple(CUES)
MAX_DIFF_WORDS = 6  # words per side that enter the hashed cross features; headlines differ by a few
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)?")
# Number words that news text writes either way (ثلاثة صواريخ / 3 صواريخ), normalized spelling.
# fmt: off
_NUMBER_WORDS = {
    "واحد": "1", "اثنان": "2", "اثنين": "2", "ثلاث": "3", "ثلاثه": "3", "اربع": "4", "اربعه": "4",
    "خمس": "5", "خمسه": "5", "سته": "6", "ست": "6", "سبع": "7", "سبعه": "7", "ثماني": "8", "ثمانيه": "8",
    "تسع": "9", "تسعه": "9", "عشر": "10", "عشره": "10", "عشرين": "20", "عشرون": "20", "مئه": "100",
    "مائه": "100", "الف": "1000", "الاف": "1000", "مليون": "1000000", "مليار": "1000000000",
}
# fmt: on

# Words that put an event up or down (rise, win, accept, allow / fall, lose, refuse, ban). A pair
# whose sides point opposite ways (الذهب يرتفع / انخفاض الذهب) states opposite facts.
# fmt: off
_UP = (
    "ارتفاع", "يرتفع", "ترتفع", "ارتفع", "ارتفعت", "صعود", "يصعد", "تصعد", "زياده", "يزيد", "تزيد", "زاد",
    "قفزه", "يقفز", "مكاسب", "يكسب", "اعلي", "انتعاش", "تعافي", "نمو", "ينمو", "فوز", "يفوز", "تفوز", "فاز",
    "نجاح", "ينجح", "تنجح", "نجح", "قبول", "يقبل", "تقبل", "يوافق", "توافق", "موافقه", "يسمح", "تسمح",
    "سماح", "دعم", "يدعم", "تدعم", "تاييد", "يؤيد", "استقرار", "تحسن", "رفع", "يرفع", "ترفع", "تمديد",
)
_DOWN = (
    "انخفاض", "ينخفض", "تنخفض", "انخفض", "انخفضت", "هبوط", "يهبط", "تهبط", "هبط", "تراجع", "يتراجع",
    "تتراجع", "نقص", "خفض", "يخفض", "تخفض", "خساره", "خسائر", "يخسر", "تخسر", "ادني", "تدهور", "انهيار",
    "ركود", "هزيمه", "يهزم", "فشل", "يفشل", "تفشل", "رفض", "يرفض", "ترفض", "منع", "يمنع", "تمنع", "حظر",
    "يحظر", "الغاء", "يلغي", "تلغي", "تاجيل", "يؤجل", "تؤجل", "وقف", "يوقف",
)
# fmt: on
FUZZY_MATCH = 75.0  # rapidfuzz ratio at which two unmatched words count as one (يرتفع / ارتفاع)
RARE_IDF = 6.0  # a word this rare is a name or a precise detail; swapping one changes the fact

BASE_NAMES: tuple[str, ...] = (
    "bias",
    "cover_claim",  # weighted share of the claim's words found in the sentence
    "cover_sentence",  # weighted share of the sentence's words found in the claim
    "jaccard",
    "claim_only",  # log(1 + claim words the sentence lacks)
    "sentence_only",  # log(1 + sentence words the claim lacks)
    "length_ratio",  # log of sentence length over claim length
    "numbers_shared",
    "numbers_claim_only",
    "numbers_sentence_only",
    "numbers_conflict",  # both name numbers and they differ
    "soft_cover_claim",  # like cover_claim, also counting near-spellings of a word (fuzzy match)
    "rare_claim_only",  # rarest claim word the sentence lacks (idf / 10)
    "rare_sentence_only",  # rarest sentence word the claim lacks (idf / 10)
    "rare_swap",  # both sides hold a rare word the other lacks: a name or detail was replaced
    "polarity_claim",  # sign of up-words minus down-words in the claim
    "polarity_sentence",
    "polarity_flip",  # the two sides point opposite ways
    *(f"cue_{name}" for name in CUE_NAMES),  # cue present in the sentence
    *(f"cue_new_{name}" for name in CUE_NAMES),  # present in the sentence, absent from the claim
    *(f"cue_gone_{name}" for name in CUE_NAMES),  # present in the claim, absent from the sentence
)
DENSE_NAMES: tuple[str, ...] = (*BASE_NAMES, *FRAME_NAMES)
DENSE_DIM = len(DENSE_NAMES)
LEXICAL_DIM = DENSE_DIM + HASH_DIM


def dense_names(frames: bool) -> tuple[str, ...]:
    """The dense feature names of a model built with or without the event-frame features."""
    return DENSE_NAMES if frames else BASE_NAMES


def lexical_dim(frames: bool) -> int:
    """Width of :func:`lexical_matrix` rows with or without the event-frame features."""
    return len(dense_names(frames)) + HASH_DIM


@dataclass(frozen=True)
class TextView:
    """One text as the features see it: loose word keys with weights, numbers and cue counts."""

    keys: tuple[str, ...]
    weights: dict[str, float]
    numbers: frozenset[str]
    cues: dict[str, int]
    polarity: int

    @property
    def total(self) -> float:
        return sum(self.weights.values())


@lru_cache(maxsize=65_536)
def view(text: str) -> TextView:
    """The :class:`TextView` of ``text`` (cached: claims and sentences recur across articles)."""
    norm = normalize(text)
    # «واشنطن» and «القوات الأمريكية» name one party: the words are read with aliases folded.
    ks = tuple(dict.fromkeys(keys(load_aliases("aliases").fold(norm))))
    numbers = set(_NUMBER.findall(norm))
    numbers.update(_NUMBER_WORDS[w] for w in norm.split() if w in _NUMBER_WORDS)
    return TextView(
        keys=ks,
        weights={k: idf(k) for k in ks},
        numbers=frozenset(n.replace(",", "") for n in numbers),
        cues={name: cues.count(norm) for name, cues in CUES.items()},
        polarity=_sign(sum(_polar(k, _UP_KEYS) for k in ks) - sum(_polar(k, _DOWN_KEYS) for k in ks)),
    )


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def _polar(key: str, lexicon: frozenset[str]) -> bool:
    return key in lexicon or _loose(key) in lexicon


def _loose(key: str) -> str:
    """A key with one leading ا or ت dropped, so ارتفع and رتفع (ارتفاع / يرتفع) meet."""
    return key[1:] if len(key) > 3 and key[0] in "ات" else key


def _polar_keys(words: tuple[str, ...]) -> frozenset[str]:
    """Keys (and loose keys) of a polarity list; two-letter keys are left out, they match too much."""
    found = {f(k) for w in words for k in keys(w) for f in (str, _loose)}
    return frozenset(k for k in found if len(k) >= 3)


_UP_KEYS = _polar_keys(_UP)
_DOWN_KEYS = _polar_keys(_DOWN)


def coverage(a: TextView, b: TextView) -> float:
    """Weighted share of ``a``'s words that ``b`` holds, in [0, 1]."""
    total = a.total
    if not total:
        return 0.0
    return sum(w for k, w in a.weights.items() if k in b.weights) / total


def dense_features(claim: TextView, sentence: TextView) -> np.ndarray:
    """The :data:`BASE_NAMES` features of a pair (all but the event frames), as float32."""
    shared = claim.weights.keys() & sentence.weights.keys()
    union = claim.weights.keys() | sentence.weights.keys()
    claim_only = len(claim.keys) - len(shared)
    sentence_only = len(sentence.keys) - len(shared)
    nums_shared = claim.numbers & sentence.numbers
    nums_c = claim.numbers - sentence.numbers
    nums_s = sentence.numbers - claim.numbers
    values = [
        1.0,
        coverage(claim, sentence),
        coverage(sentence, claim),
        len(shared) / len(union) if union else 0.0,
        math.log1p(claim_only),
        math.log1p(sentence_only),
        math.log((len(sentence.keys) + 1) / (len(claim.keys) + 1)),
        float(bool(nums_shared)),
        float(bool(nums_c)),
        float(bool(nums_s)),
        float(bool(nums_c) and bool(nums_s)),
        soft_coverage(claim, sentence),
        max((claim.weights[k] for k in claim.keys if k not in shared), default=0.0) / 10.0,
        max((sentence.weights[k] for k in sentence.keys if k not in shared), default=0.0) / 10.0,
        float(
            any(claim.weights[k] >= RARE_IDF for k in claim.keys if k not in shared)
            and any(sentence.weights[k] >= RARE_IDF for k in sentence.keys if k not in shared)
        ),
        float(claim.polarity),
        float(sentence.polarity),
        float(claim.polarity * sentence.polarity < 0),
        *(float(sentence.cues[n] > 0) for n in CUE_NAMES),
        *(float(sentence.cues[n] > claim.cues[n]) for n in CUE_NAMES),
        *(float(claim.cues[n] > sentence.cues[n]) for n in CUE_NAMES),
    ]
    return np.asarray(values, dtype=np.float32)


def soft_coverage(claim: TextView, sentence: TextView) -> float:
    """Weighted share of the claim's words found in the sentence exactly, loosely or fuzzily."""
    total = claim.total
    if not total:
        return 0.0
    loose = {_loose(k) for k in sentence.keys}
    rest = [k for k in sentence.keys if k not in claim.weights]
    found = 0.0
    for k, w in claim.weights.items():
        if k in sentence.weights or _loose(k) in loose or any(fuzz.ratio(k, r) >= FUZZY_MATCH for r in rest):
            found += w
    return found / total


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (HASH_DIM - 1)


def hashed_features(claim: TextView, sentence: TextView) -> list[int]:
    """Hash buckets of the words each side lacks, and of their cross pairs (order-free).

    A pair in which one side says ارتفاع where the other says تراجع shares every word but that
    one; the cross pair (ارتفاع, تراجع) is what a model needs to see to call it a contradiction.
    """
    only_c = [k for k in claim.keys if k not in sentence.weights][:MAX_DIFF_WORDS]
    only_s = [k for k in sentence.keys if k not in claim.weights][:MAX_DIFF_WORDS]
    feats = [f"c:{k}" for k in only_c] + [f"s:{k}" for k in only_s] + [f"d:{k}" for k in only_c + only_s]
    feats += [f"x:{min(x, y)}|{max(x, y)}" for x in only_c for y in only_s]
    return sorted({_bucket(f) for f in feats})


def lexical_vector(claim: str, sentence: str, *, frames: bool = True) -> np.ndarray:
    """Dense and hashed lexical features of one pair as one float32 vector of :func:`lexical_dim`."""
    row: np.ndarray = lexical_matrix([(claim, sentence)], frames=frames)[0]
    return row


def lexical_matrix(pairs: Sequence[tuple[str, str]], *, frames: bool = True) -> np.ndarray:
    """Dense and hashed lexical features of each pair, as an ``(n, lexical_dim(frames))`` matrix.

    The frame features of pairs sharing a claim are read together, so the name model runs once
    for a claim and its candidate sentences.
    """
    dense = len(dense_names(frames))
    out = np.zeros((len(pairs), dense + HASH_DIM), dtype=np.float32)
    base = len(BASE_NAMES)
    by_claim: dict[str, list[int]] = {}
    for i, (claim, sentence) in enumerate(pairs):
        c, s = view(claim), view(sentence)
        out[i, :base] = dense_features(c, s)
        idx = hashed_features(c, s)
        if idx:
            out[i, dense + np.asarray(idx)] = 1.0 / math.sqrt(len(idx))
        by_claim.setdefault(claim, []).append(i)
    if frames:
        for claim, rows in by_claim.items():
            values = pair_frame_features(claim, [pairs[i][1] for i in rows])
            out[rows, base:dense] = np.asarray(values, dtype=np.float32)
    return out


def embedding_features(claim: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """Sentence-pair features ``[|u − v|, u ⊙ v, cos]`` for one claim vector against rows of vectors.

    ``u`` and ``v`` themselves are left out: they describe the topic, not the relation, and a
    model that reads them learns which topics ANS headlines happen to be about.
    """
    u = np.broadcast_to(claim, sentences.shape)
    cos = np.sum(u * sentences, axis=1, keepdims=True)
    return np.concatenate([np.abs(u - sentences), u * sentences, cos], axis=1).astype(np.float32)
