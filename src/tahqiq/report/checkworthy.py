"""Check-worthiness of a sentence: does it state a verifiable fact, and how much does it persuade?

A desk has more reports than people, so ``tahqiq claims`` ranks the sentences of a store by how
much a check of them would be worth. A sentence is worth checking when it states something a
checker can verify: a named actor did or said something, a number, a place, a time. Language
that persuades rather than informs lowers the score a little: an opinion wrapped in labels is
less checkable than the event it comments on, though the event inside it still counts.

The score is a small linear model over those facts, written out in :data:`WEIGHTS` so anyone
can see why a sentence ranks where it does (``features`` travel with every claim). No Arabic
check-worthiness labels with a licence that allows training exist, so the weights are set by
hand, each with its reason, and checked two ways: by the judgements written as tests
(``tests/report/test_checkworthy.py``) and by ``tahqiq eval PATH --format checkthat`` on any file
in the CheckThat! layout.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import regex

from tahqiq.text.dates import find_dates
from tahqiq.text.names import NameKind, find_names
from tahqiq.text.normalize import normalize
from tahqiq.text.tokens import word_spans

#: The features of a sentence, in the order :func:`features` returns them.
FEATURES = ("actor", "speech", "number", "place", "time", "loaded", "question", "short", "spread")

#: Set by hand (see the module docstring). Each fact adds evidence that the sentence is checkable;
#: the bias puts a sentence with no fact at all well below the threshold (about 0.17), and one
#: fact alone under it (0.33-0.43), so a claim needs two of them: "Russia said X" (actor +
#: speech), "a million tonnes from Russia" (number + place). A named actor and reported speech
#: weigh most, because the question a checker asks first is "who says so"; a place and a time pin
#: an event down. Loaded language (the share of the sentence's words in technique spans) and a
#: question take a little off; a sentence of under six words rarely states a whole fact.
#: ``spread`` (:func:`spread`) grows with the articles that carry the sentence: independent
#: origins count fully, copies of one origin half (log2 each). In a store, a claim that several
#: outlets make on their own reaches more readers and is more likely the one a desk is asked
#: about. Its weight was 1.0 (a fact's worth per doubling) until the sample store showed the
#: 750-fighters detail of the Hmeimim statement (one number more, one origin) ranked above the
#: accusation itself (three articles, two origins); 1.5 is the weight chosen after seeing that,
#: so the sample ranking is not a held-out test of it. It is 0 for a sentence seen alone.
WEIGHTS: Mapping[str, float] = {
    "bias": -1.6,
    "actor": 1.3,
    "speech": 1.1,
    "number": 0.9,
    "place": 0.9,
    "time": 0.6,
    "loaded": -0.8,
    "question": -1.5,
    "short": -2.0,
    "spread": 1.5,
}

#: A sentence at or above this score is called check-worthy (``tahqiq eval --format checkthat``
#: scores the positive class at it). 0.5 is where the linear model's odds are even, and with the
#: weights above it is where two facts meet: not tuned on any evaluation file.
THRESHOLD = 0.5
SHORT_WORDS = 6

_NUMBER = regex.compile(r"\p{Nd}")
# Number words that state a quantity without digits.
_NUMBER_WORDS = frozenset(
    normalize(w)
    for w in (
        "ألف",
        "آلاف",
        "الف",
        "مليون",
        "ملايين",
        "مليار",
        "مليارات",
        "عشرات",
        "مئات",
        "مائة",
        "مئة",
        "نصف",
        "ثلث",
        "ربع",
        "اثنين",
        "ثلاثة",
        "أربعة",
        "خمسة",
        "ستة",
        "سبعة",
        "ثمانية",
        "تسعة",
        "عشرة",
    )
)
# Relative time words that anchor a report to a day without a full date.
_TIME_WORDS = frozenset(
    normalize(w)
    for w in (
        "أمس",
        "امس",
        "اليوم",
        "الليلة",
        "صباح",
        "مساء",
        "الماضي",
        "الماضية",
        "الجاري",
        "حاليا",
        "الأسبوع",
    )
)
_ACTORS = (NameKind.PER, NameKind.ORG, NameKind.MEDIA)


def features(
    text: str, *, speech: bool = False, loaded: float = 0.0, actor: bool = False
) -> dict[str, float]:
    """The features of one sentence, each in [0, 1].

    Args:
        text: the sentence as written.
        speech: it reports a statement of a named speaker or source, as provenance found it
            (eyewitnesses and anonymous sources name nobody).
        loaded: the share of its words inside persuasion-technique spans.
        actor: a named actor is known from elsewhere (a quote's speaker), besides the names
            the recogniser finds in ``text``.
    """
    norms, _ = word_spans(text)
    names = find_names(text)
    has_number = bool(_NUMBER.search(text)) or any(w in _NUMBER_WORDS for w in norms)
    has_time = bool(find_dates(text, dt.date(2000, 1, 1))) or any(w in _TIME_WORDS for w in norms)
    return {
        "actor": float(actor or any(n.kind in _ACTORS for n in names)),
        "speech": float(speech),
        "number": float(has_number),
        "place": float(any(n.kind == NameKind.LOC for n in names)),
        "time": float(has_time),
        "loaded": min(1.0, max(0.0, loaded)),
        "question": float(text.rstrip().endswith(("?", "؟"))),
        "short": float(len(norms) < SHORT_WORDS),
    }


def score(feats: Mapping[str, float]) -> float:
    """The check-worthiness of a sentence with these features, in (0, 1)."""
    z = WEIGHTS["bias"] + sum(WEIGHTS[name] * feats.get(name, 0.0) for name in FEATURES)
    return 1.0 / (1.0 + math.exp(-z))


def spread(articles: int, origins: int) -> float:
    """The spread of a sentence carried by ``articles`` articles (its own included) that come to
    ``origins`` independent origins: log2 of the origins, plus half log2 of the copies per origin."""
    origins = max(1, min(origins, articles))
    return math.log2(origins) + 0.5 * math.log2(max(1, articles) / origins)


def states_fact(feats: Mapping[str, float]) -> bool:
    """Whether a sentence states something verifiable at all: an actor, a number, a place or a time."""
    return any(feats.get(name, 0.0) > 0 for name in ("actor", "speech", "number", "place", "time"))


def loaded_share(start: int, end: int, spans: Sequence[tuple[int, int]]) -> float:
    """The share of the characters of ``[start, end)`` inside the given spans (overlaps counted once)."""
    if end <= start:
        return 0.0
    covered = 0
    last = start
    for s, e in sorted(spans):
        s, e = max(s, last), min(e, end)
        if e > s:
            covered += e - s
            last = e
    return covered / (end - start)
