"""figures_table(): several sourced figures side by side, each naming who made it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros.engine.factbase import FactBase, FactBaseError, UnknownIdError
from macros.engine.figures import figure
from macros.engine.markup import PageContext
from macros.engine.reference import figures_table

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("arsenal/")
FIGURES = {
    "data/figures.yml": """
        figures:
          - id: low-estimate
            label: warheads (Institute A estimate)
            value: 50
            unit: count
            as_of: 2025-01
            sources: [src-a]
          - id: high-estimate
            label: of enriched uranium (<b>Minister</b> B estimate)
            value: 2
            unit: tonnes
            as_of: 2025-09
            period: 2020–2025
            status: disputed
            sources: [src-a, src-b]
    """
}


def test_rows_follow_the_order_given_with_value_label_date_and_sources(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    html = BeautifulSoup(
        figures_table(fb, CTX, "high-estimate", "low-estimate", caption="Estimates"), "lxml"
    )
    assert html.caption is not None
    assert html.caption.text == "Estimates"
    trs = html.select("tbody tr")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in trs]
    assert rows[0][:3] == [
        "2 tonnes",
        "of enriched uranium (<b>Minister</b> B estimate) (disputed)",
        "September 2025 for 2020–2025",
    ]
    assert rows[1][:3] == ["50", "warheads (Institute A estimate)", "January 2025"]
    assert [a.text for a in trs[0].find_all("a")] == ["Agency A", "Paper B"]
    assert html.find("b") is None, "a label is text, never markup"


def test_unknown_figure_names_the_closest_id(make_fb: MakeFB) -> None:
    fb = make_fb(FIGURES)
    with pytest.raises(UnknownIdError, match="low-estimate"):
        figures_table(fb, CTX, "low-estimat", caption="Estimates")


@pytest.mark.parametrize(("ids", "caption"), [((), "Estimates"), (("low-estimate",), " ")])
def test_refuses_an_empty_table_or_caption(
    make_fb: MakeFB, ids: tuple[str, ...], caption: str
) -> None:
    with pytest.raises(ValueError, match="figures_table"):
        figures_table(make_fb(FIGURES), CTX, *ids, caption=caption)


RANGES = {
    "data/figures.yml": """
        figures:
          - id: warheads-range
            label: warheads in all
            low: 45
            value: 55
            unit: count
            as_of: 2022-01
            estimated_by: Institute <i>A</i>
            sources: [src-a]
          - id: material-range
            label: of enriched uranium
            low: 1.5
            value: 2
            unit: tonnes
            as_of: 2025-09
            sources: [src-b]
    """
}


def test_a_range_shows_low_to_high_and_who_estimates_it(make_fb: MakeFB) -> None:
    fb = make_fb(RANGES)
    html = BeautifulSoup(
        figures_table(fb, CTX, "warheads-range", "material-range", caption="Estimates"), "lxml"
    )
    head = [th.get_text(strip=True) for th in html.select("thead th")]
    assert head == ["Estimate", "What it counts", "Who estimates", "As of", "Sources"]
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in html.select("tbody tr")
    ]
    assert rows[0][:4] == ["45 to 55", "warheads in all", "Institute <i>A</i>", "January 2022"]
    # A figure without an estimator leaves its cell empty; the unit is written once.
    assert rows[1][:4] == ["1.5 to 2 tonnes", "of enriched uranium", "", "September 2025"]
    assert html.find("i") is None, "who estimates is text, never markup"


def test_a_range_reads_in_a_sentence_with_its_estimator(make_fb: MakeFB) -> None:
    fb = make_fb(RANGES)
    text = BeautifulSoup(figure(fb, CTX, "warheads-range", cited=False), "lxml").get_text()
    assert text == "45 to 55 warheads in all (estimated by Institute <i>A</i>) as of January 2022"
    bare = BeautifulSoup(figure(fb, CTX, "warheads-range", cited=False, by=False), "lxml")
    assert bare.get_text() == "45 to 55 warheads in all as of January 2022"


def test_a_range_whose_low_end_is_not_below_its_value_is_refused(make_fb: MakeFB) -> None:
    bad = RANGES["data/figures.yml"].replace("low: 45", "low: 60")
    with pytest.raises(FactBaseError, match="low 60 is not below value 55"):
        make_fb({"data/figures.yml": bad})
