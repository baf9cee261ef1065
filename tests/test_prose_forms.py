"""Macros that write phrases for sentences: figures, event links, the record's end, reading time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros.engine import glossary
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.figures import figure
from macros.engine.markup import PageContext
from macros.engine.reading import (
    PLACEHOLDER,
    count_words,
    fill_reading_time,
    minutes,
    reading_time,
)
from macros.engine.reference import term
from macros.engine.timeline import (
    event_link,
    latest_event,
    record_date,
    record_end,
    render_entry,
    timeline,
)

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("history/")

FIGURES = {
    "data/more.yml": """
        figures:
          - id: undernourished
            label: of the population undernourished
            value: 41.6
            unit: percent
            as_of: 2022-07
            period: 2019–2021
            sources: [src-a]
          - id: in-need
            label: in need of aid
            value: 10400000
            unit: people
            as_of: 2020-04
            sources: [src-a]
        events:
          - id: resolution
            date: 2006-10-14
            end_date: 2006-10-20
            title: UN Security Council adopts Resolution 1718
            category: sanctions
            sources: [src-a]
    """
}


def text_of(html: str) -> str:
    """Return the words of an HTML fragment as a reader sees them."""
    return " ".join(BeautifulSoup(html, "lxml").get_text(" ").split())


def test_figure_with_a_period_reads_as_one_phrase_then_the_citation(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    html = figure(fb, CTX, "undernourished")
    span = BeautifulSoup(html, "lxml").select_one(".figure")
    assert span is not None
    assert span.select_one(".figure-period").text == "in 2019–2021"  # type: ignore[union-attr]
    # No bracketed "(as of ...)": the publication date is only the tooltip.
    assert span.select_one(".figure-asof") is None
    assert span["title"] == "Figure published July 2022"
    assert span["data-as-of"] == "2022-07"
    prose = text_of(html)
    assert prose.startswith("41.6% of the population undernourished in 2019–2021")
    assert "(as of" not in prose
    # The source is the citation, after the phrase.
    assert span.select_one(".cite a")["href"] == "../sources/#src-a"  # type: ignore[index]


def test_figure_without_a_period_says_as_of_when(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    html = figure(fb, CTX, "in-need", cited=False)
    assert text_of(html) == "10.4 million people in need of aid as of April 2020"
    asof = BeautifulSoup(html, "lxml").select_one(".figure-asof time")
    assert asof is not None
    assert asof["datetime"] == "2020-04"


def test_figure_can_leave_out_label_date_and_citation(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    assert text_of(figure(fb, CTX, "undernourished", label=False, cited=False)) == (
        "41.6% in 2019–2021"
    )
    assert text_of(figure(fb, CTX, "in-need", dated=False, cited=False)) == (
        "10.4 million people in need of aid"
    )
    bare = figure(fb, CTX, "in-need", label=False, dated=False, cited=False)
    assert text_of(bare) == "10.4 million people"
    assert "cite" not in bare


def test_event_link_with_own_words(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    link = BeautifulSoup(event_link(fb, CTX, "resolution", text="Resolution 1718"), "lxml").a
    assert link is not None
    assert link.text == "Resolution 1718"
    assert link["href"] == "../timeline/#resolution"
    # The headline stays available as the tooltip.
    assert link["title"] == "UN Security Council adopts Resolution 1718"
    both = event_link(fb, CTX, "resolution", text="Resolution 1718", show="both")
    assert BeautifulSoup(both, "lxml").get_text() == "Resolution 1718 (14 October 2006)"


def test_event_link_refuses_empty_words(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    with pytest.raises(ValueError, match="give the words of the link"):
        event_link(fb, CTX, "resolution", text="  ")


def test_latest_event_takes_own_words(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    html = latest_event(fb, CTX, category="missile-test", text="the latest launch", show="title")
    assert text_of(html) == "the latest launch"
    assert 'href="../timeline/#second-event"' in html


def test_record_end_is_the_latest_date_or_end_date(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    # first-event (2017-11-29) is the latest start date; no end date is later.
    assert record_end(fb).iso() == "2017-11-29"
    later = make_fb(
        {
            "data/more.yml": """
                events:
                  - id: long-meeting
                    date: 2017-11-28
                    end_date: 2017-12-02
                    title: A long meeting
                    category: diplomacy
                    sources: [src-a]
            """
        }
    )
    assert record_end(later).iso() == "2017-12-02"
    html = record_date(later, CTX)
    assert text_of(html) == "2 December 2017"
    assert 'datetime="2017-12-02"' in html


def test_count_words_skips_what_is_not_read() -> None:
    html = (
        '<h2 id="x">Two words<a class="headerlink" href="#x">¶</a></h2>'
        "<p>Three more&nbsp;words<br/>and four</p>"
        "<script>var not = 'counted at all';</script><style>p{color:red}</style>"
        "<svg><text>chart label</text></svg>"
    )
    assert count_words(html) == 7


@pytest.mark.parametrize(("words", "expected"), [(0, 1), (1, 1), (230, 1), (231, 2), (2300, 10)])
def test_minutes_round_up(words: int, expected: int) -> None:
    assert minutes(words) == expected


def test_fill_reading_time_counts_the_page(make_fb: MakeFB) -> None:
    placeholder = reading_time(make_fb(), CTX)
    assert placeholder == PLACEHOLDER
    page = f"<p>{placeholder}</p><p>{'word ' * 460}</p>"
    filled = fill_reading_time(page)
    line = BeautifulSoup(filled, "lxml").select_one(".reading-time")
    assert line is not None
    assert line.text == "About 2 minutes to read (460 words)"
    assert line["data-words"] == "460"
    assert PLACEHOLDER not in filled
    assert fill_reading_time("<p>no placeholder</p>") == "<p>no placeholder</p>"


TERMS = {
    "data/terms.yml": """
        terms:
          - id: icbm
            term: ICBM
            definition: >-
              Intercontinental ballistic missile: the longest-range class.
          - id: who
            term: WHO
            definition: World Health Organization, the UN agency for health.
          - id: apogee
            term: Apogee
            definition: The highest point of a flight.
    """
}


def test_term_links_its_glossary_entry_with_what_it_stands_for(make_fb: MakeFB) -> None:
    fb = make_fb(TERMS)
    link = BeautifulSoup(term(fb, CTX, "icbm"), "lxml").a
    assert link is not None
    assert link["href"] == "../about/#icbm"
    assert link.abbr is not None
    assert link.abbr["title"] == "intercontinental ballistic missile"
    assert link.text == "ICBM"
    first_use = term(fb, CTX, "icbm", expand=True, plural=True)
    assert BeautifulSoup(first_use, "lxml").get_text() == (
        "intercontinental ballistic missiles (ICBMs)"
    )
    # A proper name keeps its capitals; a plain word has nothing to expand.
    who = BeautifulSoup(term(fb, CTX, "who", expand=True), "lxml").get_text()
    assert who == "World Health Organization (WHO)"
    plain = term(fb, CTX, "apogee", expand=True)
    assert text_of(plain) == "Apogee"
    assert "<abbr" not in plain


def test_term_with_an_unknown_id_suggests_the_closest(make_fb: MakeFB) -> None:
    fb = make_fb(TERMS)
    with pytest.raises(UnknownIdError, match="did you mean 'icbm'"):
        term(fb, CTX, "icmb")


def test_a_timeline_list_links_the_first_use_of_each_abbreviation(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            **TERMS,
            "data/more.yml": """
                events:
                  - id: launch-one
                    date: 2017-07-04
                    title: A launch
                    summary: The JCS saw an ICBM fall; two ICBMs in all.
                    category: missile-test
                    sources: [src-a]
                  - id: launch-two
                    date: 2017-07-28
                    title: Another launch
                    summary: Another ICBM, and ICBMWORD is no abbreviation.
                    category: missile-test
                    sources: [src-a]
            """,
        }
    )
    html = timeline(fb, CTX, category="missile-test")
    page = BeautifulSoup(html, "lxml")
    links = page.select(".tl-summary a.term-link")
    # ICBM is linked once for the whole list, at its first use; JCS is not in the glossary.
    assert [a.get_text() for a in links] == ["ICBM"]
    assert links[0]["href"] == "../about/#icbm"
    assert links[0].abbr["title"] == "intercontinental ballistic missile"  # type: ignore[index]
    first, second = page.select(".tl-summary")
    assert first.get_text() == "The JCS saw an ICBM fall; two ICBMs in all."
    assert "ICBMWORD" in second.get_text()
    assert second.select("a") == []
    # The embed's entries (rendered one by one) stay plain.
    assert "term-link" not in render_entry(fb, CTX, fb.events_by_id["launch-one"])


def test_abbreviations_in_titles_get_a_tooltip_on_first_use_in_a_list(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            **TERMS,
            "data/more.yml": """
                events:
                  - id: launch-one
                    date: 2017-07-04
                    title: First ICBM flies
                    category: missile-test
                    sources: [src-a]
                  - id: launch-two
                    date: 2017-07-28
                    title: Second ICBM flies
                    category: missile-test
                    sources: [src-a]
            """,
        }
    )
    page = BeautifulSoup(timeline(fb, CTX, category="missile-test"), "lxml")
    titles = [page.select_one(f"#{i} .tl-title") for i in ("launch-one", "launch-two")]
    assert titles[0] is not None
    assert titles[1] is not None
    # The title is the entry's own link: no link inside the link, and since a tap on a
    # phone follows the link (no tooltip opens), the words are written out after it.
    first = titles[0].select("abbr")
    assert [(a.get_text(), a["title"]) for a in first] == [
        ("ICBM", "intercontinental ballistic missile")
    ]
    assert titles[0].select("a a") == []
    assert titles[1].select("abbr") == []
    assert titles[0].get_text() == "First ICBM (intercontinental ballistic missile) flies"
    assert titles[1].get_text() == "Second ICBM flies"


def test_a_plural_abbreviation_in_a_title_is_spelled_out_in_the_plural(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            **TERMS,
            "data/more.yml": """
                events:
                  - id: launch-one
                    date: 2017-07-04
                    title: Two ICBMs fly
                    category: missile-test
                    sources: [src-a]
            """,
        }
    )
    page = BeautifulSoup(timeline(fb, CTX, category="missile-test"), "lxml")
    title = page.select_one("#launch-one .tl-title")
    assert title is not None
    assert title.get_text() == "Two ICBMs (intercontinental ballistic missiles) fly"


def test_figure_labels_explain_their_abbreviations_once_per_page(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            **TERMS,
            "data/more.yml": """
                figures:
                  - id: icbm-count
                    label: ICBM launchers, as WHO counts them
                    value: 12
                    unit: count
                    as_of: 2024-01
                    sources: [src-a]
            """,
        }
    )
    one = figure(fb, CTX, "icbm-count")
    # The renderer marks each abbreviation; the page links the first use of each term.
    assert one.count('class="term-mark"') == 2
    html = glossary.link_first_marks(CTX, f"<p>{one}</p><p>{one}</p>")
    page = BeautifulSoup(html, "lxml")
    links = page.select("a.term-link")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("ICBM", "../about/#icbm"),
        ("WHO", "../about/#who"),
    ]
    tooltips = [a for a in page.select("abbr") if a.parent is not None and a.parent.name != "a"]
    assert [(a.get_text(), a["title"]) for a in tooltips] == [
        ("ICBM", "intercontinental ballistic missile"),
        ("WHO", "World Health Organization"),
    ]
    assert "term-mark" not in html
    # A term the page already linked (with term()) is not linked a second time.
    linked_first = glossary.link_first_marks(CTX, term(fb, CTX, "icbm") + one)
    assert linked_first.count('href="../about/#icbm"') == 1
