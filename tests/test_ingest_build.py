"""Dates, language and warnings as every reader assembles them, with and without the text layer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tahqiq.ingest import build
from tahqiq.ingest.build import build_article, fallback_language, parse_date


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال مركز المصالحة الروسي إن مدربين أمريكيين يشكلون وحدات جديدة. CNN", "ar"),
        ("Russia said on Saturday that the units would be moved to the south of the country.", "en"),
        ("La Russie a déclaré samedi que des instructeurs formaient de nouvelles unités.", "und"),
        ("12345 !!!", "und"),
    ],
)
def test_fallback_language(text: str, expected: str) -> None:
    assert fallback_language(text) == expected


def _without_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "_text_function", lambda module, name: None)


def _with_text_layer(monkeypatch: pytest.MonkeyPatch, functions: dict[str, Callable[..., Any]]) -> None:
    monkeypatch.setattr(build, "_text_function", lambda module, name: functions.get(name))


def test_without_dates_and_language_modules_ingest_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_text_layer(monkeypatch)
    article = build_article(text="الأحد، ١٧ ديسمبر ٢٠١٧\nنص الخبر.", title="عنوان", source="a.txt")
    assert (article.published, article.language, article.warnings) == (None, "ar", ())
    english = build_article(text="The coalition said the claim was baseless.", title="", source="b.txt")
    assert english.language == "en"


def test_text_layer_functions_are_used_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    def article_date(text: str, title: str) -> date | None:
        calls.append((text, title))
        return date(2017, 12, 17) if "١٧ ديسمبر" in text else None

    _with_text_layer(monkeypatch, {"article_date": article_date, "detect_language": lambda text: "fa"})
    article = build_article(text="الأحد، ١٧ ديسمبر ٢٠١٧\nنص.", title="عنوان", source="a.txt")
    assert (article.published, article.language) == ("2017-12-17", "fa")
    assert calls == [("الأحد، ١٧ ديسمبر ٢٠١٧\nنص.", "عنوان")]
    # A structured date wins and the dateline is not consulted.
    calls.clear()
    dated = build_article(text="نص.", title="", source="b.json", date_value="2018-01-02")
    assert dated.published == "2018-01-02" and calls == []
    # A textual date field goes through the dateline parser before giving up.
    textual = build_article(text="نص.", title="", source="c.json", date_value="١٧ ديسمبر ٢٠١٧")
    assert (textual.published, textual.warnings) == ("2017-12-17", ())


def test_unparsed_date_is_kept_raw_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_text_layer(monkeypatch)
    article = build_article(
        text="نص.", title="", source="c.json", date_value="أمس", metadata={"k": 1}, warnings=("w",)
    )
    assert article.published is None
    assert article.metadata == {"k": 1, "date_raw": "أمس"}
    assert article.warnings == ("w", "unparsed date 'أمس'")


def test_explicit_language_and_empty_url_outlet(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_text_layer(monkeypatch)
    article = build_article(text="نص.", title="", source="d", url="", outlet="", language="ar")
    assert (article.url, article.outlet, article.language) == (None, None, "ar")
