"""The map and the timeline strip: markers, labels and links checked against the data."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from macros import site
from macros.engine import filters
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.engine.settings import Settings
from macros.engine.settings import Site as PublishedSite
from macros.engine.timeline import entry_record, filter_spec
from macros.northkorea.geo import (
    city_distances,
    class_reach,
    distance_km,
    launch_map,
    launch_sites,
    map_embed_code,
    map_oembed,
    map_snippet,
)
from macros.northkorea.missiles import missile_family_chart
from macros.northkorea.records import facilities
from macros.northkorea.strip import events_by_year, timeline_strip
from macros.northkorea.svgkit import Box, text_box, text_width

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("missiles/")

MAP_DATA = {
    "data/launches.yml": """
        missile_types:
          - {id: scud-b, name: Scud-B, class: SRBM}
          - {id: hwasong-15, name: Hwasong-15, class: ICBM}
        facilities:
          - {id: tonghae, name: Tonghae, lat: 40.85, lon: 129.67}
          - {id: sunan, name: Sunan <i>x</i>, lat: 39.2, lon: 125.67}
          - {id: nowhere, name: Nowhere}
          - {id: quiet, name: Quiet Field, lat: 39.5, lon: 127.0}
        events:
          - id: scuds
            date: 1984-04-09
            title: Scuds
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b, facility: tonghae}
                - {type: scud-b, facility: tonghae}
          - id: icbm
            date: 2017-11-29
            title: ICBM
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: hwasong-15, facility: sunan}
          - id: more-scuds
            date: 1990-05
            title: More Scuds
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b, facility: tonghae}
    """,
    "data/specs.yml": """
        missile_specs:
          - id: spec-hwasong-15
            type: hwasong-15
            ranges:
              - {basis: assessed, km: 13000, by: Analysts, sources: [src-a]}
          - id: spec-scud-b
            type: scud-b
            ranges:
              - {basis: claimed, km: 300, km_max: 500, by: North Korea, sources: [src-b]}
    """,
    "data/places.yml": """
        places:
          - {id: p-pyongyang, name: Pyongyang, kind: origin, lat: 39.02, lon: 125.75,
             sources: [src-a]}
          - {id: p-seoul, name: Seoul, kind: city, lat: 37.57, lon: 126.98, sources: [src-a]}
          - {id: p-guam, name: Guam, kind: city, lat: 13.47, lon: 144.75, sources: [src-a]}
          - {id: p-test, name: Test Site, kind: nuclear-test-site, lat: 41.28, lon: 129.09,
             sources: [src-a]}
    """,
}


@pytest.fixture
def fb(make_fb: MakeFB) -> FactBase:
    return make_fb(MAP_DATA)


def _svgs(html: str, name: str) -> list[Tag]:
    soup = BeautifulSoup(html, "lxml")
    found = soup.find_all("svg", attrs={"aria-labelledby": re.compile(name)})
    return [s for s in found if isinstance(s, Tag)]


def test_every_facility_with_coordinates_is_a_marker_sized_by_launches(fb: FactBase) -> None:
    html = launch_map(fb, CTX)
    for svg in _svgs(html, "sites"):
        sites = {a["data-facility"]: a for a in svg.select("a.pic-site")}
        # The facility without coordinates cannot be drawn; every other one is.
        assert set(sites) == {"tonghae", "sunan", "quiet"}
        assert {k: a["data-count"] for k, a in sites.items()} == {
            "tonghae": "2",
            "sunan": "1",
            "quiet": "0",
        }
        radius = {k: float(str(a.circle["r"])) for k, a in sites.items() if a.circle}
        assert radius["tonghae"] > radius["sunan"] > radius["quiet"]
        # A site links to the timeline filtered to its launches; one with none, to its row.
        assert sites["tonghae"]["xlink:href"] == "../timeline/?facility=tonghae"
        assert sites["quiet"]["xlink:href"] == "#site-quiet"
        # Escaped data text: the tag in the name is text, not markup.
        assert svg.find("i") is None
        assert "Sunan <i>x</i>: 1 launch event" in svg.get_text()
        assert svg.select_one(".pic-test-site title").get_text() == "Test Site"  # type: ignore[union-attr]


def test_each_site_has_a_row_of_its_launches_and_a_filtered_timeline(fb: FactBase) -> None:
    soup = BeautifulSoup(launch_map(fb, CTX), "lxml")
    row = soup.find(id="site-tonghae")
    assert row is not None
    hrefs = [a["href"] for a in row.find_all("a")]
    assert hrefs == [
        "../timeline/#scuds",
        "../timeline/#more-scuds",
        "../timeline/?facility=tonghae",
    ]
    assert soup.find(id="site-nowhere") is None
    # The facility facet gives exactly the launches of the row, through the one filter rule.
    spec = filter_spec(fb)
    query = filters.parse(spec, {"facility": "tonghae"})
    records = [{"id": e.id, **entry_record(fb, e)} for e in fb.events]
    assert [r["id"] for r in filters.apply(spec, query, records)] == ["scuds", "more-scuds"]
    choice = spec.choice("facility")
    assert choice is not None
    assert "quiet" not in dict(choice.values)  # no launch: nothing to filter to


def test_a_facility_added_to_the_data_appears_on_the_map(make_fb: MakeFB) -> None:
    data = dict(MAP_DATA)
    data["data/more.yml"] = """
        facilities:
          - {id: new-pad, name: New Pad, lat: 40.0, lon: 128.0}
    """
    html = launch_map(make_fb(data), CTX)
    for svg in _svgs(html, "sites"):
        assert svg.select_one('a.pic-site[data-facility="new-pad"]') is not None


def test_reach_rings_are_the_longest_range_per_class(fb: FactBase) -> None:
    reach = {r.missile_class: r for r in class_reach(fb)}
    assert (reach["SRBM"].km, reach["SRBM"].basis) == (500, "claimed")
    assert reach["ICBM"].km == 13000
    html = launch_map(fb, CTX)
    for svg in _svgs(html, "reach"):
        rings = list(svg.find_all("circle", class_="ring"))
        assert len(rings) == 2
        assert float(str(rings[0]["r"])) < float(str(rings[1]["r"]))
        text = svg.get_text()
        assert "SRBM 500 km" in text
        assert "ICBM 13,000 km" in text
        assert "Guam 3,400 km" in text


def test_distances_and_reach_table(fb: FactBase) -> None:
    cities = {p.name: d for p, d in city_distances(fb)}
    # Great-circle distances from Pyongyang: Seoul about 195 km, Guam about 3,400 km.
    assert 180 < cities["Seoul"] < 210
    assert 3350 < cities["Guam"] < 3450
    soup = BeautifulSoup(launch_map(fb, CTX), "lxml")
    rows = {
        str(tr.th.get_text()): [td.get_text() for td in tr.find_all("td")]
        for tr in soup.select("table:not(.pic-sites) tbody tr")
        if tr.th
    }
    assert rows["Seoul"] == ["190 km", "within", "within"]
    assert rows["Guam"] == ["3,400 km", "beyond", "within"]


def test_distance_is_symmetric_and_zero_on_the_spot() -> None:
    a, b = (39.02, 125.75), (38.9, -77.04)
    assert distance_km(a, a) == 0
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))
    assert 10_900 < distance_km(a, b) < 11_200


def test_map_without_an_origin_is_refused(make_fb: MakeFB) -> None:
    data = {k: v for k, v in MAP_DATA.items() if k != "data/places.yml"}
    with pytest.raises(ValueError, match="origin"):
        launch_map(make_fb(data), CTX)


# --- the timeline strip ---------------------------------------------------------------


def test_strip_counts_every_event_from_1984_and_links_each_year(make_fb: MakeFB) -> None:
    fb = make_fb(MAP_DATA)
    counts = events_by_year(fb)
    assert min(counts) == 1984
    assert sum(counts[1984].values()) == 2  # the Scuds and MINIMAL's 1984-09 event
    html = timeline_strip(fb, PageContext.for_url("timeline/"))
    for svg in _svgs(html, "strip"):
        years = {a["data-year"]: a for a in svg.select("a.pic-year")}
        assert set(years) == {"1984", "1990", "2017"}
        assert years["2017"]["xlink:href"] == "../timeline/#year-2017"
        assert years["2017"]["data-count"] == "2"  # the ICBM and the diplomacy event
    soup = BeautifulSoup(html, "lxml")
    # The event of 1984-09 in MINIMAL counts in 1984: the table holds the same numbers.
    table = {
        str(tr.th.get_text()): tr.find_all("td")[-1].get_text()
        for tr in soup.select("table tbody tr")
        if tr.th
    }
    assert table == {"1984": "2", "1990": "1", "2017": "2"}


# --- the real site --------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> FactBase:
    return site.load()


def test_real_pictures_are_each_under_60_kb(real: FactBase) -> None:
    ctx = PageContext.for_url("missiles/")
    for html in (launch_map(real, ctx), timeline_strip(real, ctx)):
        for svg in re.findall(r"<svg class=\"pic .*?</svg>", html, re.DOTALL):
            assert len(svg.encode()) < 60_000


def test_every_real_facility_with_coordinates_is_on_the_map(real: FactBase) -> None:
    html = launch_map(real, CTX)
    wide = _svgs(html, "sites-wide")[0]
    drawn = {str(a["data-facility"]) for a in wide.select("a.pic-site")}
    expected = {f.id for f in facilities(real).values() if f.lat is not None}
    assert drawn == expected
    assert sum(len(s.events) for s in launch_sites(real)) == sum(
        int(str(a["data-count"])) for a in wide.select("a.pic-site")
    )


def test_a_launch_counted_on_the_strip_is_on_the_timeline(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "timeline" / "index.html").read_text("utf-8"), "lxml")
    wide = page.find("svg", attrs={"aria-labelledby": re.compile("timeline-strip-wide")})
    assert isinstance(wide, Tag)
    strip = {str(a["data-year"]): a for a in wide.select("a.pic-year")}
    assert strip
    for year, link in strip.items():
        # Each column links to its year's page, which holds as many entries as it counts.
        assert link["xlink:href"] == f"../timeline/{year}/", year
        html = (built_site / "timeline" / year / "index.html").read_text("utf-8")
        year_page = BeautifulSoup(html, "lxml")
        entries = year_page.select("li.tl-entry")
        assert len(entries) == int(str(link["data-count"])), year
        assert {str(li["data-date"])[:4] for li in entries} == {year}


def test_map_embed_code_and_oembed_name_the_map_page(fb: FactBase) -> None:
    site = PublishedSite(url="https://example.org/nk/", name="A <site>")
    with_site = dataclasses.replace(fb, settings=Settings(site=site))
    block = BeautifulSoup(map_embed_code(with_site, CTX), "lxml")
    code = BeautifulSoup(block.textarea.get_text(), "lxml")  # type: ignore[union-attr]
    frame = code.iframe
    assert frame is not None
    assert frame["src"] == "https://example.org/nk/embed/map/"
    assert frame["title"] == "Launch sites and reach – A <site>"
    assert code.script["src"] == "https://example.org/nk/embed/embed.js"  # type: ignore[index]
    assert frame.has_attr(f"data-{fb.topic.embed_namespace}")
    assert code.script["data-namespace"] == fb.topic.embed_namespace  # type: ignore[index]
    document = json.loads(map_oembed(site, fb.topic.embed_namespace))
    assert document["type"] == "rich"
    assert document["html"] == map_snippet(site, fb.topic.embed_namespace)


def test_built_map_embed_has_the_map_and_its_oembed(built_site: Path) -> None:
    page = (built_site / "embed" / "map" / "index.html").read_text(encoding="utf-8")
    assert "launch-map-sites-wide-title" in page
    assert "noindex" in page
    document = json.loads((built_site / "embed" / "map" / "oembed.json").read_text("utf-8"))
    assert "embed/map/" in document["html"]


# --- labels that crowd ------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _num(tag: Tag, name: str, default: float = 0.0) -> float:
    value = tag.get(name)
    return float(str(value)) if value is not None else default


def _text_lines(svg: Tag) -> list[tuple[int, str, Box]]:
    """Each line of text in a picture: its element's number, its words and the box it covers."""
    lines = []
    for number, text in enumerate(svg.find_all("text")):
        assert isinstance(text, Tag)
        size = _num(text, "font-size", 13.0)
        bold = _num(text, "font-weight", 400.0) >= 600
        spacing = _num(text, "letter-spacing")
        anchor = str(text.get("text-anchor", "start"))
        x, y = _num(text, "x"), _num(text, "y")
        first = "".join(str(s) for s in text.find_all(string=True, recursive=False)).strip()
        parts = [(first, x, y)]
        for tspan in text.find_all("tspan"):
            assert isinstance(tspan, Tag)
            y += _num(tspan, "dy")
            parts.append((tspan.get_text(), _num(tspan, "x", x), y))
        for words, tx, ty in parts:
            if words:
                box = text_box(tx, ty, words, size, anchor=anchor, bold=bold, spacing=spacing)
                lines.append((number, words, box))
    return lines


def _marks(svg: Tag) -> list[tuple[str, str, Box]]:
    """Every mark a label must not cover: (kind, what, box); kind 'round' for a circle."""
    marks = []
    for point in svg.select("a.pic-point, a.pic-site"):
        what = point.find("title").get_text()  # type: ignore[union-attr]
        for shape in point.find_all(["circle", "rect", "line"]):
            assert isinstance(shape, Tag)
            if shape.name == "circle":
                r = _num(shape, "r")
                box = Box(_num(shape, "cx") - r, _num(shape, "cy") - r, 2 * r, 2 * r)
                marks.append(("site" if "pic-site" in point["class"] else "round", what, box))
            elif shape.name == "rect":
                box = Box(
                    _num(shape, "x"), _num(shape, "y"), _num(shape, "width"), _num(shape, "height")
                )
                marks.append(("square", what, box))
            else:
                y1, y2 = sorted((_num(shape, "y1"), _num(shape, "y2")))
                marks.append(("square", what, Box(_num(shape, "x1") - 1, y1, 2, y2 - y1)))
    for shape in svg.select("rect.ink, circle.ink"):
        if shape.name == "circle":
            r = _num(shape, "r")
            box = Box(_num(shape, "cx") - r, _num(shape, "cy") - r, 2 * r, 2 * r)
            marks.append(("round", shape.get_text(), box))
        else:
            box = Box(
                _num(shape, "x"), _num(shape, "y"), _num(shape, "width"), _num(shape, "height")
            )
            marks.append(("square", shape.get_text(), box))
    for site_mark in svg.select("g.pic-test-site path"):
        values = [float(v) for v in _NUMBER.findall(str(site_mark["d"]))]
        xs, ys = values[0::2], values[1::2]
        box = Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        marks.append(("square", "test site", box))
    return marks


def _covers(kind: str, mark: Box, box: Box) -> bool:
    if kind == "square":
        return box.overlaps(mark, pad=0)
    r = mark.w / 2
    cx, cy = mark.x + r, mark.y + r
    dx = max(box.x - cx, 0.0, cx - box.x - box.w)
    dy = max(box.y - cy, 0.0, cy - box.y - box.h)
    return dx * dx + dy * dy < r * r


def crowding(svg: Tag) -> list[str]:
    """What crowds in one drawing: text past its edge, text on text, text on a mark.

    Only a bold place name may lie on a launch site's circle (around Pyongyang the circles
    leave it no clear spot); every other label keeps clear.
    """
    _, _, width, height = (float(v) for v in str(svg["viewbox"]).split())
    lines = _text_lines(svg)
    bold = {
        t.get_text()
        for t in svg.find_all("text")
        if isinstance(t, Tag) and _num(t, "font-weight") >= 600
    }
    found = [
        f"{words!r} leaves the picture" for _, words, box in lines if not box.inside(width, height)
    ]
    for i, (number, words, box) in enumerate(lines):
        found.extend(
            f"{words!r} covers {other!r}"
            for n, other, b in lines[i + 1 :]
            if n != number and box.overlaps(b, pad=0)
        )
        found.extend(
            f"{words!r} covers the mark of {what!r}"
            for kind, what, mark in _marks(svg)
            if _covers("round" if kind == "site" else kind, mark, box)
            and not (kind == "site" and words in bold)
        )
    return found


def test_no_label_of_a_real_picture_crowds_another_a_mark_or_the_edge(real: FactBase) -> None:
    """Each drawing, wide and narrow: label widths as a wide font draws them, bold counted."""
    pictures = {
        "map": launch_map(real, CTX),
        "family": missile_family_chart(real, CTX),
        "strip": timeline_strip(real, CTX),
    }
    checked = 0
    for name, html in pictures.items():
        for svg in BeautifulSoup(html, "lxml").select("svg.pic:not(.pic-key)"):
            checked += 1
            assert crowding(svg) == [], (name, svg["aria-labelledby"])
    assert checked == 8


def test_a_bold_label_is_measured_wider_and_crowding_is_found() -> None:
    """The estimate counts bold; the check finds a label on a label, a mark and the edge."""
    assert text_width("Pyongyang", 12, bold=True) > text_width("Pyongyang", 12) * 1.1
    assert text_width("11", 10) == text_width("00", 10)
    svg = BeautifulSoup(
        '<svg class="pic" viewBox="0 0 100 50">'
        '<text x="10" y="20" font-size="12" font-weight="600">Pyongyang</text>'
        '<text x="70" y="20" font-size="12">Tokyo</text>'
        '<rect class="ink" x="40" y="30" width="6" height="6"/>'
        '<text x="30" y="40" font-size="12">Seoul</text></svg>',
        "lxml",
    ).svg
    assert svg is not None
    assert crowding(svg) == [
        "'Tokyo' leaves the picture",
        "'Pyongyang' covers 'Tokyo'",
        "'Seoul' covers the mark of ''",
    ]
