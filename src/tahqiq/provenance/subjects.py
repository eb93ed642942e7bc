"""Where the subject of a speech verb lies: a title, a name and its appositions, not the words around it.

After a verb the words up to the content hold the speaker and, often, other things: an
addressee (``قال لوكالة رويترز``, ``للمحققين``), a time (``السبت``), a circumstance (``في
مؤتمر صحفي``), an object (``أعلن المجلس إعادة هيكلة``). Before a verb, a name may carry an
apposition (``جيهان شيخ أحمد، الناطقة الرسمية لغرفة العمليات، قالت``). Taking every word in
reach as the speaker makes the addressee, the object or a circumstance part of it; this module
cuts the noun phrase of the subject instead:

* a phrase made with ل (``لرويترز``, ``للأسد``, ``ل - "العربي الجديد"``) is an addressee, never a
  subject; the subject may come after it;
* the subject is a run of titles, names (gazetteer mentions, open-class names from
  :mod:`tahqiq.text.names`, short quotations) and definite words in construct (``مجلس القيادة
  العسكرية العليا``); it ends at the first indefinite word that follows a definite one (the
  object ``إعادة``), at a preposition, a relative pronoun, a time word, or a comma, unless the
  comma opens the name of a person whose title came before it (``الرئيس الفرنسي، إيمانويل
  ماكرون``);
* once a person's name is read the phrase ends.

The word groups are ``data/lexicon/speakers.tsv`` plus the title, organisation and media heads
of ``data/lexicon/name_triggers.tsv``, the list the name recogniser was trained with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tahqiq.provenance.analysis import ArticleAnalysis, OpenName
from tahqiq.provenance.speech import speech_verb, speech_words
from tahqiq.text import normalize
from tahqiq.text.clitics import strip_conjunction
from tahqiq.text.lexicon import load_table, word_set
from tahqiq.text.names import NameKind

MAX_SUBJECT_WORDS = 12
"""Longest subject phrase read; the longest in the hand-labelled pages is ten words
(``رئيس هيئة الأركان العميد عبد الكريم الأحمد`` with its body)."""
MAX_UNKNOWN_NAME_WORDS = 4
"""Words after a title taken as a name the recogniser missed (``العقيد أبو أحمد الحسن``)."""
SHORT_QUOTE_WORDS = 4
"""A quotation this short inside a subject is a name in marks (``أعلن "فيلق الشام"``)."""


@dataclass(frozen=True)
class SubjectWords:
    """The word groups subjects are cut with, normalized."""

    titles: frozenset[str]
    org_heads: frozenset[str]
    media_heads: frozenset[str]
    documents: frozenset[str]
    stops: frozenset[str]
    addressee_heads: frozenset[str]
    links: frozenset[str]
    before_what: frozenset[str]
    photo: frozenset[str]
    b_words: frozenset[str]
    name_starts: frozenset[str]
    qawl: frozenset[str]
    as_cues: frozenset[str]
    clause_links: frozenset[str]


@cache
def subject_words() -> SubjectWords:
    """The packaged groups, loaded once per process."""
    triggers = load_table("name_triggers")
    table = load_table("speakers")
    return SubjectWords(
        titles=word_set(triggers.group("title")) | word_set(table.group("title")),
        org_heads=word_set(triggers.group("org")) | word_set(table.group("org_head")),
        media_heads=word_set(triggers.group("media")),
        documents=word_set(table.group("document")),
        stops=word_set(table.group("stop")),
        addressee_heads=word_set(table.group("addressee")),
        links=word_set(table.group("link")),
        before_what=word_set(table.group("before_what")),
        photo=word_set(table.group("photo")),
        b_words=word_set(table.group("b_word")),
        name_starts=word_set(table.group("name_start")),
        qawl=word_set(table.group("qawl")),
        as_cues=word_set(table.group("as_cue")),
        clause_links=word_set(table.group("clause_link")),
    )


@dataclass(frozen=True)
class Subject:
    """A subject phrase: words ``first..last`` (exclusive), and the name it holds, if any.

    ``name`` is the fullest name read in the phrase (an open-class name or the quoted name),
    ``name_kind`` its kind; ``person`` whether a person's name or title heads it; ``document``
    whether it is a statement or report speaking for its issuer (``البيان``, ``التقرير``);
    ``named`` whether it can be a speaker at all (a name, a title, a body, a described noun),
    ``body`` whether a body's head word opens it (``وفد``, ``وزارة``).
    """

    first: int
    last: int
    name: str | None
    name_kind: NameKind | None
    person: bool
    document: bool
    title_only: bool
    named: bool
    body: bool


def definite(word: str) -> bool:
    """Whether a word as written carries the article (ال، وال، فال).

    Read on the written form: normalizing turns أ into ا, so «ألفونه» would look definite.
    """
    return word.startswith("ال") or (word[:1] in "وف" and word[1:3] == "ال")


def is_addressee(a: ArticleAnalysis, t: int) -> bool:
    """Whether word ``t`` opens a phrase with ل: an addressee or a beneficiary, never a subject."""
    norm = a.words[t].norm
    if norm in ("ل", "لـ") or norm in subject_words().addressee_heads:
        return True
    if norm.startswith("لل") and len(norm) > 3:
        return True
    if not norm.startswith("ل") or len(norm) < 3:
        return False
    rest = norm[1:]
    if a.gazetteer.heads(rest) and not a.gazetteer.heads(norm):
        return True  # لرويترز، لسانا
    name = a.name_covering(t)
    if name is not None and a.words[t].start < _name_start(a, name):
        return True  # the recogniser cut the ل off the name: لرويترز
    w = subject_words()
    return any(rest in group for group in (w.media_heads, w.org_heads, w.titles, speech_words().anonymous))


def glued_preposition(a: ArticleAnalysis, t: int) -> bool:
    """Whether word ``t`` carries a glued ب or ل before a name: بالعراق، لرويترز، للأسد."""
    norm = a.words[t].norm
    if norm.startswith(("بال", "لل")) and len(norm) > 4:
        return True
    return norm[:1] in "بل" and bool(a.gazetteer.heads(norm[1:])) and not a.gazetteer.heads(norm)


def _name_start(a: ArticleAnalysis, name: OpenName) -> int:
    word = a.words[name.first]
    at = a.text.find(name.text, word.start)
    return at if at >= 0 else word.start


def _stop(a: ArticleAnalysis, t: int) -> bool:
    norm = a.words[t].norm
    w = speech_words()
    base = strip_conjunction(norm)
    return (
        norm in w.speaker_stops
        or norm in subject_words().stops
        or base in subject_words().stops
        or norm in w.markers
        or norm in w.prepositions
        or norm in w.phrase_breaks
        or norm in w.function_words
        or speech_verb(norm) is not None
        or (
            norm[:1] == "ب"
            and len(norm) > 3
            and norm not in subject_words().b_words
            and not _starts_name(a, t)
        )
        or is_addressee(a, t)
    )


def _starts_name(a: ArticleAnalysis, t: int) -> bool:
    return a.open_name(t) is not None or any(m.first == t for m in a.mentions)


def _name_end(a: ArticleAnalysis, t: int, end: int) -> tuple[int, str | None, NameKind | None, bool]:
    """If a name starts at word ``t``: where it ends, its text, its kind and whether it is a person."""
    for m in a.mentions:
        if m.first == t and m.last <= end:
            return m.last, None, None, m.entry.type == "person"
    name = a.open_name(t)
    if name is not None and name.last <= end:
        last = name.last
        text = name.text
        # The recogniser sometimes takes a split ل into a name (رامي عبد الرحمن ل - "الشرق الأوسط").
        while last > t + 1 and len(a.words[last - 1].norm) == 1:
            last -= 1
            text = a.text[a.words[t].start : a.words[last - 1].end]
        return last, text, name.kind, name.kind is NameKind.PER
    span = a.quote_opening_before(t)
    if span is not None:
        after = a.word_at_or_after(span.end)
        if 0 < after - t <= SHORT_QUOTE_WORDS and after <= end:
            return after, a.text[a.words[t].start : a.words[after - 1].end], None, False
    return t, None, None, False


def strong(a: ArticleAnalysis, subject: Subject | None) -> bool:
    """Whether a subject phrase surely names a speaker: a person, a body, a known non-state name."""
    if subject is None:
        return False
    if subject.person or subject.body or (subject.name is not None and subject.name_kind is not NameKind.LOC):
        return True
    return any(subject.first <= m.first < subject.last and m.entry.source_type != "state" for m in a.mentions)


def subject_after(a: ArticleAnalysis, j: int, end: int) -> Subject | None:
    """The subject phrase among words ``j..end`` after a verb, skipping addressees before it."""
    end = min(end, j + MAX_SUBJECT_WORDS + 4)
    t = j
    while t < end and is_addressee(a, t):
        t = _skip_addressee(a, t, end)
    if t >= end:
        return None
    for prefix in speech_words().name_prefixes:  # اتهم ما يسمى بمركز المصالحة ...
        if t + len(prefix) < end and all(a.words[t + i].norm == p for i, p in enumerate(prefix)):
            return _phrase(a, t, end, skip=len(prefix))
    if _stop(a, t) and not given_name(a, t, end):
        return None
    return _phrase(a, t, end)


def given_name(a: ArticleAnalysis, t: int, end: int) -> bool:
    """Whether word ``t`` is a given name spelt like a function word (علي) opening a name."""
    if a.words[t].norm not in subject_words().name_starts or t + 1 >= end:
        return False
    return not (definite(a.words[t + 1].text) or _stop(a, t + 1) or _gap_breaks(a, t + 1))


def _skip_addressee(a: ArticleAnalysis, t: int, end: int) -> int:
    """The word after an addressee phrase that starts at word ``t`` (لوكالة أنباء رويترز)."""
    if a.words[t].norm in ("ل", "لـ"):
        t += 1
        if t >= end:
            return t
    return _phrase(a, t, end, addressee=True).last


def _comma_only(a: ArticleAnalysis, t: int) -> bool:
    """Whether the gap before word ``t`` is a comma or an opening bracket: الصحافي السوري (مضر ...)."""
    gap = a.gap(t)
    return not any(c in ":؛;.)[]|" for c in gap)


def _phrase(a: ArticleAnalysis, start: int, end: int, *, addressee: bool = False, skip: int = 0) -> Subject:
    """The phrase from word ``start``; an ``addressee`` phrase ends with its first name.

    ``skip`` words of a name prefix (ما يسمى) are taken as they are.
    """
    w = subject_words()
    limit = min(end, start + MAX_SUBJECT_WORDS)
    t = start + skip
    name: str | None = None
    kind: NameKind | None = None
    person = False
    titled = False
    after_title = 0
    prev_definite = True
    while t < limit:
        # a comma or bracket may open the name a title announced: الرئيس الفرنسي، ماكرون
        if (
            t > start
            and _gap_breaks(a, t)
            and not (titled and not person and _comma_only(a, t) and _person_at(a, t, limit))
        ):
            break
        if t > start and is_addressee(a, t):
            break  # قال مسؤول عراقي لرويترز: the addressee is not part of the subject
        stop, found, found_kind, found_person = _name_end(a, t, limit)
        apposed = found_person or found_kind is NameKind.PER or _in_marks(a, t)
        if stop > t and t > start + skip and prev_definite and not titled and not apposed:
            break  # no genitive after a definite noun: in «طالب المجلس أوروبا» Europe is the object
        if stop > t:
            name, kind = (found or a.text[a.words[t].start : a.words[stop - 1].end]), found_kind
            t = stop
            prev_definite = True
            if found_person or found_kind is NameKind.PER:
                person = True
                if t + 1 == end and not _gap_breaks(a, t) and not _stop(a, t):
                    t += 1  # the one word left before the content is the surname the recogniser missed
                break
            if found_kind in (NameKind.ORG, NameKind.MEDIA) and not addressee:
                continue  # the recogniser often stops short of a body's adjectives: مجلس الأمناء الأعلى
            if addressee or (found is not None and found_kind is None):
                break  # a quoted name ends the phrase: أعلن "فيلق الشام" المعارض ...
            if any(m.first < stop <= m.last for m in a.mentions if m.entry.type == "person_title"):
                titled = True  # الرئيس الروسي: a title the gazetteer lists; the name follows
                continue
            if t < limit and _apposed_name(a, t, limit):
                t = _name_end(a, t, limit)[0]  # وكالة الأنباء الروسية "تاس"، الوكالة السورية (سانا)
                break
            if not (titled and t < limit and _person_at(a, t, limit)):
                break  # a body's name ends the phrase unless a titled person follows: مدير المرصد ... رامي
            continue
        if t > start and _stop(a, t) and not (a.words[t].norm in w.links and titled):
            break
        norm = a.words[t].norm
        base = strip_conjunction(norm)
        if norm in w.links and titled:
            prev_definite = False  # متحدث باسم الوزارة: the body the title speaks for follows
            t += 1
            continue
        if norm in w.titles or base in w.titles:
            titled = True
            after_title = 0
            prev_definite = definite(a.words[t].text)
            t += 1
            continue
        if definite(a.words[t].text):
            if person or (name is not None and (base in w.org_heads or base in w.titles)):
                break  # طالب المجلس البلدي الحكومة بـ...: a second head noun is the object
            prev_definite = True
            t += 1
            continue
        # an indefinite word: a head in construct, a name the recogniser missed, or the object
        if t == start or not prev_definite or (titled and after_title < MAX_UNKNOWN_NAME_WORDS):
            if titled:
                after_title += 1
            prev_definite = False
            t += 1
            continue
        break
    last = max(t, start + 1)
    head = strip_conjunction(a.words[start].norm)
    document = head in w.documents and last - start <= 2
    title_only = (
        titled
        and name is None
        and all(a.words[i].norm in w.titles or definite(a.words[i].text) for i in range(start, last))
    )
    body = _is_body(a, start, last)
    mentioned = any(start <= m.first < last for m in a.mentions)
    # Two or more definite words (الرابطة الأمريكية) name a body even when no list knows it.
    described = last - start >= 2 and all(definite(a.words[i].text) for i in range(start, last))
    anonymous = head in speech_words().anonymous or head in speech_words().eyewitness
    named = name is not None or mentioned or body or titled or described or anonymous
    return Subject(
        start, last, name, kind, person or (titled and not body), document, title_only, named, body
    )


def _gap_breaks(a: ArticleAnalysis, t: int) -> bool:
    gap = a.gap(t)
    return any(c in "،,:؛;.()[]|" for c in gap) or " - " in gap


def _in_marks(a: ArticleAnalysis, t: int) -> bool:
    """Whether word ``t`` opens a quotation or bracket: a name in marks after a noun names it."""
    return any(c in '("«“' for c in a.gap(t))


def _apposed_name(a: ArticleAnalysis, t: int, limit: int) -> bool:
    """Whether word ``t`` opens a known name in marks or brackets, the short name of the one before."""
    gap = a.gap(t)
    if not any(c in '("«“' for c in gap):
        return False
    return any(m.first == t and m.last <= limit for m in a.mentions)


def _person_at(a: ArticleAnalysis, t: int, limit: int) -> bool:
    _, _, _, found_person = _name_end(a, t, limit)
    return found_person


def _is_body(a: ArticleAnalysis, start: int, last: int) -> bool:
    """Whether the phrase is headed by an organisation or medium word (وزارة، مجلس، وكالة)."""
    w = subject_words()
    head = strip_conjunction(a.words[start].norm)
    return head in w.org_heads or head in w.media_heads or normalize(head) in w.org_heads
