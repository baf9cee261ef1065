"""Browser test infrastructure: the built site and host pages served locally, driven in Chromium.

- `site_url`: the built site (the session's `built_site`) on a free 127.0.0.1 port.
- `hosts`: a folder of host pages served from two other origins (other ports), for
  embedding tests; `hosts.write(name, html)` returns the page's URL on the first origin.
- `watched`: a fresh page in its own browser context that records every request,
  console error and page error. At teardown it fails the test if any request left
  127.0.0.1 or anything was logged as an error, so every browser test checks both.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright; `playwright install` is
never used. Without it the tests skip, except under CI (CI set), where they fail.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.reader import SCREENSHOTS, record_activity
from tests.browser.sweep import Sweeps
from tests.conftest import shared_dir

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("data:", "about:", "blob:")


_STARTED = time.time()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of these tests."""
    config.addinivalue_line("markers", "browser: drives headless Chromium")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Tell a person where this run left its axe results and request counts."""
    reports = [p for p in SCREENSHOTS.parent.glob("*.json") if p.stat().st_mtime >= _STARTED]
    if reports:
        terminalreporter.write_line(
            f"axe results and request counts in {SCREENSHOTS.parent}/; "
            "screenshots of every page to look at: make screenshots"
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


def serve(folder: Path) -> Generator[str, None, None]:
    """Serve a folder on a free 127.0.0.1 port in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site; yield its base URL (ends with '/')."""
    yield from serve(built_site)


@dataclass
class Hosts:
    """Host pages for embedding, served from two origins other than the site's."""

    folder: Path
    url: str
    other_url: str

    def write(self, name: str, html: str) -> str:
        """Write a host page and return its URL on the first host origin."""
        (self.folder / name).write_text(html, encoding="utf-8")
        return self.url + name


@pytest.fixture(scope="session")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosts]:
    """Serve one folder of host pages from two more origins (two more ports)."""
    folder = tmp_path_factory.mktemp("hosts")
    (folder / "favicon.ico").write_bytes(b"")
    first, second = serve(folder), serve(folder)
    yield Hosts(folder, next(first), next(second))
    for gen in (first, second):
        gen.close()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    """Start Playwright once, or skip (fail under CI) when Chromium is missing."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    """Launch Debian's headless Chromium once per session."""
    chromium = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()


@dataclass
class Watched:
    """A page with everything it asked for and every error it logged."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def off_host(self) -> list[str]:
        """Return the requests that went anywhere but 127.0.0.1."""
        return [
            url
            for url in self.requests
            if not url.startswith(LOCAL_SCHEMES) and urlsplit(url).hostname != "127.0.0.1"
        ]

    def assert_clean(self) -> None:
        """Fail if a request left 127.0.0.1 or an error was logged."""
        assert self.off_host() == [], f"requests left 127.0.0.1: {self.off_host()}"
        assert self.errors == [], f"console or page errors: {self.errors}"


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """Yield a fresh page that records requests and errors, and check both at the end."""
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    record = Watched(page)
    record_activity(context, record.requests, record.errors)
    try:
        yield record
        record.assert_clean()
    finally:
        context.close()


@pytest.fixture
def browser_no_js(browser: Browser) -> Iterator[Page]:
    """Yield a fresh page with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def sweeps(
    browser: Browser, site_url: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Sweeps:
    """Every page read once per run (desktop light and dark, phone, no JavaScript)."""
    return Sweeps(browser, site_url, built_site, shared_dir(tmp_path_factory))
