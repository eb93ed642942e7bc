"""Outlet profiles' tables: per-article facts, labels, denials and copy links, per-outlet totals,
the watermark of what they count, and the desk's names for outlets.

A profile (:mod:`tahqiq.outlets`) is counted from what each article contributes, worked out once
when the article comes in, never by scanning the store again: ``outlet_facts`` holds one row per
article (its outlet as ingest detected it, date, language, the primary source it relays, its
loaded-language counts), ``outlet_labels`` the party labels it uses, ``outlet_denials`` the
denials it carries, and ``outlet_links`` its copy links summed up per other outlet (it copies an
article of that outlet, was copied by one, or shares passages in unknown order). Each table is
keyed and indexed by the detected outlet, so a profile's counts are index range reads that SQL
groups and counts, whatever the size of the store. ``outlet_totals`` holds the per-outlet numbers
the list of outlets reads. ``outlet_state`` keeps the watermark: the largest article id whose facts
are written. Articles above it are stale; the next ingest or ``tahqiq index`` adds them, and reads
never write, so a read says how many articles it is missing.

The desk's names are kept apart from the articles: ``outlet_names`` maps a detected name to the
desk's name (a rename, or a merge of two detected names into one), and every change is logged with
who made it and when in ``outlet_name_changes``. An article's stored outlet is never rewritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal

from tahqiq.records.outlets import NamedTally

#: Rows bound per ``IN (...)`` list: within SQLite's bound-parameter limit, with room.
_CHUNK = 500

Relation = Literal["copies", "copied", "unordered"]
"""An article's copy link to another outlet: it copies an earlier article of that outlet, an article
of that outlet copies it later, or the two share passages and the order is unknown."""
GroupColumn = Literal["source", "language"]


@dataclass(frozen=True, slots=True)
class FactRow:
    """What one article adds to its outlet's profile.

    ``outlet`` is the outlet as ingest detected it ('' when none was); ``source`` the primary
    source it relays ('' for none); ``labels`` the party labels it uses as ``(party, label)``;
    ``denials`` the denials it carries as ``(sentence, speaker)``.
    """

    article_id: int
    outlet: str
    published: str | None
    language: str
    source: str
    sentences: int
    loaded: int
    labels: tuple[tuple[str, str], ...] = ()
    denials: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One article's copy link to another outlet (``relation`` as :data:`Relation` says)."""

    article_id: int
    outlet: str
    relation: Relation
    other_outlet: str


@dataclass(frozen=True, slots=True)
class TotalsRow:
    """The per-outlet counts the list of outlets reads (``outlet_totals``)."""

    outlet: str
    articles: int
    first_published: str | None
    last_published: str | None
    sentences: int
    loaded: int


@dataclass(frozen=True, slots=True)
class OutletCounts:
    """An outlet's article count, dates, sentences and loaded language, from ``outlet_facts``."""

    articles: int
    first_published: str | None
    last_published: str | None
    dated: int
    sentences: int
    loaded_sentences: int
    loaded_articles: int


@dataclass(frozen=True, slots=True)
class NameChange:
    """One rename or merge of an outlet's name by the desk, with who made it and when."""

    id: int
    action: str
    old: str
    new: str
    changed_by: str
    changed_at: str


def _in(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class OutletTables:
    """The outlet-profile methods of :class:`~tahqiq.store.Store`."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def _rows(self, sql: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of a read; none on a store from before the outlet tables (a read-only old store)."""
        try:
            return [tuple(r) for r in self.conn.execute(sql, list(args))]
        except sqlite3.OperationalError:
            return []

    # --- the watermark ------------------------------------------------------------------------

    def outlet_watermark(self) -> int:
        """The largest article id whose facts are written (0 for none, or a store from before them)."""
        rows = self._rows("SELECT value FROM outlet_state WHERE key = 'through'", ())
        return int(rows[0][0]) if rows else 0

    def outlet_pending(self, *, limit: int, after: int = 0) -> list[int]:
        """Ids of the first ``limit`` articles above the watermark (and above ``after``), in order."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (max(self.outlet_watermark(), after), limit),
        )
        return [int(r[0]) for r in rows]

    def outlet_stale(self) -> int:
        """How many stored articles the profiles do not count yet (a range read on the primary key)."""
        row = self.conn.execute(
            "SELECT count(*) FROM articles WHERE id > ?", (self.outlet_watermark(),)
        ).fetchone()
        return int(row[0])

    # --- writing ------------------------------------------------------------------------------

    def write_outlet_facts(self, facts: Sequence[FactRow], links: Sequence[LinkRow], through: int) -> int:
        """Add articles' facts and copy links, update their outlets' totals and move the watermark
        to ``through``, all in one transaction; how many facts were new.

        Facts already written are left alone (a second run adds nothing), so totals count each
        article once; a link already known is kept once.
        """
        with self.transaction() as conn:
            ids = [f.article_id for f in facts]
            known: set[int] = set()
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                known.update(
                    int(r[0])
                    for r in conn.execute(
                        f"SELECT article_id FROM outlet_facts WHERE article_id IN ({_in(chunk)})", chunk
                    )
                )
            new = [f for f in facts if f.article_id not in known]
            conn.executemany(
                "INSERT INTO outlet_facts(article_id, outlet, published, language, source, sentences, "
                "loaded) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (f.article_id, f.outlet, f.published, f.language, f.source, f.sentences, f.loaded)
                    for f in new
                ],
            )
            conn.executemany(
                "INSERT INTO outlet_labels(article_id, outlet, party, label) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [(f.article_id, f.outlet, party, label) for f in new for party, label in f.labels],
            )
            conn.executemany(
                "INSERT INTO outlet_denials(article_id, outlet, sentence, speaker) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [(f.article_id, f.outlet, s, who) for f in new for s, who in f.denials],
            )
            conn.executemany(
                "INSERT INTO outlet_links(article_id, outlet, relation, other_outlet) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [(k.article_id, k.outlet, k.relation, k.other_outlet) for k in links],
            )
            self._add_totals(conn, new)
            conn.execute(
                "INSERT INTO outlet_state(key, value) VALUES ('through', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (through,),
            )
        return len(new)

    @staticmethod
    def _add_totals(conn: sqlite3.Connection, facts: Sequence[FactRow]) -> None:
        grouped: dict[str, list[FactRow]] = {}
        for f in facts:
            grouped.setdefault(f.outlet, []).append(f)
        for outlet, rows in grouped.items():
            old = conn.execute(
                "SELECT articles, first_published, last_published, sentences, loaded FROM outlet_totals "
                "WHERE outlet = ?",
                (outlet,),
            ).fetchone()
            dates = [f.published for f in rows if f.published]
            if old is not None:
                dates += [d for d in (old[1], old[2]) if d]
            base = (int(old[0]), int(old[3]), int(old[4])) if old is not None else (0, 0, 0)
            conn.execute(
                "INSERT INTO outlet_totals(outlet, articles, first_published, last_published, sentences, "
                "loaded) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (outlet) DO UPDATE SET "
                "articles = excluded.articles, first_published = excluded.first_published, "
                "last_published = excluded.last_published, sentences = excluded.sentences, "
                "loaded = excluded.loaded",
                (
                    outlet,
                    base[0] + len(rows),
                    min(dates) if dates else None,
                    max(dates) if dates else None,
                    base[1] + sum(f.sentences for f in rows),
                    base[2] + sum(f.loaded for f in rows),
                ),
            )

    def article_places(self, ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
        """The detected outlet ('' for none) and publication date of each article in ``ids``, without text."""
        found: dict[int, tuple[str, str | None]] = {}
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for aid, outlet, published in self.conn.execute(
                f"SELECT id, outlet, published FROM articles WHERE id IN ({_in(chunk)})", chunk
            ):
                found[int(aid)] = (outlet or "", published)
        return found

    def hash_carriers(self, hashes: Sequence[int], *, cap: int) -> dict[int, list[int]]:
        """Up to ``cap + 2`` ids of the articles carrying each of ``hashes`` in the merged copy index
        (:mod:`tahqiq.store.copyindex`), read with a limit so a boilerplate hash costs little."""
        return {
            h: [
                int(r[0])
                for r in self.conn.execute(
                    "SELECT article_id FROM fingerprints WHERE hash = ? LIMIT ?", (h, cap + 2)
                )
            ]
            for h in hashes
        }

    # --- reading: the list ----------------------------------------------------------------------

    def outlet_totals(self) -> list[TotalsRow]:
        """Every detected outlet's totals ('' holds the articles without one)."""
        rows = self._rows(
            "SELECT outlet, articles, first_published, last_published, sentences, loaded "
            "FROM outlet_totals ORDER BY outlet",
            (),
        )
        return [TotalsRow(str(r[0]), int(r[1]), r[2], r[3], int(r[4]), int(r[5])) for r in rows]

    # --- reading: one profile (``outlets`` are the detected names the desk's name gathers) --------

    def outlet_counts(self, outlets: Sequence[str]) -> OutletCounts:
        marks = _in(outlets)
        rows = self._rows(
            "SELECT count(*), min(published), max(published), count(published), coalesce(sum(sentences), 0), "
            "coalesce(sum(loaded), 0), coalesce(sum(CASE WHEN loaded > 0 THEN 1 ELSE 0 END), 0) "
            f"FROM outlet_facts WHERE outlet IN ({marks})",
            outlets,
        )
        if not rows:
            return OutletCounts(0, None, None, 0, 0, 0, 0)
        r = rows[0]
        return OutletCounts(int(r[0]), r[1], r[2], int(r[3]), int(r[4]), int(r[5]), int(r[6]))

    def outlet_ids(
        self, outlets: Sequence[str], *, limit: int | None = None, loaded: bool = False
    ) -> tuple[int, ...]:
        """The ids of the outlets' articles in order, the lowest ``limit`` of them (all without one;
        only those with loaded language with ``loaded``)."""
        where = " AND loaded > 0" if loaded else ""
        rows = self._rows(
            f"SELECT article_id FROM outlet_facts WHERE outlet IN ({_in(outlets)}){where} "
            "ORDER BY article_id" + (" LIMIT ?" if limit is not None else ""),
            [*outlets] + ([limit] if limit is not None else []),
        )
        return tuple(int(r[0]) for r in rows)

    def outlet_members(self, outlets: Sequence[str], ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` are articles of the outlets."""
        wanted = list(dict.fromkeys(ids))
        found: set[int] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            rows = self._rows(
                f"SELECT article_id FROM outlet_facts WHERE article_id IN ({_in(chunk)}) "
                f"AND outlet IN ({_in(outlets)})",
                [*chunk, *outlets],
            )
            found.update(int(r[0]) for r in rows)
        return found

    def outlet_groups(
        self, outlets: Sequence[str], column: GroupColumn, *, top: int, limit: int
    ) -> list[NamedTally]:
        """The outlets' articles grouped by relayed source or by language, largest first."""
        marks = _in(outlets)
        counted = self._rows(
            f"SELECT {column}, count(*) FROM outlet_facts WHERE outlet IN ({marks}) AND {column} <> '' "
            f"GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT ?",
            [*outlets, top],
        )
        return [
            NamedTally(
                str(name),
                int(n),
                tuple(
                    int(r[0])
                    for r in self._rows(
                        f"SELECT article_id FROM outlet_facts WHERE outlet IN ({marks}) AND {column} = ? "
                        "ORDER BY article_id LIMIT ?",
                        [*outlets, name, limit],
                    )
                ),
            )
            for name, n in counted
        ]

    def outlet_labels(
        self, outlets: Sequence[str], *, top: int, limit: int
    ) -> list[tuple[str, str, NamedTally]]:
        """The party labels the outlets' articles use: ``(label, party, articles)``, most used first."""
        marks = _in(outlets)
        counted = self._rows(
            f"SELECT label, party, count(DISTINCT article_id) FROM outlet_labels WHERE outlet IN ({marks}) "
            "GROUP BY label, party ORDER BY count(DISTINCT article_id) DESC, label LIMIT ?",
            [*outlets, top],
        )
        found = []
        for label, party, n in counted:
            ids = self._rows(
                f"SELECT DISTINCT article_id FROM outlet_labels WHERE outlet IN ({marks}) AND label = ? "
                "AND party = ? ORDER BY article_id LIMIT ?",
                [*outlets, label, party, limit],
            )
            found.append(
                (str(label), str(party), NamedTally(str(label), int(n), tuple(int(r[0]) for r in ids)))
            )
        return found

    def outlet_denial_count(self, outlets: Sequence[str]) -> int:
        """How many denials the outlets' articles carry."""
        rows = self._rows(f"SELECT count(*) FROM outlet_denials WHERE outlet IN ({_in(outlets)})", outlets)
        return int(rows[0][0]) if rows else 0

    def outlet_denials(self, outlets: Sequence[str], *, limit: int) -> list[tuple[int, int, str]]:
        """Denials the outlets' articles carry, ``(article_id, sentence, speaker)``, in article order."""
        rows = self._rows(
            f"SELECT article_id, sentence, speaker FROM outlet_denials WHERE outlet IN ({_in(outlets)}) "
            "ORDER BY article_id, sentence, speaker LIMIT ?",
            [*outlets, limit],
        )
        return [(int(a), int(s), str(w)) for a, s, w in rows]

    def outlet_link_groups(
        self, outlets: Sequence[str], relation: Relation, *, limit: int
    ) -> list[NamedTally]:
        """Per other detected outlet, the outlets' articles with that copy relation to it (links to
        the outlets themselves, their own text again, are left out)."""
        marks = _in(outlets)
        counted = self._rows(
            f"SELECT other_outlet, count(DISTINCT article_id) FROM outlet_links WHERE outlet IN ({marks}) "
            f"AND relation = ? AND other_outlet NOT IN ({marks}) GROUP BY other_outlet",
            [*outlets, relation, *outlets],
        )
        found = []
        for other, n in counted:
            ids = self._rows(
                f"SELECT DISTINCT article_id FROM outlet_links WHERE outlet IN ({marks}) AND relation = ? "
                "AND other_outlet = ? ORDER BY article_id LIMIT ?",
                [*outlets, relation, other, limit],
            )
            found.append(NamedTally(str(other), int(n), tuple(int(r[0]) for r in ids)))
        return found

    def outlet_link_group(
        self, outlets: Sequence[str], relation: Relation, others: Sequence[str], *, limit: int
    ) -> NamedTally:
        """The outlets' articles with a ``relation`` link to any of ``others`` (two detected names the
        desk merged count once), named by the first of ``others``."""
        marks = _in(outlets)
        sql = (
            f"FROM outlet_links WHERE outlet IN ({marks}) AND relation = ? "
            f"AND other_outlet IN ({_in(others)})"
        )
        args = [*outlets, relation, *others]
        count = self._rows(f"SELECT count(DISTINCT article_id) {sql}", args)
        ids = self._rows(f"SELECT DISTINCT article_id {sql} ORDER BY article_id LIMIT ?", [*args, limit])
        return NamedTally(others[0], int(count[0][0]) if count else 0, tuple(int(r[0]) for r in ids))

    def outlet_link_ids(self, outlets: Sequence[str], relation: Relation) -> set[int]:
        """The outlets' articles with a ``relation`` copy link to another outlet (links to the
        outlets themselves, their own text again, are left out)."""
        marks = _in(outlets)
        rows = self._rows(
            f"SELECT DISTINCT article_id FROM outlet_links WHERE outlet IN ({marks}) AND relation = ? "
            f"AND other_outlet NOT IN ({marks})",
            [*outlets, relation, *outlets],
        )
        return {int(r[0]) for r in rows}

    # --- the desk's names ---------------------------------------------------------------------

    def outlet_names(self) -> dict[str, str]:
        """Detected name → the desk's name, for every name the desk has changed."""
        return {str(d): str(n) for d, n in self._rows("SELECT detected, name FROM outlet_names", ())}

    def rename_outlets(
        self, detected: Sequence[str], name: str, *, action: str, old: str, changed_by: str, changed_at: str
    ) -> NameChange:
        """Point every name in ``detected`` at ``name`` and log the change, in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO outlet_names(detected, name, changed_by, changed_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (detected) DO UPDATE SET name = excluded.name, "
                "changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                [(d, name, changed_by, changed_at) for d in detected],
            )
            row = conn.execute(
                "INSERT INTO outlet_name_changes(action, old, new, changed_by, changed_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (action, old, name, changed_by, changed_at),
            ).fetchone()
        return NameChange(int(row[0]), action, old, name, changed_by, changed_at)

    def outlet_name_changes(self) -> list[NameChange]:
        """Every rename and merge, oldest first."""
        rows = self._rows(
            "SELECT id, action, old, new, changed_by, changed_at FROM outlet_name_changes ORDER BY id", ()
        )
        return [NameChange(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]
