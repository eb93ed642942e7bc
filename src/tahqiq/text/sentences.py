"""Sentence splitting that respects Arabic punctuation and quotations.

Never splits on «،»; a full stop inside «…», “…” or "…" does not end the sentence; decimals
(3.5, ٣٫٥) and common abbreviations (د. ، م. ، ج.م.ع) are not boundaries. Offsets point into
the original text so rationales can be highlighted where they stand.
"""

from __future__ import annotations

import regex

from tahqiq.records import Sentence

_OPEN = {"«": "»", "“": "”", "„": "”", "‹": "›"}
_TERMINATORS = ".!?؟…"
_ABBREVIATIONS = frozenset({"د", "م", "ج", "ق", "ص", "ت", "هـ", "ه", "أ", "ا", "س", "ع", "mr", "dr", "st", "no"})
_WORD_BEFORE = regex.compile(r"([\p{L}]+)\.$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets; blank lines and line breaks always end a sentence."""
    out: list[Sentence] = []
    for line_match in regex.finditer(r"[^\n]+", text):
        _split_line(text, line_match.start(), line_match.end(), out)
    return out


def _split_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    closers: list[str] = []
    straight_open = False
    seg_start = start
    i = start
    while i < end:
        c = text[i]
        if c in _OPEN:
            closers.append(_OPEN[c])
        elif closers and c == closers[-1]:
            closers.pop()
        elif c == '"':
            straight_open = not straight_open
        elif c in _TERMINATORS and not closers and not straight_open and _is_boundary(text, i, end):
            j = i + 1
            while j < end and text[j] in _TERMINATORS + "\"'»”)":
                j += 1
            _emit(text, seg_start, j, out)
            seg_start = j
            i = j
            continue
        i += 1
    _emit(text, seg_start, end, out)


def _is_boundary(text: str, i: int, end: int) -> bool:
    if text[i] != ".":
        return True
    before = text[max(0, i - 1)] if i > 0 else ""
    after = text[i + 1] if i + 1 < end else ""
    if before.isdigit() and after.isdigit():
        return False
    if after and not after.isspace() and after not in "\"'»”)":
        return False
    m = _WORD_BEFORE.search(text[max(0, i - 6) : i + 1])
    return not (m and m.group(1).lower() in _ABBREVIATIONS)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(len(out), text[start:end], start, end))
