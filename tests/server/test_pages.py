"""The workbench's pages, rendered on the server, through the in-process client: every page type,
escaping of hostile article text, the 404 page, Arabic wording, numbers and dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.report.labels import Labels, load_labels, parse_labels, plural_category
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.pages import TEMPLATES as TEMPLATES_ENV
from tahqiq.server.pages import paragraphs

from ..conftest import ROOT, SAMPLE_CLAIM, article_id_for

TOKEN = "pages-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOOPBACK = ("127.0.0.1", 50321)
OPPOSITION = "004_9a22f17ed7bf8f62.txt"
HOSTILE = (ROOT / "tests" / "fixtures" / "server" / "hostile.txt").read_text(encoding="utf-8")
TEMPLATES = ROOT / "src" / "tahqiq" / "server" / "templates"


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN, rate_per_minute=0))
    with TestClient(app, base_url="http://localhost", client=LOOPBACK) as c:
        yield c


@pytest.fixture
def check(client: TestClient) -> dict[str, Any]:
    r = client.post("/api/check", json={"claim": SAMPLE_CLAIM})
    assert r.status_code == 200, r.text
    report: dict[str, Any] = r.json()
    return report


def visible(html: str) -> str:
    """The page's text as a reader sees it: without the JSON-LD data block and tags."""
    html = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_page_type_renders_in_arabic_from_local_files(
    client: TestClient, check: dict[str, Any], sample_store: Tahqiq
) -> None:
    story = client.get("/api/stories").json()["stories"][0]["story_id"]
    article = article_id_for(sample_store, OPPOSITION)
    for path in (
        "/",
        f"/checks/{check['check_id']}",
        f"/checks/{check['check_id']}/print",
        f"/articles/{article}",
        "/stories",
        f"/stories/{story}",
        "/upload",
    ):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert r.headers["content-type"].startswith("text/html")
        assert '<html lang="ar" dir="rtl">' in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
        # Scripts, styles and fonts come from this server; no inline script, no style attribute.
        for src in re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]*)"', r.text):
            assert src.startswith("/static/"), (path, src)
        assert re.findall(r"<script(?![^>]*(?:src=|application/ld\+json))", r.text) == [], path
        assert " style=" not in r.text and " onclick=" not in r.text, path


def test_hostile_article_text_is_escaped_on_every_page(client: TestClient, sample_store: Tahqiq) -> None:
    record = {
        "title": "تقرير ثان عن الحسكة",
        "text": "قال مسؤول إن القوات الأمريكية تدرب منشقين عن داعش في الحسكة منذ أشهر. وأضاف أن التدريب مستمر.",
        "url": "javascript:alert(7)",
        "outlet": '<script>alert("outlet")</script>',
    }
    assert client.post("/api/articles", json={"articles": [record]}, headers=AUTH).status_code == 200
    r = client.post(
        "/api/articles/upload", files=[("files", ("hostile.txt", HOSTILE.encode()))], headers=AUTH
    )
    assert r.status_code == 200, r.text
    [hostile] = r.json()["added"]
    check_id = client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()["check_id"]
    pages = [
        client.get(f"/articles/{hostile}").text,
        client.get(f"/checks/{check_id}").text,
        client.get(f"/checks/{check_id}/print").text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<script>window" not in html
        assert "<img src=x" not in html and "<svg onload" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__xss=3;alert(3)&lt;/script&gt;" in pages[0]
    assert "&lt;script&gt;alert(&#34;outlet&#34;)&lt;/script&gt;" in pages[1]


def test_unknown_addresses_answer_the_404_page_and_the_api_json(client: TestClient) -> None:
    for path in (
        "/no/such/page",
        "/checks/999",
        "/checks/0",
        f"/checks/{2**63}",
        "/articles/x",
        "/stories/999",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html"), path
        assert "الصفحة غير موجودة" in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
    r = client.get("/api/no-such-route")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    r = client.get("/api/checks/999")
    assert r.status_code == 404 and "999" in r.json()["detail"]
    english = client.get("/no/such/page?lang=en")
    assert english.status_code == 404 and "Page not found" in english.text


def test_a_page_refused_to_another_machine_says_so_on_a_page(sample_store: Tahqiq, db_path: Path) -> None:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN))
    with TestClient(app, base_url="http://localhost", client=("192.0.2.7", 40000)) as remote:
        page = remote.get("/stories")
        assert page.status_code == 401 and page.headers["content-type"].startswith("text/html")
        assert "لا تُعرض هذه الصفحة لهذا الجهاز" in page.text and page.headers["www-authenticate"] == "Bearer"
        api = remote.get("/api/stories")
        assert api.status_code == 401 and "token" in api.json()["detail"]


def test_the_arabic_page_explains_the_verdict_in_arabic(client: TestClient, check: dict[str, Any]) -> None:
    html = client.get(f"/checks/{check['check_id']}").text
    explanation = html.split('<p class="explanation"', 1)[1].split("</p>", 1)[0]
    assert 'lang="ar"' in explanation
    assert "يؤيد الادعاءَ تقريران من أصل مستقل واحد" in explanation
    assert "يعارض الادعاءَ أو ينفيه تقرير واحد" in explanation
    assert "\u2068مضر حماد الأسعد\u2069" in explanation  # names isolated
    assert re.search(r'<bdi class="aid" dir="ltr">#[٠-٩]+</bdi>', explanation)
    assert "report" not in explanation and not re.search("[0-9]", visible(explanation))
    english = client.get(f"/checks/{check['check_id']}?lang=en").text
    assert check["verdict"]["explanation"].split(" — ")[0] in english


def test_the_arabic_explanation_reads_a_report_without_origins_or_p_true() -> None:
    """A report saved by an older tahqiq lacks origins, P(true) and the claim's kind: still worded."""
    evidence = [
        {"article_id": 7, "outlet": "سانا", "stance": "agree"},
        {"article_id": 1234, "outlet": None, "stance": "agree"},
        {"article_id": 9, "outlet": "بلدي نيوز", "stance": "discuss"},
    ]
    report = {"evidence": evidence, "verdict": {"label": "supported", "confidence": 0.7}}
    html = str(TEMPLATES_ENV.get_template("macros.html").module.explanation_ar(Labels("ar"), report))
    text = re.sub(r"<[^>]+>", "", html)
    assert "يؤيد الادعاءَ تقريران. ويكتفي تقرير واحد بمناقشته." in text
    assert "بـ٧٠٪" in text and "تحمله تقارير مستقلة." in text


def test_a_reviewed_verdict_shows_the_reviewer_apart_from_the_machine(
    client: TestClient, check: dict[str, Any]
) -> None:
    edit = {"reviewer": "سلمى", "rating": "refuted", "verdict_text": "مضلل", "explanation": "مصدر واحد."}
    assert client.post(f"/api/checks/{check['check_id']}/reviews", json=edit, headers=AUTH).status_code == 201
    html = client.get(f"/checks/{check['check_id']}").text
    card = html.split('id="verdict"', 1)[1].split("</section>", 1)[0]
    reviewer, machine = card.split('id="machine-verdict"', 1)
    assert 'data-label="refuted"' in reviewer and "مضلل" in reviewer and "مصدر واحد." in reviewer
    assert "حكم المراجِع" in reviewer and 'class="pct"' not in reviewer  # no machine confidence here
    assert "حكم النظام" in machine and f'data-label="{check["verdict"]["label"]}"' in machine
    assert 'class="pct"' in machine


def test_the_printable_report_reads_as_arabic_on_paper(
    client: TestClient, check: dict[str, Any], db_path: Path
) -> None:
    html = client.get(f"/checks/{check['check_id']}/print").text
    text = unescape(visible(html))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO dates
    assert "١٧ ديسمبر ٢٠١٧" in text
    # Arabic-Indic digits in everything the page words itself (article text is quoted as written).
    table = unescape(visible(html.split("<table>", 1)[1].split("</table>", 1)[0]))
    footer = unescape(visible(html.split("<footer>", 1)[1].split("نموذج الموقف", 1)[0]))
    assert not re.search("[0-9]", table + footer)
    assert re.search("[٠-٩]", table) and re.search("[٠-٩]", footer)
    assert str(db_path.parent) not in html and "examples/" not in html and ".txt" not in text
    assert '<link rel="stylesheet" href="/static/print.css">' in html


def test_article_sentences_are_numbered_from_one(client: TestClient, sample_store: Tahqiq) -> None:
    article = article_id_for(sample_store, OPPOSITION)
    html = client.get(f"/articles/{article}?hl=1").text
    assert 'id="s-1"' in html and 'id="s-0"' not in html
    assert (
        '<mark class="rationale" data-index="1" id="s-1"><sup class="sidx" aria-hidden="true">١</sup>' in html
    )
    assert "/Users/" not in html and str(ROOT) not in html  # the ingest folder is not shown
    reuse = client.get(f"/api/articles/{article}").json()["reuse"]["links"]
    assert reuse and html.count('<details class="reuse-link">') == len(reuse)
    assert f'href="/articles/{reuse[0]["other"]["article_id"]}"' in html


def test_the_language_choice_is_remembered(client: TestClient) -> None:
    r = client.get("/stories?lang=en")
    assert '<html lang="en" dir="ltr">' in r.text and "tahqiq_lang=en" in r.headers["set-cookie"]
    assert '<html lang="en" dir="ltr">' in client.get("/upload").text
    assert 'href="/upload?lang=ar"' in client.get("/upload").text
    assert '<html lang="ar" dir="rtl">' in client.get("/upload?lang=ar").text


def test_a_story_page_draws_one_timeline_row_per_outlet(client: TestClient) -> None:
    story_id = client.get("/api/stories").json()["stories"][0]["story_id"]
    story = client.get(f"/api/stories/{story_id}").json()
    html = client.get(f"/stories/{story_id}").text
    assert html.count('<g class="tl-row"') == len(story["timeline"])
    assert html.count('class="tl-dot"') == sum(len(r["dates"]) for r in story["timeline"])


# ---------------------------------------------------------------- labels, numbers, dates


@pytest.mark.parametrize(
    ("n", "category"),
    [
        *[(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many")],
        *[(100, "other"), (102, "other"), (103, "few"), (111, "many"), (1000, "other")],
    ],
)
def test_arabic_plural_categories(n: int, category: str) -> None:
    assert plural_category(n, "ar") == category


def test_counts_agree_with_their_number() -> None:
    ar = Labels("ar")
    assert ar.count(1, "article") == "مقال واحد"
    assert ar.count(2, "article") == "مقالان"
    assert ar.count(10, "word") == "١٠ كلمات"
    assert ar.count(11, "word") == "١١ كلمةً"
    assert ar.count(3, "outlet") == "٣ منافذ"
    assert ar.count(1, "outlet") == "منفذ واحد"
    en = Labels("en")
    assert (en.count(1, "word"), en.count(5, "word")) == ("1 word", "5 words")


def test_ids_are_never_grouped_and_dates_are_words() -> None:
    ar = Labels("ar")
    assert ar.id(12345) == "١٢٣٤٥" and ar.num(12345) == "١٢٬٣٤٥"
    assert ar.date("2017-12-17") == "١٧ ديسمبر ٢٠١٧" and ar.date(None) == "دون تاريخ"
    assert ar.pct(0.49) == "٤٩٪"
    assert Labels("en").date("2017-12-17T08:00:00") == "17 December 2017"


def test_every_label_a_template_names_is_in_the_label_file() -> None:
    table = load_labels()
    assert table.problems == ()
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""L\(["']([\w.]+)["']\s*[,)]""", template.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in table.labels["ar"] or k not in table.labels["en"])
    assert missing == []


def test_the_markdown_report_and_the_pages_name_verdicts_and_stances_alike(sample_store: Tahqiq) -> None:
    """Both read data/labels/ui.tsv: the Markdown report shows the page's Arabic words."""
    from tahqiq.report.markdown import to_markdown

    ar = Labels("ar")
    report = sample_store.check(SAMPLE_CLAIM)
    text = to_markdown(report)
    assert ar(f"verdict.{report.verdict.label}") in text
    assert all(ar(f"stance.{e.stance.stance}") in text for e in report.evidence)


def test_a_bad_label_line_is_reported_with_its_place() -> None:
    table = parse_labels("key\tar\ten\nok\tنعم\tyes\nbroken\tفقط\nok\tمكرر\tagain\n", "ui.tsv")
    assert table.labels["ar"] == {"ok": "نعم"}
    assert [str(p) for p in table.problems] == [
        "ui.tsv:3: expected 3 tab-separated cells, found 2",
        "ui.tsv:4: ok is given twice",
    ]


def test_paragraphs_number_sentences_from_one_and_keep_the_text() -> None:
    text = "أول جملة. ثاني جملة.\nثالث جملة."
    sentences = [
        {"index": 0, "start": 0, "end": 9},
        {"index": 1, "start": 10, "end": 20},
        {"index": 2, "start": 21, "end": 31},
    ]
    paras = paragraphs(text, sentences, {2})
    assert [[s.number for s in p if s.number] for p in paras] == [[1, 2], [3]]
    assert [s.number for p in paras for s in p if s.marked] == [2]
    assert "".join(s.text for p in paras for s in p).replace(" ", "") == text.replace(" ", "").replace(
        "\n", ""
    )
