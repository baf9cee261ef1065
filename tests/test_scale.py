"""Large fact bases: the timeline splits by year and no page grows without bound."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros.engine import citations, embed, urls
from macros.engine.citations import sources_list
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, PageRef
from macros.engine.settings import Settings
from macros.engine.timeline import LATEST, event_link, timeline, timeline_files

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("history/")


SPLIT = Settings(timeline_split_at=1)


def test_small_timelines_stay_on_one_page(make_fb: MakeFB) -> None:
    fb = make_fb()
    assert not urls.timeline_is_split(fb)
    assert urls.timeline_path(fb, "first-event") == "timeline/#first-event"


def test_large_timelines_become_an_index_of_year_pages(make_fb: MakeFB) -> None:
    fb = make_fb(settings=SPLIT)
    assert urls.timeline_years(fb) == [1984, 2017]
    index = BeautifulSoup(timeline(fb, CTX, group="year"), "lxml")
    assert [a["href"] for a in index.select("nav.tl-yearjump a")] == [
        "../timeline/1984/",
        "../timeline/2017/",
    ]
    # Its first page shows the newest entries, newest first (not a search result of its own).
    assert [li["id"] for li in index.select(".tl-latest li.tl-entry")] == [
        "first-event",
        "second-event",
    ]
    assert index.select("[data-search-entry]") == []
    assert "ids.json" in str(index.script)
    # The filters of the page fetch every entry from one file, in the year pages' markup.
    page = BeautifulSoup(timeline(fb, PageContext.for_url("timeline/"), group="year",
                                  controls=True), "lxml")  # fmt: skip
    box = page.select_one(".tl-controls")
    assert box is not None
    assert box["data-entries"] == "../timeline/entries.html"
    # Its Order box names the first view ("Latest N", first, so chosen by default); the
    # script reads its number from the box.
    orders = [(o["value"], o.text) for o in box.select("select[name=order] option")]
    assert orders == [("", f"Latest {LATEST}"), ("oldest", "Oldest first"),
                      ("newest", "Newest first")]  # fmt: skip
    assert box["data-latest"] == str(LATEST)
    whole = BeautifulSoup(timeline(make_fb(), CTX, group="year", controls=True), "lxml")
    assert [o["value"] for o in whole.select("select[name=order] option")] == ["oldest", "newest"]
    assert whole.select_one(".tl-controls[data-latest]") is None
    files = timeline_files(fb)
    assert json.loads(files["timeline/ids.json"]) == {"first-event": "2017", "second-event": "1984"}
    fragment = BeautifulSoup(files["timeline/entries.html"], "lxml")
    assert [d["data-year"] for d in fragment.select("div.timeline")] == ["1984", "2017"]
    assert [li["id"] for li in fragment.select("li.tl-entry")] == ["second-event", "first-event"]
    assert timeline_files(make_fb()) == {}
    # A filtered or per-year timeline still lists its entries.
    year = BeautifulSoup(timeline(fb, CTX, start=2017, end=2017), "lxml")
    assert [li["id"] for li in year.select("li.tl-entry")] == ["first-event"]
    link = BeautifulSoup(event_link(fb, CTX, "first-event"), "lxml").a
    assert link is not None
    assert link["href"] == "../timeline/2017/#first-event"


def test_source_backlinks_are_capped(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(max_backlinks=1))
    html = BeautifulSoup(sources_list(fb, PageContext.for_url("sources/")), "lxml")
    src_a = html.select_one("#src-a")
    assert src_a is not None
    assert [a["href"] for a in src_a.select(".source-cited-by a")] == ["../timeline/#first-event"]
    assert src_a.select_one(".source-more").text == "and 1 earlier event"  # type: ignore[union-attr]
    assert "Cited by 2 events" in src_a.text


def test_large_source_lists_split_into_numbered_pages(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(sources_split_at=1, sources_per_page=1))
    ctx = PageContext.for_url("sources/")
    index = BeautifulSoup(sources_list(fb, ctx), "lxml")
    # Grouped by kind (both are news), then split by publisher into parts; a part of one
    # publisher is named once ("Agency A", not "Agency A – Agency A").
    links = [(a["href"], a.text) for a in index.select("ul.source-groups a")]
    assert links == [
        ("../sources/news-1/", "Agency A"),
        ("../sources/news-2/", "Paper B"),
    ]
    assert "News reports" in index.text
    page = BeautifulSoup(
        sources_list(fb, PageContext.for_url("sources/news-2/"), group="news-2"), "lxml"
    )
    assert [li["id"] for li in page.select("li.source")] == ["src-b"]
    cite = BeautifulSoup(citations.cite(fb, CTX, "src-b"), "lxml").a
    assert cite is not None
    assert cite["href"] == "../sources/news-2/#src-b"
    with pytest.raises(ValueError, match="no such page of sources"):
        sources_list(fb, ctx, group="9")


def test_large_embeds_show_the_latest_and_link_earlier_years(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(embed_limit=1))
    ctx = PageContext.for_url("embed/timeline/")
    html = BeautifulSoup(embed.embed_timeline(fb, ctx, tag="summit"), "lxml")
    assert [li["id"] for li in html.select("li.tl-entry")] == ["first-event"]
    full = BeautifulSoup(embed.embed_timeline(fb, ctx), "lxml")
    assert [li["id"] for li in full.select("li.tl-entry")] == ["first-event"]
    assert [a["href"] for a in full.select(".tl-more a")] == ["../../embed/timeline/1984/"]
    assert "The newest 1 of 2 events" in full.text
    # A filtered frame fetches every entry, newest first, in the page's own markup.
    (name, document), = embed.frame_files(fb).items()  # fmt: skip
    assert name == "embed/timeline/entries.html"
    fetched = BeautifulSoup(document, "lxml")
    assert [li["id"] for li in fetched.select("li.tl-entry")] == ["first-event", "second-event"]
    assert full.select_one("ol.tl-list")["data-entries"] == "../../embed/timeline/entries.html"  # type: ignore[index]
    year = BeautifulSoup(embed.embed_timeline(fb, ctx, start=1984, end=1984), "lxml")
    assert [li["id"] for li in year.select("li.tl-entry")] == ["second-event"]


def test_page_backlinks_are_capped_too(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(max_backlinks=1))
    pages = (PageRef("One", "one/"), PageRef("Two", "two/"), PageRef("Three", "three/"))
    ctx = PageContext.for_url("sources/", citations={"src-b": pages})
    html = BeautifulSoup(sources_list(fb, ctx), "lxml")
    src_b = html.select_one("#src-b")
    assert src_b is not None
    assert [a.text for a in src_b.select(".source-cited-by a")][:1] == ["One"]
    assert "and 2 more pages" in src_b.text


def test_generated_pages_cover_every_year(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(timeline_split_at=1, embed_limit=1))
    pages = urls.generated_pages(fb)
    assert sorted(pages) == [
        "embed/timeline/1984.md",
        "embed/timeline/2017.md",
        "timeline/1984.md",
        "timeline/2017.md",
        "timeline/diplomacy.md",
        "timeline/missile-test.md",
    ]
    assert "{{ timeline(start=2017, end=2017) }}" in pages["timeline/2017.md"]
    # Each category's static page: the timeline's filters without JavaScript.
    assert "{{ timeline(category='diplomacy', group='year') }}" in pages["timeline/diplomacy.md"]
    assert "template: embed.html" in pages["embed/timeline/1984.md"]


def test_a_long_slice_of_a_split_timeline_is_one_line_per_event(make_fb: MakeFB) -> None:
    fb = make_fb(settings=SPLIT)
    ctx = PageContext.for_url("timeline/diplomacy/")
    # Longer than the split threshold (1 here), and not a year's page.
    html = BeautifulSoup(timeline(fb, ctx, start=1900, group="year"), "lxml")
    lines = html.select("li.tl-entry.tl-line")
    assert [li["id"] for li in lines] == [e.id for e in fb.events]
    for li in lines:
        event = fb.events_by_id[str(li["id"])]
        assert li.a is not None
        assert li.a["href"] == f"../../timeline/{event.date.year}/#{event.id}"
        assert li.a.text == event.title
    # Not split: full entries, as before.
    whole = BeautifulSoup(timeline(make_fb(), ctx, start=1900, group="year"), "lxml")
    assert whole.select("li.tl-line") == []
    assert whole.select("li.tl-entry .tl-title")
