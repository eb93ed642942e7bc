"""The check-worthy claims of a store: sentences that state a verifiable fact, ranked for a desk.

Each sentence of the chosen articles is scored by :mod:`tahqiq.report.checkworthy`; those that
state no fact at all (no actor, speech, number, place or time) are left out. For the best ones
the ranking then says what a checker asks next:

* who asserts it: the speakers and cited sources provenance finds in the sentence (handed in by
  the API as ``speech_of``, so this module holds no extraction of its own);
* how many outlets carry it: the articles with a sentence saying nearly the same (most of the
  content words shared), found through the store's stem index; and how many independent origins
  they come to, counting articles that copy one another (through the store's copy index) once;
* whether it was already checked: a saved check whose claim covers most of the sentence's content
  words, or whose evidence weighed this very sentence as a rationale.

A sentence copied into several articles is listed once, at its best-ranked place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tahqiq.errors import IndexNotReady
from tahqiq.records import Article, ArticlePersuasion, CheckReport, Sentence
from tahqiq.records.persuasion import CheckWorthyClaim
from tahqiq.records.provenance import ArticleSpeech, Attribution, Quote
from tahqiq.report.checkworthy import features, loaded_share, score, spread, states_fact
from tahqiq.store import Store, copyindex
from tahqiq.store import persuasion as stored_persuasion
from tahqiq.text import stems
from tahqiq.text.fingerprints import shingle_hashes, text_word_ids
from tahqiq.text.names import NameKind, find_names

#: Two sentences say the same thing when they share at least half the claim stems
#: (:func:`claim_stems`) of the shorter, 30% of the longer, and 8 stems. Set by judging every
#: sentence pair of the sample store that shares stems: paraphrases of the Hmeimim statement share
#: 0.31-0.61 of the longer sentence and 11-22 stems, while sentences of the same topic that say
#: different things (two Lavrov statements, two Russian ministry statements) share 5-10 stems,
#: under half of the shorter one or under 0.3 of the longer.
SAME_CLAIM = 0.5
SAME_CLAIM_LONGER = 0.3
SAME_CLAIM_MIN = 8
#: Share of a claim's content stems a saved check's claim must cover to be a check of it.
CHECK_COVERS = 0.6
#: Stored shingle hashes of a sentence another article must hold to copy it: two shared 5-word
#: runs between sentences that already say the same thing (about a fifth of shingles are stored).
COPY_HASHES = 2
#: Candidate articles read from the stem index per claim when counting its carriers.
CARRIER_CANDIDATES = 30
#: Claims followed up for carriers: this many per claim asked for, and never fewer than
#: :data:`MIN_FOLLOWED_UP`, so a claim many outlets carry is still reached when few are asked for.
FOLLOWED_UP = 4
MIN_FOLLOWED_UP = 60

SpeechOf = Callable[[int], ArticleSpeech]


@dataclass(frozen=True)
class SavedCheckRef:
    """A saved check as the ranking needs it: its id, claim stems and the sentences it weighed."""

    check_id: int
    stems: frozenset[str]
    rationales: frozenset[tuple[int, int]]  # (article id, sentence index)

    @classmethod
    def of(cls, check_id: int, report: CheckReport) -> SavedCheckRef:
        weighed = frozenset(
            (e.article.id, r.index) for e in report.evidence for r in e.stance.rationales if r.role
        )
        return cls(check_id, content_stems(report.claim), weighed)


def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's words (stop words are left out by :func:`tahqiq.text.stems`)."""
    return frozenset(s for s in stems(text) if s)


@lru_cache(maxsize=20_000)
def claim_stems(text: str) -> frozenset[str]:
    """The stems of what a sentence states, without the names of people and bodies in it: two
    sentences that only name the same speaker («وزير الخارجية الروسي سيرغي لافروف») and country
    say different things, while the places, numbers and events they share are the claim."""
    kept, pos = [], 0
    for name in find_names(text):
        if name.kind != NameKind.LOC:
            kept.append(text[pos : name.start])
            pos = name.end
    kept.append(text[pos:])
    return content_stems(" ".join(kept))


def rank_claims(
    store: Store,
    articles: Sequence[Article],
    speech_of: SpeechOf,
    checks: Sequence[SavedCheckRef] = (),
    *,
    limit: int = 20,
) -> list[CheckWorthyClaim]:
    """The ``limit`` most check-worthy sentences of ``articles``, best first (ties: more outlets)."""
    stored = stored_persuasion.read(store, [a.id for a in articles])
    scored: list[tuple[float, Article, Sentence, dict[str, float], tuple[str, ...]]] = []
    for article in articles:
        sentences = store.sentences(article)
        spans = _spans(article, sentences, stored.get(article.id))
        speech = speech_of(article.id)
        who_by_sentence, named = speakers(speech.quotes, speech.attributions)
        for sentence in sentences:
            feats = features(
                sentence.text,
                speech=sentence.index in named,
                actor=sentence.index in named,
                loaded=loaded_share(sentence.start, sentence.end, spans),
            )
            if states_fact(feats):
                who = tuple(dict.fromkeys(who_by_sentence.get(sentence.index, ())))
                scored.append((score(feats), article, sentence, feats, who))
    # Carriers cost a search each, so only the best by their own words are followed up; their
    # spread then reorders them (a sentence below this cut would need more carriers than any).
    scored.sort(key=lambda item: (-item[0], item[1].id, item[2].index))
    ready = _copy_index_ready(store)
    ranked: list[CheckWorthyClaim] = []
    for _, article, sentence, feats, who in scored[: max(limit * FOLLOWED_UP, MIN_FOLLOWED_UP)]:
        carriers = _carriers(store, article, sentence)
        carrying = [article.id, *carriers]
        origins = _origins(store, carrying, sentence.text) if ready else len(carrying)
        feats = {**feats, "spread": round(spread(len(carrying), origins), 4)}
        places = store.places(carrying)
        ranked.append(
            CheckWorthyClaim(
                article_id=article.id,
                sentence=sentence.index,
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                outlet=article.outlet,
                title=article.title,
                published=article.published,
                score=round(score(feats), 4),
                features=feats,
                asserted_by=who,
                outlets=tuple(dict.fromkeys(o for o, _ in places.values() if o)),
                origins=_origins(store, [article.id, *carriers], sentence.text)
                if ready
                else 1 + len(carriers),
                carriers=tuple(carriers),
                check_id=_checked(article.id, sentence, checks),
            )
        )
    ranked.sort(key=lambda c: (-c.score, -c.origins, c.article_id, c.sentence))
    out: list[CheckWorthyClaim] = []
    for claim in ranked:
        if any(claim.article_id in kept.carriers and _same(claim.text, kept.text) for kept in out):
            continue  # the same sentence in another article, already listed
        out.append(claim)
    return out[:limit]


#: Source types that name nobody: their statements are reported speech, but not of a named actor.
UNNAMED = frozenset({"anonymous", "eyewitness", "unknown", "unresolved"})


def speakers(
    quotes: Sequence[Quote], attributions: Sequence[Attribution]
) -> tuple[dict[int, list[str]], set[int]]:
    """Who speaks in each sentence (quotes' speakers, cited sources), and the sentences where a
    named one does."""
    who: dict[int, list[str]] = {}
    named: set[int] = set()
    for q in quotes:
        who.setdefault(q.sentence, []).append(q.speaker_canonical or q.speaker)
        if q.speaker_type not in UNNAMED:
            named.add(q.sentence)
    for a in attributions:
        if a.scope == "sentence":
            who.setdefault(a.sentence, []).append(a.canonical or a.source)
            if a.source_type not in UNNAMED and not a.unresolved:
                named.add(a.sentence)
    return who, named


def _copy_index_ready(store: Store) -> bool:
    """Whether the copy index covers every article; a store from an older tahqiq waits for
    ``tahqiq index``, and meanwhile every carrier counts as its own origin."""
    try:
        copyindex.require_ready(store)
    except IndexNotReady:
        return False
    return True


def _spans(
    article: Article, sentences: Sequence[Sentence], found: ArticlePersuasion | None
) -> list[tuple[int, int]]:
    """The article's technique spans: stored at ingest, or found now for an article stored before
    (reads never write; ``tahqiq index`` stores them)."""
    if found is not None:
        return [(s.start, s.end) for s in found.spans]
    from tahqiq.ingest.analysis import technique_rows

    rows, _ = technique_rows(article.text, [(s.start, s.end) for s in sentences])
    return [(start, end) for _, start, end, _, _ in rows]


def _same(a: str, b: str) -> bool:
    return _says_same(claim_stems(a), claim_stems(b))


def _says_same(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    shared = len(mine & theirs)
    shorter, longer = sorted((len(mine), len(theirs)))
    return (
        shared >= SAME_CLAIM_MIN and shared >= SAME_CLAIM * shorter and shared >= SAME_CLAIM_LONGER * longer
    )


def _carriers(store: Store, article: Article, sentence: Sentence) -> list[int]:
    """Other articles with a sentence that says nearly the same (most content stems shared)."""
    mine = claim_stems(sentence.text)
    if not mine:
        return []
    found: list[int] = []
    hits = store.fts_search(sorted(mine), CARRIER_CANDIDATES)
    for other in store.get_many([aid for aid, _ in hits if aid != article.id]):
        for s in store.sentences(other):
            if _says_same(mine, claim_stems(s.text)):
                found.append(other.id)
                break
    return sorted(found)


def _origins(store: Store, ids: Sequence[int], text: str) -> int:
    """How many independent origins the carrying articles come to: those that copy the sentence's
    words from one another (shared shingles in the copy index) count once."""
    hashes = [int(h) for h in shingle_hashes(text_word_ids(text))]
    if len(hashes) < COPY_HASHES:
        return len(ids)
    shared = copyindex.lookup(store, hashes).shared
    copies = {aid for aid, n in shared.items() if n >= COPY_HASHES}
    copied_here = [aid for aid in ids if aid in copies]
    return len(ids) - len(copied_here) + (1 if copied_here else 0)


def _checked(article_id: int, sentence: Sentence, checks: Sequence[SavedCheckRef]) -> int | None:
    """The newest saved check that is a check of this sentence, or None."""
    mine = content_stems(sentence.text)
    for check in sorted(checks, key=lambda c: -c.check_id):
        if (article_id, sentence.index) in check.rationales:
            return check.check_id
        if check.stems and len(check.stems & mine) >= CHECK_COVERS * len(check.stems):
            return check.check_id
    return None
