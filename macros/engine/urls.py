"""Where things live on the site: one place decides each event's timeline page."""

from __future__ import annotations

from collections import Counter

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
# The source list is grouped by kind of document. Above settings.sources_split_at sources,
# /sources/ becomes an index and each group gets a page of its own, split into parts of at
# most settings.sources_per_page sources in publisher order.
# (page name, heading, kinds of source it holds), in the order the list shows them.
SOURCE_KIND_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("official", "Governments and the UN", ("government", "un-document")),
    ("research", "Research and analysis", ("analysis", "report")),
    ("data", "Datasets and reference works", ("dataset", "reference")),
    ("news", "News reports", ("news",)),
    ("state-media", "State media", ("state-media",)),
)
_KIND_GROUP = {
    kind: index for index, (_, _, kinds) in enumerate(SOURCE_KIND_GROUPS) for kind in kinds
}


def sources_are_split(fb: FactBase) -> bool:
    """Return True when the source list is too long for one page (settings.sources_split_at).

    Then /sources/ becomes an index of numbered pages, each holding
    settings.sources_per_page sources in publisher order.
    """
    return len(fb.sources) > fb.settings.sources_split_at


def kind_group(kind: str) -> tuple[str, str]:
    """Return the (page name, heading) of the group that holds sources of this kind."""
    name, heading, _ = SOURCE_KIND_GROUPS[_KIND_GROUP.get(kind, len(SOURCE_KIND_GROUPS) - 1)]
    return name, heading


def sources_in_order(fb: FactBase) -> list[str]:
    """Return every source id in the order the source list shows them: by group, publisher.

    Sorted once per fact base (every source page and its index ask for it).
    """
    return list(fb.remember(("sources-in-order",), tuple, lambda: _sources_in_order(fb)))


def _sources_in_order(fb: FactBase) -> tuple[str, ...]:
    ordered = sorted(
        fb.sources.values(),
        key=lambda s: (
            _KIND_GROUP.get(s.kind.value, len(SOURCE_KIND_GROUPS)),
            s.publisher.casefold(),
            s.title,
            s.id,
        ),
    )
    return tuple(s.id for s in ordered)


def _pages(fb: FactBase) -> dict[str, str]:
    """Map each source id to its page name ('news', or 'news-2' when a group is split)."""
    return fb.remember(("source-pages",), dict, lambda: _make_pages(fb))


def _make_pages(fb: FactBase) -> dict[str, str]:
    per_page = fb.settings.sources_per_page
    members: dict[str, list[str]] = {}
    for source_id in sources_in_order(fb):
        members.setdefault(kind_group(fb.sources[source_id].kind.value)[0], []).append(source_id)
    pages = {}
    for name, ids in members.items():
        parts = -(-len(ids) // per_page)
        for index, source_id in enumerate(ids):
            pages[source_id] = name if parts == 1 else f"{name}-{index // per_page + 1}"
    return pages


def source_group(fb: FactBase, source_id: str) -> str:
    """Return the name of the page that lists a source: 'news', 'news-2', 'official'..."""
    return _pages(fb)[source_id]


def source_groups(fb: FactBase) -> list[str]:
    """Return the names of the source pages, in order."""
    return list(dict.fromkeys(_pages(fb)[sid] for sid in sources_in_order(fb)))


def source_path(fb: FactBase, source_id: str) -> str:
    """Return the site path (with #anchor) of a source's entry."""
    if sources_are_split(fb):
        return f"{SOURCES_PAGE}{source_group(fb, source_id)}/#{source_id}"
    return f"{SOURCES_PAGE}#{source_id}"


def source_page_title(fb: FactBase, group: str) -> tuple[str, str]:
    """Return a source page's heading and its publisher range ('Agency A – Paper B')."""
    titles = _page_titles(fb)
    if group not in titles:
        raise ValueError(f"sources_list(group={group!r}): no such page of sources")
    return titles[group]


def _page_titles(fb: FactBase) -> dict[str, tuple[str, str]]:
    """Map each source page to its heading and publisher range (made once per fact base)."""
    return fb.remember(("source-page-titles",), dict, lambda: _make_page_titles(fb))


def _make_page_titles(fb: FactBase) -> dict[str, tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for sid in sources_in_order(fb):
        members.setdefault(source_group(fb, sid), []).append(sid)
    titles = {}
    for group, ids in members.items():
        heading = kind_group(fb.sources[ids[0]].kind.value)[1]
        first, last = fb.sources[ids[0]].publisher, fb.sources[ids[-1]].publisher
        span = first if first == last else f"{first} – {last}"
        titles[group] = (heading, span)
    return titles


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

    def page(path: str, front: str, body: str) -> None:
        pages[path] = f"---\n{front}\n---\n\n{body}\n"

    if sources_are_split(fb):
        for group in source_groups(fb):
            heading, span = source_page_title(fb, group)
            part = f" ({span})" if "-" in group and group[-1].isdigit() else ""
            title = f"Sources: {heading}{part}"
            about = f"The sources this site cites, {heading.lower()}{part}, with what cites each."
            page(
                f"{SOURCES_PAGE}{group}.md",
                f"title: {_yaml_text(title)}\ndescription: {_yaml_text(about)}",
                f"# {_md_text(title)}\n\n[All sources](../sources.md)\n\n"
                f"{{{{ sources_list(group='{group}') }}}}",
            )
    years = timeline_years(fb)
    for year in years if embed_is_split(fb) else []:
        page(
            f"{EMBED_PAGE}{year}.md",
            f"title: Timeline, {year}\ntemplate: embed.html\nsearch:\n  exclude: true",
            f"{{{{ embed_timeline(start={year}, end={year}) }}}}",
        )
    # A static page per category: the timeline's filters for readers without JavaScript.
    for category in sorted({str(e.category) for e in fb.events}):
        label = fb.category_label(category)
        page(
            f"{TIMELINE_PAGE}{category}.md",
            f"title: 'Timeline: {label}'\nsearch:\n  exclude: true",
            f"# Timeline: {label}\n\n[The whole timeline](../timeline.md)\n\n"
            f"{{{{ timeline(category='{category}', group='year') }}}}",
        )
    in_year = Counter(e.date.year for e in fb.events)
    for year in years if timeline_is_split(fb) else []:
        n = in_year[year]
        about = f"The {n} event{'s' if n != 1 else ''} of {year} on the timeline, with sources."
        page(
            f"{TIMELINE_PAGE}{year}.md",
            f"title: Timeline, {year}\ndescription: {_yaml_text(about)}",
            f"# Timeline: {year}\n\n[The latest events and the filters](../timeline.md)\n\n"
            f"{{{{ timeline(start={year}, end={year}) }}}}",
        )
    return pages


def _yaml_text(text: str) -> str:
    """Quote text as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _md_text(text: str) -> str:
    """Make text inert in a Markdown heading (publishers' names are data)."""
    return "".join(f"&#{ord(c)};" if c in "\\`*_{}[]<>#|~^&" else c for c in text)
