"""Citations: inline cite() links and the full list of sources on /sources/."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from macros.engine import corrections, urls
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, PageRef, attrs, esc, ext_link
from macros.engine.schema import Event, Source

SOURCES_PAGE = "sources/"


def get_source(fb: FactBase, source_id: str) -> Source:
    """Return a source by id or raise UnknownIdError with the closest id."""
    try:
        return fb.sources[source_id]
    except KeyError:
        raise UnknownIdError("source", source_id, fb.sources) from None


def source_href(fb: FactBase, ctx: PageContext, source_id: str) -> str:
    """Return the link to a source's entry on /sources/ (or its part of it, when split)."""
    return ctx.url(urls.source_path(fb, source_id))


def source_label(source: Source) -> str:
    """Return the short text a citation shows: the publisher."""
    return source.publisher


def source_tooltip(source: Source) -> str:
    """Return the longer description shown on hover."""
    parts = [source.publisher]
    if source.title:
        parts.append(source.title)
    if source.date is not None:
        parts.append(source.date.human())
    return ": ".join(parts[:2]) + (f" ({parts[2]})" if len(parts) > 2 else "")


def cite_links(fb: FactBase, ctx: PageContext, source_ids: Iterable[str]) -> list[str]:
    """Return one escaped link per source id."""
    return [_cite_link(fb, ctx, source_id) for source_id in source_ids]


def _cite_link(fb: FactBase, ctx: PageContext, source_id: str) -> str:
    """Return one source's citation link (made once per source and page depth)."""

    def make() -> str:
        source = get_source(fb, source_id)
        attr = attrs(
            {
                "href": source_href(fb, ctx, source_id),
                "title": source_tooltip(source),
                "class": "cite-link",
            }
        )
        return f"<a{attr}>{esc(source_label(source))}</a>"

    return fb.remember(("cite-link", source_id, ctx.base), str, make)


def cite(fb: FactBase, ctx: PageContext, *source_ids: str) -> str:
    """Render an inline citation of one or more sources, linked to /sources/."""
    if not source_ids:
        raise ValueError("cite() needs at least one source id")
    # data-cite lets the page's pass (macros/engine/footnotes.py) number it.
    ids = esc(" ".join(source_ids))
    links = "; ".join(cite_links(fb, ctx, source_ids))
    return f'<span class="cite" data-cite="{ids}">({links})</span>'


def events_citing(fb: FactBase) -> Mapping[str, list[Event]]:
    """Map each source id to the events that cite it, in timeline order."""
    out: dict[str, list[Event]] = defaultdict(list)
    for event in fb.events:
        for source_id in event.sources:
            out[source_id].append(event)
    return out


def _cited_by(
    fb: FactBase, ctx: PageContext, events: list[Event], pages: tuple[PageRef, ...]
) -> str:
    most = fb.settings.max_backlinks
    items = [
        f'<li><a href="{esc(ctx.url(page.url))}">{esc(page.title)}</a></li>'
        for page in pages[:most]
    ]
    if len(pages) > most:
        items.append(f'<li class="source-more">and {len(pages) - most:,} more pages</li>')
    # A source cited by thousands of events would make this page grow without bound:
    # list the newest few, and say how many more there are. With a split timeline the
    # sources page lists fewer (settings.split_backlinks), so that it stays readable.
    limit = fb.settings.split_backlinks if urls.timeline_is_split(fb) else most
    shown = events[-limit:][::-1]
    items += [
        f'<li><a href="{esc(ctx.url(urls.timeline_path(fb, e.id)))}">'
        f'<time datetime="{e.date.iso()}">{esc(e.date.human())}</time>: {esc(e.title)}</a></li>'
        for e in shown
    ]
    if len(events) > len(shown):
        more = len(events) - len(shown)
        noun = "event" if more == 1 else "events"
        items.append(f'<li class="source-more">and {more:,} earlier {noun}</li>')
    if not items:
        return '<span class="source-uncited">Not cited yet.</span>'
    what = []
    if pages:
        what.append(f"{len(pages)} page{'s' if len(pages) != 1 else ''}")
    if events:
        what.append(f"{len(events)} event{'s' if len(events) != 1 else ''}")
    return (
        f'<details class="source-cited-by" data-search-exclude>'
        f"<summary>Cited by {' and '.join(what)}</summary>"
        f"<ul>{''.join(items)}</ul></details>"
    )


def _sources_index(fb: FactBase, ctx: PageContext) -> str:
    """Render the index of a split source list: each group, its pages and how many each holds."""
    order = urls.sources_in_order(fb)
    counts: dict[str, int] = {}
    for source_id in order:
        group = urls.source_group(fb, source_id)
        counts[group] = counts.get(group, 0) + 1
    blocks: list[str] = []
    by_heading: dict[str, list[str]] = {}
    for group in urls.source_groups(fb):
        heading, span = urls.source_page_title(fb, group)
        href = esc(ctx.url(f"{urls.SOURCES_PAGE}{group}/"))
        by_heading.setdefault(heading, []).append(
            f'<li><a href="{href}">{esc(span)}</a> ({counts[group]:,})</li>'
        )
    for heading, items in by_heading.items():
        pages = [g for g in urls.source_groups(fb) if urls.source_page_title(fb, g)[0] == heading]
        total = sum(counts[g] for g in pages)
        if len(pages) == 1:
            href = esc(ctx.url(f"{urls.SOURCES_PAGE}{pages[0]}/"))
            blocks.append(
                f'<li class="source-group"><a class="source-group-name" href="{href}">'
                f"{esc(heading)}</a> ({total:,})</li>"
            )
            continue
        blocks.append(
            f'<li class="source-group"><span class="source-group-name">{esc(heading)}</span> '
            f"({total:,}), by publisher:<ul>{''.join(items)}</ul></li>"
        )
    return (
        f'<p class="source-split-note">{len(fb.sources):,} sources, by kind and publisher:</p>\n'
        f'<ul class="source-groups">{"".join(blocks)}</ul>'
    )


def _title_html(source: Source) -> str:
    """Return a source's title, linked; without a title, the name of the site it is on."""
    if source.title:
        text = esc(source.title)
    else:
        host = urlsplit(source.url or "").hostname or "web page"
        text = esc(host.removeprefix("www."))
    return ext_link(source.url, text, "source-title")


def _same_looking(fb: FactBase) -> Mapping[str, int]:
    """Return, for each source whose publisher and title another one shares, how many do.

    Two different pages can share a publisher and a title (an importer's title that
    describes what a page was cited for): in a list they read as one entry printed twice,
    so each says that it is one of several.
    """

    def make() -> dict[str, int]:
        def key(s: Source) -> tuple[str, str]:
            return (s.publisher, s.title or s.url or "")

        counts = Counter(key(s) for s in fb.sources.values())
        return {sid: counts[key(s)] for sid, s in fb.sources.items() if counts[key(s)] > 1}

    return fb.remember(("same-looking-sources",), dict, make)


def _entry(fb: FactBase, ctx: PageContext, source: Source, cited: str) -> str:
    date = (
        f', <time datetime="{source.date.iso()}">{esc(source.date.human())}</time>'
        if source.date is not None
        else ""
    )
    flags = ""
    if source.weak_host:
        flags = (
            ' <span class="source-weak" title="This page reproduces a report first published'
            ' elsewhere; it is cited only where the original could not be found">'
            "reprinted from another outlet</span>"
        )
    twins = _same_looking(fb).get(source.id)
    if twins:
        flags += (
            f' <span class="source-twin">One of {twins} different pages from this publisher '
            "with this title.</span>"
        )
    note = f'<p class="source-note">{esc(source.note)}</p>' if source.note else ""
    return (
        # A search result of its own, ranked below the entries and pages that cite it.
        f'<li class="source" id="{esc(source.id)}" data-search-entry '
        f'data-search-title="{esc(source.title or source.publisher)}" '
        'data-search-boost="0.5">'
        f'<span class="source-publisher">{esc(source.publisher)}</span>, '
        f"{_title_html(source)}{date}.{flags}{corrections.correction_note(fb, ctx, source.id)}"
        f"{note}{cited}</li>"
    )


def sources_list(fb: FactBase, ctx: PageContext, group: str | None = None) -> str:
    """Render every source with what cites it, grouped by kind (the /sources/ page body).

    With many sources the page becomes an index, and group='news-2' lists the second page
    of news sources in publisher order (the generated pages call it so).
    """
    if group is None and urls.sources_are_split(fb):
        return _sources_index(fb, ctx)
    if group is not None:
        urls.source_page_title(fb, group)  # raises on a page that does not exist
    by_source = events_citing(fb)
    chosen = [
        sid for sid in urls.sources_in_order(fb)
        if group is None or urls.source_group(fb, sid) == group
    ]  # fmt: skip
    blocks: list[str] = []
    current = None
    rows: list[str] = []
    for source_id in chosen:
        source = fb.sources[source_id]
        heading = urls.kind_group(source.kind.value)[1]
        if heading != current and group is None:
            if rows:
                blocks.append(f'<ol class="source-list">{"".join(rows)}</ol>')
                rows = []
            slug = urls.kind_group(source.kind.value)[0]
            blocks.append(f'<h2 class="source-group-heading" id="group-{slug}">{esc(heading)}</h2>')
            current = heading
        cited = _cited_by(fb, ctx, by_source.get(source_id, []), ctx.citations.get(source_id, ()))
        rows.append(_entry(fb, ctx, source, cited))
    if rows:
        blocks.append(f'<ol class="source-list">{"".join(rows)}</ol>')
    return "\n".join(blocks)
