"""A page's meta description comes from its own words: the 'in brief' box or the lead."""

from __future__ import annotations

from macros.engine.pagemeta import description, shorten

LONG = "North Korea tested a missile. " * 10


def test_the_in_brief_box_wins_over_the_first_paragraph() -> None:
    html = (
        "<p>Short.</p><p>The first paragraph that is long enough to describe the page well.</p>"
        '<div class="in-brief"><p>In brief: the page in one sentence, long enough to use.</p></div>'
    )
    assert description(html) == "In brief: the page in one sentence, long enough to use."


def test_citations_and_tags_are_left_out_and_entities_decoded() -> None:
    html = (
        '<p>Tested on <a href="x"><time>9 October 2006</time></a> '
        '<span class="cite">(<a href="s">The Guardian</a>)</span>. Sanctions &amp; talks '
        "followed.</p>"
    )
    assert description(html) == "Tested on 9 October 2006. Sanctions & talks followed."


def test_a_long_lead_is_cut_at_a_sentence_end_or_a_word() -> None:
    assert description(f"<p>{LONG}</p>").endswith("missile.")
    assert len(description(f"<p>{LONG}</p>")) <= 160
    words = "word " * 60
    cut = shorten(words)
    assert cut.endswith("word…")
    assert len(cut) <= 160


def test_a_page_without_prose_falls_back() -> None:
    assert description("<p>Hi.</p><table></table>", "The site.") == "The site."


def test_an_in_brief_admonition_gives_its_first_point() -> None:
    html = (
        "<p>The first paragraph of the page, long enough to be a description on its own.</p>"
        '<div class="admonition abstract"><p class="admonition-title">In brief</p>'
        "<ul><li>The first point of the brief, which says what the page is about.</li>"
        "<li>Second.</li></ul></div>"
    )
    assert description(html) == "The first point of the brief, which says what the page is about."
