"""Records of stories: one event across outlets and dates, its central claims and who carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "stance": self.stance,
            "verb_class": self.verb_class,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "statement": self.statement,
        }


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """A statement repeated across a story: its text as the earliest article words it, and who carries it."""

    text: str
    article_id: int
    sentence: int
    articles: tuple[int, ...]
    outlets: tuple[str, ...]
    voices: tuple[Voice, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "voices": [v.to_dict() for v in self.voices],
        }


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": [a.to_dict() for a in self.articles],
            "outlets": list(self.outlets),
            "first_report": self.first_report,
            "last_report": self.last_report,
            "undated": self.undated,
            "copy_links": self.copy_links,
            "similar_links": self.similar_links,
            "claims": [c.to_dict() for c in self.claims],
        }
