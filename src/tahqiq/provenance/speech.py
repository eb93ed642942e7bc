"""The words of reported speech and cited sources: speech verbs, content markers, source nouns.

They are data (``data/lexicon/speech_verbs.tsv`` and ``data/lexicon/speech.tsv``), loaded on
first use and shared by :mod:`tahqiq.provenance.speakers`, :mod:`tahqiq.provenance.events` and
:mod:`tahqiq.provenance.attribution`, so the quotes and the citations of an article read one
list of anonymous-source words, one of eyewitness words, one of distancing phrases.

Every word is kept in its normalized form (:func:`tahqiq.text.normalize`), the form article
words are compared in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from tahqiq.records.provenance import VERB_CLASSES, VerbClass
from tahqiq.text import normalize, strip_conjunction, words
from tahqiq.text.lexicon import Table, load_table, skip_row, word_set

Agreement = Literal["m", "f", "pl"]

VERB_COLUMNS = ("lemma", "class", "strict", "masculine", "feminine", "plural", "participle_m", "participle_f")
_FORM_COLUMNS: tuple[tuple[str, Agreement, bool], ...] = (
    ("masculine", "m", False),
    ("feminine", "f", False),
    ("plural", "pl", False),
    ("participle_m", "m", True),
    ("participle_f", "f", True),
)

OBJECT_CLASSES: frozenset[VerbClass] = frozenset({"denies", "accuses", "admits", "claims", "warns"})
"""Verbs whose complement may be an object rather than an أن-clause: نفى المعلومات، اتهم واشنطن بـ..."""


@dataclass(frozen=True)
class VerbForm:
    """A speech verb form: its lemma and class, the gender/number it agrees with, and its kind.

    ``strict`` verbs (ذكر، بين، تابع) are also ordinary verbs, so they report speech only with a
    speaker that is clearly one.
    """

    lemma: str
    verb_class: VerbClass
    agreement: Agreement
    participle: bool
    strict: bool


RELAY_FORM = VerbForm("نقل", "asserts", "m", False, False)
"""The form an event carries when نقل X عن Y passed Y's words on."""


@dataclass(frozen=True)
class SpeechWords:
    """Every word group of ``speech.tsv``, as normalized word sets (phrases as word tuples)."""

    verbs: dict[str, VerbForm]
    markers: frozenset[str]
    function_words: frozenset[str]
    prepositions: frozenset[str]
    speaker_stops: frozenset[str]
    statement_nouns: frozenset[str]
    statement_prepositions: frozenset[str]
    dangling: frozenset[str]
    so_called: frozenset[str]
    name_prefixes: tuple[tuple[str, ...], ...]
    anonymous: frozenset[str]
    eyewitness: frozenset[str]
    plural_sources: frozenset[str]
    back_references: frozenset[str]
    source_words: frozenset[str]
    relay: frozenset[str]
    relay_with_object: frozenset[str]
    distancing_by_first: dict[str, tuple[tuple[str, ...], ...]]
    after_cues: frozenset[str]
    pronoun_suffixes: tuple[str, ...]
    pronoun_words: frozenset[str]
    from_cues: frozenset[str]
    subject_cues: frozenset[str]
    testimony_nouns: frozenset[str]
    interview_nouns: frozenset[str]
    interview_prepositions: frozenset[str]
    footer_words: frozenset[str]
    media_nouns: frozenset[str]
    source_skip: frozenset[str]
    phrase_breaks: frozenset[str]


def _phrase(entry: str) -> tuple[str, ...]:
    return tuple(words(entry))


def verb_forms(table: Table) -> dict[str, VerbForm]:
    """Every form of every verb of a ``speech_verbs`` table, by its normalized spelling.

    A row whose class or strictness is not one the code knows is warned about (``file:line``)
    and skipped; the first row to list a form keeps it.
    """
    out: dict[str, VerbForm] = {}
    for row in table.rows:
        verb_class = row["class"]
        if verb_class not in VERB_CLASSES or row["strict"] not in ("yes", "no"):
            skip_row(table, row, f"class must be one of {', '.join(VERB_CLASSES)}, strict yes or no")
            continue
        for column, agreement, participle in _FORM_COLUMNS:
            for form in row[column].split():
                if form == "-":
                    continue
                out.setdefault(
                    normalize(form),
                    VerbForm(row["lemma"], verb_class, agreement, participle, row["strict"] == "yes"),
                )
    return out


@cache
def speech_words() -> SpeechWords:
    """The packaged speech lexicon, loaded once per process."""
    table = load_table("speech")

    def group_words(group: str) -> frozenset[str]:
        return word_set(table.group(group))

    distancing: dict[str, list[tuple[str, ...]]] = {}
    for entry in table.group("distancing"):
        phrase = _phrase(entry)
        distancing.setdefault(phrase[0], []).append(phrase)
    return SpeechWords(
        verbs=verb_forms(load_table("speech_verbs", VERB_COLUMNS)),
        markers=group_words("marker"),
        function_words=group_words("function_word"),
        prepositions=group_words("preposition"),
        speaker_stops=group_words("speaker_stop"),
        statement_nouns=group_words("statement_noun"),
        statement_prepositions=group_words("statement_preposition"),
        dangling=group_words("dangling"),
        so_called=group_words("so_called"),
        name_prefixes=tuple(_phrase(e) for e in table.group("name_prefix")),
        anonymous=group_words("anonymous"),
        eyewitness=group_words("eyewitness"),
        plural_sources=group_words("plural_source"),
        back_references=group_words("back_reference"),
        source_words=group_words("source_word"),
        relay=group_words("relay"),
        relay_with_object=group_words("relay_with_object"),
        distancing_by_first={first: tuple(p) for first, p in distancing.items()},
        after_cues=group_words("after_cue"),
        pronoun_suffixes=tuple(normalize(e) for e in table.group("pronoun_suffix")),
        pronoun_words=group_words("pronoun_word"),
        from_cues=group_words("from_cue"),
        subject_cues=group_words("subject_cue"),
        testimony_nouns=group_words("testimony_noun"),
        interview_nouns=group_words("interview_noun"),
        interview_prepositions=group_words("interview_preposition"),
        footer_words=group_words("footer_word"),
        media_nouns=group_words("media_noun"),
        source_skip=group_words("source_skip"),
        phrase_breaks=group_words("phrase_break"),
    )


@lru_cache(maxsize=50_000)
def speech_verb(norm: str) -> tuple[VerbForm, bool] | None:
    """The speech verb a normalized word is, and whether it carries a و/ف proclitic."""
    verbs = speech_words().verbs
    form = verbs.get(norm)
    if form is not None:
        return form, False
    base = strip_conjunction(norm)
    if base != norm:
        form = verbs.get(base)
        if form is not None:
            return form, True
    return None


@lru_cache(maxsize=50_000)
def is_relay(norm: str) -> bool:
    """Whether a normalized word is نقل with no object suffix (نقل، ونقلت): X passes on Y's words."""
    w = speech_words()
    base = strip_conjunction(norm) if norm not in w.relay else norm
    return base in w.relay and base not in w.relay_with_object


@lru_cache(maxsize=50_000)
def opens_report(norm: str) -> bool:
    """Whether a normalized word may open reported speech or a citation (a verb, نقل, a cue).

    The sentences holding one are the only ones whose names the recogniser reads.
    """
    w = speech_words()
    base = strip_conjunction(norm)
    return (
        speech_verb(norm) is not None
        or is_relay(norm)
        or norm in w.after_cues
        or base in w.after_cues
        or base in w.from_cues
        or base in w.subject_cues
    )
