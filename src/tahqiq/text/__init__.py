"""Arabic text layer: normalization for matching, sentences, tokens, stems, dates, language."""

from tahqiq.text.normalize import normalize, normalize_digits, strip_diacritics
from tahqiq.text.sentences import split_sentences
from tahqiq.text.stem import stem, stems, stopwords
from tahqiq.text.tokens import Token, arabic_ratio, has_arabic, tokenize, words

__all__ = [
    "Token",
    "arabic_ratio",
    "has_arabic",
    "normalize",
    "normalize_digits",
    "split_sentences",
    "stem",
    "stems",
    "stopwords",
    "strip_diacritics",
    "tokenize",
    "words",
]
