"""Reading on a phone and a desktop: tables as cards, page size, the home page's first screen."""

from __future__ import annotations

import json

from playwright.sync_api import Browser, FloatRect

from tests.browser.reader import DESKTOP, PHONE, visiting
from tests.browser.sweep import Sweeps

# A page a phone can lay out quickly: Lighthouse warns above 800 and fails above 1,400
# elements; this site's ceiling for any page is 2,000.
MAX_ELEMENTS = 2000


def test_no_table_scrolls_sideways_on_a_phone(sweeps: Sweeps) -> None:
    """At 375 px every table fits the screen: a wide one becomes labelled cards."""
    wide = {f"/{path}": facts.sideways for path, facts in sweeps["phone"].items() if facts.sideways}
    assert sum(facts.tables for facts in sweeps["phone"].values()) >= 3
    assert wide == {}, json.dumps(wide, indent=1)


def test_a_phone_card_names_each_cell(browser: Browser, site_url: str) -> None:
    """The resolutions table on a phone: one card per row, each value under its column's name."""
    with visiting(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True) as visit:
        visit.go("diplomacy/")
        cell = visit.page.locator("table.resolutions tbody td[data-label='What it did']").first
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"What it did"'
        assert cell.is_visible()
        header = visit.page.locator("table.resolutions thead").first
        assert header.evaluate("h => h.getBoundingClientRect().width") <= 1


def test_an_abbreviation_in_a_title_is_explained_on_a_phone(
    browser: Browser, site_url: str
) -> None:
    """At 375 px with touch: a tap on an abbreviation in an entry's title (itself a link, so a
    tap follows it and no tooltip opens) leaves its meaning in words on the screen."""
    with visiting(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True) as visit:
        visit.go("timeline/")
        abbr = visit.page.locator(".tl-title a abbr[title]").first
        words = abbr.get_attribute("title")
        assert words, "no title on /timeline/ has an abbreviation to explain"
        title = abbr.locator("xpath=ancestor::*[contains(@class, 'tl-title')][1]")
        abbr.scroll_into_view_if_needed()
        abbr.tap()
        assert title.is_visible()
        box = title.bounding_box()
        assert box is not None
        assert box["y"] < PHONE["height"]
        assert box["y"] + box["height"] > 0
        # What the reader can see, not a hover-only attribute: the words are in the text.
        assert words in title.inner_text(), title.inner_text()


def test_no_page_has_more_than_2000_elements(sweeps: Sweeps) -> None:
    sizes = {f"/{path}": facts.elements for path, facts in sweeps["light"].items()}
    # Every page, with no exception: long lists are split by year or one line each.
    over = {path: n for path, n in sizes.items() if n > MAX_ELEMENTS}
    assert over == {}, json.dumps(sizes, indent=1)
    assert len(sizes) >= 20
    assert min(sizes.values()) > 50


def test_the_home_page_first_screen_has_the_chart_the_cards_and_whats_new(
    browser: Browser, site_url: str
) -> None:
    """At 1280 x 800, before any scrolling: what it is, a chart, key figures, what's new."""
    with visiting(browser, site_url, viewport=DESKTOP) as visit:
        visit.go("")
        page = visit.page
        height = DESKTOP["height"]

        def box(selector: str) -> FloatRect:
            found = page.locator(selector).first.bounding_box()
            assert found is not None, selector
            return found

        for selector in ("h1", ".home-dek", "svg.chart-spark", "section.whats-new h2"):
            top = box(selector)
            assert top["y"] + top["height"] <= height, (selector, top)
        cards = page.locator("ul.key-figures > li.kf-card")
        assert 3 <= cards.count() <= 5
        for index in range(cards.count()):
            card = cards.nth(index).bounding_box()
            assert card is not None
            assert card["y"] + card["height"] <= height, (index, card)
            text = cards.nth(index).inner_text()
            assert any(ch.isdigit() for ch in text.split("\n", 1)[0]), text  # a big number
            assert "Source:" in text
        items = page.locator("section.whats-new ol > li")
        assert items.count() == 5
        last = items.nth(4).bounding_box()
        assert last is not None
        assert last["y"] + last["height"] <= height
        assert "The record runs to" in page.locator("section.whats-new").inner_text()
