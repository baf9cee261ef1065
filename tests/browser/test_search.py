"""Site search in real Chromium: explainer sections, single timeline entries, and offline."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route

from tests.browser.conftest import Watched
from tests.browser.reader import DESKTOP, visiting

HWASONG_19 = "2024-10-31-hwasong-19"


def search(page: Page, query: str, expect: str) -> list[str]:
    """Type a query into Material's search box; wait for a result whose link matches expect.

    Material searches at every keystroke, so results for "Hwasong-" can show before those
    for "Hwasong-19": waiting for the expected result, not any result, avoids the race.
    """
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # a phone shows a search button, a desktop the box itself
        opener.click()
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.and_(page.locator(expect)).first.wait_for(state="visible")
    # Read every link at once: the list is replaced as later keystrokes' results arrive.
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link",
        "links => links.map(a => a.getAttribute('href'))",
    )
    return [str(href) for href in hrefs]


def test_hanoi_finds_the_diplomacy_page_and_goes_there(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url)
    links = search(page, "Hanoi", "[href*='/diplomacy/']")
    on_diplomacy = [link for link in links if urlsplit(link).path.endswith("/diplomacy/")]
    assert on_diplomacy, f"no result on /diplomacy/ among {links}"
    page.locator(f".md-search-result__list a[href='{on_diplomacy[0]}']").first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/diplomacy/")
    assert "Diplomacy" in page.locator("article h1").inner_text()
    assert "Hanoi" in page.locator("article").inner_text()


def test_a_missile_name_finds_its_own_timeline_entry(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "history/")
    links = search(page, "Hwasong-19", f"[href$='#{HWASONG_19}']")
    # Its entry is on its year's page once the timeline is split (timeline/2024/#...).
    entry = [link for link in links if link.split("?")[0].endswith(f"2024/#{HWASONG_19}")]
    entry = entry or [link for link in links if link.endswith(f"#{HWASONG_19}")]
    assert entry, f"no result for the entry itself among {links}"
    assert urlsplit(entry[0]).fragment == HWASONG_19
    page.locator(f".md-search-result__list a[href='{entry[0]}']").first.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == HWASONG_19)
    assert urlsplit(page.url).path == "/timeline/2024/"
    li = page.locator(f"li[id='{HWASONG_19}']")
    li.wait_for(state="visible")
    assert "Hwasong-19" in li.locator(".tl-title").inner_text()
    assert page.evaluate(f"() => document.getElementById('{HWASONG_19}').matches(':target')")


def test_search_works_offline_from_the_built_files(browser: Browser, site_url: str) -> None:
    """Requests to anywhere but the site are refused; once open, search needs no network."""
    refused: list[str] = []

    def only_the_site(route: Route) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    with visiting(browser, site_url, viewport=DESKTOP) as visit:
        visit.page.route("**/*", only_the_site)
        visit.go("")
        # The index waits until the reader opens search (issue 14).
        assert not [url for url in visit.requests if "search_index" in url or "/workers/" in url]
        links = search(visit.page, "Yongbyon", "[href*='yongbyon']")
        assert links
        assert any(url.endswith("search/search_index.json") for url in visit.requests)
        visit.page.context.set_offline(True)
        box = visit.page.locator(".md-search__input")
        box.fill("")
        box.press_sequentially("Hanoi", delay=20)
        found = visit.page.locator(".md-search-result__list a.md-search-result__link")
        found.and_(visit.page.locator("[href*='/diplomacy/']")).first.wait_for(state="visible")
        assert refused == []
        assert visit.errors == []


# Issue 13's queries, as a reader types them, and the result each must put first: an
# entry whose title holds the name before any page that only mentions it.
FIRST_RESULTS = [
    ("Kursk", "Kursk"),
    ("food", "food"),
    ("Hanoi", "Hanoi"),
    ("Hwasong-17", "Hwasong-17"),
    ("KN-23", "KN-23"),
    ("S/RES/2397", "S/RES/2397"),
    ("Panel of Experts", "Panel of Experts"),
]


def best_result(page: Page) -> tuple[str, str]:
    """Return the title and link of the best result: the first item's best section."""
    item = page.locator(".md-search-result__item").first
    links = item.locator("a.md-search-result__link")
    best = links.nth(1) if links.count() > 1 else links.first
    return best.locator("h1, h2").first.inner_text(), str(best.get_attribute("href"))


def test_each_query_lands_its_expected_result_first_and_every_result_is_short(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url)
    for query, in_title in FIRST_RESULTS:
        box = page.locator(".md-search__input")
        if box.is_visible():
            box.fill("")
        search(page, query, ".md-search-result__link")
        page.wait_for_function(
            "q => document.querySelector('.md-search__input').value === q", arg=query
        )
        page.wait_for_timeout(400)  # the last keystroke's results replace the earlier ones
        title, href = best_result(page)
        assert in_title.casefold() in title.casefold(), f"{query!r}: first is {title!r} ({href})"
        heights = page.evaluate(
            "() => [...document.querySelectorAll('.md-search-result__item')]"
            ".map(e => e.getBoundingClientRect().height)"
        )
        assert heights, query
        assert max(heights) <= 1000, f"{query!r}: a result is {max(heights):.0f} px tall"


def test_the_index_loads_only_when_search_opens(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "history/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in watched.requests if "search_index" in u or "/workers/search" in u]
    search(page, "Yongbyon", "[href*='yongbyon']")
    assert any(u.endswith("search/search_index.json") for u in watched.requests)


# Missile types are results of their own (issue 13): each opens its entry on /missiles/.
MISSILE_ENTRIES = [("Hwasong-18", "missile-hwasong-18"), ("KN-23", "missile-hwasong-11a")]


def test_a_missile_type_is_a_result_of_its_own_that_opens_its_entry(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url)
    for query, anchor in MISSILE_ENTRIES:
        box = page.locator(".md-search__input")
        if box.is_visible():
            box.fill("")
        search(page, query, f"[href*='missiles/'][href$='#{anchor}']")
        page.wait_for_timeout(400)  # the last keystroke's results replace the earlier ones
        links = [
            str(a.get_attribute("href"))
            for a in page.locator(".md-search-result__list a.md-search-result__link").all()
        ]
        # Among the top: Material lists a page, then its best sections.
        top = links[:4]
        assert any(urlsplit(link).fragment == anchor for link in top), f"{query!r}: {top}"
    best = page.locator(f".md-search-result__list a[href$='#{anchor}']").first
    assert "KN-23" in best.inner_text()
    best.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == anchor)
    assert urlsplit(page.url).path == "/missiles/"
    assert page.evaluate(f"() => document.getElementById('{anchor}').matches(':target')")
