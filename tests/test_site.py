"""The real site, built once: pages, timeline anchors, citations and search index."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from macros import site
from macros.engine import check, urls
from tests.conftest import element_ids, parsed

PAGES = [
    "",
    "history/",
    "diplomacy/",
    "humanitarian/",
    "outlook/",
    "timeline/",
    "claims/",
    "sources/",
    "about/",
]

pytestmark = pytest.mark.site


def parse(path: Path) -> BeautifulSoup:
    return parsed(path)


def page(site: Path, url: str) -> BeautifulSoup:
    return parse(site / url / "index.html")


def fact_base() -> check.CheckResult:
    return site.check()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_exists_with_a_title(built_site: Path, url: str) -> None:
    html = page(built_site, url)
    assert html.title is not None
    assert html.find("h1") is not None


def test_every_event_is_on_the_timeline_with_id_and_time(built_site: Path) -> None:
    fb = fact_base().fact_base
    assert fb is not None
    # Each event's entry is where its links go: /timeline/ or, once split, its year's page.
    for event in fb.events:
        where, _, anchor = urls.timeline_path(fb, event.id).partition("#")
        entry = page(built_site, where).find("li", id=anchor, class_="tl-entry")
        assert isinstance(entry, Tag), event.id
        time = entry.find("time")
        assert time is not None, event.id
        assert time["datetime"] == event.date.iso()


def test_every_citation_and_event_link_resolves(built_site: Path) -> None:
    checked = 0
    for url in PAGES:
        html = page(built_site, url)
        base = f"https://site.test/{url}"
        for link in html.select("a.cite-link, a.cite-ref, a.ref-more, a.event-link, .tl-sources a"):
            target, fragment = urldefrag(urljoin(base, str(link["href"])))
            assert target.startswith("https://site.test/"), link
            target_file = built_site / target.removeprefix("https://site.test/") / "index.html"
            assert fragment in element_ids(target_file), f"{url}: {link['href']}"
            checked += 1
    assert checked > 20


def test_search_index_holds_every_page_and_timeline_text(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    docs = index["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert set(PAGES) <= locations
    fb = fact_base().fact_base
    assert fb is not None
    # Each timeline entry is a search entry of its own: its title is the entry's title.
    timeline_text = " ".join(
        f"{d['title']} {d['text']}" for d in docs if d["location"].startswith("timeline/")
    )
    for event in fb.events[:: max(1, len(fb.events) // 20)]:
        assert event.title.split()[0] in timeline_text


def test_searching_singapore_finds_the_diplomacy_page(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    hits = {d["location"].split("#")[0] for d in index["docs"] if "Singapore" in d["text"]}
    assert "diplomacy/" in hits


def test_no_third_party_requests_in_markup(built_site: Path) -> None:
    for url in PAGES:
        html = page(built_site, url)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in html.find_all(tag):
                value = str(node.get(attr) or "")
                if tag == "link" and node.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not value.startswith(("http:", "https:", "//")), f"{url}: {node}"


def test_a_default_build_names_no_placeholder_repository_or_loopback_address(
    built_site: Path,
) -> None:
    """Without REPO_URL and SITE_URL: no repository or edit link, no absolute canonical."""
    if os.environ.get("REPO_URL") or os.environ.get("SITE_URL"):
        pytest.fail("run the suite without REPO_URL and SITE_URL: it checks the default build")
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(built_site)
        for needle in ("OWNER", "127.0.0.1", "localhost", "[::1]"):
            assert needle not in text, f"{where}: {needle}"
        html = BeautifulSoup(text, "lxml")
        assert html.select_one("a.md-source, a.md-content__button") is None, where
        assert html.select_one('link[rel="canonical"], meta[property="og:url"]') is None, where


def test_shared_renders_never_leak_their_placeholder(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        assert "\x00" not in path.read_text(encoding="utf-8"), path


def page_of(site: Path, url: str) -> BeautifulSoup:
    return page(site, url)


def test_human_rights_is_a_category_of_its_own(built_site: Path) -> None:
    """Issue 12: human-rights events have their own category, its page, filter and strip colour."""
    page = BeautifulSoup(
        (built_site / "timeline" / "human-rights" / "index.html").read_text(encoding="utf-8"),
        "lxml",
    )
    entries = page.select("li.tl-entry")
    assert {li["data-category"] for li in entries} == {"human-rights"}
    assert "2014-02-17-coi-report" in {li["id"] for li in entries}
    timeline = BeautifulSoup(
        (built_site / "timeline" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    assert timeline.select_one('option[value="human-rights"]') is not None
    assert timeline.select_one("rect.k-human-rights") is not None
    # The entry itself is on its year's page once the timeline is split.
    fb = fact_base().fact_base
    assert fb is not None
    where = urls.timeline_path(fb, "2014-02-17-coi-report").partition("#")[0]
    coi = page_of(built_site, where).find(id="2014-02-17-coi-report")
    assert isinstance(coi, Tag)
    label = coi.select_one(".tl-category")
    assert label is not None
    assert label.get_text() == "Human rights"
