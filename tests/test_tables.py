"""Every headed table is labelled cell by cell, so that a phone can show its rows as cards."""

from __future__ import annotations

from bs4 import BeautifulSoup

from macros.engine.tables import label_cells

TABLE = (
    '<table class="x"><caption>C</caption><thead><tr><th scope="col">Year</th>'
    '<th scope="col">What <em>it</em> did</th><th>A &amp; B</th></tr></thead>'
    '<tbody><tr><th scope="row">2017</th><td>Banned <a href="#">coal</a></td><td>1</td></tr>'
    '<tr><th scope="row">2018</th><td data-label="Own">kept</td><td>2</td></tr></tbody></table>'
)


def test_each_body_cell_gets_its_columns_name() -> None:
    soup = BeautifulSoup(label_cells(TABLE), "html.parser")
    table = soup.select_one("table")
    assert table is not None
    assert table.has_attr("data-phone-cards")
    assert table["class"] == ["x"]
    rows = soup.select("tbody tr")
    assert [td.get("data-label") for td in rows[0].select("td")] == ["What it did", "A & B"]
    assert [td.get("data-label") for td in rows[1].select("td")] == ["Own", "A & B"]
    assert rows[0].select_one("th").get("data-label") is None  # type: ignore[union-attr]


def test_a_table_without_a_header_row_is_left_alone() -> None:
    plain = "<table><tbody><tr><td>1</td><td>2</td></tr></tbody></table><p>text</p>"
    assert label_cells(plain) == plain
    assert label_cells("<p>no table</p>") == "<p>no table</p>"


def test_labels_are_escaped() -> None:
    html = label_cells(
        '<table><thead><tr><th>"Q"</th><th>R</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )
    assert 'data-label="&quot;Q&quot;"' in html
