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
    # alerts (tahqiq.store.alerts): a saved check's claim found again in a later article, once per
    # check and article, with the sentence, stance and provenance; ``posted`` marks webhook delivery.
    # watched_files: what ``tahqiq watch`` last read of each file, so a restart reads nothing twice.
    """
    CREATE TABLE IF NOT EXISTS alerts (
        id INTEGER PRIMARY KEY,
        check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        score REAL NOT NULL,
        lexical REAL NOT NULL,
        semantic REAL,
        stance TEXT NOT NULL,
        confidence REAL NOT NULL,
        new_outlet INTEGER NOT NULL,
        copy_of TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        posted INTEGER NOT NULL DEFAULT 0,
        UNIQUE (check_id, article_id)
    );
    CREATE INDEX IF NOT EXISTS alerts_raised ON alerts(raised_at);
    CREATE TABLE IF NOT EXISTS watched_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        seen_at TEXT NOT NULL
    );
    """,
    # archive jobs (tahqiq.store.archive): copy pairs and stories found by the Spark jobs over a whole
    # archive, replaced by each run, and per job when it last ran over how many articles.
    """
    CREATE TABLE IF NOT EXISTS archive_copies (
        article_a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        article_b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        shared_hashes INTEGER NOT NULL,
        words INTEGER NOT NULL,
        passages INTEGER NOT NULL,
        PRIMARY KEY (article_a, article_b)
    );
    CREATE INDEX IF NOT EXISTS archive_copies_b ON archive_copies(article_b);
    CREATE TABLE IF NOT EXISTS archive_stories (
        id INTEGER PRIMARY KEY,
        rank INTEGER NOT NULL,
        size INTEGER NOT NULL,
        story TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS archive_story_articles (
        story_id INTEGER NOT NULL REFERENCES archive_stories(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX IF NOT EXISTS archive_story_articles_article ON archive_story_articles(article_id);
    CREATE TABLE IF NOT EXISTS archive_runs (
        kind TEXT PRIMARY KEY,
        articles INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        found INTEGER NOT NULL,
        finished_at TEXT NOT NULL
    );
    """,
    # outlet profiles (tahqiq.store.outlets): per article what it adds to its outlet's profile (facts,
    # party labels, denials, copy links per other outlet), per-outlet totals, the watermark of what
    # they count, and the desk's names for outlets (a detected name mapped to the desk's, changes logged).
    """
    CREATE TABLE IF NOT EXISTS outlet_facts (
        article_id INTEGER PRIMARY KEY,
        outlet TEXT NOT NULL,
        published TEXT,
        language TEXT NOT NULL,
        source TEXT NOT NULL,
        sentences INTEGER NOT NULL,
        loaded INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS outlet_facts_outlet ON outlet_facts(outlet, article_id);
    CREATE INDEX IF NOT EXISTS outlet_facts_source ON outlet_facts(outlet, source, article_id);
    CREATE INDEX IF NOT EXISTS outlet_facts_language ON outlet_facts(outlet, language, article_id);
    CREATE TABLE IF NOT EXISTS outlet_labels (
        article_id INTEGER NOT NULL,
        outlet TEXT NOT NULL,
        party TEXT NOT NULL,
        label TEXT NOT NULL,
        PRIMARY KEY (article_id, party, label)
    );
    CREATE INDEX IF NOT EXISTS outlet_labels_outlet ON outlet_labels(outlet, label, party, article_id);
    CREATE TABLE IF NOT EXISTS outlet_denials (
        article_id INTEGER NOT NULL,
        outlet TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        PRIMARY KEY (article_id, sentence, speaker)
    );
    CREATE INDEX IF NOT EXISTS outlet_denials_outlet ON outlet_denials(outlet, article_id);
    CREATE TABLE IF NOT EXISTS outlet_links (
        article_id INTEGER NOT NULL,
        outlet TEXT NOT NULL,
        relation TEXT NOT NULL,
        other_outlet TEXT NOT NULL,
        PRIMARY KEY (article_id, relation, other_outlet)
    );
    CREATE INDEX IF NOT EXISTS outlet_links_outlet
        ON outlet_links(outlet, relation, other_outlet, article_id);
    CREATE TABLE IF NOT EXISTS outlet_totals (
        outlet TEXT PRIMARY KEY,
        articles INTEGER NOT NULL,
        first_published TEXT,
        last_published TEXT,
        sentences INTEGER NOT NULL,
        loaded INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS outlet_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS outlet_names (
        detected TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS outlet_name_changes (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at TEXT NOT NULL
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
