"""From article stances to a verdict, counting independent origins rather than articles.

Reports that share copied passages repeat one source: five echoes of one statement weigh as one.
So agreeing (and, separately, disagreeing) articles are grouped into origins by copy links, and
the verdict is decided on origins:

- supported: at least two independent agreeing origins and no disagreeing one;
- refuted: at least two independent disagreeing origins and no agreeing one;
- disputed: origins on both sides;
- unverified: anything thinner; a wrong "supported" is worse than an honest "unverified".
"""

from __future__ import annotations

from collections.abc import Sequence

from tahqiq.provenance.copies import find_copies
from tahqiq.records import Article, CopiedPassage, Evidence, StanceResult, Verdict, VerdictLabel

MIN_ORIGINS = 2


def origins(ids: Sequence[int], copies: Sequence[CopiedPassage]) -> list[list[int]]:
    """Group article ids into origins: connected components of the copy links among them."""
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in copies:
        a, b = c.articles
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def decide(evidence: Sequence[Evidence], copies: Sequence[CopiedPassage]) -> Verdict:
    """The verdict for a claim from its evidence and the copy links among the evidence."""
    by_stance: dict[str, list[Evidence]] = {s: [] for s in ("agree", "disagree", "discuss", "unrelated")}
    for e in evidence:
        by_stance[e.stance.stance].append(e)
    agree_origins = origins([e.article.id for e in by_stance["agree"]], copies)
    disagree_origins = origins([e.article.id for e in by_stance["disagree"]], copies)
    n_agree, n_disagree = len(agree_origins), len(disagree_origins)
    strength_a = _strength(by_stance["agree"], "agree", agree_origins)
    strength_d = _strength(by_stance["disagree"], "disagree", disagree_origins)

    label: VerdictLabel
    if n_agree >= MIN_ORIGINS and n_disagree == 0:
        label, confidence = "supported", strength_a
    elif n_disagree >= MIN_ORIGINS and n_agree == 0:
        label, confidence = "refuted", strength_d
    elif n_agree and n_disagree:
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
        "agree_origins": n_agree,
        "disagree_origins": n_disagree,
    }
    return Verdict(
        label,
        round(min(max(confidence, 0.0), 1.0), 3),
        _explain(label, by_stance, agree_origins, disagree_origins),
        counts,
    )


def _strength(items: Sequence[Evidence], stance: str, groups: list[list[int]]) -> float:
    """How strongly one side is backed: each origin counts once, at its best article's probability."""
    if not items:
        return 0.0
    prob = {e.article.id: e.stance.scores.get(stance, 0.0) for e in items}
    miss = 1.0
    for group in groups:
        miss *= 1.0 - 0.6 * max(prob[i] for i in group)
    return 1.0 - miss


def _name(e: Evidence) -> str:
    outlet = e.article.outlet or "unknown outlet"
    return f"#{e.article.id} ({outlet})"


def _side(items: list[Evidence], groups: list[list[int]], verb: str) -> str:
    if not items:
        return ""
    by_id = {e.article.id: e for e in items}
    parts = []
    for group in groups:
        names = ", ".join(_name(by_id[i]) for i in group)
        parts.append(f"[{names}]" if len(group) > 1 else names)
    noun = "report" if len(items) == 1 else "reports"
    origin = "independent origin" if len(groups) == 1 else "independent origins"
    return f"{len(items)} {noun} {verb} the claim, from {len(groups)} {origin}: " + "; ".join(parts) + "."


def _explain(
    label: VerdictLabel,
    by_stance: dict[str, list[Evidence]],
    agree_origins: list[list[int]],
    disagree_origins: list[list[int]],
) -> str:
    parts = [
        _side(by_stance["agree"], agree_origins, "agree with"),
        _side(by_stance["disagree"], disagree_origins, "dispute or deny"),
    ]
    if by_stance["discuss"]:
        parts.append(f"{len(by_stance['discuss'])} report(s) only discuss it.")
    if any(len(g) > 1 for g in agree_origins + disagree_origins):
        parts.append("Reports in brackets share copied passages, so each group counts as one origin.")
    reason = {
        "supported": "Independent origins agree and none disputes the claim.",
        "refuted": "Independent origins deny the claim and none supports it.",
        "disputed": "Some origins assert the claim and others deny it.",
        "unverified": f"Fewer than {MIN_ORIGINS} independent origins take a side, "
        "so the evidence is too thin to decide.",
    }[label]
    if not any(by_stance[s] for s in ("agree", "disagree", "discuss")):
        parts = ["No stored report is about this claim."]
    return " ".join(p for p in [*parts, reason] if p)


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
