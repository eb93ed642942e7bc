"""From article stances to a verdict, counting independent origins rather than articles.

Reports that share copied passages, or that relay the same party's statement, repeat one
source: five echoes of one statement weigh as one. So agreeing (and, separately, disagreeing)
articles are grouped into origins (:mod:`tahqiq.verdict.origins`), and the calibrated
probability that the claim is true (:mod:`tahqiq.verdict.calibration`) is read from those
origins, the stance model's confidence and the kind of claim. :func:`decide` is the one verdict:
``check`` shows it, ``tahqiq eval`` scores it (end to end, and on labelled pairs through
:func:`decide_texts`).

A claim that reports speech («قال المتحدث إن …») is judged as what it says: that the speaker
said it. Each outlet that reported the statement is then a witness, so agreeing reports group
only when they copy one another; the explanation says so, and names the statement, whose own
truth is a separate claim to check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tahqiq.provenance.copies import find_copies
from tahqiq.records import (
    Article,
    CopiedPassage,
    Evidence,
    Origin,
    Stance,
    StanceResult,
    Verdict,
    VerdictLabel,
)
from tahqiq.text.bidi import isolate
from tahqiq.verdict.calibration import Calibration, ClaimEvidence, shipped
from tahqiq.verdict.claim_kind import ClaimShape, claim_shape
from tahqiq.verdict.origins import components, origins

__all__ = ["components", "decide", "decide_texts", "origins"]


def decide(
    evidence: Sequence[Evidence],
    copies: Sequence[CopiedPassage],
    sources: Mapping[int, str | None] | None = None,
    speakers: Mapping[int, str | None] | None = None,
    *,
    claim: str = "",
    calibration: Calibration | None = None,
) -> Verdict:
    """The verdict for a claim from its evidence, the copy links among it, and who each article relays.

    :param sources: article id → the party its position traces to (e.g. the Hmeimim centre).
    :param speakers: article id → the named speaker of its key statement (e.g. who denied).
    :param claim: the claim's text, read for its kind (event or speech); empty means an event.
    :param calibration: the fitted weights (default: the shipped ones).
    """
    shape = claim_shape(claim) if claim else ClaimShape("event")
    by_stance: dict[str, list[Evidence]] = {s: [] for s in ("agree", "disagree", "discuss", "unrelated")}
    for e in evidence:
        by_stance[e.stance.stance].append(e)
    # Relays of the speaker are witnesses that the speaker spoke: only copies merge them.
    agree_sources = None if shape.kind == "speech" else sources
    found: list[Origin] = []
    sides: tuple[tuple[Stance, Mapping[int, str | None] | None], ...] = (
        ("agree", agree_sources),
        ("disagree", sources),
    )
    for side, side_sources in sides:
        for group in origins([e.article.id for e in by_stance[side]], copies, side_sources):
            found.append(_origin(side, group, sources or {}, speakers or {}))
    agree = [o for o in found if o.side == "agree"]
    disagree = [o for o in found if o.side == "disagree"]
    claim_evidence = ClaimEvidence(
        tuple((e.article.id, e.stance) for e in evidence), len(agree), len(disagree), shape.kind == "speech"
    )
    label, confidence = (calibration or shipped()).verdict(claim_evidence)
    p_true = confidence if label == "supported" else 1.0 - confidence
    counts = {
        "articles": len(evidence),
        "agree": len(by_stance["agree"]),
        "disagree": len(by_stance["disagree"]),
        "discuss": len(by_stance["discuss"]),
        "unrelated": len(by_stance["unrelated"]),
        "agree_origins": len(agree),
        "disagree_origins": len(disagree),
    }
    return Verdict(
        label,
        round(min(max(confidence, 0.0), 1.0), 3),
        _explain(label, p_true, shape, by_stance, agree, disagree),
        counts,
        tuple(found),
        p_true=round(p_true, 4),
        claim_kind=shape.kind,
        speaker=shape.speaker,
        statement=shape.statement,
    )


def _origin(
    side: Stance, group: list[int], sources: Mapping[int, str | None], speakers: Mapping[int, str | None]
) -> Origin:
    named = [s for i in group if (s := sources.get(i))]
    source = max(sorted(set(named)), key=named.count) if named else None
    who = tuple(dict.fromkeys(s for i in group if (s := speakers.get(i))))
    return Origin(side, tuple(group), source, who)


def _name(e: Evidence) -> str:
    # Outlet, source and speaker names come from the articles: isolated, so a bidi control in one
    # cannot reorder the explanation around it (on the page, in print, in ClaimReview).
    return f"#{e.article.id} ({isolate(e.article.outlet) if e.article.outlet else 'unknown outlet'})"


def _side(items: list[Evidence], groups: Sequence[Origin], verb: tuple[str, str], unit: str) -> str:
    if not items:
        return ""
    by_id = {e.article.id: e for e in items}
    parts = []
    for group in groups:
        names = ", ".join(_name(by_id[i]) for i in group.articles)
        who = isolate(group.source) if group.source else "an unnamed source"
        others = [s for s in group.speakers if s != group.source]
        if others:
            who += f" (speaking: {', '.join(isolate(s) for s in others)})"
        parts.append(f"{who}: {names}")
    noun = "report" if len(items) == 1 else "reports"
    verb_form = verb[0] if len(items) == 1 else verb[1]
    units = unit if len(groups) == 1 else unit.replace("origin", "origins").replace("witness", "witnesses")
    listing = "; ".join(parts)
    return f"{len(items)} {noun} {verb_form} the claim, from {len(groups)} {units} — {listing}."


def _explain(
    label: VerdictLabel,
    p_true: float,
    shape: ClaimShape,
    by_stance: dict[str, list[Evidence]],
    agree: Sequence[Origin],
    disagree: Sequence[Origin],
) -> str:
    speech = shape.kind == "speech"
    parts: list[str] = []
    if speech:
        who = isolate(shape.speaker) if shape.speaker else "the speaker"
        parts.append(
            f"The claim reports what {who} said: this verdict is about whether it was said; "
            f"whether it is true is a separate claim («{isolate(shape.statement or '')}»)."
        )
    if not any(by_stance[s] for s in ("agree", "disagree", "discuss")):
        parts.append("No stored report is about this claim.")
    else:
        parts += [
            _side(
                by_stance["agree"],
                agree,
                ("agrees with", "agree with"),
                "independent witness" if speech else "independent origin",
            ),
            _side(
                by_stance["disagree"],
                disagree,
                ("disputes or denies", "dispute or deny"),
                "independent origin",
            ),
        ]
        if by_stance["discuss"]:
            n = len(by_stance["discuss"])
            parts.append("1 report only discusses it." if n == 1 else f"{n} reports only discuss it.")
        if any(len(g.articles) > 1 for g in [*agree, *disagree]):
            parts.append(
                "Reports that copy each other count as one witness."
                if speech
                else "Reports that copy each other or relay the same party count as one origin."
            )
    parts.append(
        f"The evidence puts the chance that the claim is true at {p_true:.0%}; "
        + {
            "supported": "independent reports carry it.",
            "refuted": "reports deny it and none carries it.",
            "disputed": "some origins assert it and others deny it.",
            "unverified": "too little independent evidence to decide either way.",
        }[label]
    )
    return " ".join(p for p in parts if p)


def decide_texts(claim: str, items: Sequence[tuple[str, StanceResult]]) -> Verdict:
    """The verdict for evidence given as bare article texts (as in labelled datasets).

    Articles get ids 1..n in the order given; copy links are found among the related ones. This
    is the verdict callable of the pair-level ``tahqiq eval``, so it is :func:`decide` itself.
    """
    evidence = [
        Evidence(Article(i, "", text, None, None, None, "ar", (), {}, "", ""), 0.0, stance)
        for i, (text, stance) in enumerate(items, start=1)
    ]
    related = [e.article for e in evidence if e.stance.stance in ("agree", "disagree")]
    return decide(evidence, find_copies(related) if len(related) > 1 else [], claim=claim)
