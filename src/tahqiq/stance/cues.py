"""Arabic cue lexicons for stance: denial, negation, reporting, accusation and distancing.

The words live in ``data/lexicon/stance_cues.tsv``, one a row with its group. Each cue is
matched on normalized text (see :func:`tahqiq.text.normalize`) as a whole word, optionally with
the conjunction/preposition proclitics و ف ب ل. The lists are small on purpose: every entry
must be read the same way in almost every news sentence it appears in.

The trained stance models count the cues of each group, so the groups and their words are part
of what a model was fitted on. :func:`model_lexicon_sha256` hashes every list the stance
features read; ``scripts/train_models.py`` records it in ``models.json`` and
:func:`check_model_lexicon` warns once when the shipped lists no longer match it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

import regex

from tahqiq.text import normalize
from tahqiq.text.clitics import CONJUNCTION_PREPOSITION
from tahqiq.text.lexicon import (
    Aliases,
    Lexicon,
    Table,
    lexicon_sha256,
    load_aliases,
    load_lexicon,
    load_table,
)

GROUPS: tuple[str, ...] = (
    "denial",
    "negation",
    "assertive",
    "reporting",
    "accusing",
    "distancing",
    "anaphora",
)
"""The cue groups, in the order the trained models' features list them."""

CUE_TABLE = "stance_cues"


@dataclass(frozen=True)
class CueSet:
    """A compiled cue lexicon: finds its words in normalized text."""

    name: str
    pattern: regex.Pattern[str]

    def find(self, norm_text: str) -> list[str]:
        return [m.group("cue") for m in self.pattern.finditer(norm_text)]

    def count(self, norm_text: str) -> int:
        return len(self.find(norm_text))


def _compile(name: str, words: tuple[str, ...]) -> CueSet:
    alternatives = "|".join(sorted({regex.escape(normalize(w)) for w in words}, key=len, reverse=True))
    pattern = regex.compile(
        rf"(?<![\p{{L}}\p{{M}}])(?:{CONJUNCTION_PREPOSITION})(?P<cue>{alternatives})(?![\p{{L}}\p{{M}}])"
    )
    return CueSet(name, pattern)


@cache
def cue_set(name: str) -> CueSet:
    """The compiled cue group ``name`` (one of :data:`GROUPS`), read from the table on first use."""
    return _compile(name, load_table(CUE_TABLE).group(name))


class _Cues(Mapping[str, CueSet]):
    """The cue groups by name; iterating needs no file, a group is loaded when first looked up."""

    def __getitem__(self, name: str) -> CueSet:
        if name not in GROUPS:
            raise KeyError(name)
        return cue_set(name)

    def __iter__(self) -> Iterator[str]:
        return iter(GROUPS)

    def __len__(self) -> int:
        return len(GROUPS)


CUES: Mapping[str, CueSet] = _Cues()


def cue_counts(text: str) -> dict[str, int]:
    """How many cues of each kind ``text`` holds (matched on its normalized form)."""
    norm = normalize(text)
    return {name: cues.count(norm) for name, cues in CUES.items()}


FRAME_TABLE = "frame_cues"
"""The event-frame cue lists (:mod:`tahqiq.stance.frames`), read by models with frame features."""


def model_lexicon_sha256(frames: bool = True) -> str:
    """A hash of every word list the stance features read: the cue table, aliases, topic shifts,
    and the event-frame cues for a model with frame features (``frames``)."""
    parts: list[Lexicon | Aliases | Table] = [
        load_table(CUE_TABLE),
        load_aliases("aliases"),
        load_lexicon("topic_shift"),
    ]
    if frames:
        parts.append(load_table(FRAME_TABLE))
    return lexicon_sha256(*parts)


class LexiconChangedWarning(UserWarning):
    """The shipped word lists differ from those the stance models were trained with."""


@cache
def check_model_lexicon(recorded: str | None, frames: bool = True) -> bool:
    """Whether ``recorded`` (a model's lexicon hash) matches the shipped lists; warns once if not.

    ``frames`` says whether the model reads the event-frame cues. A model file without a recorded
    hash predates the record and is taken as matching.
    """
    if recorded is None or recorded == model_lexicon_sha256(frames):
        return True
    warnings.warn(
        "the stance models were trained with other word lists than the shipped data/lexicon "
        "(stance_cues.tsv, aliases.tsv, topic_shift.txt or frame_cues.tsv changed since); their cue "
        "features now mean something else, so retrain them with scripts/train_models.py",
        LexiconChangedWarning,
        stacklevel=2,
    )
    return False
