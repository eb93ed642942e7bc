"""Cheap language identification: writing system first, then stop words within a script.

Ingest only needs to know whether an article is Arabic (everything downstream assumes it)
and to label the rest honestly. The script of the letters settles most cases; within the
Arabic script Persian and Urdu are told apart by their own letters and function words, and
within the Latin script a handful of European languages by their commonest words
(``data/lexicon/function_words.tsv``). No model files and no dependency: a few regex counts
over the first few thousand characters.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import regex

from tahqiq.text.lexicon import load_table

#: Fewer letters than this and the language is "und" (undetermined).
MIN_LETTERS = 12
# The opening of a text decides; an article does not switch language halfway.
_SAMPLE_CHARS = 2500

# Script → language, for scripts that (in news) mostly mean one language. Runs, not single
# letters, are counted: far fewer match objects on the ingest path.
_SCRIPTS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (code, regex.compile(rf"\p{{{script}}}+"))
    for code, script in (
        ("ar", "Arabic"),
        ("latin", "Latin"),
        ("ru", "Cyrillic"),
        ("el", "Greek"),
        ("he", "Hebrew"),
        ("zh", "Han"),
        ("ja", "Hiragana"),
        ("ja", "Katakana"),
        ("ko", "Hangul"),
        ("hi", "Devanagari"),
        ("th", "Thai"),
        ("hy", "Armenian"),
        ("ka", "Georgian"),
    )
)
_WORD = regex.compile(r"\p{L}+")
_ARABIC_RUN = _SCRIPTS[0][1]
_LATIN_RUN = _SCRIPTS[1][1]

_ARABIC_SCRIPT_LANGUAGES = ("ar", "fa", "ur")


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """Each language's function words (``data/lexicon/function_words.tsv``), in file order."""
    words: dict[str, set[str]] = {}
    for row in load_table("function_words").rows:
        words.setdefault(row["group"], set()).add(row["entry"])
    return {code: frozenset(found) for code, found in words.items()}


# Letters Arabic does not use. Persian and Urdu text always has some; Arabic typed on a Persian
# keyboard has ی and ک too, so the letters are required but the function words decide.
_OWN_LETTERS = {"fa": regex.compile(r"[پچژگیک]"), "ur": regex.compile(r"[ٹڈڑںےہیک]")}
_MIN_OWN_LETTERS = 2
_MIN_WORD_HITS = 3
_UKRAINIAN_LETTERS = regex.compile(r"[іїєґІЇЄҐ]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text`` ("ar", "en", "fr", ...), or "und".

    "und" means too few letters to tell, or Latin-script text whose words match none of the
    languages known here; either way it is never reported as Arabic.
    """
    sample = text[:_SAMPLE_CHARS]
    # The words are found once and shared by the letter count and the function-word scores.
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters < MIN_LETTERS:
        return "und"
    # Arabic or Latin letters in the majority settle the script without counting the others.
    if 2 * sum(map(len, _ARABIC_RUN.findall(sample))) > letters:
        return _arabic_script_language(sample, words)
    if 2 * sum(map(len, _LATIN_RUN.findall(sample))) > letters:
        return _latin_language(words)
    counts: dict[str, int] = {}
    for code, pattern in _SCRIPTS:
        n = sum(map(len, pattern.findall(sample)))
        if n:
            counts[code] = counts.get(code, 0) + n
    if not counts:
        return "und"
    script = max(counts, key=lambda c: counts[c])
    if script == "ar":
        return _arabic_script_language(sample, words)
    if script == "latin":
        return _latin_language(words)
    if script == "zh" and counts.get("ja"):
        return "ja"  # Japanese mixes kanji with kana; Chinese has no kana
    if script == "ru" and _UKRAINIAN_LETTERS.search(sample):
        return "uk"
    return script


def _arabic_script_language(sample: str, words: list[str]) -> str:
    # Counting every word is one C loop; each language then sums its dozen function words.
    counts = Counter(words)
    vocabularies = _function_words()
    scores = {code: sum(counts[w] for w in vocabularies[code]) for code in _ARABIC_SCRIPT_LANGUAGES}
    if max(scores["fa"], scores["ur"]) < _MIN_WORD_HITS:
        return "ar"  # the common case: neither Persian nor Urdu has enough function words
    for code in ("ur", "fa"):  # Urdu first: it shares Persian's letters and adds its own
        # The cheap word-score tests come first; the letter scan runs only when they pass.
        if (
            scores[code] >= _MIN_WORD_HITS
            and scores[code] > 2 * scores["ar"]
            and scores[code] >= max(scores.values())
            and len(_OWN_LETTERS[code].findall(sample)) >= _MIN_OWN_LETTERS
        ):
            return code
    return "ar"


def _latin_language(found: list[str]) -> str:
    words = [w.lower() for w in found]
    scores = {
        code: sum(1 for w in words if w in vocabulary)
        for code, vocabulary in _function_words().items()
        if code not in _ARABIC_SCRIPT_LANGUAGES
    }
    ranked = sorted(scores, key=lambda c: scores[c], reverse=True)
    best, second = ranked[0], ranked[1]
    if scores[best] < 2 or scores[best] < 1.2 * scores[second]:
        return "und"
    return best
