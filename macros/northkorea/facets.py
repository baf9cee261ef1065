"""The timeline's missile-class filter: a launch's classes as a facet of its entry."""

from __future__ import annotations

from macros.engine.factbase import FactBase
from macros.engine.filters import Choice
from macros.engine.schema import Event
from macros.northkorea.records import launch_of, missile_types


def launch_classes(fb: FactBase, event: Event) -> list[str]:
    """Return the classes (lower case: "icbm", "srbm"...) of the missiles an event launched."""
    launch = launch_of(event)
    if launch is None:
        return []
    types = missile_types(fb)
    return sorted({types[m.type].missile_class.lower() for m in launch.missiles})


def event_facets(fb: FactBase, event: Event) -> dict[str, str]:
    """Return an entry's facets: its missile classes, space-separated ('' for none)."""
    return {"classes": " ".join(launch_classes(fb, event))}


def facet_choices(fb: FactBase) -> tuple[Choice, ...]:
    """Return the missile-class filter, offering the classes the launches have."""
    classes = sorted({c for e in fb.events for c in launch_classes(fb, e)})
    labels = {m.missile_class.lower(): m.missile_class for m in missile_types(fb).values()}
    values = tuple((c, labels[c]) for c in classes)
    return (Choice("class", "Missile class", "classes", values, many=True),)
