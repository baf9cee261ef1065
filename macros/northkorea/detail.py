"""A launch's one-line description under its timeline entry and in the exports."""

from __future__ import annotations

import html
from collections import Counter

from macros.engine.factbase import FactBase
from macros.engine.markup import esc
from macros.engine.schema import Event
from macros.northkorea.records import Launch, launch_of, missile_types


def _number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def launch_summary(fb: FactBase, launch: Launch) -> str:
    """Describe a launch's missiles in one escaped line: '2 × Hwasong-15 (ICBM) · 4,475 km'."""
    types = missile_types(fb)
    counts = Counter((m.type, m.claimed_type) for m in launch.missiles)
    names = []
    for (type_id, claimed), count in counts.items():
        missile_type = types[type_id]
        prefix = f"{count} × " if count > 1 else ""
        label: str = missile_type.missile_class
        if claimed is not None and claimed != type_id:
            label += f"; announced as {types[claimed].name}"
        names.append(f"{prefix}{missile_type.name} ({label})")
    parts = [", ".join(names)]
    if launch.time_utc is not None:
        zone = fb.time_zone
        parts.append(
            f"launched {zone.from_utc(launch.time_utc)} {zone.label} ({launch.time_utc} UTC)"
        )
    apogees = [m.apogee_km for m in launch.missiles if m.apogee_km is not None]
    distances = [m.distance_km for m in launch.missiles if m.distance_km is not None]
    if apogees:
        parts.append(f"apogee up to {_number(max(apogees))} km")
    if distances:
        parts.append(f"range up to {_number(max(distances))} km")
    outcomes = Counter(m.outcome for m in launch.missiles)
    if outcomes.get("failure"):
        parts.append(f"{outcomes['failure']} failed")
    return esc(" · ".join(parts))


def detail_html(fb: FactBase, event: Event) -> str:
    """Return the launch line of a timeline entry ('' for an event without launch detail)."""
    launch = launch_of(event)
    if launch is None:
        return ""
    return f'<p class="tl-launch">{launch_summary(fb, launch)}</p>'


def detail_text(fb: FactBase, event: Event) -> str:
    """Return a launch's one-line description as plain text ('' for other events)."""
    launch = launch_of(event)
    if launch is None:
        return ""
    return html.unescape(launch_summary(fb, launch))
