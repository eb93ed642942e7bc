"""The store's schema as an ordered list of migrations.

``PRAGMA user_version`` holds the number of migrations applied (in PostgreSQL, the table
``tahqiq_meta``: :mod:`tahqiq.store.postgres` translates the same migrations). Opening a store
applies the missing ones in one transaction; a store from a newer tahqiq is refused rather than
guessed at.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x74616871  # "tahq": marks a SQLite file as a tahqiq store.

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, where they came from, their sentences, and a stem index for BM25.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        outlet TEXT,
        url TEXT,
        published TEXT,
        language TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE article_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (article_id, source)
    ) WITHOUT ROWID;
    CREATE INDEX article_sources_source ON article_sources(source);
    CREATE TABLE sentences (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content = '', tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, 'row');
    """,
    # 2: the copy index (tahqiq.store.copyindex): winnowed shingle hashes looked up by hash.
    # Articles stored before it existed wait in a backlog and are fingerprinted on first use.
    """
    CREATE TABLE fingerprints (
        hash INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (hash, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE fingerprint_backlog (article_id INTEGER PRIMARY KEY);
    INSERT INTO fingerprint_backlog(article_id) SELECT id FROM articles;
    """,
    # 3: checks saved by the web workbench and reviewers' edits of their verdicts (tahqiq.store.checks).
    """
    CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        claim TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        report TEXT NOT NULL
    );
    CREATE TABLE review_edits (
        id INTEGER PRIMARY KEY,
        check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
        reviewer TEXT NOT NULL,
        rating TEXT NOT NULL,
        verdict_text TEXT NOT NULL,
        explanation TEXT NOT NULL DEFAULT '',
        edited_at TEXT NOT NULL
    );
    CREATE INDEX review_edits_check ON review_edits(check_id, id);
    """,
    # 4: new fingerprints wait in an append-only log (one JSON row per article) and join the copy
    # index in large sorted batches: inserting each hash straight into the big index costs ten times more.
    # Hashes stored under versions 2 and 3 came from an earlier shingle hash, so every article is
    # fingerprinted again on first use.
    """
    CREATE TABLE fingerprint_log (article_id INTEGER PRIMARY KEY, hashes TEXT NOT NULL);
    DELETE FROM fingerprints;
    INSERT OR IGNORE INTO fingerprint_backlog(article_id) SELECT id FROM articles;
    """,
    # 5: passage vectors for semantic retrieval (tahqiq.store.vectors): per article, the embeddings of
    # its title and first sentences as one float16 blob; seq orders the writes for the ANN index file.
    """
    CREATE TABLE IF NOT EXISTS article_vectors (
        seq INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vectors BLOB NOT NULL,
        UNIQUE (article_id, model)
    );
    """,
    # 6: persuasion-technique spans found at ingest (tahqiq.store.persuasion), and per article how
    # many sentences carry one. An article without a persuasion_done row has not been analysed yet
    # (stored by an older tahqiq): `tahqiq index` fills it in, reads never write.
    """
    CREATE TABLE IF NOT EXISTS technique_spans (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        technique TEXT NOT NULL,
        score REAL NOT NULL,
        cue TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS technique_spans_article ON technique_spans(article_id, start);
    CREATE TABLE IF NOT EXISTS persuasion_done (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        sentences INTEGER NOT NULL,
        loaded_sentences INTEGER NOT NULL
    );
    """,
    # 7: reviewers' corrections of an article's stance in a saved check (tahqiq.store.checks), kept
    # like verdict edits: each is a new row with who and when, and the latest one per article counts.
    """
    CREATE TABLE IF NOT EXISTS stance_reviews (
        id INTEGER PRIMARY KEY,
        check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL,
        stance TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        edited_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS stance_reviews_check ON stance_reviews(check_id, id);
    """,
    # 8: desk models (tahqiq.store.desk): the combiner's gates refitted on the desk's own labels,
    # over a shipped pair model named by ``base``. They live here only and never ship.
    """
    CREATE TABLE IF NOT EXISTS desk_models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        gates TEXT NOT NULL,
        labels INTEGER NOT NULL,
        base TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration this store lacks, all in one transaction."""
    current = user_version(conn)
    if current >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            for statement in statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit behind our back).

    The PostgreSQL store (:mod:`tahqiq.store.postgres`) splits the same scripts the same way.
    """
    return [s.strip() for s in script.split(";") if s.strip()]
