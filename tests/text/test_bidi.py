"""Untrusted names inside generated text: their bidi controls dropped, the name isolated."""

from __future__ import annotations

import pytest

from tahqiq.text import isolate
from tahqiq.text.bidi import FSI, PDI, contain, strip_bidi

RLO = "\u202e"


@pytest.mark.parametrize(
    "control",
    ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2067", FSI, PDI, "\u200e", "\u200f", "\u061c"],
)
def test_every_bidi_control_is_stripped(control: str) -> None:
    assert strip_bidi("سانا" + control + " news") == "سانا" + " news"


def test_isolate_wraps_the_stripped_name_and_keeps_letters_in_order() -> None:
    assert isolate(f"{RLO}evil outlet") == f"{FSI}evil outlet{PDI}"
    assert isolate("بلدي نيوز") == f"{FSI}بلدي نيوز{PDI}"
    assert isolate("") == FSI + PDI


def test_contain_keeps_paired_isolates_and_drops_raw_overrides() -> None:
    made = f"#3 ({isolate('سانا')}) agrees"
    assert contain(made) == made
    assert contain(f"#3 (evil{RLO}) agrees; rest") == "#3 (evil) agrees; rest"
    assert contain(f"a {PDI}b {FSI}c") == f"a b {FSI}c{PDI}"  # a stray close dropped, an open one closed
