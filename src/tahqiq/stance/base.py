"""The one small interface every stance model implements.

The check pipeline, ``tahqiq eval`` and the server only ever call :meth:`StanceModel.predict`,
so the rule baseline and trained models are interchangeable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from tahqiq.records import Rationale, Sentence, StanceResult
from tahqiq.text import normalize


@runtime_checkable
class StanceModel(Protocol):
    """Decides whether an article agrees with, disagrees with, discusses or is unrelated to a claim."""

    name: str

    def predict(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> StanceResult:
        """Stance of the article made of ``sentences`` (and its ``title``) towards ``claim``.

        Returns one probability per label in ``StanceResult.scores`` (summing to 1) and
        1–3 rationale sentences, taken from ``sentences`` with their original indices.
        """
        ...


def distinct_rationales(chosen: Iterable[Rationale]) -> list[Rationale]:
    """``chosen`` in order, without a second copy of a sentence already shown.

    Pages repeat sentences (a lead printed again under the photo, a paragraph pasted twice); a
    reader gains nothing from seeing the same words twice as "evidence", so the first one stays.
    """
    seen: set[str] = set()
    kept: list[Rationale] = []
    for r in chosen:
        key = " ".join(normalize(r.text).split())
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
