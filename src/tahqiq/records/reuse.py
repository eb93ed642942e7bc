"""Records of text reuse: which articles copy one another, how much, and who published first.

``tahqiq reuse``, ``tahqiq stories`` and the server all hand these on, so they live apart from
the alignment code in :mod:`tahqiq.provenance.reuse` that builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tahqiq.records import CopiedPassage

First = Literal["article", "other", "unknown"]
"""Which of two articles was published first; "unknown" whenever the dates cannot tell."""


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What a table row needs to name an article; ``words`` counts its fingerprinted words."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    source: str
    words: int


@dataclass(frozen=True, slots=True)
class Precedence:
    """Which of two articles was published first, and the reason in words."""

    first: First
    reason: str


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """One article sharing passages with the looked-up one.

    Each passage is oriented from the looked-up article: ``passage`` and ``spans[0]`` are in it,
    ``passage_other`` and ``spans[1]`` in ``other``. ``share`` is the part of the looked-up
    article's words inside the shared passages, ``other_share`` the same for ``other``.
    """

    other: ArticleRef
    passages: tuple[CopiedPassage, ...]
    copied_words: int
    other_copied_words: int
    share: float
    other_share: float
    first: First
    order: str


@dataclass(frozen=True, slots=True)
class ReuseReport:
    """Every article sharing passages with one article, most copied first.

    ``copied_words`` and ``share`` count the article's words shared with *any* other article.
    ``candidates`` is how many articles the index proposed and alignment checked;
    ``common_hashes`` how many of the article's shingles were skipped as boilerplate because
    more articles than the postings cap carry them.
    """

    article: ArticleRef
    links: tuple[ReuseLink, ...]
    copied_words: int
    share: float
    candidates: int
    common_hashes: int


@dataclass(frozen=True, slots=True)
class StoreCopies:
    """Every copied passage across the store, with what the scan checked and skipped."""

    passages: tuple[CopiedPassage, ...]
    pairs_checked: int
    common_hashes: int
