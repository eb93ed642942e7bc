"""Quotations in Arabic news text: which quotation marks pair.

News marks quotations with «…», “…”, „…”, ‹…› and straight "…", and is sloppy with them: a ”
glued to the next word opens (و”قسد”), a “ may close, straight quotes open and close alike.
Two readers ask different questions, so the marks are paired two ways, here side by side:

* :func:`quoted_spans` gives every quotation with where its words start, nested ones included,
  for reported speech (:mod:`tahqiq.provenance.events`): which words a speaker said;
* :func:`protected_ranges` gives the stretches of a line inside any quotation, merged, for
  sentence splitting (:mod:`tahqiq.text.sentences`): where a full stop does not end a sentence.
  It reads a straight quote by both its neighbours (the spaced ``" واشنطن بوست "`` of
  tokenized corpora closes where it should) and bounds a quotation never closed.

They are not one algorithm yet because they disagree on real text: splitting sentences with
the first would move sentence boundaries in 270 of 2,388 texts (the examples, the Baly
development fold, ANS), and stored boundaries, rationales and copy links would move with them.
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
            # A mark with spaces on both sides (the tokenised text of scraped corpora:
            # «أعلنت " حركة طالبان " انطلاق») closes the straight quotation already open.
            spaced = prev.isspace() and (nxt.isspace() or nxt in ".,،:;)!?؟»”")
            opens = not (straight_open and spaced) and (
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


UNCLOSED_QUOTE_CHARS = 300
"""How far an opening quotation mark never closed on its line keeps full stops inside it."""

# Characters that may stand after a closing quotation mark (or a final full stop).
_AFTER_CLOSE = frozenset(".,،;؛:!?؟…)]}»›-–—/")
# Characters after which a quotation mark opens: start, space, brackets, colons, dashes.
_BEFORE_OPEN = frozenset("([{«‹:،,؛;-–—/")
# One-letter proclitics written glued to a quotation: و”قسد”, بـ”الجيش, لـ”داعش”.
_CLITICS = frozenset("وفبلكـ")
_GUILLEMETS = {"«": "»", "‹": "›"}
_GUILLEMET_CLOSERS = frozenset(_GUILLEMETS.values())
_DOUBLE_QUOTES = frozenset('"“”„‟')
_MARK_CHARS = frozenset(_GUILLEMETS) | _GUILLEMET_CLOSERS | _DOUBLE_QUOTES
# Finds the marks themselves, so a line is scanned in C and only its few marks reach Python.
QUOTE_MARK = regex.compile("[" + regex.escape("".join(sorted(_MARK_CHARS))) + "]")


def opens_quote(text: str, i: int, end: int) -> bool:
    """Whether the quotation mark at ``i`` has a word right after it and a space or start before it."""
    c = text[i]
    if c not in _MARK_CHARS or c in _GUILLEMET_CLOSERS:
        return False
    nxt = text[i + 1] if i + 1 < end else ""
    prev = text[i - 1] if i > 0 else ""
    return bool(nxt) and not nxt.isspace() and (not prev or prev.isspace())


def protected_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Half-open ``[open, close)`` ranges of the quotations on one line, merged and sorted.

    Each family of marks pairs on its own stack, so a stray or crossing double quote never
    cuts short a «…» pair, whose marks are unambiguous. A mark never closed protects at most
    :data:`UNCLOSED_QUOTE_CHARS` characters, so one stray mark cannot swallow a paragraph.
    """
    spans: list[tuple[int, int]] = []
    stacks: dict[str, list[int]] = {closer: [] for closer in (*_GUILLEMET_CLOSERS, '"')}
    for mark in QUOTE_MARK.finditer(text, start, end):
        i = mark.start()
        c = text[i]
        if c in _GUILLEMETS:
            stacks[_GUILLEMETS[c]].append(i)
        elif c in _GUILLEMET_CLOSERS:
            if stacks[c]:
                spans.append((stacks[c].pop(), i + 1))
        else:
            opened = stacks['"']
            action = _double_quote_action(text, i, start, end, bool(opened))
            if action == "open":
                opened.append(i)
            elif action == "close":
                spans.append((opened.pop(), i + 1))
    for stack in stacks.values():
        spans.extend((pos, min(end, pos + UNCLOSED_QUOTE_CHARS)) for pos in stack)
    return _merge(spans)


def _double_quote_action(text: str, i: int, start: int, end: int, is_open: bool) -> str:
    """Decide from its neighbours whether a double quotation mark opens, closes or is stray."""
    prev = text[i - 1] if i > start else ""
    nxt = text[i + 1] if i + 1 < end else ""
    prev2 = text[i - 2] if i - 1 > start else ""
    left = bool(nxt) and not nxt.isspace() and nxt not in _AFTER_CLOSE
    left = left and (
        not prev
        or prev.isspace()
        or prev in _BEFORE_OPEN
        or prev in _MARK_CHARS
        or (prev in _CLITICS and (not prev2 or prev2.isspace() or prev2 in _CLITICS))
    )
    right = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in _AFTER_CLOSE)
    if is_open:
        if left and not right:
            return "open"
        return "close"
    if right and not left:
        return "stray"
    return "open"


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
