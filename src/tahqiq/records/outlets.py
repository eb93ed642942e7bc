"""Records of outlet profiles: what the store's own articles say about an outlet's record.

Every figure carries the ids of the articles behind it, so a reader can open them: a profile is
evidence, not a rating. Names are the desk's (a detected name after the desk's renames and
merges); ``detected`` lists the names ingest gave the articles. docs/outlets.md documents the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from tahqiq.records import Stance, VerdictLabel


@dataclass(frozen=True, slots=True)
class Tally:
    """A count and the articles behind it (``articles`` holds at most the profile's listing cap of
    ids, lowest first; ``count`` is always the full number)."""

    count: int
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NamedTally:
    """A count for one name (an outlet, a source, a language, a verdict) and the articles behind it."""

    name: str
    count: int
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PartyLabel:
    """A label the outlet uses for a party («الإرهابيين» for armed groups, «النظام» for the Syrian
    government): ``party`` is whose vocabulary it is (``government`` or ``opposition``, from
    ``data/lexicon/loaded_language.tsv``), ``count`` the articles using it."""

    label: str
    party: str
    count: int
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Denial:
    """A denial an article of the outlet carries: who denied, in which sentence (0-based)."""

    article_id: int
    sentence: int
    speaker: str


@dataclass(frozen=True, slots=True)
class CheckedClaim:
    """An article of the outlet weighed in a saved check: its stance there (a reviewer's correction
    overrides the machine's) and the check's rating (a reviewer's edit overrides the machine's)."""

    check_id: int
    claim: str
    article_id: int
    stance: Stance
    rating: VerdictLabel
    reviewed: bool


@dataclass(frozen=True, slots=True)
class StanceRecord:
    """How the outlet's articles stood in saved checks.

    ``carried`` counts the claims its articles agreed with by the rating the claim later got
    (supported, refuted, disputed, unverified); ``disputed_claims`` the claims its articles
    disagreed with, by rating; ``checks`` lists every weighed article.
    """

    carried: tuple[NamedTally, ...]
    disputed_claims: tuple[NamedTally, ...]
    checks: tuple[CheckedClaim, ...]


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """One outlet's record, from the articles in the store.

    ``copies`` are its articles that copy an earlier report of another outlet; ``first`` those
    another outlet copied later and that copy no one; ``own`` those sharing no passage with another
    outlet; ``unordered`` those whose copy links have no known order (same day, undated).
    ``copies_from``, ``copied_by`` and ``shares_with`` name the other outlets its articles copy,
    are copied by, or share passages with in unknown order (the ids are always this outlet's).
    ``relays`` are the primary sources its articles relay, most first, out of ``relayed_of``
    articles in all. ``loaded`` are its articles with at least one sentence of loaded language;
    ``loaded_share`` is loaded sentences over sentences. ``denials`` lists the first denials its
    articles carry (up to the listing cap), ``denials_total`` counts them all. ``stale`` counts
    store articles not yet in any profile (added by an ingest still running, or by an older
    tahqiq, until ``tahqiq index``).
    """

    name: str
    detected: tuple[str, ...]
    articles: Tally
    first_published: str | None
    last_published: str | None
    undated: int
    copies: Tally
    first: Tally
    own: Tally
    unordered: Tally
    copies_from: tuple[NamedTally, ...]
    copied_by: tuple[NamedTally, ...]
    shares_with: tuple[NamedTally, ...]
    relays: tuple[NamedTally, ...]
    relayed_of: int
    stance: StanceRecord
    denials: tuple[Denial, ...]
    denials_total: int
    loaded: Tally
    loaded_sentences: int
    sentences: int
    loaded_share: float
    labels: tuple[PartyLabel, ...]
    languages: tuple[NamedTally, ...]
    stale: int


@dataclass(frozen=True, slots=True)
class OutletSummary:
    """A row of the list of outlets: its size, dates, copying and loaded language, at a glance."""

    name: str
    detected: tuple[str, ...]
    articles: int
    first_published: str | None
    last_published: str | None
    loaded_share: float


@dataclass(frozen=True, slots=True)
class OutletList:
    """Every outlet, largest first; ``unattributed`` counts articles no outlet was detected for."""

    outlets: tuple[OutletSummary, ...]
    unattributed: int
    stale: int


@dataclass(frozen=True, slots=True)
class OutletNameChange:
    """A desk's rename (``old`` → ``new``) or merge (``old`` joins ``new``), with who and when."""

    id: int
    action: str
    old: str
    new: str
    changed_by: str
    changed_at: str
