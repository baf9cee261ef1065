"""A real build of a site whose data is all hostile: it shows every attack as plain text.

tests/fixtures/sites/hostile/ puts <script>, on*= handlers, <iframe>, {{ 7*7 }}, {% if %}
and [x](javascript:...) into titles, summaries, names and notes, then builds the pages,
the embed, the search index, the feed, TimelineJS and oEmbed with the real engine.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from lxml import etree  # type: ignore[import-untyped]

from macros.engine import factbase, pages
from macros.engine.factbase import FactBase
from macros.northkorea.topic import TOPIC
from tests.conftest import ROOT, run_mkdocs

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "hostile"
ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = ("index.html", "embed/timeline/index.html")
# Elements that data could only have smuggled in: no page of this site has them.
SMUGGLED = ("iframe", "object", "embed", "frame", "img", "strong", "b")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the hostile fixture once with the real engine and templates."""
    base = tmp_path_factory.mktemp("hostile")
    project = base / "project"
    shutil.copytree(FIXTURE, project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    site = base / "site"
    done = run_mkdocs(project, site)
    assert done.returncode == 0, done.stdout + done.stderr
    yield site
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def fb() -> FactBase:
    """The fixture's fact base, as the build loads it."""
    return factbase.load(FIXTURE / "data", FIXTURE / "seeds", FIXTURE, TOPIC)


def hostile_texts(fb: FactBase) -> list[str]:
    """The event's and the source's hostile text fields."""
    event = fb.events_by_id["hostile-event"]
    source = fb.sources["src-hostile"]
    return [event.title, event.summary, source.publisher, source.note]


def assert_inert_html(soup: BeautifulSoup, where: str) -> None:
    """No handler, no smuggled element, no script from data, no link but http(s)."""
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        assert tag.name not in SMUGGLED, f"{where}: <{tag.name}>"
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: {name}= on <{tag.name}>"
            if name in ("href", "src", "action"):
                assert pages.disallowed_scheme(str(value)) is None, f"{where}: {value}"
        if tag.name == "script":
            assert "alert" not in tag.get_text(), where


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_the_attacks_as_text(hostile_site: Path, fb: FactBase, page: str) -> None:
    soup = BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "lxml")
    assert_inert_html(soup, page)
    text = soup.get_text()
    event = fb.events_by_id["hostile-event"]
    for value in (event.title, event.summary, fb.sources["src-hostile"].publisher):
        assert value in text
    assert "{{ 7*7 }}" in text
    assert "49" not in text
    assert "{% if true %}evaluated{% endif %}" in text
    assert "[x](javascript:alert(1))" in text


def test_every_text_field_is_literal_on_the_page(hostile_site: Path, fb: FactBase) -> None:
    soup = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "lxml")
    text = soup.get_text()
    claim = fb.seeds[0].claims[0]
    for value in [
        *hostile_texts(fb),
        fb.sources["src-hostile"].title,
        fb.terms["hostile-term"].term,
        fb.terms["hostile-term"].definition,
        claim.claim,
        claim.reason,
        fb.seeds[0].document.title,
    ]:
        assert value in text
    outward = soup.find("a", class_="source-title")
    assert isinstance(outward, Tag)
    assert outward["href"] == fb.sources["src-hostile"].url


def test_the_embed_code_holds_only_the_frame_and_its_script(
    hostile_site: Path, fb: FactBase
) -> None:
    soup = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "lxml")
    area = soup.find("textarea")
    assert isinstance(area, Tag)
    pasted = BeautifulSoup(area.get_text(), "lxml")
    assert [t.name for t in pasted.body.find_all(True)] == ["iframe", "script"]  # type: ignore[union-attr]
    iframe = pasted.find("iframe")
    assert isinstance(iframe, Tag)
    assert fb.actors["hostile-actor"].name in str(iframe["title"])
    for oembed in (hostile_site / "embed").rglob("oembed.json"):
        html = json.loads(oembed.read_text(encoding="utf-8"))["html"]
        found = BeautifulSoup(html, "lxml").body.find_all(True)  # type: ignore[union-attr]
        assert [t.name for t in found] == ["iframe", "script"]


def test_the_search_index_keeps_markup_escaped(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    # Material shows each result's text as HTML: it must parse to no element from data.
    for doc in index["docs"]:
        assert_inert_html(BeautifulSoup(doc["text"], "lxml"), doc["location"])
    assert any("&lt;script&gt;alert" in doc["text"] for doc in index["docs"])


def test_the_feed_and_timelinejs_carry_text_not_markup(hostile_site: Path, fb: FactBase) -> None:
    event = fb.events_by_id["hostile-event"]
    root = etree.fromstring((hostile_site / "feed.xml").read_bytes())
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == f"29 November 2017: {event.title}"
    content = BeautifulSoup(entry.findtext(f"{ATOM}content"), "lxml")
    assert_inert_html(content, "feed.xml")
    assert event.summary in content.get_text()

    slides = json.loads((hostile_site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    slide = slides["events"][0]["text"]
    for html in (slide["headline"], slide["text"]):
        assert_inert_html(BeautifulSoup(html, "lxml"), "timelinejs.json")
    assert BeautifulSoup(slide["headline"], "lxml").get_text() == event.title
