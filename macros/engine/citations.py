"""Citations: inline cite() links and the full list of sources on /sources/."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from macros.engine import urls
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, PageRef, attrs, esc, ext_link, is_web_url
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
    key = ("cite-link", source_id, ctx.base)
    found = fb.memo.get(key)
    if found is not None:
        return str(found)
    source = get_source(fb, source_id)
    attr = attrs(
        {
            "href": source_href(fb, ctx, source_id),
            "title": source_tooltip(source),
            "class": "cite-link",
            # Printed after the link (overrides/assets/explainer.css, @media print).
            "data-url": source.url if is_web_url(source.url) else None,
        }
    )
    link = f"<a{attr}>{esc(source_label(source))}</a>"
    fb.memo[key] = link
    return link


def cite(fb: FactBase, ctx: PageContext, *source_ids: str) -> str:
    """Render an inline citation of one or more sources, linked to /sources/."""
    if not source_ids:
        raise ValueError("cite() needs at least one source id")
    return f'<span class="cite">({"; ".join(cite_links(fb, ctx, source_ids))})</span>'


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
        return '<p class="source-uncited">Not cited yet.</p>'
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
    """Render links to the pages of a split source list, each with its publisher range."""
    order = urls.sources_in_order(fb)
    items = []
    for group in urls.source_groups(fb):
        per_page = fb.settings.sources_per_page
        first = (int(group) - 1) * per_page
        chunk = order[first : first + per_page]
        span = f"{fb.sources[chunk[0]].publisher} – {fb.sources[chunk[-1]].publisher}"
        href = esc(ctx.url(f"{urls.SOURCES_PAGE}{group}/"))
        items.append(f'<li><a href="{href}">{esc(span)}</a> ({len(chunk):,})</li>')
    return (
        f'<p class="source-split-note">{len(fb.sources):,} sources, by publisher:</p>\n'
        f'<ul class="source-groups">{"".join(items)}</ul>'
    )


def sources_list(fb: FactBase, ctx: PageContext, group: str | None = None) -> str:
    """Render every source with what cites it (the /sources/ page body).

    With thousands of sources the page becomes an index, and group='2' lists the second
    page of sources in publisher order (the generated pages call it so).
    """
    if group is None and urls.sources_are_split(fb):
        return _sources_index(fb, ctx)
    by_source = events_citing(fb)
    chosen = [
        s for s in fb.sources.values() if group is None or urls.source_group(fb, s.id) == group
    ]
    if not chosen:
        raise ValueError(f"sources_list(group={group!r}): no such page of sources")
    ordered = sorted(chosen, key=lambda s: (s.publisher.casefold(), s.title, s.id))
    rows = []
    for source in ordered:
        title = esc(source.title or source.url or "")
        title_html = ext_link(source.url, f"<cite>{title}</cite>", "source-title")
        date = (
            f' <time datetime="{source.date.iso()}">{esc(source.date.human())}</time>.'
            if source.date is not None
            else ""
        )
        flags = f'<span class="source-kind">{esc(source.kind.value.replace("-", " "))}</span>'
        if source.weak_host:
            flags += (
                ' <span class="source-weak" title="This page reproduces a report first published'
                ' elsewhere; it is cited only where the original could not be found">'
                "reprinted from another outlet</span>"
            )
        note = f'<p class="source-note">{esc(source.note)}</p>' if source.note else ""
        cited = _cited_by(fb, ctx, by_source.get(source.id, []), ctx.citations.get(source.id, ()))
        rows.append(
            # A result of its own, ranked below the entries and pages that cite it.
            f'<li class="source" id="{esc(source.id)}" data-search-entry '
            f'data-search-title="{esc(source.title or source.publisher)}" '
            'data-search-boost="0.5">'
            f'<p><span class="source-publisher">{esc(source.publisher)}</span>, '
            f"{title_html}.{date} "
            f"{flags}</p>{note}{cited}</li>"
        )
    body = "\n".join(rows)
    return f'<ol class="source-list">\n{body}\n</ol>'
