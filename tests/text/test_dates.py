"""Arabic dates: every supported form, the seeds' real date lines, and publication dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hijridate import Hijri

from tahqiq.text import FoundDate, article_date, find_dates, parse_date

EXAMPLES = Path(__file__).parents[2] / "examples"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "text"
SUNDAY = dt.date(2017, 12, 17)  # the day 000 was published


def _seed(name: str) -> str:
    return next(EXAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def _found(text: str, reference: dt.date | None = SUNDAY) -> dict[str, tuple[dt.date, str, str]]:
    found = find_dates(text, reference)
    for f in found:
        assert text[f.start : f.end] == f.text
    return {f.text: (f.date, f.kind, f.precision) for f in found}


GREGORIAN = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
LEVANTINE = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_gregorian_and_levantine_month(month: int) -> None:
    for name, kind in ((GREGORIAN[month - 1], "gregorian"), (LEVANTINE[month - 1], "levantine")):
        text = f"في 3 {name} 2016"
        assert _found(text, None) == {f"3 {name} 2016": (dt.date(2016, month, 3), kind, "day")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأحد، ١٧ ديسمبر ٢٠١٧", dt.date(2017, 12, 17)),
        ("17 إبريل 2017", dt.date(2017, 4, 17)),
        ("17 أبريل 2017", dt.date(2017, 4, 17)),
        ("4 يوليه 2017", dt.date(2017, 7, 4)),
        ("4 يونيه 2017", dt.date(2017, 6, 4)),
        ("20 جانفي 2018", dt.date(2018, 1, 20)),  # Maghrebi names
        ("15 أوت 2017", dt.date(2017, 8, 15)),
        ("السبت 16 ديسمبر/كانون الأول 2017", dt.date(2017, 12, 16)),
        ("16 كانون الأول (ديسمبر) 2017", dt.date(2017, 12, 16)),
        ("يوم الأربعاء 27 ديسمبر , 2017", dt.date(2017, 12, 27)),
        ("17 من شهر ديسمبر من عام 2017 م", dt.date(2017, 12, 17)),
        ("17/12/2017", dt.date(2017, 12, 17)),
        ("١٧/١٢/٢٠١٧", dt.date(2017, 12, 17)),
        ("17.12.2017", dt.date(2017, 12, 17)),
        ("17-12-2017", dt.date(2017, 12, 17)),
        ("2017-12-17", dt.date(2017, 12, 17)),
        ("2016 / 10 / 12", dt.date(2016, 10, 12)),
        ("12/17/2017", dt.date(2017, 12, 17)),  # a second number over 12 means month first
        ("3/4/2017", dt.date(2017, 4, 3)),  # otherwise day first, as in Arab usage
        ("December 17, 2017", dt.date(2017, 12, 17)),
        ("17 décembre 2017", dt.date(2017, 12, 17)),
        ("في السادس عشر من تشرين الثاني 2017", dt.date(2017, 11, 16)),
        ("الحادي والعشرين من أيار 2017", dt.date(2017, 5, 21)),
    ],
)
def test_absolute_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, SUNDAY) == expected


def test_hijri_dates_convert_with_umm_al_qura() -> None:
    assert parse_date("5 ربيع الأول 1439 هـ") == Hijri(1439, 3, 5).to_gregorian() == dt.date(2017, 11, 23)
    # 000's date in the Hijri calendar lands on the same Sunday.
    twin = "الأحد 29 ربيع الأول 1439 هـ الموافق 17 ديسمبر 2017 م"
    assert _found(twin, None) == {
        "الأحد 29 ربيع الأول 1439 هـ": (SUNDAY, "hijri", "day"),
        "17 ديسمبر 2017 م": (SUNDAY, "gregorian", "day"),
    }
    assert parse_date("رمضان 1438 هـ") == dt.date(2017, 5, 27)  # month precision: its first day
    assert parse_date("١٤٣٨/١/١١ هـ") == dt.date(2016, 10, 12)
    assert parse_date("5 ربيع الأول 1700 هـ") is None  # outside the convertible range


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("اليوم", SUNDAY, "day"),
        ("أمس", dt.date(2017, 12, 16), "day"),
        ("بالأمس", dt.date(2017, 12, 16), "day"),
        ("أول أمس", dt.date(2017, 12, 15), "day"),
        ("أول من أمس", dt.date(2017, 12, 15), "day"),
        ("غداً", dt.date(2017, 12, 18), "day"),
        ("بعد غد", dt.date(2017, 12, 19), "day"),
        ("الأسبوع الماضي", dt.date(2017, 12, 10), "week"),
        ("الأسبوع المقبل", dt.date(2017, 12, 24), "week"),
        ("الشهر الماضي", dt.date(2017, 11, 1), "month"),
        ("هذا الشهر", dt.date(2017, 12, 1), "month"),
        ("العام الماضي", dt.date(2016, 1, 1), "year"),
        ("السنة المقبلة", dt.date(2018, 1, 1), "year"),
        ("العام الجاري", dt.date(2017, 1, 1), "year"),
        ("في تشرين الأول", dt.date(2017, 10, 1), "month"),
        ("في كانون الأول", dt.date(2017, 12, 1), "month"),  # the reference's own month is not after it
        ("خلال شهر يناير", dt.date(2017, 1, 1), "month"),
        ("أيلول الماضي", dt.date(2017, 9, 1), "month"),
        ("ديسمبر الماضي", dt.date(2016, 12, 1), "month"),  # "last December" is never this one
        ("في آب", dt.date(2017, 8, 1), "month"),
        ("١٧ ديسمبر", SUNDAY, "day"),
        ("في التاسع من الشهر الجاري", dt.date(2017, 12, 9), "day"),
        ("الشهر العاشر من العام الجاري", dt.date(2017, 10, 1), "month"),
        ("يوم الجمعة", dt.date(2017, 12, 15), "day"),
        ("الأحد المقبل", dt.date(2017, 12, 24), "day"),
        ("الأحد الماضي", dt.date(2017, 12, 10), "day"),
    ],
)
def test_relative_dates_resolve_against_the_reference(text: str, expected: dt.date, precision: str) -> None:
    ((date, kind, got_precision),) = _found(text).values()
    assert (date, got_precision) == (expected, precision)
    assert kind in ("relative", "gregorian", "levantine")
    assert parse_date(text, SUNDAY) == expected
    assert parse_date(text) is None  # never resolved against today's date


def test_month_without_year_is_the_latest_one_not_after_the_reference() -> None:
    assert parse_date("في تشرين الأول", dt.date(2018, 5, 1)) == dt.date(2017, 10, 1)
    assert parse_date("في تشرين الأول", dt.date(2017, 10, 31)) == dt.date(2017, 10, 1)
    assert parse_date("١٧ ديسمبر", dt.date(2018, 1, 3)) == SUNDAY
    assert parse_date("5 يناير", dt.date(2017, 12, 20)) == dt.date(2018, 1, 5)  # a date days ahead
    assert parse_date("29 فبراير", dt.date(2017, 3, 1)) == dt.date(2016, 2, 29)  # the latest one that exists


@pytest.mark.parametrize(
    "text",
    [
        "الأمين العام",
        "الرأي العام",
        "قناة روسيا اليوم",
        "اليوم التالي",
        "في اليوم نفسه",
        "مارس الضغط",
        "في أب",
        "صفر",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    assert find_dates(text, SUNDAY) == []


def test_seed_000_date_lines() -> None:
    found = _found(_seed("000"))
    assert found["الأحد، ١٧ ديسمبر ٢٠١٧"] == (SUNDAY, "gregorian", "day")
    assert found["أمس"] == (dt.date(2017, 12, 16), "relative", "day")  # "في بيان له أمس"
    assert found["في تشرين الأول"] == (dt.date(2017, 10, 1), "relative", "month")
    assert found["في الشهر العاشر من العام الجاري"] == (dt.date(2017, 10, 1), "relative", "month")
    assert found["والأسبوع الماضي"] == (dt.date(2017, 12, 10), "relative", "week")
    assert found["والجمعة"] == (dt.date(2017, 12, 15), "relative", "day")
    # «روسيا اليوم» is a channel and "وبنفس اليوم" is the Friday: only Mattis's "اليوم" is today.
    today = [f for f in find_dates(_seed("000"), SUNDAY) if f.text == "اليوم"]
    assert len(today) == 1 and "من الواضح اليوم" in _seed("000")[today[0].start - 12 : today[0].end]


def test_seed_001_to_004_date_lines() -> None:
    assert _found(_seed("001"))["في التاسع من الشهر الجاري"] == (dt.date(2017, 12, 9), "relative", "day")
    found = _found(_seed("002"))
    assert found["في السادس عشر من تشرين الثاني"] == (dt.date(2017, 11, 16), "levantine", "day")
    assert found["12 أيلول الماضي"] == (dt.date(2017, 9, 12), "levantine", "day")
    assert found["في تموز الماضي"] == (dt.date(2017, 7, 1), "relative", "month")
    assert found["في تشرين الثاني الماضي"] == (dt.date(2017, 11, 1), "relative", "month")
    assert _found(_seed("003"))["12 من الشهر الجارى"] == (dt.date(2017, 12, 12), "relative", "day")
    assert _found(_seed("004"))["في تشرين الأول"] == (dt.date(2017, 10, 1), "relative", "month")


def test_article_date_of_the_seeds() -> None:
    assert article_date(_seed("000")) == SUNDAY
    for name in ("001", "002", "003", "004"):
        assert article_date(_seed(name)) is None


def test_article_date_reads_datelines_and_cues_not_body_dates() -> None:
    body = "وقال المصدر إن الاجتماع عقد في 5 ديسمبر 2017 بحضور ممثلين عن الأطراف كافة وانتهى دون الاتفاق على أي بند من البنود."
    assert article_date("عنوان الخبر\n\n" + body) is None
    assert article_date("عنوان الخبر\n" + body + " تم نشره يوم 18 ديسمبر 2017 الساعة 10") == dt.date(
        2017, 12, 18
    )
    assert article_date("عنوان\n\n17/12/2017 - 14:30\n\n" + body) == SUNDAY
    # A Hijri dateline with its Gregorian twin: the Gregorian date wins.
    assert article_date("عنوان\nالسبت 28 ربيع الأول 1439 هـ - 17 ديسمبر 2017\n" + body) == SUNDAY
    assert article_date(body, title="الأحد، ١٧ ديسمبر ٢٠١٧") == SUNDAY
    assert article_date("") is None


def test_article_date_on_a_dateline_fixture() -> None:
    text = (FIXTURES / "dateline.txt").read_text(encoding="utf-8")
    assert article_date(text) == dt.date(2018, 1, 21)


def test_dateparser_fallback_only_for_what_the_patterns_miss() -> None:
    assert parse_date("منذ 3 أيام", SUNDAY) == dt.date(2017, 12, 14)
    assert parse_date("منذ 3 أيام") is None
    assert parse_date("17 déc. 2017") == SUNDAY
    assert parse_date("لا شيء هنا") is None
    assert parse_date("") is None


def test_found_date_is_a_frozen_record() -> None:
    (found,) = find_dates("نشر في ١٧ ديسمبر ٢٠١٧")
    assert isinstance(found, FoundDate)
    assert (found.start, found.end, found.text) == (7, 7 + len("١٧ ديسمبر ٢٠١٧"), "١٧ ديسمبر ٢٠١٧")
    assert (found.date, found.kind, found.precision) == (SUNDAY, "gregorian", "day")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.start = 0  # type: ignore[misc]


def test_offsets_survive_marks_and_invisible_characters() -> None:
    text = "وفي \u200fيومِ الأحدِ، ١٧ ديسمبرَ ٢٠١٧ حدث ذلك، وغداً نرى."
    found = find_dates(text, SUNDAY)
    assert [f.text for f in found] == ["يومِ الأحدِ، ١٧ ديسمبرَ ٢٠١٧", "وغداً"]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_date_names_are_data_and_a_bad_row_is_named_by_line() -> None:
    """Month names come from data/lexicon/dates.tsv, folded as the matcher reads text."""
    from tahqiq.text.datenames import DATE_COLUMNS, names_from
    from tahqiq.text.lexicon import DataFileWarning, parse_table

    text = "group\tnumber\tname\nlevantine\t5\tأيار\nmonths\t5\tمايو\nhijri\tninth\tرمضان\ndirection\t-1\tالماضي\n"
    table = parse_table("dates", text, "dates.tsv", DATE_COLUMNS)
    with pytest.warns(DataFileWarning) as caught:
        found = names_from(table)
    assert [str(w.message) for w in caught] == [
        "data/lexicon/dates.tsv:3: expected one of direction, gregorian, hijri, levantine, ordinal, weekday and a number",
        "data/lexicon/dates.tsv:4: expected one of direction, gregorian, hijri, levantine, ordinal, weekday and a number",
    ]
    assert found.months == {"ايار": (5, "levantine")}
    assert found.past == frozenset({"الماضي"})
