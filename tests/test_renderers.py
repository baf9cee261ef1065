"""Renderers are pure functions: facts in, HTML out. Tested here without MkDocs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup

from macros.engine.citations import cite, sources_list
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.figures import figure, format_value
from macros.engine.markup import PageContext, PageRef, esc
from macros.engine.reference import claims_table, glossary
from macros.engine.timeline import event_link, latest_event, select, timeline
from macros.northkorea.resolutions import resolutions_table

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("history/")

EXTRA = {
    "data/more.yml": """
        figures:
          - id: people-in-need
            label: people in need of aid
            value: 10400000
            unit: people
            as_of: 2020-04
            sources: [src-a]
        terms:
          - id: icbm
            term: ICBM
            definition: A long-range missile.
            see_also: [apogee]
          - id: apogee
            term: Apogee
            definition: The highest point of a flight.
        resolutions:
          - id: res-1718
            number: 1718
            date: 2006-10-14
            outcome: adopted
            vote: 15–0
            measures: [Bans arms.]
            event: first-event
            sources: [src-a]
        events:
          - id: hostile
            date: 2021-06-01
            title: "<script>alert(1)</script> [click](javascript:alert(2)) {{ 7*7 }}"
            summary: '<img src=x onerror="alert(3)"> **bold** {% if 1 %}x{% endif %}'
            category: statement
            sources: [src-b]
    """,
    "seeds/seed.yml": """
        seed:
          id: seed-one
          publisher: Some Site
          title: An article
          date: 2024-10
        claims:
          - id: claim-one
            claim: Something was said.
            verdict: contradicted
            reason: The record says otherwise.
            events: [first-event]
            sources: [src-b]
    """,
}


@pytest.fixture
def fb(make_fb: MakeFB) -> FactBase:
    return make_fb(EXTRA)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def test_timeline_entries_have_ids_times_titles_and_citations(fb: FactBase) -> None:
    page = soup(timeline(fb, CTX))
    entries = page.select("li.tl-entry")
    assert [li["id"] for li in entries] == ["second-event", "first-event", "hostile"]
    first = page.select_one("#first-event")
    assert first is not None
    time = first.select_one("time")
    assert time is not None
    assert (time["datetime"], time.text) == ("2017-11-29", "29 November 2017")
    assert first["data-category"] == "diplomacy"
    assert first.select_one(".tl-title") is not None
    assert first.select_one(".tl-summary").text == "Something happened."  # type: ignore[union-attr]
    links = [a["href"] for a in first.select(".tl-sources a")]
    assert links == ["../sources/#src-a"]
    assert page.select_one("#second-event time")["datetime"] == "1984-09"  # type: ignore[index]


def test_timeline_filters(fb: FactBase) -> None:
    assert [e.id for e in select(fb, category="diplomacy")] == ["first-event"]
    assert [e.id for e in select(fb, tag="summit")] == ["first-event"]
    assert [e.id for e in select(fb, actor="north-korea")] == ["first-event"]
    assert [e.id for e in select(fb, start=2000)] == ["first-event", "hostile"]
    assert [e.id for e in select(fb, start=1984, end="2017-11")] == ["second-event", "first-event"]
    assert select(fb, category="humanitarian") == []
    assert "No events match" in timeline(fb, CTX, category="humanitarian")


def test_timeline_group_by_year_makes_headings(fb: FactBase) -> None:
    out = timeline(fb, CTX, group="year")
    assert "## 1984 {#year-1984}" in out
    assert "## 2017 {#year-2017}" in out


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"category": "diplomcy"}, "unknown category 'diplomcy' (did you mean 'diplomacy'?)"),
        ({"actor": "north-koria"}, "unknown actor id 'north-koria' (did you mean 'north-korea'?)"),
        ({"tag": "sumit"}, "unknown tag id 'sumit' (did you mean 'summit'?)"),
        ({"start": "20x"}, "timeline(start=...): not a date"),
        ({"start": 2020, "end": 2019}, "end 2019 is before start 2020"),
        ({"group": "decade"}, "use group='year'"),
    ],
)
def test_timeline_bad_arguments_explain_themselves(
    fb: FactBase, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises((ValueError, LookupError)) as info:
        timeline(fb, CTX, **kwargs)
    assert message in str(info.value)


def test_data_text_is_escaped_everywhere(fb: FactBase) -> None:
    out = timeline(fb, CTX) + event_link(fb, CTX, "hostile", show="both")
    page = soup(out)
    assert page.find("script") is None
    assert page.find("img") is None
    assert not [a for a in page.find_all("a") if "javascript" in str(a.get("href", ""))]
    for raw in ("<script>", "{{", "{%", "[click]", "**bold**"):
        assert raw not in out
    # The reader still sees the text exactly as written.
    title = page.select_one("#hostile .tl-title")
    assert title is not None
    assert title.text == "<script>alert(1)</script> [click](javascript:alert(2)) {{ 7*7 }}"


def test_esc_neutralises_markdown_and_jinja() -> None:
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert esc("[x](y) *b* _i_ {{ z }}") == (
        "&#91;x&#93;(y) &#42;b&#42; &#95;i&#95; &#123;&#123; z &#125;&#125;"
    )


def test_event_link_points_at_timeline_anchor(fb: FactBase) -> None:
    link = soup(event_link(fb, CTX, "first-event")).a
    assert link is not None
    assert link["href"] == "../timeline/#first-event"
    assert link.time["datetime"] == "2017-11-29"  # type: ignore[index]
    home = soup(event_link(fb, PageContext.for_url(""), "first-event", show="title")).a
    assert home is not None
    assert (home["href"], home.text) == ("timeline/#first-event", "First event")


def test_cite_links_each_source(fb: FactBase) -> None:
    links = soup(cite(fb, CTX, "src-a", "src-b")).find_all("a")
    assert [(a["href"], a.text) for a in links] == [
        ("../sources/#src-a", "Agency A"),
        ("../sources/#src-b", "Paper B"),
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda fb: cite(fb, CTX, "src-aa"), "unknown source id 'src-aa' (did you mean 'src-a'?)"),
        (lambda fb: event_link(fb, CTX, "first-evnt"), "(did you mean 'first-event'?)"),
        (lambda fb: figure(fb, CTX, "people-in-ned"), "(did you mean 'people-in-need'?)"),
        (lambda fb: cite(fb, CTX, "zzzz"), "unknown source id 'zzzz' (no such source)"),
    ],
)
def test_unknown_ids_suggest_the_closest(
    fb: FactBase, call: Callable[[FactBase], str], message: str
) -> None:
    with pytest.raises(UnknownIdError) as info:
        call(fb)
    assert message in str(info.value)


def test_figure_shows_value_unit_date_and_source(fb: FactBase) -> None:
    span = soup(figure(fb, CTX, "people-in-need")).select_one(".figure")
    assert span is not None
    assert span.select_one(".figure-value").text == "10.4 million people"  # type: ignore[union-attr]
    assert span.select_one(".figure-asof time")["datetime"] == "2020-04"  # type: ignore[index]
    assert span.select_one(".cite a")["href"] == "../sources/#src-a"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (41.6, "percent", "41.6%"),
        (107_000_000, "usd", "$107 million"),
        (1_000_000_000, "usd", "$1 billion"),
        (59, "count", "59"),
        (7_500_000, "tonnes", "7.5 million tonnes"),
        (12000, "people", "12,000 people"),
    ],
)
def test_format_value(value: float, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_sources_list_anchors_links_and_backlinks(fb: FactBase) -> None:
    ctx = PageContext.for_url("sources/", citations={"src-a": (PageRef("History", "history/"),)})
    page = soup(sources_list(fb, ctx))
    items = page.select("li.source")
    assert sorted(li["id"] for li in items) == ["src-a", "src-b"]
    src_a = page.select_one("#src-a")
    assert src_a is not None
    assert src_a.select_one("a.source-title")["href"] == "https://example.org/a"  # type: ignore[index]
    backlinks = [a["href"] for a in src_a.select(".source-cited-by a")]
    assert "../history/" in backlinks
    assert "../timeline/#first-event" in backlinks
    # A source without a URL is cited by its title, never linked.
    assert page.select_one("#src-b a.source-title") is None


def test_sources_that_print_alike_say_they_are_different_pages(make_fb: MakeFB) -> None:
    twins = """
        sources:
          - {id: src-a, publisher: Agency A, title: A report, url: "https://example.org/a",
             date: 2020-01-02}
          - {id: src-a2, publisher: Agency A, title: A report, url: "https://example.org/a2",
             date: 2020-01-02}
          - {id: src-a3, publisher: Agency A, title: Another report,
             url: "https://example.org/a3", date: 2020-01-02}
          - {id: src-b, publisher: Paper B, title: A story}
    """
    fb = make_fb({"data/sources.yml": twins})
    page = soup(sources_list(fb, PageContext.for_url("sources/")))
    said = {str(li["id"]): li.select_one(".source-twin") for li in page.select("li.source")}
    for twin in ("src-a", "src-a2"):
        note = said[twin]
        assert note is not None
        assert note.get_text() == "One of 2 different pages from this publisher with this title."
    # Another title, or another publisher, is not the same entry.
    assert said["src-a3"] is None
    assert said["src-b"] is None


def test_glossary_resolutions_and_claims(fb: FactBase) -> None:
    terms = soup(glossary(fb, CTX))
    assert [div["id"] for div in terms.select("dl.glossary > div")] == ["apogee", "icbm"]
    assert terms.select_one("dd a")["href"] == "#apogee"  # type: ignore[index]
    table = soup(resolutions_table(fb, CTX))
    assert table.select_one("td a")["href"] == "../timeline/#first-event"  # type: ignore[index]
    assert "Bans arms." in table.text
    claims = soup(claims_table(fb, CTX))
    assert claims.select_one(".verdict-contradicted") is not None
    assert claims.select_one("#claim-one") is not None


def test_latest_event_follows_the_data(fb: FactBase) -> None:
    link = soup(latest_event(fb, CTX, category="diplomacy")).a
    assert link is not None
    assert link["href"] == "../timeline/#first-event"
    assert "hostile" in latest_event(fb, CTX)
    with pytest.raises(ValueError, match="no event matches"):
        latest_event(fb, CTX, category="humanitarian")


def test_launch_detail_shows_korea_time_claims_and_folds_sources(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            "data/launch.yml": """
                missile_types:
                  - {id: hwasong-15, name: Hwasong-15, class: ICBM}
                  - {id: hwasong-17, name: Hwasong-17, class: ICBM}
                sources:
                  - {id: s1, publisher: P1, title: T}
                  - {id: s2, publisher: P2, title: T}
                  - {id: s3, publisher: P3, title: T}
                  - {id: s4, publisher: P4, title: T}
                  - {id: s5, publisher: P5, title: T}
                events:
                  - id: launch
                    date: 2022-03-24
                    title: ICBM launch
                    category: missile-test
                    sources: [s1, s2, s3, s4, s5]
                    launch:
                      time_utc: "05:34"
                      missiles:
                        - {type: hwasong-15, claimed_type: hwasong-17, apogee_km: 6248.5}
            """
        }
    )
    entry = soup(timeline(fb, CTX)).select_one("#launch")
    assert entry is not None
    detail = entry.select_one(".tl-launch")
    assert detail is not None
    assert detail.text == (
        "Hwasong-15 (ICBM; announced as Hwasong-17) · launched 14:34 Korea time (05:34 UTC) · "
        "apogee up to 6,248.5 km"
    )
    shown = entry.select(".tl-sources > a")
    folded = entry.select(".tl-sources details a")
    assert [a.text for a in shown] == ["P1", "P2", "P3"]
    assert [a.text for a in folded] == ["P4", "P5"]
    assert entry.select_one(".tl-sources summary").text == "2 more"  # type: ignore[union-attr]
