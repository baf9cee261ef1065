"""Accessibility in real Chromium: axe-core on every page in both schemes, keyboard, charts."""

from __future__ import annotations

import contextlib
import json

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import Watched
from tests.browser.reader import (
    DESKTOP,
    MARK_REPEATS,
    SCREENSHOTS,
    SETTLED,
    axe_version,
    blocking,
    by_impact,
    run_axe,
    visiting,
)
from tests.browser.sweep import (
    FIRST_VISIT,
    RUNS,
    Sweeps,
    forget_scheme,
    scheme_in_use,
    to_dark,
)

AXE_RUNS = ("light", "dark", "phone")


@pytest.mark.parametrize("run", AXE_RUNS)
def test_every_page_has_no_serious_or_critical_axe_violation(sweeps: Sweeps, run: str) -> None:
    """axe-core on every page, light and dark at desktop width and light on a phone."""
    found: dict[str, list[str]] = {}
    report: dict[str, dict[str, int]] = {}
    wanted = "dark" if run == "dark" else "light"
    for path, facts in sweeps[run].items():
        assert facts.scheme == wanted, f"/{path} ({run}) is not in {wanted}"
        report[f"/{path}"] = by_impact(facts.axe)
        if blocking(facts.axe):
            found[f"/{path} ({run})"] = blocking(facts.axe)
        assert facts.errors == [], f"/{path} ({run}): {facts.errors}"
    # The numbers behind the summary a person reads (test-artifacts/, git-ignored).
    out = SCREENSHOTS.parent / f"axe-{run}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"axe": axe_version(), "run": run, "pages": report}, indent=1) + "\n")
    assert len(report) >= 20
    assert found == {}, json.dumps(found, indent=1)


# Every element's colours as drawn, with its tag: what a colour scheme decides (but the
# style that `to_dark` adds to stop the switch's fades).
COLOURS = """() => [...document.querySelectorAll('*:not(#sweep-no-fade)')].map(e => {
  const s = getComputedStyle(e);
  return [e.tagName, s.color, s.backgroundColor, s.backgroundImage, s.borderTopColor,
    s.borderRightColor, s.borderBottomColor, s.borderLeftColor, s.outlineColor, s.fill,
    s.stroke, s.textDecorationColor, s.boxShadow, s.opacity, s.visibility].join(' | ');
})"""
# Once the page is idle: what a page does then (the timeline fills its form's long lists) is
# done, since idle callbacks run in the order they were asked for.
IDLE = "() => new Promise(done => requestIdleCallback(() => done(true), {timeout: 3000}))"
# A page of every kind: home (chart), essay, map, timeline (form, strip, embed code), a
# sources part, and the two embeds (which follow the system's scheme, not the toggle).
KINDS = ("", "history/", "reach/", "timeline/", "sources/news-1/", "embed/timeline/", "embed/map/")


def test_a_page_switched_to_dark_shows_the_colours_of_a_fresh_dark_load(
    browser: Browser, site_url: str, sweeps: Sweeps
) -> None:
    """The dark run reads each page in the light visit, switched with the toggle (sweep.py).

    That is only as good as a fresh load by a reader whose system is dark: on a page of
    every kind, every element must have exactly the same colours both ways.
    """
    assert set(KINDS) <= set(sweeps.pages), set(KINDS) - set(sweeps.pages)
    with (
        visiting(browser, site_url, **RUNS["dark"]) as fresh,
        visiting(browser, site_url, **RUNS["light"]) as switched,
    ):
        switched.page.context.add_init_script(FIRST_VISIT)
        for path in KINDS:
            fresh.page.goto(site_url + path, wait_until="load")
            fresh.page.evaluate(IDLE)
            fresh.page.wait_for_function(SETTLED)
            want = fresh.page.evaluate(COLOURS)
            switched.page.goto(site_url + path, wait_until="load")
            assert scheme_in_use(switched.page) == "light", f"/{path} opened dark"
            switched.page.evaluate(IDLE)
            to_dark(switched.page)
            switched.page.wait_for_function(SETTLED)
            got = switched.page.evaluate(COLOURS)
            forget_scheme(switched.page)
            assert len(got) == len(want), f"/{path}: {len(got)} elements, {len(want)} fresh"
            differ = [(i, a, b) for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b]
            assert differ == [], f"/{path}: switched vs fresh: {differ[:5]}"
        assert fresh.errors == switched.errors == []


def test_open_search_results_have_no_serious_or_critical_axe_violation(
    browser: Browser, site_url: str
) -> None:
    for scheme in ("light", "dark"):
        with visiting(browser, site_url, viewport=DESKTOP, color_scheme=scheme) as visit:
            visit.go("")
            box = visit.page.locator(".md-search__input")
            box.click()
            box.press_sequentially("Hanoi", delay=20)
            result = visit.page.locator(".md-search-result__list a[href*='/diplomacy/']").first
            result.wait_for()
            assert blocking(run_axe(visit.page)) == [], scheme
            # The page a result opens, with the search words highlighted on it.
            result.click()
            visit.page.wait_for_url("**/diplomacy/**")
            visit.page.locator("article mark").first.wait_for()
            assert blocking(run_axe(visit.page)) == [], f"{scheme}, after choosing a result"
            assert visit.errors == []


# Ten rows of one component, and rows that differ from it only in what could change a
# colour: a class, an inline style, an attribute CSS selects on, being an even row, or a
# child element of another kind. Each "faint" is grey on white (2.3:1), below 4.5:1.
REPEATS_PAGE = """<!doctype html><html lang="en"><head><title>t</title><style>
  body { color: #111; background: #fff; } .faint, .faint a { color: #aaa; }
  li[aria-current] { color: #aaa; } tr:nth-child(even) td.zebra { color: #aaa; }
  li > em { color: #aaa; }
</style></head><body><main>
  <ul id="plain">{plain}</ul>
  <ul id="cls">{plain}<li>Entry <a href="#x">link</a> <span class="faint">class</span></li></ul>
  <ul id="style">{plain}<li>Entry <a href="#x">link</a>
    <span style="color:#aaa">style</span></li></ul>
  <ul id="attr">{plain}<li aria-current="page">Entry <a href="#x">link</a>
    <span>attr</span></li></ul>
  <ul id="child">{plain}<li>Entry <a href="#x">link</a> <em>child</em></li></ul>
  <table><tbody><tr><td class="zebra">odd</td></tr><tr><td class="zebra">even</td></tr>
    <tr><td class="zebra">odd</td></tr></tbody></table>
  <ul id="all">{faint}</ul>
</main></body></html>"""


def test_colour_rules_check_each_distinct_component_and_skip_only_exact_repeats(
    browser: Browser,
) -> None:
    plain = '<li>Entry <a href="#x">link</a> <span>text</span></li>' * 10
    faint = '<li class="faint">Entry <a href="#x">link</a></li>' * 10
    page_html = REPEATS_PAGE.replace("{plain}", plain).replace("{faint}", faint)
    with visiting(browser, "", viewport=DESKTOP) as visit:
        visit.page.set_content(page_html)
        # Repeats: the plain rows after the first odd and the first even one (8), the plain
        # rows of the other lists (4 x 10), the 3rd table row, and 8 of the faint rows. The
        # rows that differ, and the first odd and even row of each kind, are checked.
        assert visit.page.evaluate(MARK_REPEATS) == 8 + 4 * 10 + 1 + 8
        visit.page.evaluate(
            "() => document.querySelectorAll('[data-axe-repeat]')"
            ".forEach(e => e.removeAttribute('data-axe-repeat'))"
        )
        violations = run_axe(visit.page)
        failing = [
            node["html"] for v in violations if v["id"] == "color-contrast" for node in v["nodes"]
        ]
        for word in ("class", "style", "attr", "child", "even"):
            assert any(f">{word}<" in html for html in failing), (word, failing)
        # The list whose every row is faint fails on its first odd and even row only.
        assert sum('<li class="faint">' in html for html in failing) == 2, failing
        assert visit.page.locator("[data-axe-repeat]").count() == 0


def focus_style(page: Page) -> dict[str, str]:
    """Return the outline of the focused element."""
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor,"
        " tag: document.activeElement.tagName, cls: document.activeElement.className}; }"
    )
    return {str(k): str(v) for k, v in style.items()}


def focused(page: Page, selector: str) -> bool:
    """Return True if the focused element matches selector."""
    return bool(page.evaluate("s => document.activeElement.matches(s)", selector))


def follow(page: Page) -> None:
    """Press Enter on an in-page link and let Material's instant navigation finish with it.

    Material handles the link itself and, a moment later, moves focus to the body; the next
    Tab then starts from the link's target, as in a browser without it.
    """
    page.keyboard.press("Enter")
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("() => document.activeElement === document.body", timeout=3000)


def tab_until(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches selector (and still does a moment later)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            page.wait_for_timeout(150)
            if focused(page, selector):
                return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_the_timeline_works_from_the_keyboard_with_visible_focus(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "timeline/")
    # The skip link comes first and takes the reader past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    assert page.locator("a.md-skip").is_visible()
    follow(page)
    # Before the first entry come the filter form and the year strip (a link per year since
    # 1984): every one of them is reachable, so the first entry is some 90 presses away.
    tab_until(page, "a.tl-anchor", limit=200)
    style = focus_style(page)
    assert style["style"] != "none", style
    assert float(style["width"].removesuffix("px")) >= 2, style
    entry = str(page.evaluate("() => document.activeElement.closest('li.tl-entry').id"))
    # Enter follows the entry's own link: the address names it and it is highlighted.
    follow(page)
    page.wait_for_function("id => location.hash === '#' + id", arg=entry)
    assert page.evaluate("id => document.getElementById(id).matches(':target')", entry)
    highlight = page.evaluate(
        "id => getComputedStyle(document.getElementById(id)).backgroundColor", entry
    )
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent")
    # A folded source list opens from the keyboard too.
    tab_until(page, "details.tl-more-sources > summary")
    assert focus_style(page)["style"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open")


def test_charts_have_text_alternatives(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "history/")
    charts = page.locator("figure.chart-figure")
    assert charts.count() >= 1
    for i in range(charts.count()):
        figure = charts.nth(i)
        svg = figure.locator("svg.chart")
        assert svg.get_attribute("role") == "img"
        name = svg.evaluate(
            "el => el.getAttribute('aria-labelledby').split(' ')"
            ".map(id => document.getElementById(id).textContent.trim()).join(' ')"
        )
        assert len(name) > 40, name
        assert figure.get_by_role("img", name=name.split(".")[0][:30]).count() == 1
        # The same numbers as a table, one click (or Enter) away.
        figure.locator("details > summary").click()
        table = figure.locator("table.chart-data")
        assert table.is_visible()
        assert table.locator("tbody tr").count() >= 10
