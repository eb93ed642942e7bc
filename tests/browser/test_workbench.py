"""The workbench as a fact-checker uses it, in a real browser: check, graph, review and export, safety."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, SAMPLE_CLAIM
from .conftest import TOKEN, Watched
from .live_server import LiveServer

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "server"
SCREENSHOTS = ROOT / "docs" / "screenshots"
OPPOSITION_ID = 5  # 004_…txt, the fifth sample file ingested


def check_sample_claim(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "/")
    page.fill("#claim", SAMPLE_CLAIM)
    page.click("#check-submit")
    page.wait_for_url(re.compile(r".*/checks/\d+$"))
    page.wait_for_selector("#verdict")


def test_checking_the_sample_claim_shows_the_verdict_and_the_denial(page: Watched, live: LiveServer) -> None:
    p = page.page
    check_sample_claim(p, live)
    assert p.evaluate("document.documentElement.dir") == "rtl"
    label = p.get_attribute("#verdict", "data-label")
    assert label in ("disputed", "refuted", "unverified")
    badge = {"disputed": "متنازع عليه", "refuted": "مُفنَّد", "unverified": "غير متحقَّق منه"}[str(label)]
    assert p.text_content("#verdict .badge") == badge
    # Arabic-Indic digits and the Arabic percent sign (ICU may add an Arabic letter mark).
    assert re.fullmatch("[٠-٩]+٪\u061c?", p.inner_text("#verdict .pct"))
    card = p.locator(f'.evidence-card[data-article-id="{OPPOSITION_ID}"]')
    assert card.get_attribute("data-stance") != "agree"
    assert "نفى الصحافي السوري" in card.locator(".rationales").inner_text()
    card.locator("summary.show-text").click()
    marked = card.locator("mark.rationale")
    marked.first.wait_for()
    assert any("نفى الصحافي السوري" in t for t in marked.all_inner_texts())
    assert p.evaluate("location.pathname").startswith("/checks/")
    # The Arabic font is the one this server ships, loaded and used.
    p.evaluate("document.fonts.ready")
    assert p.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'تحقيق')")
    assert p.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans Arabic"')
    assert page.errors == [] and page.dialogs == []


def test_the_origin_graph_opens_with_origins_as_groups(page: Watched, live: LiveServer) -> None:
    p = page.page
    check_sample_claim(p, live)
    p.click("#graph-toggle")
    p.wait_for_selector("#origin-graph")
    sides = p.eval_on_selector_all("#origin-graph g.origin", "gs => gs.map(g => g.getAttribute('class'))")
    assert any("side-agree" in s for s in sides) and any("side-disagree" in s for s in sides)
    agree_members = p.eval_on_selector_all(
        "#origin-graph g.node-article.stance-agree", "ns => ns.map(n => n.getAttribute('data-node'))"
    )
    assert len(agree_members) == 2
    labels = p.eval_on_selector_all("#origin-graph g.node-source text", "ts => ts.map(t => t.textContent)")
    assert "مضر حماد الأسعد" in labels
    assert p.locator("#origin-graph path.edge-copies").count() >= 1
    # Each drawn article links to its page.
    p.click(f'#origin-graph a[href="/articles/{OPPOSITION_ID}"]')
    p.wait_for_selector("#quotes")
    assert p.evaluate("location.pathname") == f"/articles/{OPPOSITION_ID}"
    assert page.errors == []


@pytest.mark.skipif(not os.environ.get("TAHQIQ_SCREENSHOT"), reason="screenshots are taken on request")
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_every_page_type(browser: Any, live: LiveServer, width: int) -> None:
    """docs/screenshots/PAGE-WIDTH.png for every page type (run with TAHQIQ_SCREENSHOT=1)."""
    status, report = live.request("POST", "/api/check", {"claim": SAMPLE_CLAIM})
    assert status == 200
    edit = {
        "reviewer": "سلمى الحسن",
        "rating": "refuted",
        "verdict_text": "مضلل: بيان واحد تكرره أربعة منافذ",
        "explanation": "المصدر الوحيد هو مركز حميميم، وقد نفى صحافي سوري الخبر.",
    }
    status, _ = live.request("POST", f"/api/checks/{report['check_id']}/reviews", edit, token=TOKEN)
    assert status == 201
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="ar", is_mobile=width < 500
    )
    p = context.new_page()
    shots = {
        "home": "/",
        "check": "/checks/1",
        "print": "/checks/1/print",
        "article": f"/articles/{OPPOSITION_ID}?hl=1",
        "stories": "/stories",
        "story": "/stories/1",
        "upload": "/upload",
        "not-found": "/no/such/page",
    }
    for name, path in shots.items():
        p.goto(live.url + path)
        if name == "check":
            p.click("#graph-toggle")
        p.evaluate("document.fonts.ready")
        p.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    context.close()


def test_review_edit_and_claim_review_export(page: Watched, live: LiveServer, tmp_path: Path) -> None:
    p = page.page
    check_sample_claim(p, live)
    p.click("#settings-toggle")
    p.fill("#reviewer-name", "سلمى الحسن")
    p.fill("#write-token", TOKEN)
    p.click("#settings-form button[type=submit]")
    p.select_option("#review-rating", "refuted")
    p.fill("#review-text", "مضلل: بيان واحد تكرره أربعة منافذ")
    p.fill("#review-explanation", "المصدر الوحيد هو مركز حميميم، وقد نفى صحافي سوري الخبر.")
    with p.expect_navigation():
        p.click("#review-save")
    p.wait_for_selector(".history li")
    history = p.inner_text(".history")
    assert "سلمى الحسن" in history and "مضلل: بيان واحد تكرره أربعة منافذ" in history
    assert p.get_attribute("#verdict", "data-label") == "refuted"
    assert p.inner_text("[data-testid=verdict-text]") == "مضلل: بيان واحد تكرره أربعة منافذ"
    # The reviewer's verdict carries its own note; the machine's verdict and confidence are apart.
    assert "مركز حميميم" in p.inner_text("#verdict .reviewer-note")
    machine = p.locator("#machine-verdict")
    assert machine.locator(".badge").count() == 1
    assert machine.locator(".pct").count() == 1
    assert p.locator("#verdict > .confidence").count() == 0
    p.click("#export-show")
    p.wait_for_selector("#jsonld")
    shown = json.loads(p.text_content("#jsonld") or "{}")
    assert shown["@type"] == "ClaimReview"
    assert shown["reviewRating"]["alternateName"] == "مضلل: بيان واحد تكرره أربعة منافذ"
    with p.expect_download() as info:
        p.click("#export-jsonld")
    saved = tmp_path / "claimreview.jsonld"
    info.value.save_as(saved)
    downloaded = json.loads(saved.read_text(encoding="utf-8"))
    assert downloaded == shown
    assert downloaded["claimReviewed"] == SAMPLE_CLAIM
    assert downloaded["editor"]["name"] == "سلمى الحسن"
    with p.context.expect_page() as popup:
        p.click("#export-print")
    printed = popup.value
    printed.wait_for_load_state()
    assert "مضلل: بيان واحد تكرره أربعة منافذ" in printed.inner_text(".verdict")
    assert "سلمى الحسن" in printed.inner_text(".reviewed")
    assert page.errors == []


def test_hostile_article_text_never_runs(page: Watched, live: LiveServer) -> None:
    status, _ = live.request(
        "POST",
        "/api/articles",
        {
            "articles": [
                {
                    "title": "تقرير ثان عن الحسكة",
                    "text": "قال مسؤول إن القوات الأمريكية تدرب منشقين عن داعش في الحسكة منذ أشهر. وأضاف أن التدريب مستمر.",
                    "url": "javascript:window.__xss=7",
                    "outlet": '<img src=x onerror="window.__xss=8">',
                }
            ]
        },
        token=TOKEN,
    )
    assert status == 200
    p = page.page
    violations: list[str] = []
    p.expose_function("reportViolation", lambda v: violations.append(v))
    p.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => window.reportViolation(e.violatedDirective))"
    )
    p.goto(live.url + "/upload")
    p.click("#settings-toggle")
    p.fill("#reviewer-name", "مختبر")
    p.fill("#write-token", TOKEN)
    p.click("#settings-form button[type=submit]")
    p.set_input_files("#upload-files", str(FIXTURES / "hostile.txt"))
    p.click("#upload-submit")
    p.wait_for_selector(".status a")
    hostile_id = int(
        (p.text_content(".status a") or "").lstrip("#").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    )
    assert p.get_attribute(".status a", "href") == f"/articles/{hostile_id}"
    check_sample_claim(p, live)
    p.click("#graph-toggle")
    p.wait_for_selector("#origin-graph")
    for fold in p.locator("summary.show-text").all():
        fold.click()
    p.wait_for_function("() => [...document.querySelectorAll('details.text-holder')].every(d => d.open)")
    page_text = p.inner_text("main")
    assert "<script>window.__xss=3;alert(3)</script>" in page_text  # shown as text
    assert '<img src=x onerror="window.__xss=8">' in page_text
    p.goto(f"{live.url}/articles/{hostile_id}")
    p.wait_for_selector("#quotes")
    assert '<img src=x onerror="window.__xss=1"> خبر عن الحسكة' in p.inner_text("h1")
    assert '<a href="javascript:window.__xss=4">' in p.inner_text(".article-text")
    p.goto(live.url + "/stories")
    p.wait_for_selector(".stories li")
    p.wait_for_timeout(300)  # give anything that might fire (onerror, onload) time to do so
    assert p.evaluate("window.__xss") is None
    assert page.dialogs == []
    assert violations == []  # nothing even tried to run: escaping alone kept it inert
    scripts = p.eval_on_selector_all("script", "ss => ss.map(s => s.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert p.locator("main img, main svg[onload], main [onerror]").count() == 0
    hrefs = p.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert page.errors == []


def test_phone_width_keeps_the_page_inside_the_screen(browser: Any, live: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar", is_mobile=True)
    p = context.new_page()
    check_sample_claim(p, live)
    p.click("#graph-toggle")
    p.wait_for_selector("#origin-graph")
    p.locator(f'.evidence-card[data-article-id="{OPPOSITION_ID}"] summary.show-text').click()
    p.wait_for_selector("mark.rationale")
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    # The wide graph scrolls inside its own box instead of widening the page, and opens on its
    # origins: the first origin box is in view without scrolling.
    assert p.evaluate("document.querySelector('.graph-scroll').scrollWidth") > 390
    assert p.evaluate(
        """() => {
            const box = document.querySelector('.graph-scroll').getBoundingClientRect();
            const origin = document.querySelector('#origin-graph g.origin text').getBoundingClientRect();
            return origin.left >= box.left - 1 && origin.right <= box.right + 1;
        }"""
    )
    context.close()


PAGE_PATHS = (
    "/",
    "/checks/1",
    "/checks/1/print",
    f"/articles/{OPPOSITION_ID}",
    "/stories",
    "/stories/1",
    "/upload",
)


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_fits_the_screen_and_keeps_fields_in_their_cards(
    browser: Any, live: LiveServer, width: int
) -> None:
    status, report = live.request("POST", "/api/check", {"claim": SAMPLE_CLAIM})
    assert status == 200 and report["check_id"] == 1
    context = browser.new_context(
        viewport={"width": width, "height": 844}, locale="ar", is_mobile=width < 500
    )
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    for path in (*PAGE_PATHS, "/no/such/page"):
        p.goto(live.url + path)
        assert p.evaluate("document.documentElement.scrollWidth") <= width, path
    p.goto(live.url + "/checks/1")
    inside = """([inner, outer]) => {
        const a = document.querySelector(inner).getBoundingClientRect();
        const b = document.querySelector(outer).getBoundingClientRect();
        return a.left >= b.left && a.right <= b.right;
    }"""
    for field in ("#review-text", "#review-rating", "#review-explanation"):
        assert p.evaluate(inside, [field, "#review"]), field
    p.goto(live.url + "/upload")
    assert p.evaluate(inside, ["#upload-files", "#upload-form"])
    assert errors == []
    context.close()


def test_an_unknown_address_shows_the_page_not_found(page: Watched, live: LiveServer) -> None:
    p = page.page
    answer = p.goto(live.url + "/no/such/page")
    assert answer is not None and answer.status == 404
    assert p.inner_text("#not-found h1") == "الصفحة غير موجودة"
    p.click("#not-found a")
    p.wait_for_selector("#claim-form")
    answer = p.goto(live.url + "/api/no-such-route")
    assert answer is not None and answer.status == 404 and answer.json() == {"detail": "Not Found"}


def test_english_toggle_switches_labels_not_article_text(page: Watched, live: LiveServer) -> None:
    p = page.page
    check_sample_claim(p, live)
    p.click("#lang-toggle")
    p.wait_for_selector("#verdict")
    assert p.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["en", "ltr"]
    assert p.inner_text(".nav a[href='/']") == "Check a claim"
    assert p.inner_text("#evidence h2") == "Evidence"
    assert p.get_attribute(".rationale-text >> nth=0", "dir") == "rtl"
    p.goto(live.url + "/stories")  # the choice is remembered on the next page
    assert p.evaluate("document.documentElement.lang") == "en"
    p.click("#lang-toggle")
    p.wait_for_url("**lang=ar")
    assert p.evaluate("document.documentElement.dir") == "rtl"
    assert page.errors == []


def test_story_pages_show_a_timeline_of_outlets_and_who_denies(page: Watched, live: LiveServer) -> None:
    p = page.page
    p.goto(live.url + "/stories")
    p.wait_for_selector(".stories li a")
    p.click(".stories li a")
    p.wait_for_selector("#story-timeline")
    story_id = int(p.evaluate("location.pathname").rsplit("/", 1)[1])
    status, story = live.request("GET", f"/api/stories/{story_id}")
    assert status == 200
    rows = p.eval_on_selector_all("#story-timeline g.tl-row", "rs => rs.length")
    assert rows == len(story["timeline"])
    assert p.locator(".story-articles li").count() == len(story["articles"])
    denials = p.locator("#story-claims li:has(.voice-denies)").all_inner_texts()
    assert any("مضر حماد الأسعد" in d for d in denials)
    assert page.errors == []


def test_the_page_waits_politely_and_retries_after_429(page: Watched, live: LiveServer) -> None:
    p = page.page
    clients: list[str | None] = []

    def busy_once(route: Any) -> None:
        clients.append(route.request.headers.get("x-tahqiq-client"))
        if len(clients) == 1:
            body = json.dumps({"detail": "too many requests; try again in 1 s"})
            route.fulfill(
                status=429, headers={"Retry-After": "1"}, content_type="application/json", body=body
            )
        else:
            route.continue_()

    p.route("**/api/check", busy_once)
    p.goto(live.url + "/")
    p.fill("#claim", SAMPLE_CLAIM)
    p.click("#check-submit")
    note = p.wait_for_selector("#busy-note:not([hidden])")
    assert "ستُعاد المحاولة" in note.inner_text()
    p.wait_for_selector("#verdict")
    assert p.locator("#busy-note").is_hidden()
    assert p.locator(".error").count() == 0
    # The retry is the same request from the same tab, which names itself for its own rate bucket.
    assert len(clients) == 2 and clients[0] and clients[0] == clients[1]
    assert [e for e in page.errors if "429" not in e] == []


def test_the_page_gives_up_with_a_clear_message_when_still_told_to_wait(
    page: Watched, live: LiveServer
) -> None:
    p = page.page
    calls: list[str] = []

    def always_busy(route: Any) -> None:
        calls.append(route.request.url)
        body = json.dumps({"detail": "too many requests; try again in 1 s"})
        route.fulfill(status=429, headers={"Retry-After": "1"}, content_type="application/json", body=body)

    p.route("**/api/check", always_busy)
    p.goto(live.url + "/")
    p.fill("#claim", SAMPLE_CLAIM)
    p.click("#check-submit")
    error = p.wait_for_selector(".error", timeout=15_000)
    assert "الخادم مشغول جداً" in error.inner_text()
    assert len(calls) == 4  # the request and three polite retries, then no more
    assert p.locator("#busy-note").is_hidden()


def test_a_claim_about_speech_is_shown_as_such(page: Watched, live: LiveServer) -> None:
    p = page.page
    p.goto(live.url + "/")
    p.fill("#claim", "قال مركز المصالحة الروسي إن القوات الأمريكية تدرب منشقين عن داعش في الحسكة")
    p.click("#check-submit")
    p.wait_for_selector("#verdict")
    note = p.locator('[data-testid="speech-claim"]')
    assert "مركز المصالحة" in note.inner_text()
    assert "القوات الأمريكية تدرب منشقين" in note.locator("q").inner_text()
    check_sample_claim(p, live)
    assert p.locator('[data-testid="speech-claim"]').count() == 0
    assert page.errors == []
