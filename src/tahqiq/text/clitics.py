"""Proclitics: the conjunction, preposition and article Arabic writes glued to the next word.

``وبالحسكة`` is و + ب + ال + حسكة. Every matcher in tahqiq has to see through these, and each
needs a different strictness, so the rules live here once, as three functions over normalized
words (:func:`tahqiq.text.normalize`):

* :func:`strip_conjunction` drops a leading و or ف only: a speech verb keeps its shape
  (``وأضافت`` is ``أضافت``) while ``بيان`` stays a noun;
* :func:`clitic_forms` lists every reading of a word with its clitics removed in turn, each
  with whether an article went, for looking names up (``لقناة`` → ``قناه``);
* :func:`strip_proclitics` peels clitics to a fixed point for stemming, keeping the first
  letter of the listed words that start with one natively (``واضح``, ``لجنه``);
* :data:`ONE_PROCLITIC` and :data:`CONJUNCTION_PREPOSITION` are the same rules as regex
  fragments, for the word lists matched with one pattern over a whole text.

A clitic goes only when enough of the word remains, so short words are never eaten.
"""

from __future__ import annotations

from functools import lru_cache

import regex

CONJUNCTIONS = "وف"
"""The conjunctions و and ف, written glued to the next word."""

ONE_CONJUNCTION = "[وف]?"
"""Regex: an optional و or ف before a word (والجمعة، فاليوم)."""
GLUED_PREPOSITIONS = "بل"
"""The prepositions ب and ل, written glued to the next word (بمقتل، لقناة)."""
ONE_PROCLITIC = "[وفبل]?"
"""Regex: at most one of و ف ب ل before a listed phrase (وفي سياق آخر), for phrase lists."""
CONJUNCTION_PREPOSITION = "[وف]?[بل]?"
"""Regex: an optional و/ف then an optional ب/ل (وبالمزاعم), for single cue words."""
SEGMENTED_PREPOSITIONS = "بلك"
"""The prepositions a word is cut at when it is split into pieces for the name recogniser (كـ too)."""


def strip_conjunction(norm: str) -> str:
    """``norm`` without a leading و or ف conjunction, when what remains is still a word."""
    return norm[1:] if len(norm) > 3 and norm[0] in CONJUNCTIONS else norm


def bare(word: str) -> str:
    """A normalized word without its article ال, the key names are stored under."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


@lru_cache(maxsize=100_000)
def clitic_forms(word: str) -> tuple[tuple[str, bool], ...]:
    """Index keys for a normalized ``word``: what remains once leading و ف, then ب ل ك, then ال go.

    Each key comes with whether an article was removed, because "السورية" (Syrian) must not
    match the name "سورية" (Syria) while "قناة" may stand for "القناة". ``لل`` (ل before the
    article) counts as an article: ``للانباء`` → ``انباء``. Keys shorter than two letters are
    dropped; they would match anything.
    """
    forms = [word]
    if len(word) > 3 and word[0] in CONJUNCTIONS:
        forms.append(word[1:])
    for form in list(forms):
        if len(form) > 3 and form[0] in "بلك":
            forms.append(form[1:])
            if form.startswith("لل"):
                forms.append("ا" + form[1:])
    out: list[tuple[str, bool]] = []
    for form in forms:
        key = bare(form)
        pair = (key, key != form)
        if len(key) >= 2 and pair not in out:
            out.append(pair)
    return tuple(out)


# Normalized Arabic letters only (no digits, no Latin): the stemming rules apply to these words.
_ARABIC_WORD = regex.compile(r"[\u0621-\u064A]+")
# Fewest letters a stripped clitic must leave; two-letter remainders collide too often (الله → له).
_MIN_REST = 3

# و/ف + ب/ك + article: وبالحسكه → حسكه, فالقوات → قوات, الامريكيه → امريكيه.
_ARTICLE = regex.compile(r"[وف]?[بك]?ال(.+)")
# و/ف + ل + article, written with two lams: للقوات → قوات, وللاجيين → اجيين (as لاجيين gives).
_LAM_ARTICLE = regex.compile(r"[وف]?لل(.+)")
# One conjunction or preposition letter; the loop peels a run of them (وبتدريب → تدريب).
_ONE_LETTER = regex.compile(r"[وفبل](.+)")

# Frequent words whose first letter is part of the word although it looks like و/ف/ب/ل, each
# with the endings it takes. Only these keep their first letter; every other word loses it.
_NATIVE = regex.compile(
    r"(?:واحد|واجب|واجه|وادي|وارد|واسع|واصل|واضح|واقع|وافق|والد|والي|فاز|فاعل|فارس|فارق|فاصل|فاسد"
    r"|فاشل|فاقد|فاطم|بارز|باقي|لاحق|لاسيما|لجنه|لجان|لقاء|لواء|لغه|لحظه|ليل)"
    r"(?:ه|ها|هم|هما|ت|تا|ا|ي|ين|ون|ان|ات|يه|وا|نا|تم|ته|تها|تهم)?"
)


def _strip_once(word: str) -> str:
    m = _ARTICLE.fullmatch(word)
    if m and len(rest := str(m.group(1))) >= _MIN_REST:
        return rest
    m = _LAM_ARTICLE.fullmatch(word)
    if m and len(rest := str(m.group(1))) >= _MIN_REST:
        # للجنه is ل + اللجنه: the second lam belongs to the word, so only the preposition goes.
        with_lam = "ل" + rest
        return with_lam if _NATIVE.fullmatch(with_lam) else rest
    if _NATIVE.fullmatch(word):
        return word
    m = _ONE_LETTER.fullmatch(word)
    if m and len(rest := str(m.group(1))) >= _MIN_REST:
        return rest
    return word


def strip_proclitics(word: str) -> str:
    """Remove leading و/ف, ب/ك/ل and the article from one normalized word, until none is left.

    A clitic goes only when at least three letters remain, and the listed words that start
    with such a letter natively (واضح, فارس, لجنه, ...) keep it. Non-Arabic words are returned as is.
    A fixed point makes ``strip_proclitics(prefix + w) == strip_proclitics(w)`` whenever one step
    removes exactly that prefix, which is what stemming for search needs.
    """
    if not _ARABIC_WORD.fullmatch(word):
        return word
    while True:
        shorter = _strip_once(word)
        if shorter == word:
            return word
        word = shorter


def cut_clitics(norm: str, known: frozenset[str]) -> tuple[int, ...]:
    """Where a normalized word splits into clitic and rest, as offsets into ``norm`` (often none).

    Args:
        norm: one normalized word.
        known: words that stand whole (the training vocabulary and the gazetteer).

    Returns:
        Increasing offsets, each the start of a new piece: ``وبالحسكه`` gives ``(1, 2)``.
    """
    cuts: list[int] = []
    at = 0
    for letters in (CONJUNCTIONS, SEGMENTED_PREPOSITIONS):
        word = norm[at:]
        if len(word) < 4 or word[0] not in letters or word in known:
            continue
        rest = word[1:]
        before_article = letters == SEGMENTED_PREPOSITIONS and rest.startswith("ال")
        # An unknown word after و is still most often و + word; ف, ب, ل and ك start many names.
        if rest in known or before_article or (word[0] == "و" and len(rest) >= 3):
            at += 1
            cuts.append(at)
    return tuple(cuts)
