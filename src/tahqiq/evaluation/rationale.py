"""Scoring predicted rationale sentences against gold rationale lines.

Gold rationales (Baly) index lines of the article; models return sentences. The two meet on
character offsets: a sentence selects every line its span overlaps, so a sentence that is a
part of a gold line is a hit, and a line split into several sentences can be hit by any one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tahqiq.records import Sentence, Span


def line_spans(text: str) -> list[Span]:
    """The half-open character span of each ``"\\n"``-separated line of ``text``."""
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append(Span(start, start + len(line)))
        start += len(line) + 1
    return spans


def lines_of(sentence: Sentence, lines: Sequence[Span]) -> set[int]:
    """Indices of the lines that ``sentence``'s span overlaps."""
    return {i for i, span in enumerate(lines) if sentence.start < span.end and span.start < sentence.end}


@dataclass(frozen=True)
class RationaleMatch:
    """How one pair's predicted rationale sentences meet its gold lines."""

    gold_lines: frozenset[int]
    predicted_lines: frozenset[int]
    sentences: int
    sentences_on_gold: int

    @property
    def hit(self) -> bool:
        """Whether at least one predicted sentence overlaps a gold line."""
        return bool(self.gold_lines & self.predicted_lines)


def match_rationale(text: str, gold: Sequence[int], predicted: Sequence[Sentence]) -> RationaleMatch:
    """Map ``predicted`` sentences of ``text`` onto its lines and compare with the ``gold`` line indices."""
    spans = line_spans(text)
    gold_set = frozenset(gold)
    chosen: set[int] = set()
    on_gold = 0
    for sentence in predicted:
        hit_lines = lines_of(sentence, spans)
        chosen |= hit_lines
        on_gold += bool(hit_lines & gold_set)
    return RationaleMatch(gold_set, frozenset(chosen), len(predicted), on_gold)
