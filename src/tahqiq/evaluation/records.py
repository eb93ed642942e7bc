"""Typed records the dataset readers yield, one shape for every evaluation format.

Model training reuses the readers, so a pair carries everything any format offers: the claim,
the article text, the gold stance in the dataset's own label set, the gold rationale lines and
the claim's gold factuality. Fields a format does not have are empty or None, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvalPair:
    """One (claim, article) pair with its gold labels.

    ``stance`` is lower-case in the format's own labels (ANS: agree/disagree/other; the others:
    agree/disagree/discuss/unrelated), or None for claim-only data. ``rationale`` holds 0-based
    indices of gold rationale lines, a line being an item of ``article.split("\\n")``. ``fact`` is
    the claim's gold factuality (True = true claim), or None when the format has none.
    ``source`` locates the record (``file:line`` or ``file#article[i]``) for error messages.
    """

    claim: str
    article: str
    stance: str | None
    rationale: tuple[int, ...]
    claim_id: str
    fact: bool | None
    title: str = ""
    article_id: str = ""
    source: str = ""


@dataclass(frozen=True)
class EvalClaim:
    """A claim with all its pairs, the unit that factuality is judged on."""

    claim_id: str
    claim: str
    fact: bool | None
    pairs: tuple[EvalPair, ...]
    source: str = ""
