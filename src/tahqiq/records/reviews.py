"""Records of saved checks and of the reviewers' edits of their verdicts.

A reviewer never overwrites the machine's verdict: each edit is its own record, and the latest
one is what gets published.
"""

from __future__ import annotations

from dataclasses import dataclass

from tahqiq.records import CheckReport, Stance, VerdictLabel


@dataclass(frozen=True, slots=True)
class SavedCheck:
    """A check as saved: its id and the report, read back from its versioned JSON."""

    id: int
    claim: str
    checked_at: str
    report: CheckReport


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


@dataclass(frozen=True, slots=True)
class StanceReview:
    """A reviewer's correction of one article's stance in a saved check: the desk's own label,
    which the desk model learns from (the machine's stance in the report is never overwritten)."""

    id: int
    check_id: int
    article_id: int
    stance: Stance
    reviewer: str
    edited_at: str


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """A line of the list of saved checks: the machine's verdict and the latest reviewed rating, if any."""

    check_id: int
    claim: str
    checked_at: str
    label: VerdictLabel
    reviewed_rating: VerdictLabel | None


@dataclass(frozen=True, slots=True)
class DeskModel:
    """A stance model the desk trained on its own labels: the shipped pair model ``base`` with the
    combiner's gates (thresholds and temperature, as in ``models.json``) refitted. Kept in the
    store only: it is the desk's own data and never ships."""

    name: str
    created: str
    gates: dict[str, float]
    labels: int
    base: str
