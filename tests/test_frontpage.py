"""The home page's first screen: key-figure cards, the compact chart and what's new."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from bs4 import BeautifulSoup

from macros import site
from macros.engine import urls, whatsnew
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.northkorea import frontpage
from macros.northkorea.records import launch_of, missile_types

HOME = PageContext.for_url("")


@cache
def real() -> FactBase:
    return site.load()


def cards() -> list[dict[str, str]]:
    soup = BeautifulSoup(frontpage.key_figures(real(), HOME), "html.parser")
    return [
        {
            "value": li.select_one(".kf-value").get_text(),  # type: ignore[union-attr]
            "label": li.select_one(".kf-label").get_text(),  # type: ignore[union-attr]
            "detail": li.select_one(".kf-detail").get_text(" ", strip=True),  # type: ignore[union-attr]
            "cites": str(len(li.select(".kf-source a.cite-link"))),
        }
        for li in soup.select("li.kf-card")
    ]


def test_four_dated_sourced_cards() -> None:
    found = cards()
    assert [c["label"] for c in found][:2] == [
        "nuclear tests",
        "launches of intercontinental missiles",
    ]
    # Six nuclear tests, the last on 3 September 2017 (a wrong fact fails here).
    assert found[0]["value"] == "6"
    assert found[0]["detail"].startswith("the last on 3 September 2017")
    for card in found:
        assert int(card["cites"]) >= 1, card
        assert any(ch.isdigit() for ch in card["detail"]), card  # every card is dated
    assert found[3]["value"] == "10.4 million"
    assert found[3]["label"] == "people in need of humanitarian aid"


def test_the_launch_cards_count_the_records() -> None:
    fb = real()
    types = missile_types(fb)
    launches = [(e, la) for e in fb.events if (la := launch_of(e)) is not None]
    icbm_events = [
        e
        for e, la in launches
        if str(e.category) == "missile-test"
        and any(types[m.type].missile_class == "ICBM" for m in la.missiles)
    ]
    found = cards()
    assert found[1]["value"] == str(len(icbm_events))
    assert icbm_events[-1].date.human() in found[1]["detail"]
    last_year = max((e.end_date or e.date) for e in fb.events).year
    this_year = [
        e for e, _ in launches if str(e.category) == "missile-test" and e.date.year == last_year
    ]
    assert found[2]["value"] == str(len(this_year))
    assert found[2]["label"].endswith(f"in {last_year}")


def test_the_compact_chart_has_a_bar_per_year_and_a_text_alternative() -> None:
    fb = real()
    svg = BeautifulSoup(frontpage.launch_bars(fb, HOME), "html.parser")
    years = {e.date.year for e in fb.events if launch_of(e) is not None}
    bars = svg.select("rect.spark-bar")
    assert len(bars) == max(years) - min(years) + 1
    assert svg.select_one("svg[role=img] title") is not None
    assert svg.select_one("svg desc") is not None
    assert len(svg.select("rect.spark-last")) == 1


def test_whats_new_lists_the_latest_events_newest_first(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb()
    soup = BeautifulSoup(whatsnew.whats_new(fb, HOME, count=2), "html.parser")
    items = soup.select("ol.whats-new-list > li")
    assert [li.select_one("a")["href"] for li in items] == [  # type: ignore[index]
        "timeline/#first-event",
        "timeline/#second-event",
    ]
    assert "The record runs to 29 November 2017" in soup.get_text(" ", strip=True)
    with pytest.raises(ValueError, match="count"):
        whatsnew.whats_new(fb, HOME, count=0)


def test_whats_new_on_the_real_record_shows_the_five_latest() -> None:
    fb = real()
    soup = BeautifulSoup(whatsnew.whats_new(fb, HOME), "html.parser")
    links = [str(a["href"]) for a in soup.select("ol.whats-new-list a")]
    assert links == [urls.timeline_path(fb, e.id) for e in fb.events[-5:][::-1]]
