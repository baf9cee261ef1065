"""Where things live on the site: one place decides each event's timeline page."""

from __future__ import annotations

from macros.factbase import FactBase

TIMELINE_PAGE = "timeline/"
# Above this many events /timeline/ becomes an index and each year gets its own page,
# so that no page grows without bound.
TIMELINE_SPLIT_AT = 1000


def timeline_is_split(fb: FactBase) -> bool:
    """Return True when the timeline is too long for one page."""
    return len(fb.events) > TIMELINE_SPLIT_AT


def timeline_years(fb: FactBase) -> list[int]:
    """Return every year that has an event, oldest first."""
    return sorted({e.date.year for e in fb.events})


def year_page(year: int) -> str:
    """Return the site path of one year's timeline page."""
    return f"{TIMELINE_PAGE}{year}/"


def timeline_path(fb: FactBase, event_id: str) -> str:
    """Return the site path (with #anchor) of an event's timeline entry."""
    if timeline_is_split(fb):
        return f"{year_page(fb.events_by_id[event_id].date.year)}#{event_id}"
    return f"{TIMELINE_PAGE}#{event_id}"


SOURCES_PAGE = "sources/"
# Above this many sources /sources/ becomes an index of pages by the first character of
# the source id.
SOURCES_SPLIT_AT = 600


def sources_are_split(fb: FactBase) -> bool:
    """Return True when the source list is too long for one page."""
    return len(fb.sources) > SOURCES_SPLIT_AT


def source_group(source_id: str) -> str:
    """Return the page group of a source: the first character of its id."""
    return source_id[0]


def source_groups(fb: FactBase) -> list[str]:
    """Return every source group in use, sorted."""
    return sorted({source_group(s) for s in fb.sources})


def source_path(fb: FactBase, source_id: str) -> str:
    """Return the site path (with #anchor) of a source's entry."""
    if sources_are_split(fb):
        return f"{SOURCES_PAGE}{source_group(source_id)}/#{source_id}"
    return f"{SOURCES_PAGE}#{source_id}"
