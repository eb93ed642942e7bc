"""Boilerplate trimming rules, on the five sample reports and on small made-up lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.ingest.boilerplate import (
    clean_body,
    clean_plain_text,
    cut_related_block,
    drop_repeated_title,
    drop_trailing_chrome,
    find_byline,
    find_credited_source,
    split_title,
    strip_site_suffix,
    tidy,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _seed(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_loses_its_repeated_title_but_keeps_section_label_and_dateline() -> None:
    text = _seed("000")
    cleaned = clean_plain_text(text)
    assert cleaned.title.startswith("أميركا تقرّ بمكافحة الجيش العربي السوري للإرهاب")
    assert text.count(cleaned.title) == 2
    assert cleaned.title not in cleaned.body
    assert cleaned.body.startswith("أخبار سورية\n\nالأحد، ١٧ ديسمبر ٢٠١٧\n\nوسط إقرار واشنطن")
    assert cleaned.removed == ("repeated_title",)


def test_seed_003_loses_comment_prompt_and_credits_sana() -> None:
    cleaned = clean_plain_text(_seed("003"))
    assert "إضافة تعليق جديد" not in cleaned.body
    assert cleaned.body.endswith("المصدر: سانا")  # the credit line itself stays in the text
    assert cleaned.credited_source == "سانا"
    assert cleaned.removed == ("trailing_chrome",)


def test_seed_004_loses_site_suffix_repeated_title_byline_and_related_list() -> None:
    cleaned = clean_plain_text(_seed("004"))
    assert cleaned.title == 'الدفاع الروسية تتهم أمريكا بتدريب منشقين عن تنظيم "الدولة"'
    assert cleaned.site_name == "It's Over 9000!"
    assert cleaned.byline is not None
    assert (cleaned.byline.outlet, cleaned.byline.name) == ("بلدي نيوز", "كنان سلطان")
    assert "مقالات ذات صلة" not in cleaned.body
    assert "روسيا تعلن استعادة 26 طفلا" not in cleaned.body
    assert "بلدي نيوز - (كنان سلطان)" not in cleaned.body
    assert cleaned.body.startswith("اتهم ما يسمى بمركز المصالحة في سوريا")
    assert cleaned.body.endswith('والمحافظة على نظام الأسد".')
    assert set(cleaned.removed) == {"site_suffix", "repeated_title", "byline", "related_block"}


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_clean_seeds_are_left_whole(prefix: str) -> None:
    text = _seed(prefix)
    cleaned = clean_plain_text(text)
    title, rest = split_title(text)
    assert cleaned.title == title
    assert cleaned.removed == ()
    assert cleaned.body == tidy(rest)
    assert (cleaned.site_name, cleaned.byline, cleaned.credited_source) == (None, None, None)


def test_split_title_skips_leading_blank_lines() -> None:
    assert split_title("\n  \nالعنوان  \nالسطر الأول\n") == ("العنوان", ["السطر الأول", ""])
    assert split_title(" \n\n") == ("", [])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("روسيا تتهم واشنطن - الجزيرة نت", ("روسيا تتهم واشنطن", "الجزيرة نت")),
        ("روسيا تتهم واشنطن | Example News", ("روسيا تتهم واشنطن", "Example News")),
        ("روسيا تتهم واشنطن - example.com", ("روسيا تتهم واشنطن", "example.com")),
        ("روسيا تتهم واشنطن - بلدي نيوز", ("روسيا تتهم واشنطن", "بلدي نيوز")),
        # Not a site: a place name, a question, a quotation, an English headline, no separator.
        ("انفجار في رأس العين - الحسكة", ("انفجار في رأس العين - الحسكة", None)),
        ("هل يدرب الأمريكيون المنشقين - من يجيب؟", ("هل يدرب الأمريكيون المنشقين - من يجيب؟", None)),
        ("لافروف - «لا مبرر لبقائهم»", ("لافروف - «لا مبرر لبقائهم»", None)),
        ("Russia accuses US - Example News", ("Russia accuses US - Example News", None)),
        ("موسكو-واشنطن: تصعيد جديد", ("موسكو-واشنطن: تصعيد جديد", None)),
    ],
)
def test_strip_site_suffix(title: str, expected: tuple[str, str | None]) -> None:
    assert strip_site_suffix(title) == expected


def test_site_suffix_confirmed_by_body_or_known_site() -> None:
    title = "موسكو تتهم واشنطن - المرصد"
    assert strip_site_suffix(title) == (title, None)
    assert strip_site_suffix(title, ["", "موسكو تتهم واشنطن", "نص"]) == ("موسكو تتهم واشنطن", "المرصد")
    assert strip_site_suffix(title, known_site="المرصد") == ("موسكو تتهم واشنطن", "المرصد")


def test_drop_repeated_title_only_near_the_top() -> None:
    lines = ["", "أميركا تقرّ", "أخبار", "نص المقال", "نص", "آخر", "أميركا تقر"]
    assert drop_repeated_title(lines, "أميركا تقرّ") == ["", "أخبار", "نص المقال", "نص", "آخر", "أميركا تقر"]
    # Matching is on normalized text: diacritics, hamza forms and punctuation do not hide a repeat.
    assert drop_repeated_title(["امريكا تقر!", "نص"], "أميركا تقرّ") == ["نص"]
    assert drop_repeated_title(["نص"], "") == ["نص"]


@pytest.mark.parametrize(
    ("line", "outlet", "name"),
    [
        ("بلدي نيوز - (كنان سلطان)", "بلدي نيوز", "كنان سلطان"),
        ("عنب بلدي – [فريق التحرير]", "عنب بلدي", "فريق التحرير"),
        ("بقلم: سامر الأحمد", None, "سامر الأحمد"),
    ],
)
def test_find_byline(line: str, outlet: str | None, name: str) -> None:
    body, byline = find_byline(["", line, "نص المقال الأول."])
    assert body == ["", "نص المقال الأول."]
    assert byline is not None
    assert (byline.outlet, byline.name, byline.line) == (outlet, name, line)


def test_find_byline_ignores_datelines_and_text() -> None:
    for line in [
        "دمشق - سانا",
        "الأحد، ١٧ ديسمبر ٢٠١٧",
        "قال المتحدث (إيغور كوناشينكوف) إن الطائرات انسحبت.",
    ]:
        assert find_byline([line, "نص"]) == ([line, "نص"], None)
    # Too far down the body to be a byline.
    lines = ["أ", "ب", "ج", "بلدي نيوز - (كنان سلطان)"]
    assert find_byline(lines) == (lines, None)


def test_cut_related_block_needs_text_before_and_only_headlines_after() -> None:
    paragraph = "قال المتحدث باسم الوزارة إن الطائرات الروسية رصدت تحركات للمسلحين."
    lines = [paragraph, "", "اقرأ أيضاً:", "", "عنوان خبر آخر", "عنوان ثالث"]
    assert cut_related_block(lines) == [paragraph, ""]
    # A pointer in the middle of an article is followed by paragraphs: nothing is cut.
    middle = [paragraph, "اقرأ أيضاً", "عنوان خبر آخر", paragraph]
    assert cut_related_block(middle) == middle
    long_line = "كلمة " * 30
    assert cut_related_block([paragraph, "اقرأ أيضاً", long_line]) == [paragraph, "اقرأ أيضاً", long_line]
    # A heading with nothing above it is not a trailing block.
    assert cut_related_block(["مقالات ذات صلة", "عنوان"]) == ["مقالات ذات صلة", "عنوان"]


def test_drop_trailing_chrome() -> None:
    lines = ["نص المقال.", "", "شارك", "فيسبوك", "تويتر", "", "جميع الحقوق محفوظة © 2017", ""]
    assert drop_trailing_chrome(lines) == ["نص المقال."]
    kept = ["نص المقال.", "التعليقات على القرار جاءت سريعة من العواصم الغربية والعربية."]
    assert drop_trailing_chrome(kept) is kept
    assert drop_trailing_chrome(["نص", "", ""]) == ["نص", "", ""]  # blank lines alone: no change


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["نص", "المصدر: سانا"], "سانا"),
        (["نص", "(المصدر: وكالات)"], "وكالات"),
        (["نص", "Source: Reuters."], "Reuters"),
        (["نص", "قال المصدر: إن الطائرات انسحبت من المنطقة بعد ساعات من بدء الغارات على المدينة"], None),
        (["نص"], None),
    ],
)
def test_find_credited_source(lines: list[str], expected: str | None) -> None:
    assert find_credited_source(lines) == expected


def test_tidy_folds_blank_runs_and_trailing_spaces() -> None:
    assert tidy(["", "  ", "أ  ", "", " ", "", "ب", "\xa0", ""]) == "أ\n\nب"


def test_clean_body_uses_known_site_for_title_and_drops_repeats() -> None:
    body = "موسكو تتهم واشنطن\nنص الخبر الأول.\nإضافة تعليق جديد"
    cleaned = clean_body(body, "موسكو تتهم واشنطن - المرصد", known_site="المرصد")
    assert (cleaned.title, cleaned.body, cleaned.site_name) == (
        "موسكو تتهم واشنطن",
        "نص الخبر الأول.",
        "المرصد",
    )
    assert cleaned.removed == ("site_suffix", "repeated_title", "trailing_chrome")
