"""Who said what: reported speech in Arabic news, with speaker, speech verb, content and distancing.

A fact-checker needs to tell "the ministry said X" from "the outlet says X", and "A denied X"
from "A asserted X". The work is done in stages, each in its own module: the article is read
once (:mod:`tahqiq.provenance.analysis`), speech events are found
(:mod:`tahqiq.provenance.events`) with their speakers (:mod:`tahqiq.provenance.speakers`), and
this module turns each event into a :class:`~tahqiq.records.provenance.Quote` with the origin
its speaker traces to and the outlet's distancing.

``distanced`` marks statements the outlet holds at arm's length in its own voice: "ما يسمى",
"المزعوم", a claim verb such as "زاعماً", and scare quotes (a short quoted name inside reported
content, like «الجيش السوري الجديد»). Words inside a direct quotation belong to the speaker
and never count. The phrases are the ``distancing`` group of ``data/lexicon/speech.tsv``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from tahqiq.provenance.analysis import ArticleAnalysis, analyse
from tahqiq.provenance.events import SCARE_QUOTE_MAX_WORDS, find_events
from tahqiq.provenance.gazetteer import Gazetteer, GazetteerEntry
from tahqiq.provenance.memo import Memo, sentence_bounds, text_digest
from tahqiq.provenance.speakers import TRIM, Event, starts_with
from tahqiq.provenance.speech import speech_words
from tahqiq.records import Sentence, Span
from tahqiq.records.provenance import Quote
from tahqiq.text.clitics import strip_conjunction

# Articles whose quotes are kept (tahqiq.provenance.memo): a few hundred checks of ten articles
# each, plus their article views; a Quote is a few hundred bytes, an article has a few dozen.
QUOTES_MEMO_SIZE = 4096
_QUOTES: Memo[tuple[Quote, ...]] = Memo(QUOTES_MEMO_SIZE)


def memo_key(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> Hashable:
    """What a result derived from an article depends on: its text, its sentences, the gazetteer.

    The gazetteer itself is part of the key (it hashes by identity), so a cached result keeps
    it alive and no other gazetteer can ever be served that result.
    """
    return (gazetteer, text_digest(text), sentence_bounds(sentences))


def find_quotes(analysis: ArticleAnalysis) -> tuple[Quote, ...]:
    """Every reported statement of an analysed article, in reading order; never raises on odd input."""
    return tuple(_to_quote(analysis, i, e) for i, e in enumerate(find_events(analysis)))


def quotes_of(analysis: ArticleAnalysis) -> tuple[Quote, ...]:
    """:func:`find_quotes`, served from the memory :func:`extract_quotes` fills."""
    key = memo_key(analysis.text, analysis.sentences, analysis.gazetteer)
    return _QUOTES.get(key, lambda: find_quotes(analysis))


def extract_quotes(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> list[Quote]:
    """Every reported statement in ``text`` in reading order; never raises on odd input.

    Computed once per text, sentence boundaries and gazetteer, then served from memory.
    """
    key = memo_key(text, sentences, gazetteer)
    return list(_QUOTES.get(key, lambda: find_quotes(analyse(text, sentences, gazetteer))))


def _distancing_in(a: ArticleAnalysis, start: int, end: int) -> list[str]:
    """Distancing phrases among words ``start..end``, as written."""
    by_first = speech_words().distancing_by_first
    found: list[str] = []
    for i in range(start, end):
        norm = a.words[i].norm
        phrases = by_first.get(norm) or by_first.get(strip_conjunction(norm), ())
        for phrase in phrases:
            if starts_with(a.words, i, end, phrase):
                found.append(a.text[a.words[i].start : a.words[i + len(phrase) - 1].end])
                break
    return found


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in TRIM and text[start] not in '«“"(':
        start += 1
    while end > start and (
        text[end - 1] in " \t\n،,.:؛;-–—" or (text[end - 1] in '»”"' and not _closes(text, start, end))
    ):
        end -= 1
    return Span(start, end)


def _stripped(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _closes(text: str, start: int, end: int) -> bool:
    """Whether the quotation mark at ``end - 1`` closes one opened inside ``text[start:end]``."""
    c = text[end - 1]
    opener = {"»": "«", "”": "“", '"': '"'}[c]
    inner = text[start : end - 1]
    return inner.count(opener) > inner.count(c) if opener != c else inner.count(c) % 2 == 1


def _to_quote(a: ArticleAnalysis, index: int, e: Event) -> Quote:
    g = a.gazetteer
    content = (
        _stripped(a.text, e.content_start, e.content_end)
        if e.direct
        else _trimmed(a.text, e.content_start, e.content_end)
    )
    speaker = e.speaker
    entry = speaker.entry
    origin_entry: GazetteerEntry | None = None
    if entry is not None:
        origin_entry = g.origin(entry)
        if e.via is not None and entry in g.ancestors(e.via):
            origin_entry = g.origin(e.via)
    distancing: list[str] = []
    if not e.nested:
        if e.form.verb_class == "claims":
            distancing.append(a.text[e.verb_start : e.verb_end])
        if speaker.span is not None and e.speaker_from is None:
            w0 = a.word_at_or_after(speaker.span.start)
            w1 = a.word_at_or_after(speaker.span.end)
            distancing.extend(_distancing_in(a, w0, w1))
        if not e.direct:
            w0 = a.word_at_or_after(content.start)
            w1 = a.word_at_or_after(content.end)
            distancing.extend(_distancing_in(a, w0, w1))
            for span in a.quotes_in.get(e.sentence, ()):
                if content.start <= span.open and span.end <= content.end:
                    n_words = a.word_at_or_after(span.end) - a.word_at_or_after(span.start)
                    if 0 < n_words <= SCARE_QUOTE_MAX_WORDS:
                        distancing.append(a.text[span.open : min(len(a.text), span.end + 1)])
    return Quote(
        index=index,
        sentence=e.sentence,
        verb=a.text[e.verb_start : e.verb_end],
        verb_span=Span(e.verb_start, e.verb_end),
        verb_class=e.form.verb_class,
        speaker=speaker.text,
        speaker_span=None if e.speaker_from is not None else speaker.span,
        speaker_canonical=entry.canonical if entry is not None else speaker.name,
        speaker_id=entry.id if entry is not None else None,
        speaker_type=speaker.kind,
        speaker_title=speaker.title,
        content=a.text[content.start : content.end],
        content_span=content,
        direct=e.direct,
        distanced=bool(distancing),
        distancing=tuple(dict.fromkeys(distancing)),
        speaker_from=e.speaker_from,
        via=e.via.canonical if e.via is not None else None,
        origin=origin_entry.canonical if origin_entry is not None else None,
        origin_parents=tuple(p.canonical for p in g.ancestors(origin_entry))
        if origin_entry is not None
        else (),
        nested=e.nested,
    )


# --- primary source -------------------------------------------------------------------------------
