"""Alerts in the API: every article an ingest adds is matched against the store's saved checks.

``Tahqiq.ingest`` and ``Tahqiq.add_articles`` (so ``tahqiq ingest``, the watch and the server's
uploads alike) hand their summary to :meth:`AlertsMixin.after_ingest`, which raises an alert for
each saved claim a new article states again (:mod:`tahqiq.api.claimmatch`): with the stance of
that article towards the claim, read by the model ``check`` uses; whether its outlet is new for
the claim; and which earlier reports it copies, from the copy index.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tahqiq.api.claimmatch import ClaimIndex, Match, SavedClaim
from tahqiq.errors import CheckNotFound
from tahqiq.records import IngestSummary
from tahqiq.records.alerts import Alert
from tahqiq.stance.base import StanceModel
from tahqiq.store import Store, copyindex
from tahqiq.store.alerts import NewAlert
from tahqiq.text import normalize

#: Saved checks, newest first, that new articles are matched against; a claim checked several
#: times is matched once, under its newest check.
MAX_CHECKS_WATCHED = 500
#: Saved claims remembered per process: a saved report never changes, and reading one back parses
#: its whole JSON (15-130 KB), which every ingest would otherwise do for every saved check.
MAX_REMEMBERED_CLAIMS = 10_000
#: Articles read from the store at a time while matching a large ingest.
MATCH_CHUNK = 500
#: Articles sharing the most fingerprints with an alert's article that are aligned to tell a copy.
MAX_COPY_CANDIDATES = 8


_SAVED_CLAIMS: dict[tuple[str, int, str, str], SavedClaim] = {}  # (store, check id, time, claim)


class AlertsMixin:
    """The alert methods of :class:`~tahqiq.api.Tahqiq`."""

    store: Store

    @property
    def stance_model(self) -> StanceModel:
        raise NotImplementedError  # provided by Tahqiq

    def after_ingest(self, summary: IngestSummary) -> IngestSummary:
        """Raise the alerts of an ingest's new articles; the summary, unchanged."""
        self.match_claims(summary.added)
        return summary

    def saved_claims(self) -> list[SavedClaim]:
        """The claims new articles are matched against: one per distinct claim, its newest check."""
        seen: set[str] = set()
        out: list[SavedClaim] = []
        for summary in self.store.recent_checks(MAX_CHECKS_WATCHED):
            key = " ".join(normalize(summary.claim).split())
            if key in seen:
                continue
            seen.add(key)
            memo = (self.store.path, summary.check_id, summary.checked_at, summary.claim)
            found = _SAVED_CLAIMS.get(memo)
            if found is None:
                try:
                    report = self.store.saved_check(summary.check_id).report
                except CheckNotFound:  # deleted since the list was read
                    continue
                related = [e.article for e in report.evidence if e.stance.stance != "unrelated"]
                outlets = frozenset(a.outlet for a in related if a.outlet)
                found = SavedClaim(summary.check_id, summary.claim, outlets, tuple(a.id for a in related))
                if len(_SAVED_CLAIMS) >= MAX_REMEMBERED_CLAIMS:
                    _SAVED_CLAIMS.clear()
                _SAVED_CLAIMS[memo] = found
            out.append(found)
        return out

    def claim_index(self) -> ClaimIndex | None:
        """The saved claims ready to match (vectors computed once), or None when there are none."""
        from tahqiq.stance.embeddings import load_embedder

        claims = self.saved_claims()
        return ClaimIndex(claims, load_embedder()) if claims else None

    def match_claims(self, article_ids: Sequence[int], *, index: ClaimIndex | None = None) -> list[Alert]:
        """Match stored articles against the saved checks and store an alert per match; the new alerts.

        An article already alerted for a check is not alerted again.
        """
        if not article_ids:
            return []
        index = index or self.claim_index()
        if index is None:
            return []
        new: list[NewAlert] = []
        for start in range(0, len(article_ids), MATCH_CHUNK):
            articles = self.store.get_many(article_ids[start : start + MATCH_CHUNK])
            matches = index.match([(a, self.store.sentences(a)) for a in articles])
            new.extend(self._alert(m) for m in matches)
        if not new:
            return []
        ids = self.store.add_alerts(new)
        return sorted(self.store.alerts(ids=ids, limit=None), key=lambda a: a.id)

    def _alert(self, m: Match) -> NewAlert:
        sentences = self.store.sentences(m.article)
        stance = self.stance_model.predict(m.claim.claim, sentences, title=m.article.title)
        earlier = self.store.carriers(m.claim.check_id)
        known = m.claim.outlets | {o for _, o in earlier if o}
        return NewAlert(
            check_id=m.claim.check_id,
            article_id=m.article.id,
            sentence_index=m.sentence.index,
            start=m.sentence.start,
            end=m.sentence.end,
            score=round(m.score, 4),
            lexical=round(m.lexical, 4),
            semantic=None if m.semantic is None else round(m.semantic, 4),
            stance=stance.stance,
            confidence=round(float(stance.scores.get(stance.stance, 0.0)), 4),
            new_outlet=bool(m.article.outlet) and m.article.outlet not in known,
            copy_of=self.copied_from(m.article.id, m.article.text),
            raised_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def copied_from(self, article_id: int, text: str) -> tuple[int, ...]:
        """Earlier-stored articles this one shares copied passages with, found through the copy index."""
        from tahqiq.provenance.copies import compute_fingerprint
        from tahqiq.provenance.reuse import copies_among

        shingles = compute_fingerprint(article_id, text).shingles
        found = copyindex.lookup(self.store, shingles.keys(), exclude=article_id).shared
        earlier = sorted((i for i in found if i < article_id), key=lambda i: (-found[i], i))
        if not earlier:
            return ()
        passages = copies_among(self.store, [article_id, *earlier[:MAX_COPY_CANDIDATES]])
        return tuple(
            sorted({i for p in passages if article_id in p.articles for i in p.articles} - {article_id})
        )

    def alerts(
        self, *, since: str | None = None, check_id: int | None = None, limit: int = 100
    ) -> list[Alert]:
        """Stored alerts, newest first: raised on or after ``since`` (an ISO date or time), of one check."""
        return self.store.alerts(since=_since(since), check_id=check_id, limit=limit)

    def alert_count(self, *, since: str | None = None) -> int:
        """How many alerts are stored (raised on or after ``since`` when given)."""
        return self.store.alert_count(since=_since(since))


def _since(value: str | None) -> str | None:
    """``value`` as the ISO prefix alerts are compared with: a date or a date and time, checked."""
    from tahqiq.errors import InputError

    if value is None:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"not a date or time (YYYY-MM-DD[THH:MM]): {value!r}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds") if len(text) > 10 else parsed.date().isoformat()
