"""The planted stream: rewordings really reworded, decoys really another fact, all from the seed."""

from __future__ import annotations

import random

from tahqiq.text import normalize
from tahqiq.watch.planted import claim_text, claims, decoy, planted_stream, reword


def test_rewordings_never_copy_the_claim_and_follow_the_seed() -> None:
    facts = claims(20, seed=5)
    rng = random.Random(9)
    for fact in facts:
        claim = normalize(claim_text(fact))
        for _ in range(5):
            assert normalize(reword(fact, rng)) != claim
    first = [reword(f, random.Random(9)) for f in facts]
    assert first == [reword(f, random.Random(9)) for f in facts]
    assert len(set(first)) == len(first)


def test_decoys_share_at_most_two_slots_with_every_claim() -> None:
    facts = claims(30, seed=4)
    rng = random.Random(2)
    texts = {normalize(claim_text(f)) for f in facts}
    for fact in facts:
        for _ in range(4):
            assert normalize(decoy(fact, rng, facts)) not in texts


def test_a_planted_stream_is_the_same_for_the_same_seed() -> None:
    a = planted_stream(120, claims_n=5, rewordings=2, decoys=2, seed=3)
    b = planted_stream(120, claims_n=5, rewordings=2, decoys=2, seed=3)
    assert a == b and len(a.planted) == 20
    kinds = sorted(kind for _, kind in a.planted.values())
    assert kinds.count("reword") == kinds.count("decoy") == 10
