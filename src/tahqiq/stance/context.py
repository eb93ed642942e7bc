"""The claim's candidate set as context: *discuss* or *unrelated* decided against the other reports.

An article on its own says little about whether it discusses a claim or only shares its words:
on the Baly development fold, among the articles ``check`` weighs whose gold label is discuss or
unrelated, the pair model's P(related) separates the two no better than chance (ROC-AUC 0.51).
What does separate them is the rest of the set: a report that covers the same story as the
other reports retrieved for the claim discusses it; one that stands apart from them only shares
words with it (ROC-AUC 0.63 for the mean similarity to the other weighed articles;
``scripts/relatedness_context.py`` measures it, with the other set-level features tried).

So once every weighed article has its stance, the mass the model gave to "discuss or unrelated"
is split again by the article's *story share*: its mean TF-IDF cosine with the other weighed
articles, over loose word keys weighted by the shipped background IDF (so the figure does not
depend on how large the store is). Agree and disagree are left as the model gave them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from tahqiq.records import STANCES, Article, Rationale, Stance, StanceResult
from tahqiq.stance.trained import logistic_step
from tahqiq.stance.weights import idf, keys

# Share of the other reports' story above which an article that is not agree/disagree discusses
# the claim. Chosen by claim-level cross-validation on the Baly development fold (five claim folds,
# grid 0.04–0.38 step 0.02; the folds chose 0.20–0.24): end-to-end 4-class macro-F1 0.475 → 0.493
# held out (discuss F1 0.22 → 0.32). In-sample figures on that fold are therefore optimistic.
STORY_SHARE = 0.22
# Below this P(related) the model read no sentence near the claim: a shared story alone does not
# make the article discuss it (a store holding ten copies of an unrelated report). Cost nothing
# on the fold (cross-validated macro-F1 unchanged at 0.2, lower above 0.3).
STORY_FLOOR = 0.2
STORY_TEMPERATURE = 0.03  # softness of the split around STORY_SHARE, in cosine units
MIN_OTHERS = 2  # with fewer other weighed articles there is no set to compare with
TEXT_CHARS = 4000  # the title and the body's first characters: where a report tells its story


def story_shares(articles: Sequence[Article]) -> list[float]:
    """Each article's mean cosine with the others (0 where there are fewer than ``MIN_OTHERS``)."""
    vectors = [article_vector(a) for a in articles]
    if len(vectors) <= MIN_OTHERS:
        return [0.0] * len(vectors)
    shares = []
    for i, v in enumerate(vectors):
        others = [cosine(v, w) for j, w in enumerate(vectors) if j != i]
        shares.append(sum(others) / len(others))
    return shares


def in_context(result: StanceResult, share: float, threshold: float = STORY_SHARE) -> StanceResult:
    """``result`` with its discuss/unrelated mass split by ``share``; agree and disagree kept.

    Only a result labelled discuss or unrelated changes, and it keeps that mass: if the split
    leaves agree or disagree the larger, the label follows the probabilities, as everywhere else.
    """
    if result.stance not in ("discuss", "unrelated"):
        return result
    scores = dict(result.scores)
    other = scores["discuss"] + scores["unrelated"]
    related = 1.0 - scores["unrelated"] >= STORY_FLOOR
    story = logistic_step(share - threshold, STORY_TEMPERATURE) if related else 0.0
    scores["discuss"], scores["unrelated"] = other * story, other * (1.0 - story)
    label: Stance = max(STANCES, key=lambda k: scores[k])
    rationales = result.rationales
    if label != result.stance:
        note = f"story shared with the other reports {share:.2f}"
        rationales = tuple(_relabel(r, result.stance, label, note) for r in rationales)
    return replace(
        result, stance=label, scores={k: round(v, 6) for k, v in scores.items()}, rationales=rationales
    )


def _relabel(r: Rationale, old: str, new: str, note: str) -> Rationale:
    """A rationale chosen for the old label (its ``why`` starts ``old:``) now speaks for the new one."""
    head, colon, why = r.role.partition(":")
    return replace(r, role=f"{new}{colon}{why}; {note}") if head == old else r


def article_vector(article: Article) -> dict[str, float]:
    """The :func:`story_vector` of where an article tells its story: its title and first characters."""
    return story_vector(article.title + " " + article.text[:TEXT_CHARS])


def story_vector(text: str) -> dict[str, float]:
    """Unit-length TF-IDF weights of ``text``'s loose word keys (background IDF, shipped)."""
    counts = Counter(keys(text))
    weights = {k: (1.0 + math.log(n)) * idf(k) for k, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two :func:`story_vector` results."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())
