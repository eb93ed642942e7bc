"""Quotations in Arabic news text: which quotation marks pair, nested ones included.

News marks quotations with «…», “…”, „…”, ‹…› and straight "…", and is sloppy with them: a ”
glued to the next word opens (و”قسد”), a “ may close, straight quotes open and close alike.
:func:`quoted_spans` pairs them the way a reader would; reported speech reads a statement's
words from it.
"""

from __future__ import annotations

import regex

from tahqiq.records.provenance import QuotedSpan

_QUOTE_CHARS = regex.compile(r"[«»“”„‹›\"]")
_PAIRS = {"«": "»", "“": "”", "„": "”", "‹": "›"}


def quoted_spans(text: str, start: int, end: int) -> list[QuotedSpan]:
    """Quotations inside ``text[start:end]``, nested ones included, sorted by opening mark.

    Tolerates the sloppy marks of real news: ” glued to the next word opens a quotation
    (و”قسد”, لـ”داعش”), a “ that could never be closed closes the open one instead, a straight
    " opens after a space and closes before one, and a quotation still open at ``end`` runs to it.
    """
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text, start, end)]
    stack: list[tuple[str, int]] = []
    spans: list[QuotedSpan] = []

    def close(i: int) -> None:
        _, o = stack.pop()
        spans.append(QuotedSpan(o, o + 1, i))

    for n, (i, c) in enumerate(marks):
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if c == "“" and stack and stack[-1][0] == "”":
            later = [m for _, m in marks[n + 1 :]]
            tight = n + 1 < len(marks) and marks[n + 1][1] == "”" and not _has_space(text, i, marks[n + 1][0])
            if not tight and later.count("”") < len(stack) + 1 + later.count("“"):
                close(i)
                continue
        if c in _PAIRS:
            stack.append((_PAIRS[c], i))
        elif c == '"':
            straight_open = bool(stack) and stack[-1][0] == '"'
            opens = (
                prev.isspace()
                or prev in "(:[«“،,-–"
                or (not (nxt.isspace() or nxt in ".,،:;)!?؟»”") and not straight_open)
            )
            if opens:
                stack.append(('"', i))
            elif straight_open:
                close(i)
        elif c == "”" and nxt.isalpha() and not (stack and not _has_space(text, stack[-1][1] + 1, i)):
            stack.append(("”", i))
        elif any(closer == c for closer, _ in stack):
            while stack:
                closer, _ = stack[-1]
                close(i)
                if closer == c:
                    break
    spans.extend(QuotedSpan(o, o + 1, end) for _, o in stack)
    return sorted(spans, key=lambda s: (s.open, -s.end))


def _has_space(text: str, start: int, end: int) -> bool:
    return any(c.isspace() for c in text[start:end])
