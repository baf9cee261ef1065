"""Open data exports: JSON (+ its JSON Schema), CSV, iCalendar, TimelineJS and Atom."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from macros.engine import urls
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Event, FuzzyDate, Source, Status, json_schema_for
from macros.engine.settings import Site

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TIMELINE_PAGE = urls.TIMELINE_PAGE


@dataclass(frozen=True)
class Export:
    """One downloadable file: its stable path, media type and what it is for."""

    path: str
    media_type: str
    label: str
    purpose: str


EXPORTS = (
    Export("data/events.json", "application/json", "JSON", "every field, for programs"),
    Export("data/events.csv", "text/csv", "CSV", "one row per event, for spreadsheets"),
    Export("data/events.ics", "text/calendar", "iCalendar", "all-day events a calendar can follow"),
    Export("data/timelinejs.json", "application/json", "TimelineJS", "loads into TimelineJS3"),
    Export("feed.xml", "application/atom+xml", "Atom feed", "the latest events, for feed readers"),
)
SCHEMA_PATH = "data/events.schema.json"

# Cells a spreadsheet would run as a formula; a leading apostrophe keeps them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def build_stamp(fb: FactBase, source_date_epoch: int | None = None) -> dt.datetime:
    """Return the build's one timestamp: SOURCE_DATE_EPOCH, else the newest date in the data."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, tz=dt.UTC)
    days = [d.first_day() for e in fb.events for d in (e.date, e.updated) if d is not None]
    newest = max(days, default=dt.date(1970, 1, 1))
    return dt.datetime.combine(newest, dt.time(), tzinfo=dt.UTC)


def _midnight(date: FuzzyDate) -> dt.datetime:
    return dt.datetime.combine(date.first_day(), dt.time(), tzinfo=dt.UTC)


def event_url(fb: FactBase, site: Site, event: Event) -> str:
    """Return the absolute deep link to an event's timeline entry."""
    return site.absolute(urls.timeline_path(fb, event.id))


def _source_line(fb: FactBase, event: Event) -> str:
    return "; ".join(_source_text(fb.sources[s]) for s in event.sources)


def _source_text(source: Source) -> str:
    parts = [source.publisher]
    if source.title:
        parts.append(source.title)
    text = ", ".join(parts)
    return f"{text} <{source.url}>" if source.url else text


def _sources_html(fb: FactBase, event: Event) -> str:
    links = []
    for source_id in event.sources:
        source = fb.sources[source_id]
        name = html.escape(source.publisher)
        title = f' title="{html.escape(source.title)}"' if source.title else ""
        if source.url:
            links.append(f'<a href="{html.escape(source.url)}"{title}>{name}</a>')
        else:
            links.append(f"<span{title}>{name}</span>")
    return "Sources: " + ", ".join(links)


def _event_html(fb: FactBase, event: Event) -> str:
    """Describe an event as a small, escaped HTML fragment (feed and TimelineJS text).

    Made once per event and fact base: the feed and TimelineJS both write it.
    """
    return fb.remember(("export-event-html", event.id), str, lambda: _make_event_html(fb, event))


def _make_event_html(fb: FactBase, event: Event) -> str:
    parts = []
    if event.summary:
        parts.append(f"<p>{html.escape(event.summary)}</p>")
    detail = fb.topic.event_detail_text(fb, event)
    if detail:
        parts.append(f"<p>{html.escape(detail)}</p>")
    if event.status is not Status.CONFIRMED:
        parts.append(f"<p><em>Status: {html.escape(event.status.value)}</em></p>")
    parts.append(f"<p>{_sources_html(fb, event)}</p>")
    return "".join(parts)


def _dump(value: object) -> str:
    """Write JSON as json.dumps(indent=2, ensure_ascii=False) does, byte for byte, faster.

    json.dumps with an indent runs its pure-Python encoder, a generator per value; this
    writes the same layout with one join per object or list and the C encoder for every
    string and number.
    """
    return _pretty(value, "") + "\n"


_LEAF = json.JSONEncoder(ensure_ascii=False).encode
# Values written by the C encoder as they are (most of an export): no call of _pretty.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _pretty(value: object, indent: str) -> str:
    if type(value) in _LEAVES:
        return _LEAF(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(key, str) for key in value):
            return _indented(value, indent)  # json's own rules turn other keys into strings
        inner = indent + "  "
        items = ",\n".join(
            f"{inner}{_LEAF(key)}: {_LEAF(item) if type(item) in _LEAVES else _pretty(item, inner)}"
            for key, item in value.items()
        )
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = indent + "  "
        items = ",\n".join(
            f"{inner}{_LEAF(item) if type(item) in _LEAVES else _pretty(item, inner)}"
            for item in value
        )
        return f"[\n{items}\n{indent}]"
    if isinstance(value, str | int | float | bool) or value is None:
        return _LEAF(value)  # a subclass of one of them
    return _indented(value, indent)


def _indented(value: object, indent: str) -> str:
    """json.dumps itself (indent=2), its lines moved right by `indent`."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("\n", "\n" + indent)


# --- JSON -----------------------------------------------------------------------------


def event_record(fb: FactBase, site: Site, event: Event) -> dict[str, Any]:
    """Return one event as a JSON object: every schema field plus its URL and date precision."""
    record = event.model_dump(mode="json", by_alias=True)
    record["date_precision"] = event.date.precision.value
    record["url"] = event_url(fb, site, event)
    return record


def events_json(fb: FactBase, site: Site, stamp: dt.datetime) -> str:
    """Return /data/events.json: every event and the sources they cite."""
    cited = sorted({s for e in fb.events for s in e.sources})
    document = {
        "$schema": site.absolute(SCHEMA_PATH),
        "title": f"{site.name}: events",
        "source": site.absolute(TIMELINE_PAGE),
        "license": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "generated": stamp.isoformat().replace("+00:00", "Z"),
        "count": len(fb.events),
        "events": [event_record(fb, site, e) for e in fb.events],
        "sources": {s: fb.sources[s].model_dump(mode="json", by_alias=True) for s in cited},
    }
    return _dump(document)


def events_schema(fb: FactBase, site: Site) -> str:
    """Return the JSON Schema (2020-12) of /data/events.json, made from the record models."""
    event = json_schema_for(fb.topic.event_model)
    defs: dict[str, Any] = event.pop("$defs", {})
    event["properties"]["date_precision"] = {
        "enum": ["day", "month", "year"],
        "description": "How much of `date` is known.",
    }
    event["properties"]["url"] = {
        "type": "string",
        "format": "uri",
        "description": "The event's entry on the full timeline.",
    }
    event["required"] = sorted({*event.get("required", []), "date_precision", "url"})
    source = json_schema_for(Source)
    defs.update(source.pop("$defs", {}))
    defs["Event"] = event
    defs["Source"] = source
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.absolute(SCHEMA_PATH),
        "title": f"{site.name}: events export",
        "type": "object",
        "required": ["title", "license", "generated", "count", "events", "sources"],
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "source": {"type": "string", "format": "uri"},
            "license": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
            },
            "generated": {"type": "string", "format": "date-time"},
            "count": {"type": "integer", "minimum": 0},
            "events": {"type": "array", "items": {"$ref": "#/$defs/Event"}},
            "sources": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Source"}},
        },
        "$defs": dict(sorted(defs.items())),
    }
    return _dump(document)


# --- CSV ------------------------------------------------------------------------------


def csv_columns(fb: FactBase) -> tuple[str, ...]:
    """Return the CSV header; the topic names the column of its one-line event detail."""
    return (*CSV_COLUMNS[:6], fb.topic.detail_column, *CSV_COLUMNS[6:])


CSV_COLUMNS = (
    "id",
    "date",
    "end_date",
    "date_precision",
    "title",
    "summary",
    "category",
    "status",
    "tags",
    "actors",
    "sources",
    "updated",
    "url",
)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def events_csv(fb: FactBase, site: Site) -> str:
    """Return /data/events.csv: one row per event, a header, lists joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns(fb))
    for e in fb.events:
        row = [
            e.id,
            e.date.iso(),
            e.end_date.iso() if e.end_date else "",
            e.date.precision.value,
            e.title,
            e.summary,
            fb.topic.event_detail_text(fb, e),
            str(e.category),
            e.status.value,
            "; ".join(e.tags),
            "; ".join(e.actors),
            "; ".join(e.sources),
            e.updated.iso() if e.updated else "",
            event_url(fb, site, e),
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# --- iCalendar ------------------------------------------------------------------------

_PRECISION_NOTE = {
    "month": "Known only to the month: shown on its first day.",
    "year": "Known only to the year: shown on its first day.",
}


def _host(site: Site) -> str:
    rest = site.url.split("//", 1)[-1]
    return rest.split("/", 1)[0] or "localhost"


def _ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ics_fold(line: str) -> bytes:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with a space
    return b"\r\n ".join(parts)


def _ics_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def events_ics(fb: FactBase, site: Site, stamp: dt.datetime) -> bytes:
    """Return /data/events.ics: RFC 5545, one all-day VEVENT per event.

    Written directly rather than through icalendar's serializer, which folds lines one
    character at a time (about 1 ms per event); the tests parse it back with icalendar.
    """
    about = _ics_text(f"Every event on the timeline of {site.name}. {LICENCE_NAME}.")
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{_ics_text(f'-//{site.name}//timeline//EN')}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{_ics_text(site.name)}",
        f"X-WR-CALNAME:{_ics_text(site.name)}",
        f"DESCRIPTION:{about}",
        f"X-WR-CALDESC:{about}",
        f"SOURCE;VALUE=URI:{site.absolute(EXPORTS[2].path)}",
        f"URL:{site.absolute(TIMELINE_PAGE)}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    ]
    host = _host(site)
    dtstamp = _ics_stamp(stamp)
    for e in fb.events:
        last = e.end_date.last_day() if e.end_date else e.date.first_day()
        text = [t for t in (e.summary, fb.topic.event_detail_text(fb, e)) if t]
        if note := _PRECISION_NOTE.get(e.date.precision.value):
            text.append(note)
        if e.status is not Status.CONFIRMED:
            text.append(f"Status: {e.status.value}.")
        url = event_url(fb, site, e)
        text += [f"Sources: {_source_line(fb, e)}", url]
        description = "\n\n".join(text)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(f'{e.id}@{host}')}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{e.date.first_day():%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(e.title)}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"URL:{url}",
            f"CATEGORIES:{_ics_text(fb.category_label(e.category))}",
            f"STATUS:{'CONFIRMED' if e.status is Status.CONFIRMED else 'TENTATIVE'}",
            "TRANSP:TRANSPARENT",
            "CLASS:PUBLIC",
        ]
        if e.updated is not None:
            lines.append(f"LAST-MODIFIED:{_ics_stamp(_midnight(e.updated))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"\r\n".join(_ics_fold(line) for line in lines) + b"\r\n"


# --- TimelineJS -----------------------------------------------------------------------


def _tljs_date(date: FuzzyDate) -> dict[str, Any]:
    out: dict[str, Any] = {"year": date.year}
    if date.month:
        out["month"] = date.month
    if date.day:
        out["day"] = date.day
    out["display_date"] = date.human()
    return out


def timelinejs_json(fb: FactBase, site: Site) -> str:
    """Return /data/timelinejs.json in TimelineJS3's JSON format (text fields are HTML)."""
    events = []
    for e in fb.events:
        slide: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": _tljs_date(e.date),
            "text": {"headline": html.escape(e.title), "text": _event_html(fb, e)},
            "group": fb.category_label(e.category),
            "autolink": False,
        }
        if e.end_date is not None:
            slide["end_date"] = _tljs_date(e.end_date)
        events.append(slide)
    link = html.escape(site.absolute(TIMELINE_PAGE))
    title = {
        "text": {
            "headline": html.escape(site.name),
            "text": (
                f'<p>Every event on <a href="{link}">the timeline</a>, with its sources. '
                f'<a href="{LICENCE_URL}">{LICENCE_NAME}</a>.</p>'
            ),
        }
    }
    return _dump({"title": title, "events": events})


# --- Atom -----------------------------------------------------------------------------


def atom_feed(fb: FactBase, site: Site, stamp: dt.datetime) -> bytes:
    """Return /feed.xml: an Atom feed of every event, newest first."""
    feed = FeedGenerator()
    feed.id(site.absolute(""))
    feed.title(f"{site.name}: timeline")
    feed.subtitle("New and updated events on the timeline, newest first.")
    feed.link(href=site.absolute("feed.xml"), rel="self", type="application/atom+xml")
    feed.link(href=site.absolute(TIMELINE_PAGE), rel="alternate", type="text/html")
    feed.author(name=site.name, uri=site.absolute(""))
    feed.rights(f"{LICENCE_NAME} ({LICENCE_URL})")
    feed.generator(site.name, uri=site.absolute(""))
    feed.language("en")
    feed.updated(stamp)
    newest_first = sorted(fb.events, key=lambda e: (e.date.first_day(), e.id), reverse=True)
    for e in newest_first:
        entry = feed.add_entry(order="append")
        entry.id(event_url(fb, site, e))
        entry.title(f"{e.date.human()}: {e.title}")
        entry.link(href=event_url(fb, site, e), rel="alternate", type="text/html")
        entry.published(_midnight(e.date))
        entry.updated(_midnight(e.updated or e.date))
        entry.category(term=str(e.category), label=fb.category_label(e.category))
        entry.content(_event_html(fb, e), type="html")
    return bytes(feed.atom_str(pretty=True))


# --- all of them ----------------------------------------------------------------------


def render_all(fb: FactBase, site: Site, stamp: dt.datetime) -> dict[str, bytes]:
    """Return every export, keyed by its path under the site root."""
    files = {
        "data/events.json": events_json(fb, site, stamp).encode(),
        SCHEMA_PATH: events_schema(fb, site).encode(),
        "data/events.csv": events_csv(fb, site).encode(),
        "data/events.ics": events_ics(fb, site, stamp),
        "data/timelinejs.json": timelinejs_json(fb, site).encode(),
        "feed.xml": atom_feed(fb, site, stamp),
    }
    files.update(fb.topic.exports(fb, site, stamp))
    return files


def write(site_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write rendered files under the built site (the only function here that does I/O)."""
    for rel, data in files.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# --- the "Download the data" list -----------------------------------------------------


def _links(ctx: PageContext, exports: Iterable[Export]) -> str:
    items = [
        f'<li><a href="{esc(ctx.url(x.path))}" type="{esc(x.media_type)}">'
        f"{esc(x.label)}</a> <code>/{esc(x.path)}</code>: {esc(x.purpose)}</li>"
        for x in exports
    ]
    return "\n".join(items)


def downloads(fb: FactBase, ctx: PageContext) -> str:
    """Render the 'Download the data' list: every export, its stable path and its licence."""
    schema = esc(ctx.url(SCHEMA_PATH))
    return (
        f'<div class="downloads">\n<p>All {len(fb.events)} events of the timeline, rebuilt with '
        f"every change to the fact base, under the "
        f'<a href="{esc(LICENCE_URL)}" rel="license">{esc(LICENCE_NAME)}</a> licence: '
        "credit this site when you reuse them.</p>\n"
        f'<ul class="download-list">\n{_links(ctx, EXPORTS)}\n</ul>\n'
        f'<p>The JSON file names its <a href="{schema}">JSON Schema</a>.'
        f"{' ' + fb.topic.credit_html if fb.topic.credit_html else ''}</p>\n</div>"
    )
