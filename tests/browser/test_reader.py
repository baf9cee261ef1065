"""Every page as readers meet it: privacy, clean console, phones, no JavaScript, print.

(Screenshots for a person to look at: `make screenshots`, scripts/screenshots.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.conftest import Watched
from tests.browser.reader import SCREENSHOTS
from tests.browser.sweep import Sweeps

# Body text a phone reader can read without zooming (CSS pixels).
MIN_BODY_PX = 14.0


def test_every_page_asks_only_its_own_site_and_logs_no_error(sweeps: Sweeps) -> None:
    """Record every request of every page: fonts, scripts, images, all from the site itself."""
    counts: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    for path, facts in sweeps["light"].items():
        counts[f"/{path}"] = len(facts.requests)
        if facts.off_site or facts.errors:
            problems[f"/{path}"] = facts.off_site + facts.errors
    out = SCREENSHOTS.parent / "requests.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(counts, indent=1) + "\n")
    assert problems == {}, json.dumps(problems, indent=1)
    assert len(counts) >= 20
    assert all(count > 0 for count in counts.values())


def test_no_page_scrolls_sideways_on_a_phone_and_text_stays_readable(sweeps: Sweeps) -> None:
    wide: dict[str, object] = {}
    for path, facts in sweeps["phone"].items():
        if facts.width[0] > facts.width[1]:
            wide[f"/{path}"] = facts.width
        if facts.font_px < MIN_BODY_PX:
            wide[f"/{path} text"] = f"{facts.font_px}px"
        # Wide tables and charts stay inside the page: they scroll in their own box.
        if facts.outside:
            wide[f"/{path} elements"] = facts.outside
        assert facts.errors == [], f"/{path}: {facts.errors}"
    assert len(sweeps["phone"]) >= 20
    assert wide == {}


def test_every_page_reads_fully_without_javascript(sweeps: Sweeps, built_site: Path) -> None:
    """With JavaScript off the reader gets the same text, and every timeline entry shows.

    (An embed shows its newest 20 entries, the rest waiting for JavaScript.)
    """
    with_js = sweeps["light"]
    short: dict[str, str] = {}
    for path, facts in sweeps["nojs"].items():
        text, js_text = facts.text, with_js[path].text
        if len(text) < 0.95 * len(js_text) or len(text) < 200:
            short[f"/{path}"] = f"{len(text)} characters without JS, {len(js_text)} with"
        hidden = facts.entries - facts.entries_visible
        # An embed shows its newest 20 by design (issue 13) and says the rest need JS.
        if path.startswith("embed/timeline/"):
            hidden -= facts.entries_hidden_attr
            assert facts.entries_visible == min(20, facts.entries)
        if hidden:
            short[f"/{path} entries"] = f"{hidden} of {facts.entries} entries hidden"
    built = (built_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert sweeps["nojs"]["timeline/"].entries_visible == built.count('class="tl-entry')
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
