"""Stance: does an article agree with, disagree with, discuss, or ignore a claim?"""

from __future__ import annotations

from tahqiq.stance.base import StanceModel


def load_model(name: str | None = None) -> StanceModel:
    """The stance model called ``name``: ``default`` (trained), ``fast`` (lexical) or ``rules``."""
    from tahqiq.stance.trained import load_model as load_trained

    return load_trained(name)


__all__ = ["StanceModel", "load_model"]
