"""Helpers for the reader-experience tests: the site's pages, recorded visits and axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
# Where the suite leaves its screenshots for a person to look at (git-ignored).
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 812}
# The embed is not in the sitemap (robots noindex) but readers see it inside other sites.
EMBEDS = ("embed/timeline/", "embed/timeline/diplomacy/", "embed/map/")
BLOCKING = ("serious", "critical")


def site_pages(built_site: Path) -> list[str]:
    """Return every page of the sitemap (as paths under the site root), then the embeds."""
    # A default build (no SITE_URL) lists each page by its path from the site root,
    # "./history/"; a published one by its absolute address.
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "lxml")
    canonical = home.select_one("link[rel=canonical]")
    base = urlsplit(str(canonical["href"])).path if canonical is not None else "./"
    sitemap = BeautifulSoup((built_site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    paths = [urlsplit(loc.get_text(strip=True)).path for loc in sitemap.find_all("loc")]
    pages = [path.removeprefix(base) for path in paths]
    assert "" in pages, f"the sitemap has no home page: {pages}"
    return pages + [embed for embed in EMBEDS if (built_site / embed / "index.html").is_file()]


def page_name(path: str) -> str:
    """Return a file-name-safe name for a page path ('' is the home page)."""
    return path.strip("/").replace("/", "-") or "home"


@cache
def axe_source() -> str:
    """Return axe-core's script, as pinned by axe-playwright-python in requirements-dev.txt."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    """Return the version of axe-core the suite runs (from the script's banner)."""
    match = re.search(r"axe v(\d+\.\d+\.\d+)", axe_source()[:200])
    assert match is not None
    return match.group(1)


# True once no animation or transition is running (a fade caught half-way reads as low
# contrast, and as other colours than the page settles on).
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"

# The axe rules whose outcome depends on colours: what a colour scheme can change.
COLOUR_RULES = ("color-contrast", "link-in-text-block")

# Marks each block of text (a paragraph, heading, list item, table row, definition, summary,
# caption or quotation) that repeats an earlier one exactly in its markup: the tag, classes,
# inline style and the attributes CSS could select on of it and of every ancestor, the set of
# such paths below it, and whether it is an odd or even child. That is the same component in
# the same place with other text. It returns how many it marked. The colour rules skip the
# marked ones: they would compute the same colours again, which is most of axe's time on
# long pages (a sources part, a year of the timeline, the missile tables, an essay's
# paragraphs with their citation numbers).
MARK_REPEATS = """() => {
  const SELECTED = ['class', 'style', 'hidden', 'open', 'disabled', 'role', 'lang', 'dir',
    'aria-current', 'aria-hidden', 'aria-expanded', 'aria-selected', 'aria-disabled'];
  const shapeOf = e => {
    const names = [...e.attributes].map(a => a.name).sort().join(',');
    const values = SELECTED.map(n => e.getAttribute(n) ?? '').join('~');
    const data = [...e.attributes].filter(a => a.name.startsWith('data-theme')
      || a.name.startsWith('data-md-') || a.name === 'data-phone-cards')
      .map(a => a.name + '=' + a.value).join(',');
    const href = e.getAttribute('href');
    const kind = href === null ? '' : href.startsWith('#') ? '#' : /^[a-z]+:/i.test(href)
      ? href.split(':')[0] : '/';
    return e.tagName + '[' + names + '|' + values + '|' + data + '|' + kind + ']';
  };
  const subtree = e => {
    const paths = new Set();
    const walk = (node, path) => {
      for (const child of node.children) {
        const here = path + '>' + shapeOf(child);
        paths.add(here);
        walk(child, here);
      }
    };
    walk(e, '');
    return [...paths].sort().join('|');
  };
  const place = new Map();
  const placeOf = e => {
    if (e === null) return '';
    if (!place.has(e)) place.set(e, placeOf(e.parentElement) + '>' + shapeOf(e));
    return place.get(e);
  };
  const position = new Map();
  const seen = new Set();
  let marked = 0;
  const blocks = 'p, h1, h2, h3, h4, h5, h6, li, tr, dt, dd, summary, figcaption, blockquote';
  for (const e of document.body.querySelectorAll(blocks)) {
    if (e.closest('[data-axe-repeat]')) continue;
    const parent = e.parentElement;
    if (!position.has(e)) [...parent.children].forEach((c, i) => position.set(c, i));
    const key = [placeOf(e), position.get(e) % 2, subtree(e)].join('#');
    if (seen.has(key)) { e.setAttribute('data-axe-repeat', ''); marked += 1; }
    else seen.add(key);
  }
  return marked;
}"""


def run_axe(page: Page, rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe-core on the page once transitions have ended; return its violations.

    With rules, only those rules run (by default, every rule axe enables by default). The
    colour rules (COLOUR_RULES) run once per distinct component: list items, table rows and
    definitions that repeat an earlier one exactly in their markup are left out of them
    (MARK_REPEATS). Every other rule reads the whole page.
    """
    # A fade-in caught half-way reads as low contrast: wait for running animations to end.
    page.wait_for_function(SETTLED, timeout=10_000)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    colour = [rule for rule in rules or COLOUR_RULES if rule in COLOUR_RULES]
    others = [rule for rule in rules if rule not in COLOUR_RULES]
    violations: list[dict[str, Any]] = []
    if others or not rules:
        options: dict[str, Any] = {"resultTypes": ["violations"]}
        if others:
            options["runOnly"] = {"type": "rule", "values": others}
        else:
            options["rules"] = {rule: {"enabled": False} for rule in COLOUR_RULES}
        violations += page.evaluate("options => axe.run(document, options)", options)["violations"]
    if colour:
        page.evaluate(MARK_REPEATS)
        options = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": colour}}
        violations += page.evaluate(
            "options => axe.run({exclude: ['[data-axe-repeat]']}, options)", options
        )["violations"]
        page.evaluate(
            "() => document.querySelectorAll('[data-axe-repeat]')"
            ".forEach(e => e.removeAttribute('data-axe-repeat'))"
        )
    return violations


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Describe the violations of serious or critical impact, one line per element."""
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary'].splitlines()[-1]}"
        for v in violations
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def by_impact(violations: list[dict[str, Any]]) -> dict[str, int]:
    """Count the elements in violation by impact."""
    counts = dict.fromkeys(("critical", "serious", "moderate", "minor"), 0)
    for v in violations:
        counts[str(v["impact"])] += len(v["nodes"])
    return counts


@dataclass
class Visit:
    """A page and everything it requested and logged since the last `go`."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        """Load a page of the site afresh and wait until the network is quiet."""
        self.requests.clear()
        self.errors.clear()
        self.page.goto(self.base + path, wait_until="networkidle")

    def off_site(self) -> list[str]:
        """Return the requests that went anywhere but the site's own origin."""
        origin = urlsplit(self.base).netloc
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).netloc != origin
        ]


def record_activity(context: BrowserContext, requests: list[str], errors: list[str]) -> None:
    """Append every request URL, console error and page error of a browser context."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    context.on("request", lambda request: requests.append(request.url))
    context.on("console", on_console)
    context.on("weberror", lambda error: errors.append(f"page: {error.error}"))


@contextmanager
def visiting(browser: Browser, base: str, **options: Any) -> Iterator[Visit]:
    """Open a fresh browser context (viewport, colour scheme, JS...) that records a visit."""
    context = browser.new_context(**options)
    page = context.new_page()
    visit = Visit(page, base)
    record_activity(context, visit.requests, visit.errors)
    try:
        yield visit
    finally:
        context.close()
