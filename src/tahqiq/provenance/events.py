"""Speech events: a speech verb, its speaker and where its content starts and ends.

Arabic news reports speech with a small set of verbs in verb-subject order (``وأكد مركز
المصالحة ... أن ...``), less often subject-verb (``إن الولايات المتحدة تدعي``), and continues a
speaker with a bare verb or a participle (``وأضافت``, ``مضيفاً``). :func:`find_events` finds
those events with a word-level pass over each sentence: a speech verb, the speaker words after
it (:mod:`tahqiq.provenance.speakers`), and the content, which is the quotation in «…», “…" or
"…" or the clause after أن/إن/بأن or a colon. Verbs that take an object (نفى، اتهم، أقر، حذر)
may have no أن: their content is the rest of the clause. ``نقل X عن Y`` makes Y the speaker
and X the body that passed Y's words on.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from tahqiq.provenance.analysis import ArticleAnalysis
from tahqiq.provenance.gazetteer import GazetteerEntry
from tahqiq.provenance.speakers import (
    SPEAKER_WINDOW,
    Event,
    Reader,
    Speaker,
    clause_before,
    lookback,
    lookback_name,
)
from tahqiq.provenance.speech import OBJECT_CLASSES, RELAY_FORM, VerbForm, is_relay, speech_verb, speech_words
from tahqiq.provenance.subjects import strong, subject_after, subject_words
from tahqiq.records.provenance import QuotedSpan
from tahqiq.text.clitics import strip_conjunction

SCARE_QUOTE_MAX_WORDS = 4
"""A quotation this short inside reported content is a name in scare quotes, not a statement."""
_MARKER_WINDOW = 40
_CLAUSE_BREAKS = frozenset("…;؛")
_CLAUSE_BREAK_RE = regex.compile(r"[…;؛]| [-|] ")


def find_events(analysis: ArticleAnalysis) -> list[Event]:
    """Every speech event of the article, in reading order, each with its content closed."""
    reader = Reader(analysis)
    for si in range(len(analysis.sentences)):
        _sentence_events(reader, si)
    return reader.events


def _sentence_events(ex: Reader, si: int) -> None:
    a = ex.a
    first, stop = a.sentence_words[si]
    consumed: set[int] = set()
    found: list[Event] = []
    for k in range(first, stop):
        if k in consumed:
            continue
        norm = a.words[k].norm
        before = a.words[k - 1].norm if k > first else ""
        if (
            before in speech_words().so_called
            and before not in subject_words().clause_links
            and not _cited_what(a, k, first)
        ):
            continue
        verb = speech_verb(norm)
        if verb is not None and not verb[0].participle and _relays_qawl(a, k, stop):
            event = _relay_event(ex, si, k, stop)  # ذكرت قناة X عن Y قوله: Y spoke, X relayed
        elif verb is not None:
            event = _verb_event(ex, si, k, stop, verb[0], verb[1], found)
        elif is_relay(norm):
            # نقل X عن Y; without عن, «ونقلت الصفحات أن ...» reports like ذكرت
            event = _relay_event(ex, si, k, stop) or _finite_event(
                ex, si, k, stop, RELAY_FORM, strip_conjunction(norm) != norm
            )
        else:
            continue
        if event is None:
            continue
        event.enclosing = _enclosing(event, found)
        event.nested = event.enclosing is not None
        consumed |= event.consumed
        found.append(event)
        ex.events.append(event)
    _close_contents(ex, si, found)


def _relays_qawl(a: ArticleAnalysis, k: int, stop: int) -> bool:
    """Whether «عن ... قوله» follows verb ``k``: the verb relays another speaker's words."""
    an = next((t for t in range(k + 1, min(stop, k + 7)) if a.words[t].norm == "عن"), None)
    if an is None:
        return False
    return any(a.words[t].norm in subject_words().qawl for t in range(an + 2, min(stop, an + 9)))


def _cited_what(a: ArticleAnalysis, k: int, first: int) -> bool:
    """Whether ``ما`` before verb ``k`` follows a citation cue (بحسب ما أفادت): speech, not a name."""
    if k - 2 < first:
        return False
    norm = a.words[k - 2].norm
    return norm in subject_words().before_what or strip_conjunction(norm) in subject_words().before_what


def _enclosing(event: Event, found: Sequence[Event]) -> Event | None:
    """The earlier statement of the sentence that ``event`` is reported inside, if any.

    Inside a quotation always; inside an أن-clause unless the verb continues the sentence's
    own line of report (a participle, a verb with و, a verb without a named speaker).
    """
    for earlier in reversed(found):
        if earlier.nested or event.verb_start < earlier.content_start:
            continue
        if earlier.object_content and not earlier.direct:
            return None  # يقر البنتاغون بنشر قوات ... أعلن الوزير: an object holds no one's words
        if earlier.direct:
            return earlier if event.verb_start < earlier.content_end else None
        return None if event.terminates else earlier
    return None


def _scan_marker(a: ArticleAnalysis, j: int, stop: int, verb_lemma: str) -> tuple[str, int, int | None]:
    """Find where the content starts after word ``j``.

    Returns (kind, word index, resumptive verb index) with kind one of "that" (أن-clause
    starting after the word), "colon" (content starting at the word), "quote" (a quotation
    opening before the word), "verb" (another speech verb reached first) or "none".
    """
    w = speech_words()
    limit = min(stop, j + _MARKER_WINDOW)
    for t in range(j, limit):
        gap = a.gap(t)
        if t > j and any(c in _CLAUSE_BREAKS for c in gap):
            return "none", t, None
        if ":" in gap:
            return "colon", t, None
        span = a.quote_opening_before(t)
        if span is not None and _is_content_quote(a, span, t, j):
            return "quote", t, None
        norm = a.words[t].norm
        if norm in w.markers:
            return "that", t, None
        if t > j and a.words[t - 1].norm not in w.so_called:
            verb = speech_verb(norm)
            if verb is not None:
                # اتهم ما يسمى بمركز المصالحة ...، اتهم القوات: the verb repeated after a comma
                again = verb[0].lemma == verb_lemma and any(c in "،," for c in gap)
                return "verb", t, (t if again else None)
            if is_relay(norm):
                return "verb", t, None
    return "none", limit, None


def _is_content_quote(a: ArticleAnalysis, span: QuotedSpan, t: int, j: int) -> bool:
    """Whether a quotation opening before word ``t`` holds the statement, not a name in marks.

    Long quotations are statements. A short one is a statement only right after the verb
    and when it is neither a gazetteer name nor followed by أن/إن (وقالت "القناة المركزية..." إن);
    elsewhere a short quotation is a name or a scare quote (تنظيم "الدولة").
    """
    after = a.word_at_or_after(span.end)
    inner = after - t
    if inner > SCARE_QUOTE_MAX_WORDS:
        return True
    if inner <= 0 or t != j:
        return False
    s = a.sentence_of[t]
    if after < a.sentence_words[s][1] and a.words[after].norm in speech_words().markers:
        return False
    mentions = a.gazetteer.find_in_tokens(a.text, a.words, weak=True, start=t, end=after)
    if len(mentions) == 1 and mentions[0].first == t and mentions[0].last == after:
        return False
    name = a.open_name(t)
    heads = subject_words().org_heads | subject_words().media_heads
    return not ((name is not None and name.last >= after - 1) or strip_conjunction(a.words[t].norm) in heads)


def _verb_event(
    ex: Reader, si: int, k: int, stop: int, form: VerbForm, clitic: bool, found: list[Event]
) -> Event | None:
    if form.participle:
        return _participle_event(ex, si, k, stop, form, found)
    return _finite_event(ex, si, k, stop, form, clitic)


def _participle_event(
    ex: Reader, si: int, k: int, stop: int, form: VerbForm, found: list[Event]
) -> Event | None:
    """مشيراً، مضيفاً، زاعماً: the speaker goes on; the content starts within three words."""
    a = ex.a
    current = [e for e in found if not e.nested]
    resolved = (
        (current[-1].speaker, ex.events.index(current[-1]))
        if current
        else ex.pronoun(form.agreement, a.words[k].start)
    )
    speaker, speaker_from = resolved if resolved is not None else (None, None)
    kind, m, _ = _scan_marker(a, k + 1, min(stop, k + 4), form.lemma)
    if kind in ("verb", "none"):
        if form.verb_class not in OBJECT_CLASSES:
            return None
        return _make_event(ex, si, k, form, False, speaker, speaker_from, a.words[k].end, False, True)
    content_start, direct = _content_start(a, kind, m)
    return _make_event(ex, si, k, form, False, speaker, speaker_from, content_start, direct, True)


def _finite_event(ex: Reader, si: int, k: int, stop: int, form: VerbForm, clitic: bool) -> Event | None:
    """قال/أكد/نفى...: find the content marker, then the speaker after the verb, before it, or earlier."""
    a = ex.a
    verb = a.words[k]
    j = k + 1
    kind, m, resumptive = _scan_marker(a, j, stop, form.lemma)
    no_marker = kind in ("verb", "none")
    cited = _cited_what(a, k, a.sentence_words[si][0]) or (
        k > 0 and a.words[k - 1].norm in subject_words().as_cues
    )
    if no_marker and form.strict and form.verb_class not in OBJECT_CLASSES and not cited:
        return None  # بين مصر وروسيا، ذكر: ordinary verbs too, speech only with its content marked
    region_end = min(stop, j + SPEAKER_WINDOW) if kind == "none" else m
    # A plural verb (قالوا، أخبروا) agrees with a subject before it: after a verb the subject
    # keeps the verb singular, so what follows a plural one is its object or addressee.
    plural = form.agreement == "pl"
    subject = None if plural else subject_after(a, j, region_end)
    if (
        no_marker
        and form.verb_class not in OBJECT_CLASSES
        and (subject is None or not (subject.named or cited))
    ):
        return None  # أعلن المجلس إعادة الهيكلة counts; a verb with neither أن nor a named subject does not
    cut = subject.last if subject is not None else j
    if form.strict and subject is not None and _conjoined(a, subject.last, stop):
        return None  # بين مصر وروسيا: the preposition, with two names joined by و
    speaker: Speaker | None = None
    if no_marker and not clitic:
        # Headline order, "الدفاع الروسية تتهم أمريكا بـ...", "ماكرون يدعو العراق": the name
        # before the verb is the subject and the one after it the object.
        speaker = lookback(ex, si, k)
        if speaker is None and not strong(a, subject):
            speaker = lookback_name(ex, si, k, adjacent=True)
    if speaker is None and subject is not None:
        speaker = ex.resolve_subject(subject, verb.start)
        nameless = speaker is not None and not speaker.named and speaker.kind in ("unknown", "unresolved")
        if nameless and no_marker and resumptive is None and not (subject.named or cited):
            speaker = None
    if speaker is None and not clitic:
        speaker = (
            lookback(ex, si, k) or lookback_name(ex, si, k) or (clause_before(ex, si, k) if plural else None)
        )
    elif speaker is not None and speaker.kind == "unknown":
        speaker = lookback(ex, si, k) or speaker
    if speaker is not None:
        if subject is not None and speaker.first >= j:
            end = speaker.last if speaker.kind in ("anonymous", "eyewitness") else cut
            speaker.span = a.phrase_span(subject.first, max(end, subject.first + 1))
        else:
            speaker.span = a.phrase_span(speaker.first, k)
        speaker.text = a.text[speaker.span.start : speaker.span.end]
        speaker.agreement = speaker.agreement or form.agreement
    speaker_from: int | None = None
    if speaker is None:
        if form.strict:
            return None
        resolved = ex.pronoun(form.agreement, verb.start)
        if resolved is not None:
            speaker, speaker_from = resolved
    elif form.strict and not speaker.named and speaker.kind == "unknown" and not cited:
        return None
    if no_marker:
        if resumptive is not None:
            content_start = a.words[resumptive].end  # اتهم ما يسمى بمركز المصالحة ...، اتهم القوات...
        elif speaker is not None and speaker.span is not None and speaker.first >= j and speaker_from is None:
            content_start = speaker.span.end
        else:
            content_start = verb.end
        direct = False
    else:
        content_start, direct = _content_start(a, kind, m)
    event = _make_event(ex, si, k, form, clitic, speaker, speaker_from, content_start, direct, no_marker)
    event.via = _via(ex, j, region_end)
    if resumptive is not None:
        event.consumed.add(resumptive)
    return event


def _conjoined(a: ArticleAnalysis, t: int, stop: int) -> bool:
    """Whether word ``t`` is و glued to a name: the second of two names joined by "and"."""
    if t >= stop:
        return False
    norm = a.words[t].norm
    return (
        norm[:1] == "و"
        and len(norm) > 2
        and (a.name_covering(t) is not None or any(m.first == t for m in a.mentions))
    )


def _via(ex: Reader, start: int, end: int) -> GazetteerEntry | None:
    """The body a statement was issued through: أكدت وزارة الدفاع عبر مركز التنسيق..."""
    a = ex.a
    for t in range(start, end):
        if a.words[t].norm == "عبر":
            mentions = ex.g.find_in_tokens(a.text, a.words, weak=True, start=t + 1, end=end)
            return mentions[0].entry if mentions else None
    return None


def _make_event(
    ex: Reader,
    si: int,
    k: int,
    form: VerbForm,
    clitic: bool,
    speaker: Speaker | None,
    speaker_from: int | None,
    content_start: int,
    direct: bool,
    object_content: bool,
) -> Event:
    a = ex.a
    verb = a.words[k]
    return Event(
        sentence=si,
        verb_word=k,
        verb_start=verb.start,
        verb_end=verb.end,
        form=form,
        clitic=clitic,
        speaker=speaker if speaker is not None else Speaker("", None, None, "unresolved"),
        speaker_from=speaker_from,
        content_start=content_start,
        content_end=_direct_end(a, si, content_start) if direct else -1,
        direct=direct,
        # Participles, و-verbs, pronoun speakers, object clauses and verbs after فيما/بينما go on
        # the outlet's own line of report, so they end the content before them.
        terminates=form.participle
        or clitic
        or speaker_from is not None
        or object_content
        or (k > 0 and a.words[k - 1].norm in subject_words().clause_links),
        object_content=object_content,
    )


def _content_start(a: ArticleAnalysis, kind: str, m: int) -> tuple[int, bool]:
    """Character offset where content begins, and whether it is a direct quotation."""
    if kind == "quote":
        span = a.quote_opening_before(m)
        return (span.start, True) if span is not None else (a.words[m].start, False)
    if kind == "colon":
        span = a.quote_opening_before(m)
        if span is not None and _is_content_quote(a, span, m, m):
            return span.start, True
    t = m + 1 if kind == "that" or (kind == "colon" and a.words[m].norm in speech_words().markers) else m
    if t >= len(a.words) or a.sentence_of[t] != a.sentence_of[m]:
        return a.words[m].end, False
    span = a.quote_opening_before(t)
    if span is not None:
        if _is_content_quote(a, span, t, t):
            return span.start, True
        return span.open, False
    return a.words[t].start, False


def _direct_end(a: ArticleAnalysis, si: int, start: int) -> int:
    """Where the quotation whose words begin at ``start`` ends."""
    return next((s.end for s in a.quotes_in[si] if s.start == start), a.sentences[si].end)


def _relay_event(ex: Reader, si: int, k: int, stop: int) -> Event | None:
    """نقل X عن Y ... أن ...: Y is the speaker and X the body that passed Y's words on."""
    a = ex.a
    an = next((t for t in range(k + 1, min(stop, k + 7)) if a.words[t].norm == "عن"), None)
    if an is None:
        return None
    kind, m, _ = _scan_marker(a, an + 1, stop, "")
    if kind not in ("that", "colon", "quote"):
        return None
    via: GazetteerEntry | None = None
    if an > k + 1:
        relay = ex.resolve_phrase(k + 1, an, a.words[k].start)
        via = relay.entry if relay is not None else None
    else:
        for event in reversed(ex.events):
            if event.relay and event.via is not None:
                via = event.via
                break
    subject = subject_after(a, an + 1, m)
    speaker = ex.resolve_subject(subject, a.words[k].start) if subject is not None else None
    if speaker is None or subject is None:
        return None
    cut = subject.last
    end = speaker.last if speaker.kind in ("anonymous", "eyewitness") else cut
    speaker.span = a.phrase_span(subject.first, max(end, subject.first + 1))
    speaker.text = a.text[speaker.span.start : speaker.span.end]
    content_start, direct = _content_start(a, kind, m)
    verb = a.words[k]
    form = RELAY_FORM
    return Event(
        sentence=si,
        verb_word=k,
        verb_start=verb.start,
        verb_end=verb.end,
        form=form,
        clitic=strip_conjunction(verb.norm) != verb.norm,
        speaker=speaker,
        speaker_from=None,
        content_start=content_start,
        content_end=_direct_end(a, si, content_start) if direct else -1,
        direct=direct,
        via=via,
        relay=True,
    )


def _close_contents(ex: Reader, si: int, found: list[Event]) -> None:
    """Set where each content ends, and mark speech reported inside another speaker's words."""
    a = ex.a
    sentence = a.sentences[si]
    for n, event in enumerate(found):
        if not event.direct:
            end = sentence.end
            for later in found[n + 1 :]:
                if later.verb_start > event.content_start and later.terminates:
                    end = a.gap_start(later.verb_word)
                    break
            if event.enclosing is not None and event.enclosing.direct:
                end = min(end, event.enclosing.content_end)
            breaks = _CLAUSE_BREAK_RE.search(a.text, event.content_start, end)
            event.content_end = breaks.start() if breaks is not None else end
