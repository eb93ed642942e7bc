"""Normalization for matching: one canonical spelling per word, original text kept elsewhere.

Arabic news spells the same word many ways (أميركا/أمريكا, إرهابي/ارهابي, سورية/سوريه,
Arabic-Indic or Latin digits). Matching, hashing and search all go through :func:`normalize`
so they agree; display always uses the original string.
"""

from __future__ import annotations

import unicodedata

import regex

# Harakat, Quranic marks, superscript alef and the tatweel stretch.
_DIACRITICS = regex.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
# Bidi controls, zero-width marks, BOM and soft hyphen: invisible, yet they break equality.
_INVISIBLE = regex.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]")
_SPACES = regex.compile(r"\s+")

_LETTER_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
        "ے": "ي",
        "ۀ": "ه",
        # Arabic-Indic and Persian digits become ASCII digits.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        # Arabic punctuation to its Latin counterpart, so splitting and matching treat them alike.
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٪": "%",
        "٫": ".",
        "٬": ",",
    }
)

# Spelling variants of frequent foreign names that differ by more than hamza or ta marbuta.
_VARIANTS = (
    (regex.compile(r"اميرك"), "امريك"),
)


def strip_diacritics(text: str) -> str:
    """Remove harakat and tatweel, keeping every letter."""
    return _DIACRITICS.sub("", text)


def normalize(text: str) -> str:
    """Return the matching form of ``text``: NFKC, no marks, folded letters and digits, single spaces.

    Latin letters are lower-cased. The result is idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = strip_diacritics(text)
    text = text.translate(_LETTER_MAP).lower()
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text).strip()


def normalize_digits(text: str) -> str:
    """Turn Arabic-Indic and Persian digits into ASCII digits and leave everything else alone."""
    return "".join(
        str(ord(c) - 0x0660) if "\u0660" <= c <= "\u0669" else str(ord(c) - 0x06F0) if "\u06F0" <= c <= "\u06F9" else c
        for c in text
    )
