"""One visit of every page per way of reading it, shared by all the page-by-page checks.

Before, eleven tests each walked every page of the site (axe three times, requests, phone
width, tables, DOM size, text with and without JavaScript, two rounds of screenshots):
some 550 page loads. Now each way of reading the site (a *run*: desktop light, desktop
dark, phone, no JavaScript) visits every page once and records what all the checks need
(`PageFacts`); the tests then assert on the records. A run is computed the first time a
test asks for it and kept for the session; under pytest-xdist the first worker to ask
makes it under a lock and writes it to the run's shared temporary folder, and the others
read it from there. Screenshots for people: `make screenshots`.

axe runs every rule in the light desktop and phone runs. The dark run has the same page,
the same viewport and the same layout as the light desktop run, and only its colours
differ, so it runs the rules whose outcome depends on colour (COLOUR_RULES). Those rules
check each distinct component once (see `run_axe`).

The dark run is read in the light run's visit: once the light checks are done, the page
is switched to the dark scheme as a reader does it, with the header's toggle (and the
system's scheme, which the embeds and the pictures follow), then read again. That saves a
second load of every page. `test_accessibility.py` checks, on a page of every kind, that a
page switched this way has every element's colours exactly as a fresh load in a dark
system gives them.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Browser, Page

from tests.browser.reader import COLOUR_RULES, DESKTOP, PHONE, run_axe, site_pages, visiting

# Main text measured on each page: Material's article, or the embed's body.
MAIN = "article.md-content__inner, body > main"

# Each run: the browser context it reads in.
RUNS: dict[str, dict[str, Any]] = {
    "light": {"viewport": DESKTOP, "color_scheme": "light"},
    "dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone": {"viewport": PHONE, "color_scheme": "light", "is_mobile": True, "has_touch": True},
    "nojs": {"viewport": DESKTOP, "color_scheme": "light", "java_script_enabled": False},
}

# Runs read in another run's visit: the dark run in the light desktop one (`to_dark`).
READ_IN = {"dark": "light"}

# Each run's pages are dealt into this many parts, which idle workers take up (Sweeps._shared).
PARTS = 12

# The pages with drawings, and the drawings on each (tests/browser/test_pictures.py).
PICTURES = {
    "missiles/": ("#missile-family",),
    "reach/": ("#launch-map",),
    "timeline/": ("#timeline-strip",),
    "embed/map/": ("#launch-map",),
}
# Each drawing shown (of those under a selector): its layout, scale and smallest text.
VISIBLE_SVGS = """sel => Array.from(document.querySelectorAll(sel + ' svg.pic:not(.pic-key)'))
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => ({
    id: s.getAttribute('aria-labelledby'),
    width: s.getBoundingClientRect().width,
    scale: s.getBoundingClientRect().width / s.viewBox.baseVal.width,
    smallest: Math.min(...Array.from(s.querySelectorAll('text')).map(
      t => parseFloat(t.getAttribute('font-size') || '13'))),
    overflow: s.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
  }))"""

# Wide tables and charts that reach past the screen's right edge (outside their own box).
_OUTSIDE = """() => [...document.querySelectorAll('table, svg.chart, figure, pre')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
    && !e.closest('.table-scroll, .md-search, .md-sidebar'))
  .map(e => e.tagName + '.' + e.className)"""

# Tables that scroll sideways or reach past the screen (run with every <details> opened).
_SIDEWAYS = """() => [...document.querySelectorAll('article table, main table')]
  .map(t => {
    const box = t.closest('.table-scroll') || t.parentElement;
    const r = t.getBoundingClientRect();
    return {
      table: (t.querySelector('caption') || t).textContent.trim().slice(0, 60),
      scrolls: box.scrollWidth > box.clientWidth + 1 || t.scrollWidth > t.clientWidth + 1,
      right: Math.round(r.right),
    };
  })
  .filter(t => t.scrolls || t.right > innerWidth)"""


@dataclass
class PageFacts:
    """What one run saw on one page."""

    path: str
    requests: list[str] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    scheme: str = ""
    axe: list[dict[str, Any]] = field(default_factory=list)
    elements: int = 0
    text: str = ""
    width: list[int] = field(default_factory=lambda: [0, 0])
    font_px: float = 0.0
    outside: list[str] = field(default_factory=list)
    tables: int = 0
    sideways: list[dict[str, Any]] = field(default_factory=list)
    entries: int = 0
    entries_visible: int = 0
    entries_hidden_attr: int = 0
    pictures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def scheme_in_use(page: Page) -> str:
    """Return the scheme the page shows: Material's attribute, or the embed's background."""
    scheme = page.evaluate(
        "() => document.body.getAttribute('data-md-color-scheme')"
        " || getComputedStyle(document.documentElement).backgroundColor"
    )
    return {"default": "light", "slate": "dark", "rgb(255, 255, 255)": "light"}.get(
        str(scheme), "dark"
    )


def to_dark(page: Page) -> None:
    """Switch the page to the dark scheme as a reader does: the system's, then the toggle.

    The system's scheme is what the embeds and the pictures outside Material follow; on
    Material's pages the header's toggle switches the palette (and remembers the choice:
    see FIRST_VISIT and `forget_scheme` for the next page).
    """
    # The colours a fresh page shows, not a fade caught half-way: the switch's transitions
    # start late in the parts of a page that are not drawn yet (content-visibility), when
    # axe scrolls there, and waiting for the running ones does not see those.
    page.evaluate(
        """() => {
          const still = document.createElement('style');
          still.id = 'sweep-no-fade';
          still.textContent = '*, *::before, *::after { transition: none !important; }';
          document.head.append(still);
        }"""
    )
    page.emulate_media(color_scheme="dark")
    # A click on the toggle, without moving the pointer there: a button left hovered would
    # not show the colours a fresh page shows.
    toggled = page.evaluate(
        """() => {
          const toggle = document.querySelector(
            '[data-md-component=palette] label[for="__palette_1"]');
          if (toggle) toggle.click();
          // Material then focuses the other toggle, for a keyboard; a fresh page has no focus.
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          return toggle !== null;
        }"""
    )
    if toggled:
        page.wait_for_function(
            "() => document.body.getAttribute('data-md-color-scheme') === 'slate'"
        )


# Run at the start of every page of the light run: nothing remembered from the pages
# before, as on a first visit. Material saves the toggle's choice (and saves again when it
# sees the system's scheme change, some time later), so the next page would open dark.
FIRST_VISIT = "localStorage.clear(); sessionStorage.clear();"


def forget_scheme(page: Page) -> None:
    """Back to the light system scheme for the next page (FIRST_VISIT forgets the toggle)."""
    page.emulate_media(color_scheme="light")


def read_scheme(page: Page, run: str, path: str, facts: PageFacts) -> None:
    """Record the scheme shown, the pictures and axe's findings (colour rules only in dark)."""
    facts.scheme = scheme_in_use(page)
    facts.pictures = {sel: page.evaluate(VISIBLE_SVGS, sel) for sel in PICTURES.get(path, ())}
    facts.axe = run_axe(page, COLOUR_RULES if run == "dark" else ())


def read_page(page: Page, run: str, path: str) -> dict[str, PageFacts]:
    """Record what the checks of this run (and of the runs read in it) need from the page."""
    facts = PageFacts(path)
    found = {run: facts}
    if run != "nojs":
        read_scheme(page, run, path, facts)
    if run == "light":
        facts.elements = int(page.evaluate("() => document.getElementsByTagName('*').length"))
        # The dark run, before anything below changes the page.
        found["dark"] = PageFacts(path)
        to_dark(page)
        read_scheme(page, "dark", path, found["dark"])
        forget_scheme(page)
        # Controls that only script can work (the timeline's filter form) are not text.
        page.evaluate("() => document.querySelectorAll('form.tl-filters')"
                      ".forEach(f => { f.hidden = true; })")  # fmt: skip
    if run in ("light", "nojs"):
        facts.text = page.locator(MAIN).first.inner_text()
    if run == "nojs":
        entries = page.locator("li.tl-entry")
        facts.entries = entries.count()
        facts.entries_visible = page.locator("li.tl-entry:visible").count()
        facts.entries_hidden_attr = page.locator("li.tl-entry[hidden]").count()
    if run == "phone":
        width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        facts.width = [int(width[0]), int(width[1])]
        facts.font_px = float(
            page.evaluate(
                "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", MAIN
            )
        )
        facts.outside = [str(e) for e in page.evaluate(_OUTSIDE)]
    if run == "phone":
        # Open folded tables (a chart's numbers) as a reader would, last: it changes the page.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        facts.tables = int(page.evaluate("() => document.querySelectorAll('article table').length"))
        facts.sideways = list(page.evaluate(_SIDEWAYS))
    return found


class Sweeps:
    """Every run of every page, made on first use and kept for the session."""

    def __init__(self, browser: Browser, site_url: str, built_site: Path, shared: Path) -> None:
        """Remember where the site is and where the workers share runs; visit nothing yet."""
        self.browser = browser
        self.site_url = site_url
        self.pages = site_pages(built_site)
        self.shared = shared
        self._runs: dict[str, dict[str, PageFacts]] = {}

    def __getitem__(self, run: str) -> dict[str, PageFacts]:
        """Return the run's facts by page path ('' is the home page), visiting if needed."""
        if run not in self._runs:
            self._runs[run] = self._shared(run)
        return self._runs[run]

    def _shared(self, run: str) -> dict[str, PageFacts]:
        """Make the run once for all workers, in parts that idle workers take up.

        The pages are dealt into PARTS interleaved parts (so each holds some of the long
        pages). A worker first takes every part no other worker is making (a lock it gets
        at once), then waits for the parts others hold: two workers that need the same run
        share its pages instead of one waiting for the other. Each part is kept as JSON
        beside the site.
        """
        parts: dict[int, list[PageFacts]] = {}
        for index in range(PARTS):
            made = self._part(run, index, wait=False)
            if made is not None:
                parts[index] = made
        for index in range(PARTS):
            if index not in parts:
                made = self._part(run, index, wait=True)
                assert made is not None
                parts[index] = made
        by_path = {facts.path: facts for part in parts.values() for facts in part}
        return {path: by_path[path] for path in self.pages}

    def _part(self, run: str, index: int, *, wait: bool) -> list[PageFacts] | None:
        """Return one part of a run, made here if no one made it; None if another holds it.

        A run read in another's visit (READ_IN) is made with that run's part, under its lock.
        """
        visit_run = READ_IN.get(run, run)
        saved = self.shared / f"sweep-{run}-{index}.json"
        with (self.shared / f"sweep-{visit_run}-{index}.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return None
            try:
                if saved.is_file():
                    rows = json.loads(saved.read_text(encoding="utf-8"))
                    return [PageFacts(**row) for row in rows]
                runs = self._sweep(visit_run, self.pages[index::PARTS])
                for name, found in runs.items():
                    (self.shared / f"sweep-{name}-{index}.json").write_text(
                        json.dumps([dataclasses.asdict(facts) for facts in found]),
                        encoding="utf-8",
                    )
                return runs[run]
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _sweep(self, run: str, pages: list[str]) -> dict[str, list[PageFacts]]:
        found: dict[str, list[PageFacts]] = {}
        # The desktop run also records every request: it waits for the network to be quiet.
        wait: Literal["networkidle", "load"] = "networkidle" if run == "light" else "load"
        with visiting(self.browser, self.site_url, **RUNS[run]) as visit:
            if run in READ_IN.values():
                visit.page.context.add_init_script(FIRST_VISIT)
            for path in pages:
                visit.requests.clear()
                visit.errors.clear()
                visit.page.goto(self.site_url + path, wait_until=wait)
                for name, facts in read_page(visit.page, run, path).items():
                    facts.requests = list(visit.requests)
                    facts.off_site = visit.off_site()
                    facts.errors = list(visit.errors)
                    found.setdefault(name, []).append(facts)
        return found
