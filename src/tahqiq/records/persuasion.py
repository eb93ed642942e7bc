"""Records of what deserves checking: persuasion-technique spans and check-worthy claims.

The span records sit in :mod:`tahqiq.records` itself, because an :class:`ArticleText` carries them.

They live in records because they leave the program (``tahqiq show --json``, ``tahqiq claims
--json``, the article page, the check report) and cross stages: ingest finds the spans, the
store keeps them, the check report and the claim ranking read them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tahqiq.records import ArticlePersuasion, FrozenMap, TechniqueHit, _freeze

__all__ = ["ArticlePersuasion", "CheckWorthyClaim", "TechniqueHit"]


@dataclass(frozen=True, slots=True)
class CheckWorthyClaim:
    """A sentence of the store that states a verifiable fact, ranked by check-worthiness.

    Attributes:
        article_id, sentence, text, start, end: where the sentence stands (offsets into the
            article's text).
        outlet, title, published: of the article the sentence was found in.
        score: check-worthiness in (0, 1), from the linear model of
            :mod:`tahqiq.report.checkworthy`; ``features`` are its inputs by name.
        asserted_by: who asserts it (speakers and cited sources, canonical names where known).
        outlets: the outlets that carry it (this article's and those of its copies).
        origins: independent origins among them: articles that do not copy one another.
        carriers: the ids of the other articles that carry it through copied passages.
        check_id: the saved check whose claim matches this sentence, or None.
    """

    article_id: int
    sentence: int
    text: str
    start: int
    end: int
    outlet: str | None
    title: str
    published: str | None
    score: float
    features: Mapping[str, float] = field(default_factory=FrozenMap)
    asserted_by: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    origins: int = 1
    carriers: tuple[int, ...] = ()
    check_id: int | None = None

    def __post_init__(self) -> None:
        _freeze(self, "features")
