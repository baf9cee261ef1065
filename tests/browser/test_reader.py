"""Every page as readers meet it: privacy, clean console, phones, no JavaScript, print, looks."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.conftest import Watched
from tests.browser.reader import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    page_name,
    site_pages,
    visiting,
)

# Body text a phone reader can read without zooming (CSS pixels).
MIN_BODY_PX = 14.0
# Main text measured on each page: Material's article, or the embed's body.
MAIN = "article.md-content__inner, body > main"
# Screenshots stop at this height: enough to judge a page, small enough to open.
SHOT_HEIGHT = 3000


def test_every_page_asks_only_its_own_site_and_logs_no_error(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """Record every request of every page: fonts, scripts, images, all from the site itself."""
    counts: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    with visiting(browser, site_url, viewport=DESKTOP) as visit:
        for path in site_pages(built_site):
            visit.go(path)
            counts[f"/{path}"] = len(visit.requests)
            if visit.off_site() or visit.errors:
                problems[f"/{path}"] = visit.off_site() + visit.errors
    out = SCREENSHOTS.parent / "requests.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(counts, indent=1) + "\n")
    assert problems == {}, json.dumps(problems, indent=1)
    assert all(count > 0 for count in counts.values())


def test_no_page_scrolls_sideways_on_a_phone_and_text_stays_readable(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    wide: dict[str, object] = {}
    with visiting(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True) as visit:
        for path in site_pages(built_site):
            visit.go(path)
            page = visit.page
            width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
            if width[0] > width[1]:
                wide[f"/{path}"] = width
            size = page.evaluate(
                "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", MAIN
            )
            if size < MIN_BODY_PX:
                wide[f"/{path} text"] = f"{size}px"
            # Wide tables and charts stay inside the page: they scroll in their own box.
            outside = page.evaluate(
                "() => [...document.querySelectorAll('table, svg.chart, figure, pre')]"
                ".filter(e => e.getBoundingClientRect().right > innerWidth + 1"
                " && !e.closest('.table-scroll, .md-search, .md-sidebar'))"
                ".map(e => e.tagName + '.' + e.className)"
            )
            if outside:
                wide[f"/{path} elements"] = outside
            assert visit.errors == [], f"/{path}: {visit.errors}"
    assert wide == {}


def test_every_page_reads_fully_without_javascript(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """With JavaScript off the reader gets the same text, and every timeline entry shows.

    (An embed shows its newest 20 entries, the rest waiting for JavaScript.)
    """
    pages = site_pages(built_site)
    with_js: dict[str, str] = {}
    with visiting(browser, site_url, viewport=DESKTOP) as visit:
        for path in pages:
            visit.go(path)
            # Controls that only script can work (the timeline's filter form) are not text.
            visit.page.evaluate("() => document.querySelectorAll('form.tl-filters')"
                                ".forEach(f => { f.hidden = true; })")  # fmt: skip
            with_js[path] = visit.page.locator(MAIN).first.inner_text()
    short: dict[str, str] = {}
    with visiting(browser, site_url, viewport=DESKTOP, java_script_enabled=False) as visit:
        for path in pages:
            visit.go(path)
            page = visit.page
            text = page.locator(MAIN).first.inner_text()
            if len(text) < 0.95 * len(with_js[path]) or len(text) < 200:
                short[f"/{path}"] = f"{len(text)} characters without JS, {len(with_js[path])} with"
            entries = page.locator("li.tl-entry")
            hidden = entries.count() - page.locator("li.tl-entry:visible").count()
            # An embed shows its newest 20 by design (issue 13) and says the rest need JS.
            if path.startswith("embed/timeline/"):
                hidden -= page.locator("li.tl-entry[hidden]").count()
                assert page.locator("li.tl-entry:visible").count() == min(20, entries.count())
            if hidden:
                short[f"/{path} entries"] = f"{hidden} of {entries.count()} entries hidden"
        visit.go("timeline/")
        built = (built_site / "timeline" / "index.html").read_text(encoding="utf-8")
        assert visit.page.locator("li.tl-entry:visible").count() == built.count('class="tl-entry')
    assert short == {}


def test_print_hides_navigation_and_search_and_writes_out_citations(
    watched: Watched, site_url: str
) -> None:
    """On paper: short references in the text, the sources with their addresses at the end."""
    page = watched.page
    page.goto(site_url + "history/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator("article").is_visible()
    # In the text a citation is a number, with nothing written out after it.
    markers = page.eval_on_selector_all(
        "sup.cite-refs a.cite-ref",
        "links => links.map(a => [a.textContent, getComputedStyle(a, '::after').content])",
    )
    assert len(markers) > 20
    for text, after in markers:
        assert text.isdigit(), text
        assert after in ("none", "normal"), after
    # The list at the end prints each source's address, never a tracking parameter.
    printed = page.eval_on_selector_all(
        "section.page-refs a.ref-title",
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])",
    )
    assert len(printed) > 20
    for href, after in printed:
        assert href in after, (href, after)
        assert "utm_" not in after
    # The chart's numbers print under it.
    assert page.locator("figure.chart-figure table.chart-data").first.is_visible()
    # On screen the addresses stay out of the way.
    page.emulate_media(media="screen")
    assert page.locator("section.page-refs a.ref-title").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    ) in ("none", "normal")


def test_screenshots_of_every_page_for_a_person_to_look_at(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        with visiting(browser, site_url, viewport=viewport) as visit:
            for path in site_pages(built_site):
                visit.go(path)
                height = int(visit.page.evaluate("() => document.scrollingElement.scrollHeight"))
                visit.page.screenshot(
                    path=str(SCREENSHOTS / f"{page_name(path)}-{label}.png"),
                    full_page=True,
                    clip={
                        "x": 0,
                        "y": 0,
                        "width": viewport["width"],
                        "height": min(height, SHOT_HEIGHT),
                    },
                )
    for path in site_pages(built_site):
        for label in ("desktop", "phone"):
            shot = SCREENSHOTS / f"{page_name(path)}-{label}.png"
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", shot
