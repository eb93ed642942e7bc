"""Stance: does an article agree with, disagree with, discuss, or ignore a claim?"""

from __future__ import annotations

from tahqiq.stance.base import StanceModel


def load_model(name: str | None = None) -> StanceModel:
    """The stance model called ``name``: ``rules`` (the transparent baseline), or a shipped trained model."""
    from tahqiq.errors import TahqiqError
    from tahqiq.stance.rules import RuleStance

    if name in (None, "rules"):
        return RuleStance()
    raise TahqiqError(f"unknown stance model {name!r}; available: rules")


__all__ = ["StanceModel", "load_model"]
