"""Bugs that once passed the whole suite: each test here fails if one comes back.

The reference checks of `see_also` and `resolution.event` are covered, with every other
reference field, in test_references.py.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

from macros.engine import embed
from macros.engine.citations import sources_list
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.engine.settings import Site
from macros.engine.timeline import select, timeline

MakeFB = Callable[..., FactBase]
CTX = PageContext.for_url("timeline/")


def test_the_from_bound_includes_its_own_day(make_fb: MakeFB) -> None:
    fb = make_fb()
    # first-event is on 2017-11-29: a timeline from that day starts with it.
    assert [e.id for e in select(fb, start="2017-11-29")] == ["first-event"]
    assert [e.id for e in select(fb, start="2017-11-29", end="2017-11-29")] == ["first-event"]
    # second-event is known only as September 1984: from 1984-09 (and from 1984) keeps it.
    assert [e.id for e in select(fb, start="1984-09", end="1984-09")] == ["second-event"]
    assert [e.id for e in select(fb, start=1984)] == ["second-event", "first-event"]
    html = BeautifulSoup(timeline(fb, CTX, start="2017-11-29"), "lxml")
    assert [li["id"] for li in html.select("li.tl-entry")] == ["first-event"]
    frame = BeautifulSoup(embed.embed_timeline(fb, CTX, start="2017-11-29"), "lxml")
    assert [li["id"] for li in frame.select("li.tl-entry")] == ["first-event"]


def test_source_backlinks_list_the_newest_event_first(make_fb: MakeFB) -> None:
    fb = make_fb()
    html = BeautifulSoup(sources_list(fb, PageContext.for_url("sources/")), "lxml")
    src_a = html.select_one("#src-a")
    assert src_a is not None
    # src-a is cited by second-event (1984) and first-event (2017): 2017 comes first.
    assert [a["href"] for a in src_a.select(".source-cited-by a")] == [
        "../timeline/#first-event",
        "../timeline/#second-event",
    ]


def test_the_embed_code_keeps_every_filter_in_the_frame_address(make_fb: MakeFB) -> None:
    fb = make_fb()
    site = Site("https://example.org/explainer/", "Example")
    snippet = embed.embed_snippet(
        fb, site, category="diplomacy", tag="summit", actor="north-korea", start=2017, end=2018
    )
    iframe = BeautifulSoup(snippet, "lxml").iframe
    assert iframe is not None
    src = urlsplit(str(iframe["src"]))
    assert src.path == "/explainer/embed/timeline/diplomacy/"
    assert parse_qs(src.query) == {
        "tag": ["summit"],
        "actor": ["north-korea"],
        "from": ["2017"],
        "to": ["2018"],
    }
    only_to = BeautifulSoup(embed.embed_snippet(fb, site, end="2018-06"), "lxml").iframe
    assert only_to is not None
    assert parse_qs(urlsplit(str(only_to["src"])).query) == {"to": ["2018-06"]}
