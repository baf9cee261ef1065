"""Where things live on the site: one place decides each event's timeline page."""

from __future__ import annotations

from macros.engine.factbase import FactBase

TIMELINE_PAGE = "timeline/"


def timeline_is_split(fb: FactBase) -> bool:
    """Return True when the timeline is too long for one page (settings.timeline_split_at).

    Then /timeline/ becomes an index and each year gets its own page, so that no page
    grows without bound.
    """
    return len(fb.events) > fb.settings.timeline_split_at


def timeline_years(fb: FactBase) -> list[int]:
    """Return every year that has an event, oldest first."""
    return sorted({e.date.year for e in fb.events})


def year_page(year: int) -> str:
    """Return the site path of one year's timeline page."""
    return f"{TIMELINE_PAGE}{year}/"


def category_page(category: str) -> str:
    """Return the site path of one category's static timeline page (no script needed)."""
    return f"{TIMELINE_PAGE}{category}/"


def timeline_path(fb: FactBase, event_id: str) -> str:
    """Return the site path (with #anchor) of an event's timeline entry."""
    if timeline_is_split(fb):
        return f"{year_page(fb.events_by_id[event_id].date.year)}#{event_id}"
    return f"{TIMELINE_PAGE}#{event_id}"


SOURCES_PAGE = "sources/"


def sources_are_split(fb: FactBase) -> bool:
    """Return True when the source list is too long for one page (settings.sources_split_at).

    Then /sources/ becomes an index of numbered pages, each holding
    settings.sources_per_page sources in publisher order.
    """
    return len(fb.sources) > fb.settings.sources_split_at


def sources_in_order(fb: FactBase) -> list[str]:
    """Return every source id in the order the source list shows them (by publisher)."""
    ordered = sorted(fb.sources.values(), key=lambda s: (s.publisher.casefold(), s.title, s.id))
    return [s.id for s in ordered]


def source_group(fb: FactBase, source_id: str) -> str:
    """Return the name of the page that lists a source: '1', '2', ... (computed once)."""
    pages = fb.memo.get(("source-pages",))
    if not isinstance(pages, dict):
        order = sources_in_order(fb)
        per_page = fb.settings.sources_per_page
        pages = {sid: str(i // per_page + 1) for i, sid in enumerate(order)}
        fb.memo[("source-pages",)] = pages
    return str(pages[source_id])


def source_groups(fb: FactBase) -> list[str]:
    """Return the names of the source pages, in order."""
    count = -(-len(fb.sources) // fb.settings.sources_per_page)
    return [str(n) for n in range(1, count + 1)]


def source_path(fb: FactBase, source_id: str) -> str:
    """Return the site path (with #anchor) of a source's entry."""
    if sources_are_split(fb):
        return f"{SOURCES_PAGE}{source_group(fb, source_id)}/#{source_id}"
    return f"{SOURCES_PAGE}#{source_id}"


EMBED_PAGE = "embed/timeline/"


def embed_is_split(fb: FactBase) -> bool:
    """Return True when the full embed would hold more entries than one frame should.

    An embed shows at most settings.embed_limit entries; with more, it shows the latest
    and links to generated per-year embeds (/embed/timeline/<year>/) for the rest.
    """
    return len(fb.events) > fb.settings.embed_limit


def embed_year_page(year: int) -> str:
    """Return the site path of one year's embed."""
    return f"{EMBED_PAGE}{year}/"


def generated_pages(fb: FactBase) -> dict[str, str]:
    """Return the pages a large fact base needs beyond content/: source path -> Markdown."""
    pages: dict[str, str] = {}
    if sources_are_split(fb):
        for group in source_groups(fb):
            pages[f"{SOURCES_PAGE}{group}.md"] = (
                f"---\ntitle: Sources, part {group}\n---\n\n# Sources, part {group}\n\n"
                f"[All sources](../sources.md)\n\n{{{{ sources_list(group='{group}') }}}}\n"
            )
    if embed_is_split(fb):
        for year in timeline_years(fb):
            pages[f"{EMBED_PAGE}{year}.md"] = (
                f"---\ntitle: Timeline, {year}\ntemplate: embed.html\nsearch:\n  exclude: true\n"
                f"---\n\n{{{{ embed_timeline(start={year}, end={year}) }}}}\n"
            )
    # A static page per category: the timeline's filters for readers without JavaScript.
    for category in sorted({str(e.category) for e in fb.events}):
        label = fb.category_label(category)
        pages[f"{TIMELINE_PAGE}{category}.md"] = (
            f"---\ntitle: 'Timeline: {label}'\nsearch:\n  exclude: true\n---\n\n"
            f"# Timeline: {label}\n\n[The whole timeline](../timeline.md)\n\n"
            f"{{{{ timeline(category='{category}', group='year') }}}}\n"
        )
    if timeline_is_split(fb):
        for year in timeline_years(fb):
            pages[f"{TIMELINE_PAGE}{year}.md"] = (
                f"---\ntitle: Timeline, {year}\n---\n\n# Timeline: {year}\n\n"
                f"[All years](../timeline.md)\n\n{{{{ timeline(start={year}, end={year}) }}}}\n"
            )
    return pages
