"""Hostile text is inert: whatever a text field holds, every renderer shows it as text.

Property-based (hypothesis): each text field of a small fact base gets arbitrary text,
biased towards markup, Jinja, Markdown and entities. The rendered HTML is parsed with a
real parser (lxml); the field must appear in it exactly as text, and the elements and
attributes must be the very ones rendered for plain text: none may come from data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from macros.engine import embed, exports
from macros.engine.citations import cite, sources_list
from macros.engine.factbase import FactBase, Seed
from macros.engine.figures import figure
from macros.engine.markup import PageContext
from macros.engine.reference import claims_table, glossary
from macros.engine.settings import Settings, Site
from macros.engine.timeline import event_link, render_entry
from macros.northkorea.records import (
    Actor,
    Claim,
    Event,
    Figure,
    MissileType,
    Resolution,
    SeedDocument,
    Source,
    Term,
    missile_types,
    resolutions,
)
from macros.northkorea.resolutions import resolutions_table
from macros.northkorea.topic import TOPIC

CTX = PageContext.for_url("history/")
FRAME = PageContext.for_url("embed/timeline/")
STAMP = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
# 200 hostile examples per property in `make test`; `make quick` asks for fewer
# (HYPOTHESIS_MAX_EXAMPLES), so that the unit layer stays fast while one works.
PROPERTY = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Pieces an attacker would try, and the characters Markdown and Jinja act on.
HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "{{ 7*7 }}",
    "{% if x %}y{% endif %}",
    "{# c #}",
    "[x](javascript:alert(1))",
    "![x](data:text/html,x)",
    "<javascript:alert(1)>",
    "&amp;",
    "&lt;b&gt;",
    "&#60;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "</textarea>",
    "</title>",
    "**b**",
    "_i_",
    "`c`",
    "~~s~~",
    "|",
    "\\",
    "^",
    "{: .x }",
    "*[HTML]: x",
    "\n",
    "\t",
)
# Any character a YAML file can hold and the schema accepts.
CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
PIECE = st.one_of(st.sampled_from(HOSTILE), st.text(CHARS, min_size=1, max_size=6))
TEXT = (
    st.lists(PIECE, min_size=1, max_size=6)
    .map("".join)
    .filter(lambda s: bool(s.strip()))
    # Fields are at most 60 characters in the tightest place (period, symbol, vote).
    .map(lambda s: s.strip()[:60].strip())
    .filter(bool)
)
URL_TAIL = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
    ).filter(lambda c: not c.isspace()),
    max_size=30,
)
FIELDS = (
    "title",
    "summary",
    "publisher",
    "source_title",
    "note",
    "actor",
    "missile",
    "label",
    "period",
    "symbol",
    "vote",
    "measure",
    "term",
    "definition",
    "claim",
    "reason",
    "seed_title",
)
PLAIN = {name: f"plain {name}" for name in FIELDS}


def world(*names: str) -> st.SearchStrategy[dict[str, str]]:
    """Hostile text for the named fields, plain text for the others."""
    return st.fixed_dictionaries(dict.fromkeys(names, TEXT)).map(lambda d: {**PLAIN, **d})


PLAIN_URL = "https://example.org/plain"
# Characters Markdown or Jinja would act on: data may add none of them to a page raw.
MARKDOWN_SPECIALS = "[]*_`\\{}~^|<>"


def fact_base(text: Mapping[str, str], url: str = PLAIN_URL) -> FactBase:
    """Build a one-of-each fact base whose text fields hold the given text."""
    source = Source.model_validate(
        {
            "id": "src-a",
            "publisher": text["publisher"],
            "title": text["source_title"],
            "url": url,
            "date": "2020-01-02",
            "note": text["note"],
        }
    )
    actor = Actor(id="actor-a", name=text["actor"], kind="state")
    missile = MissileType.model_validate({"id": "type-a", "name": text["missile"], "class": "ICBM"})
    event = Event.model_validate(
        {
            "id": "event-a",
            "date": "2017-11-29",
            "title": text["title"],
            "summary": text["summary"],
            "category": "missile-test",
            "tags": ["tag-a"],
            "actors": ["actor-a"],
            "sources": ["src-a"],
            "status": "disputed",
            "launch": {"time_utc": "18:17", "missiles": [{"type": "type-a", "apogee_km": 4475}]},
        }
    )
    fig = Figure.model_validate(
        {
            "id": "figure-a",
            "label": text["label"],
            "value": 10400000,
            "unit": "people",
            "as_of": "2020-04",
            "period": text["period"],
            "sources": ["src-a"],
        }
    )
    resolution = Resolution.model_validate(
        {
            "id": "res-a",
            "number": 2397,
            "symbol": text["symbol"],
            "date": "2017-12-22",
            "outcome": "adopted",
            "vote": text["vote"],
            "measures": [text["measure"]],
            "event": "event-a",
            "sources": ["src-a"],
        }
    )
    terms = {
        "term-a": Term(
            id="term-a",
            term=text["term"],
            definition=text["definition"],
            see_also=["term-b"],
            sources=["src-a"],
        ),
        # Named after term-a so that it always sorts after it.
        "term-b": Term(id="term-b", term=text["term"] + " (2)", definition="Plain."),
    }
    seed = Seed(
        SeedDocument.model_validate(
            {"id": "seed-a", "publisher": text["publisher"], "title": text["seed_title"]}
            | {"date": "2024-10"}
        ),
        (
            Claim(
                id="claim-a",
                claim=text["claim"],
                verdict="supported",
                reason=text["reason"],
                events=["event-a"],
                sources=["src-a"],
            ),
        ),
        "seeds/seed.yml",
    )
    return FactBase(
        events=(event,),
        sources={"src-a": source},
        actors={"actor-a": actor},
        figures={"figure-a": fig},
        terms=terms,
        extra={"resolutions": {"res-a": resolution}, "missile_types": {"type-a": missile}},
        seeds=(seed,),
        topic=TOPIC,
    )


def parse(html: str) -> BeautifulSoup:
    """Parse HTML with a real parser (lxml)."""
    return BeautifulSoup(html, "lxml")


def shape(soup: BeautifulSoup) -> list[tuple[str, tuple[str, ...]]]:
    """Every element, in order, with the names of its attributes."""
    return [(tag.name, tuple(sorted(tag.attrs))) for tag in soup.find_all(True)]


def links(soup: BeautifulSoup) -> set[str]:
    """Every href, src and action in a document."""
    return {
        str(tag.get(name))
        for tag in soup.find_all(True)
        for name in ("href", "src", "action")
        if tag.get(name) is not None
    }


_PLAIN_FB = fact_base(PLAIN)
_plain_renders: dict[str, str] = {}


def assert_inert(
    key: str,
    render: Callable[[FactBase], str],
    fb: FactBase,
    shown: tuple[str, ...],
    *,
    url: str = PLAIN_URL,
    markdown: bool = True,
) -> BeautifulSoup:
    """Render with hostile text and with plain text: same elements, the text shown as text."""
    hostile_html = render(fb)
    if key not in _plain_renders:
        _plain_renders[key] = render(_PLAIN_FB)
    plain_html = _plain_renders[key]
    hostile, plain = parse(hostile_html), parse(plain_html)
    assert shape(hostile) == shape(plain)
    assert links(hostile) <= links(plain) | {url}
    assert not hostile.find_all(string=lambda s: isinstance(s, Comment))
    visible = hostile.get_text()
    for name in shown:
        assert _field(fb, name) in visible, name
    if markdown:
        # The output goes through Markdown and Jinja: data must add no character they read.
        for char in MARKDOWN_SPECIALS:
            assert hostile_html.count(char) == plain_html.count(char), char
    return hostile


def _field(fb: FactBase, name: str) -> str:
    """Return a field's value as the model holds it (after validation)."""
    event, source = fb.events[0], fb.sources["src-a"]
    values = {
        "title": event.title,
        "summary": event.summary,
        "publisher": source.publisher,
        "source_title": source.title,
        "note": source.note,
        "actor": fb.actors["actor-a"].name,
        "missile": missile_types(fb)["type-a"].name,
        "label": fb.figures["figure-a"].label,
        "period": str(fb.figures["figure-a"].period),
        "symbol": str(resolutions(fb)["res-a"].symbol),
        "vote": str(resolutions(fb)["res-a"].vote),
        "measure": resolutions(fb)["res-a"].measures[0],
        "term": fb.terms["term-a"].term,
        "definition": fb.terms["term-a"].definition,
        "claim": fb.seeds[0].claims[0].claim,
        "reason": fb.seeds[0].claims[0].reason,
        "seed_title": fb.seeds[0].document.title,
    }
    return values[name]


@PROPERTY
@given(world("title", "summary", "publisher", "source_title", "missile"))
def test_timeline_entry(text: dict[str, str]) -> None:
    fb = fact_base(text)
    soup = assert_inert(
        "entry",
        lambda f: render_entry(f, CTX, f.events[0]),
        fb,
        ("title", "summary", "publisher", "missile"),
    )
    link = soup.find("a", class_="cite-link")
    assert isinstance(link, Tag)
    assert _field(fb, "source_title") in str(link["title"])


@PROPERTY
@given(world("title", "publisher", "source_title"))
def test_event_link_and_cite(text: dict[str, str]) -> None:
    fb = fact_base(text)
    soup = assert_inert(
        "event", lambda f: event_link(f, CTX, "event-a", show="both"), fb, ("title",)
    )
    anchor = soup.find("a")
    assert isinstance(anchor, Tag)
    assert anchor["title"] == _field(fb, "title")
    assert_inert("cite", lambda f: cite(f, CTX, "src-a"), fb, ("publisher",))


@PROPERTY
@given(world("label", "period", "publisher", "source_title"))
def test_figure(text: dict[str, str]) -> None:
    assert_inert(
        "figure",
        lambda f: figure(f, CTX, "figure-a"),
        fact_base(text),
        ("label", "period", "publisher"),
    )


@PROPERTY
@given(world("publisher", "source_title", "note", "title"), URL_TAIL)
def test_sources_list(text: dict[str, str], tail: str) -> None:
    fb = fact_base(text, "https://example.org/" + tail)
    url = str(fb.sources["src-a"].url)
    soup = assert_inert(
        "sources",
        lambda f: sources_list(f, CTX),
        fb,
        ("publisher", "source_title", "note", "title"),
        url=url,
    )
    outward = soup.find("a", class_="source-title")
    assert isinstance(outward, Tag)
    assert outward["href"] == url


@PROPERTY
@given(
    world(
        "term",
        "definition",
        "claim",
        "reason",
        "title",
        "seed_title",
        "publisher",
        "symbol",
        "vote",
        "measure",
    )
)
def test_glossary_claims_and_resolutions(text: dict[str, str]) -> None:
    fb = fact_base(text)
    assert_inert("glossary", lambda f: glossary(f, CTX), fb, ("term", "definition", "publisher"))
    assert_inert(
        "claims", lambda f: claims_table(f, CTX), fb, ("claim", "reason", "title", "seed_title")
    )
    assert_inert(
        "resolutions",
        lambda f: resolutions_table(f, CTX),
        fb,
        ("symbol", "vote", "measure", "publisher"),
    )


@PROPERTY
@given(world("title", "summary", "publisher", "source_title", "missile"))
def test_embed_page_body(text: dict[str, str]) -> None:
    assert_inert(
        "embed",
        lambda f: embed.embed_timeline(f, FRAME),
        fact_base(text),
        ("title", "summary", "publisher"),
    )


@PROPERTY
@given(world("actor"), TEXT)
def test_embed_code_and_oembed_html(text: dict[str, str], site_name: str) -> None:
    fb = fact_base(text)
    site = Site("https://example.org/nk/", site_name)
    plain_site = Site("https://example.org/nk/", "Plain site")

    def snippet(f: FactBase) -> str:
        """Render the embed snippet for the hostile or the plain site."""
        return embed.embed_snippet(f, plain_site if f is _PLAIN_FB else site, actor="actor-a")

    soup = assert_inert("snippet", snippet, fb, (), markdown=False)
    iframe = soup.find("iframe")
    assert isinstance(iframe, Tag)
    assert iframe["title"] == f"Timeline, {fb.actors['actor-a'].name} – {site_name}"

    # The embed code sits in a <textarea> as text: what an embedder copies is the snippet.
    with_site = dataclasses.replace(fb, settings=Settings(site=site))
    code = parse(embed.embed_code(with_site, CTX, actor="actor-a")).find("textarea")
    assert isinstance(code, Tag)
    assert code.get_text() == embed.embed_snippet(fb, site, actor="actor-a")

    def oembed_html(f: FactBase) -> str:
        """Return the HTML an oEmbed consumer pastes."""
        document = json.loads(embed.oembed(f, plain_site if f is _PLAIN_FB else site))
        return str(document["html"])

    pasted = assert_inert("oembed", oembed_html, fb, (), markdown=False)
    iframe = pasted.find("iframe")
    assert isinstance(iframe, Tag)
    assert iframe["title"] == f"Timeline – {site_name}"


def _feed_entry(fb: FactBase) -> tuple[str, str]:
    """Return the first Atom entry's title text and its HTML content."""
    root = etree.fromstring(exports.atom_feed(fb, Site("https://example.org/"), STAMP))
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    title, content = entry.find(f"{ATOM}title"), entry.find(f"{ATOM}content")
    assert title is not None
    assert content is not None
    assert content.get("type") == "html"
    return str(title.text), str(content.text)


@PROPERTY
@given(world("title", "summary", "publisher", "source_title", "missile"))
def test_atom_feed_and_timelinejs(text: dict[str, str]) -> None:
    fb = fact_base(text)
    title, _content = _feed_entry(fb)
    assert title == f"29 November 2017: {fb.events[0].title}"
    assert_inert("feed", lambda f: _feed_entry(f)[1], fb, ("summary", "publisher"), markdown=False)

    def slide(f: FactBase) -> str:
        """Return a TimelineJS slide's headline and text as one HTML fragment."""
        document: dict[str, Any] = json.loads(exports.timelinejs_json(f, Site()))
        text_block = document["events"][0]["text"]
        return f"<h2>{text_block['headline']}</h2>{text_block['text']}"

    assert_inert("slide", slide, fb, ("title", "summary", "publisher"), markdown=False)
