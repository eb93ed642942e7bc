"""An outlet's profile, read from the facts ingest keeps per article, and the desk's outlet names.

A profile reads only its own outlet's rows (facts, labels, denials and copy links, each table
indexed by the outlet) and lets SQL group and count them, so its cost grows with the outlet's
articles, never with the store.
The stance record is read from the saved checks at read time: there are few of them, and a
reviewer's later edit of a verdict or a stance must count the moment it is made.

Names: ingest detects a name per article and never changes it; the desk renames an outlet or
merges two names into one (:func:`rename`, :func:`merge`), and a profile gathers every detected
name that the desk's names send to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tahqiq.errors import InputError, TahqiqError
from tahqiq.records import Stance, VerdictLabel
from tahqiq.records.outlets import (
    CheckedClaim,
    Denial,
    NamedTally,
    OutletList,
    OutletNameChange,
    OutletProfile,
    OutletSummary,
    PartyLabel,
    StanceRecord,
    Tally,
)
from tahqiq.records.reviews import CheckSummary
from tahqiq.report.labels import labels_for
from tahqiq.store.outlets import Relation

if TYPE_CHECKING:
    from tahqiq.store import Store

#: Article ids listed behind one figure; the count is always whole. A page or a JSON reader opens
#: the articles from these, and 200 ids keep a profile of a 10,000-article outlet a few kilobytes.
MAX_LISTED = 200
#: Rows of each ranked list (sources relayed, outlets copied, labels).
TOP = 10
#: Saved checks read for the stance record, newest first (the number ``tahqiq claims`` compares with).
MAX_CHECKS = 200
#: Longest outlet name the desk may give (a name, not a sentence).
MAX_NAME_CHARS = 120
RATINGS: tuple[VerdictLabel, ...] = ("supported", "refuted", "disputed", "unverified")


class OutletNotFound(TahqiqError):
    """No outlet of that name in the store: the one line says so in Arabic and in English."""


def not_found(name: str) -> OutletNotFound:
    """The error for an unknown outlet: one line, Arabic first, English after it."""
    ar, en = labels_for("ar"), labels_for("en")
    return OutletNotFound(f"{ar('outlet.notFound', name=name)} ({en('outlet.notFound', name=name)})")


def _named(groups: Mapping[str, Iterable[int]], top: int | None = TOP) -> tuple[NamedTally, ...]:
    rows = [(name, sorted(set(ids))) for name, ids in groups.items()]
    rows.sort(key=lambda r: (-len(r[1]), r[0]))
    return tuple(NamedTally(n, len(ids), tuple(ids[:MAX_LISTED])) for n, ids in rows[:top])


def desk_name(names: Mapping[str, str], detected: str) -> str:
    """The desk's name for a detected name (itself unless renamed or merged)."""
    return names.get(detected, detected)


def _detected_for(name: str, names: Mapping[str, str]) -> list[str]:
    """The detected names the desk's ``name`` gathers (the name itself unless renamed away)."""
    found = [d for d, n in names.items() if n == name]
    if name not in names:
        found.append(name)
    return sorted(set(found))


def outlet_list(store: Store) -> OutletList:
    """Every outlet under the desk's names, most articles first (reads the per-outlet totals only)."""
    names = store.outlet_names()
    merged: dict[str, list[tuple[str, int, str | None, str | None, int, int]]] = {}
    unattributed = 0
    for row in store.outlet_totals():
        if not row.outlet:
            unattributed += row.articles
            continue
        merged.setdefault(desk_name(names, row.outlet), []).append(
            (row.outlet, row.articles, row.first_published, row.last_published, row.sentences, row.loaded)
        )
    rows = []
    for name, parts in merged.items():
        firsts = [p[2] for p in parts if p[2]]
        lasts = [p[3] for p in parts if p[3]]
        sentences, loaded = sum(p[4] for p in parts), sum(p[5] for p in parts)
        rows.append(
            OutletSummary(
                name=name,
                detected=tuple(sorted(p[0] for p in parts)),
                articles=sum(p[1] for p in parts),
                first_published=min(firsts) if firsts else None,
                last_published=max(lasts) if lasts else None,
                loaded_share=round(loaded / sentences, 4) if sentences else 0.0,
            )
        )
    rows.sort(key=lambda r: (-r.articles, r.name))
    return OutletList(tuple(rows), unattributed, store.outlet_stale())


def outlet_profile(store: Store, name: str) -> OutletProfile:
    """The profile of the outlet the desk calls ``name``, counted by the store from the facts kept
    per article (index range reads of this outlet's rows only).

    Raises:
        OutletNotFound: no article of the store is under that name.
    """
    names = store.outlet_names()
    name = " ".join(name.split())
    detected = _detected_for(name, names)
    counts = store.outlet_counts(detected) if name else None
    if counts is None or counts.articles == 0:
        raise not_found(name)
    # Each article is counted once, in the first of: copies, first (copied later, copies no one),
    # unordered (links of unknown order only), own (no link to another outlet).
    copying = store.outlet_link_ids(detected, "copies")
    first = store.outlet_link_ids(detected, "copied") - copying
    unordered = store.outlet_link_ids(detected, "unordered") - copying - first
    linked = copying | first | unordered
    own = [aid for aid in store.outlet_ids(detected) if aid not in linked]
    return OutletProfile(
        name=name,
        detected=tuple(d for d in detected if store.outlet_ids([d], limit=1)),
        articles=Tally(counts.articles, store.outlet_ids(detected, limit=MAX_LISTED)),
        first_published=counts.first_published,
        last_published=counts.last_published,
        undated=counts.articles - counts.dated,
        copies=_tally(copying),
        first=_tally(first),
        own=Tally(len(own), tuple(own[:MAX_LISTED])),
        unordered=_tally(unordered),
        copies_from=_other_outlets(store, detected, "copies", names),
        copied_by=_other_outlets(store, detected, "copied", names),
        shares_with=_other_outlets(store, detected, "unordered", names),
        relays=_groups(store.outlet_groups(detected, "source", top=TOP, limit=MAX_LISTED)),
        relayed_of=counts.articles,
        stance=stance_record(store, detected),
        denials=tuple(Denial(a, s, who) for a, s, who in store.outlet_denials(detected, limit=MAX_LISTED)),
        denials_total=store.outlet_denial_count(detected),
        loaded=Tally(counts.loaded_articles, store.outlet_ids(detected, limit=MAX_LISTED, loaded=True)),
        loaded_sentences=counts.loaded_sentences,
        sentences=counts.sentences,
        loaded_share=round(counts.loaded_sentences / counts.sentences, 4) if counts.sentences else 0.0,
        labels=tuple(
            PartyLabel(label, party, g.count, g.articles)
            for label, party, g in store.outlet_labels(detected, top=TOP, limit=MAX_LISTED)
        ),
        languages=_groups(store.outlet_groups(detected, "language", top=TOP, limit=MAX_LISTED)),
        stale=store.outlet_stale(),
    )


def _tally(ids: set[int]) -> Tally:
    return Tally(len(ids), tuple(sorted(ids)[:MAX_LISTED]))


def _groups(groups: Sequence[NamedTally]) -> tuple[NamedTally, ...]:
    return tuple(groups)


def _other_outlets(
    store: Store, detected: Sequence[str], relation: Relation, names: Mapping[str, str]
) -> tuple[NamedTally, ...]:
    """The other outlets, under the desk's names, that the outlet's articles have ``relation`` to;
    detected names the desk merged are counted together, each article once."""
    found = store.outlet_link_groups(detected, relation, limit=MAX_LISTED)
    by_name: dict[str, list[NamedTally]] = {}
    for g in found:
        if g.name:
            by_name.setdefault(desk_name(names, g.name), []).append(g)
    rows = []
    for name, groups in by_name.items():
        if len(groups) > 1:
            merged = store.outlet_link_group(detected, relation, [g.name for g in groups], limit=MAX_LISTED)
            rows.append(NamedTally(name, merged.count, merged.articles))
        else:
            rows.append(NamedTally(name, groups[0].count, groups[0].articles))
    rows.sort(key=lambda r: (-r.count, r.name))
    return tuple(rows[:TOP])


#: Saved checks whose weighed articles a process remembers (a check's report never changes once
#: saved; the desk's edits are kept beside it), so a profile does not read every report's JSON again.
EVIDENCE_MEMO = 4096
_EVIDENCE: dict[tuple[str, int, str, str], tuple[VerdictLabel, tuple[tuple[int, Stance], ...]]] = {}


def _weighed(store: Store, summary: CheckSummary) -> tuple[VerdictLabel, tuple[tuple[int, Stance], ...]]:
    """A saved check's machine verdict and each weighed article's machine stance."""
    key = (store.path, summary.check_id, summary.checked_at, summary.claim)
    found = _EVIDENCE.get(key)
    if found is None:
        report = store.saved_check(summary.check_id).report
        found = (report.verdict.label, tuple((e.article.id, e.stance.stance) for e in report.evidence))
        if len(_EVIDENCE) >= EVIDENCE_MEMO:
            _EVIDENCE.clear()
        _EVIDENCE[key] = found
    return found


def stance_record(store: Store, detected: Sequence[str]) -> StanceRecord:
    """How the outlet's articles stood in the saved checks, with the desk's edits applied."""
    checks = [(summary, *_weighed(store, summary)) for summary in store.recent_checks(MAX_CHECKS)]
    mine = store.outlet_members(detected, [aid for *_, weighed in checks for aid, _ in weighed])
    checked: list[CheckedClaim] = []
    for summary, label, weighed in checks:
        ours = [(aid, stance) for aid, stance in weighed if aid in mine]
        if not ours:
            continue
        rating: VerdictLabel = summary.reviewed_rating or label
        corrected = {r.article_id: r.stance for r in store.stance_reviews(summary.check_id)}
        for aid, stance in ours:
            checked.append(
                CheckedClaim(
                    check_id=summary.check_id,
                    claim=summary.claim,
                    article_id=aid,
                    stance=corrected.get(aid, stance),
                    rating=rating,
                    reviewed=summary.reviewed_rating is not None or aid in corrected,
                )
            )
    checked.sort(key=lambda c: (c.check_id, c.article_id))

    def by_rating(stance: str) -> tuple[NamedTally, ...]:
        groups: dict[str, list[int]] = {}
        for c in checked:
            if c.stance == stance:
                groups.setdefault(c.rating, []).append(c.article_id)
        return tuple(t for r in RATINGS if r in groups for t in _named({r: groups[r]}))

    return StanceRecord(by_rating("agree"), by_rating("disagree"), tuple(checked))


# --- the desk's names ------------------------------------------------------------------------------


def _clean_name(value: str, field: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InputError(f"{field} is empty")
    if len(text) > MAX_NAME_CHARS:
        raise InputError(f"{field} is {len(text)} characters long; the limit is {MAX_NAME_CHARS}")
    return text


def _known_names(store: Store) -> tuple[dict[str, str], Counter[str]]:
    names = store.outlet_names()
    sizes: Counter[str] = Counter()
    for row in store.outlet_totals():
        if row.outlet:
            sizes[desk_name(names, row.outlet)] += row.articles
    return names, sizes


def rename(store: Store, old: str, new: str, *, by: str) -> OutletNameChange:
    """Call the outlet the desk now calls ``old`` by ``new`` from now on (its articles keep their
    stored outlet; every detected name under ``old`` follows).

    Raises:
        OutletNotFound: no outlet is called ``old``.
        InputError: an empty or too long name, or ``new`` already names another outlet (merge them).
    """
    old, new, by = _clean_name(old, "old name"), _clean_name(new, "new name"), _clean_name(by, "changed by")
    names, sizes = _known_names(store)
    if old not in sizes:
        raise not_found(old)
    if new != old and new in sizes:
        raise InputError(f"{new!r} already names an outlet; merge the two names instead")
    return _point(store, _detected_for(old, names), new, action="rename", old=old, by=by)


def merge(store: Store, name: str, into: str, *, by: str) -> OutletNameChange:
    """Count the outlet called ``name`` as the one called ``into`` (two names for one outlet).

    Raises:
        OutletNotFound: either name names no outlet.
        InputError: an empty or too long name, or the two names are one.
    """
    name, into, by = (
        _clean_name(name, "name"),
        _clean_name(into, "merged name"),
        _clean_name(by, "changed by"),
    )
    names, sizes = _known_names(store)
    for wanted in (name, into):
        if wanted not in sizes:
            raise not_found(wanted)
    if name == into:
        raise InputError("an outlet cannot be merged into itself")
    return _point(store, _detected_for(name, names), into, action="merge", old=name, by=by)


def _point(
    store: Store, detected: Sequence[str], name: str, *, action: str, old: str, by: str
) -> OutletNameChange:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    done = store.rename_outlets(detected, name, action=action, old=old, changed_by=by, changed_at=now)
    return OutletNameChange(done.id, done.action, done.old, done.new, done.changed_by, done.changed_at)


def name_changes(store: Store) -> list[OutletNameChange]:
    """Every rename and merge the desk made, oldest first."""
    return [
        OutletNameChange(c.id, c.action, c.old, c.new, c.changed_by, c.changed_at)
        for c in store.outlet_name_changes()
    ]
