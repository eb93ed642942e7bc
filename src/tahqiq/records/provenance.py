"""Records of who said what: reported speech and cited sources, as provenance hands them on.

They live here rather than beside the code that finds them because they leave the program
(``tahqiq quotes --json``, ``GET /api/articles/N``) and cross stages (origins, stories, the
verdict), and a record shared by several stages must not depend on any one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tahqiq.records import Article, Span

SourceType = Literal[
    "agency",
    "outlet",
    "official_body",
    "state",
    "ngo",
    "person",
    "organisation",
    "anonymous",
    "eyewitness",
    "unknown",
    "unresolved",
]
"""What kind of party a cited source or a speaker is, as provenance reports it."""

VerbClass = Literal["asserts", "denies", "accuses", "admits", "claims", "warns"]
"""What a speech verb does to its content: states it, denies it, blames someone, and so on."""
VERB_CLASSES: tuple[VerbClass, ...] = ("asserts", "denies", "accuses", "admits", "claims", "warns")

Scope = Literal["sentence", "article"]
"""How far a cited source reaches: its own sentence, or the whole article (a credit footer)."""


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A stretch between quotation marks: where the mark opens and where the quoted words lie."""

    open: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """One reported statement: who, with which verb, saying what, and where it stands in the text.

    ``speaker`` is as written; for a verb that names no speaker it is the earlier speaker it
    resolves to (``speaker_span`` is then None and ``speaker_from`` is that quote's index).
    ``origin`` is the canonical name of the party the statement traces to and ``origin_parents``
    the bodies that party belongs to, nearest first. ``nested`` is true for speech reported
    inside another speaker's words (Lavrov saying that Tillerson announced...).
    """

    index: int
    sentence: int
    verb: str
    verb_span: Span
    verb_class: VerbClass
    speaker: str
    speaker_span: Span | None
    speaker_canonical: str | None
    speaker_id: str | None
    speaker_type: SourceType
    speaker_title: str | None
    content: str
    content_span: Span
    direct: bool
    distanced: bool
    distancing: tuple[str, ...] = ()
    speaker_from: int | None = None
    via: str | None = None
    origin: str | None = None
    origin_parents: tuple[str, ...] = ()
    nested: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """One cited source: the cue, the source as written, and what it resolves to.

    ``canonical``/``entry_id`` name the gazetteer entry, ``origin`` the party its statements
    trace to. ``via`` is the canonical name of the party that passed the source's words on.
    ``reference`` marks a source named by a pronoun or by "المصدر"; ``unresolved`` one that
    could not be tied to a named source. ``scope`` is "article" for a footer crediting the
    whole text (``المصدر: سانا``).
    """

    sentence: int
    cue: str
    cue_span: Span
    source: str
    source_span: Span
    canonical: str | None
    entry_id: str | None
    source_type: SourceType
    origin: str | None = None
    via: str | None = None
    reference: bool = False
    unresolved: bool = False
    self_citation: bool = False
    scope: Scope = "sentence"


@dataclass(frozen=True, slots=True)
class ArticleSpeech:
    """What ``tahqiq quotes`` shows: an article's statements, the sources it cites, its primary source."""

    article: Article
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    primary_source: str | None
