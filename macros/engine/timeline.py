"""The timeline: filtered, ordered lists of events, and inline links to single events."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

from macros.engine import filters, glossary, urls
from macros.engine.citations import cite_links
from macros.engine.corrections import correction_note
from macros.engine.factbase import FactBase, UnknownIdError, closest
from macros.engine.markup import BASE_MARKER, PageContext, attrs, esc
from macros.engine.schema import Event, FuzzyDate

TIMELINE_PAGE = urls.TIMELINE_PAGE


def get_event(fb: FactBase, event_id: str) -> Event:
    """Return an event by id or raise UnknownIdError with the closest id."""
    try:
        return fb.events_by_id[event_id]
    except KeyError:
        raise UnknownIdError("event", event_id, fb.events_by_id) from None


def event_href(fb: FactBase, ctx: PageContext, event_id: str) -> str:
    """Return the deep link to an event's timeline entry (on /timeline/ or its year page)."""
    return ctx.url(urls.timeline_path(fb, event_id))


def _bound(value: int | str | None, name: str) -> FuzzyDate | None:
    if value is None or value == "":
        return None
    try:
        return FuzzyDate.parse(value)
    except ValueError as err:
        raise ValueError(f"timeline({name}=...): {err}") from None


def _category(fb: FactBase, value: str) -> str:
    names = [c.id for c in fb.categories]
    if value in names:
        return value
    guess = closest(value, names)
    hint = f"did you mean {guess!r}?" if guess else f"use one of: {', '.join(names)}"
    raise ValueError(f"unknown category {value!r} ({hint})")


def select(
    fb: FactBase,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
) -> list[Event]:
    """Return the events matching every given filter, in timeline order.

    The matching is the one filter description's (macros/engine/filters.py), the same
    rules the browser applies to an address; the checks here only word the errors of a
    macro call (with the closest id) before it. Each filter is selected once per fact
    base (the check, the build and the pages' dates ask for the same ones).
    """
    picked = fb.remember(
        ("select", category, tag, actor, start, end),
        tuple,
        lambda: tuple(
            _select_events(fb, category=category, tag=tag, actor=actor, start=start, end=end)
        ),
    )
    return list(picked)


def _select_events(
    fb: FactBase,
    *,
    category: str | None,
    tag: str | None,
    actor: str | None,
    start: int | str | None,
    end: int | str | None,
) -> list[Event]:
    if category:
        _category(fb, category)
    if actor and actor not in fb.actors:
        raise UnknownIdError("actor", actor, fb.actors)
    if tag:
        tags = {t for e in fb.events for t in e.tags}
        if tag not in tags:
            raise UnknownIdError("tag", tag, tags)
    low, high = _bound(start, "start"), _bound(end, "end")
    if low and high and high.last_day() < low.first_day():
        raise ValueError(f"timeline(): end {high} is before start {low}")
    if actor and not any(actor in e.actors for e in fb.events):
        return []  # a known actor in no event yet
    raw = {"category": category, "tag": tag, "actor": actor, "from": low, "to": high}
    params = {k: str(v) for k, v in raw.items() if v}
    if not params:
        return list(fb.events)
    spec = filter_spec(fb)
    query = filters.parse(spec, params)
    if query.problems:
        raise ValueError("timeline(): " + " ".join(query.problems))
    entries = _entry_records(fb)
    events, records, days = entries.events, entries.records, entries.days
    # Only the entries within the query's dates can match: found by bisection when the
    # entries' first days are in order (they are: the fact base sorts events by date).
    low_i, high_i = 0, len(events)
    if days is not None:
        if query.start:
            low_i = bisect_left(days, filters.first_day(query.start))
        if query.end:
            high_i = bisect_right(days, filters.last_day(query.end))
    return [
        event
        for event, record in zip(events[low_i:high_i], records[low_i:high_i], strict=True)
        if filters.matches(spec, query, record)
    ]


@dataclass(frozen=True)
class _Entries:
    """The events in timeline order, their filter records and (when in order) first days."""

    events: Sequence[Event]
    records: Sequence[dict[str, str]]
    days: Sequence[str] | None


def _entry_records(fb: FactBase) -> _Entries:
    found = fb.memo.get(("entry-records",))
    if isinstance(found, _Entries):
        return found
    records = [entry_record(fb, e) for e in fb.events]
    days = [filters.first_day(r.get("date", "")) for r in records]
    ordered = all(a <= b for a, b in pairwise(days))
    entries = _Entries(fb.events, records, days if ordered else None)
    fb.memo[("entry-records",)] = entries
    return entries


def entry_record(fb: FactBase, event: Event) -> dict[str, str]:
    """Return what the filters read of an entry: the strings its data-* attributes hold.

    The topic may add facets of its own (Topic.event_facets), each a data-* attribute.
    """
    key = ("entry-record", event.id)
    found = fb.memo.get(key)
    if isinstance(found, dict):
        return found
    record = fb.memo[key] = {
        "category": str(event.category),
        "tags": " ".join(event.tags),
        "actors": " ".join(event.actors),
        **fb.topic.event_facets(fb, event),
        "date": event.date.iso(),
        "text": f"{event.title} {event.summary or ''}".strip(),
    }
    return record


def filter_spec(fb: FactBase) -> filters.FilterSpec:
    """Return the one description of the timeline's filters for this fact base."""
    found = fb.memo.get(("filter-spec",))
    if isinstance(found, filters.FilterSpec):
        return found
    tags = sorted({t for e in fb.events for t in e.tags})
    # By name, then id: two actors of one name must not fall back to set order.
    actor_ids = sorted(
        {a for e in fb.events for a in e.actors}, key=lambda a: (fb.actors[a].name, a)
    )
    spec = fb.memo[("filter-spec",)] = filters.FilterSpec(
        choices=(
            filters.Choice(
                "category", "Category", "category", tuple((c.id, c.label) for c in fb.categories)
            ),
            filters.Choice("tag", "Tag", "tags", tuple((t, t) for t in tags), many=True),
            filters.Choice(
                "actor",
                "Actor",
                "actors",
                tuple((a, fb.actors[a].name) for a in actor_ids),
                many=True,
            ),
            *fb.topic.facet_choices(fb),
        ),
        max_limit=max(len(fb.events), 1),
    )
    return spec


def render_entry(
    fb: FactBase,
    ctx: PageContext,
    event: Event,
    heading: str = "h3",
    searchable: bool = False,
    *,
    explained: set[str] | None = None,
) -> str:
    """Render one timeline entry as an <li> with a stable id and a <time> element.

    A searchable entry is a search result of its own (data-search-entry), which opens
    the entry's anchor. Given `explained` (the abbreviations already linked in this list),
    the summary links the first use of each other glossary abbreviation to its entry.
    """
    key = ("entry", event.id, heading, searchable, ctx.base)
    html = fb.remember_for(event, key, str, lambda: _entry(fb, ctx, event, heading, searchable))
    if explained is None:
        return html
    terms = glossary.abbreviations(fb)
    # The title is escaped text inside the entry's own link: on first use in the list its
    # abbreviations are spelled out in brackets (a link cannot hold another link, and a
    # tooltip does not open on a touch screen, where a tap follows the link).
    plain_title = f'<a class="tl-anchor" href="#{esc(event.id)}">{esc(event.title)}</a>'
    titled = glossary.explain_first(ctx, esc(event.title), terms, explained, link=False)
    html = html.replace(
        plain_title, f'<a class="tl-anchor" href="#{esc(event.id)}">{titled}</a>', 1
    )
    if not event.summary:
        return html
    # The summary is escaped text without tags: link its abbreviations in place.
    plain = f'<p class="tl-summary">{esc(event.summary)}</p>'
    linked = glossary.explain_first(ctx, esc(event.summary), terms, explained)
    return html.replace(plain, f'<p class="tl-summary">{linked}</p>', 1)


def _entry(fb: FactBase, ctx: PageContext, event: Event, heading: str, searchable: bool) -> str:
    if searchable:
        # The same entry with one attribute more, the last of its <li> (whose attribute
        # values are escaped: its first ">" ends it): made from the plain entry, kept once.
        plain = render_entry(fb, ctx, event, heading)
        end = plain.index(">")
        return f"{plain[:end]}{attrs({'data-search-entry': ''})}{plain[end:]}"
    date_html = f'<time datetime="{event.date.iso()}">{esc(event.date.human())}</time>'
    if event.end_date is not None:
        date_html += (
            f' – <time datetime="{event.end_date.iso()}">{esc(event.end_date.human())}</time>'
        )
    li_attrs = attrs(
        {
            "id": event.id,
            "class": f"tl-entry tl-{event.category}",
            "data-category": str(event.category),
            "data-tags": " ".join(event.tags),
            "data-actors": " ".join(event.actors),
            **{f"data-{k}": v or None for k, v in fb.topic.event_facets(fb, event).items()},
            "data-date": event.date.iso(),
        }
    )
    # The heading comes before the date line so that a screen reader that jumps to the
    # heading reads the date next. CSS shows the date line first.
    parts = [
        f"<li{li_attrs}>",
        f'<{heading} class="tl-title"><a class="tl-anchor" href="#{esc(event.id)}">'
        f"{esc(event.title)}</a></{heading}>",
        f'<p class="tl-meta">{date_html} <span class="tl-category">'
        f"{esc(fb.category_label(event.category))}</span>",
    ]
    if event.status.value != "confirmed":
        parts.append(
            f' <span class="tl-status tl-status-{event.status.value}">{event.status.value}</span>'
        )
    note = correction_note(fb, ctx, event.id)
    if note:
        parts.append(f" {note}")
    parts.append("</p>")
    if event.summary:
        parts.append(f'<p class="tl-summary">{esc(event.summary)}</p>')
    # The topic's own line about the event (e.g. what was launched), if any.
    parts.append(fb.topic.event_detail_html(fb, event))
    parts.append(_sources_line(fb, ctx, event.sources))
    parts.append("</li>")
    return "".join(parts)


def _sources_line(fb: FactBase, ctx: PageContext, source_ids: Sequence[str]) -> str:
    """Render an entry's sources: the first few inline, the rest folded away."""
    links = cite_links(fb, ctx, source_ids)
    shown = ", ".join(links[: fb.settings.shown_sources])
    rest = links[fb.settings.shown_sources :]
    more = (
        f' <details class="tl-more-sources"><summary>{len(rest)} more</summary>'
        f"{', '.join(rest)}</details>"
        if rest
        else ""
    )
    return f'<div class="tl-sources" data-search-exclude>Sources: {shown}{more}</div>'


def render_list(
    fb: FactBase, ctx: PageContext, events: Iterable[Event], heading: str, searchable: bool
) -> str:
    """Render events as one ordered list; searchable entries are search results of their own.

    The first use in the list of each glossary abbreviation (GDP, NATO...) links its entry.

    A list that is not searchable repeats entries of the timeline: it stays out of search.
    """
    explained: set[str] = set()
    items = "\n".join(
        render_entry(fb, ctx, e, heading, searchable, explained=explained) for e in events
    )
    exclude = "" if searchable else " data-search-exclude"
    return f'<ol class="tl-list"{exclude}>\n{items}\n</ol>'


# How many of the newest entries the first page of a split timeline shows: ten, not 15, so
# that the page a phone styles while Material's script starts is lighter (issue 14); the
# year pages and the filters hold the rest.
LATEST = 10
# The file that holds every entry of a split timeline, fetched when a reader filters it.
ENTRIES_FILE = f"{TIMELINE_PAGE}entries.html"


def render_line(fb: FactBase, ctx: PageContext, event: Event) -> str:
    """Render one event as a single line: its date and its title, linked to its entry."""
    return (
        f'<li id="{esc(event.id)}" class="tl-entry tl-line tl-{esc(str(event.category))}">'
        f'<time datetime="{event.date.iso()}">{esc(event.date.human())}</time> '
        f'<a href="{esc(event_href(fb, ctx, event.id))}">{esc(event.title)}</a></li>'
    )


def _compact(fb: FactBase, events: Sequence[Event], searchable: bool) -> bool:
    """Return True when a slice is too long for full entries (a split timeline's long lists)."""
    return (
        not searchable
        and urls.timeline_is_split(fb)
        and len(events) > fb.settings.timeline_split_at
    )


def _list(
    fb: FactBase,
    ctx: PageContext,
    events: Sequence[Event],
    searchable: bool,
    compact: bool,
    *,
    heading: str = "h3",
) -> str:
    if not compact:
        return render_list(fb, ctx, events, heading, searchable)
    items = "\n".join(render_line(fb, ctx, e) for e in events)
    return f'<ol class="tl-list tl-lines" data-search-exclude>\n{items}\n</ol>'


def timeline(
    fb: FactBase,
    ctx: PageContext,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
    group: str | None = None,
    controls: bool = False,
) -> str:
    """Render the (filtered) timeline; group='year' adds a Markdown heading per year.

    controls=True (the whole timeline's page) adds the filters above the entries, a year
    jump that stays in reach on phones, and links to each category's static page.

    Once the timeline is split (settings.timeline_split_at), the whole timeline is its
    newest entries, the filters (which fetch every entry when used) and a page per year;
    a slice longer than the threshold lists its events one line each, linked to their
    entries.
    """
    events = select(fb, category=category, tag=tag, actor=actor, start=start, end=end)
    if group not in (None, "year"):
        raise ValueError(f"timeline(group={group!r}): use group='year' or leave it out")
    if not events:
        return '<p class="tl-empty">No events match these filters.</p>'
    unfiltered = not any((category, tag, actor, start, end))
    split = urls.timeline_is_split(fb)
    if controls and (not unfiltered or group != "year"):
        raise ValueError("timeline(controls=True) goes with group='year' and no filters")
    if group == "year" and unfiltered and split:
        return split_front(fb, ctx, controls=controls)
    # The whole timeline (or, once it is split, a year's page) is where search sends a
    # reader for one event; any other slice of it only repeats entries.
    one_year = start is not None and start == end and split
    searchable = (unfiltered and group == "year") or (
        one_year and category is None and tag is None and actor is None
    )
    compact = _compact(fb, events, searchable)
    if group is None:
        # A year page's entries come straight under its title: their headings are h2.
        heading = "h2" if searchable and one_year else "h3"
        body = _list(fb, ctx, events, searchable, compact, heading=heading)
        nav = year_nav(fb, ctx, current=events[0].date.year) if searchable and one_year else ""
        return f'{nav}<div class="timeline" data-count="{len(events)}">\n{body}\n</div>'
    blocks: list[str] = []
    if controls:
        blocks.append(timeline_controls(fb, ctx))
    for year, in_year in groupby(events, key=lambda e: e.date.year):
        year_events: Sequence[Event] = list(in_year)
        # A Markdown heading, so that years appear in the table of contents.
        blocks.append(f"## {year} {{#year-{year}}}\n")
        blocks.append(
            f'<div class="timeline" data-year="{year}" data-count="{len(year_events)}">\n'
            f"{_list(fb, ctx, year_events, searchable, compact)}\n</div>\n"
        )
    if controls:
        blocks.append('<div class="tl-end" hidden></div>\n')
    return "\n".join(blocks)


def _select(name: str, label: str, options: Sequence[tuple[str, str]], empty: str | None) -> str:
    """Render one filter of the form; a long list's choices wait in a <template> beside it.

    The form shows only with JavaScript, and its 180-odd choices cost the phone a style
    pass each time Material's script restyles the page while it starts. timeline.js moves
    them into their select at the first touch of the form, when the address asks for a
    filter, or once the page is idle, whichever comes first.
    """
    first = [f'<option value="">{esc(empty)}</option>'] if empty is not None else []
    items = [f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options]
    later = ""
    if empty is not None and len(items) > 2:
        later = f'<template class="tl-options">{"".join(items)}</template>'
        items = []
    return (
        f'<label class="tl-field"><span>{esc(label)}</span> '
        f'<select name="{esc(name)}">{"".join(first + items)}</select>{later}</label>'
    )


def year_nav(fb: FactBase, ctx: PageContext, current: int | None = None) -> str:
    """Render the year jump: a link per year (its page once split, else its heading)."""
    split = urls.timeline_is_split(fb)
    links = []
    for year in urls.timeline_years(fb):
        href = ctx.url(urls.year_page(year)) if split else f"#year-{year}"
        here = ' aria-current="page"' if year == current else ""
        links.append(f'<a href="{esc(href)}"{here}>{year}</a>')
    return f'<nav class="tl-yearjump" aria-label="Jump to a year">{"".join(links)}</nav>\n'


def timeline_controls(fb: FactBase, ctx: PageContext) -> str:
    """Render the filters of the timeline page, its no-script links and its year jump."""
    spec = filter_spec(fb)
    split = urls.timeline_is_split(fb)
    counts = Counter(str(e.category) for e in fb.events)
    static = " · ".join(
        f'<a href="{esc(ctx.url(urls.category_page(c.id)))}">{esc(c.label)}</a> '
        f'<span class="tl-n">({counts[c.id]:,})</span>'
        for c in fb.categories
        if counts[c.id]
    )
    years = [str(y) for y in urls.timeline_years(fb)]
    orders = [("oldest", "Oldest first"), ("newest", "Newest first")]
    if split:
        orders.insert(0, ("", f"Latest {LATEST}"))
    fields = []
    for choice in spec.choices:
        if choice.name == "tag":
            continue  # the address may hold a tag; a list of 50 is no help to a reader
        fields.append(_select(choice.name, choice.label, choice.values, "All"))
    fields += [
        _select("from", "From", [(y, y) for y in years], "First year"),
        _select("to", "To", [(y, y) for y in years], "Last year"),
        '<label class="tl-field tl-text"><span>Words</span> '
        '<input type="search" name="text" autocomplete="off" spellcheck="false"></label>',
        # A split timeline's first view is its newest entries: the Order box says so with a
        # choice of its own (timeline.js reads "" as that view, or the newest LATEST matches).
        _select("order", "Order", orders, None),
        _select("view", "View", [("cards", "Full entries"), ("compact", "One line each")], None),
    ]
    example = fb.categories[0].id if fb.categories else "name"
    shows = "the latest events" if split else "the whole timeline"
    where = "open a year's page below" if split else "jump to a year below"
    box = attrs(
        {
            "class": "tl-controls",
            "data-total": str(len(fb.events)),
            "data-entries": ctx.url(ENTRIES_FILE) if split else None,
            "data-latest": str(LATEST) if split else None,
        }
    )
    return (
        f"<div{box}>{filters.spec_json(spec)}"
        f'<p class="tl-static">By category (one page each): {static}</p>'
        '<noscript><p class="tl-notice">Filtering this page needs JavaScript, which is off: '
        f"an address such as <code>?category={esc(example)}</code> shows {shows} here. "
        f"Use the category pages above, or {where}.</p></noscript>"
        f'<form class="tl-filters" hidden aria-label="Filter the timeline">{"".join(fields)} '
        '<button type="reset" class="md-button">Clear filters</button></form>'
        f'<p class="tl-match" aria-live="polite">{len(fb.events):,} events.</p>'
        "</div>\n\n"
        f"{year_nav(fb, ctx)}"
    )


# Old links to /timeline/#<event-id> still work once the timeline is split: look the id up
# and move on to the year page that holds it.
_FORWARD = (
    "<script>(function(){var h=location.hash.slice(1);"
    "if(!h||document.getElementById(h))return;"
    "fetch('ids.json').then(function(r){return r.json()}).then(function(m){"
    "if(m[h])location.replace(m[h]+'/#'+encodeURIComponent(h))})})();</script>"
)


def split_front(fb: FactBase, ctx: PageContext, *, controls: bool) -> str:
    """Render the first page of a split timeline: the newest entries and a page per year.

    With controls, the filters above them search every entry (timeline.js fetches
    ENTRIES_FILE when a reader sets one); without JavaScript the year and category pages
    hold the rest.
    """
    latest = list(reversed(fb.events[-LATEST:]))
    years = urls.timeline_years(fb)
    head = timeline_controls(fb, ctx) if controls else year_nav(fb, ctx)
    return (
        f"{head}\n"
        f'<p class="tl-split-note">The timeline holds {len(fb.events):,} events from '
        f"{years[0]} to {years[-1]}, one page per year. Here are the latest "
        f"{len(latest)}, newest first.</p>\n\n"
        f'<div class="timeline tl-latest" data-count="{len(latest)}">\n'
        f"{render_list(fb, ctx, latest, 'h2', False)}\n</div>\n\n"
        f'<div class="tl-end" hidden></div>\n{_FORWARD}\n'
    )


def entries_fragment(fb: FactBase) -> str:
    """Return every entry of the timeline, by year, as the file the page's filters fetch.

    The same markup as the year pages (render_list, titles as h2: on /timeline/ the entries
    come straight under the page's title), with links relative to /timeline/.
    """
    # Rendered with the marker for the path to the site root, as the pages' macros are:
    # the entries made once for them serve here too.
    ctx = PageContext(BASE_MARKER)
    blocks = [
        f'<div class="timeline" data-year="{year}">'
        f"{render_list(fb, ctx, list(in_year), 'h2', False)}</div>"
        for year, in_year in groupby(fb.events, key=lambda e: e.date.year)
    ]
    return (
        '<!doctype html>\n<html lang="en"><meta charset="utf-8">'
        "<title>Timeline entries</title>\n" + "\n".join(blocks) + "\n</html>\n"
    ).replace(BASE_MARKER, PageContext.for_url(TIMELINE_PAGE).base)


def event_link(
    fb: FactBase, ctx: PageContext, event_id: str, show: str = "date", text: str | None = None
) -> str:
    """Render an inline link to an event on /timeline/ that reads as part of a sentence.

    By default the link is the event's date ("on <9 October 2006>"). text= gives the link
    words of your own that fit the sentence ("with <Resolution 1718>"); show='both' adds the
    date after them. show='title' uses the event's headline, which rarely fits a sentence.
    """
    event = get_event(fb, event_id)
    if show not in ("date", "title", "both"):
        raise ValueError(f"event(show={show!r}): use 'date', 'title' or 'both'")
    if text is not None and not text.strip():
        raise ValueError("event(text=...): give the words of the link, or leave text out")
    time_html = f'<time datetime="{event.date.iso()}">{esc(event.date.human())}</time>'
    words = esc(text) if text is not None else esc(event.title)
    if show == "date" and text is None:
        link_text = time_html
    elif show == "both":
        link_text = f"{words} ({time_html})"
    else:
        link_text = words
    attr = attrs(
        {"href": event_href(fb, ctx, event.id), "class": "event-link", "title": event.title}
    )
    return f"<a{attr}>{link_text}</a>"


def record_end(fb: FactBase) -> FuzzyDate:
    """Return how far the record reaches: the latest date (or end date) of any event."""
    if not fb.events:
        raise ValueError("record_end(): the fact base has no events")
    return max((e.end_date or e.date) for e in fb.events)


def record_date(fb: FactBase, ctx: PageContext) -> str:
    """Render the date the record runs to, for 'The record runs to <date>'."""
    end = record_end(fb)
    return f'<time class="record-end" datetime="{end.iso()}">{esc(end.human())}</time>'


def latest_event(
    fb: FactBase,
    ctx: PageContext,
    *,
    category: str | None = None,
    tag: str | None = None,
    show: str = "both",
    text: str | None = None,
) -> str:
    """Render a link to the most recent matching event, so that pages stay current."""
    events = select(fb, category=category, tag=tag)
    if not events:
        raise ValueError(f"latest_event(): no event matches category={category!r} tag={tag!r}")
    return event_link(fb, ctx, events[-1].id, show=show, text=text)


def timeline_files(fb: FactBase) -> dict[str, bytes]:
    """Return the files a split timeline needs beside its pages, keyed by site path.

    ids.json lets /timeline/#<event-id> links forward to the year page that holds the
    event; ENTRIES_FILE is what the filters of /timeline/ fetch.
    """
    if not urls.timeline_is_split(fb):
        return {}
    ids = {e.id: str(e.date.year) for e in fb.events}
    return {
        f"{TIMELINE_PAGE}ids.json": json.dumps(ids, sort_keys=True).encode(),
        ENTRIES_FILE: entries_fragment(fb).encode(),
    }
