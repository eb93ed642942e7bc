"""Word tokens with offsets into the original text, and their normalized forms.

The one tokenizer of tahqiq: search, copy detection, the gazetteer and reported speech all
split text here, so a name in the gazetteer and the same name in an article are the same words.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from tahqiq.text.normalize import normalize

# A word is a run of letters, marks and digits (with inner dots/commas for numbers like 3.5 or ٣٫٥).
# Zero-width joiners, bidi marks and soft hyphens inside a word do not split it: normalize drops them.
_INNER = r"\p{L}\p{M}\p{Nd}\u00AD\u200B-\u200F\u2060"
_WORD = regex.compile(rf"[\p{{L}}\p{{Nd}}][{_INNER}]*(?:[.,٫٬][\p{{Nd}}]+)*")
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_LETTER = regex.compile(r"\p{L}")

# Normalized form of a word as written; tokens repeat heavily, so this skips most normalize calls.
_NORM_CACHE: dict[str, str] = {}
_NORM_CACHE_MAX = 200_000


class Token(NamedTuple):
    """A word as it stands in the original text, with its offsets and matching form.

    A named tuple rather than a frozen dataclass: an article makes thousands, and a tuple is
    several times cheaper to create.
    """

    text: str
    norm: str
    start: int
    end: int


def _norm(word: str) -> str:
    out = _NORM_CACHE.get(word)
    if out is None:
        if len(_NORM_CACHE) >= _NORM_CACHE_MAX:
            _NORM_CACHE.clear()
        out = _NORM_CACHE[word] = normalize(word)
    return out


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens; punctuation and spaces are dropped, offsets kept.

    A run that normalizes to nothing (a lone tatweel used as a rule, ـــ) is not a word.
    """
    tokens = []
    for m in _WORD.finditer(text):
        word = m.group()
        norm = _norm(word)
        if norm:
            tokens.append(Token(word, norm, m.start(), m.end()))
    return tokens


def word_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The normalized form and offsets of each token of :func:`tokenize`, without building tokens.

    Copy detection fingerprints every related article of a check; creating a frozen Token per
    word cost a third of that.
    """
    norms: list[str] = []
    spans: list[tuple[int, int]] = []
    get = _NORM_CACHE.get
    for m in _WORD.finditer(text):
        word = m.group()
        norm = get(word)
        if norm is None:
            norm = _norm(word)
        if norm:
            norms.append(norm)
            spans.append(m.span())
    return norms, spans


def words(text: str) -> list[str]:
    """The normalized words of ``text``, in order."""
    return list(_WORD.findall(normalize(text)))


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds at least one Arabic letter."""
    return _ARABIC_LETTER.search(text) is not None


def arabic_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Arabic, in [0, 1]; 0 for text without letters."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)
