"""/missiles/: each type's record is counted from the launches; the family chart and the links."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import site
from macros.engine.factbase import FactBase, FactBaseError, UnknownIdError
from macros.engine.markup import PageContext
from macros.northkorea.missiles import (
    family_points,
    link_missile_names,
    missile_catalogue,
    missile_family_chart,
    missile_link,
    search_title,
    type_records,
)
from macros.northkorea.records import MissileType, missile_specs, missile_types

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("missiles/")

LAUNCHES = {
    "data/launches.yml": """
        missile_types:
          - id: scud-b
            name: Scud-B
            class: SRBM
          - id: hwasong-11a
            name: Hwasong-11A (KN-23)
            class: SRBM
            aliases: [KN-23]
          - id: rail-kn-23
            name: Rail-mobile KN-23
            class: SRBM
          - id: hwasong-15
            name: Hwasong-15
            class: ICBM
          - id: paraded
            name: Parade Only
            class: ICBM
          - id: unknown
            name: Unidentified
            class: Unknown
        events:
          - id: old-salvo
            date: 1984-04-09
            title: Three Scuds
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b, outcome: success, distance_km: 250}
                - {type: scud-b, outcome: failure}
                - {type: unknown}
          - id: later-scud
            date: 1990-05
            title: One Scud
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b, apogee_km: 90}
          - id: icbm
            date: 2017-11-29
            title: Hwasong-15
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: hwasong-15, apogee_km: 4475, distance_km: 950}
          - id: kn-23
            date: 2019-05-04
            title: KN-23
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: hwasong-11a, apogee_km: 50}
    """,
    "data/missile-specs.yml": """
        missile_specs:
          - id: spec-hwasong-15
            type: hwasong-15
            fuel: liquid
            fuel_sources: [src-b]
            ranges:
              - {basis: assessed, km: 10000, by: Japan, sources: [src-a]}
              - {basis: assessed, km: 12875, by: US Forces Korea, sources: [src-b]}
              - {basis: claimed, km: 13000, by: North Korea, sources: [src-b]}
          - id: spec-scud-b
            type: scud-b
            ranges:
              - {basis: assessed, km: 300, by: Analysts <b>bold</b>, sources: [src-a]}
    """,
}


@pytest.fixture
def fb(make_fb: MakeFB) -> FactBase:
    return make_fb(LAUNCHES)


def test_records_are_counted_from_the_launches(fb: FactBase) -> None:
    recs = type_records(fb)
    scud = recs["scud-b"]
    assert [e.id for e in scud.events] == ["old-salvo", "later-scud"]
    assert (scud.first.id, scud.latest.id) == ("old-salvo", "later-scud")  # type: ignore[union-attr]
    assert (scud.missiles, scud.failures) == (3, 1)
    assert (scud.max_apogee_km, scud.max_distance_km) == (90, 250)
    assert recs["paraded"].events == []


def test_catalogue_entry_shows_class_fuel_ranges_flights_and_tests(fb: FactBase) -> None:
    soup = BeautifulSoup(missile_catalogue(fb, CTX), "lxml")
    entry = soup.find(id="missile-hwasong-15")
    assert entry is not None
    # One item a fact, labelled by its data-label; the entry is a search result of its own.
    assert entry.get("data-search-entry") == ""
    assert entry["data-search-title"] == "Hwasong-15"
    facts = {str(li["data-label"]): li for li in entry.select("ul.missile-facts > li")}
    assert "Intercontinental" in facts["Class"].get_text()
    assert facts["Fuel"].get_text().startswith("Liquid fuel")
    assert "13,000 km: North Korea" in facts["Range claimed by North Korea"].get_text()
    assessed = facts["Range assessed by others"].get_text()
    assert "10,000 km: Japan" in assessed
    assert "12,875 km: US Forces Korea" in assessed
    # Several estimates of one kind are a list; one is inline (no list of one).
    assert len(facts["Range assessed by others"].select("ul.missile-ranges > li")) == 2
    assert facts["Range claimed by North Korea"].select("ul, li") == []
    # What the launch records count, in one item: how many, when, how high and far.
    tests = facts["Tests on record"]
    assert tests.get_text() == (
        "1 launch event. On 29 November 2017. Apogee up to 4,475 km, flight up to 950 km."
    )
    assert [a["href"] for a in tests.select("a")] == ["../timeline/#icbm"]
    scud = soup.find(id="missile-scud-b")
    assert scud is not None
    scud_tests = scud.select_one('li[data-label="Tests on record"]')
    assert scud_tests is not None
    assert scud_tests.get_text() == (
        "2 launch events, 3 missiles or rockets in all; 1 recorded as failed. "
        f"First {scud_tests.a.get_text()}, latest {scud_tests.select('a')[1].get_text()}. "  # type: ignore[union-attr]
        "Apogee up to 90 km, flight up to 250 km."
    )
    assert [a["href"] for a in scud_tests.select("a")] == [
        "../timeline/#old-salvo",
        "../timeline/#later-scud",
    ]
    # A type with no range of either kind says so once.
    rail = soup.find(id="missile-rail-kn-23")
    assert rail is not None
    ranges = [li for li in rail.select("ul.missile-facts > li") if "Range" in li["data-label"]]
    assert [(li["data-label"], li.get_text()) for li in ranges] == [
        ("Range", "None on record, from North Korea or from others")
    ]
    assert "Fuel not on record" in scud.get_text()
    # Data text is escaped, never markup.
    assert scud.find("b") is None
    assert "Analysts &lt;b&gt;" in str(scud)
    # A type that never flew says so; the 'unknown' type is not a type.
    assert "not flown" in soup.find(id="missile-paraded").get_text()  # type: ignore[union-attr]
    assert soup.find(id="missile-unknown") is None


def test_catalogue_groups_by_class_short_range_first(fb: FactBase) -> None:
    html = missile_catalogue(fb, CTX)
    assert html.index("{#class-srbm}") < html.index("{#class-icbm}")
    ids = re.findall(r'id="missile-([a-z0-9-]+)"', html)
    assert ids == ["hwasong-11a", "rail-kn-23", "scud-b", "hwasong-15", "paraded"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "{id: spec-x, type: scud-b, ranges: [{basis: assessed, km: 900, km_max: 800, "
            "by: X, sources: [src-a]}]}",
            "km_max 800 is below km 900",
        ),
        ("{id: spec-x, type: scud-b, fuel: solid}", "fuel needs fuel_sources"),
        ("{id: spec-x, type: hwasong-51}", "unknown missile type id 'hwasong-51'"),
        (
            "{id: spec-x, type: scud-b, ranges: [{basis: assessed, km: 9, by: X, "
            "sources: [src-zz]}]}",
            "unknown source id 'src-zz'",
        ),
        ("{id: spec-x, type: scud-b, range: 9}", "unknown field 'range'"),
    ],
)
def test_bad_spec_is_refused_with_file_and_line(make_fb: MakeFB, spec: str, message: str) -> None:
    bad = {**LAUNCHES, "data/missile-specs.yml": f"missile_specs:\n  - {spec}\n"}
    with pytest.raises(FactBaseError) as err:
        make_fb(bad)
    assert "data/missile-specs.yml:2:" in str(err.value)
    assert message in str(err.value)


def test_family_points_use_range_then_flight_then_apogee(fb: FactBase) -> None:
    points = {p.type_id: p for p in family_points(fb)}
    assert set(points) == {"scud-b", "hwasong-15", "hwasong-11a"}
    assert (points["hwasong-15"].km, points["hwasong-15"].km_low) == (13000, 10000)
    assert points["hwasong-15"].basis == "range"
    assert points["scud-b"].basis == "range"
    assert points["scud-b"].tests == 2
    assert (points["hwasong-11a"].basis, points["hwasong-11a"].km) == ("apogee", 50)


def test_family_chart_marks_and_labels_every_flown_type(fb: FactBase) -> None:
    html = missile_family_chart(fb, CTX)
    soup = BeautifulSoup(html, "lxml")
    for layout in ("wide", "narrow"):
        svg = soup.find("svg", attrs={"aria-labelledby": re.compile(layout)})
        assert svg is not None
        assert svg.find("title").get_text().startswith("The missile family")  # type: ignore[union-attr]
        assert svg.find("desc").get_text()  # type: ignore[union-attr]
        links = {a["xlink:href"] for a in svg.find_all("a")}
        assert links == {"#missile-scud-b", "#missile-hwasong-15", "#missile-hwasong-11a"}
        labels = {t.get_text() for t in svg.find_all("text", class_="halo")}
        assert {"Scud-B", "Hwasong-15", "Hwasong-11A"} <= labels
    # The higher range is drawn higher: y grows downwards.
    wide = soup.find("svg", attrs={"aria-labelledby": re.compile("wide")})
    assert wide is not None
    ys = {}
    for a in wide.find_all("a"):
        shape = a.find(["rect", "circle"])
        assert shape is not None
        cy, top, height = (str(shape.get(k) or 0) for k in ("cy", "y", "height"))
        ys[str(a["xlink:href"])] = float(cy) or float(top) + float(height) / 2
    assert ys["#missile-hwasong-15"] < ys["#missile-scud-b"] < ys["#missile-hwasong-11a"]
    # The table beside it holds the same types.
    rows = soup.select("table tbody tr")
    assert [r.th.get_text() for r in rows if r.th] == ["Scud-B", "Hwasong-15", "Hwasong-11A"]
    # Its km column marks a figure that is not a range (one cell, no column of its own).
    heads = [th.get_text() for th in soup.select("table thead th")]
    assert heads == ["Type", "Class", "Fuel", "First flight", "Range, km", "Launch events"]
    km = [r.select("td")[3].get_text() for r in rows]
    assert km == ["300", "13,000", "50 (highest apogee)"]
    caption = soup.select_one("table caption")
    assert caption is not None
    assert "where no range estimate is on record" in caption.get_text()


def test_family_chart_is_small_and_deterministic(fb: FactBase) -> None:
    assert missile_family_chart(fb, CTX) == missile_family_chart(fb, CTX)


def test_missile_link_and_unknown_id(fb: FactBase) -> None:
    ctx = PageContext.for_url("history/")
    html = missile_link(fb, ctx, "hwasong-11a")
    assert html == '<a class="missile-link" href="../missiles/#missile-hwasong-11a">Hwasong-11A</a>'
    with pytest.raises(UnknownIdError, match="hwasong-15"):
        missile_link(fb, ctx, "hwasong-51")


def test_names_link_first_mention_and_every_launch_line(fb: FactBase) -> None:
    ctx = PageContext.for_url("history/")
    page = (
        "<h2>Hwasong-15 test</h2><p>The Hwasong-15 flew. Then the Hwasong-15 again, a KN-23 "
        'and a Rail-mobile KN-23; <a href="x">Scud-B</a>.</p><svg><text>Scud-B</text></svg>'
        '<p class="tl-launch">Hwasong-15 (ICBM)</p><p class="tl-launch">2 × Hwasong-15</p>'
        "<p>Scud-B at last; a Hwasong-150 is not a type.</p>"
    )
    out = BeautifulSoup(link_missile_names(fb, ctx, page), "lxml")
    links = [(a.get_text(), a["href"]) for a in out.find_all("a", class_="missile-link")]
    assert links == [
        ("Hwasong-15", "../missiles/#missile-hwasong-15"),
        ("KN-23", "../missiles/#missile-hwasong-11a"),
        ("Rail-mobile KN-23", "../missiles/#missile-rail-kn-23"),
        ("Hwasong-15", "../missiles/#missile-hwasong-15"),
        ("Hwasong-15", "../missiles/#missile-hwasong-15"),
        ("Scud-B", "../missiles/#missile-scud-b"),
    ]
    assert out.h2.a is None  # type: ignore[union-attr]
    assert out.svg.a is None  # type: ignore[union-attr]


# --- the real data ------------------------------------------------------------------


def test_each_type_is_a_search_result_titled_with_its_other_names(real: FactBase) -> None:
    """Issue 13: a missile type is a result of its own; "KN-23" finds the Hwasong-11A."""
    soup = BeautifulSoup(missile_catalogue(real, CTX), "lxml")
    entries = soup.select("article.missile-entry")
    assert len(entries) == len([t for t in missile_types(real) if t != "unknown"])
    for entry in entries:
        assert entry.has_attr("data-search-entry")
        assert entry["data-search-boost"] == "2"
    titles = {entry["id"]: entry["data-search-title"] for entry in entries}
    # Named "Hwasong-11A (KN-23)" with the alias KN-23: the alias is not repeated.
    assert titles["missile-hwasong-11a"] == "Hwasong-11A (KN-23)"
    assert titles["missile-hwasong-18"] == "Hwasong-18"
    other = MissileType.model_validate(
        {"id": "pukguksong-1", "name": "Pukguksong-1", "class": "SLBM", "aliases": ["KN-11"]}
    )
    assert search_title(other) == "Pukguksong-1 (KN-11)"


@pytest.fixture(scope="module")
def real() -> FactBase:
    return site.load()


def test_every_spec_names_a_real_type_and_every_range_is_sourced(real: FactBase) -> None:
    assert missile_specs(real)
    for spec in missile_specs(real).values():
        assert spec.type in missile_types(real)
        for estimate in spec.ranges:
            assert estimate.sources
            assert all(s in real.sources for s in estimate.sources)


@pytest.mark.parametrize(
    ("type_id", "first", "km"),
    [
        # Pinned facts: the first flights in the launch record and the cited estimates.
        ("scud-b", "1984-04-09", 500),
        ("hwasong-15", "2017-11-29", 12875),
        ("hwasong-18", "2023-04-13", 15000),
        ("hwasong-12", "2017-04", 4500),
    ],
)
def test_real_family_facts(real: FactBase, type_id: str, first: str, km: float) -> None:
    points = {p.type_id: p for p in family_points(real)}
    assert points[type_id].first.iso().startswith(first)
    assert math.isclose(points[type_id].km, km)


def test_real_family_chart_is_under_60_kb(real: FactBase) -> None:
    html = missile_family_chart(real, CTX)
    for svg in re.findall(r"<svg.*?</svg>", html, re.DOTALL):
        assert len(svg.encode()) < 60_000


def test_every_catalogue_entry_is_on_the_built_page(built_site: Path, real: FactBase) -> None:
    page = (built_site / "missiles" / "index.html").read_text(encoding="utf-8")
    for type_id in missile_types(real):
        if type_id != "unknown":
            assert f'id="missile-{type_id}"' in page
    history = (built_site / "history" / "index.html").read_text(encoding="utf-8")
    assert 'class="missile-link" href="../missiles/#missile-hwasong-15"' in history
