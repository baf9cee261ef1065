"""The map of launch sites and reach, drawn from the fact base and a Natural Earth extract.

Two maps and a table: where the launches come from (every facility with coordinates, sized
by its launches, and the nuclear test site), and how far the missile classes reach from
Pyongyang against six places, with the sources of the ranges. The outlines come from
data/geo/natural-earth-extract.json (regenerate it with scripts/natural_earth_extract.py).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from macros.engine.citations import cite
from macros.engine.embed import frame_snippet
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Event
from macros.engine.settings import Site as PublishedSite
from macros.engine.timeline import TIMELINE_PAGE, event_href
from macros.northkorea.charts import CLASS_NAMES
from macros.northkorea.missiles import MISSILES_PAGE, anchor, short_name
from macros.northkorea.records import (
    Facility,
    Place,
    facilities,
    launch_of,
    missile_specs,
    missile_types,
    places,
)
from macros.northkorea.svgkit import (
    Box,
    both_layouts,
    fmt_km,
    layout_css,
    place_label,
    style_block,
    svg_open,
    text_width,
)
from macros.paths import DATA_DIR

EXTRACT = DATA_DIR / "geo" / "natural-earth-extract.json"
EARTH_RADIUS_KM = 6371.0
# The launch-site map's box: lon_min, lat_min, lon_max, lat_max.
SITES_BOX = (122.6, 37.25, 133.4, 43.25)
SITES_BOX_NARROW = (123.7, 37.45, 130.6, 43.05)
# The reach map shows the world out to this distance from Pyongyang.
REACH_MAX_KM = 16500.0
REACH_CLASSES = ("SRBM", "MRBM", "IRBM", "ICBM")
MAP_PAGE_ANCHOR = "where-and-how-far"


@functools.cache
def _extract(path: Path = EXTRACT) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance between two (lat, lon) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the initial bearing from a to b, radians clockwise from north."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.atan2(y, x)


# --- the facts the maps show -----------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A launch facility with coordinates and the launch events fired from it."""

    facility: Facility
    events: tuple[Event, ...]


def launch_sites(fb: FactBase) -> list[Site]:
    """Return every facility with coordinates and its launch events, busiest first."""
    by_facility: dict[str, list[Event]] = {}
    for event in fb.events:
        launch = launch_of(event)
        if launch is None:
            continue
        for facility_id in dict.fromkeys(m.facility for m in launch.missiles):
            if facility_id is not None:
                by_facility.setdefault(facility_id, []).append(event)
    sites = [
        Site(f, tuple(by_facility.get(f.id, ())))
        for f in facilities(fb).values()
        if f.lat is not None and f.lon is not None
    ]
    return sorted(sites, key=lambda s: (-len(s.events), s.facility.name))


def origin(fb: FactBase) -> Place | None:
    """Return the place distances are measured from (Pyongyang)."""
    return next((p for p in places(fb).values() if p.kind == "origin"), None)


@dataclass(frozen=True)
class ClassReach:
    """The longest range on record for a missile class, and the type and sources behind it."""

    missile_class: str
    km: float
    type_id: str
    type_name: str
    basis: str
    by: str
    sources: tuple[str, ...]


def class_reach(fb: FactBase) -> list[ClassReach]:
    """Return, per class, the longest claimed or assessed range of any type in it."""
    best: dict[str, ClassReach] = {}
    for spec in missile_specs(fb).values():
        missile_type = missile_types(fb)[spec.type]
        for estimate in spec.ranges:
            km = estimate.km_max or estimate.km
            current = best.get(missile_type.missile_class)
            if current is None or km > current.km:
                best[missile_type.missile_class] = ClassReach(
                    missile_type.missile_class,
                    km,
                    missile_type.id,
                    short_name(missile_type),
                    estimate.basis,
                    estimate.by,
                    tuple(estimate.sources),
                )
    return [best[c] for c in REACH_CLASSES if c in best]


def city_distances(fb: FactBase) -> list[tuple[Place, float]]:
    """Return each city with its great-circle distance from the origin, nearest first."""
    start = origin(fb)
    if start is None:
        return []
    cities = [
        (p, distance_km((start.lat, start.lon), (p.lat, p.lon)))
        for p in places(fb).values()
        if p.kind == "city"
    ]
    return sorted(cities, key=lambda c: c[1])


# --- drawing helpers ---------------------------------------------------------------


def _path(points: Sequence[tuple[float, float]], min_step: float = 0.9) -> str:
    """Return a closed SVG path, leaving out points closer than min_step to the last one kept."""
    kept: list[tuple[float, float]] = []
    for x, y in points:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= min_step:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    head = f"M{kept[0][0]:.1f} {kept[0][1]:.1f}"
    steps = []
    last = kept[0]
    for x, y in kept[1:]:
        # Relative steps are shorter to write than absolute positions.
        steps.append(f"l{x - last[0]:.1f} {y - last[1]:.1f}")
        last = (x, y)
    return head + "".join(steps).replace(" -", "-") + "Z"


@dataclass(frozen=True)
class _Plate:
    """An equirectangular view of a lon/lat box, scaled by the cosine of its middle latitude."""

    box: tuple[float, float, float, float]
    width: int

    @property
    def height(self) -> int:
        """Return the picture height that keeps the map's proportions."""
        x0, y0, x1, y1 = self.box
        k = math.cos(math.radians((y0 + y1) / 2))
        return round(self.width * (y1 - y0) / ((x1 - x0) * k))

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        """Project a point to picture units."""
        x0, y0, x1, y1 = self.box
        return (
            self.width * (lon - x0) / (x1 - x0),
            self.height * (y1 - lat) / (y1 - y0),
        )


# --- the launch-site map --------------------------------------------------------------

_SEA_LABELS = (
    ("Sea of Japan", "(East Sea)", 40.2, 131.6),
    ("Yellow", "Sea", 37.9, 123.6),
)
_COUNTRY_LABELS = (
    ("NORTH KOREA", 40.55, 126.9),
    ("SOUTH KOREA", 37.55, 128.4),
    ("CHINA", 42.4, 124.6),
    ("RUSSIA", 43.0, 131.6),
)


def _site_radius(launches: int) -> float:
    return 3.0 + 1.9 * math.sqrt(launches)


def site_href(ctx: PageContext, facility_id: str, launches: int = 1) -> str:
    """Return the link from a site marker: the timeline filtered to the site's launches.

    The filter needs JavaScript; the row beside the map (#site-<id>) lists the same
    launches without it, and is where a site with no launch on record links.
    """
    if not launches:
        return f"#site-{facility_id}"
    return ctx.url(f"{TIMELINE_PAGE}?{urlencode({'facility': facility_id})}")


def _base_map(
    plate: _Plate, font: float, taken: list[Box], labels: list[str], avoid: list[Box]
) -> list[str]:
    """Draw the sea, the countries and their names; name boxes go into `taken`.

    A country's name moves up or down by a line or two where a site's circle would sit on it.
    """
    width, height = plate.width, plate.height
    parts = [f'<rect class="sea" width="{width}" height="{height}"/>']
    for country in _extract()["region"]:
        css = "nk" if country["name"] == "North Korea" else "land"
        d = "".join(_path([plate.xy(lat, lon) for lon, lat in ring]) for ring in country["rings"])
        parts.append(f'<path class="{css}" stroke-width="0.8" d="{d}"/>')
    for name, lat, lon in _COUNTRY_LABELS:
        x, y0 = plate.xy(lat, lon)
        if not (0 < x < width and 0 < y0 < height):
            continue
        w = text_width(name, font, spacing=1.5) + 8
        shifts = (0.0, 1.3, -1.3, 2.6, -2.6)
        boxes = [Box(x - w / 2, y0 + k * font - font, w, font * 1.2) for k in shifts]
        clear = [
            b
            for b in boxes
            if b.inside(width, height) and not any(b.overlaps(c, pad=0) for c in avoid)
        ]
        box = clear[0] if clear else boxes[0]
        y = box.y + font
        labels.append(
            f'<text class="soft" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
            f'font-size="{font:.1f}" letter-spacing="1.5">{esc(name)}</text>'
        )
        taken.append(box)
    for first, second, lat, lon in _SEA_LABELS:
        x, y = plate.xy(lat, lon)
        if 0 < x < width and 0 < y < height:
            labels.append(
                f'<text class="soft" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                f'font-size="{font:.1f}" font-style="italic">{esc(first)}'
                f'<tspan x="{x:.1f}" dy="{font:.1f}">{esc(second)}</tspan></text>'
            )
            w = max(text_width(first, font), text_width(second, font))
            taken.append(Box(x - w / 2, y - font, w, font * 2.2))
    return parts


def _sites_svg(fb: FactBase, ctx: PageContext, pic_id: str, *, narrow: bool) -> str:
    plate = _Plate(SITES_BOX_NARROW if narrow else SITES_BOX, 360 if narrow else 700)
    width, height = plate.width, plate.height
    font = 12.0 if narrow else 13.0
    sites = launch_sites(fb)
    launched = [s for s in sites if s.events]
    test_sites = [p for p in places(fb).values() if p.kind == "nuclear-test-site"]
    total = sum(len(s.events) for s in sites)
    busiest = launched[0] if launched else None
    title = "Where North Korea launches from"
    desc = (
        f"A map of North Korea and its neighbours with the {len(sites)} launch facilities "
        f"whose positions are known, each circle sized by its launch events ({total} in all)"
        + (
            f"; the busiest is {busiest.facility.name}, with {len(busiest.events)}"
            if busiest
            else ""
        )
        + ". A triangle marks the nuclear test site. A list of every facility follows the map."
    )
    parts = [svg_open(pic_id, width, height, title=title, desc=desc, css="pic-map", links=True)]
    taken: list[Box] = []
    labels: list[str] = []
    circles = _site_circles(plate, launched)
    parts.extend(_base_map(plate, font, taken, labels, circles))
    markers: list[str] = []
    for site in sorted(sites, key=lambda s: -len(s.events)):
        f = site.facility
        x, y = plate.xy(f.lat or 0.0, f.lon or 0.0)
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        n = len(site.events)
        r = _site_radius(n) if n else 2.5
        word = "launch event" if n == 1 else "launch events"
        markers.append(
            f'<a xlink:href="{esc(site_href(ctx, f.id, n))}" class="pic-site" '
            f'data-facility="{esc(f.id)}" '
            f'data-count="{n}"><title>{esc(f"{f.name}: {n} {word}")}</title>'
            f'<circle class="k-icbm" fill-opacity="0.55" stroke-width="1" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" style="stroke:currentColor"/></a>'
        )
    for place in test_sites:
        x, y = plate.xy(place.lat, place.lon)
        s = 9.0
        markers.append(
            f'<g class="pic-test-site"><title>{esc(place.name)}</title>'
            f'<path class="ink" d="M{x:.1f} {y - s:.1f}L{x + s:.1f} {y + s * 0.7:.1f}'
            f'L{x - s:.1f} {y + s * 0.7:.1f}Z"/></g>'
        )
        spot = _place_clear(
            (x, y, s),
            place.name,
            font,
            taken=taken,
            circles=circles,
            bounds=(width, height),
            order=("below", "right", "left", "above"),
        )
        if spot:
            labels.append(_label(spot, place.name, font, bold=True))
    for place in places(fb).values():
        if place.kind not in ("origin", "city"):
            continue
        x, y = plate.xy(place.lat, place.lon)
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        markers.append(
            f'<rect class="ink" x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6">'
            f"<title>{esc(place.name)}</title></rect>"
        )
        spot = _place_clear(
            (x, y, 4),
            place.name,
            font,
            taken=taken,
            circles=circles,
            bounds=(width, height),
            order=("left", "below", "above", "right"),
        )
        if spot:
            labels.append(_label(spot, place.name, font, bold=True))
    labels.extend(_site_labels(plate, launched, font, taken, 6 if narrow else 14))
    parts.extend(markers)
    parts.extend(labels)
    parts.append(_scale_bar(plate, font))
    parts.append("</svg>")
    return "".join(parts)


def _site_labels(
    plate: _Plate, launched: list[Site], font: float, taken: list[Box], limit: int
) -> list[str]:
    """Name the busiest sites wherever a name fits beside its circle."""
    width, height = plate.width, plate.height
    labels = []
    circles = _site_circles(plate, launched)
    for site in launched[:limit]:
        f = site.facility
        x, y = plate.xy(f.lat or 0.0, f.lon or 0.0)
        r = _site_radius(len(site.events))
        text = f"{_site_short(f.name)} ({len(site.events)})"
        obstacles = taken + [c for c in circles if not _same_centre(c, x, y)]
        spot = place_label((x, y, r), text, size=font, taken=obstacles, bounds=(width, height))
        if spot:
            taken.append(obstacles[-1])
            labels.append(_label(spot, text, font))
    return labels


def _site_circles(plate: _Plate, launched: list[Site]) -> list[Box]:
    return [
        Box(x - r, y - r, 2 * r, 2 * r)
        for s in launched
        for x, y in [plate.xy(s.facility.lat or 0.0, s.facility.lon or 0.0)]
        for r in [_site_radius(len(s.events))]
    ]


def _place_clear(
    point: tuple[float, float, float],
    text: str,
    font: float,
    *,
    taken: list[Box],
    circles: list[Box],
    bounds: tuple[float, float],
    order: tuple[str, ...],
) -> tuple[float, float, str] | None:
    """Place a bold place name clear of the site circles if it can be, else over them.

    Around Pyongyang the circles leave no room, and its name matters more than a clear view
    of the circles under it (they keep their outline, and the name its halo).
    """
    for obstacles in (taken + circles, list(taken)):
        spot = place_label(
            point, text, size=font, taken=obstacles, bounds=bounds, order=order, bold=True
        )
        if spot:
            taken.append(obstacles[-1])
            return spot
    return None


def _same_centre(box: Box, x: float, y: float) -> bool:
    return abs(box.x + box.w / 2 - x) < 0.01 and abs(box.y + box.h / 2 - y) < 0.01


def _site_short(name: str) -> str:
    for suffix in (" Satellite Launching Station", " Satellite Launching Ground"):
        name = name.removesuffix(suffix)
    return name


def _label(spot: tuple[float, float, str], text: str, font: float, *, bold: bool = False) -> str:
    tx, ty, side = spot
    weight = ' font-weight="600"' if bold else ""
    return (
        f'<text class="halo on-sea" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{side}" '
        f'font-size="{font}"{weight} aria-hidden="true">{esc(text)}</text>'
    )


def _scale_bar(plate: _Plate, font: float) -> str:
    x0, y0, _, _ = plate.box
    lat = y0 + 0.5
    left = plate.xy(lat, x0 + 0.3)
    km_per_degree = math.pi * EARTH_RADIUS_KM / 180 * math.cos(math.radians(lat))
    right = plate.xy(lat, x0 + 0.3 + 100 / km_per_degree)
    y = plate.height - 10
    return (
        f'<line class="stroke-ink" stroke-width="2" x1="{left[0]:.1f}" x2="{right[0]:.1f}" '
        f'y1="{y}" y2="{y}"/><text class="halo on-sea" x="{left[0]:.1f}" y="{y - 5}" '
        f'font-size="{font:.1f}">100 km</text>'
    )


# --- the reach map ---------------------------------------------------------------------


def _reach_xy(
    start: Place, lat: float, lon: float, centre: float, radius: float
) -> tuple[float, float]:
    """Direction true from Pyongyang, distance on a square-root scale."""
    d = min(distance_km((start.lat, start.lon), (lat, lon)), REACH_MAX_KM)
    theta = bearing((start.lat, start.lon), (lat, lon))
    r = radius * math.sqrt(d / REACH_MAX_KM)
    return centre + r * math.sin(theta), centre - r * math.cos(theta)


def _ring_radius(km: float, radius: float) -> float:
    return radius * math.sqrt(min(km, REACH_MAX_KM) / REACH_MAX_KM)


def _reach_svg(fb: FactBase, pic_id: str, *, narrow: bool) -> str:
    start = origin(fb)
    if start is None:
        raise ValueError("launch_map(): data needs a place of kind 'origin' (Pyongyang)")
    size = 360 if narrow else 560
    font = 12.0 if narrow else 13.0
    centre, radius = size / 2, size / 2 - 6
    reach = class_reach(fb)
    cities = city_distances(fb)
    title = "How far the missile classes reach from Pyongyang"
    desc = (
        "Rings around Pyongyang at the longest claimed or assessed range of each class: "
        + "; ".join(f"{r.missile_class} {fmt_km(r.km)} ({r.type_name})" for r in reach)
        + ". Places and their distances: "
        + "; ".join(f"{p.name} {fmt_km(d)}" for p, d in cities)
        + ". Directions are true; distance grows on a square-root scale. A table follows."
    )
    parts = [svg_open(pic_id, size, size, title=title, desc=desc, css="pic-map pic-reach")]
    clip = f"{pic_id}-disc"
    parts.append(
        f'<clipPath id="{esc(clip)}"><circle cx="{centre}" cy="{centre}" r="{radius}"/></clipPath>'
        f'<circle class="sea" cx="{centre}" cy="{centre}" r="{radius}"/>'
    )
    land = []
    for ring in _extract()["world"]:
        # Points beyond the edge are drawn on it (the disc clips them): a ring never jumps.
        if all(
            distance_km((start.lat, start.lon), (lat, lon)) >= REACH_MAX_KM for lon, lat in ring
        ):
            continue
        land.append(_path([_reach_xy(start, lat, lon, centre, radius) for lon, lat in ring]))
    parts.append(
        f'<path class="land" stroke-width="0.6" clip-path="url(#{esc(clip)})" d="{"".join(land)}"/>'
    )
    taken: list[Box] = []
    labels = []
    for index, r in enumerate(reach):
        rr = _ring_radius(r.km, radius)
        parts.append(
            f'<circle class="ring" fill="none" stroke-width="1.6" stroke-dasharray="5 3" '
            f'cx="{centre}" cy="{centre}" r="{rr:.1f}"><title>{esc(_ring_title(r))}</title>'
            "</circle>"
        )
        # Ring labels go up the north side, staggered so that they never collide.
        text = f"{r.missile_class} {fmt_km(r.km)}"
        y = centre - rr + font + 2
        x = centre + (index % 2) * 0
        w = text_width(text, font, bold=True)
        taken.append(Box(x - w / 2, y - font * 0.93, w, font * 1.17))
        labels.append(
            f'<text class="ring-label halo on-sea" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
            f'font-size="{font}" font-weight="600" aria-hidden="true">{esc(text)}</text>'
        )
    parts.append(
        f'<circle class="ink" cx="{centre}" cy="{centre}" r="4"><title>{esc(start.name)}</title>'
        "</circle>"
    )
    # Every marker is drawn before any name, so that no name covers a marker.
    spots = [
        (place, d, *_reach_xy(start, place.lat, place.lon, centre, radius)) for place, d in cities
    ]
    taken.append(Box(centre - 4, centre - 4, 8, 8))
    for place, d, x, y in spots:
        parts.append(
            f'<rect class="ink" x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6">'
            f"<title>{esc(f'{place.name}: {fmt_km(d)} from Pyongyang')}</title></rect>"
        )
        taken.append(Box(x - 3, y - 3, 6, 6))
    spot = place_label(
        (centre, centre, 4),
        start.name,
        size=font,
        taken=taken,
        bounds=(size, size),
        order=("left", "above", "below", "right"),
        bold=True,
    )
    if spot:
        labels.append(_label(spot, start.name, font, bold=True))
    for place, d, x, y in spots:
        text = f"{place.name.split(',')[0]} {fmt_km(_round_km(d))}"
        spot = place_label(
            (x, y, 4),
            text,
            size=font,
            taken=taken,
            bounds=(size, size),
            order=("right", "left", "below", "above"),
            bold=True,
        )
        if spot:
            labels.append(_label(spot, text, font, bold=True))
    parts.extend(labels)
    parts.append("</svg>")
    return "".join(parts)


def _round_km(km: float) -> float:
    return round(km, -1) if km < 1000 else round(km, -2)


def _ring_title(r: ClassReach) -> str:
    return (
        f"{CLASS_NAMES[r.missile_class]} ({r.missile_class}): up to {fmt_km(r.km)}, the "
        f"{r.type_name} ({r.basis}: {r.by})"
    )


# --- tables beside the maps ---------------------------------------------------------


def sites_table(fb: FactBase, ctx: PageContext) -> str:
    """List every launch facility with coordinates, its launch events and their links."""
    rows = []
    for site in launch_sites(fb):
        f = site.facility
        n = len(site.events)
        if site.events:
            first, last = site.events[0], site.events[-1]
            links = ", ".join(
                f'<a href="{esc(event_href(fb, ctx, e.id))}">{esc(e.date.human())}</a>'
                for e in site.events
            )
            span = f"{esc(first.date.human())} – {esc(last.date.human())}"
            launches = (
                f"<details><summary>{n} launch {'event' if n == 1 else 'events'}, {span}"
                f"</summary>{links}</details>"
                f'<a class="pic-site-timeline" href="{esc(site_href(ctx, f.id, n))}">'
                "On the timeline</a>"
            )
        else:
            launches = "None in the record"
        rows.append(
            f'<tr id="site-{esc(f.id)}"><th scope="row">{esc(f.name)}</th>'
            f"<td>{f.lat:.2f}° N, {f.lon:.2f}° E</td><td>{n}</td><td>{launches}</td></tr>"
        )
    caption = "Launch facilities and their launches"
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="chart-data pic-data pic-sites"><caption>{esc(caption)}</caption>'
        '<thead><tr><th scope="col">Facility</th><th scope="col">Position</th>'
        '<th scope="col">Launch events</th><th scope="col">Launches</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def reach_table(fb: FactBase, ctx: PageContext) -> str:
    """Tabulate each place's distance and the classes whose longest range covers it."""
    reach = class_reach(fb)
    head = "".join(
        f'<th scope="col">{esc(r.missile_class)} (up to {esc(fmt_km(r.km))})</th>' for r in reach
    )
    rows = []
    for place, d in city_distances(fb):
        cells = "".join(f"<td>{'within' if d <= r.km else 'beyond'}</td>" for r in reach)
        rows.append(
            f'<tr><th scope="row">{esc(place.name)}</th><td>{esc(fmt_km(_round_km(d)))}</td>'
            f"{cells}</tr>"
        )
    sources = "".join(
        f"<li>{esc(r.missile_class)}: {esc(fmt_km(r.km))}, the "
        f'<a href="{esc(ctx.url(MISSILES_PAGE))}#{esc(anchor(r.type_id))}">{esc(r.type_name)}</a>'
        f" ({r.basis}: {esc(r.by)}) {cite(fb, ctx, *r.sources)}</li>"
        for r in reach
    )
    caption = "Distance from Pyongyang (rounded) and the longest range of each class"
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="chart-data pic-data"><caption>{esc(caption)}</caption>'
        f'<thead><tr><th scope="col">Place</th><th scope="col">Distance</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="pic-sources">Where the ranges come from:</p><ul class="pic-sources">{sources}'
        "</ul>"
    )


def _cite_known(fb: FactBase, ctx: PageContext, *source_ids: str) -> str:
    """Cite those of the given sources that the fact base has (a small test site may not)."""
    known = [s for s in source_ids if s in fb.sources]
    return cite(fb, ctx, *known) if known else ""


def launch_map(fb: FactBase, ctx: PageContext, *, map_id: str = "launch-map") -> str:
    """Render the map of launch sites and reach, with its tables, for a page or an embed."""
    if origin(fb) is None:
        raise ValueError("launch_map(): data needs a place of kind 'origin' (Pyongyang)")
    sites_wide = _sites_svg(fb, ctx, f"{map_id}-sites-wide", narrow=False)
    sites_narrow = _sites_svg(fb, ctx, f"{map_id}-sites-narrow", narrow=True)
    reach_wide = _reach_svg(fb, f"{map_id}-reach-wide", narrow=False)
    reach_narrow = _reach_svg(fb, f"{map_id}-reach-narrow", narrow=True)
    outlines = _cite_known(fb, ctx, "natural-earth")
    records = _cite_known(fb, ctx, "nk-missile-tests-dataset", "cns-missile-test-database")
    return (
        f'<div class="pic-maps" id="{esc(map_id)}">'
        + style_block()
        + layout_css()
        + '<figure class="chart-figure pic-figure">'
        + both_layouts(sites_wide, sites_narrow)
        + "<figcaption>Every launch facility whose position is known, sized by the launch "
        "events fired from it; choose one for its launches. Outlines: Natural Earth, public "
        f"domain {outlines}. Counted from the launch records {records}.</figcaption>"
        "<details><summary>Show every facility and its launches</summary>"
        f"{sites_table(fb, ctx)}</details></figure>"
        '<figure class="chart-figure pic-figure">'
        + both_layouts(reach_wide, reach_narrow)
        + "<figcaption>Each ring is the longest range claimed or assessed for a type of that "
        "class; directions from Pyongyang are true, and distance grows on a square-root scale "
        "so that Seoul and Washington both fit. A range on paper is not a proven ability to "
        "strike: guidance and re-entry are another matter.</figcaption>"
        f"{reach_table(fb, ctx)}</figure></div>"
    )


# --- embedding the map ----------------------------------------------------------------

MAP_EMBED_PAGE = "embed/map/"
MAP_FRAME_HEIGHT = 900
MAP_TITLE = "Launch sites and reach"


def map_snippet(site: PublishedSite, namespace: str) -> str:
    """Return the code an embedder pastes for the map: an iframe and the sizing script."""
    return frame_snippet(
        site,
        site.absolute(MAP_EMBED_PAGE),
        f"{MAP_TITLE} – {site.name}",
        MAP_FRAME_HEIGHT,
        namespace,
    )


def map_embed_code(fb: FactBase, ctx: PageContext) -> str:
    """Render the 'Embed this map' block: the code to paste and a link to the frame."""
    site = fb.settings.site
    return (
        '<div class="embed-this embed-map">'
        '<label class="embed-label" for="map-embed-code">Embed code for the map: paste it '
        "into your page</label>\n"
        '<textarea id="map-embed-code" class="embed-code" rows="3" readonly '
        f'spellcheck="false">{esc(map_snippet(site, fb.topic.embed_namespace))}</textarea>\n'
        f'<p class="embed-static">Or link to <a href="{esc(ctx.url(MAP_EMBED_PAGE))}">the map on '
        "a page of its own</a>; it needs no script and makes no request to anyone else.</p>"
        "</div>"
    )


def map_oembed(site: PublishedSite, namespace: str) -> bytes:
    """Return the static oEmbed (1.0, type rich) JSON of the map's embed page."""
    document = {
        "version": "1.0",
        "type": "rich",
        "title": f"{MAP_TITLE} – {site.name}",
        "provider_name": site.name,
        "provider_url": site.absolute(""),
        "html": map_snippet(site, namespace),
        "width": 640,
        "height": MAP_FRAME_HEIGHT,
        "cache_age": 86400,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
