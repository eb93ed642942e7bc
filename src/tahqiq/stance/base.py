"""The one small interface every stance model implements.

The check pipeline, ``tahqiq eval`` and the server only ever call :meth:`StanceModel.predict`,
so the rule baseline and trained models are interchangeable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from tahqiq.records import Sentence, StanceResult


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
