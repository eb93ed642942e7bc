"""One article read once for provenance: its words, the gazetteer names in it, its quotations.

Quotes (:mod:`tahqiq.provenance.quotes`) and cited sources (:mod:`tahqiq.provenance.attribution`)
both walk an article word by word and ask the same questions (which sentence is this word in,
does a quotation open before it, which names cover it). The caller builds an
:class:`ArticleAnalysis` once with :func:`analyse` and hands it to both; it is frozen, so
sharing it between them, or between threads, cannot go wrong.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from tahqiq.provenance.gazetteer import Gazetteer, Mention
from tahqiq.records import Sentence, Span
from tahqiq.records.provenance import QuotedSpan
from tahqiq.text import Token, tokenize
from tahqiq.text.quotation import quoted_spans


@dataclass(frozen=True)
class ArticleAnalysis:
    """Words, gazetteer mentions and quotations of one article.

    ``sentence_of[t]`` is the sentence of word ``t`` (-1 outside every sentence),
    ``sentence_words[s]`` the ``[first, stop)`` word range of sentence ``s``, ``quotes_in[s]``
    its quotations, ``covered`` the words inside a gazetteer name and ``starts`` each word's
    start offset.
    """

    text: str
    sentences: tuple[Sentence, ...]
    gazetteer: Gazetteer
    words: tuple[Token, ...]
    mentions: tuple[Mention, ...]
    sentence_of: tuple[int, ...]
    sentence_words: tuple[tuple[int, int], ...]
    quotes_in: Mapping[int, tuple[QuotedSpan, ...]]
    covered: frozenset[int]
    starts: tuple[int, ...]

    def gap(self, t: int) -> str:
        """The characters before word ``t`` back to the previous word of its sentence."""
        return self.text[self.gap_start(t) : self.words[t].start]

    def gap_start(self, t: int) -> int:
        """Where the gap before word ``t`` begins: the previous word's end, or its sentence's start."""
        s = self.sentence_of[t]
        first = self.sentence_words[s][0] if s >= 0 else 0
        return self.words[t - 1].end if t > first else (self.sentences[s].start if s >= 0 else 0)

    def quote_opening_before(self, t: int) -> QuotedSpan | None:
        """The outermost quotation whose opening mark stands just before word ``t``."""
        s = self.sentence_of[t]
        left, right = self.gap_start(t), self.words[t].start
        for span in self.quotes_in.get(s, ()):
            if left <= span.open < right:
                return span
        return None

    def word_at_or_after(self, offset: int) -> int:
        """Index of the first word starting at or after character ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def phrase_span(self, first: int, end: int) -> Span:
        """Span of words ``first..end``, with a bracket or mark they open and close: (مضر حماد الأسعد)."""
        text = self.text
        start = self.words[first].start
        stop = self.words[max(first, end - 1)].end
        if start > 0 and text[start - 1] in '(«“"' and first == end - 1:
            start -= 1
        while stop < len(text) and text[stop] in ')»”"':
            closer = text[stop]
            opener = {")": "(", "»": "«", "”": "“", '"': '"'}[closer]
            inside = text[start:stop]
            unmatched = (
                inside.count(opener) % 2 == 1
                if opener == closer
                else inside.count(opener) > inside.count(closer)
            )
            if not unmatched:
                break
            stop += 1
        return Span(start, stop)


def analyse(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> ArticleAnalysis:
    """Split ``text`` into words, find the gazetteer names and the quotations of each sentence."""
    words = tokenize(text)
    mentions = gazetteer.find_in_tokens(text, words)
    sentence_of = [-1] * len(words)
    sentence_words: list[tuple[int, int]] = []
    starts = [w.start for w in words]
    quotes_in: dict[int, tuple[QuotedSpan, ...]] = {}
    for si, sentence in enumerate(sentences):
        a = bisect.bisect_left(starts, sentence.start)
        b = bisect.bisect_left(starts, sentence.end)
        sentence_words.append((a, b))
        for t in range(a, b):
            sentence_of[t] = si
        quotes_in[si] = tuple(quoted_spans(text, sentence.start, sentence.end))
    covered = frozenset(t for m in mentions for t in range(m.first, m.last))
    return ArticleAnalysis(
        text,
        tuple(sentences),
        gazetteer,
        tuple(words),
        tuple(mentions),
        tuple(sentence_of),
        tuple(sentence_words),
        MappingProxyType(quotes_in),
        covered,
        tuple(starts),
    )
