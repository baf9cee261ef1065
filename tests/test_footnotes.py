"""Citations stay out of the way: numbers in the text, sources at the end, datasets once."""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup

from macros.engine import footnotes
from macros.engine.citations import cite
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, clean_url

CTX = PageContext.for_url("history/")
DATA = {
    "data/sources.yml": """
        sources:
          - id: src-a
            publisher: Agency A
            title: A report
            url: https://example.org/a?id=7&utm_source=feed&utm_medium=rss
            date: 2020-01-02
          - id: src-b
            publisher: Paper B
            title: A <story>
          - id: data-x
            publisher: Lab X
            title: The X dataset
            kind: dataset
            url: https://example.org/x
    """,
}


def page(fb: FactBase, *citations: tuple[str, ...]) -> str:
    """A page of one paragraph per citation, then a 'Last updated' line."""
    body = "".join(f"<p>Sentence {i} {cite(fb, CTX, *ids)}.</p>" for i, ids in enumerate(citations))
    return body + '<p class="page-updated">Last updated today.</p>'


def test_citations_become_numbers_in_order_of_first_use(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(DATA)
    html = footnotes.number_citations(fb, CTX, page(fb, ("src-b",), ("src-a", "src-b"), ("src-b",)))
    soup = BeautifulSoup(html, "html.parser")
    paragraphs = soup.select("p")
    assert paragraphs[0].get_text() == "Sentence 01."
    assert paragraphs[1].get_text() == "Sentence 12,1."
    markers = soup.select("sup.cite-refs a.cite-ref")
    assert [a["href"] for a in markers] == ["#ref-1", "#ref-2", "#ref-1", "#ref-1"]
    assert markers[1]["title"] == "Agency A: A report (2 January 2020)"
    assert soup.select_one(".cite") is None  # no long citation left in the text
    items = soup.select("section.page-refs ol.page-refs-list > li")
    assert [li["id"] for li in items] == ["ref-1", "ref-2"]
    assert items[0].get_text(" ", strip=True).startswith("Paper B , A <story>")
    # The list comes before the 'Last updated' line.
    assert html.index("page-refs") < html.index("page-updated")


def test_a_dataset_is_credited_once_and_not_repeated_in_the_text(
    make_fb: Callable[..., FactBase],
) -> None:
    fb = make_fb(DATA)
    html = footnotes.number_citations(fb, CTX, page(fb, ("data-x",), ("data-x", "src-a")))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("p")[0].get_text() == "Sentence 0."  # no gap left before the stop
    assert soup.select("p")[1].get_text() == "Sentence 11."
    credit = soup.select("p.ref-datasets")
    assert len(credit) == 1
    assert "The X dataset" in credit[0].get_text()
    link = credit[0].select_one("a")
    assert link is not None
    assert link["href"] == "../sources/#data-x"


def test_the_list_links_the_source_without_tracking_parameters(
    make_fb: Callable[..., FactBase],
) -> None:
    fb = make_fb(DATA)
    html = footnotes.number_citations(fb, CTX, page(fb, ("src-a",)))
    link = BeautifulSoup(html, "html.parser").select_one("a.ref-title")
    assert link is not None
    assert link["href"] == "https://example.org/a?id=7"
    assert "utm_" not in html


def test_a_page_without_citations_is_left_as_it_is(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(DATA)
    html = "<p>No sources here.</p>"
    assert footnotes.number_citations(fb, CTX, html) == html


def test_clean_url_keeps_everything_but_tracking() -> None:
    assert clean_url("https://e.org/p?utm_campaign=x") == "https://e.org/p"
    assert clean_url("https://e.org/p?a=1&fbclid=2&b=3#top") == "https://e.org/p?a=1&b=3#top"
    assert clean_url("https://e.org/p?utmost=1") == "https://e.org/p?utmost=1"
