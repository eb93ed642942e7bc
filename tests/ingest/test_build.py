"""Dates, language and warnings as every reader assembles them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.ingest.build import build_article, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-12-17", "2017-12-17"),
        (" 2017-12-17 ", "2017-12-17"),
        ("2017-12-17T10:15:00Z", "2017-12-17T10:15:00+00:00"),
        ("2017-12-17T10:15:00.123+03:00", "2017-12-17T10:15:00+03:00"),
        ("2017-12-17 10:15", "2017-12-17T10:15:00"),
        ("Sun, 17 Dec 2017 10:15:00 +0300", "2017-12-17T10:15:00+03:00"),
        ("Sat, 16 Dec 2017 21:00:00 GMT", "2017-12-16T21:00:00+00:00"),
        (1513468800, "2017-12-17T00:00:00+00:00"),
        (1513468800000, "2017-12-17T00:00:00+00:00"),
        (True, None),
        (None, None),
        ("", None),
        (["2017-12-17"], None),
        ("0001-01-01", None),
        (1e30, None),
    ],
)
def test_parse_date_structured_values(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_dateline_and_language_come_from_the_text_layer() -> None:
    article = build_article(text="الأحد، ١٧ ديسمبر ٢٠١٧\nنص الخبر عن الحسكة.", title="عنوان", source="a.txt")
    assert (article.published, article.language) == ("2017-12-17", "ar")
    english = build_article(
        text="The coalition said the claim was baseless and that it would not comment.", title="", source="b"
    )
    assert english.language == "en"
    # A structured date wins over the dateline.
    dated = build_article(
        text="الأحد، ١٧ ديسمبر ٢٠١٧\nنص.", title="", source="b.json", date_value="2018-01-02"
    )
    assert dated.published == "2018-01-02"
    # A textual date field goes through the dateline parser before giving up.
    textual = build_article(text="نص.", title="", source="c.json", date_value="١٧ ديسمبر ٢٠١٧")
    assert (textual.published, textual.warnings) == ("2017-12-17", ())


def test_unparsed_date_is_kept_raw_with_a_warning() -> None:
    article = build_article(
        text="نص.", title="", source="c.json", date_value="أمس", metadata={"k": 1}, warnings=("w",)
    )
    assert article.published is None
    assert article.metadata == {"k": 1, "date_raw": "أمس"}
    assert article.warnings == ("w", "unparsed date 'أمس'")


def test_explicit_language_and_empty_url_outlet() -> None:
    article = build_article(text="نص.", title="", source="d", url="", outlet="", language="ar")
    assert (article.url, article.outlet, article.language) == (None, None, "ar")


def test_nul_characters_never_reach_the_store(tmp_path: Path) -> None:
    import json
    import sqlite3

    import tahqiq

    records = tmp_path / "nul.jsonl"
    records.write_text(
        json.dumps(
            {
                "title": "عنوان\u0000 الخبر",
                "text": "قال مصدر\u0000 إن الاجتماع انتهى مساء أمس في العاصمة دون اتفاق.",
                "outlet": "وكالة\u0000",
                "url": "https://example.org/a\u0000b",
                "tags": ["وسم\u0000"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    with tahqiq.open(db) as tq:
        summary = tq.ingest([str(records)])
    assert len(summary.added) == 1
    assert any("NUL characters removed" in w.message for w in summary.warnings)
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT title, text, outlet, url, metadata FROM articles").fetchone()
    conn.close()
    assert not any("\x00" in v or "\\u0000" in v for v in row)
    assert row[1].startswith("قال مصدر إن")
