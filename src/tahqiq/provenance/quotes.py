"""Who said what: reported speech in Arabic news, with speaker, speech verb, content and distancing.

A fact-checker needs to tell "the ministry said X" from "the outlet says X", and "A denied X"
from "A asserted X". Arabic news reports speech with a small set of verbs in verb-subject
order (``وأكد مركز المصالحة ... أن ...``), less often subject-verb (``إن الولايات المتحدة تدعي``),
and continues a speaker with a bare verb or a participle (``وأضافت``, ``مضيفاً``). This module
finds those events with a word-level pass over each sentence: a speech verb, the speaker words
after it (cut at circumstantials such as ``في بيان``, ``أمام الصحفيين``), and the content, which
is the quotation in «…», “…” or "…" or the clause after أن/إن/بأن or a colon. Verbs that take an
object (نفى، اتهم، أقر، حذر) may have no أن: their content is the rest of the clause.

A speaker is resolved, in this order, to a gazetteer entry named in the speaker words (a
person before a title, a body before a country), an anonymous or eyewitness source
(``مصادر أهلية``, ``شهود عيان``), a body named earlier that a definite noun points back to
(``الوزارة``, ``المركز``), a person named earlier by surname alone (``(الأسعد)``), or a fuzzy
match of a transliterated name. A verb with no speaker takes the previous speaker whose
gender and number agree with it (``وأضافت`` → the last feminine speaker, ``وأضافوا`` → the last
plural one).

``distanced`` marks statements the outlet holds at arm's length in its own voice: "ما يسمى",
"المزعوم", a claim verb such as "زاعماً", and scare quotes (a short quoted name inside reported
content, like «الجيش السوري الجديد»). Words inside a direct quotation belong to the speaker
and never count.

Primary source (:func:`primary_source`): the news lede carries an article's central statement,
so the first statement made by a specific party (a person, a body, an organisation; not a
country or capital standing for its government, and not an outlet passing news on) is taken as
central. Its origin is the gazetteer ``origin`` of its speaker (or of the body it spoke through,
``عبر مركز ...``, when that body belongs to the speaker). Where the article later quotes a unit
of that party (the ministry first, then its reconciliation centre), the more specific unit is
the origin. Without such a statement the first official or personal source cited is used,
then a country, then an outlet.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import regex

from tahqiq.provenance.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    Mention,
    Word,
    bare,
    clitic_forms,
    match_tokens,
)
from tahqiq.provenance.memo import Memo, sentence_bounds, text_digest
from tahqiq.records import Sentence, Span
from tahqiq.records.provenance import Attribution, Quote, QuotedSpan, SourceType, VerbClass

Agreement = Literal["m", "f", "pl"]


# --- lexicon -------------------------------------------------------------------------------------
# lemma, class, strict (only with a clear speaker), masculine, feminine, plural, participle m, participle f
_VERB_TABLE: tuple[tuple[str, VerbClass, bool, str, str, str, str, str], ...] = (
    ("قال", "asserts", False, "قال يقول", "قالت تقول", "قالوا يقولون", "قائلا", "قائلة"),
    ("أكد", "asserts", False, "أكد يؤكد", "أكدت تؤكد", "أكدوا يؤكدون", "مؤكدا", "مؤكدة"),
    ("أعلن", "asserts", False, "أعلن يعلن", "أعلنت تعلن", "أعلنوا يعلنون", "معلنا", "معلنة"),
    ("أوضح", "asserts", False, "أوضح يوضح", "أوضحت توضح", "أوضحوا", "موضحا", "موضحة"),
    ("أشار", "asserts", False, "أشار يشير", "أشارت تشير", "أشاروا", "مشيرا", "مشيرة"),
    ("أضاف", "asserts", False, "أضاف يضيف", "أضافت تضيف", "أضافوا", "مضيفا", "مضيفة"),
    ("لفت", "asserts", False, "لفت يلفت", "لفتت تلفت", "لفتوا", "لافتا", "لافتة"),
    ("شدد", "asserts", False, "شدد يشدد", "شددت تشدد", "شددوا", "مشددا", "مشددة"),
    ("صرح", "asserts", False, "صرح يصرح", "صرحت تصرح", "صرحوا", "مصرحا", "مصرحة"),
    ("كشف", "asserts", False, "كشف يكشف", "كشفت تكشف", "كشفوا", "كاشفا", "كاشفة"),
    ("ذكر", "asserts", True, "ذكر يذكر", "ذكرت تذكر", "ذكروا", "مذكرا", "مذكرة"),
    ("أفاد", "asserts", False, "أفاد يفيد", "أفادت تفيد", "أفادوا", "مفيدا", "مفيدة"),
    ("بين", "asserts", True, "بين", "بينت", "بينوا", "مبينا", "مبينة"),
    ("نوه", "asserts", False, "نوه", "نوهت", "نوهوا", "منوها", "منوهة"),
    ("اعتبر", "asserts", False, "اعتبر يعتبر", "اعتبرت تعتبر", "اعتبروا", "معتبرا", "معتبرة"),
    ("أردف", "asserts", False, "أردف", "أردفت", "أردفوا", "مردفا", "مردفة"),
    ("تابع", "asserts", True, "تابع", "تابعت", "تابعوا", "", ""),
    ("نفى", "denies", False, "نفى ينفي", "نفت تنفي", "نفوا ينفون", "نافيا", "نافية"),
    ("كذب", "denies", True, "كذب", "كذبت", "كذبوا", "مكذبا", "مكذبة"),
    ("دحض", "denies", True, "دحض يدحض", "دحضت تدحض", "دحضوا", "داحضا", "داحضة"),
    ("أنكر", "denies", False, "أنكر ينكر", "أنكرت تنكر", "أنكروا", "منكرا", "منكرة"),
    ("اتهم", "accuses", False, "اتهم يتهم", "اتهمت تتهم", "اتهموا يتهمون", "متهما", "متهمة"),
    ("أقر", "admits", False, "أقر يقر", "أقرت تقر", "أقروا", "مقرا", "مقرة"),
    ("اعترف", "admits", False, "اعترف يعترف", "اعترفت تعترف", "اعترفوا", "معترفا", "معترفة"),
    ("زعم", "claims", False, "زعم يزعم", "زعمت تزعم", "زعموا يزعمون", "زاعما", "زاعمة"),
    ("ادعى", "claims", False, "ادعى يدعي", "ادعت تدعي", "ادعوا يدعون", "مدعيا", "مدعية"),
    ("حذر", "warns", False, "حذر يحذر", "حذرت تحذر", "حذروا", "محذرا", "محذرة"),
)
# Verbs whose complement may be an object rather than an أن-clause: نفى المعلومات، اتهم واشنطن بـ...
_OBJECT_CLASSES = frozenset({"denies", "accuses", "admits", "claims", "warns"})


@dataclass(frozen=True)
class VerbForm:
    """A speech verb form: its lemma and class, the gender/number it agrees with, and its kind."""

    lemma: str
    verb_class: VerbClass
    agreement: Agreement
    participle: bool
    strict: bool


def _n(word: str) -> str:
    return match_tokens(word)[0].norm


def _words(text: str) -> frozenset[str]:
    """The normalized words of a space-separated word list."""
    return frozenset(t.norm for t in match_tokens(text))


def _build_lexicon() -> dict[str, VerbForm]:
    out: dict[str, VerbForm] = {}
    for lemma, cls, strict, m, f, pl, pm, pf in _VERB_TABLE:
        groups: tuple[tuple[str, Agreement, bool], ...] = (
            (m, "m", False),
            (f, "f", False),
            (pl, "pl", False),
            (pm, "m", True),
            (pf, "f", True),
        )
        for forms, agreement, participle in groups:
            for form in forms.split():
                out.setdefault(_n(form), VerbForm(lemma, cls, agreement, participle, strict))
    return out


_LEXICON = _build_lexicon()
# Relay verbs: نقل X عن Y (X passes on Y's words); with an object suffix (نقلته وكالة سانا) the
# subject that follows is the outlet that carried the statement.
RELAY_FORMS: frozenset[str] = _words("نقل نقلت نقلوا ينقل تنقل ناقلا ناقلة نقلته نقلتها نقله نقلها نقلتهما")
RELAY_WITH_OBJECT: frozenset[str] = _words("نقلته نقلتها نقله نقلها نقلتهما")

MARKERS: frozenset[str] = _words(
    "أن إن أنه إنه أنها إنها أنهم إنهم أنهما أنني إنني أننا إننا بأن بأنه بأنها بأنهم فإن فإنه فإنها"
)
_FUNCTION_WORDS = _words(
    "ما الذي التي الذين اللذين هذا هذه ذلك تلك هؤلاء أن إن أنه في من عن على إلى مع حول قد لقد "
    "كان كانت لا لم لن ثم أو هو هي هم بعد قبل عند منذ كما أيضا حيث لكن لكنه إلا أي كل بعض "
    "عبر لدى خلال أمام بين وسط ضد دون نحو تحت فوق"
)
_PREPOSITIONS = _words("في من عن على إلى مع حول ب ل لدى عبر بين ضد نحو تحت فوق")
_STOP_WORDS = _words(
    "خلال أمام عبر اليوم أمس مساء صباح مؤخرا أيضا كذلك بدوره بدورها للصحفيين للصحافيين لوسائل "
    "الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم ليلة صباحا مساء حاليا سابقا مجددا "
    "بحسب حسب وفقا طبقا نقلا نقلته نقلتها نقله نقلها بعد قبل أثناء عقب ردا تعليقا"
)
_COMM_NOUNS = _words(
    "بيان بيانه بيانها بيانات تصريح تصريحه تصريحها تصريحات تصريحاته كلمة كلمته كلمتها حديث حديثه "
    "حديثها مقابلة مقابلته مقابلتها مؤتمر اتصال لقاء رسالة رسالته تغريدة تغريدته منشور حوار حواره ندوة "
    "جلسة اجتماع تقرير تقريرها تقريره موقعها موقعه صفحته صفحتها حسابه حسابها"
)
_ANONYMOUS_HEADS = _words(
    "مصدر مصادر ناشط ناشطون ناشطين مسؤول مسؤولون مسؤولين دبلوماسي دبلوماسيون مراقبون مراقبين"
)
_EYEWITNESS_HEADS = _words("شهود شاهد سكان أهالي نازحين نازحون مواطنون مواطنين لاجئون لاجئين أهل")
_PLURAL_HEADS = _words(
    "مصادر ناشطون ناشطين مسؤولون مسؤولين دبلوماسيون مراقبون مراقبين شهود سكان أهالي نازحين "
    "نازحون مواطنون مواطنين لاجئون لاجئين"
)
# Definite nouns that point back to a body named earlier ("الوزارة" → وزارة الدفاع الروسية).
BACK_REFERENCE_HEADS = _words(
    "وزارة مركز قناة وكالة موقع صحيفة جيش حكومة قاعدة خارجية هيئة منظمة مرصد تحالف شبكة مجلس"
)
_SOURCE_WORDS = _words("مصدر مصادر")
_DISTANCING: tuple[tuple[str, ...], ...] = tuple(
    tuple(_n(w) for w in phrase.split())
    for phrase in (
        "ما يسمى",
        "ما تسمى",
        "ما يسمونه",
        "ما يطلق عليه",
        "ما يطلق عليها",
        "ما يدعى",
        "ما تدعى",
        "ما أسمته",
        "ما أسماه",
        "ما سمته",
        "ما سماه",
        "فيما يسمى",
        "بما يسمى",
        "لما يسمى",
        "مما يسمى",
        "المزعوم",
        "المزعومة",
        "المزعومين",
        "المزعومون",
        "مزعوم",
        "مزعومة",
        "بزعم",
        "بدعوى",
        "بذريعة",
        "حد زعمه",
        "حد زعمها",
        "حد زعمهم",
        "حسب زعمه",
        "حسب زعمها",
        "حسب زعمهم",
        "المدعو",
        "المدعوة",
    )
)
_DISTANCING_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _DISTANCING:
    _DISTANCING_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_NAME_PREFIXES = (("ما", "يسمي"), ("ما", "تسمي"), ("ما", "يدعي"), ("ما", "تدعي"))
_SCARE_QUOTE_MAX_WORDS = 4
_DIRECT_MIN_WORDS = 5
_MARKER_WINDOW = 40
_SPEAKER_WINDOW = 14
_CLAUSE_BREAKS = frozenset("…;؛")
_CLAUSE_BREAK_RE = regex.compile(r"[…;؛]| [-|] ")
_TRIM = " \t\n،,.:؛;-–—«»“”„\"'()"


@lru_cache(maxsize=50_000)
def speech_verb(norm: str) -> tuple[VerbForm, bool] | None:
    """The speech verb a normalized word is, and whether it carries a و/ف proclitic."""
    form = _LEXICON.get(norm)
    if form is not None:
        return form, False
    if len(norm) > 3 and norm[0] in "وف":
        form = _LEXICON.get(norm[1:])
        if form is not None:
            return form, True
    return None


@lru_cache(maxsize=50_000)
def is_relay(norm: str) -> bool:
    """Whether a normalized word is نقل with no object suffix (نقل، ونقلت): X passes on Y's words."""
    base = strip_conjunction(norm) if norm not in RELAY_FORMS else norm
    return base in RELAY_FORMS and base not in RELAY_WITH_OBJECT


def strip_conjunction(norm: str) -> str:
    """``norm`` without a leading و or ف conjunction, when what remains is still a word."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


# --- article analysis ---------------------------------------------------------------------------
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


@dataclass
class ArticleAnalysis:
    """Words, gazetteer mentions and quotations of one article, shared by quotes and attributions."""

    text: str
    sentences: Sequence[Sentence]
    gazetteer: Gazetteer
    words: list[Word]
    mentions: list[Mention]
    sentence_of: list[int]
    sentence_words: list[tuple[int, int]]
    quotes_in: dict[int, list[QuotedSpan]] = field(default_factory=dict)
    quotes: tuple[Quote, ...] | None = None

    def gap(self, t: int) -> str:
        """The characters before word ``t`` back to the previous word of its sentence."""
        s = self.sentence_of[t]
        first = self.sentence_words[s][0] if s >= 0 else 0
        left = self.words[t - 1].end if t > first else (self.sentences[s].start if s >= 0 else 0)
        return self.text[left : self.words[t].start]

    def gap_start(self, t: int) -> int:
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
        return bisect.bisect_left(self._starts, offset)

    def __post_init__(self) -> None:
        self._starts = [w.start for w in self.words]
        self.covered = {t for m in self.mentions for t in range(m.first, m.last)}


_CACHE: dict[tuple[int, str, tuple[tuple[int, int], ...]], ArticleAnalysis] = {}
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


def analyse(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> ArticleAnalysis:
    """Split ``text`` into words, find gazetteer names and quotations.

    The last few analyses are kept, so quotes and attributions of one article share one pass.
    """
    key = (id(gazetteer), text, tuple((s.start, s.end) for s in sentences))
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached.gazetteer is gazetteer:
        return cached
    words = match_tokens(text)
    mentions = gazetteer.find_in_tokens(text, words)
    sentence_of = [-1] * len(words)
    sentence_words: list[tuple[int, int]] = []
    starts = [w.start for w in words]
    quotes_in: dict[int, list[QuotedSpan]] = {}
    for si, sentence in enumerate(sentences):
        a = bisect.bisect_left(starts, sentence.start)
        b = bisect.bisect_left(starts, sentence.end)
        sentence_words.append((a, b))
        for t in range(a, b):
            sentence_of[t] = si
        quotes_in[si] = quoted_spans(text, sentence.start, sentence.end)
    analysis = ArticleAnalysis(
        text, sentences, gazetteer, words, mentions, sentence_of, sentence_words, quotes_in
    )
    with _CACHE_LOCK:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = analysis
    return analysis


# --- speakers -----------------------------------------------------------------------------------
@dataclass
class _Speaker:
    text: str
    span: Span | None
    entry: GazetteerEntry | None
    kind: SourceType
    title: str | None = None
    agreement: Agreement | None = None
    first: int = -1
    last: int = -1


def _rank(entry: GazetteerEntry) -> int:
    if entry.type == "person":
        return 0
    if entry.type == "person_title":
        return 1
    if entry.type == "state":
        return 3
    return 2


def _starts_with(words: Sequence[Word], i: int, end: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > end:
        return False
    first = words[i].norm
    if first != phrase[0] and strip_conjunction(first) != phrase[0]:
        return False
    return all(words[i + k].norm == phrase[k] for k in range(1, len(phrase)))


def _distancing_in(a: ArticleAnalysis, start: int, end: int) -> list[str]:
    """Distancing phrases among words ``start..end``, as written."""
    found: list[str] = []
    for i in range(start, end):
        norm = a.words[i].norm
        phrases = _DISTANCING_BY_FIRST.get(norm) or _DISTANCING_BY_FIRST.get(strip_conjunction(norm), [])
        for phrase in phrases:
            if _starts_with(a.words, i, end, phrase):
                found.append(a.text[a.words[i].start : a.words[i + len(phrase) - 1].end])
                break
    return found


@lru_cache(maxsize=10_000)
def _name_parts(name: str) -> frozenset[str]:
    return frozenset(bare(w.norm) for w in match_tokens(name.lstrip("~")))


class _Extractor:
    """One pass over an article's sentences, keeping the speakers met so far for back-references."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.a = analysis
        self.g = analysis.gazetteer
        self.events: list[_Event] = []

    # speaker words -> speaker
    def resolve_phrase(self, start: int, end: int, before: int) -> _Speaker | None:
        """The speaker named by words ``start..end``; ``before`` is the offset back-references look behind."""
        a = self.a
        if start >= end:
            return None
        i = start
        for prefix in _NAME_PREFIXES:
            if _starts_with(a.words, i, end, prefix):
                i += len(prefix)
                break
        if i >= end:
            return None
        mentions = self.g.find_in_tokens(a.text, a.words, weak=True, start=i, end=end)
        if mentions:
            best = min(mentions, key=lambda m: (_rank(m.entry), m.first))
            title = None
            if best.entry.type == "person" and best.first > i:
                title_text = a.text[a.words[i].start : a.words[best.first].start].strip(_TRIM)
                title = title_text or None
            return _Speaker(
                text="",
                span=None,
                entry=best.entry,
                kind=best.entry.source_type,
                title=title,
                first=start,
                last=best.last,
            )
        for key, had_article in clitic_forms(a.words[i].norm):
            if key in _SOURCE_WORDS and had_article:
                return self.back_reference(None, before, start, end)
            if key in _ANONYMOUS_HEADS or key in _EYEWITNESS_HEADS:
                kind: SourceType = "eyewitness" if key in _EYEWITNESS_HEADS else "anonymous"
                last = i + 1
                while last < end and last < i + 4 and a.words[last].norm not in _FUNCTION_WORDS:
                    if a.words[last].norm in _PREPOSITIONS or (
                        a.words[last].norm[:1] in "بل" and last > i + 1
                    ):
                        break
                    last += 1
                agreement: Agreement | None = "pl" if key in _PLURAL_HEADS else None
                return _Speaker("", None, None, kind, agreement=agreement, first=start, last=last)
            if had_article and key in BACK_REFERENCE_HEADS:
                return self.back_reference(key, before, start, end)
        if a.words[i].norm in _FUNCTION_WORDS:
            return None
        if end - i <= 3:
            surname = self.surname_reference(i, end, before)
            if surname is not None:
                return surname
            name = a.text[a.words[i].start : a.words[end - 1].end]
            entry = self.g.lookup(name)
            if entry is not None:
                return _Speaker("", None, entry, entry.source_type, first=start, last=end)
        return _Speaker("", None, None, "unknown", first=start, last=end)

    def back_reference(self, head: str | None, before: int, start: int, end: int) -> _Speaker:
        """Resolve "المصدر" (any earlier source) or "الوزارة" (the last body whose name starts so)."""
        if head is None:
            for event in reversed(self.events):
                if event.speaker.entry is not None and event.verb_start < before:
                    entry = event.speaker.entry
                    return _Speaker("", None, entry, entry.source_type, first=start, last=start + 1)
            return _Speaker("", None, None, "unresolved", first=start, last=start + 1)
        candidates = {e.id for e in self.g.heads(head)}
        for mention in reversed(self.a.mentions):
            if mention.start < before and mention.entry.id in candidates:
                entry = mention.entry
                return _Speaker("", None, entry, entry.source_type, first=start, last=start + 1)
        return _Speaker("", None, None, "unresolved", first=start, last=start + 1)

    def surname_reference(self, start: int, end: int, before: int) -> _Speaker | None:
        """A person named earlier, now called by one of their names alone: (الأسعد)."""
        wanted = {bare(w.norm) for w in self.a.words[start:end]}
        for event in reversed(self.events):
            entry = event.speaker.entry
            if entry is None or entry.type != "person" or event.verb_start >= before:
                continue
            for name in (entry.canonical, *entry.variants):
                if wanted <= _name_parts(name):
                    return _Speaker("", None, entry, "person", first=start, last=end)
        return None

    def pronoun(self, agreement: Agreement, before: int) -> tuple[_Speaker, int] | None:
        """The last speaker before ``before`` whose gender/number agrees; else simply the last one."""
        fallback: tuple[_Speaker, int] | None = None
        for k in range(len(self.events) - 1, -1, -1):
            event = self.events[k]
            if event.nested or event.verb_start >= before:
                continue
            if fallback is None:
                fallback = (event.speaker, k)
            spoken = event.speaker.agreement
            if spoken == agreement or (spoken is None and agreement == "m"):
                return event.speaker, k
        return fallback


@dataclass
class _Event:
    sentence: int
    verb_word: int
    verb_start: int
    verb_end: int
    form: VerbForm
    clitic: bool
    speaker: _Speaker
    speaker_from: int | None
    content_start: int
    content_end: int
    direct: bool
    via: GazetteerEntry | None = None
    nested: bool = False
    relay: bool = False
    terminates: bool = True
    consumed: set[int] = field(default_factory=set)
    enclosing: _Event | None = None


# Articles whose quotes are kept (tahqiq.provenance.memo): a few hundred checks of ten articles
# each, plus their article views; a Quote is a few hundred bytes, an article has a few dozen.
QUOTES_MEMO_SIZE = 4096
_QUOTES: Memo[tuple[Gazetteer, tuple[Quote, ...]]] = Memo(QUOTES_MEMO_SIZE)


def extract_quotes(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> list[Quote]:
    """Every reported statement in ``text`` in reading order; never raises on odd input.

    Computed once per text, sentence boundaries and gazetteer, then served from memory.
    """
    # The cached value holds the gazetteer, so its id cannot be reused by another while cached.
    key = (id(gazetteer), text_digest(text), sentence_bounds(sentences))
    _, quotes = _QUOTES.get(key, lambda: (gazetteer, _extract_quotes(text, sentences, gazetteer)))
    return list(quotes)


def _extract_quotes(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer) -> tuple[Quote, ...]:
    analysis = analyse(text, sentences, gazetteer)
    if analysis.quotes is None:
        ex = _Extractor(analysis)
        for si in range(len(sentences)):
            _sentence_events(ex, si)
        analysis.quotes = tuple(_to_quote(ex, i, e) for i, e in enumerate(ex.events))
    return analysis.quotes


def _sentence_events(ex: _Extractor, si: int) -> None:
    a = ex.a
    first, stop = a.sentence_words[si]
    consumed: set[int] = set()
    found: list[_Event] = []
    for k in range(first, stop):
        if k in consumed:
            continue
        norm = a.words[k].norm
        if k > first and a.words[k - 1].norm in ("ما", "فيما", "بما", "مما", "لما"):
            continue
        verb = speech_verb(norm)
        if verb is not None:
            event = _verb_event(ex, si, k, stop, verb[0], verb[1], found)
        elif is_relay(norm):
            event = _relay_event(ex, si, k, stop)
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


def _enclosing(event: _Event, found: Sequence[_Event]) -> _Event | None:
    """The earlier statement of the sentence that ``event`` is reported inside, if any.

    Inside a quotation always; inside an أن-clause unless the verb continues the sentence's
    own line of report (a participle, a verb with و, a verb without a named speaker).
    """
    for earlier in reversed(found):
        if earlier.nested or event.verb_start < earlier.content_start:
            continue
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
        if norm in MARKERS:
            return "that", t, None
        if t > j and a.words[t - 1].norm not in ("ما", "فيما", "بما"):
            verb = speech_verb(norm)
            if verb is not None:
                return "verb", t, (t if verb[0].lemma == verb_lemma else None)
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
    if inner > _SCARE_QUOTE_MAX_WORDS:
        return True
    if inner <= 0 or t != j:
        return False
    s = a.sentence_of[t]
    if after < a.sentence_words[s][1] and a.words[after].norm in MARKERS:
        return False
    mentions = a.gazetteer.find_in_tokens(a.text, a.words, weak=True, start=t, end=after)
    return not (len(mentions) == 1 and mentions[0].first == t and mentions[0].last == after)


def _cut_speaker(a: ArticleAnalysis, j: int, end: int) -> int:
    """Where the speaker words after a verb end: before a circumstantial, a cue or a dangling preposition."""
    t = j
    while t < end:
        norm = a.words[t].norm
        if t in a.covered:
            t += 1
            continue
        if norm in _STOP_WORDS:
            break
        if norm in ("في", "ضمن") and t + 1 < end and a.words[t + 1].norm in _COMM_NOUNS:
            break
        t += 1
    while t > j and a.words[t - 1].norm in ("الي", "علي", "ب", "ل", "من", "عن"):
        t -= 1
    return t


def _lookback(ex: _Extractor, si: int, k: int) -> _Speaker | None:
    """Subject-verb order: the name standing right before the verb in its clause (إن واشنطن تدعي)."""
    a = ex.a
    first = a.sentence_words[si][0]
    cs = k - 1
    while cs >= first and cs >= k - _SPEAKER_WINDOW:
        norm = a.words[cs].norm
        if (
            norm in MARKERS
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
        return speaker
    after_marker = cs > first and a.words[cs - 1].norm in MARKERS
    if after_marker and k - cs <= 5 and not any(a.words[t].norm in _FUNCTION_WORDS for t in range(cs, k)):
        speaker = ex.resolve_phrase(cs, k, a.words[k].start)
        if speaker is not None:
            return speaker
    return None


def _verb_event(
    ex: _Extractor, si: int, k: int, stop: int, form: VerbForm, clitic: bool, found: list[_Event]
) -> _Event | None:
    if form.participle:
        return _participle_event(ex, si, k, stop, form, found)
    return _finite_event(ex, si, k, stop, form, clitic)


def _participle_event(
    ex: _Extractor, si: int, k: int, stop: int, form: VerbForm, found: list[_Event]
) -> _Event | None:
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
        if form.verb_class not in _OBJECT_CLASSES:
            return None
        return _make_event(ex, si, k, form, False, speaker, speaker_from, a.words[k].end, False, True)
    content_start, direct = _content_start(a, kind, m)
    return _make_event(ex, si, k, form, False, speaker, speaker_from, content_start, direct, True)


def _finite_event(ex: _Extractor, si: int, k: int, stop: int, form: VerbForm, clitic: bool) -> _Event | None:
    """قال/أكد/نفى...: find the content marker, then the speaker after the verb, before it, or earlier."""
    a = ex.a
    verb = a.words[k]
    j = k + 1
    kind, m, resumptive = _scan_marker(a, j, stop, form.lemma)
    no_marker = kind in ("verb", "none")
    if no_marker and form.verb_class not in _OBJECT_CLASSES:
        return None
    region_end = min(stop, j + _SPEAKER_WINDOW) if kind == "none" else m
    cut = _cut_speaker(a, j, region_end)
    if no_marker and cut > j and _is_prepositional(ex, j):
        cut = j  # أقرت بمقتل...: no subject after the verb
    speaker: _Speaker | None = None
    if no_marker and not clitic:
        # Headline order, "الدفاع الروسية تتهم أمريكا بـ...": the name before the verb is the subject.
        speaker = _lookback(ex, si, k)
    if speaker is None and cut > j:
        speaker = ex.resolve_phrase(j, cut, verb.start)
        if speaker is not None and no_marker and resumptive is None:
            if speaker.entry is None and speaker.kind in ("unknown", "unresolved"):
                speaker = None
            elif speaker.entry is not None:
                cut = speaker.last  # نفى الصحافي (فلان) هذه المعلومات: the object follows the name
    if speaker is None or speaker.kind == "unknown":
        speaker = _lookback(ex, si, k) or speaker
    if speaker is not None:
        if speaker.first >= j:
            end = speaker.last if speaker.kind in ("anonymous", "eyewitness") else cut
            speaker.span = phrase_span(a, j, end)
        else:
            speaker.span = phrase_span(a, speaker.first, k)
        speaker.text = a.text[speaker.span.start : speaker.span.end]
        speaker.agreement = speaker.agreement or form.agreement
    speaker_from: int | None = None
    if speaker is None:
        if form.strict:
            return None
        resolved = ex.pronoun(form.agreement, verb.start)
        if resolved is not None:
            speaker, speaker_from = resolved
    elif form.strict and speaker.entry is None and speaker.kind == "unknown":
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


def _via(ex: _Extractor, start: int, end: int) -> GazetteerEntry | None:
    """The body a statement was issued through: أكدت وزارة الدفاع عبر مركز التنسيق..."""
    a = ex.a
    for t in range(start, end):
        if a.words[t].norm == "عبر":
            mentions = ex.g.find_in_tokens(a.text, a.words, weak=True, start=t + 1, end=end)
            return mentions[0].entry if mentions else None
    return None


def _make_event(
    ex: _Extractor,
    si: int,
    k: int,
    form: VerbForm,
    clitic: bool,
    speaker: _Speaker | None,
    speaker_from: int | None,
    content_start: int,
    direct: bool,
    object_content: bool,
) -> _Event:
    a = ex.a
    verb = a.words[k]
    return _Event(
        sentence=si,
        verb_word=k,
        verb_start=verb.start,
        verb_end=verb.end,
        form=form,
        clitic=clitic,
        speaker=speaker if speaker is not None else _Speaker("", None, None, "unresolved"),
        speaker_from=speaker_from,
        content_start=content_start,
        content_end=_direct_end(a, si, content_start) if direct else -1,
        direct=direct,
        # Participles, و-verbs, pronoun speakers and object clauses go on the outlet's own line of
        # report, so they end the content before them instead of being reported inside it.
        terminates=form.participle or clitic or speaker_from is not None or object_content,
    )


def _is_prepositional(ex: _Extractor, j: int) -> bool:
    """Whether the words after a verb open with a preposition, so they cannot be its subject."""
    norm = ex.a.words[j].norm
    if norm in _PREPOSITIONS:
        return True
    if norm[:1] in "بل" and len(norm) > 3:
        return not any(
            m.first == j for m in ex.g.find_in_tokens(ex.a.text, ex.a.words, weak=True, start=j, end=j + 4)
        )
    return False


def phrase_span(a: ArticleAnalysis, first: int, end: int) -> Span:
    """Span of words ``first..end``, taking in a bracket or mark they open and close: (مضر حماد الأسعد)."""
    start = a.words[first].start
    stop = a.words[max(first, end - 1)].end
    if start > 0 and a.text[start - 1] in '(«“"' and first == end - 1:
        start -= 1
    while stop < len(a.text) and a.text[stop] in ')»”"':
        closer = a.text[stop]
        opener = {")": "(", "»": "«", "”": "“", '"': '"'}[closer]
        inside = a.text[start:stop]
        unmatched = (
            inside.count(opener) % 2 == 1 if opener == closer else inside.count(opener) > inside.count(closer)
        )
        if not unmatched:
            break
        stop += 1
    return Span(start, stop)


def _content_start(a: ArticleAnalysis, kind: str, m: int) -> tuple[int, bool]:
    """Character offset where content begins, and whether it is a direct quotation."""
    if kind == "quote":
        span = a.quote_opening_before(m)
        return (span.start, True) if span is not None else (a.words[m].start, False)
    if kind == "colon":
        span = a.quote_opening_before(m)
        if span is not None and _is_content_quote(a, span, m, m):
            return span.start, True
    t = m + 1 if kind == "that" or (kind == "colon" and a.words[m].norm in MARKERS) else m
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


def _relay_event(ex: _Extractor, si: int, k: int, stop: int) -> _Event | None:
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
    cut = _cut_speaker(a, an + 1, m)
    speaker = ex.resolve_phrase(an + 1, cut, a.words[k].start) if cut > an + 1 else None
    if speaker is None:
        return None
    end = speaker.last if speaker.kind in ("anonymous", "eyewitness") else cut
    speaker.span = phrase_span(a, an + 1, max(end, an + 2))
    speaker.text = a.text[speaker.span.start : speaker.span.end]
    content_start, direct = _content_start(a, kind, m)
    verb = a.words[k]
    form = VerbForm("نقل", "asserts", "m", False, False)
    return _Event(
        sentence=si,
        verb_word=k,
        verb_start=verb.start,
        verb_end=verb.end,
        form=form,
        clitic=verb.norm[:1] in "وف",
        speaker=speaker,
        speaker_from=None,
        content_start=content_start,
        content_end=_direct_end(a, si, content_start) if direct else -1,
        direct=direct,
        via=via,
        relay=True,
    )


def _close_contents(ex: _Extractor, si: int, found: list[_Event]) -> None:
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


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _TRIM and text[start] not in '«“"(':
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


def _to_quote(ex: _Extractor, index: int, e: _Event) -> Quote:
    a, g = ex.a, ex.g
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
                    if 0 < n_words <= _SCARE_QUOTE_MAX_WORDS:
                        distancing.append(a.text[span.open : min(len(a.text), span.end + 1)])
    return Quote(
        index=index,
        sentence=e.sentence,
        verb=a.text[e.verb_start : e.verb_end],
        verb_span=Span(e.verb_start, e.verb_end),
        verb_class=e.form.verb_class,
        speaker=speaker.text,
        speaker_span=None if e.speaker_from is not None else speaker.span,
        speaker_canonical=entry.canonical if entry is not None else None,
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
_SPECIFIC: frozenset[str] = frozenset({"official_body", "person", "organisation", "ngo"})


def primary_source(attributions: Sequence[Attribution], quotes: Sequence[Quote]) -> str | None:
    """Canonical name of the party an article's central statement traces to, or None.

    See the module documentation for how the central statement and its origin are chosen.
    """
    statements = [q for q in quotes if not q.nested and q.origin is not None]
    specific = [q for q in statements if q.speaker_type in _SPECIFIC]
    if specific:
        chosen = specific[0]
        origin = chosen.origin
        for later in specific[1:]:
            if origin in later.origin_parents:
                origin = later.origin
        return origin
    for attribution in attributions:
        if attribution.origin is not None and attribution.source_type in _SPECIFIC:
            return attribution.origin
    for quote in statements:
        if quote.speaker_type == "state":
            return quote.origin
    for attribution in attributions:
        if attribution.origin is not None:
            return attribution.origin
    return statements[0].origin if statements else None
