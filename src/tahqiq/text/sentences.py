"""Sentence splitting that respects Arabic punctuation and quotations.

Rationales and copied passages are shown as whole sentences, so a cut in the wrong place
shows a reader half a quotation. The rules:

* a line break always ends a sentence; in a short line without final punctuation (a heading,
  a dateline) « … » and ".." separate parts of one sentence instead of ending it;
* «،» and «؛» never end a sentence; ``.``, ``!``, ``?``, ``؟`` and ``…`` do, unless they sit
  inside a quotation, in a decimal (3.5), after an abbreviation (د. ، م. ، Dr.) or before a
  letter (ج.م.ع, U.S., www.sana.sy);
* quotations are «…», ‹…›, “…” and "…". Arabic news uses the curly and straight marks in
  either direction (و”قسد”, للصحفيين” إننا …”), so a mark opens or closes by what stands on
  its two sides, not by its shape (:func:`tahqiq.text.quotation.protected_ranges`). A
  quotation that never closes protects at most ``UNCLOSED_QUOTE_CHARS`` characters, so one
  stray mark cannot swallow a paragraph.

Offsets point into the original text so rationales can be highlighted where they stand.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right

import regex

from tahqiq.records import Sentence
from tahqiq.text.quotation import QUOTE_MARK, opens_quote, protected_ranges

#: A line this short that does not end in sentence punctuation is a heading: … and .. do not split it.
HEADING_MAX_CHARS = 160

_LINES = regex.compile(r"[^\n\r\v\f\x85\u2028\u2029]+")
_TERMINATOR = regex.compile(r"[.!?؟…]")
_TERMINATOR_CHARS = ".!?؟…"
# What may follow a terminator and still belong to its sentence.
_TRAILING = frozenset(_TERMINATOR_CHARS + "\"'»”’›)]")
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")

# Abbreviations ending in a full stop that does not end the sentence.
_ARABIC_ABBREVIATIONS = frozenset(
    {"د", "م", "ج", "ق", "ص", "ت", "هـ", "ه", "أ", "ا", "س", "ع", "ك", "ط", "ف", "ب", "ل"}
)
_LATIN_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "no", "nr", "vs", "etc", "jr", "sr", "gen", "col", "lt", "sgt"}
    | {"capt", "gov", "sen", "rep", "inc", "ltd", "co", "corp", "mme", "mlle", "m"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Abbreviations that end a sentence when they follow a number: 2017 م. / 1439 هـ.
_ERA_MARKS = frozenset({"م", "هـ", "ه"})
# The word right before a full stop, with inner dots (U.S, ج.م.ع): the caller looks at a short window.
_WORD_BEFORE = regex.compile(r"(?<![\p{L}.])(\p{L}+(?:\.\p{L}+)*)\.$")
_NUMBER_BEFORE = regex.compile(r"\p{Nd}\s*\p{L}+\.$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; blank lines and line breaks always end a sentence."""
    out: list[Sentence] = []
    # Where the quotation marks are, found in one pass: most lines have none, and then no
    # quotation needs pairing.
    marks = [m.start() for m in QUOTE_MARK.finditer(text)]
    for line in _LINES.finditer(text):
        start, end = line.span()
        k = bisect_left(marks, start)
        _split_line(text, start, end, out, k < len(marks) and marks[k] < end)
    return out


def _split_line(text: str, start: int, end: int, out: list[Sentence], quoted: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    # A heading uses … and .. as separators ("للإرهاب … موسكو:", "الحسكة.. قسد تعلن"), not as ends.
    heading = end - start <= HEADING_MAX_CHARS and not _ends_with_terminator(text, start, end)
    protected = protected_ranges(text, start, end) if quoted else []
    seg_start = start
    for m in _TERMINATOR.finditer(text, start, end):
        i = m.start()
        if i < seg_start or _inside(protected, i) or not _is_boundary(text, seg_start, i, end):
            continue
        if heading and (text[i] == "…" or "." in (text[i - 1 : i], text[i + 1 : i + 2])):
            continue
        j = i + 1
        while j < end and text[j] in _TRAILING and not opens_quote(text, j, end):
            j += 1
        if j < end and not text[j].isspace():
            continue
        _emit(text, seg_start, j, out)
        seg_start = j
    _emit(text, seg_start, end, out)


def _ends_with_terminator(text: str, start: int, end: int) -> bool:
    i = end - 1
    while i > start and text[i] in _TRAILING and text[i] not in _TERMINATOR_CHARS:
        i -= 1
    return text[i] in _TERMINATOR_CHARS


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    k = bisect_right(spans, (i, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] < i < spans[k][1]


def _is_boundary(text: str, seg_start: int, i: int, end: int) -> bool:
    if text[i] != ".":
        return True
    before = text[i - 1] if i > seg_start else ""
    after = text[i + 1] if i + 1 < end else ""
    if after == ".":
        return True  # an ellipsis written as dots: ".." or "..."
    if before.isdigit() and after.isdigit():
        return False
    if text[seg_start:i].isdigit():
        return False  # a list number: "1. ..."
    m = _WORD_BEFORE.search(text, max(0, i - 12), i + 1)
    if not m:
        return True
    word = m.group(1).lower()
    if "." in word:
        return False  # U.S. / ج.م.ع.
    if word in _ARABIC_ABBREVIATIONS:
        return word in _ERA_MARKS and _NUMBER_BEFORE.search(text, max(0, i - 16), i + 1) is not None
    return word not in _LATIN_ABBREVIATIONS


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _HAS_WORD.search(text, start, end):
        out.append(Sentence(len(out), text[start:end], start, end))
