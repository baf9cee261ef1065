"""engine/htmlscan.feed_plain makes html.parser's own calls, call for call, or declines."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.engine.htmlscan import feed_plain

Call = tuple[str, ...] | tuple[str, str, tuple[tuple[str, str | None], ...]]


class Recorder(HTMLParser):
    """Writes down every call a parser's handlers get."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.calls: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.calls.append(("comment", data))


def by_the_parser(html: str) -> list[object]:
    parser = Recorder()
    parser.feed(html)
    parser.close()
    return parser.calls


def fast(html: str) -> list[object] | None:
    parser = Recorder()
    return parser.calls if feed_plain(parser, html) else None


PLAIN = [
    "",
    "just text &amp; more &lt;b&gt; &#169; &copy &notanentity; &",
    "<p class=\"a b\" id='x'>Hi <b>there</b></p>",
    '<LI ID="Up" Data-Search-Entry="">Case</LI>',
    '<div data-search-exclude hidden class="">valueless and empty</div>',
    '<a href="/x?a=1&amp;b=2" title="&quot;q&quot; &gt; 2 &lt; 3">link</a>',
    '<img src="x.png" alt="one\ntwo"/><br><br/><hr />',
    "<span title=\"a > b\" data-x='<not a tag>'>x</span>",
    '<p\n  class="wrapped"\n>text\n\n more</p >',
    "<ol><li>one<li>two</ol></div></unopened>",
    "<x-custom-el a:b=\"1\" c.d='2' _e>custom</x-custom-el>",
    'Text at the end with an ampersand &amp and "quotes"',
]
DECLINED = [
    "<!-- a comment --><p>x</p>",
    "<!DOCTYPE html><p>x</p>",
    "<script>if (a < b) {}</script>",
    "<style>p > a {}</style>",
    "<p class=unquoted>x</p>",
    "a < b",
    "x <3 y",
    "</ p>",
    '<p class = "spaced">x</p>',
    '<p a="1"b="2">x</p>',
    "<?xml version='1.0'?>",
    "trailing <",
]


@pytest.mark.parametrize("html", PLAIN)
def test_plain_html_gets_the_parsers_calls(html: str) -> None:
    assert fast(html) == by_the_parser(html)


@pytest.mark.parametrize("html", DECLINED)
def test_anything_else_is_left_to_the_parser(html: str) -> None:
    assert fast(html) is None


FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<div class=\"c\">", "</div>", "<br>", "<br/>", "<img alt='a &amp; b'/>",
        '<a href="x&amp;y" title="t">', "</a>", "<LI Id=\"E\">", "</li>", "<h2 id=\"h\">",
        "</h2>", "<span data-search-exclude>", "</span>", "text", " ", "\n", "&amp;", "&lt;",
        "&#x41;", "&copy", "&", ";", "\"", "'", ">", "=", "/", "<", "<!-- c -->", "<script>",
        "</script>", "<p class=x>", "</ p>", "<b\n>", "</b >", "é", "\u00a0",
    ]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=25).map("".join))
def test_any_mix_gets_the_parsers_calls_or_is_declined(html: str) -> None:
    got = fast(html)
    if got is not None:
        assert got == by_the_parser(html)


def test_a_real_page_shape_is_taken_on_the_fast_path() -> None:
    entry = (
        '<li id="e-1" class="tl-entry" data-category="x" data-search-entry="">'
        '<h2 class="tl-title"><a class="tl-anchor" href="#e-1">A &amp; B</a></h2>'
        '<p class="tl-meta"><time datetime="2005-01-01">1 January 2005</time></p>'
        '<div class="tl-sources" data-search-exclude>Sources: '
        '<a href="../s/#s-1" title="P: T. (13 May 2024)" class="cite-link">P</a></div></li>\n'
    )
    html = '<div class="timeline"><ol class="tl-list">\n' + entry * 3 + "</ol></div>"
    assert fast(html) == by_the_parser(html)


def test_a_parser_that_keeps_references_is_left_to_itself() -> None:
    assert not feed_plain(HTMLParser(convert_charrefs=False), "<p>a &amp; b</p>")
