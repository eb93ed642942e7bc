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
from tahqiq.provenance.speech import opens_report
from tahqiq.records import Sentence, Span
from tahqiq.records.provenance import QuotedSpan
from tahqiq.text import Token, tokenize
from tahqiq.text.names import NameKind, find_names
from tahqiq.text.quotation import quoted_spans


@dataclass(frozen=True, slots=True)
class OpenName:
    """A name the recogniser found (:func:`tahqiq.text.names.find_names`), as word indices.

    ``first``/``last`` (exclusive) index :attr:`ArticleAnalysis.words`; ``text`` is the name as
    written. Gazetteer names are :class:`~tahqiq.provenance.gazetteer.Mention` records instead.
    """

    first: int
    last: int
    kind: NameKind
    text: str


@dataclass(frozen=True)
class ArticleAnalysis:
    """Words, gazetteer mentions and quotations of one article.

    ``sentence_of[t]`` is the sentence of word ``t`` (-1 outside every sentence),
    ``sentence_words[s]`` the ``[first, stop)`` word range of sentence ``s``, ``quotes_in[s]``
    its quotations, ``covered`` the words inside a gazetteer name and ``starts`` each word's
    start offset. ``names`` are the open-class names of the sentences that report speech or
    cite a source (only those: the recogniser costs about twice an ingest when run on every
    sentence), and ``name_at`` maps the first word of each to it.
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
    names: tuple[OpenName, ...]
    name_at: Mapping[int, OpenName]

    def open_name(self, t: int) -> OpenName | None:
        """The open-class name that starts at word ``t``, or None."""
        return self.name_at.get(t)

    def name_covering(self, t: int) -> OpenName | None:
        """The open-class name word ``t`` is part of, or None."""
        i = bisect.bisect_right([n.first for n in self.names], t) - 1
        if i >= 0 and self.names[i].first <= t < self.names[i].last:
            return self.names[i]
        return None

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
    names = _open_names(text, sentences, words, sentence_words, starts)
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
        names,
        MappingProxyType({n.first: n for n in names}),
    )


def _open_names(
    text: str,
    sentences: Sequence[Sentence],
    words: Sequence[Token],
    sentence_words: Sequence[tuple[int, int]],
    starts: Sequence[int],
) -> tuple[OpenName, ...]:
    """Open-class names of the sentences with a speech verb or a citation cue, as word ranges.

    The sentences go to the recogniser in one text, a blank line between them (a name never
    runs across one), because a call costs about a millisecond whatever its length.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []  # (offset in the joined text, offset in the article)
    at = 0
    for si, (a, b) in enumerate(sentence_words):
        if not any(opens_report(words[t].norm) for t in range(a, b)):
            continue
        sentence = sentences[si]
        offsets.append((at, sentence.start))
        parts.append(text[sentence.start : sentence.end])
        at += sentence.end - sentence.start + len(_SEPARATOR)
    if not parts:
        return ()
    out: list[OpenName] = []
    joined_starts = [o[0] for o in offsets]
    for name in find_names(_SEPARATOR.join(parts)):
        part = bisect.bisect_right(joined_starts, name.start) - 1
        shift = offsets[part][1] - offsets[part][0]
        first = bisect.bisect_right(starts, name.start + shift) - 1
        last = bisect.bisect_left(starts, name.end + shift)
        if 0 <= first < last:
            out.append(OpenName(first, last, name.kind, name.text))
    return tuple(out)


_SEPARATOR = "\n\n"
