"""Records of stories: one event across outlets and dates, its central claims and who carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tahqiq.records.provenance import VerbClass
from tahqiq.records.reuse import ArticleRef

VoiceStance = Literal["asserts", "denies"]
"""Whether a party's statement in an article asserts a story's claim or denies it."""


@dataclass(frozen=True, slots=True)
class Voice:
    """A party asserting or denying a claim in one article; ``verb_class`` is the speech verb's class."""

    speaker: str
    stance: VoiceStance
    verb_class: VerbClass
    article_id: int
    sentence: int
    statement: str


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """A statement repeated across a story: its text as the earliest article words it, and who carries it."""

    text: str
    article_id: int
    sentence: int
    articles: tuple[int, ...]
    outlets: tuple[str, ...]
    voices: tuple[Voice, ...]


@dataclass(frozen=True, slots=True)
class Story:
    """One event across outlets and dates.

    ``id`` is the smallest article id in the story. ``articles`` are in publication order,
    undated ones last; ``first_report``/``last_report`` are the earliest and latest dates
    (None when no article is dated). ``copy_links`` and ``similar_links`` count the article
    pairs joined by copied passages and by similar titles and leads.
    """

    id: int
    title: str
    articles: tuple[ArticleRef, ...]
    outlets: tuple[str, ...]
    first_report: str | None
    last_report: str | None
    undated: int
    copy_links: int
    similar_links: int
    claims: tuple[StoryClaim, ...] = ()
