"""Stance cue groups: read from data/lexicon/stance_cues.tsv, and guarded by the models' lexicon hash."""

from __future__ import annotations

import warnings

import pytest

from tahqiq.stance import cues
from tahqiq.stance.cues import CUES, GROUPS, LexiconChangedWarning, check_model_lexicon, cue_counts
from tahqiq.stance.features import DENSE_NAMES
from tahqiq.stance.trained import read_spec


def test_groups_are_listed_without_loading_and_found_in_text() -> None:
    assert tuple(CUES) == GROUPS
    counts = cue_counts("ونفت الوزارة هذه المعلومات وقالت إنها عارية عن الصحة")
    assert counts["denial"] == 2
    assert counts["anaphora"] == 1
    assert counts["reporting"] == 1


def test_the_shipped_models_record_the_shipped_lists() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LexiconChangedWarning)
        spec = read_spec()
    frames = spec["features"]["dense"] == list(DENSE_NAMES)  # a model with event-frame features
    assert spec["lexicon_sha256"] == cues.model_lexicon_sha256(frames)


def test_a_model_built_on_other_lists_warns_once() -> None:
    check_model_lexicon.cache_clear()
    with pytest.warns(LexiconChangedWarning, match="retrain"):
        assert not check_model_lexicon("0" * 64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not check_model_lexicon("0" * 64)
        assert check_model_lexicon(None)
