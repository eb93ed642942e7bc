"""From article stances to a verdict, counting independent origins rather than articles.

Reports that share copied passages, or that relay the same party's statement, repeat one
source: five echoes of one statement weigh as one. So agreeing (and, separately, disagreeing)
articles are grouped into origins, and the verdict is decided on origins:

- supported: at least two independent agreeing origins and no disagreeing one;
- refuted: at least two independent disagreeing origins and no agreeing one;
- disputed: origins on both sides;
- unverified: anything thinner; a wrong "supported" is worse than an honest "unverified".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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

MIN_ORIGINS = 2


def components(ids: Sequence[int], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``ids`` under ``links`` (pairs outside ``ids`` are ignored), largest first."""
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def origins(
    ids: Sequence[int],
    copies: Sequence[CopiedPassage],
    sources: Mapping[int, str | None] | None = None,
) -> list[list[int]]:
    """Group article ids into origins: linked by a copied passage, or tracing to the same source."""
    links = [c.articles for c in copies]
    first_with: dict[str, int] = {}
    for i in ids:
        source = (sources or {}).get(i)
        if source:
            links.append((first_with.setdefault(source, i), i))
    return components(ids, links)


def decide(
    evidence: Sequence[Evidence],
    copies: Sequence[CopiedPassage],
    sources: Mapping[int, str | None] | None = None,
    speakers: Mapping[int, str | None] | None = None,
) -> Verdict:
    """The verdict for a claim from its evidence, the copy links among it, and who each article relays.

    :param sources: article id → the party its position traces to (e.g. the Hmeimim centre).
    :param speakers: article id → the named speaker of its key statement (e.g. who denied).
    """
    by_stance: dict[str, list[Evidence]] = {s: [] for s in ("agree", "disagree", "discuss", "unrelated")}
    for e in evidence:
        by_stance[e.stance.stance].append(e)
    found: list[Origin] = []
    for side in ("agree", "disagree"):
        for group in origins([e.article.id for e in by_stance[side]], copies, sources):
            found.append(_origin(side, group, sources or {}, speakers or {}))
    agree = [o for o in found if o.side == "agree"]
    disagree = [o for o in found if o.side == "disagree"]
    strength_a = _strength(by_stance["agree"], "agree", agree)
    strength_d = _strength(by_stance["disagree"], "disagree", disagree)

    label: VerdictLabel
    if len(agree) >= MIN_ORIGINS and not disagree:
        label, confidence = "supported", strength_a
    elif len(disagree) >= MIN_ORIGINS and not agree:
        label, confidence = "refuted", strength_d
    elif agree and disagree:
        label = "disputed"
        confidence = min(strength_a, strength_d) / max(strength_a, strength_d, 1e-9) * 0.5 + 0.25
    else:
        label = "unverified"
        confidence = 1.0 - max(strength_a, strength_d) * 0.5
    counts = {
        "articles": len(evidence),
        "agree": len(by_stance["agree"]),
        "disagree": len(by_stance["disagree"]),
        "discuss": len(by_stance["discuss"]),
        "unrelated": len(by_stance["unrelated"]),
        "agree_origins": len(agree),
        "disagree_origins": len(disagree),
    }
    explanation = _explain(label, by_stance, agree, disagree)
    return Verdict(label, round(min(max(confidence, 0.0), 1.0), 3), explanation, counts, tuple(found))


def _origin(
    side: Stance, group: list[int], sources: Mapping[int, str | None], speakers: Mapping[int, str | None]
) -> Origin:
    named = [s for i in group if (s := sources.get(i))]
    source = max(sorted(set(named)), key=named.count) if named else None
    who = tuple(dict.fromkeys(s for i in group if (s := speakers.get(i))))
    return Origin(side, tuple(group), source, who)


def _strength(items: Sequence[Evidence], stance: str, groups: Sequence[Origin]) -> float:
    """How strongly one side is backed: each origin counts once, at its best article's probability."""
    if not items:
        return 0.0
    prob = {e.article.id: e.stance.scores.get(stance, 0.0) for e in items}
    miss = 1.0
    for group in groups:
        miss *= 1.0 - 0.6 * max(prob[i] for i in group.articles)
    return 1.0 - miss


def _name(e: Evidence) -> str:
    # Outlet, source and speaker names come from the articles: isolated, so a bidi control in one
    # cannot reorder the rest of the explanation.
    return f"#{e.article.id} ({isolate(e.article.outlet) if e.article.outlet else 'unknown outlet'})"


def _side(items: list[Evidence], groups: Sequence[Origin], verb: tuple[str, str]) -> str:
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
    origin = "independent origin" if len(groups) == 1 else "independent origins"
    listing = "; ".join(parts)
    return f"{len(items)} {noun} {verb_form} the claim, from {len(groups)} {origin} — {listing}."


def _explain(
    label: VerdictLabel,
    by_stance: dict[str, list[Evidence]],
    agree: Sequence[Origin],
    disagree: Sequence[Origin],
) -> str:
    if not any(by_stance[s] for s in ("agree", "disagree", "discuss")):
        return "No stored report is about this claim. Fewer than 2 independent origins take a side."
    parts = [
        _side(by_stance["agree"], agree, ("agrees with", "agree with")),
        _side(by_stance["disagree"], disagree, ("disputes or denies", "dispute or deny")),
    ]
    if by_stance["discuss"]:
        parts.append(f"{len(by_stance['discuss'])} report(s) only discuss it.")
    if any(len(g.articles) > 1 for g in [*agree, *disagree]):
        parts.append("Reports that copy each other or relay the same party count as one origin.")
    parts.append(
        {
            "supported": "Independent origins agree and none disputes the claim.",
            "refuted": "Independent origins deny the claim and none supports it.",
            "disputed": "Some origins assert the claim and others deny it.",
            "unverified": f"Fewer than {MIN_ORIGINS} independent origins take a side, "
            "so the evidence is too thin to decide.",
        }[label]
    )
    return " ".join(p for p in parts if p)


def decide_texts(claim: str, items: Sequence[tuple[str, StanceResult]]) -> Verdict:
    """The verdict for evidence given as bare article texts (as in labelled datasets).

    Articles get ids 1..n in the order given; copy links are found among the related ones.
    """
    evidence = [
        Evidence(Article(i, "", text, None, None, None, "ar", (), {}, "", ""), 0.0, stance)
        for i, (text, stance) in enumerate(items, start=1)
    ]
    related = [e.article for e in evidence if e.stance.stance != "unrelated"]
    return decide(evidence, find_copies(related))
