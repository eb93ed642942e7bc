"""Lines that are not prose: menus, link lists, bylines, share buttons, «اقرأ أيضا» blocks.

Plain-text pages keep their site's navigation among the sentences («برامج التلفزيون دروس
الألمانية …»), and such a line can share a claim's rare words by chance (a menu lists the
country, a related-stories list repeats the headline). It must never be shown as a rationale nor
count as evidence, so stance leaves these lines out of its candidates (:func:`prose_mask`).

A line is read as furniture when it is one of the page furniture entries of
``data/lexicon/boilerplate.tsv`` (share and comment prompts, related-stories headings, bylines,
copyright and tag lines), or when it has the shape of navigation: several fragments split by
list punctuation; many words with almost no function words, hardly anything verb-like and no
closing stop; or a very short line in a run of very short lines without a sentence stop. Prose in
Arabic news has a function word in every four or five words and a verb in nearly every sentence;
headlines are kept, since they have a verb or a preposition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from tahqiq.text import normalize, stopwords, words
from tahqiq.text.lexicon import load_table

MENU_MIN_WORDS = 6  # fewer words give too little to judge a line by its function words
MIN_FUNCTION_SHARE = 0.08  # prose holds ~0.2–0.3 function words per word; menus and tag lists hold none
MAX_VERB_SHARE = 0.12  # a menu may hold one verb-shaped item in ten (تعلم الألمانية); prose holds more
LIST_SEPARATORS = 3  # «أخبار | رياضة | اقتصاد | منوعات»: three separators make a list
LIST_FRAGMENT_WORDS = 4  # ... of fragments this short on average (link titles, menu items)
SHORT_RUN_WORDS = 4  # a line this short, between lines this short, is a menu item or a button
FURNITURE_MAX_WORDS = 20  # furniture entries are matched only on lines up to this length
# Hyphens, slashes and commas are left out: scraped prose spaces them (وفقا ل - «…», مارس / آذار).
_SEPARATOR = regex.compile(r"[|•·▪►]|\s»\s")
_STOP = regex.compile(r"[.!?؟…:]\s*$")
_PUNCT_SPACE = regex.compile(r"[\p{P}\p{S}\s]+")
# Verb shapes of Arabic news prose: an imperfect (يقول، تتقدم), a perfect with a subject suffix
# (قالت، أعلنوا; not a plural in ات), or a future (سيعقد). A noun sometimes has one of these
# shapes, so a menu may hold a few; prose holds more.
_VERB_LIKE = regex.compile(r"^(?:[وف])?(?:[يتن]\p{L}{3,}|\p{L}{2,}(?:(?<!ا)ت|وا|تا)|س[يتن]\p{L}{3,})$")


@dataclass(frozen=True)
class _Furniture:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    bylines: tuple[str, ...]


def _key(line: str) -> str:
    return str(_PUNCT_SPACE.sub(" ", normalize(line))).strip()


@cache
def _furniture() -> _Furniture:
    table = load_table("boilerplate")
    return _Furniture(
        lines=frozenset(_key(e) for g in ("chrome_line", "related_heading") for e in table.group(g)),
        prefixes=tuple(_key(e) for e in table.group("chrome_prefix")),
        bylines=tuple(_key(e) for e in table.group("byline_word")),
    )


def is_furniture(line: str) -> bool:
    """Whether ``line`` alone is page furniture: a listed prompt, heading, byline or tag line, a
    link list, or a long run of words without function words or verbs (a menu)."""
    tokens = words(line)
    n = len(tokens)
    if not n:
        return True
    if n <= FURNITURE_MAX_WORDS:
        key = _key(line)
        furniture = _furniture()
        if key in furniture.lines or key.startswith(furniture.prefixes) or line.lstrip().startswith("©"):
            return True
        if n <= 6 and any(key.startswith(f"{b} ") for b in furniture.bylines) and not _STOP.search(line):
            return True  # «بقلم: فلان الفلاني», «إعداد فلان»
    fragments = [f for f in _SEPARATOR.split(line) if f.strip()]
    if len(fragments) > LIST_SEPARATORS and n / len(fragments) <= LIST_FRAGMENT_WORDS:
        return True
    if n >= MENU_MIN_WORDS:
        stop = stopwords()
        function = sum(t in stop for t in tokens) / n
        verbs = sum(bool(_VERB_LIKE.match(t)) and not t.startswith("ال") for t in tokens) / n
        if function < MIN_FUNCTION_SHARE and verbs < MAX_VERB_SHARE and not _STOP.search(line):
            return True
    return False


def _short(line: str) -> bool:
    return len(words(line)) <= SHORT_RUN_WORDS and not _STOP.search(line)


def prose_mask(lines: Sequence[str]) -> list[bool]:
    """For each line of an article in order, whether it is prose that may be evidence.

    A lone line is always kept: it is a headline or a claim-sized text, not a page.
    """
    if len(lines) <= 1:
        return [True] * len(lines)
    short = [_short(line) for line in lines]
    mask = []
    for i, line in enumerate(lines):
        in_run = short[i] and ((i > 0 and short[i - 1]) or (i + 1 < len(lines) and short[i + 1]))
        mask.append(not (in_run or is_furniture(line)))
    return mask
