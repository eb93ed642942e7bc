"""Speakers of reported speech: who the words after (or before) a speech verb name.

A speaker is resolved, in this order, to a gazetteer entry named in the speaker words (a
person before a title, a body before a country), an anonymous or eyewitness source
(``مصادر أهلية``, ``شهود عيان``), a body named earlier that a definite noun points back to
(``الوزارة``, ``المركز``), a person named earlier by surname alone (``(الأسعد)``), or a fuzzy
match of a transliterated name. A verb with no speaker takes the previous speaker whose
gender and number agree with it (``وأضافت`` → the last feminine speaker, ``وأضافوا`` → the last
plural one). The speaker words after a verb end at a circumstantial (``في بيان``, ``أمام
الصحفيين``); in headline order (``الدفاع الروسية تتهم``) the name stands before the verb.

:class:`Speaker` and :class:`Event` are the working records of one pass over an article
(:mod:`tahqiq.provenance.events`); they are filled in as the pass goes and become frozen
:class:`~tahqiq.records.provenance.Quote` records at its end (:mod:`tahqiq.provenance.quotes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tahqiq.provenance.analysis import ArticleAnalysis
from tahqiq.provenance.gazetteer import GazetteerEntry
from tahqiq.provenance.speech import Agreement, VerbForm, speech_verb, speech_words
from tahqiq.provenance.subjects import Subject, definite, given_name, glued_preposition, subject_after
from tahqiq.records import Span
from tahqiq.records.provenance import SourceType
from tahqiq.text import Token, tokenize
from tahqiq.text.clitics import GLUED_PREPOSITIONS, bare, clitic_forms, strip_conjunction
from tahqiq.text.names import NameKind

SPEAKER_WINDOW = 14
"""How many words a speaker may span, after the verb or before it."""
TRIM = " \t\n،,.:؛;-–—«»“”„\"'()"
"""Characters trimmed from the ends of a speaker title or a statement's content."""


@dataclass
class Speaker:
    """A speaker as the pass resolves it: words as written, their span, and what they name.

    Mutable on purpose: the pass sets ``span``, ``text`` and ``agreement`` once it knows where
    the speaker words end; ``first``/``last`` are the word indices they were resolved from.
    """

    text: str
    span: Span | None
    entry: GazetteerEntry | None
    kind: SourceType
    title: str | None = None
    agreement: Agreement | None = None
    first: int = -1
    last: int = -1
    name: str | None = None
    """The fullest name the article gives a speaker the gazetteer does not know (its canonical name)."""

    @property
    def named(self) -> bool:
        """Whether the speaker is a party with a name, known to the gazetteer or not."""
        return self.entry is not None or bool(self.name)


def _rank(entry: GazetteerEntry) -> int:
    if entry.type == "person":
        return 0
    if entry.type == "person_title":
        return 1
    if entry.type == "state":
        return 3
    return 2


def starts_with(words: Sequence[Token], i: int, end: int, phrase: tuple[str, ...]) -> bool:
    """Whether words ``i..end`` open with the normalized ``phrase``, its first word maybe after و/ف."""
    if i + len(phrase) > end:
        return False
    first = words[i].norm
    if first != phrase[0] and strip_conjunction(first) != phrase[0]:
        return False
    return all(words[i + k].norm == phrase[k] for k in range(1, len(phrase)))


@lru_cache(maxsize=10_000)
def _name_parts(name: str) -> frozenset[str]:
    return frozenset(bare(w.norm) for w in tokenize(name.lstrip("~")))


class Reader:
    """One pass over an article's sentences, keeping the speakers met so far for back-references."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.a = analysis
        self.g = analysis.gazetteer
        self.events: list[Event] = []

    # speaker words -> speaker
    def resolve_phrase(self, start: int, end: int, before: int) -> Speaker | None:
        """The speaker named by words ``start..end``; ``before`` is the offset back-references look behind."""
        w = speech_words()
        a = self.a
        if start >= end:
            return None
        i = start
        for prefix in w.name_prefixes:
            if starts_with(a.words, i, end, prefix):
                i += len(prefix)
                break
        if i >= end:
            return None
        mentions = self.g.find_in_tokens(a.text, a.words, weak=True, start=i, end=end)
        if mentions:
            best = min(mentions, key=lambda m: (_rank(m.entry), m.first))
            title = None
            if best.entry.type == "person" and best.first > i:
                title_text = a.text[a.words[i].start : a.words[best.first].start].strip(TRIM)
                title = title_text or None
            return Speaker(
                text="",
                span=None,
                entry=best.entry,
                kind=best.entry.source_type,
                title=title,
                first=start,
                last=best.last,
            )
        for key, had_article in clitic_forms(a.words[i].norm):
            if key in w.source_words and had_article:
                return self.back_reference(None, before, start, end)
            if key in w.anonymous or key in w.eyewitness:
                kind: SourceType = "eyewitness" if key in w.eyewitness else "anonymous"
                last = i + 1
                while last < end and last < i + 4 and a.words[last].norm not in w.function_words:
                    if a.words[last].norm in w.prepositions or (
                        a.words[last].norm[:1] in GLUED_PREPOSITIONS and last > i + 1
                    ):
                        break
                    last += 1
                agreement: Agreement | None = "pl" if key in w.plural_sources else None
                return Speaker("", None, None, kind, agreement=agreement, first=start, last=last)
            if had_article and key in w.back_references and end - i == 1:
                return self.back_reference(key, before, start, end)
        if a.words[i].norm in w.function_words and not given_name(a, i, end):
            return None
        if end - i <= 3:
            surname = self.surname_reference(i, end, before)
            if surname is not None:
                return surname
            name = a.text[a.words[i].start : a.words[end - 1].end]
            entry = self.g.lookup(name)
            if entry is not None:
                return Speaker("", None, entry, entry.source_type, first=start, last=end)
        return Speaker("", None, None, "unknown", first=start, last=end)

    def back_reference(self, head: str | None, before: int, start: int, end: int) -> Speaker:
        """Resolve "المصدر" (any earlier source) or "الوزارة" (the last body whose name starts so)."""
        if head is None:
            for event in reversed(self.events):
                if event.speaker.entry is not None and event.verb_start < before:
                    entry = event.speaker.entry
                    return Speaker("", None, entry, entry.source_type, first=start, last=start + 1)
            return Speaker("", None, None, "unresolved", first=start, last=start + 1)
        candidates = {e.id for e in self.g.heads(head)}
        for mention in reversed(self.a.mentions):
            if mention.start < before and mention.entry.id in candidates:
                entry = mention.entry
                return Speaker("", None, entry, entry.source_type, first=start, last=start + 1)
        return Speaker("", None, None, "unresolved", first=start, last=start + 1)

    def surname_reference(self, start: int, end: int, before: int) -> Speaker | None:
        """A person named earlier, now called by one of their names alone: (الأسعد)."""
        wanted = {bare(w.norm) for w in self.a.words[start:end]}
        for event in reversed(self.events):
            entry = event.speaker.entry
            if entry is None or entry.type != "person" or event.verb_start >= before:
                continue
            for name in (entry.canonical, *entry.variants):
                if wanted <= _name_parts(name):
                    return Speaker("", None, entry, "person", first=start, last=end)
        return None

    def pronoun(self, agreement: Agreement, before: int) -> tuple[Speaker, int] | None:
        """The last speaker before ``before`` whose gender/number agrees; else simply the last one.

        A medium that only passed words on (نقلت وكالة ... عن) and a speaker left unresolved are
        passed over: "he added" continues the party that spoke, not the agency that relayed it.
        """
        fallback: tuple[Speaker, int] | None = None
        for k in range(len(self.events) - 1, -1, -1):
            event = self.events[k]
            if event.nested or event.verb_start >= before:
                continue
            if event.speaker.kind == "unresolved" or (
                event.speaker.kind in ("agency", "outlet") and any(e.relay for e in self.events[k:])
            ):
                continue
            if fallback is None:
                fallback = (event.speaker, k)
            spoken = event.speaker.agreement
            if spoken == agreement or (spoken is None and agreement == "m"):
                return event.speaker, k
        return fallback

    # subject phrase -> speaker
    def resolve_subject(self, subject: Subject, before: int) -> Speaker | None:
        """The speaker a subject phrase names: a gazetteer entry, an open-class name, a document's
        issuer (وقال البيان), a person named earlier by title alone (وأضاف المراسل)."""
        speaker = self.resolve_phrase(subject.first, subject.last, before)
        if (
            speaker is not None
            and speaker.entry is not None
            and speaker.entry.is_media
            and subject.name_kind is NameKind.PER
            and subject.name is not None
        ):
            # «مراسل الجزيرة أدهم أبو الحسام»: the reporter speaks, not the medium named with them.
            # (A spokesman of a known body keeps the body: the body is what a check traces to.)
            speaker.entry, speaker.kind, speaker.name = None, "person", self.fullest(subject.name)
            return speaker
        if (
            speaker is not None
            and speaker.kind == "anonymous"
            and subject.name_kind is NameKind.PER
            and subject.name
        ):
            # «الناشط أبو المهاجر»: an activist named by name is a person, not an unnamed source.
            speaker.kind, speaker.name = "person", self.fullest(subject.name)
            return speaker
        if speaker is not None and speaker.kind in ("anonymous", "eyewitness"):
            speaker.name = self.unnamed_before(subject, before)
        if speaker is None or speaker.entry is not None or speaker.kind in ("anonymous", "eyewitness"):
            return speaker
        if speaker.kind == "unresolved" and not subject.document:
            return speaker
        if subject.document:
            issuer = self.named_issuer(subject) or self.issuer(before)
            if issuer is not None:
                return Speaker(
                    "",
                    None,
                    issuer.entry,
                    issuer.kind,
                    name=issuer.name,
                    first=subject.first,
                    last=subject.last,
                )
            return speaker
        if subject.title_only and subject.person:
            named = self.person_after(subject)
            if named is not None:
                return named
            earlier = self.person_before(before)
            if earlier is not None:
                earlier.first, earlier.last = subject.first, subject.last
                return earlier
            return speaker
        if subject.last - subject.first == 1 and definite(self.a.words[subject.first].text):
            earlier = self.named_by_head(subject.first, before)
            if earlier is not None:
                return earlier
        if subject.name is not None:
            speaker.name = self.fullest(subject.name)
            speaker.kind = _KIND_OF_NAME.get(subject.name_kind, "organisation")
            if subject.person:
                speaker.kind = "person"
        elif subject.body:
            # وفد المعارضة السورية: a body's head and its description name it; a described
            # phrase without one (الرابط الأمريكية) stays a speaker as written, with no name.
            a = self.a
            speaker.name = clean_name(a.text[a.words[subject.first].start : a.words[subject.last - 1].end])
            speaker.kind = "organisation"
        return speaker

    def named_issuer(self, subject: Subject) -> Speaker | None:
        """The body a document names as its issuer: بيان صادر عن النيابة، بيان للتحالف."""
        a = self.a
        s = a.sentence_of[subject.first]
        stop = min(a.sentence_words[s][1], subject.last + SPEAKER_WINDOW)
        t = subject.last
        if t < stop and a.words[t].norm == "عن":
            t += 1
        elif not (subject.last - subject.first == 1 and t < stop and a.words[t].norm.startswith("ل")):
            return None
        found = self.g.find_in_tokens(a.text, a.words, weak=True, start=t, end=min(stop, t + 6))
        if found and found[0].first == t:
            return Speaker("", None, found[0].entry, found[0].entry.source_type)
        name = a.name_covering(t)
        if name is not None and name.kind is not NameKind.LOC:
            return Speaker("", None, None, _KIND_OF_NAME[name.kind], name=self.fullest(name.text))
        body = subject_after(a, t, stop)
        if body is not None and body.body:
            text = clean_name(a.text[a.words[body.first].start : a.words[body.last - 1].end])
            return Speaker("", None, None, "organisation", name=text)
        return None

    def unnamed_before(self, subject: Subject, before: int) -> str | None:
        """The words an unnamed source was first cited with, when the article cites it again with
        the article: «وقال المسؤول العراقي الكبير السابق» after «أن مسؤولا عراقيا كبيرا سابقا»."""
        a = self.a
        if not definite(a.words[subject.first].text):
            return None
        wanted = [bare(w.norm) for w in a.words[subject.first : subject.last]]
        for event in reversed(self.events):
            sp = event.speaker
            if event.verb_start >= before or sp.kind not in ("anonymous", "unknown") or not sp.name:
                continue
            if [bare(w.norm) for w in tokenize(sp.name)] == wanted[: len(tokenize(sp.name))]:
                return sp.name
        return None

    def named_by_head(self, t: int, before: int) -> Speaker | None:
        """A body named earlier whose name opens with the definite noun at ``t``: الجهاز → جهاز ..."""
        head = bare(self.a.words[t].norm)
        for event in reversed(self.events):
            sp = event.speaker
            if event.nested or event.verb_start >= before or not sp.name or sp.entry is not None:
                continue
            words = tokenize(sp.name)
            if words and bare(strip_conjunction(words[0].norm)) == head:
                return Speaker("", None, None, sp.kind, name=sp.name, first=t, last=t + 1)
        return None

    def issuer(self, before: int) -> Speaker | None:
        """Who issued the statement or report an article goes on quoting: the last named party
        that spoke before ``before``, a body rather than a person, never a relaying medium."""
        person: Speaker | None = None
        for event in reversed(self.events):
            sp = event.speaker
            if event.nested or event.verb_start >= before or not sp.named:
                continue
            if sp.kind in ("agency", "outlet", "anonymous", "eyewitness", "state"):
                continue
            if sp.kind != "person":
                return sp
            person = person or sp
        if person is not None:
            return person
        a = self.a
        body: tuple[int, Speaker] | None = None
        for mention in reversed(a.mentions):
            if mention.start < before and mention.entry.source_type in _BODIES:
                body = (mention.start, Speaker("", None, mention.entry, mention.entry.source_type))
                break
        for name in reversed(a.names):
            start = a.words[name.first].start
            if name.kind is NameKind.ORG and start < before:
                if body is None or start > body[0]:
                    body = (start, Speaker("", None, None, "organisation", name=self.fullest(name.text)))
                break
        return body[1] if body is not None else None

    def person_after(self, subject: Subject) -> Speaker | None:
        """A person named after a title and its body: وقال الباحث في مؤسسة أمريكا الجديدة، باراك بارفي."""
        a = self.a
        w = speech_words()
        stop = min(a.sentence_words[a.sentence_of[subject.first]][1], subject.last + SPEAKER_WINDOW)
        for t in range(subject.last, stop):
            if a.words[t].norm in w.markers or speech_verb(a.words[t].norm) is not None:
                return None
            name = a.open_name(t)
            if name is not None and name.kind is NameKind.PER:
                return Speaker(
                    "",
                    None,
                    None,
                    "person",
                    name=self.fullest(name.text),
                    first=subject.first,
                    last=subject.last,
                )
        return None

    def person_before(self, before: int) -> Speaker | None:
        """The last person named before character ``before``: a speaker, or a name in a report."""
        a = self.a
        best: tuple[int, Speaker] | None = None
        for event in reversed(self.events):
            sp = event.speaker
            if not event.nested and event.verb_start < before and sp.kind == "person" and sp.named:
                best = (event.verb_start, Speaker("", None, sp.entry, "person", name=sp.name))
                break
        for name in reversed(a.names):
            start = a.words[name.first].start
            if name.kind is NameKind.PER and start < before:
                if best is None or start > best[0]:
                    best = (start, Speaker("", None, None, "person", name=self.fullest(name.text)))
                break
        return best[1] if best is not None else None

    def fullest(self, name: str) -> str:
        """The longest person or body name of the article that holds every word of ``name``."""
        wanted = {bare(w.norm) for w in tokenize(name)}
        best = clean_name(name)
        for other in self.a.names:
            if len(other.text) > len(best) and wanted <= _name_parts(other.text):
                best = clean_name(other.text)
        return best


def clean_name(text: str) -> str:
    """A name as a reader writes it: without quotation marks, brackets, doubled spaces, or a
    split one-letter preposition the recogniser took in («رامي عبد الرحمن ل - ...»)."""
    words = text.translate(_MARKS).split()
    while len(words) > 1 and len(words[-1]) == 1:
        words.pop()
    return " ".join(words).strip(TRIM)


_MARKS = str.maketrans({c: " " for c in '«»“”„"()[]'})
_BODIES: frozenset[SourceType] = frozenset({"official_body", "organisation", "ngo"})
_KIND_OF_NAME: dict[NameKind | None, SourceType] = {
    NameKind.PER: "person",
    NameKind.ORG: "organisation",
    NameKind.MEDIA: "outlet",
    NameKind.LOC: "state",
}


@dataclass
class Event:
    """A speech event as the pass builds it; :mod:`tahqiq.provenance.quotes` turns it into a Quote.

    Offsets are characters; ``verb_word`` is a word index. ``content_end`` is -1 until the
    sentence's later events are known (``terminates``: whether this event ends the content of
    the one before it). ``enclosing`` is the event whose words this one is reported inside.
    """

    sentence: int
    verb_word: int
    verb_start: int
    verb_end: int
    form: VerbForm
    clitic: bool
    speaker: Speaker
    speaker_from: int | None
    content_start: int
    content_end: int
    direct: bool
    via: GazetteerEntry | None = None
    nested: bool = False
    relay: bool = False
    terminates: bool = True
    object_content: bool = False
    consumed: set[int] = field(default_factory=set)
    enclosing: Event | None = None


# Articles whose quotes are kept (tahqiq.provenance.memo): a few hundred checks of ten articles
# each, plus their article views; a Quote is a few hundred bytes, an article has a few dozen.
def cut_speaker(a: ArticleAnalysis, j: int, end: int) -> int:
    """Where the speaker words after a verb end: before a circumstantial, a cue or a dangling preposition."""
    w = speech_words()
    t = j
    while t < end:
        norm = a.words[t].norm
        if t in a.covered:
            t += 1
            continue
        if norm in w.speaker_stops:
            break
        if norm in w.statement_prepositions and t + 1 < end and a.words[t + 1].norm in w.statement_nouns:
            break
        t += 1
    while t > j and a.words[t - 1].norm in w.dangling:
        t -= 1
    return t


def _credit_before(a: ArticleAnalysis, k: int) -> bool:
    """Whether a bracket closing right before word ``k`` holds a medium: a photo or wire credit."""
    if ")" not in a.gap(k):
        return False
    return any(m.last == k and m.entry.is_media for m in a.mentions)


def lookback(ex: Reader, si: int, k: int) -> Speaker | None:
    """Subject-verb order: the name standing right before the verb in its clause (إن واشنطن تدعي)."""
    w = speech_words()
    a = ex.a
    first = a.sentence_words[si][0]
    if (k > first and any(c in "،,.:؛;[]|" for c in a.gap(k))) or _credit_before(a, k):
        return None  # "(الجزيرة نت) أعلن المجلس": a credit or a clause, not the subject
    cs = k - 1
    while cs >= first and cs >= k - SPEAKER_WINDOW:
        norm = a.words[cs].norm
        if (
            norm in w.markers
            or speech_verb(norm) is not None
            or (any(c in '«“":' for c in a.gap(cs + 1)) and cs < k - 1)
        ):
            break
        cs -= 1
    cs += 1
    if cs >= k:
        return None
    speaker = ex.resolve_phrase(cs, k, a.words[k].start)
    if speaker is not None and speaker.entry is not None and speaker.last == k:
        named_at = next((m.first for m in a.mentions if m.last == k and m.entry == speaker.entry), None)
        if named_at is not None and glued_preposition(a, named_at):
            return None  # «... المسلحة بالعراق دعا الرئيس»: a name after ب or ل is no subject
        return speaker
    after_marker = cs > first and a.words[cs - 1].norm in w.markers
    if after_marker and k - cs <= 5 and not any(a.words[t].norm in w.function_words for t in range(cs, k)):
        speaker = ex.resolve_phrase(cs, k, a.words[k].start)
        if speaker is not None:
            if speaker.entry is None and not speaker.name:
                # After إن/أن an unnamed source stands in the accusative («أن مسؤولا عراقيا قال»);
                # it is named in the nominative, as a reader cites it («مسؤول عراقي»).
                speaker.name = nominative(a.text[a.words[cs].start : a.words[k - 1].end])
            return speaker
    return None


def nominative(phrase: str) -> str:
    """An indefinite phrase without its accusative endings: مسؤولا عراقيا كبيرا → مسؤول عراقي كبير."""
    out = []
    for word in clean_name(phrase).split():
        if len(word) > 3 and word.endswith("ا") and not word.startswith("ال") and word[-2] not in "اءى":
            word = word[:-1]
        out.append(word)
    return " ".join(out)


def lookback_name(ex: Reader, si: int, k: int, *, adjacent: bool = False) -> Speaker | None:
    """A person named at the head of the clause before the verb, with an apposition between.

    ``جيهان شيخ أحمد، الناطقة الرسمية لغرفة العمليات، قالت``: the name opens the clause (after
    the sentence start, a content marker or a speech verb) and the words up to the verb describe
    it. Only a person's name counts, so an object named in a preceding clause is not taken.
    ``adjacent`` asks for the name right before the verb (headline order: ماكرون يدعو).
    """
    w = speech_words()
    a = ex.a
    first = a.sentence_words[si][0]
    cs = k - 1
    while cs >= first and cs >= k - SPEAKER_WINDOW:
        norm = a.words[cs].norm
        if norm in w.markers or speech_verb(norm) is not None or any(c in ".:؛" for c in a.gap(cs + 1)):
            break
        cs -= 1
    for t in range(cs + 1, k):
        name = a.open_name(t)
        mention = next((m for m in a.mentions if m.first == t), None)
        if mention is not None and mention.entry.type == "person" and (not adjacent or mention.last == k):
            return Speaker("", None, mention.entry, "person", first=t, last=mention.last)
        if name is not None and name.kind is NameKind.PER and (not adjacent or name.last == k):
            return Speaker("", None, None, "person", name=ex.fullest(name.text), first=t, last=name.last)
        if name is not None or mention is not None or a.words[t].norm in w.function_words:
            return None
    return None


def clause_before(ex: Reader, si: int, k: int) -> Speaker | None:
    """The words opening the clause of a plural verb, its subject: «مقربون من القياديين أخبروا»."""
    w = speech_words()
    a = ex.a
    first = a.sentence_words[si][0]
    cs = k - 1
    while cs > first and cs > k - SPEAKER_WINDOW:
        if a.words[cs - 1].norm in w.markers or any(c in ".:؛،," for c in a.gap(cs)):
            break
        cs -= 1
    if cs >= k or a.words[cs].norm in w.function_words:
        return None
    speaker = ex.resolve_phrase(cs, k, a.words[k].start)
    if speaker is None or speaker.kind == "unresolved":
        return None
    speaker.first, speaker.last = cs, k
    return speaker


def is_prepositional(ex: Reader, j: int) -> bool:
    """Whether the words after a verb open with a preposition, so they cannot be its subject."""
    norm = ex.a.words[j].norm
    if norm in speech_words().prepositions:
        return True
    if norm[:1] in GLUED_PREPOSITIONS and len(norm) > 3:
        return not any(
            m.first == j for m in ex.g.find_in_tokens(ex.a.text, ex.a.words, weak=True, start=j, end=j + 4)
        )
    return False
