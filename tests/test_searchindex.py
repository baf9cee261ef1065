"""The search index: short results, one per entry, names and spaces kept (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros.engine.searchindex import (
    MAX_TEXT,
    SEPARATOR,
    SHORT_TEXT,
    IndexedPage,
    build_index,
    joined_parts,
    page_documents,
)

PAGE = """
<h1 id="sources">Sources</h1><p>Every source, by publisher.</p>
<ol class="source-list">
<li class="source" id="un-2397" data-search-entry data-search-title="Resolution 2397 (2017)"
 data-search-boost="0.5"><p><span>UN</span>, <cite>Resolution 2397 (2017)</cite>. 2017</p>
<details data-search-exclude><summary>Cited by 3 pages</summary><ul><li>History</li></ul>
</details></li>
</ol>
<h2 id="tests">Nuclear tests<a class="headerlink" href="#tests">¶</a></h2>
<h3>A seventh test?</h3><h3>First nuclear test</h3>
<table><tr><th>Year</th><th>Launches</th></tr><tr><td>2017</td><td>20</td></tr></table>
<p>Line one<br>line two</p>
<ol class="tl-list" data-search-exclude><li>a repeated entry</li></ol>
<ol class="tl-list"><li id="e1" class="tl-entry" data-search-entry>
<h3 class="tl-title"><a href="#e1">Hwasong-17 ICBM test</a></h3>
<p class="tl-meta"><time>24 March 2022</time> Missile test</p>
<div data-search-exclude>Sources: CNS</div></li></ol>
"""


def docs_by_location() -> dict[str, dict[str, object]]:
    return {str(d["location"]): d for d in page_documents("sources/", "Sources", PAGE)}


def test_entries_are_results_of_their_own_that_open_their_anchor() -> None:
    docs = docs_by_location()
    assert list(docs) == ["sources/", "sources/#tests", "sources/#un-2397", "sources/#e1"]
    source = docs["sources/#un-2397"]
    assert source["title"] == "Resolution 2397 (2017)"
    assert source["text"] == "UN, 2017"
    assert source["boost"] == 0.5
    entry = docs["sources/#e1"]
    assert entry["title"] == "Hwasong-17 ICBM test"
    assert entry["text"] == "24 March 2022 Missile test"
    # The entries' text is theirs alone, not their section's too.
    assert "Hwasong" not in str(docs["sources/#tests"]["text"])
    assert "Cited by" not in json.dumps(docs)
    assert "repeated" not in json.dumps(docs)


def test_headings_table_cells_and_line_breaks_keep_their_spaces() -> None:
    section = docs_by_location()["sources/#tests"]
    assert section["title"] == "Nuclear tests"
    assert (
        section["text"]
        == "A seventh test? First nuclear test Year Launches 2017 20 Line one line two"
    )


def test_long_sections_are_cut_to_a_teaser_at_a_word() -> None:
    long = "<h1 id='t'>T</h1><p>" + "word " * 2000 + "</p>"
    (doc,) = page_documents("t/", "T", long)
    text = str(doc["text"])
    assert len(text) <= MAX_TEXT + 2
    assert text.endswith("word …")


def test_text_is_escaped_for_materials_html_teasers() -> None:
    (doc,) = page_documents("x/", "X", "<h1 id='x'>A &lt;b&gt; &amp; C</h1><p>1 &lt; 2</p>")
    assert doc["title"] == "A &lt;b&gt; &amp; C"
    assert doc["text"] == "1 &lt; 2"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Hwasong-17, KN-23; S/RES/2397 (2017).", ["Hwasong-17", "KN-23", "S/RES/2397", "2017"]),
        ("4,475 km, 2.5 times. U.S. aid", ["4,475", "km", "2.5", "times", "U.S", "aid"]),
        ("“Hanoi” North Korea’s 2006–2017", ["Hanoi", "North", "Korea’s", "2006", "2017"]),
        ("Panel of Experts", ["Panel", "of", "Experts"]),
    ],
)
def test_names_are_one_word_and_punctuation_ends_words(text: str, tokens: list[str]) -> None:
    assert [t for t in re.split(SEPARATOR, text) if t] == tokens


def test_the_parts_of_joined_names_are_searchable_too() -> None:
    assert joined_parts("North Korea-Russia treaty", "Hwasong-17 and S/RES/2397") == (
        "korea russia hwasong 17 s res 2397"
    )
    (doc,) = page_documents("x/", "Korea-Russia", "<p>plain</p>")
    assert doc["parts"] == "korea russia"


def test_the_index_has_materials_shape_and_a_field_for_the_parts() -> None:
    index = build_index([IndexedPage("sources/", "Sources", PAGE)])
    assert index["config"]["separator"] == SEPARATOR
    assert set(index["config"]["fields"]) == {"title", "text", "parts", "tags"}
    assert index["docs"][0]["location"] == "sources/"


@pytest.mark.site
def test_long_generated_lists_are_indexed_entry_by_entry(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {str(d["location"]): d for d in index["docs"]}
    assert max(len(str(d["text"])) for d in docs.values()) <= MAX_TEXT + 2
    assert docs["about/#panel-of-experts"]["title"] == "Panel of Experts"
    assert docs["diplomacy/#unsc-res-2397"]["title"].startswith("Resolution 2397 (S/RES/2397")
    sources = [loc for loc in docs if loc.startswith("sources/") and "#" in loc]
    assert len(sources) > 100
    # History's list of every test and the embeds are not results of their own.
    assert not [loc for loc in docs if loc.startswith("embed/")]
    assert (
        "history/#all-nuclear-and-missile-tests" not in docs
        or len(str(docs["history/#all-nuclear-and-missile-tests"]["text"])) < 1000
    )


def test_an_entry_with_a_fixed_title_drops_a_heading_the_title_already_says() -> None:
    """A missile type's entry is titled with its other names; its own heading is not repeated."""
    page = (
        '<div class="missile-list"><article id="missile-hwasong-11a" data-search-entry'
        ' data-search-title="Hwasong-11A (KN-23)" data-search-boost="2">'
        '<h3 class="missile-name">Hwasong-11A</h3><dl><dt>Class</dt><dd>Short-range</dd></dl>'
        '</article><article id="other" data-search-entry data-search-title="Other name">'
        '<h3>Its real heading</h3><p>Text.<sup class="cite-refs"><a href="#ref-1">1</a></sup>'
        "</p></article></div>"
    )
    docs = {str(d["location"]): d for d in page_documents("missiles/", "Missiles", page)}
    entry = docs["missiles/#missile-hwasong-11a"]
    assert entry["title"] == "Hwasong-11A (KN-23)"
    assert entry["text"] == "Class Short-range"
    assert entry["boost"] == 2.0
    assert "hwasong 11a kn 23" in str(entry["parts"])
    # A heading that says more than the title stays in the teaser.
    assert docs["missiles/#other"]["text"] == "Its real heading Text."
    assert "Hwasong" not in str(docs["missiles/"]["text"])


def test_punctuation_left_where_a_title_was_taken_out_is_tidied() -> None:
    page = (
        '<li id="s1" data-search-entry data-search-title="A report">'
        "<p>Agency, <cite>A report</cite>, 3 May 2024. U.S., Japan: 2.5 km</p></li>"
    )
    (_, entry) = page_documents("sources/", "Sources", page)
    assert entry["text"] == "Agency, 3 May 2024. U.S., Japan: 2.5 km"


def test_a_site_with_very_many_entries_gets_a_light_index() -> None:
    """Above the threshold every entry's teaser is its first line; sections keep theirs."""
    entry = (
        '<li id="e{n}" data-search-entry><h3>Summit {n}</h3><p>5 January 1984 Diplomacy '
        + "word " * 80
        + "</p></li>"
    )
    content = "<h1 id='t'>Timeline</h1><p>" + "intro " * 100 + "</p><ol>"
    content += "".join(entry.format(n=n) for n in range(3)) + "</ol>"
    pages = [IndexedPage("timeline/", "Timeline", content)]
    full = build_index(pages, short_entries_above=3)["docs"]
    light = build_index(pages, short_entries_above=2)["docs"]
    assert [d["location"] for d in light] == [d["location"] for d in full]
    assert len(str(full[1]["text"])) > 300
    assert str(light[1]["text"]).startswith("5 January 1984 Diplomacy word")
    assert len(str(light[1]["text"])) <= SHORT_TEXT + 2
    assert light[0]["text"] == full[0]["text"]
    assert light[1]["title"] == "Summit 0"
