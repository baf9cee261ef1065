"""Charts and computed counts come from the launch records, with text alternatives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.northkorea.charts import launch_count, launches_chart, missiles_by_year_and_class

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("history/")

LAUNCHES = {
    "data/launches.yml": """
        missile_types:
          - id: scud-b
            name: Scud-B
            class: SRBM
          - id: hwasong-15
            name: Hwasong-15
            class: ICBM
          - id: unha
            name: Unha
            class: SLV
        events:
          - id: salvo
            date: 2016-09-05
            title: Three Scuds
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b, outcome: success}
                - {type: scud-b, outcome: success}
                - {type: scud-b, outcome: failure}
          - id: icbm
            date: 2017-11-29
            title: Hwasong-15
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: hwasong-15, apogee_km: 4475}
          - id: rocket
            date: 2016-02-07
            title: Satellite launch
            category: satellite-launch
            sources: [src-a]
            launch:
              missiles:
                - {type: unha}
          - id: old
            date: 2014
            title: One Scud
            category: missile-test
            sources: [src-a]
            launch:
              missiles:
                - {type: scud-b}
    """
}


@pytest.fixture
def fb(make_fb: MakeFB) -> FactBase:
    return make_fb(LAUNCHES)


def test_counts_by_year_and_class_fill_empty_years(fb: FactBase) -> None:
    counts = missiles_by_year_and_class(fb)
    assert list(counts) == [2014, 2015, 2016, 2017]
    assert counts[2016] == {"SRBM": 3, "SLV": 1}
    assert sum(counts[2015].values()) == 0
    assert counts[2017] == {"ICBM": 1}


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({}, "5"),
        ({"unit": "events"}, "3"),
        ({"year": 2016}, "3"),
        ({"year": 2016, "unit": "events"}, "1"),
        ({"missile_class": "ICBM"}, "1"),
        ({"year": 2015}, "0"),
        ({"space": True}, "6"),
        ({"year": 2016, "unit": "events", "space": True}, "2"),
    ],
)
def test_launch_count(fb: FactBase, kwargs: dict[str, object], text: str) -> None:
    span = BeautifulSoup(launch_count(fb, CTX, **kwargs), "lxml").span  # type: ignore[arg-type]
    assert span is not None
    assert span.text == text


def test_launch_count_refuses_bad_arguments(fb: FactBase) -> None:
    with pytest.raises(ValueError, match="use 'missiles' or 'events'"):
        launch_count(fb, CTX, unit="rockets")
    with pytest.raises(ValueError, match="use one of"):
        launch_count(fb, CTX, missile_class="XRBM")


def test_chart_has_title_description_bars_and_table(fb: FactBase) -> None:
    html = BeautifulSoup(launches_chart(fb, CTX), "lxml")
    svg = html.find("svg")
    assert svg is not None
    assert svg["role"] == "img"
    for ref in str(svg["aria-labelledby"]).split():
        assert html.find(id=ref) is not None
    assert "2014–2017" in html.title.text  # type: ignore[union-attr]
    assert "6 missiles and rockets" in html.find("desc").text  # type: ignore[union-attr]
    bars = svg.find_all("rect")
    assert len(bars) == 4  # 2014 SRBM, 2016 SRBM and SLV, 2017 ICBM
    rows = {
        tr.select_one("th").text: [td.text for td in tr.find_all("td")]  # type: ignore[union-attr]
        for tr in html.select("table.chart-data tbody tr")
    }
    assert rows["2016"] == ["3", "0", "1", "4"]
    assert rows["2017"] == ["0", "1", "0", "1"]
    assert [li.text for li in html.select(".chart-legend li")] == [
        "Short-range ballistic (SRBM)",
        "Intercontinental ballistic (ICBM)",
        "Space launch vehicle (SLV)",
    ]


def test_chart_is_deterministic(fb: FactBase) -> None:
    assert launches_chart(fb, CTX) == launches_chart(fb, CTX)


def test_year_labels_never_crowd_each_other(fb: FactBase) -> None:
    svg = BeautifulSoup(launches_chart(fb, CTX), "lxml").find("svg")
    assert svg is not None
    years = [int(t.text) for t in svg.find_all("text") if t.get("text-anchor") == "middle"]
    assert years == [2015]
