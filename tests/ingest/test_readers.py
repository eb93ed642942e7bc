"""read_source / read_all on the sample reports and on every fixture format, good and bad."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tahqiq.ingest import STDIN_SOURCE, detect_format, read_all, read_bytes, read_source
from tahqiq.ingest.webpage import FALLBACK_WARNING
from tahqiq.records import ArticleInput

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def _one(path: Path | str, *, outlet: str | None = None) -> ArticleInput:
    result = read_source(str(path), outlet=outlet)
    assert result.skipped == [], result.skipped
    (article,) = result.articles
    return article


def _seed(prefix: str) -> Path:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path


# --- the five sample reports ---------------------------------------------------------------


def test_read_all_on_the_examples_folder_reads_five_arabic_articles_in_order() -> None:
    results = list(read_all([str(EXAMPLES)]))
    assert [Path(r.source).name for r in results] == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    for result in results:
        assert result.skipped == [] and result.warnings == []
        (article,) = result.articles
        assert article.source == result.source
        assert article.language == "ar"
        assert article.title and article.text
        assert article.title not in article.text.split("\n")[:2]


def test_seed_004_outlet_is_the_byline_agency_and_site_kept_as_metadata() -> None:
    article = _one(_seed("004"))
    assert article.title == 'الدفاع الروسية تتهم أمريكا بتدريب منشقين عن تنظيم "الدولة"'
    assert article.outlet == "بلدي نيوز"
    assert article.metadata["site_name"] == "It's Over 9000!"
    assert article.metadata["byline"] == "كنان سلطان"
    assert "مقالات ذات صلة" not in article.text
    assert 'الحسكة.. "قسد" تعلن نهاية حملتها الأمنية' not in article.text


def test_seed_003_records_credited_source_and_drops_comment_prompt() -> None:
    article = _one(_seed("003"))
    assert article.metadata["credited_source"] == "سانا"
    assert article.outlet == "سانا"  # a listed outlet credited at the end names the outlet
    assert not article.text.endswith("إضافة تعليق جديد")


def test_given_outlet_wins_over_byline_and_site() -> None:
    assert _one(_seed("004"), outlet="مصدر يدوي").outlet == "مصدر يدوي"


def test_seed_000_dateline_sets_published() -> None:
    pytest.importorskip("tahqiq.text.dates")
    assert _one(_seed("000")).published == "2017-12-17"


# --- plain-text edge cases -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.bin", "binary file (NUL bytes)"),
        ("title_only.txt", "no article text (title only)"),
    ],
)
def test_bad_files_are_skipped_with_one_line_reasons(name: str, reason: str) -> None:
    result = read_source(str(FIXTURES / name))
    assert result.articles == []
    assert [(s.source, s.reason) for s in result.skipped] == [(str(FIXTURES / name), reason)]


def test_english_article_is_kept_with_its_language_and_a_warning() -> None:
    result = read_source(str(FIXTURES / "english.txt"))
    (article,) = result.articles
    assert article.language == "en"
    assert article.title == "Russia says US forces train Islamic State defectors in Syria"
    assert [w.message for w in result.warnings] == ["not Arabic (language 'en'); kept"]


def test_missing_path_glob_and_directory_are_skips(tmp_path: Path) -> None:
    assert read_source(str(tmp_path / "nope.txt")).skipped[0].reason == "no such file or directory"
    assert read_source(str(tmp_path / "*.txt")).skipped[0].reason == "no file matches this pattern"
    assert read_source(str(tmp_path)).skipped[0].reason == "is a directory"


def test_punctuation_only_body_has_no_article_text(tmp_path: Path) -> None:
    path = tmp_path / "dashes.txt"
    path.write_text("عنوان\n-----\n***\n", encoding="utf-8")
    assert read_source(str(path)).skipped[0].reason == "no article text (title only)"


# --- HTML -------------------------------------------------------------------------------------


def test_html_page_text_and_metadata() -> None:
    article = _one(FIXTURES / "page_ar.html")
    assert article.title == "موسكو تتهم واشنطن بتدريب منشقين عن داعش في الحسكة"
    assert article.url == "https://example.org/news/2017/12/hasakah-training"
    assert article.outlet == "شبكة المرصد الإخبارية"
    assert article.published == "2017-12-16"
    assert article.language == "ar"
    assert article.metadata["author"] == "قسم الأخبار"
    assert article.metadata["extractor"] == "trafilatura"
    assert "«الجيش السوري الجديد»" in article.text
    assert "نحو 750 مسلحاً" in article.text  # inline <b> does not split the sentence
    for chrome in (
        "لا ينبغي أن يظهر",
        "الرئيسية",
        "مقالات ذات صلة",
        "التحالف ينفي اتهامات موسكو",
        "جميع الحقوق",
    ):
        assert chrome not in article.text
    assert article.warnings == ()


def test_malformed_html_still_yields_its_text() -> None:
    article = _one(FIXTURES / "malformed_ar.html")
    assert article.title == "انفجار عبوة ناسفة في رأس العين"
    assert article.text.startswith("قالت مصادر محلية إن خمسة أشخاص")
    assert "دون أن تتبنى أي جهة المسؤولية عن الانفجار حتى الآن" in article.text
    assert article.text.endswith("وأوقعت عدداً من الضحايا")


def test_html_the_main_extractor_rejects_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<body><span>خبر عاجل: <span>انقطاع الطريق بين الحسكة والقامشلي", encoding="utf-8")
    result = read_source(str(path))
    (article,) = result.articles
    assert article.text == "خبر عاجل: انقطاع الطريق بين الحسكة والقامشلي"
    assert article.metadata["extractor"] == "selectolax"
    assert article.warnings == (FALLBACK_WARNING,)
    assert [w.message for w in result.warnings] == [FALLBACK_WARNING]


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>")
    assert read_source(str(path)).skipped[0].reason == "no article text in the HTML page"


# --- JSON and JSON Lines -----------------------------------------------------------------------


def test_jsonl_broken_line_is_reported_by_number_and_the_rest_read() -> None:
    path = FIXTURES / "records.jsonl"
    result = read_source(str(path))
    assert [a.source for a in result.articles] == [f"{path}:1", f"{path}:3", f"{path}:7"]
    assert [(s.source, s.reason) for s in result.skipped] == [
        (f"{path}:2", "invalid JSON: Unterminated string starting at (column 32)"),
        (f"{path}:4", "no article text (no text/body/content field)"),
        (f"{path}:6", "JSON record is a list, not an object"),
    ]
    first, second, third = result.articles
    assert (first.outlet, first.url, first.published) == (
        "وكالة المثال",
        "https://example.org/a/1",
        "2017-12-17",
    )
    assert first.metadata == {"author": "مراسل المثال", "tags": ["سوريا", "الحسكة"]}
    # Case-insensitive aliases, HTML body, outlet object, ISO datetime.
    assert second.title == "ناشطون ينفون وجود معسكر تدريب قرب مخيم الهول"
    assert second.text == (
        "نفى ناشطون من ريف الحسكة وجود أي معسكر لتدريب منشقين عن تنظيم داعش قرب المخيم.\n"
        "وقالوا إن المنطقة تخضع لسيطرة قوات محلية منذ أشهر."
    )
    assert (second.outlet, second.published) == ("شبكة المثال", "2017-12-18T09:30:00+02:00")
    # An unreadable date is kept raw, with a warning, and the article is still read.
    assert third.published is None
    assert third.metadata["date_raw"] == "قبل قليل"
    assert third.warnings == ("unparsed date 'قبل قليل'",)
    assert [(w.source, w.message) for w in result.warnings] == [(f"{path}:7", "unparsed date 'قبل قليل'")]


def test_json_list_items_get_index_sources_epoch_dates_and_languages() -> None:
    path = FIXTURES / "records.json"
    result = read_source(str(path))
    arabic, english = result.articles
    assert (arabic.source, english.source) == (f"{path}#1", f"{path}#2")
    assert arabic.published == "2017-12-17T00:00:00+00:00"
    assert (arabic.outlet, arabic.language) == ("موقع المثال", "ar")
    assert english.language == "en"
    assert english.url == "https://example.com/en/hasakah"


def test_json_single_object_lines_and_bad_documents(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "عنوان", "text": "نص الخبر الكامل.", "extra": 1}, ensure_ascii=False))
    article = _one(one)
    assert (article.source, article.metadata) == (str(one), {"extra": 1})

    lines = tmp_path / "lines.json"
    lines.write_text('{"text": "خبر أول."}\n{"text": "خبر ثان."}\n', encoding="utf-8")
    assert [a.source for a in read_source(str(lines)).articles] == [f"{lines}:1", f"{lines}:2"]

    for content, reason in [
        ('"نص"', "JSON holds a str, not article objects"),
        ("[]", "JSON list is empty"),
        ("{broken", "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
        ('{"text": 5}', "field 'text' is a int, not text"),
    ]:
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        assert [s.reason for s in read_source(str(bad)).skipped] == [reason]


def test_jsonl_paragraph_lists_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "paras.jsonl"
    path.write_text(json.dumps({"content": ["فقرة أولى.", " ", "فقرة ثانية."]}, ensure_ascii=False) + "\n")
    assert _one(path).text == "فقرة أولى.\nفقرة ثانية."


# --- feeds ------------------------------------------------------------------------------------


def test_rss_items_become_articles_and_an_empty_item_is_skipped_alone() -> None:
    path = FIXTURES / "feed_rss.xml"
    result = read_source(str(path))
    assert [(s.source, s.reason) for s in result.skipped] == [(f"{path}#2", "no article text (title only)")]
    first, third = result.articles
    assert first.source == f"{path}#1"
    assert first.outlet == "نشرة المثال الإخبارية"
    assert first.url == "https://example.org/news/101"
    assert first.published == "2017-12-17T10:15:00+03:00"
    assert first.text == (
        "قال مركز المصالحة الروسي في قاعدة حميميم إن مدربين أمريكيين يشكلون وحدات باسم «الجيش السوري الجديد» "
        "قرب مخيم للاجئين في الحسكة.\nولم يعلق التحالف الدولي على البيان."
    )
    assert first.metadata == {
        "summary": "ملخص قصير عن بيان مركز المصالحة.",
        "author": "قسم الأخبار",
        "categories": ["سوريا"],
        "guid": "mithal-101",
        "credited_source": "سانا",
    }
    assert third.published == "2017-12-16T21:00:00+00:00"
    assert third.text.endswith("في سوريا & طالب بانسحابها.")


def test_atom_entries_use_alternate_link_published_date_and_xhtml_content() -> None:
    path = FIXTURES / "feed_atom.atom"
    first, second = _all_articles(path)
    assert first.title == "ناشط ينفي رواية حميميم عن معسكر الحسكة"
    assert first.url == "https://example.net/entry/7"
    assert first.published == "2017-12-18T07:30:00+02:00"
    assert first.outlet == "مرصد المثال"
    assert first.text == (
        "نفى صحافي سوري ما قاله مركز المصالحة الروسي عن معسكر لتدريب منشقين عن داعش قرب الحسكة.\n"
        "وقال إن الاتهامات تأتي في إطار الدعاية الإعلامية."
    )
    assert first.metadata["author"] == "فريق المرصد"
    assert first.metadata["summary"] == "ناشط سوري ينفي وجود معسكر تدريب."
    assert (second.url, second.published) == (None, "2017-12-17T12:00:00+00:00")
    assert second.text == "أكدت مصادر محلية استمرار حركة النازحين باتجاه مخيمات الحسكة."


def _all_articles(path: Path) -> list[ArticleInput]:
    result = read_source(str(path))
    assert result.skipped == []
    return result.articles


def test_feed_saved_with_a_text_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    path.write_bytes((FIXTURES / "feed_atom.atom").read_bytes())
    assert len(_all_articles(path)) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>'
            "<item><description>&b;</description></item></channel></rss>",
            "XML declares its own entities; refused for safety",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed><entry>'
            "<content>&x;</content></entry></feed>",
            "XML declares its own entities; refused for safety",
        ),
        ('<?xml version="1.0"?><catalog><book/></catalog>', "XML root <catalog> is not an RSS or Atom feed"),
        ("<rss><channel><title>t</title></channel></rss>", "feed has no items"),
        (
            "<rss><channel><item><title>t</item></channel></rss>",
            "malformed XML: mismatched tag: line 1, column 30",
        ),
    ],
)
def test_unsafe_foreign_and_broken_xml_is_skipped(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")
    result = read_source(str(path))
    assert result.articles == []
    assert [s.reason for s in result.skipped] == [reason]


def test_html_entities_in_a_hand_made_feed_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(
        "<rss><channel><title>قناة</title><item><title>عنوان&nbsp;الخبر</title>"
        "<description>نص&nbsp;الخبر &mdash; كامل.</description></item></channel></rss>",
        encoding="utf-8",
    )
    article = _one(path)
    assert (article.title, article.text) == ("عنوان الخبر", "نص الخبر — كامل.")


# --- stdin and format detection ------------------------------------------------------------------


def test_stdin_text_is_read_once_and_sniffed() -> None:
    text = (FIXTURES / "feed_atom.atom").read_text(encoding="utf-8")
    results = list(read_all(["-", "-"], stdin=io.StringIO(text)))
    assert len(results) == 1
    assert [a.source for a in results[0].articles] == [f"{STDIN_SOURCE}#1", f"{STDIN_SOURCE}#2"]


def test_stdin_bytes_go_through_the_encoding_fallbacks() -> None:
    data = (FIXTURES / "cp1256.txt").read_bytes()
    result = read_source("-", stdin_bytes=data, outlet="يدوي")
    (article,) = result.articles
    assert (article.source, article.outlet) == (STDIN_SOURCE, "يدوي")
    assert article.title == "الحسكة: مخيم للاجئين في قلب الاتهامات"
    assert read_source("-", stdin_text="").skipped[0].reason == "empty file"


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("عنوان\nنص", ".txt", "text"),
        ("<!DOCTYPE html><html><body>x</body></html>", "", "html"),
        ("<!doctype html>\n<p>x</p>", ".txt", "html"),
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', ".txt", "feed"),
        ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"/>', "", "feed"),
        ('{"text": "x"}', "", "json"),
        ('{"text": "x"}', ".txt", "text"),
        ("anything", ".jsonl", "jsonl"),
        ("anything", ".XML", "feed"),
        ("anything", ".htm", "html"),
    ],
)
def test_detect_format(text: str, suffix: str, expected: str) -> None:
    assert detect_format(text, suffix) == expected


def test_read_all_mixes_formats_and_loses_nothing_on_bad_files() -> None:
    results = list(read_all([str(FIXTURES), str(FIXTURES / "binary.bin"), "missing.txt"]))
    by_name = {Path(r.source).name: r for r in results}
    assert "binary.bin" in by_name and "missing.txt" in by_name
    assert sum(len(r.articles) for r in results) == 15
    assert sum(len(r.skipped) for r in results) == 9


# --- cost and isolation ---------------------------------------------------------------------------


def test_html_reading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access while reading a saved page")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert _one(FIXTURES / "page_ar.html").url == "https://example.org/news/2017/12/hasakah-training"


def test_plain_text_ingest_does_not_import_the_html_stack() -> None:
    code = (
        "import sys; from tahqiq.ingest import read_all; "
        f"n = sum(len(r.articles) for r in read_all([{str(EXAMPLES)!r}])); "
        "print(n, 'trafilatura' in sys.modules, 'selectolax' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["5", "False", "False"]


def test_bytes_and_a_name_read_as_the_file_would(tmp_path: Path) -> None:
    """Uploads are read from memory: the name's suffix picks the format and names the source."""
    lines = [
        '{"title": "خبر أول", "text": "قال المتحدث باسم الوزارة إن الاجتماع عقد في دمشق أمس."}',
        '{"title": "خبر ثان", "text": "أعلنت اللجنة عن اجتماع جديد لبحث الأوضاع الإنسانية."}',
    ]
    data = "\n".join(lines).encode("utf-8")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    from_file = read_source(str(path))
    for given in (data, io.BytesIO(data)):
        from_memory = read_bytes(given, "upload:feed.jsonl")
        assert [a.source for a in from_memory.articles] == ["upload:feed.jsonl:1", "upload:feed.jsonl:2"]
        assert [a.text for a in from_memory.articles] == [a.text for a in from_file.articles]
    assert read_bytes(b"", "upload:empty.txt").skipped[0].source == "upload:empty.txt"
