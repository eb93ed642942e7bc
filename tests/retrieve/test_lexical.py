"""The derived lexical index (tantivy) against the store of record (SQLite FTS5)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.records import ArticleInput
from tahqiq.retrieve import lexical_ranking, query_terms, search
from tahqiq.store import Store, lexindex
from tahqiq.text import stems
from tests.conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES, article_id_for

DENIAL_FILE = "004_9a22f17ed7bf8f62.txt"  # بلدي نيوز: the journalist denies the report


# Four reports on the sample's story: with the five samples, the claim's words are in most articles.
ON_TOPIC = [
    (
        "الجيش السوري يتقدم في ريف الحسكة",
        "قال مصدر عسكري إن الجيش السوري تقدم في ريف الحسكة بعد معارك مع داعش، وإن منشقين عن التنظيم "
        "سلموا أنفسهم، فيما تراقب القوات الأمريكية الوضع من قواعدها.",
    ),
    (
        "داعش يهاجم مواقع في الحسكة",
        "هاجم تنظيم داعش مواقع في محيط الحسكة، وقال منشقون عنه إن القوات الأمريكية ردت بغارات جوية.",
    ),
    (
        "القوات الأمريكية تدرب عناصر محلية",
        "قالت مصادر إن القوات الأمريكية تدرب عناصر محلية قرب الحسكة لقتال داعش، بينهم منشقون.",
    ),
    (
        "اجتماع عسكري في الحسكة",
        "عقد قادة من القوات الأمريكية وفصائل محلية اجتماعا في الحسكة لبحث ملف المنشقين عن داعش.",
    ),
]


def _derived(folder: Path) -> list[str]:
    """Files beside the store other than SQLite's own (-wal, -shm, which a read-only open may create)."""
    return sorted(n for n in os.listdir(folder) if not n.startswith("old.db"))


def _article(title: str, text: str, source: str) -> ArticleInput:
    return ArticleInput(title=title, text=text, source=source, language="ar")


def test_ingest_builds_the_index_beside_the_store(sample_store: Tahqiq) -> None:
    index = lexindex.open_index(sample_store.store)
    assert index is not None
    assert Path(sample_store.store.path + ".index", "meta.json").exists()
    assert index.watermark == max(a.id for a in sample_store.store.iter_articles())


def test_index_matches_the_same_articles_as_fts5_for_every_stem(sample_store: Tahqiq) -> None:
    store = sample_store.store
    index = lexindex.open_index(store)
    assert index is not None
    vocabulary = {t for a in store.iter_articles() for t in stems(a.title)}
    assert len(vocabulary) > 20
    for term in sorted(vocabulary):
        tantivy_ids = {aid for aid, _ in index.search([term], 100)[0]}
        fts_ids = {aid for aid, _ in store.fts_search([term], 100)}
        assert tantivy_ids == fts_ids, term


def test_index_and_fts5_agree_on_the_best_article_for_the_sample_claim(sample_store: Tahqiq) -> None:
    store = sample_store.store
    terms, _ = query_terms(store, SAMPLE_CLAIM)
    from_index = lexical_ranking(store, terms, 10)
    from_fts = store.fts_search(terms, 10)
    assert {a for a, _ in from_index} == {a for a, _ in from_fts}
    assert from_index[0][0] == from_fts[0][0]


def test_an_article_committed_before_the_index_caught_up_is_found(sample_store: Tahqiq) -> None:
    """A crash between the SQLite commit and the index commit: the FTS5 tail serves the article."""
    store = sample_store.store
    index = lexindex.open_index(store)
    assert index is not None
    before = index.watermark
    # Written through the store only, as if the process died before its catch-up ran.
    [added] = store.add_batch(
        [
            _article(
                "زلزال في جزيرة سقطرى", "ضرب زلزال بقوة خمس درجات جزيرة سقطرى اليمنية فجر اليوم.", "quake.txt"
            )
        ]
    )
    assert index.watermark == before < added.article_id
    hits = search(store, "زلزال يضرب سقطرى")
    assert [h.article.id for h in hits][:1] == [added.article_id]
    # A fresh process (new Store object, new index reader) sees the same.
    with Store.open(store.path, readonly=True) as reader:
        assert [h.article.id for h in search(reader, "زلزال يضرب سقطرى")][:1] == [added.article_id]
    assert lexindex.catch_up(store) == 1
    assert index.watermark == added.article_id
    ids = [h.article.id for h in search(store, "زلزال يضرب سقطرى")]
    assert ids.count(added.article_id) == 1


def test_read_only_store_without_an_index_is_searched_through_fts5_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db) as store:  # written through the store only: no index, like an older tahqiq
        store.add_batch(
            [_article(p.stem, p.read_text(encoding="utf-8"), p.name) for p in EXAMPLES.glob("*.txt")]
        )
    before = _derived(tmp_path)
    with Store.open(db, readonly=True) as reader:
        assert lexindex.open_index(reader) is None
        hits = search(reader, SAMPLE_CLAIM)
        assert len(hits) == 5
    assert _derived(tmp_path) == before == []
    with Store.open(db) as store:  # a writer builds it (tahqiq index, or the next ingest)
        assert lexindex.catch_up(store) == 5
        assert {h.article.id for h in search(store, SAMPLE_CLAIM)} == {h.article.id for h in hits}
        assert lexindex.open_index(store) is not None


def test_an_index_left_by_a_deleted_store_is_never_searched_and_is_rebuilt(tmp_path: Path) -> None:
    """The database is deleted and made again beside the old index folder: ids now name other articles."""
    db = tmp_path / "t.db"
    with Store.open(db) as store:
        store.add_batch(
            [_article(p.stem, p.read_text(encoding="utf-8"), p.name) for p in sorted(EXAMPLES.glob("*.txt"))]
        )
        assert lexindex.catch_up(store) == 5
    for name in os.listdir(tmp_path):
        if name.startswith("t.db") and not name.endswith(".index"):
            os.remove(tmp_path / name)
    quake = _article(
        "زلزال في جزيرة سقطرى", "ضرب زلزال بقوة خمس درجات جزيرة سقطرى اليمنية فجر اليوم.", "q.txt"
    )
    other = _article("أسعار الذهب", "ارتفعت أسعار الذهب في الأسواق العالمية اليوم.", "g.txt")
    with Store.open(db) as store:
        store.add_batch([quake, other])  # ids 1 and 2 again, other content
        index = lexindex.open_index(store)
        assert index is not None and index.watermark == 0  # read as empty: FTS5 answers
        assert [h.article.title for h in search(store, SAMPLE_CLAIM)] == []
        assert [h.article.title for h in search(store, "زلزال سقطرى")][:1] == [quake.title]
        assert lexindex.catch_up(store) == 2  # the writer starts over in one commit
        assert index.watermark == 2
        assert [h.article.title for h in search(store, "زلزال سقطرى")] == [quake.title]


def test_catch_up_waits_for_another_process_holding_the_writer_then_leaves_it(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with tahqiq.open(db) as tq:
        tq.ingest([str(EXAMPLES / SEED_FILES[0])])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, tantivy
                index = tantivy.Index.open({str(db) + ".index"!r})
                writer = index.writer(heap_size=15_000_000, num_threads=1)
                print("locked", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with Store.open(db) as store:
            [added] = store.add_batch(
                [_article("أمطار غزيرة في عدن", "هطلت أمطار غزيرة على عدن.", "rain.txt")]
            )
            assert lexindex.catch_up(store, wait=0.2) is None  # another writer: left to it
            assert [h.article.id for h in search(store, "أمطار عدن")][:1] == [added.article_id]
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    with Store.open(db) as store:
        assert lexindex.catch_up(store) == 1
        assert lexindex.open_index(store) is not None


def test_a_reader_in_one_process_sees_what_another_process_ingests(
    sample_store: Tahqiq, tmp_path: Path
) -> None:
    store = sample_store.store
    assert search(store, "بركان يثور في أيسلندا") == []
    extra = tmp_path / "volcano.txt"
    extra.write_text(
        "بركان يثور في أيسلندا\nثار بركان في جنوب أيسلندا وأجليت القرى القريبة.\n", encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "tahqiq", "ingest", str(extra), "--db", store.path, "-q"],
        check=True,
        capture_output=True,
        env={**os.environ, "TAHQIQ_DB": store.path},
    )
    index = lexindex.open_index(store)
    assert index is not None
    hits = search(store, "بركان يثور في أيسلندا")
    assert len(hits) == 1 and index.watermark == hits[0].article.id  # served by the reloaded index


def test_common_claim_terms_are_kept_so_the_denial_is_found_among_on_topic_reports(
    sample_store: Tahqiq,
) -> None:
    """Nine articles on one story: the claim's words are in most of them and must still count."""
    store = sample_store.store
    added = store.add_batch([_article(t, b, f"topic{i}.txt") for i, (t, b) in enumerate(ON_TOPIC)])
    assert all(r.outcome == "added" for r in added)
    lexindex.catch_up(store)
    assert store.count() == 9
    denial = article_id_for(sample_store, DENIAL_FILE)
    terms, _ = query_terms(store, SAMPLE_CLAIM)
    n = store.count()
    df = store.document_frequencies(terms)
    rare = [t for t in terms if df[t] <= n / 2]
    # The old rule queried only these, and the denial holds none of them.
    assert rare and not set(rare) & set(stems(sample_store.article(denial).text))
    assert len(terms) == len(set(stems(SAMPLE_CLAIM)))  # every stem of the claim is queried
    assert denial in [h.article.id for h in search(store, SAMPLE_CLAIM, limit=10)]
