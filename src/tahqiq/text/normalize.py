"""Normalization for matching: one canonical spelling per word, original text kept elsewhere.

Arabic news spells the same word many ways (أميركا/أمريكا, إرهابي/ارهابي, سورية/سوريه,
Arabic-Indic or Latin digits). Matching, hashing and search all go through :func:`normalize`
so they agree; display always uses the original string.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# The tables are public so that other folds (the date matcher's view in tahqiq.text.dates) take
# their characters from here rather than keep copies that drift.

# Harakat, Quranic marks, superscript alef and the tatweel stretch.
DIACRITIC_CODES = (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640)
# Bidi controls, zero-width marks, word joiners, BOM and soft hyphen: invisible, yet they break equality.
INVISIBLE_CODES = (
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x206A),
    0x061C,
    0x180E,
    0xFEFF,
    0x00AD,
)

DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic ٠-٩
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian and Urdu ۰-۹
}

LETTERS: dict[str, str] = {
    # Hamza carriers and alef variants fold to bare alef, yeh or waw.
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    # Alef maqsura and teh marbuta: the most frequent spelling swaps in news text.
    "ى": "ي",
    "ة": "ه",
    "ۃ": "ه",
    # Persian and Urdu letter shapes that Arabic keyboards in some regions produce.
    "ک": "ك",
    "ڪ": "ك",
    "ی": "ي",
    "ے": "ي",
    "ۀ": "ه",
    # Arabic punctuation to its Latin counterpart, so splitting and matching treat them alike.
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "٫": ".",
    "٬": ",",
}

_DIACRITIC_MAP = dict.fromkeys(DIACRITIC_CODES)
_DIGIT_MAP = str.maketrans(DIGITS)
# One table does marks, invisibles, letters and digits in a single pass over the text.
_FOLD_MAP = str.maketrans({**LETTERS, **DIGITS}) | _DIACRITIC_MAP | dict.fromkeys(INVISIBLE_CODES)

# The same table as (character, replacement) pairs: a chain of C-level str.replace calls, each
# skipped when its character is absent, is several times faster than translate() with a dict.
_FOLD_PAIRS = tuple(
    (chr(code), "" if repl is None else repl if isinstance(repl, str) else chr(repl))
    for code, repl in _FOLD_MAP.items()
)


def _fold(text: str) -> str:
    for char, replacement in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    return text


# Spelling variants of frequent foreign names that differ by more than hamza or ta marbuta.
# Each replacement has the same length, so normalization never lengthens a text.
_VARIANTS = (("اميرك", "امريك"),)


def strip_diacritics(text: str) -> str:
    """Remove harakat and tatweel, keeping every letter."""
    return text.translate(_DIACRITIC_MAP)


def _lower(text: str) -> str:
    """Lower-case without ever lengthening the text (``"İ".lower()`` is two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Return the matching form of ``text``: NFKC, no marks, folded letters and digits, single spaces.

    Latin letters are lower-cased. The result is idempotent, ``normalize(normalize(t)) ==
    normalize(t)``, and never longer than the NFKC form of ``t``.
    """
    text = _lower(_fold(unicodedata.normalize("NFKC", text)))
    if not unicodedata.is_normalized("NFKC", text):
        # Folding or lower-casing left a form that NFKC composes differently; settle it once more.
        text = _fold(unicodedata.normalize("NFKC", text))
    for variant, canonical in _VARIANTS:
        if variant in text:
            text = text.replace(variant, canonical)
    return " ".join(text.split())


def normalize_digits(text: str) -> str:
    """Turn Arabic-Indic and Persian digits into ASCII digits and leave everything else alone."""
    return text.translate(_DIGIT_MAP)
