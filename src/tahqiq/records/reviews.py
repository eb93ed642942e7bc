"""Records of saved checks and of the reviewers' edits of their verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tahqiq.records import VerdictLabel


@dataclass(frozen=True, slots=True)
class SavedCheck:
    """A check as saved: its id, claim, time and the versioned JSON report."""

    id: int
    claim: str
    checked_at: str
    report: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReviewEdit:
    """One reviewer's version of a verdict: the rating label, its published wording, and why."""

    id: int
    check_id: int
    reviewer: str
    rating: VerdictLabel
    verdict_text: str
    explanation: str
    edited_at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "check_id": self.check_id,
            "reviewer": self.reviewer,
            "rating": self.rating,
            "verdict_text": self.verdict_text,
            "explanation": self.explanation,
            "edited_at": self.edited_at,
        }
