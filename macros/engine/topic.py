"""The interface between the engine and a topic: what one explainer adds to the generic engine.

A topic is one `Topic` value. It names its categories and time zone, the event model
(the engine's `Event`, with `category` narrowed to the topic's categories and any detail
fields added), the record collections it adds to data/, the macros it registers, the
export files it adds, and a few words the engine shows (credits, the embed's namespace).
The engine never imports a topic; the glue hands one to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, create_model

from macros.engine.schema import Event, Record
from macros.engine.settings import Site, TimeZone

if TYPE_CHECKING:
    from macros.engine.factbase import FactBase

# A macro: (fact base, page context, *arguments) -> HTML. Its first docstring line is its
# entry in the macro reference (`make docs`).
Macro = Callable[..., str]


@dataclass(frozen=True)
class Category:
    """One kind of event: its id (in data and URLs) and the name readers see."""

    id: str
    label: str


def _no_detail(fb: FactBase, event: Event) -> str:
    del fb, event
    return ""


def _no_facets(fb: FactBase, event: Event) -> dict[str, str]:
    del fb, event
    return {}


def _no_facet_choices(fb: FactBase) -> tuple[Any, ...]:
    del fb
    return ()


def _no_exports(fb: FactBase, site: Site, stamp: dt.datetime) -> dict[str, bytes]:
    del fb, site, stamp
    return {}


@dataclass(frozen=True)
class Topic:
    """What one explainer adds to the engine (see ARCHITECTURE.md)."""

    name: str
    categories: tuple[Category, ...]
    event_model: type[Event]
    time_zone: TimeZone = field(default_factory=TimeZone)
    # data/ collections beyond the engine's (events, sources, actors, figures, terms).
    collections: Mapping[str, type[Record]] = field(default_factory=dict)
    macros: Mapping[str, Macro] = field(default_factory=dict)
    # An event's topic-specific detail: one escaped HTML line under its timeline entry
    # ('' for none), and the same as plain text for the exports.
    event_detail_html: Callable[[FactBase, Event], str] = _no_detail
    event_detail_text: Callable[[FactBase, Event], str] = _no_detail
    # Facets the topic adds to the timeline's filters: an event's values (field -> words,
    # written as data-<field> on its entry) and the filters.Choice of each facet.
    event_facets: Callable[[FactBase, Event], dict[str, str]] = _no_facets
    facet_choices: Callable[[FactBase], tuple[Any, ...]] = _no_facet_choices
    # The CSV column that holds event_detail_text.
    detail_column: str = "detail"
    # Files the topic adds to the built site, keyed by path under the site root.
    exports: Callable[[FactBase, Site, dt.datetime], dict[str, bytes]] = _no_exports
    # Credit for third-party data, shown with the downloads (already-escaped HTML).
    credit_html: str = ""
    # Marks the embed's iframe (data-<namespace>) so that the sizing script finds it.
    embed_namespace: str = "explainer-timeline"

    def category(self, category_id: str) -> Category:
        """Return one category by id (KeyError if the topic has no such category)."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def label(self, category_id: str) -> str:
        """Return the reader-facing name of a category."""
        return self.category(category_id).label

    def __post_init__(self) -> None:
        ids = [c.id for c in self.categories]
        if len(set(ids)) != len(ids):
            raise ValueError(f"topic {self.name!r}: a category id appears twice")


def simple_event_model(categories: tuple[Category, ...], name: str = "Event") -> type[Event]:
    """Return the engine's Event with `category` limited to these categories (for small topics)."""
    ids: Any = Literal.__getitem__(tuple(c.id for c in categories))
    model: type[Event] = create_model(
        name,
        __base__=Event,
        __doc__=Event.__doc__,
        category=(ids, Field(description="What kind of event this is.")),
    )
    return model
