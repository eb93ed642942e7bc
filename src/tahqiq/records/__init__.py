"""Plain typed records that flow one way through the stages.

Every stage takes and returns these dataclasses, never database rows or parser objects,
so a stage can be tested, replaced or served over HTTP without touching the others.
Texts are kept in their original script for display; matching happens on normalized
forms computed by :mod:`tahqiq.text`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

K = TypeVar("K")
V_co = TypeVar("V_co", covariant=True)

Stance = Literal["agree", "disagree", "discuss", "unrelated"]
STANCES: tuple[Stance, ...] = ("agree", "disagree", "discuss", "unrelated")

EdgeKind = Literal["copies", "cites", "quotes", "traces_to"]
"""How an origin graph links nodes: articles copy; an article cites, quotes or traces to a source."""

VerdictLabel = Literal["supported", "refuted", "disputed", "unverified"]
VERDICTS: tuple[VerdictLabel, ...] = ("supported", "refuted", "disputed", "unverified")


class FrozenMap(Mapping[K, V_co]):
    """A read-only, hashable mapping, so a frozen record can carry named numbers (stance scores,
    verdict counts) without a dict that any stage could change after the record was made.

    Records convert whatever mapping they are given, so callers still pass plain dicts.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V_co] | Iterable[tuple[K, V_co]] = ()) -> None:
        self._data: dict[K, V_co] = dict(data)

    def __getitem__(self, key: K) -> V_co:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V_co]], tuple[dict[K, V_co]]]:
        return (type(self), (self._data,))


def _freeze(record: object, name: str) -> None:
    """Replace a mapping field of a frozen record by a :class:`FrozenMap` of it (in ``__post_init__``)."""
    value = getattr(record, name)
    if not isinstance(value, FrozenMap):
        object.__setattr__(record, name, FrozenMap(value))


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into an original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: its position, its original text and its offsets."""

    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as read by ingest, before it has an id in a store.

    ``published`` is an ISO date (``YYYY-MM-DD``) or datetime string, or None when unknown.
    ``source`` is the file path, ``path:line`` for JSONL, or URL it was read from.
    ``warnings`` holds non-fatal problems (a fallback decoding, an unparsed date).
    """

    text: str
    title: str = ""
    source: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str = "ar"
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """An article held in a store. ``sources`` lists every place the same text was ingested from."""

    id: int
    title: str
    text: str
    outlet: str | None
    url: str | None
    published: str | None
    language: str
    sources: tuple[str, ...]
    metadata: dict[str, Any]
    content_hash: str
    ingested_at: str

    @property
    def source(self) -> str:
        """The first place this article was ingested from."""
        return self.sources[0] if self.sources else ""


@dataclass(frozen=True, slots=True)
class TechniqueHit:
    """A span of an article's text that carries a persuasion technique, as stored at ingest.

    ``technique`` is one of the 18 PTC technique names, ``text[start:end]`` the span, ``score``
    in [0, 1] (0.9 for a lexicon hit, the detector's probability for a model span) and ``cue``
    the lexicon entry that fired, or ``"model"``.
    """

    technique: str
    start: int
    end: int
    score: float
    cue: str


@dataclass(frozen=True, slots=True)
class ArticlePersuasion:
    """An article's persuasion spans and the share of its sentences that carry one.

    ``loaded_sentences`` counts the sentences holding at least one span (any technique: on news
    nearly all come from the lexicon's loaded words and labels), ``sentences`` all of them, and
    ``loaded_share`` is their ratio, 0 for an article without sentences.
    """

    article_id: int
    sentences: int
    loaded_sentences: int
    spans: tuple[TechniqueHit, ...] = ()

    @property
    def loaded_share(self) -> float:
        return self.loaded_sentences / self.sentences if self.sentences else 0.0

    def top_techniques(self, n: int = 3) -> tuple[tuple[str, int], ...]:
        """The ``n`` techniques with the most spans, most first (ties by name)."""
        counts = Counter(s.technique for s in self.spans)
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article with its sentences as split at ingest: what ``tahqiq show`` prints.

    ``persuasion`` is None for an article stored by a tahqiq without persuasion spans, until
    ``tahqiq index`` has analysed it.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    persuasion: ArticlePersuasion | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not ingested, and the one-line reason why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """A non-fatal problem met while reading an input that was still ingested."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did: the article ids per outcome plus every skip and warning with its reason."""

    added: tuple[int, ...] = ()
    duplicates: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[IngestWarning, ...] = ()

    @property
    def seen(self) -> int:
        return len(self.added) + len(self.duplicates) + len(self.unchanged) + len(self.skipped)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article returned by retrieval with its BM25 score and best-matching sentences."""

    article: Article
    score: float
    sentences: tuple[Sentence, ...]
    sentence_scores: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Rationale:
    """A sentence chosen as evidence for a stance, with why it was chosen.

    ``note`` is a plain-language reading for the desk, when the model has one: for a sentence
    that contradicts the claim in a detail, what the claim says against what the sentence says
    ("the claim says done; this report says ongoing").
    """

    index: int
    text: str
    role: str = ""
    score: float = 0.0
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The stance of one article towards a claim, with one probability per label."""

    stance: Stance
    scores: Mapping[str, float]
    rationales: tuple[Rationale, ...]
    model: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "scores")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One retrieved article with its stance towards the checked claim."""

    article: Article
    retrieval_score: float
    stance: StanceResult


@dataclass(frozen=True, slots=True)
class CopiedPassage:
    """A passage shared by two articles: the original text as it stands in each one."""

    articles: tuple[int, int]
    passage: str
    passage_other: str
    spans: tuple[Span, Span]
    words: int


@dataclass(frozen=True, slots=True)
class Origin:
    """Articles on one side of a claim that trace to one source: by copying, or by quoting the same party."""

    side: Stance
    articles: tuple[int, ...]
    source: str | None = None
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphNode:
    """An article or a source (agency, body, person) in the origin graph of a check."""

    id: str
    kind: Literal["article", "source"]
    label: str
    stance: Stance | Literal[""] = ""  # an article's stance; "" for a source


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """``copies`` (article–article), ``cites`` / ``quotes`` / ``traces_to`` (article → source)."""

    source: str
    target: str
    kind: EdgeKind
    detail: str = ""


@dataclass(frozen=True, slots=True)
class OriginGraph:
    """The articles and sources of a check as nodes, and how they copy, cite and quote as edges."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The overall judgement on a claim, with a confidence in [0, 1] and a checkable explanation."""

    label: VerdictLabel
    confidence: float
    explanation: str
    counts: Mapping[str, int] = field(default_factory=FrozenMap)
    origins: tuple[Origin, ...] = ()
    p_true: float | None = None  # calibrated probability that the claim is true
    claim_kind: Literal["event", "speech"] = "event"  # a speech claim is judged as "X said this"
    speaker: str | None = None  # speech claims: who the claim says spoke
    statement: str | None = None  # speech claims: what was said, a separate claim to check

    def __post_init__(self) -> None:
        _freeze(self, "counts")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything one claim check produced, ready for any report format."""

    claim: str
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    copies: tuple[CopiedPassage, ...]
    checked_at: str
    store_articles: int = 0
    graph: OriginGraph = field(default_factory=OriginGraph)
    extra: Mapping[str, Any] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        _freeze(self, "extra")
