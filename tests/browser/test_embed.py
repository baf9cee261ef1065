"""The embeddable timeline in real Chromium: sizing, filters, deep links and postMessage."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from functools import cache
from html import unescape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from macros import site
from macros.engine import embed
from macros.engine.factbase import FactBase
from macros.engine.settings import Site
from macros.engine.timeline import select
from tests.browser.conftest import Hosts, Watched

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A newsroom article</title>
<link rel="icon" href="data:,"></head>
<body style="margin:0;font-family:sans-serif">
<h1>An article that embeds the timeline</h1>
<p>Some text before the embed.</p>
{code}
<p id="after">Some text after the embed.</p>
<div style="height:1500px"></div>
<script>
window.received = [];
document.addEventListener("nk-timeline:select", function (e) {{ received.push(e.detail.id); }});
</script>
</body></html>
"""


@cache
def fact_base() -> FactBase:
    result = site.check()
    assert result.fact_base is not None
    return result.fact_base


def built_ids(built_site: Path) -> list[str]:
    html = BeautifulSoup((built_site / "embed/timeline/index.html").read_text(), "lxml")
    return [str(li["id"]) for li in html.select("li.tl-entry")]


def offered_code(built_site: Path, site_url: str) -> tuple[str, Site]:
    """Return the embed code /timeline/ offers, pointed at the served site, and the site."""
    html = BeautifulSoup((built_site / "timeline/index.html").read_text(), "lxml")
    box = html.select_one(".embed-this")
    area = html.select_one("textarea.embed-code")
    assert box is not None
    assert area is not None
    site = Site(str(box["data-site"]), str(box["data-name"]))
    # Without SITE_URL the static code names the root path: point it at the served site.
    known = site.url or "/"
    return area.get_text().replace(f'"{known}', f'"{site_url}'), site


def wait_until(page: Page, check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll check() while letting Playwright deliver its events (time.sleep would not)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        page.wait_for_timeout(50)


def embed_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("iframe[src*='/embed/timeline/']", state="attached")
    assert handle is not None
    wait_until(page, lambda: handle.content_frame() is not None, "the embed has a frame")
    frame = handle.content_frame()
    assert frame is not None
    wait_until(page, lambda: "/embed/timeline/" in frame.url, "the embed navigates")
    frame.wait_for_load_state("load")
    return frame


def iframe_height(page: Page) -> float:
    value = page.evaluate(
        "() => document.querySelector('iframe[data-nk-timeline]').getBoundingClientRect().height"
    )
    return float(value)


def in_view(page: Page, frame: Frame, event_id: str) -> bool:
    box = frame.locator(f"[id='{event_id}']").bounding_box()
    viewport = page.viewport_size
    assert viewport is not None
    return box is not None and -2 <= box["y"] <= viewport["height"] - 20


def host_with(hosts: Hosts, name: str, code: str) -> str:
    return hosts.write(name, HOST_PAGE.format(code=code))


def test_pasted_embed_code_grows_to_its_content(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    code, _ = offered_code(built_site, site_url)
    assert 'title="' in code
    assert "embed/embed.js" in code
    page = watched.page
    page.goto(host_with(hosts, "grow.html", code))
    frame = embed_frame(page)
    wait_until(page, lambda: iframe_height(page) > 1000, "the iframe grows")
    content = float(
        frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
    )
    wait_until(page, lambda: abs(iframe_height(page) - content) <= 2, "the iframe fits its content")
    assert frame.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight + 2")
    # The page holds only the embed's default number of entries: the newest 20.
    assert len(frame.locator("li.tl-entry").all()) == min(20, len(fact_base().events))


def test_the_default_embed_is_short_newest_first_and_links_the_full_timeline(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    code, _ = offered_code(built_site, site_url)
    page = watched.page
    page.goto(host_with(hosts, "default.html", code))
    frame = embed_frame(page)
    wait_until(page, lambda: iframe_height(page) > 500, "the iframe grows")
    page.wait_for_timeout(300)
    assert iframe_height(page) < 6000
    shown = frame.eval_on_selector_all(
        "li.tl-entry:not([hidden])", "items => items.map(li => li.id)"
    )
    newest = [e.id for e in reversed(fact_base().events)]
    assert shown == newest[:20]
    full = frame.locator(".tl-full a")
    assert full.get_attribute("href") == "../../timeline/"
    assert "on the full timeline" in full.inner_text()


def test_embed_code_options_for_order_number_and_theme(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    fb = fact_base()
    _, offered = offered_code(built_site, site_url)
    # A default build does not know its address: the code names this page's own origin.
    site = Site(site_url, offered.name)
    page = watched.page
    page.goto(site_url + "timeline/")
    area = page.locator("textarea.embed-code")
    page.select_option(".embed-form select[name=order]", "oldest")
    page.fill(".embed-form input[name=limit]", "5")
    page.select_option(".embed-form select[name=theme]", "dark")
    code = area.input_value()
    assert code == embed.embed_snippet(fb, site, order="oldest", limit=5, theme="dark")
    assert "?order=oldest&amp;limit=5&amp;theme=dark" in code
    page.goto(host_with(hosts, "options.html", unescape(code).replace(site.url, site_url)))
    frame = embed_frame(page)
    wait_until(
        page,
        lambda: frame.evaluate("() => document.documentElement.dataset.theme") == "dark",
        "the frame takes the dark theme",
    )
    shown = frame.eval_on_selector_all(
        "li.tl-entry:not([hidden])", "items => items.map(li => li.id)"
    )
    assert shown == [e.id for e in fb.events][:5]


def test_query_category_shows_only_that_category(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "embed/timeline/?category=diplomacy")
    expected = sum(1 for e in fact_base().events if e.category == "diplomacy")
    # The filtered address fetches the frame's other entries: their count says when they
    # are shown (a busy machine read the newest 20 of every category before, once).
    page.locator(".tl-count", has_text=f"of {expected} matching").wait_for()
    visible = page.locator("li.tl-entry:visible")
    categories = {visible.nth(i).get_attribute("data-category") for i in range(visible.count())}
    assert categories == {"diplomacy"}
    assert visible.count() == min(expected, 20) > 0
    assert f"Showing 20 of {expected} matching events" in page.locator(".tl-count").inner_text()


def test_query_dates_tag_and_actor_filter_like_the_python_selection(
    watched: Watched, site_url: str
) -> None:
    fb = fact_base()
    page = watched.page
    cases = [
        ("from=2017&to=2018-06", {"start": "2017", "end": "2018-06"}),
        ("tag=summit", {"tag": "summit"}),
        ("actor=china&from=2020", {"actor": "china", "start": "2020"}),
    ]
    for query, kwargs in cases:
        page.goto(site_url + "embed/timeline/?" + query)
        expected = [e.id for e in select(fb, **kwargs)][::-1][:20]
        # A filtered address fetches the frame's other entries: wait for them to be shown
        # (or 10 s), then compare.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(
                "ids => JSON.stringify([...document.querySelectorAll("
                "'li.tl-entry:not([hidden])')].map(li => li.id)) === JSON.stringify(ids)",
                arg=expected,
                timeout=10_000,
            )
        shown = page.eval_on_selector_all(
            "li.tl-entry:not([hidden])", "items => items.map(li => li.id)"
        )
        # Newest first, at most the embed's default 20, as the embed code promises.
        assert shown == expected, query


def test_without_javascript_the_newest_show_with_a_notice(
    browser_no_js: Page, site_url: str
) -> None:
    browser_no_js.goto(site_url + "embed/timeline/?category=diplomacy")
    assert browser_no_js.locator("li.tl-entry:visible").count() == 20
    assert "need JavaScript" in browser_no_js.locator("body").inner_text()
    # The static category embed needs no script at all.
    browser_no_js.goto(site_url + "embed/timeline/diplomacy/")
    shown = browser_no_js.locator("li.tl-entry:visible")
    assert {shown.nth(i).get_attribute("data-category") for i in range(shown.count())} == {
        "diplomacy"
    }


def test_deep_link_brings_the_entry_into_view(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    # An entry older than the frame's newest 20: the frame fetches every entry to open it.
    target = fact_base().events[len(fact_base().events) // 3].id
    assert target not in built_ids(built_site)
    code, _ = offered_code(built_site, site_url)
    code = code.replace('embed/timeline/"', f'embed/timeline/#{target}"', 1)
    page = watched.page
    page.goto(host_with(hosts, "deep.html", code))
    frame = embed_frame(page)
    wait_until(page, lambda: in_view(page, frame, target), "the linked entry is in view")
    assert "tl-current" in str(frame.locator(f"[id='{target}']").get_attribute("class"))
    assert page.evaluate("() => window.scrollY") > 500


def test_deep_link_without_a_host_scrolls_the_page(
    watched: Watched, built_site: Path, site_url: str
) -> None:
    target = built_ids(built_site)[-5]
    page = watched.page
    page.goto(f"{site_url}embed/timeline/#{target}")
    frame = page.main_frame
    wait_until(page, lambda: in_view(page, frame, target), "the linked entry is in view")


def test_host_moves_the_embed_and_hears_the_reader(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    ids = built_ids(built_site)
    code, _ = offered_code(built_site, site_url)
    page = watched.page
    page.goto(host_with(hosts, "move.html", code))
    frame = embed_frame(page)
    wait_until(page, lambda: iframe_height(page) > 1000, "the iframe grows")

    target = ids[len(ids) // 2]
    page.evaluate(
        "id => nkTimeline.show(document.querySelector('iframe[data-nk-timeline]'), id)", target
    )
    wait_until(
        page, lambda: frame.evaluate("() => location.hash") == f"#{target}", "the hash moves"
    )
    wait_until(page, lambda: in_view(page, frame, target), "the entry is in view")
    wait_until(page, lambda: page.evaluate("() => received.at(-1)") == target, "the host is told")

    # The reader chooses another entry: the embed's hash follows and the host hears of it.
    chosen = ids[len(ids) // 2 + 1]
    frame.locator(f"[id='{chosen}'] a.tl-anchor").click()
    wait_until(
        page, lambda: frame.evaluate("() => location.hash") == f"#{chosen}", "the hash follows"
    )
    wait_until(page, lambda: page.evaluate("() => received.at(-1)") == chosen, "the host is told")


def test_messages_from_other_frames_are_ignored(
    watched: Watched, built_site: Path, site_url: str, hosts: Hosts
) -> None:
    ids = built_ids(built_site)
    code, _ = offered_code(built_site, site_url)
    # A frame from a third origin on the same host page tries to move the embed.
    hosts.write(
        "intruder.html",
        '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script>'
        'parent.frames[0].postMessage({type: "nk-timeline:show", id: location.hash.slice(1)},'
        ' "*"); parent.frames[0].postMessage("pymxPYMxnk-timelinexPYMxshowxPYMx" +'
        " location.hash.slice(1), '*'); parent.postMessage('intruder-ran', '*');</script>",
    )
    page = watched.page
    page.goto(host_with(hosts, "attacked.html", code))
    frame = embed_frame(page)
    wait_until(page, lambda: iframe_height(page) > 1000, "the iframe grows")
    intruder = f"{hosts.other_url}intruder.html#{ids[3]}"
    page.evaluate(
        """url => new Promise(done => {
            addEventListener("message", e => { if (e.data === "intruder-ran") window.ran = true; });
            const f = document.createElement("iframe");
            f.src = url; f.onload = () => setTimeout(done, 300);
            document.body.appendChild(f);
        })""",
        intruder,
    )
    wait_until(page, lambda: page.evaluate("() => window.ran === true"), "the intruder has posted")
    assert frame.evaluate("() => location.hash") == ""
    assert frame.locator(".tl-current").count() == 0


def test_speaks_the_pym_protocol(watched: Watched, site_url: str, hosts: Hosts) -> None:
    # A pym.js Parent adds childId (and initialWidth, parentUrl) to the iframe's address
    # and reads "pym" + id + type + message, joined by "xPYMx".
    page = watched.page
    src = f"{site_url}embed/timeline/diplomacy/?initialWidth=600&childId=story-1"
    page.goto(
        hosts.write(
            "pym.html",
            '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
            '<div id="story-1"></div><script>window.got = [];'
            'addEventListener("message", e => {'
            ' if (typeof e.data === "string") got.push(e.data); });'
            f'const f = document.createElement("iframe"); f.src = "{src}";'
            'document.getElementById("story-1").appendChild(f);</script>',
        )
    )
    embed_frame(page)
    wait_until(page, lambda: page.evaluate("() => got.length") > 0, "the child sends a message")
    first = str(page.evaluate("() => got[0]"))
    assert re.fullmatch(r"pymxPYMxstory-1xPYMxheightxPYMx\d+", first), first
    assert int(first.rsplit("xPYMx", 1)[1]) > 150


def test_follows_the_dark_scheme(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "embed/timeline/")
    dark = page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    page.emulate_media(color_scheme="light")
    light = page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    assert light == "rgb(255, 255, 255)"
    assert dark != light


def test_embed_this_builds_the_same_code_as_python(
    watched: Watched, built_site: Path, site_url: str
) -> None:
    fb = fact_base()
    _, offered = offered_code(built_site, site_url)
    # A default build does not know its address: the code names this page's own origin.
    assert not offered.url.startswith("http")
    site = Site(site_url, offered.name)
    page = watched.page
    page.goto(site_url + "timeline/")
    area = page.locator("textarea.embed-code")
    assert area.input_value() == embed.embed_snippet(fb, site)
    page.select_option(".embed-form select[name=category]", "diplomacy")
    assert area.input_value() == embed.embed_snippet(fb, site, category="diplomacy")
    page.select_option(".embed-form select[name=actor]", "china")
    page.fill(".embed-form input[name=from]", "2018")
    assert area.input_value() == embed.embed_snippet(
        fb, site, category="diplomacy", actor="china", start="2018"
    )
    assert page.locator(".embed-copy").is_visible()
    assert unescape(area.input_value()).count("<iframe") == 1
