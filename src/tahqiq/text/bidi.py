"""Keeping untrusted names from reordering the text they are placed in.

An outlet name, a speaker or a title comes from the article, so it may hold bidi controls. A
right-to-left override (U+202E) in an outlet name copied into the verdict explanation reverses
the rest of that paragraph on the page, in print and in the published ClaimReview. So every
untrusted string put inside generated text goes through :func:`isolate`: its own bidi controls
are removed and it is wrapped in a first-strong isolate (U+2068 … U+2069), which lays it out on
its own (Arabic or Latin, whichever it starts with) and leaves the text around it untouched.
"""

from __future__ import annotations

import re

FSI = "\u2068"  # first strong isolate: direction taken from the isolated text's first strong letter
PDI = "\u2069"  # pop directional isolate: closes the isolate
# Embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the LRM/RLM marks and the
# Arabic letter mark: every character that changes the layout of the characters after it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    """``text`` without bidi control characters (its letters and their order are unchanged)."""
    return BIDI_CONTROLS.sub("", text)


def isolate(text: str) -> str:
    """``text`` stripped of bidi controls and wrapped in U+2068 … U+2069, to place inside other text."""
    return f"{FSI}{strip_bidi(text)}{PDI}"


def contain(text: str) -> str:
    """Generated text made safe to display: isolates kept only where they pair up, every other
    bidi control dropped, and isolates still open at the end closed.

    For machine text saved before its names were isolated (a check report kept in a store), whose
    outlet names may still carry a raw override.
    """
    out: list[str] = []
    depth = 0
    for char in text:
        if char == FSI:
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        elif BIDI_CONTROLS.fullmatch(char):
            continue
        out.append(char)
    return "".join(out) + PDI * depth
