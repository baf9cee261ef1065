"""Exports and embed renderers as pure functions, then the files the real build writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import icalendar
import pytest
from bs4 import BeautifulSoup

from macros import paths, site
from macros.engine import embed, exports
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext
from macros.engine.settings import Site
from macros.northkorea.records import Category, Event
from scripts import embed_weight
from tests.conftest import parsed

SITE = Site("https://example.org/nk/", "Test site's timeline")
STAMP = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
HOSTILE = """
    events:
      - id: hostile-event
        date: 2019-05
        title: <script>alert("x")</script> & 'quotes'
        summary: =HYPERLINK("http://evil.example") <img src=x onerror=alert(1)>
        category: statement
        status: disputed
        updated: 2020-02-03
        sources: [src-a]
"""


@pytest.fixture
def fb(make_fb: Callable[..., FactBase]) -> FactBase:
    return make_fb({"data/more.yml": HOSTILE})


def everything(fb: FactBase) -> dict[str, bytes]:
    return {**exports.render_all(fb, SITE, STAMP), **embed.oembed_files(fb, SITE)}


# --- pure functions -------------------------------------------------------------------


def test_json_holds_every_event_and_round_trips(fb: FactBase) -> None:
    doc = json.loads(exports.events_json(fb, SITE, STAMP))
    assert doc["$schema"] == "https://example.org/nk/data/events.schema.json"
    assert doc["count"] == len(doc["events"]) == len(fb.events) == 3
    assert doc["generated"] == "2026-01-02T00:00:00Z"
    assert set(doc["sources"]) == {"src-a", "src-b"}
    for record, event in zip(doc["events"], fb.events, strict=True):
        assert record["url"] == f"https://example.org/nk/timeline/#{event.id}"
        assert record["date_precision"] == event.date.precision.value
        fields = {k: v for k, v in record.items() if k not in ("url", "date_precision")}
        assert Event.model_validate(fields) == event


def test_json_schema_describes_the_export(fb: FactBase) -> None:
    schema = json.loads(exports.events_schema(fb, SITE))
    assert schema["$id"] == "https://example.org/nk/data/events.schema.json"
    event = schema["$defs"]["Event"]
    assert {"id", "date", "url", "date_precision"} <= set(event["required"])
    doc = json.loads(exports.events_json(fb, SITE, STAMP))
    assert set(schema["required"]) <= set(doc)
    assert set(doc["events"][0]) <= set(event["properties"])

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if "$ref" in node else []
            return found + [r for value in node.values() for r in refs(value)]
        if isinstance(node, list):
            return [r for value in node for r in refs(value)]
        return []

    for ref in refs(schema):
        assert ref.removeprefix("#/$defs/") in schema["$defs"], ref


def test_csv_has_a_header_one_row_per_event_and_defuses_formulas(fb: FactBase) -> None:
    text = exports.events_csv(fb, SITE)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(exports.csv_columns(fb))
    assert list(rows[0])[6] == "launch"
    assert [r["id"] for r in rows] == [e.id for e in fb.events]
    hostile = next(r for r in rows if r["id"] == "hostile-event")
    assert hostile["summary"].startswith("'=HYPERLINK")
    assert hostile["date"] == "2019-05"
    assert hostile["date_precision"] == "month"
    assert next(r for r in rows if r["id"] == "first-event")["tags"] == "summit"


def test_ics_has_one_all_day_event_per_event(fb: FactBase) -> None:
    cal = icalendar.Calendar.from_ical(exports.events_ics(fb, SITE, STAMP))
    items = cal.events
    assert len(items) == len(fb.events)
    by_uid = {item.uid: item for item in items}
    assert set(by_uid) == {f"{e.id}@example.org" for e in fb.events}
    for item in items:
        start, end = item.start, item.end
        assert type(start) is dt.date
        assert type(end) is dt.date
        assert end == start + dt.timedelta(days=1)
        assert item.DTSTAMP == STAMP
    hostile = by_uid["hostile-event@example.org"]
    assert hostile.start == dt.date(2019, 5, 1)
    assert str(hostile["STATUS"]) == "TENTATIVE"
    assert "Known only to the month" in str(hostile["DESCRIPTION"])


def test_ics_multi_day_events_end_the_day_after(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(
        {
            "data/more.yml": """
                events:
                  - id: long-event
                    date: 2018-09-18
                    end_date: 2018-09-20
                    title: Three days
                    category: diplomacy
                    sources: [src-a]
            """
        }
    )
    cal = icalendar.Calendar.from_ical(exports.events_ics(fb, SITE, STAMP))
    item = next(i for i in cal.events if i.uid.startswith("long-event"))
    assert item.end == dt.date(2018, 9, 21)


def test_timelinejs_has_the_documented_shape(fb: FactBase) -> None:
    doc = json.loads(exports.timelinejs_json(fb, SITE))
    assert len(doc["events"]) == len(fb.events)
    slides = {s["unique_id"]: s for s in doc["events"]}
    first = slides["first-event"]
    assert first["start_date"] == {
        "year": 2017,
        "month": 11,
        "day": 29,
        "display_date": "29 November 2017",
    }
    assert first["group"] == "Diplomacy"
    assert first["text"]["headline"] == "First event"
    assert "day" not in slides["second-event"]["start_date"]
    assert "<script>" not in slides["hostile-event"]["text"]["headline"]
    assert "<img" not in slides["hostile-event"]["text"]["text"]


def test_atom_feed_parses_newest_first(fb: FactBase) -> None:
    feed = feedparser.parse(exports.atom_feed(fb, SITE, STAMP))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(fb.events)
    assert feed.entries[0].link == "https://example.org/nk/timeline/#hostile-event"
    assert feed.entries[-1].link.endswith("#second-event")
    hostile = feed.entries[0]
    assert "<script>" in hostile.title  # shown as text, not markup
    assert "<img" not in hostile.content[0].value
    assert "&lt;img" in hostile.content[0].value
    assert feed.feed.updated.startswith("2026-01-02")


def test_outputs_are_deterministic_and_follow_source_date_epoch(fb: FactBase) -> None:
    assert everything(fb) == everything(fb)
    assert exports.build_stamp(fb) == dt.datetime(2020, 2, 3, tzinfo=dt.UTC)
    assert exports.build_stamp(fb, 1700000000) == dt.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC
    )


def test_nothing_from_data_reaches_html_unescaped(fb: FactBase) -> None:
    # JSON, CSV and iCalendar carry the text as data; these carry it as HTML.
    html_bearing = {"feed.xml", "data/timelinejs.json", "embed/timeline/oembed.json"}
    for path, data in everything(fb).items():
        if path not in html_bearing:
            continue
        text = data.decode()
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
    body = embed.embed_timeline(fb, PageContext.for_url("embed/timeline/"))
    assert "<script>" not in body
    assert "<img" not in body


def test_embed_snippet_is_an_iframe_with_title_and_the_script(fb: FactBase) -> None:
    code = embed.embed_snippet(fb, SITE, category="diplomacy", actor="north-korea", start=2017)
    soup = BeautifulSoup(code, "lxml")
    iframe, script = soup.find("iframe"), soup.find("script")
    assert iframe is not None
    assert script is not None
    assert (
        iframe["src"]
        == "https://example.org/nk/embed/timeline/diplomacy/?actor=north-korea&from=2017"
    )
    assert iframe["title"] == "Timeline: Diplomacy, North Korea, from 2017 – Test site's timeline"
    assert iframe.has_attr(f"data-{fb.topic.embed_namespace}")
    assert script["src"] == "https://example.org/nk/embed/embed.js"
    assert script["data-namespace"] == fb.topic.embed_namespace


def test_embed_snippet_rejects_unknown_filters(fb: FactBase) -> None:
    with pytest.raises(ValueError, match="did you mean 'diplomacy'"):
        embed.embed_snippet(fb, SITE, category="diplomacy-talks")
    with pytest.raises(UnknownIdError):
        embed.embed_snippet(fb, SITE, actor="north-koreaa")


def test_embed_timeline_keeps_anchors_in_the_frame(fb: FactBase) -> None:
    body = embed.embed_timeline(fb, PageContext.for_url("embed/timeline/"))
    soup = BeautifulSoup(body, "lxml")
    entries = soup.select("li.tl-entry")
    # Newest first; all of them in the page, beyond the first 20 hidden until asked for.
    assert [li["id"] for li in entries] == [e.id for e in reversed(fb.events)]
    for anchor in soup.select("a.tl-anchor"):
        assert anchor["target"] == "_self"
    cites = soup.select(".tl-sources a")
    assert len(cites) == sum(len(e.sources) for e in fb.events)
    for link in cites:
        assert str(link["href"]).startswith("../../sources/#")
        assert not link.has_attr("title")
    only = embed.embed_timeline(fb, PageContext(), category="missile-test")
    assert "second-event" in only
    assert "first-event" not in only
    empty = embed.embed_timeline(fb, PageContext(), category="humanitarian")
    assert "0 events" in empty


def test_oembed_file_for_every_embed_page(fb: FactBase) -> None:
    files = embed.oembed_files(fb, SITE)
    assert set(files) == {"embed/timeline/oembed.json"} | {
        f"embed/timeline/{c.value}/oembed.json" for c in Category
    }
    doc = json.loads(files["embed/timeline/sanctions/oembed.json"])
    assert doc["version"] == "1.0"
    assert doc["type"] == "rich"
    assert doc["width"] > 0
    assert doc["height"] > 0
    assert doc["html"] == embed.embed_snippet(fb, SITE, category="sanctions")


def test_downloads_lists_every_export_with_its_licence(fb: FactBase) -> None:
    html = exports.downloads(fb, PageContext.for_url("about/"))
    soup = BeautifulSoup(html, "lxml")
    hrefs = {a["href"] for a in soup.select("a")}
    assert {f"../{x.path}" for x in exports.EXPORTS} <= hrefs
    assert "../data/events.schema.json" in hrefs
    assert soup.select_one('a[rel="license"]') is not None


# --- the real build -------------------------------------------------------------------


def real_fact_base() -> FactBase:
    result = site.check()
    assert result.fact_base is not None
    return result.fact_base


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return parsed(site / url / "index.html")


@pytest.mark.site
def test_built_exports_parse_and_hold_every_event(built_site: Path) -> None:
    fb = real_fact_base()
    ids = [e.id for e in fb.events]
    data = built_site / "data"
    doc = json.loads((data / "events.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == ids
    assert doc["count"] == len(ids)
    assert doc["$schema"].endswith("/data/events.schema.json")
    assert json.loads((data / "events.schema.json").read_text())["$defs"]["Event"]
    with (data / "events.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == ids
    cal = icalendar.Calendar.from_ical((data / "events.ics").read_bytes())
    assert sorted(i.uid.split("@")[0] for i in cal.events) == sorted(ids)
    tljs = json.loads((data / "timelinejs.json").read_text(encoding="utf-8"))
    assert [s["unique_id"] for s in tljs["events"]] == ids
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == len(ids)


@pytest.mark.site
def test_every_category_has_a_static_embed(built_site: Path) -> None:
    fb = real_fact_base()
    every = BeautifulSoup((built_site / embed.FRAME_ENTRIES).read_text("utf-8"), "lxml")
    assert [li["id"] for li in every.select("li.tl-entry")] == [e.id for e in fb.events][::-1]
    for path, category in embed.embed_pages(fb):
        stub = paths.CONTENT_DIR / (path.rstrip("/") + ".md" if category else path + "index.md")
        assert stub.exists(), f"add {stub.relative_to(paths.ROOT)} (copy diplomacy.md)"
        html = soup_of(built_site, path)
        entries = html.select("li.tl-entry")
        wanted = [e.id for e in fb.events if category is None or e.category == category]
        # The page holds its newest 20 (the rest are fetched when the address asks).
        assert [li["id"] for li in entries] == wanted[::-1][:20], path
        assert not any(li.has_attr("hidden") for li in entries)
        assert json.loads((built_site / path / "oembed.json").read_text())["type"] == "rich"
        link = html.select_one('link[rel="alternate"][type="application/json+oembed"]')
        assert link is not None
        assert link["href"] == "oembed.json"  # beside the page: no SITE_URL, no absolute URL


@pytest.mark.site
def test_embed_page_has_no_material_chrome_and_credits_the_site(built_site: Path) -> None:
    html = soup_of(built_site, "embed/timeline/")
    scripts = [str(s.get("src")) for s in html.find_all("script")]
    assert scripts == ["../../assets/filters.js", "../../embed/frame.js"]
    styles = [str(s["href"]) for s in html.select('link[rel="stylesheet"]')]
    assert styles == ["../../embed/frame.css"]
    for chrome in ("nav", "footer", "form", ".md-header", ".md-search", ".md-sidebar"):
        assert html.select_one(chrome) is None, chrome
    credit = html.select_one(".tl-by a")
    assert credit is not None
    assert credit["href"] == "../../timeline/"
    for name in ("frame.js", "frame.css", "embed.js"):
        assert (built_site / "embed" / name).is_file()


@pytest.mark.site
def test_embed_pages_are_not_in_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("embed/")]


@pytest.mark.site
def test_timeline_offers_the_embed_code_and_the_downloads(built_site: Path) -> None:
    html = soup_of(built_site, "timeline/")
    box = html.select_one(".embed-this")
    area = html.select_one("textarea.embed-code")
    assert box is not None
    assert area is not None
    code = BeautifulSoup(area.get_text(), "lxml")
    iframe = code.find("iframe")
    script = code.find("script")
    site_url = str(box["data-site"])
    # A default build (no SITE_URL) does not know its address: the static code names the
    # site's root path, and the script writes the page's own origin (tests/browser/test_embed.py).
    assert site_url == ""
    site_url = "/"
    assert iframe is not None
    assert iframe["src"] == f"{site_url}embed/timeline/"
    assert iframe["title"]
    assert script is not None
    assert script["src"] == f"{site_url}embed/embed.js"
    hrefs = {a["href"] for a in html.select(".download-list a")}
    assert hrefs == {f"../{x.path}" for x in exports.EXPORTS}


@pytest.mark.site
def test_weight_script_measures_the_page_and_what_it_loads(built_site: Path) -> None:
    rows = embed_weight.measure(built_site)
    assert [path for path, _, _ in rows] == [
        "embed/timeline/index.html",
        "embed/frame.css",
        "assets/filters.js",
        "embed/frame.js",
    ]
    assert all(0 < packed < raw for _, raw, packed in rows)
    assert embed_weight.main([str(built_site), "--budget", "1"]) == 1


@pytest.mark.site
def test_about_lists_the_downloads_at_its_end(built_site: Path) -> None:
    html = soup_of(built_site, "about/")
    heading = html.find("h2", id="download-the-data")
    assert heading is not None
    assert heading.find_next_sibling("h2") is None
    hrefs = {a["href"] for a in html.select(".download-list a")}
    assert hrefs == {f"../{x.path}" for x in exports.EXPORTS}


def test_ics_lines_fold_at_75_octets_without_breaking_characters() -> None:
    line = "DESCRIPTION:" + "한국어 텍스트, é; " * 40
    folded = exports._ics_fold(line)
    physical = folded.split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    for part in physical:
        part.decode("utf-8")  # no character is split across lines
    assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line


def test_ics_text_round_trips_through_icalendar(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(
        {
            "data/more.yml": """
                events:
                  - id: tricky
                    date: 2020-02-02
                    title: "Commas, semicolons; back\\\\slashes and 한국어"
                    summary: "Line one\\nline two"
                    category: statement
                    sources: [src-a]
            """
        }
    )
    cal = icalendar.Calendar.from_ical(exports.events_ics(fb, SITE, STAMP))
    tricky = next(c for c in cal.walk("VEVENT") if str(c["uid"]).startswith("tricky@"))
    assert str(tricky["summary"]) == "Commas, semicolons; back\\slashes and 한국어"
    assert str(tricky["description"]).startswith("Line one\nline two")
