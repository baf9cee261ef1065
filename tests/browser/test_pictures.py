"""The pictures in Chromium: the layout that fits the screen, legible text, working links.

axe runs on their pages with every other page (test_accessibility.py; embed/map/ is in EMBEDS);
`make screenshots` shoots each picture for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from macros import site
from macros.northkorea.records import launch_of
from macros.northkorea.svgkit import text_width
from tests.browser.reader import DESKTOP, PHONE, visiting
from tests.browser.sweep import PICTURES, VISIBLE_SVGS, Sweeps

# The smallest text a picture may show on screen, in CSS pixels.
MIN_TEXT_PX = 9.5
# Desktop light and dark and the phone in light are runs every page is read in (sweep.py);
# a phone in the dark scheme is read here, for the pages with pictures only.
SWEPT = {"desktop-light": "light", "desktop-dark": "dark", "phone-light": "phone"}
PHONE_DARK: dict[str, Any] = {"viewport": PHONE, "color_scheme": "dark", "is_mobile": True}


def check_pictures(run: str, path: str, pictures: dict[str, list[dict[str, Any]]]) -> None:
    """At 1280 px the wide drawing shows, at 375 px the narrow one: never a shrunken picture."""
    phone = run.startswith("phone")
    assert set(pictures) == set(PICTURES[path]), (run, path)
    for selector, shown in pictures.items():
        assert shown, f"/{path} {selector} ({run}): no picture is shown"
        for svg in shown:
            assert ("narrow" in svg["id"]) == phone, (run, path, svg["id"])
            assert not svg["overflow"], f"/{path} {svg['id']} is wider than the screen"
            on_screen = svg["smallest"] * svg["scale"]
            assert on_screen >= MIN_TEXT_PX, f"/{path} {svg['id']}: {on_screen:.1f}px"


@pytest.mark.parametrize("run", [*SWEPT, "phone-dark"])
def test_pictures_fit_the_screen_with_legible_text(
    browser: Browser, site_url: str, sweeps: Sweeps, run: str
) -> None:
    """Each drawing in its layout for the screen, legible, on every page that has one."""
    if run in SWEPT:
        for path in PICTURES:
            facts = sweeps[SWEPT[run]][path]
            check_pictures(run, path, facts.pictures)
            assert facts.off_site == [], facts.off_site
        return
    with visiting(browser, site_url, **PHONE_DARK) as visit:
        for path, selectors in PICTURES.items():
            visit.go(path)
            pictures = {sel: visit.page.evaluate(VISIBLE_SVGS, sel) for sel in selectors}
            check_pictures(run, path, pictures)
            assert visit.off_site() == [], visit.off_site()
            assert visit.errors == [], visit.errors


def test_a_strip_column_opens_its_year_and_a_site_its_launches(
    browser: Browser, site_url: str
) -> None:
    """Choosing a year of the strip goes to its page; a launch site, to exactly its launches."""
    fb = site.check().fact_base
    assert fb is not None
    with visiting(browser, site_url, viewport=DESKTOP) as visit:
        visit.go("timeline/")
        column = visit.page.locator("#timeline-strip .pic-wide a.pic-year").last
        year = column.get_attribute("data-year")
        column.locator("rect").first.click()
        visit.page.wait_for_url(f"**/timeline/{year}/")
        in_year = [e.id for e in fb.events if str(e.date.year) == year]
        assert visit.page.eval_on_selector_all("li.tl-entry", "l => l.map(li => li.id)") == in_year
        visit.go("reach/")
        # A lone site (busy ones overlap around Pyongyang): Tonghae on the north-east coast.
        marker = visit.page.locator('#launch-map .pic-wide a.pic-site[data-facility="tonghae"]')
        marker.locator("circle").click()
        visit.page.wait_for_url("**/timeline/?facility=tonghae")
        visit.page.locator(".tl-match", has_text="Showing").wait_for()
        shown = visit.page.eval_on_selector_all(
            "li.tl-entry", "l => l.filter(li => li.offsetParent !== null).map(li => li.id)"
        )
        # Exactly the events that launched a missile from there, counted from the records.
        launched = [
            e.id
            for e in fb.events
            if (launch := launch_of(e)) and any(m.facility == "tonghae" for m in launch.missiles)
        ]
        assert launched
        assert shown == launched
        # Without script the row beside the map lists the same launches.
        visit.go("reach/")
        row = visit.page.locator("#site-tonghae")
        assert row.count() == 1
        assert row.locator("details a").count() == len(launched)
        assert visit.errors == []


# Each drawing shown: every line of text as Chromium draws it (its box in picture units, its
# drawn length, size, weight and spacing) and every mark a label must keep clear of.
LABELS = """sel => Array.from(document.querySelectorAll(sel + ' svg.pic:not(.pic-key)'))
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => {
    const box = e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
    const texts = Array.from(s.querySelectorAll('text')).map(t => {
      const style = getComputedStyle(t);
      return {
        words: t.textContent, box: box(t), length: t.getComputedTextLength(),
        size: parseFloat(style.fontSize), bold: parseInt(style.fontWeight, 10) >= 600,
        spacing: parseFloat(style.letterSpacing) || 0, tspans: t.querySelectorAll('tspan').length,
      };
    });
    const marks = Array.from(s.querySelectorAll(
      'a.pic-point > :not(title), a.pic-site circle, rect.ink, circle.ink, g.pic-test-site path'
    )).map(m => ({
      what: ((m.closest('a, g') || m).querySelector('title') || m).textContent,
      round: m.tagName === 'circle', site: !!m.closest('a.pic-site'), box: box(m),
    }));
    const vb = s.viewBox.baseVal;
    const id = s.getAttribute('aria-labelledby');
    return {id, width: vb.width, height: vb.height, texts, marks};
  })"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _on_mark(text: list[float], mark: dict[str, Any]) -> bool:
    if not mark["round"]:
        return _overlap(text, mark["box"])
    x, y, w, _ = mark["box"]
    r = w / 2
    dx = max(text[0] - x - r, 0.0, x + r - text[0] - text[2])
    dy = max(text[1] - y - r, 0.0, y + r - text[1] - text[3])
    return bool(dx * dx + dy * dy < r * r)


def label_crowding(svg: dict[str, Any]) -> list[str]:
    """What crowds in a drawing as drawn: text past the edge, on text, on a mark, mismeasured.

    The renderers place labels by an estimate of their width; a label drawn wider than its
    estimate is where crowding starts. Only a bold place name may lie on a site's circle.
    """
    found = []
    texts = svg["texts"]
    for i, t in enumerate(texts):
        x, y, w, h = t["box"]
        if x < -0.5 or y < -0.5 or x + w > svg["width"] + 0.5 or y + h > svg["height"] + 0.5:
            found.append(f"{t['words']!r} leaves the picture")
        if not t["tspans"]:
            guess = text_width(t["words"], t["size"], bold=t["bold"], spacing=t["spacing"])
            if t["length"] > guess + 0.5:
                found.append(f"{t['words']!r} is {t['length']:.1f} wide, estimated {guess:.1f}")
        found.extend(
            f"{t['words']!r} covers {o['words']!r}"
            for o in texts[i + 1 :]
            if _overlap(t["box"], o["box"])
        )
        found.extend(
            f"{t['words']!r} covers the mark of {m['what'][:40]!r}"
            for m in svg["marks"]
            if _on_mark(t["box"], m) and not (m["site"] and t["bold"])
        )
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_no_label_crowds_another_a_mark_or_the_edge_as_drawn(
    browser: Browser, site_url: str, viewport: Any
) -> None:
    """The real text's boxes (getBBox) in every picture, at phone and desktop width."""
    phone = viewport is PHONE
    with visiting(browser, site_url, viewport=viewport, is_mobile=phone) as visit:
        for path, selectors in PICTURES.items():
            visit.go(path)
            for selector in selectors:
                drawn = visit.page.evaluate(LABELS, selector)
                assert drawn, (path, selector)
                for svg in drawn:
                    assert ("narrow" in svg["id"]) == phone
                    assert len(svg["texts"]) >= 5, svg["id"]
                    assert label_crowding(svg) == [], (path, svg["id"])
