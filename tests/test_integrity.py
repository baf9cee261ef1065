"""Nothing is lost and nothing dangles: every record reaches the site and every export,
the JSON export validates and round-trips, and every internal link and #anchor resolves."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from macros import paths, site
from macros.engine.factbase import FactBase
from macros.northkorea.records import Event, Source, resolutions
from tests.conftest import parsed

pytestmark = pytest.mark.site
ATOM = "{http://www.w3.org/2005/Atom}"
# The site root as pages link to it (mkdocs.yml's default site_url has path "/").
ORIGIN = "http://site.invalid/"
# Attributes that point at another file of the site.
LINK_ATTRS = (
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("form", "action"),
)


@cache
def real_fb() -> FactBase:
    """Load the real fact base once."""
    return site.load()


def soup_of(path: Path) -> BeautifulSoup:
    """Parse a built page with lxml (once per session)."""
    return parsed(path)


def event_ids() -> list[str]:
    """Every event id, in timeline order."""
    return [e.id for e in real_fb().events]


# --- nothing lost ---------------------------------------------------------------------


def test_the_loader_keeps_every_record_written_in_data() -> None:
    # Counted with plain PyYAML, independently of the engine's loader and models.
    written: Counter[str] = Counter()
    for path in sorted(paths.DATA_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        for key, items in document.items():
            written[key] += len(items or [])
    fb = real_fb()
    loaded = {name: len(fb.collection(name)) for name in fb.collection_names()}
    assert {k: v for k, v in written.items() if v} == {k: v for k, v in loaded.items() if v}


def test_every_event_is_on_the_timeline_and_in_the_embed(built_site: Path) -> None:
    on_timeline: list[str] = []
    # The whole timeline, or its year pages once it is split: then /timeline/ shows the
    # newest entries, which their year pages hold too (category pages repeat them as well).
    timeline = built_site / "timeline"
    years = sorted(timeline.glob("[0-9][0-9][0-9][0-9]/index.html"))
    for page in years or [timeline / "index.html"]:
        on_timeline += [str(li["id"]) for li in soup_of(page).select("li.tl-entry[id]")]
    assert sorted(on_timeline) == sorted(event_ids())
    front = {str(li["id"]) for li in soup_of(timeline / "index.html").select("li.tl-entry[id]")}
    assert front
    assert front <= set(on_timeline)
    # The embed shows the newest entries; the rest come from its entries file when a reader
    # filters or asks for more (and, on a long timeline, from one embed per year): between
    # them they hold every event (category embeds are subsets).
    embed = built_site / "embed" / "timeline"
    frames = [
        embed / "index.html",
        *embed.glob("entries.html"),
        *embed.glob("[0-9][0-9][0-9][0-9]/index.html"),
    ]
    embedded = {str(li["id"]) for f in frames for li in soup_of(f).select("li.tl-entry[id]")}
    assert embedded == set(event_ids())


def test_every_event_is_in_every_export(built_site: Path) -> None:
    ids = event_ids()
    data = built_site / "data"
    document = json.loads((data / "events.json").read_text(encoding="utf-8"))
    assert document["count"] == len(ids)
    assert [e["id"] for e in document["events"]] == ids

    rows = list(csv.DictReader(io.StringIO((data / "events.csv").read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == ids

    calendar = icalendar.Calendar.from_ical((data / "events.ics").read_bytes())
    uids = [str(item["uid"]).split("@", 1)[0] for item in calendar.walk("VEVENT")]
    assert uids == ids

    slides = json.loads((data / "timelinejs.json").read_text(encoding="utf-8"))["events"]
    assert [s["unique_id"] for s in slides] == ids

    feed = etree.fromstring((built_site / "feed.xml").read_bytes())
    entry_ids = [str(e.findtext(f"{ATOM}id")).rsplit("#", 1)[-1] for e in feed.iter(f"{ATOM}entry")]
    assert sorted(entry_ids) == sorted(ids)


def test_every_source_term_claim_and_resolution_is_shown(built_site: Path) -> None:
    fb = real_fb()
    # /sources/ may be split into several pages once it is long.
    listed = [
        str(li["id"])
        for page in (built_site / "sources").rglob("index.html")
        for li in soup_of(page).select("li.source[id]")
    ]
    assert sorted(listed) == sorted(fb.sources)
    all_ids: set[str] = set()
    rows = 0
    for page in built_site.rglob("index.html"):
        soup = soup_of(page)
        all_ids |= {str(tag["id"]) for tag in soup.find_all(id=True)}
        rows += len(soup.select("table.resolutions tbody tr"))
    assert set(fb.terms) <= all_ids
    assert {c.id for seed in fb.seeds for c in seed.claims} <= all_ids
    assert rows == len(resolutions(fb))


# --- the JSON export: schema and round trip ----------------------------------------------


def test_json_export_validates_against_its_published_schema(built_site: Path) -> None:
    schema = json.loads((built_site / "data" / "events.schema.json").read_text(encoding="utf-8"))
    document = json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(document)]
    assert errors == []
    assert document["$schema"] == schema["$id"]


def test_json_export_round_trips_to_the_same_records(built_site: Path) -> None:
    fb = real_fb()
    document = json.loads((built_site / "data" / "events.json").read_text(encoding="utf-8"))
    for record in document["events"]:
        fields: dict[str, Any] = {
            k: v for k, v in record.items() if k not in ("url", "date_precision")
        }
        event = Event.model_validate(fields)
        assert event == fb.events_by_id[event.id]
        assert record["date_precision"] == event.date.precision.value
    cited = {s for e in fb.events for s in e.sources}
    assert set(document["sources"]) == cited
    for source_id, record in document["sources"].items():
        assert Source.model_validate(record) == fb.sources[source_id]


# --- links --------------------------------------------------------------------------------


def _target(built_site: Path, url: str) -> Path | None:
    """Map a same-site URL to the file that serves it."""
    path = unquote(urlsplit(url).path)
    if not path.startswith("/"):
        return None
    file = built_site / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file


def _page_url(built_site: Path, page: Path) -> str:
    """Return the URL a built file is served at."""
    rel = page.relative_to(built_site).as_posix()
    return ORIGIN + rel.removesuffix("index.html")


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    ids_by_file: dict[Path, set[str]] = {}

    def ids(file: Path) -> set[str]:
        """Every id (and a[name]) in a built page, parsed once."""
        if file not in ids_by_file:
            soup = soup_of(file)
            ids_by_file[file] = {str(t["id"]) for t in soup.find_all(id=True)} | {
                str(t["name"]) for t in soup.find_all("a", attrs={"name": True})
            }
        return ids_by_file[file]

    broken: list[str] = []
    checked = 0
    for page in sorted(built_site.rglob("*.html")):
        base = _page_url(built_site, page)
        for tag_name, attr in LINK_ATTRS:
            for tag in soup_of(page).find_all(tag_name):
                assert isinstance(tag, Tag)
                href = tag.get(attr)
                if not isinstance(href, str) or not href:
                    continue
                url = urljoin(base, href)
                parts = urlsplit(url)
                if not url.startswith(ORIGIN):
                    # Another site (checked by `make linkcheck`, never by the tests)...
                    assert parts.scheme in ("http", "https"), f"{page}: {href}"
                    continue
                if parts.query:
                    continue  # the embed's filter links: one page serves every query
                target = _target(built_site, url)
                checked += 1
                where = f"{page.relative_to(built_site)}: {href}"
                if target is None or not target.is_file():
                    broken.append(f"{where} (no such file)")
                elif (
                    parts.fragment
                    and target.suffix == ".html"
                    and unquote(parts.fragment) not in ids(target)
                ):
                    broken.append(f"{where} (no such #anchor)")
    assert broken == []
    assert checked > 1000


def test_external_urls_in_data_are_well_formed() -> None:
    fb = real_fb()
    urls = [s.url for s in fb.sources.values() if s.url]
    urls += [seed.document.url for seed in fb.seeds if seed.document.url]
    assert urls
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https"), url
        host = parts.hostname or ""
        assert "." in host, url
        assert not any(c.isspace() for c in url), url
        host.encode("idna")  # raises on an empty or over-long label


def test_every_source_a_page_links_lists_that_page_under_cited_by(built_site: Path) -> None:
    """A page that links a source's entry is one of the pages its entry says cite it.

    That holds for a macro whose output cites sources its arguments do not name (the
    missile catalogue, the map's table of ranges, the corrections log): before, those
    sources said "Not cited yet" while /missiles/ linked them.
    """
    cited_by: dict[str, set[str]] = {}
    cut: set[str] = set()
    for part in (built_site / "sources").rglob("index.html"):
        for entry in parsed(part).select("li.source[id]"):
            box = entry.select_one("details.source-cited-by")
            links = box.select("a[href]") if box is not None else []
            cited_by[str(entry["id"])] = {
                urlsplit(
                    urljoin(part.relative_to(built_site).as_posix(), str(a["href"]))
                ).path.lstrip("/")
                for a in links
            }
            # A long list names the first pages and the newest events, and counts the rest.
            if box is not None and ("more pages" in box.get_text() or "earlier" in box.get_text()):
                cut.add(str(entry["id"]))
    assert len(cited_by) > 100
    missing: dict[str, list[str]] = {}
    for page in sorted(built_site.rglob("index.html")):
        here = page.relative_to(built_site).as_posix()
        url = here.removesuffix("index.html")
        if url.startswith(("sources/", "embed/", "timeline/")):
            continue  # the list itself; the timeline's entries are listed as events
        for a in parsed(page).select("article a[href*='sources/']"):
            target = urlsplit(urljoin(here, str(a["href"])))
            source_id = unquote(target.fragment)
            if source_id in cited_by and source_id not in cut and url not in cited_by[source_id]:
                missing.setdefault(f"/{url}", []).append(source_id)
    assert missing == {}, {page: sorted(set(ids))[:8] for page, ids in missing.items()}
