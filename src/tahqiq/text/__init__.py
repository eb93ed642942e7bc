"""Arabic text layer: normalization for matching, sentences, tokens, stems, dates, language."""

from tahqiq.text.bidi import isolate as isolate
from tahqiq.text.clitics import clitic_forms, strip_conjunction, strip_proclitics
from tahqiq.text.dates import FoundDate, article_date, find_dates, parse_date
from tahqiq.text.language import detect_language
from tahqiq.text.normalize import normalize, normalize_digits, strip_diacritics
from tahqiq.text.sentences import split_sentences
from tahqiq.text.stem import stem, stems, stopwords
from tahqiq.text.tokens import Token, arabic_ratio, has_arabic, tokenize, words

__all__ = [
    "FoundDate",
    "Token",
    "arabic_ratio",
    "article_date",
    "clitic_forms",
    "detect_language",
    "find_dates",
    "has_arabic",
    "normalize",
    "normalize_digits",
    "parse_date",
    "split_sentences",
    "stem",
    "stems",
    "stopwords",
    "strip_conjunction",
    "strip_diacritics",
    "strip_proclitics",
    "tokenize",
    "words",
]
