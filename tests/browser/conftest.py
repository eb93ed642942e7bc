"""Browser tests: Playwright driving Debian's Chromium, headless, against a live server on loopback.

``make test`` installs both (``scripts/install_browser.sh``). Where either is missing the tests
are skipped with the reason; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tahqiq
from tahqiq.server import ServerSettings

from ..conftest import EXAMPLES, SEED_FILES
from .live_server import LiveServer

TOKEN = "browser-token"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """``$TAHQIQ_CHROMIUM``, else Debian's ``/usr/bin/chromium``, else ``chromium`` on the PATH."""
    for candidate in (os.environ.get("TAHQIQ_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a headless Chromium through Playwright")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (scripts/install_browser.sh installs it)")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found at /usr/bin/chromium or $TAHQIQ_CHROMIUM (scripts/install_browser.sh)")
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield found
        found.close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    """The five sample reports in a fresh store, served with a write token."""
    db = tmp_path / "store.db"
    with tahqiq.open(db) as tq:
        assert len(tq.ingest([str(EXAMPLES / name) for name in SEED_FILES]).added) == 5
    with LiveServer(ServerSettings(db=str(db), token=TOKEN, rate_per_minute=0)) as server:
        yield server


class Watched:
    """A page plus everything it complained about: console errors, page errors, CSP violations, dialogs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


@pytest.fixture(params=[1280, 390], ids=["laptop", "phone"])
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A page at laptop width, and again at phone width: every scenario runs at both."""
    width = int(request.param)
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="ar",
        accept_downloads=True,
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    watched = Watched(context.new_page())
    yield watched
    context.close()
