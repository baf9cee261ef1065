"""What the built site gives readers before any browser runs: search entries, sharing tags."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from macros import site
from macros.engine import urls
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.engine.timeline import render_entry, timeline
from tests.browser.reader import EMBEDS, site_pages
from tests.conftest import element_ids, parsed

MakeFB = Callable[..., FactBase]
SHARE_IMAGE = "assets/images/share.png"


def soup(path: Path) -> BeautifulSoup:
    return parsed(path)


def html_of(built_site: Path, page: str) -> BeautifulSoup:
    return soup(built_site / page / "index.html")


def png_size(path: Path) -> tuple[int, int]:
    """Return a PNG's width and height from its IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_a_searchable_entry_is_a_search_result_with_its_heading_first(make_fb: MakeFB) -> None:
    fb = make_fb()
    event = fb.events_by_id["first-event"]
    entry = BeautifulSoup(render_entry(fb, PageContext(), event, searchable=True), "lxml")
    li = entry.select_one("li")
    assert li is not None
    assert li["id"] == "first-event"
    assert li.has_attr("data-search-entry")
    children = [child.name for child in li.find_all(recursive=False)]
    assert children[:2] == ["h3", "p"]
    plain = BeautifulSoup(render_entry(fb, PageContext(), event), "lxml").select_one("li")
    assert plain is not None
    assert not plain.has_attr("data-search-entry")


def test_only_the_whole_timeline_makes_search_entries(make_fb: MakeFB) -> None:
    fb = make_fb()
    assert "data-search-entry" in timeline(fb, PageContext(), group="year")
    for sliced in (
        timeline(fb, PageContext(), start=2000),
        timeline(fb, PageContext(), category="diplomacy"),
    ):
        assert "data-search-entry" not in sliced
        assert '<ol class="tl-list" data-search-exclude>' in sliced


@pytest.mark.site
def test_every_timeline_entry_is_a_search_result_of_its_own(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [str(doc["location"]) for doc in index["docs"]]
    # Each entry is a result where its links go: its year's page once the timeline is split.
    fb = site.check().fact_base
    assert fb is not None
    wanted = [urls.timeline_path(fb, e.id) for e in fb.events]
    missing = [w for w in wanted if w not in locations]
    assert missing == []
    titles = {str(doc["location"]): str(doc["title"]) for doc in index["docs"]}
    hwasong_19 = urls.timeline_path(fb, "2024-10-31-hwasong-19")
    # The title as its page shows it: the page's first "ICBM" in a title is spelled out.
    assert titles[hwasong_19] == "Hwasong-19 ICBM (intercontinental ballistic missile) test"
    # The first page of a split timeline repeats the newest entries: not results again.
    repeated = {f"timeline/#{e.id}" for e in fb.events}
    assert not [w for w in locations if w in repeated]
    # Every result leads to an element that exists on its page.
    for location in locations:
        page, _, anchor = location.partition("#")
        if anchor:
            assert anchor in element_ids(built_site / page / "index.html"), location


@pytest.mark.site
def test_every_page_has_its_own_description_and_sharing_tags(built_site: Path) -> None:
    """The default build (no SITE_URL): titles and descriptions, no absolute addresses."""
    home = html_of(built_site, "")
    descriptions: dict[str, str] = {}
    for page in site_pages(built_site):
        if page in EMBEDS:
            continue
        html = html_of(built_site, page)
        meta = {
            str(tag.get("property") or tag.get("name")): str(tag["content"])
            for tag in html.select("meta[content]")
        }
        for key in ("description", "og:title", "og:description", "twitter:description"):
            assert meta[key].strip(), (page, key)
        assert meta["description"] == meta["og:description"], page
        assert 50 <= len(meta["description"]) <= 200, (page, meta["description"])
        assert "<" not in meta["description"], (page, meta["description"])
        descriptions[page] = meta["description"]
        # Nowhere to point an absolute address at: no canonical, og:url or og:image.
        assert html.select_one("link[rel=canonical]") is None, page
        assert "og:url" not in meta, page
        assert "og:image" not in meta, page
        assert meta["twitter:card"] == "summary"
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert png_size(built_site / SHARE_IMAGE) == (1200, 630)
    title = home.select_one("meta[property='og:title']")
    assert home.title is not None
    assert title is not None
    assert home.title.get_text() == title["content"]


@pytest.mark.site
def test_the_sitemap_lists_every_page_but_the_embeds(built_site: Path) -> None:
    sitemap = BeautifulSoup((built_site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locs = [loc.get_text(strip=True) for loc in sitemap.find_all("loc")]
    paths = {urlsplit(loc).path for loc in locs}
    for page in ("/", "/history/", "/diplomacy/", "/timeline/", "/sources/", "/about/"):
        assert any(path.endswith(page) for path in paths), page
    assert not [loc for loc in locs if "/embed/" in loc]
    robots = html_of(built_site, "embed/timeline").select_one("meta[name=robots]")
    assert robots is not None
    assert robots["content"] == "noindex"
