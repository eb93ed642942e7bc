"""Word tokens with offsets into the original text, and their normalized forms."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from tahqiq.text.normalize import normalize

# A word is a run of letters, marks and digits (with inner dots/commas for numbers like 3.5 or ٣٫٥).
_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[.,٫٬][\p{Nd}]+)*")
_ARABIC_LETTER = regex.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")


@dataclass(frozen=True)
class Token:
    """A word as it stands in the original text, with its offsets and matching form."""

    text: str
    norm: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens; punctuation and spaces are dropped, offsets kept."""
    return [Token(m.group(), normalize(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The normalized words of ``text``, in order."""
    return [m.group() for m in _WORD.finditer(normalize(text))]


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds at least one Arabic letter."""
    return _ARABIC_LETTER.search(text) is not None


def arabic_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Arabic, in [0, 1]; 0 for text without letters."""
    letters = regex.findall(r"\p{L}", text)
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)
