"""Cited sources (the isnad of a news item): the agencies, outlets, bodies and witnesses an article credits.

State-aligned outlets often carry one statement through a chain (the article ← SANA ← the
Hmeimim centre ← displaced people), so provenance lists every explicit citation with the words
that make it one:

* a cue and the source after it: ``بحسب``/``حسب``, ``وفقاً لـ``, ``طبقاً لـ``, ``استناداً إلى``,
  ``نقلاً عن``, ``نقلته وكالة سانا``, ``نقل المركز عن النازحين`` (the centre passed on the
  displaced people's words: the source is the people, ``via`` the centre), ``المصدر: سانا``
  (a footer crediting the whole article), testimony nouns (``إفادات مصادر أهلية``,
  ``شهادات الأهالي``) and an interview given to an outlet (``في حديثه لبلدي نيوز``);
* a publishing verb with its subject (``أفادت مصادر``, ``ذكرت وكالة``, ``أوردت``, ``نشرت``) and
  any speech verb whose speaker is an agency, an outlet, an anonymous source or a witness
  (``وقالت القناة المركزية لقاعدة حميميم``).

A source named only by a pronoun (``بحسبها``, ``وفقاً له``) or by "المصدر" resolves to the most
recent named source before it (a cited source or a speaker); a definite noun such as
``الوكالة`` to the last named body whose name starts with it. When nothing fits, the citation
is kept and marked ``unresolved``. An article citing its own outlet (given, or read from a
byline such as ``بلدي نيوز - (كنان سلطان)``) is a self-citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from tahqiq.provenance.analysis import ArticleAnalysis, analyse
from tahqiq.provenance.gazetteer import Gazetteer, GazetteerEntry, Mention
from tahqiq.provenance.memo import Memo
from tahqiq.provenance.quotes import memo_key, quotes_of
from tahqiq.provenance.speakers import SPEAKER_WINDOW
from tahqiq.provenance.speech import speech_verb, speech_words
from tahqiq.provenance.subjects import definite, is_addressee, subject_words
from tahqiq.records import Sentence, Span
from tahqiq.records.provenance import Attribution, Quote, Scope, SourceType
from tahqiq.text import tokenize
from tahqiq.text.clitics import clitic_forms, strip_conjunction


@cache
def _suffixed_cues() -> frozenset[str]:
    """بحسبه، بحسبها...: an after-cue with a pronoun suffix names the source already met."""
    w = speech_words()
    return frozenset(cue + suffix for cue in w.after_cues for suffix in w.pronoun_suffixes)


@cache
def _cue_words() -> frozenset[str]:
    """Every word that may open a citation, to skip all others at once."""
    w = speech_words()
    return (
        w.after_cues
        | _suffixed_cues()
        | w.from_cues
        | w.relay
        | w.subject_cues
        | w.testimony_nouns
        | w.footer_words
        | w.interview_prepositions
    )


_PHRASE_WORDS = 8
_MEDIA: frozenset[SourceType] = frozenset({"agency", "outlet"})
_TESTIMONY: frozenset[SourceType] = frozenset({"agency", "outlet", "anonymous", "eyewitness", "unknown"})


def _headed(a: ArticleAnalysis, t: int) -> bool:
    """Whether word ``t`` is a head noun a name may follow: وكالة، صحيفة، وزارة، حركة."""
    norm = strip_conjunction(a.words[t].norm)
    w = subject_words()
    return (
        norm in speech_words().media_nouns or norm in w.org_heads or norm in w.media_heads or norm in w.titles
    )


@dataclass
class _Found:
    entry: GazetteerEntry | None
    kind: SourceType
    first: int
    last: int
    reference: bool = False


class _Sources:
    """Resolves source phrases, remembering named sources for later back-references."""

    def __init__(self, a: ArticleAnalysis, quotes: Sequence[Quote]) -> None:
        self.a = a
        self.g = a.gazetteer
        self.named: list[tuple[int, GazetteerEntry]] = []
        self.last_via: GazetteerEntry | None = None
        for q in quotes:
            entry = self.g.get(q.speaker_id)
            if entry is not None and not q.nested:
                self.named.append((q.verb_span.start, entry))

    def latest(self, before: int, heads: set[str] | None = None, since: int = 0) -> GazetteerEntry | None:
        """The last named source cited or speaking between ``since`` and ``before``.

        With ``heads``, only those entries, falling back to any earlier mention of one of them.
        """
        best: tuple[int, GazetteerEntry] | None = None
        for pos, entry in self.named:
            if (
                since <= pos < before
                and (best is None or pos >= best[0])
                and (heads is None or entry.id in heads)
            ):
                best = (pos, entry)
        if heads is not None and best is None:
            for mention in reversed(self.a.mentions):
                if mention.start < before and mention.entry.id in heads:
                    return mention.entry
        return best[1] if best is not None else None

    def phrase_end(self, start: int, stop: int) -> int:
        w = speech_words()
        a = self.a
        end = start
        while end < min(stop, start + _PHRASE_WORDS):
            if end > start and any(c in "،,:؛;.(" for c in a.gap(end)):
                break
            norm = a.words[end].norm
            if norm in w.markers or (
                end > start and (speech_verb(norm) or strip_conjunction(norm) in w.after_cues)
            ):
                break
            end += 1
        return end

    def resolve(self, start: int, stop: int, pos: int, *, any_noun: bool = False) -> _Found | None:
        """The source named by words ``start..stop`` (already cut), cited at character ``pos``.

        ``any_noun`` accepts an unknown noun phrase (up to three words) where the cue leaves no
        doubt that a source follows (بحسب، نقلاً عن، نقل ... عن).
        """
        w = speech_words()
        a = self.a
        while start < stop and a.words[start].norm in w.source_skip:
            start += 1
        if start >= stop:
            return None
        mentions = self.g.find_in_tokens(a.text, a.words, weak=True, start=start, end=stop)
        # A known name counts where the phrase opens with it or with its head noun (وكالة سانا);
        # further in, it is part of another name: «وكالة "عمون الإخبارية"» is not الإخبارية.
        near = [
            m
            for m in mentions
            if m.first - start < 4
            and all(_headed(a, t) or definite(a.words[t].text) for t in range(start, m.first))
        ]
        if near:
            m = near[0]
            return _Found(m.entry, m.entry.source_type, start, m.last)
        head = a.words[start].norm
        for key, had_article in clitic_forms(head):
            if key in w.source_words and had_article:
                entry = self.latest(pos)
                return self._reference(entry, start)
            if key in w.anonymous or key in w.eyewitness:
                kind: SourceType = "eyewitness" if key in w.eyewitness else "anonymous"
                last = start + 1
                while last < stop and last < start + 3 and a.words[last].norm not in w.source_skip:
                    if a.words[last].norm in w.phrase_breaks:
                        break
                    last += 1
                return _Found(None, kind, start, last)
            if had_article and key in w.back_references and start + 1 >= stop:
                heads = {e.id for e in self.g.heads(key)}
                return self._reference(self.latest(pos, heads), start)
            if key in w.media_nouns:
                return _Found(None, "outlet", start, min(stop, start + 4))
        if any_noun and head not in w.phrase_breaks and head not in w.markers:
            last = start + 1
            while last < min(stop, start + 3) and a.words[last].norm not in w.phrase_breaks:
                last += 1
            return _Found(None, "unknown", start, last)
        return None

    @staticmethod
    def _reference(entry: GazetteerEntry | None, start: int) -> _Found:
        if entry is None:
            return _Found(None, "unresolved", start, start + 1, reference=True)
        return _Found(entry, entry.source_type, start, start + 1, reference=True)


# Articles whose attributions are kept: the same budget as their quotes (QUOTES_MEMO_SIZE).
ATTRIBUTIONS_MEMO_SIZE = 4096
_ATTRIBUTIONS: Memo[tuple[Attribution, ...]] = Memo(ATTRIBUTIONS_MEMO_SIZE)


def detect_outlet(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> GazetteerEntry | None:
    """The outlet that published the article, read from a byline line such as "بلدي نيوز - (كنان سلطان)"."""
    return byline_outlet(analyse(text, sentences, gazetteer))


def byline_outlet(a: ArticleAnalysis) -> GazetteerEntry | None:
    """:func:`detect_outlet` on an article already analysed."""
    for si, sentence in enumerate(a.sentences[:6]):
        first, stop = a.sentence_words[si]
        if stop - first > 8:
            continue
        for mention in a.mentions:
            if mention.first == first and mention.entry.is_media:
                rest = a.text[mention.end : sentence.end].strip()
                if not rest or rest[0] in "-–—|:(":
                    return mention.entry
    return None


def extract_attributions(
    text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer, *, outlet: str | None = None
) -> list[Attribution]:
    """Every explicit source citation in ``text``, in reading order; never raises on odd input.

    ``outlet`` names the publishing outlet for self-citation checks; without it a byline is used.
    Computed once per text, sentence boundaries, gazetteer and outlet, then served from memory;
    the article is analysed once for its citations and its quotes together.
    """
    key = (memo_key(text, sentences, gazetteer), outlet)
    return list(
        _ATTRIBUTIONS.get(key, lambda: find_attributions(analyse(text, sentences, gazetteer), outlet))
    )


def find_attributions(a: ArticleAnalysis, outlet: str | None = None) -> tuple[Attribution, ...]:
    """Every source citation of an analysed article (see :func:`extract_attributions`)."""
    gazetteer = a.gazetteer
    quotes = quotes_of(a)
    own = gazetteer.lookup(outlet) if outlet else byline_outlet(a)
    sources = _Sources(a, quotes)
    out: list[Attribution] = list(wire_credits(a, own))
    taken: set[int] = {c.source_span.start for c in out}
    speech = {q.verb_span.start: q for q in quotes if not q.nested and q.speaker_span is not None}
    for si in range(len(a.sentences)):
        first, stop = a.sentence_words[si]
        for k in range(first, stop):
            pos = a.words[k].start
            found = [_cue_at(sources, si, k, first, stop)]
            if found[0] is None and pos in speech:
                q = speech[pos]
                found = [
                    _from_quote(a, q, si, k),
                    _addressee(a, q, si, k, stop),
                    _own_reporter(a, q, si, k, own),
                ]
            for cue in found:
                if cue is None:
                    continue
                attribution = _build(a, sources, own, cue)
                if attribution.source_span.start in taken:
                    continue
                taken.add(attribution.source_span.start)
                out.append(attribution)
                if attribution.entry_id is not None and not attribution.reference:
                    entry = gazetteer.get(attribution.entry_id)
                    if entry is not None:
                        sources.named.append((pos, entry))
    return tuple(sorted(out, key=lambda c: c.source_span.start))


_AGENCIES = frozenset({"news_agency", "state_agency"})
CREDIT_SENTENCES = 3
"""Sentences at either end of an article read for wire credits and datelines: the hand-labelled
pages put them in the first line (``بغداد ( رويترز ) -``) or the last (``- ( رويترز )``)."""
CREDIT_GAP = 12
"""Characters a credit's agency may stand from its bracket or dash (``- ( رويترز )``)."""


def wire_credits(a: ArticleAnalysis, own: GazetteerEntry | None = None) -> tuple[Attribution, ...]:
    """Credits of the whole article to a news agency: ``(رويترز)``, ``بغداد - أ ف ب``, ``- ( رويترز )``.

    An agency counts when brackets hold it alone (with other agencies: ``أ ف ب , رويترز``) or a
    dash stands right beside it, in the first or last sentences. A bracket that also holds a
    photo word (``الصورة : رويترز``) credits a picture, and a byline names a writer, not an agency,
    so neither is a source.
    """
    n = len(a.sentences)
    ends = set(range(min(CREDIT_SENTENCES, n))) | set(range(max(0, n - CREDIT_SENTENCES), n))
    photo = subject_words().photo
    out: list[Attribution] = []
    # Weak names count here too: a bracket or dash leaves no doubt (Lebanon's agency credits "وطنية -").
    mentions: list[Mention] = []
    for s in sorted(ends):
        first, stop = a.sentence_words[s]
        mentions += a.gazetteer.find_in_tokens(a.text, a.words, weak=True, start=first, end=stop)
    for m in mentions:
        s = a.sentence_of[m.first]
        if m.entry.type not in _AGENCIES:
            continue
        if own is not None and m.entry.id == own.id:
            continue
        cue = _credit_mark(a, m.start, m.end)
        if cue is None:
            continue
        line_start = max(a.text.rfind("\n", 0, m.start) + 1, a.text.rfind("(", 0, m.start) + 1)
        before = a.text[max(line_start, m.start - 30) : m.start]
        if any(w.norm in photo for w in tokenize(before)):
            continue
        span = Span(m.start, m.end)
        out.append(
            Attribution(
                sentence=s,
                cue=cue[0],
                cue_span=cue[1],
                source=m.text,
                source_span=span,
                canonical=m.entry.canonical,
                entry_id=m.entry.id,
                source_type=m.entry.source_type,
                origin=a.gazetteer.origin(m.entry).canonical,
                scope="article",
            )
        )
    return tuple(out)


def _credit_mark(a: ArticleAnalysis, start: int, end: int) -> tuple[str, Span] | None:
    """The bracket or dash that makes an agency named at ``start..end`` a credit, if any."""
    text = a.text
    i, j = start, end
    while i > max(0, start - CREDIT_GAP) and text[i - 1] in " ,،":
        i -= 1
    while j < min(len(text), end + CREDIT_GAP) and text[j] in " ,،":
        j += 1
    before = text[i - 1] if i > 0 else ""
    after = text[j] if j < len(text) else ""
    if before == "(" and (after == ")" or _agency_next(a, end)):
        return "(", Span(i - 1, i)
    if before in _DASHES:
        return before, Span(i - 1, i)
    if after in _DASHES:
        return after, Span(j, j + 1)
    previous = _previous_credit(a, start)
    if previous is not None and _credit_mark(a, previous.start, previous.end) is not None:
        return ",", Span(previous.end, start)
    return None


_DASHES = frozenset("-–—")


def _previous_credit(a: ArticleAnalysis, start: int) -> Mention | None:
    """The agency right before one at ``start``, after a comma: ``- أ ف ب , رويترز``."""
    for m in a.mentions:
        if m.entry.is_media and 0 < start - m.end <= 4 and a.text[m.end : start].strip() in (",", "،"):
            return m
    return None


def _agency_next(a: ArticleAnalysis, end: int) -> bool:
    """Whether another agency follows right after a comma: ``( أ ف ب , رويترز )``."""
    return any(0 < m.start - end <= 4 and m.entry.is_media for m in a.mentions)


def _own_reporter(a: ArticleAnalysis, q: Quote, si: int, k: int, own: GazetteerEntry | None) -> _Cue | None:
    """«وقال مراسل الجزيرة ...» on the outlet's own pages: its reporter speaks, a self-citation."""
    if own is None or q.speaker_span is None:
        return None
    g = a.gazetteer
    first, last = a.word_at_or_after(q.speaker_span.start), a.word_at_or_after(q.speaker_span.end)
    for m in g.find_in_tokens(a.text, a.words, weak=True, start=first, end=last):
        if m.entry.id == own.id or g.origin(m.entry).id == g.origin(own).id:
            return _Cue(si, k, k + 1, _Found(m.entry, m.entry.source_type, m.first, m.last))
    return None


def _addressee(a: ArticleAnalysis, q: Quote, si: int, k: int, stop: int) -> _Cue | None:
    """``قال مسؤول لرويترز``: a statement given to an agency, which is then its reporting origin."""
    end = a.word_at_or_after(q.content_span.start) if q.content_span.start > q.verb_span.end else k + 4
    for m in a.mentions:
        within = k < m.first < min(stop, end, k + SPEAKER_WINDOW)
        if within and m.entry.type in _AGENCIES and is_addressee(a, m.first):
            return _Cue(si, k, k + 1, _Found(m.entry, m.entry.source_type, m.first, m.last))
    return None


@dataclass
class _Cue:
    sentence: int
    cue_first: int
    cue_last: int
    source: _Found
    via: GazetteerEntry | None = None
    scope: Scope = "sentence"
    pronoun_word: int | None = None


def _cue_at(src: _Sources, si: int, k: int, first: int, stop: int) -> _Cue | None:
    w = speech_words()
    a = src.a
    norm = a.words[k].norm
    base = norm if norm in _cue_words() else strip_conjunction(norm)
    if base not in _cue_words():
        return None
    pos = a.words[k].start
    # بحسب / وفقا لـ / نقلا عن, and the pronoun forms بحسبها، وفقا لها، نقلا عنه
    if base in w.after_cues or base in w.from_cues:
        j = k + 1
        if j < stop and a.words[j].norm in w.pronoun_words:
            return _Cue(si, k, j + 1, src._reference(src.latest(pos), j), pronoun_word=j)
        via = None
        if base in w.from_cues:
            if j >= stop or a.words[j].norm != "عن":
                return None
            j += 1
            # قالت صحيفة الوطن نقلاً عن مصادر: the paper passed the sources' words on
            via = src.latest(pos, since=a.sentences[si].start)
        if j < stop and a.words[j].norm == "ما":
            return None
        found = src.resolve(j, src.phrase_end(j, stop), pos, any_noun=True)
        return _Cue(si, k, j, found, via=via) if found is not None else None
    if base in _suffixed_cues():
        return _Cue(si, k, k + 1, src._reference(src.latest(pos), k), pronoun_word=k)
    # نقل المركز عن النازحين / نقلته وكالة سانا
    if norm in w.relay or strip_conjunction(norm) in w.relay:
        an = next((t for t in range(k + 1, min(stop, k + 7)) if a.words[t].norm == "عن"), None)
        if an is not None and base not in w.relay_with_object:
            via = src.last_via
            if an > k + 1:
                relay = src.resolve(k + 1, an, pos)
                via = relay.entry if relay is not None else None
            src.last_via = via
            found = src.resolve(an + 1, src.phrase_end(an + 1, stop), pos, any_noun=True)
            return _Cue(si, k, k + 1, found, via=via) if found is not None else None
        found = src.resolve(k + 1, src.phrase_end(k + 1, stop), pos)
        if found is not None and (found.kind in _TESTIMONY or found.reference):
            return _Cue(si, k, k + 1, found)
        return None
    # أفادت مصادر / ذكرت وكالة: only sources that relay news count here; a ministry is a speaker.
    if base in w.subject_cues:
        found = src.resolve(k + 1, src.phrase_end(k + 1, stop), pos)
        if found is not None and found.kind in _TESTIMONY:
            return _Cue(si, k, k + 1, found)
        return None
    if base in w.testimony_nouns:
        found = src.resolve(k + 1, src.phrase_end(k + 1, stop), pos)
        if found is not None and found.kind in _TESTIMONY and not found.reference:
            return _Cue(si, k, k + 1, found)
        return None
    # المصدر: سانا
    if base in w.footer_words and k + 1 < stop and ":" in a.gap(k + 1):
        found = src.resolve(k + 1, src.phrase_end(k + 1, stop), pos)
        if found is None:
            return None
        scope: Scope = "article" if stop - first <= 6 else "sentence"
        return _Cue(si, k, k + 1, found, scope=scope)
    # في حديثه لبلدي نيوز / في مقابلة مع قناة...
    if base in w.interview_prepositions and k + 2 < stop and a.words[k + 1].norm in w.interview_nouns:
        j = k + 2
        if a.words[j].norm == "مع":
            j += 1
        found = src.resolve(j, src.phrase_end(j, stop), pos)
        if found is not None and found.kind in _MEDIA:
            return _Cue(si, k, k + 2, found)
    return None


def _from_quote(a: ArticleAnalysis, q: Quote, si: int, k: int) -> _Cue | None:
    """A speech verb whose speaker is an agency, outlet, anonymous source or witness cites that source."""
    if q.speaker_span is None or q.speaker_type not in ("agency", "outlet", "anonymous", "eyewitness"):
        return None
    first = a.word_at_or_after(q.speaker_span.start)
    last = max(first + 1, a.word_at_or_after(q.speaker_span.end))
    entry = a.gazetteer.get(q.speaker_id)
    return _Cue(si, k, k + 1, _Found(entry, q.speaker_type, first, last))


def _build(a: ArticleAnalysis, src: _Sources, own: GazetteerEntry | None, cue: _Cue) -> Attribution:
    g = a.gazetteer
    found = cue.source
    words = a.words
    cue_span = Span(words[cue.cue_first].start, words[cue.cue_last - 1].end)
    if cue.pronoun_word is not None:
        source_span = Span(words[cue.pronoun_word].start, words[cue.pronoun_word].end)
    else:
        source_span = a.phrase_span(found.first, max(found.first + 1, found.last))
    entry = found.entry
    origin = g.origin(entry) if entry is not None else None
    self_citation = False
    if own is not None:
        own_origin = g.origin(own)
        for party in (entry, cue.via):
            if party is not None and (party.id == own.id or g.origin(party).id == own_origin.id):
                self_citation = True
    return Attribution(
        sentence=cue.sentence,
        cue=a.text[cue_span.start : cue_span.end],
        cue_span=cue_span,
        source=a.text[source_span.start : source_span.end],
        source_span=source_span,
        canonical=entry.canonical if entry is not None else None,
        entry_id=entry.id if entry is not None else None,
        source_type=found.kind,
        origin=origin.canonical if origin is not None else None,
        via=cue.via.canonical if cue.via is not None else None,
        reference=found.reference,
        unresolved=found.kind == "unresolved",
        self_citation=self_citation,
        scope=cue.scope,
    )
