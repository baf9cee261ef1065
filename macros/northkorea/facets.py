"""The timeline's topic filters: a launch's missile classes and its launch sites, as facets.

Each is a facet of the entry (a data-* attribute, Topic.event_facets) and a filter of the
one filter description (Topic.facet_choices): `?class=icbm`, `?facility=sohae`.
"""

from __future__ import annotations

from macros.engine.factbase import FactBase
from macros.engine.filters import Choice
from macros.engine.schema import Event
from macros.northkorea.records import facilities, launch_of, missile_types


def launch_classes(fb: FactBase, event: Event) -> list[str]:
    """Return the classes (lower case: "icbm", "srbm"...) of the missiles an event launched."""
    launch = launch_of(event)
    if launch is None:
        return []
    types = missile_types(fb)
    return sorted({types[m.type].missile_class.lower() for m in launch.missiles})


def launch_facilities(event: Event) -> list[str]:
    """Return the ids of the facilities an event's missiles were launched from."""
    launch = launch_of(event)
    if launch is None:
        return []
    return sorted({m.facility for m in launch.missiles if m.facility is not None})


def event_facets(fb: FactBase, event: Event) -> dict[str, str]:
    """Return an entry's facets, space-separated ('' for none): classes and launch sites."""
    return {
        "classes": " ".join(launch_classes(fb, event)),
        "facilities": " ".join(launch_facilities(event)),
    }


def facet_choices(fb: FactBase) -> tuple[Choice, ...]:
    """Return the missile-class and launch-site filters, offering the values launches have."""
    classes = sorted({c for e in fb.events for c in launch_classes(fb, e)})
    labels = {m.missile_class.lower(): m.missile_class for m in missile_types(fb).values()}
    values = tuple((c, labels[c]) for c in classes)
    known = facilities(fb)
    used = {f for e in fb.events for f in launch_facilities(e)}
    sites = tuple(
        (f, known[f].name) for f in sorted(used, key=lambda f: (known[f].name.casefold(), f))
    )
    return (
        Choice("class", "Missile class", "classes", values, many=True),
        Choice("facility", "Launch site", "facilities", sites, many=True),
    )
