"""The timeline's filters in Chromium: one description, the same answers in Python and JS.

- A table of boundary cases (first and last day of a range, month- and year-precision
  dates, unknown values, empty results, order and number) runs against
  macros/engine/filters.py and against assets/filters.js in the browser.
- Each filter in a /timeline/ address shows exactly the entries Python selects.
- The phone's year jump stays in view mid-page; the compact view is one line per entry.
- Without JavaScript, every filter is a static page or a plain notice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import Page

from macros import paths, site
from macros.engine import filters
from macros.engine.factbase import FactBase
from macros.engine.timeline import LATEST, entry_record, filter_spec
from tests.browser.conftest import Watched
from tests.browser.reader import DESKTOP, PHONE

FILTERS_JS = paths.ROOT / "overrides" / "assets" / "filters.js"

SPEC = filters.FilterSpec(
    choices=(
        filters.Choice(
            "category",
            "Category",
            "category",
            (
                ("missile-test", "Missile test"),
                ("diplomacy", "Diplomacy"),
                ("statement", "Statement"),
            ),
        ),
        filters.Choice("tag", "Tag", "tags", (("summit", "summit"), ("icbm", "icbm")), many=True),
        filters.Choice(
            "actor", "Actor", "actors", (("china", "China"), ("russia", "Russia")), many=True
        ),
        filters.Choice(
            "class", "Missile class", "classes", (("icbm", "ICBM"), ("srbm", "SRBM")), many=True
        ),
        filters.Choice(
            "facility",
            "Launch site",
            "facilities",
            (("sohae", "Sohae"), ("sunan", "Sunan")),
            many=True,
        ),
    ),
    max_limit=6,
)


def record(rid: str, date: str, category: str, **extra: str) -> dict[str, str]:
    return {"id": rid, "date": date, "category": category, "tags": "", "actors": "",
            "classes": "", "facilities": "", "text": f"Entry {rid}", **extra}  # fmt: skip


# Oldest first, as the timeline holds them: a year-precision date sorts at its first day.
RECORDS = [
    record("eve", "2016-12-31", "diplomacy", actors="china russia", tags="summit"),
    record("year", "2017", "missile-test", classes="srbm", facilities="sunan"),
    record(
        "first",
        "2017-01-01",
        "missile-test",
        classes="icbm srbm",
        tags="icbm",
        facilities="sohae sunan",
    ),
    record("month", "2017-09", "diplomacy", actors="russia", text="Talks in Hanoi"),
    record(
        "last",
        "2017-12-31",
        "missile-test",
        classes="icbm",
        text="Hwasong-15 ICBM launch",
        facilities="sohae",
    ),
    record("next", "2018-01-01", "diplomacy", actors="china"),
]
ALL = [r["id"] for r in RECORDS]

# (query, entries expected in order, whether the query is refused with a notice)
BOUNDARIES: list[tuple[str, list[str], bool]] = [
    ("", ALL, False),
    ("from=2017&to=2017", ["year", "first", "month", "last"], False),
    ("from=2017-01-01&to=2017-01-01", ["year", "first"], False),
    ("to=2017-12-31", ["eve", "year", "first", "month", "last"], False),
    ("from=2017-12-31", ["last", "next"], False),
    ("from=2017-09", ["month", "last", "next"], False),
    ("from=2017-09-15", ["last", "next"], False),
    ("to=2017-09", ["eve", "year", "first", "month"], False),
    ("to=2017-02", ["eve", "year", "first"], False),
    ("from=2016-02-29", ALL, False),
    ("from=2017-02-29", [], True),
    ("from=2017-13", [], True),
    ("to=17", [], True),
    ("from=2018&to=2017", [], True),
    ("category=missile-test", ["year", "first", "last"], False),
    ("category=statement", [], False),
    ("category=missile", [], True),
    ("tag=summit", ["eve"], False),
    ("tag=nope", [], True),
    ("actor=russia", ["eve", "month"], False),
    ("actor=china&category=diplomacy&from=2017", ["next"], False),
    ("class=icbm", ["first", "last"], False),
    ("class=srbm&to=2017-01", ["year", "first"], False),
    ("class=cruise", [], True),
    ("facility=sohae", ["first", "last"], False),
    ("facility=sunan&to=2017-01-01", ["year", "first"], False),
    ("facility=sohae&class=srbm", ["first"], False),
    ("facility=nowhere", [], True),
    ("text=hanoi", ["month"], False),
    ("text=HWASONG-15 icbm", ["last"], False),
    ("text=nothing-like-this", [], False),
    ("order=newest", ALL[::-1], False),
    ("order=newest&limit=2", ["next", "last"], False),
    ("limit=1&category=diplomacy", ["eve"], False),
    ("order=sideways", [], True),
    ("limit=0", [], True),
    ("limit=7", [], True),
    ("limit=two", [], True),
    ("childId=story-1&parentUrl=x", ALL, False),
]


def python_answer(query: str, surface: str = "timeline") -> tuple[list[str], int]:
    parsed = filters.parse(SPEC, dict(parse_qsl(query)), surface)
    return [r["id"] for r in filters.apply(SPEC, parsed, RECORDS)], len(parsed.problems)


def js_answers(page: Page, queries: list[str], surface: str) -> list[tuple[list[str], int]]:
    page.set_content("<!doctype html><title>filters</title>")
    page.add_script_tag(content=FILTERS_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """([spec, records, queries, surface]) => queries.map(q => {
            const query = NKFilters.parse(spec, q, surface);
            return [NKFilters.apply(spec, query, records).map(r => r.id), query.problems.length];
        })""",
        [SPEC.as_json(), RECORDS, queries, surface],
    )
    return [(list(ids), int(n)) for ids, n in result]


def test_the_boundary_table_holds_in_python_and_in_javascript(watched: Watched) -> None:
    queries = [q for q, _, _ in BOUNDARIES]
    in_js = js_answers(watched.page, queries, "timeline")
    for (query, expected, refused), js in zip(BOUNDARIES, in_js, strict=True):
        ids, problems = python_answer(query)
        assert ids == expected, f"Python, ?{query}"
        assert bool(problems) is refused, f"Python, ?{query}: {problems} problem(s)"
        assert js == (ids, problems), f"JavaScript differs from Python for ?{query}"


def test_the_embed_defaults_to_the_newest_twenty_in_both(watched: Watched) -> None:
    queries = ["", "order=oldest", "limit=2", "category=diplomacy"]
    in_js = js_answers(watched.page, queries, "embed")
    for query, js in zip(queries, in_js, strict=True):
        assert js == python_answer(query, "embed"), query
    assert python_answer("", "embed")[0] == ALL[::-1]
    assert python_answer("limit=2", "embed")[0] == ["next", "last"]


@cache
def fact_base() -> FactBase:
    result = site.check()
    assert result.fact_base is not None
    return result.fact_base


def expected_ids(query: str) -> list[str]:
    fb = fact_base()
    spec = filter_spec(fb)
    records = [{"id": e.id, **entry_record(fb, e)} for e in fb.events]
    parsed = filters.parse(spec, dict(parse_qsl(query)))
    return [r["id"] for r in filters.apply(spec, parsed, records)]


def shown_ids(page: Page) -> list[str]:
    return list(
        page.evaluate(
            "() => [...document.querySelectorAll('li.tl-entry')]"
            ".filter(li => li.offsetParent !== null).map(li => li.id)"
        )
    )


ADDRESSES = [
    "category=missile-test&from=2017&to=2017&order=newest",
    "category=diplomacy",
    "actor=russia&from=2023-09&to=2024-06",
    "class=icbm",
    "tag=summit&order=newest",
    "from=2006-10-09&to=2006-10-09",
    "text=Kursk",
    "category=nuclear-test&order=newest&limit=3",
    "facility=sohae&order=newest",
]


@pytest.mark.parametrize("query", ADDRESSES)
def test_each_filter_in_the_address_shows_exactly_the_matching_entries(
    watched: Watched, site_url: str, query: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site_url}timeline/?{query}")
    page.locator(".tl-filters").wait_for(state="visible")
    wanted = expected_ids(query)
    assert wanted, f"the data has no entry for ?{query}: pick another example"
    assert shown_ids(page) == wanted
    count = page.locator(".tl-match").inner_text()
    assert f"Showing {len(wanted):,} of" in count
    # The choice is the page's address: opening it again gives the same list.
    page.reload()
    page.locator(".tl-filters").wait_for(state="visible")
    assert shown_ids(page) == wanted


def test_changing_a_filter_updates_the_list_the_count_and_the_address(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "timeline/")
    form = page.locator(".tl-filters")
    form.wait_for(state="visible")
    # The first view of the split timeline: its newest entries, newest first.
    newest = [e.id for e in fact_base().events[-LATEST:]][::-1]
    assert shown_ids(page) == newest
    form.locator("select[name=category]").select_option("missile-test")
    form.locator("select[name=from]").select_option("2017")
    form.locator("select[name=to]").select_option("2017")
    form.locator("select[name=order]").select_option("newest")
    assert page.url.endswith("/timeline/?category=missile-test&from=2017&to=2017&order=newest")
    wanted = expected_ids("category=missile-test&from=2017&to=2017&order=newest")
    assert shown_ids(page) == wanted
    assert page.locator(".tl-match").inner_text().startswith(f"Showing {len(wanted)} of")
    page.locator(".tl-filters button[type=reset]").click()
    page.wait_for_function("() => !location.search")
    assert shown_ids(page) == newest
    # Ordering alone asks for every entry.
    form.locator("select[name=order]").select_option("newest")
    page.wait_for_function("() => location.search === '?order=newest'")
    assert shown_ids(page) == [e.id for e in fact_base().events][::-1]


# The form's fields that narrow the list (the Order and View boxes do not).
NARROWING = ("category", "actor", "class", "facility", "from", "to", "text")


def assert_the_form_says_what_the_list_shows(page: Page) -> None:
    """The Order box, the other fields, the address and the count agree with the list.

    "Latest N" (value "") is the newest N entries that the fields match; "Oldest first" and
    "Newest first" are every match in that order. The address, read by Python's filters,
    gives the same list (an empty address is the first view: the newest N).
    """
    page.wait_for_function(
        "() => !document.querySelector('.tl-match').textContent.startsWith('Loading')"
    )
    state = page.evaluate(
        """() => {
            const form = document.querySelector('.tl-filters'), order = form.elements.order;
            const fields = {};
            for (const el of form.elements) {
                if (el.name && el.value.trim()) fields[el.name] = el.value.trim();
            }
            return {fields, order: order.value, label: order.selectedOptions[0].textContent,
                    search: location.search.slice(1),
                    count: document.querySelector('.tl-match').innerText};
        }"""
    )
    narrowing = {k: v for k, v in state["fields"].items() if k in NARROWING}
    # A number is only ever in the address (the form has no field for it).
    limit = dict(parse_qsl(state["search"])).get("limit")
    if limit and state["order"]:
        narrowing["limit"] = limit
    labels = {"": f"Latest {LATEST}", "oldest": "Oldest first", "newest": "Newest first"}
    assert state["label"] == labels[state["order"]]
    order = f"order={state['order']}" if state["order"] else f"order=newest&limit={LATEST}"
    wanted = expected_ids("&".join([*(f"{k}={v}" for k, v in narrowing.items()), order]))
    shown = shown_ids(page)
    assert shown == wanted, f"the Order box says {state['label']!r}, the list disagrees: {state}"
    from_address = expected_ids(state["search"]) if state["search"] else wanted
    if not state["search"]:
        assert not narrowing, state
        assert state["order"] == "", state
    assert shown == from_address, f"the address ?{state['search']} gives another list"
    assert f"{len(shown):,}" in state["count"], state


def test_the_order_box_always_says_what_the_list_shows(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "timeline/")
    form = page.locator(".tl-filters")
    form.wait_for(state="visible")
    # The first view: "Latest 10", the newest ten, said once (the no-script sentence hides).
    assert form.locator("select[name=order]").input_value() == ""
    assert_the_form_says_what_the_list_shows(page)
    assert page.locator(".tl-split-note").is_hidden()
    said = page.evaluate(
        "() => [...document.querySelectorAll('article p')].filter(p => p.offsetParent !== null)"
        ".map(p => p.innerText).join(' ')"
    )
    assert said.count(f"latest {LATEST}") == 1, said[:300]
    order, category = form.locator("select[name=order]"), form.locator("select[name=category]")
    steps: list[Callable[[], object]] = [
        # A filter from the first view searches every entry: the box moves to oldest first.
        lambda: category.select_option("nuclear-test"),
        lambda: order.select_option(""),  # the newest ten of the matches
        lambda: category.select_option("diplomacy"),  # a deliberate "Latest 10" stays
        lambda: category.select_option(""),  # no filter: the first view again
        lambda: order.select_option("oldest"),  # every entry, oldest first (?order=oldest)
        lambda: order.select_option("newest"),
        lambda: order.select_option(""),
        lambda: page.locator(".tl-filters input[name=text]").fill("Kursk"),
        lambda: page.locator(".tl-filters button[type=reset]").click(),
    ]
    for step in steps:
        step()
        assert_the_form_says_what_the_list_shows(page)
    assert page.evaluate("() => location.search") == ""
    # Each address the form wrote, opened again, shows the same box and list.
    written = ["order=oldest", "category=nuclear-test&order=newest&limit=10", "category=diplomacy"]
    for query in [*written, "order=newest&limit=10", "order=newest&limit=3"]:
        page.goto(f"{site_url}timeline/?{query}")
        form.wait_for(state="visible")
        assert_the_form_says_what_the_list_shows(page)


def test_a_wrong_value_in_the_address_says_so_and_shows_nothing(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + "timeline/?category=missiles")
    page.locator(".tl-filters").wait_for(state="visible")
    assert shown_ids(page) == []
    assert "There is no category “missiles”" in page.locator(".tl-match").inner_text()


def test_the_compact_view_is_one_line_per_entry(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "timeline/?view=compact")
    page.locator(".tl-filters").wait_for(state="visible")
    heights = page.evaluate(
        "() => [...document.querySelectorAll('li.tl-entry')].slice(0, 50)"
        ".map(li => li.getBoundingClientRect().height)"
    )
    assert max(heights) < 40, heights


def test_the_year_jump_stays_in_view_mid_page_on_a_phone(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(PHONE)
    page.goto(site_url + "timeline/")
    jump = page.locator("nav.tl-yearjump")
    jump.wait_for(state="visible")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.evaluate(f"() => window.scrollTo(0, {height // 2})")
    page.wait_for_timeout(200)
    box = jump.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 150, box
    # Not covered by the header: the element at its middle is the year jump's.
    assert page.evaluate(
        f"() => !!document.elementFromPoint(40, {box['y'] + box['height'] / 2})"
        ".closest('nav.tl-yearjump')"
    )
    page.locator("nav.tl-yearjump a", has_text="2017").click()
    page.wait_for_url("**/timeline/2017/")
    # The year's page has the same row of years, its own year marked.
    page.locator("nav.tl-yearjump a[aria-current=page]", has_text="2017").wait_for()


def test_without_javascript_filters_are_static_pages_or_a_notice(
    browser_no_js: Page, site_url: str, built_site: Path
) -> None:
    page = browser_no_js
    page.goto(site_url + "timeline/?category=diplomacy")
    notice = page.locator("noscript, .tl-notice").first
    assert "needs JavaScript" in page.content()
    assert notice is not None
    assert not page.locator(".tl-filters").is_visible()
    link = page.locator(".tl-static a", has_text="Diplomacy")
    link.click()
    page.wait_for_url("**/timeline/diplomacy/")
    fb = fact_base()
    ids = [e.id for e in fb.events if e.category == "diplomacy"]
    assert (
        page.evaluate("() => [...document.querySelectorAll('li.tl-entry')].map(li => li.id)") == ids
    )
    # A year link works without script: each year is a page of its own. The first view
    # says what it shows in its own sentence (the script's count replaces it).
    page.goto(site_url + "timeline/")
    note = page.locator(".tl-split-note")
    assert note.is_visible()
    assert f"Here are the latest {LATEST}, newest first." in note.inner_text()
    page.locator("nav.tl-yearjump a", has_text="2017").click()
    page.wait_for_url("**/timeline/2017/")
    in_2017 = [e.id for e in fb.events if e.date.year == 2017]
    assert (
        page.evaluate("() => [...document.querySelectorAll('li.tl-entry')].map(li => li.id)")
        == in_2017
    )
    # A category longer than a page lists its events one line each, each linked to its entry.
    page.goto(site_url + "timeline/missile-test/")
    lines = page.evaluate(
        "() => [...document.querySelectorAll('li.tl-entry')].map(li => [li.id, "
        "li.querySelector('a').getAttribute('href')])"
    )
    launches = [e for e in fb.events if e.category == "missile-test"]
    assert [i for i, _ in lines] == [e.id for e in launches]
    assert [h for _, h in lines] == [f"../../timeline/{e.date.year}/#{e.id}" for e in launches]
    # The embed's address filters: the frame says plainly it cannot apply them.
    page.goto(site_url + "embed/timeline/?tag=summit&from=2018")
    body = page.locator("body").inner_text()
    assert "need JavaScript" in body
    shown = page.evaluate(
        "() => [...document.querySelectorAll('li.tl-entry')].filter(li => !li.hidden).length"
    )
    assert shown == 20
    spec = json.loads(str(page.locator(".tl-filter-spec").get_attribute("data-spec")))
    assert spec["surfaces"]["embed"] == {"order": "newest", "limit": 20}
