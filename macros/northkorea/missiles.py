"""The missile types: what the launch data says of each, the /missiles/ catalogue, the family chart.

Every number here is counted from the launch records (first and latest flight, tests,
highest apogee, longest flight) or read from data/missile-specs.yml with its sources.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from macros.engine.citations import cite
from macros.engine.corrections import correction_note
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Event, FuzzyDate
from macros.engine.timeline import event_href
from macros.northkorea.charts import CLASS_NAMES, CLASS_ORDER, class_label
from macros.northkorea.records import (
    MissileSpec,
    MissileType,
    RangeEstimate,
    launch_of,
    missile_specs,
    missile_types,
)
from macros.northkorea.svgkit import (
    Box,
    both_layouts,
    layout_css,
    place_label,
    style_block,
    svg_open,
    text_box,
)

MISSILES_PAGE = "missiles/"
# Types that are not a missile design: left out of the catalogue and the chart.
NOT_A_TYPE = frozenset({"unknown"})
FUEL_NAMES = {"liquid": "Liquid fuel", "solid": "Solid fuel", None: "Fuel not on record"}


def anchor(type_id: str) -> str:
    """Return the element id of a type's entry on /missiles/."""
    return f"missile-{type_id}"


def missile_href(ctx: PageContext, type_id: str) -> str:
    """Return the link from a page to a type's entry on /missiles/."""
    return ctx.url(f"{MISSILES_PAGE}#{anchor(type_id)}")


@dataclass
class TypeRecord:
    """What the launch records say about one missile type."""

    missile_type: MissileType
    events: list[Event] = field(default_factory=list)
    missiles: int = 0
    failures: int = 0
    max_apogee_km: float | None = None
    max_distance_km: float | None = None
    facilities: Counter[str] = field(default_factory=Counter)

    @property
    def first(self) -> Event | None:
        """Return the earliest launch event of this type."""
        return self.events[0] if self.events else None

    @property
    def latest(self) -> Event | None:
        """Return the most recent launch event of this type."""
        return self.events[-1] if self.events else None


def type_records(fb: FactBase) -> dict[str, TypeRecord]:
    """Count, for every missile type, its launch events, missiles and extremes, from the data."""
    records = {tid: TypeRecord(mt) for tid, mt in missile_types(fb).items()}
    for event in fb.events:
        launch = launch_of(event)
        if launch is None:
            continue
        seen: set[str] = set()
        for missile in launch.missiles:
            rec = records[missile.type]
            if missile.type not in seen:
                rec.events.append(event)
                seen.add(missile.type)
            rec.missiles += 1
            rec.failures += missile.outcome == "failure"
            if missile.facility is not None:
                rec.facilities[missile.facility] += 1
            if missile.apogee_km is not None:
                rec.max_apogee_km = max(rec.max_apogee_km or 0.0, missile.apogee_km)
            if missile.distance_km is not None:
                rec.max_distance_km = max(rec.max_distance_km or 0.0, missile.distance_km)
    return records


def spec_of(fb: FactBase, type_id: str) -> MissileSpec | None:
    """Return the spec record of a type, if the data has one."""
    for spec in missile_specs(fb).values():
        if spec.type == type_id:
            return spec
    return None


def short_name(missile_type: MissileType) -> str:
    """Return a type's name without its bracketed alias: 'Hwasong-11A (KN-23)' -> 'Hwasong-11A'."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", missile_type.name)


def catalogue_types(fb: FactBase) -> list[MissileType]:
    """Return the types the catalogue lists: by class (short range first), then name."""
    order = {c: i for i, c in enumerate(CLASS_ORDER)}
    types = [t for t in missile_types(fb).values() if t.id not in NOT_A_TYPE]
    return sorted(types, key=lambda t: (order[t.missile_class], t.name.casefold()))


def _range_text(estimate: RangeEstimate) -> str:
    span = f"{estimate.km:,.0f}"
    if estimate.km_max is not None and estimate.km_max != estimate.km:
        span += f"–{estimate.km_max:,.0f}"
    return f"{span} km"


def _ranges_html(fb: FactBase, ctx: PageContext, spec: MissileSpec | None, basis: str) -> str:
    """Render a type's ranges of one basis: one inline, several as a list ("" for none)."""
    if spec is None:
        return ""
    items = [
        f"{esc(_range_text(e))}: {esc(e.by)} {cite(fb, ctx, *e.sources)}"
        for e in spec.ranges
        if e.basis == basis
    ]
    if len(items) < 2:
        return "".join(items)
    return f'<ul class="missile-ranges">{"".join(f"<li>{i}</li>" for i in items)}</ul>'


def _event_date_link(fb: FactBase, ctx: PageContext, event: Event) -> str:
    return (
        f'<a href="{esc(event_href(fb, ctx, event.id))}" title="{esc(event.title)}">'
        f"{esc(event.date.human())}</a>"
    )


def _km(value: float) -> str:
    return f"{value:,.0f} km"


def search_title(mt: MissileType) -> str:
    """Return a type's title in search: its name, then the other names it does not contain."""
    others = [alias for alias in mt.aliases if alias.casefold() not in mt.name.casefold()]
    return f"{mt.name} ({', '.join(others)})" if others else mt.name


def _tests_html(fb: FactBase, ctx: PageContext, rec: TypeRecord) -> str:
    """Render what the launch records count for a type, in one item: how many, when, how far."""
    if rec.first is None or rec.latest is None:
        return "None: shown or announced, not flown in the record"
    count = len(rec.events)
    tests = f"{count} launch {'event' if count == 1 else 'events'}"
    if rec.missiles != count:
        tests += f", {rec.missiles} missiles or rockets in all"
    if rec.failures:
        tests += f"; {rec.failures} recorded as failed"
    first = _event_date_link(fb, ctx, rec.first)
    if rec.first.id == rec.latest.id:
        when = f"On {first}"
    else:
        when = f"First {first}, latest {_event_date_link(fb, ctx, rec.latest)}"
    recorded = []
    if rec.max_apogee_km is not None:
        recorded.append(f"apogee up to {_km(rec.max_apogee_km)}")
    if rec.max_distance_km is not None:
        recorded.append(f"flight up to {_km(rec.max_distance_km)}")
    far = ", ".join(recorded)
    far = f" {esc(far[0].upper() + far[1:])}." if far else ""
    return f"{esc(tests)}. {when}.{far}"


def missile_entry(fb: FactBase, ctx: PageContext, rec: TypeRecord) -> str:
    """Render one type's entry: class, fuel, ranges and what the launch records count."""
    mt = rec.missile_type
    spec = spec_of(fb, mt.id)
    class_html = esc(class_label(mt.missile_class))
    if mt.class_sources:
        class_html += " " + cite(fb, ctx, *mt.class_sources)
    if mt.class_note:
        class_html += f' <span class="missile-class-note">{esc(mt.class_note)}</span>'
    rows: list[tuple[str, str]] = [("Class", class_html)]
    if mt.aliases:
        rows.append(("Also called", esc(", ".join(mt.aliases))))
    fuel = spec.fuel if spec is not None else None
    fuel_html = esc(FUEL_NAMES[fuel])
    if spec is not None and spec.fuel_sources:
        fuel_html += " " + cite(fb, ctx, *spec.fuel_sources)
    rows.append(("Fuel", fuel_html))
    claimed = _ranges_html(fb, ctx, spec, "claimed")
    assessed = _ranges_html(fb, ctx, spec, "assessed")
    if claimed or assessed:
        rows.append(("Range claimed by North Korea", claimed or "None on record"))
        rows.append(("Range assessed by others", assessed or "None on record"))
    else:
        rows.append(("Range", "None on record, from North Korea or from others"))
    rows.append(("Tests on record", _tests_html(fb, ctx, rec)))
    # One element a fact: the label is the item's data-label, which CSS writes before it
    # (as the phone cards of tables do), so that the page stays well under 2,000 elements.
    facts = "".join(f'<li data-label="{k}">{v}</li>' for k, v in rows)
    note = f'<p class="missile-note">{esc(spec.note)}</p>' if spec and spec.note else ""
    # A search result of its own, opening its anchor (macros/engine/searchindex.py).
    return (
        f'<article class="missile-entry" id="{esc(anchor(mt.id))}" data-search-entry '
        f'data-search-title="{esc(search_title(mt))}" data-search-boost="2">'
        f'<h3 class="missile-name">{esc(mt.name)}</h3>{correction_note(fb, ctx, mt.id)}'
        f'<ul class="missile-facts">{facts}</ul>{note}</article>'
    )


def missile_catalogue(fb: FactBase, ctx: PageContext) -> str:
    """Render every missile type, grouped by class, with what the data counts for each."""
    records = type_records(fb)
    blocks: list[str] = []
    current = None
    for mt in catalogue_types(fb):
        if mt.missile_class != current:
            if current is not None:
                blocks.append("\n")
            current = mt.missile_class
            label = CLASS_NAMES[current]
            plural = label if current in ("Hypersonic", "Unknown") else f"{label} missiles"
            if current == "SLV":
                plural = "Space launch vehicles"
            if current == "Hypersonic":
                plural = "Hypersonic missiles"
            # A Markdown heading, so that each class appears in the table of contents.
            blocks.append(f"\n## {esc(plural)} {{#class-{current.lower()}}}\n\n")
        blocks.append(missile_entry(fb, ctx, records[mt.id]))
    if current is not None:
        blocks.append("\n")
    return "".join(blocks)


def missile_link(fb: FactBase, ctx: PageContext, type_id: str, text: str | None = None) -> str:
    """Render a missile type's name as a link to its entry on /missiles/."""
    if type_id not in missile_types(fb):
        raise UnknownIdError("missile type", type_id, missile_types(fb))
    label = text if text is not None else short_name(missile_types(fb)[type_id])
    return f'<a class="missile-link" href="{esc(missile_href(ctx, type_id))}">{esc(label)}</a>'


# --- the family chart --------------------------------------------------------------


@dataclass(frozen=True)
class FamilyPoint:
    """One type on the family chart."""

    type_id: str
    name: str
    missile_class: str
    fuel: str | None
    first: FuzzyDate
    km: float
    km_low: float
    basis: str  # "range", "flight" or "apogee": what the height on the chart shows
    tests: int


def family_points(fb: FactBase) -> list[FamilyPoint]:
    """Return each flown type with its first flight and its range (or what stands in for it)."""
    points = []
    for tid, rec in type_records(fb).items():
        if tid in NOT_A_TYPE or rec.first is None:
            continue
        spec = spec_of(fb, tid)
        figures = list(spec.ranges) if spec is not None else []
        if figures:
            top = max(e.km_max or e.km for e in figures)
            low = min(e.km for e in figures)
            basis = "range"
        elif rec.max_distance_km:
            top = low = rec.max_distance_km
            basis = "flight"
        elif rec.max_apogee_km:
            top = low = rec.max_apogee_km
            basis = "apogee"
        else:
            continue
        points.append(
            FamilyPoint(
                tid,
                short_name(rec.missile_type),
                rec.missile_type.missile_class,
                spec.fuel if spec is not None else None,
                rec.first.date,
                top,
                low,
                basis,
                len(rec.events),
            )
        )
    return sorted(points, key=lambda p: (p.first, p.name))


def _year_fraction(date: FuzzyDate) -> float:
    day = date.first_day()
    if date.month == 0:
        return date.year + 0.5
    return day.year + (day.timetuple().tm_yday - 1) / 366


_BASIS_WORDS = {
    "range": "range as claimed or assessed",
    "flight": "no range estimate on record: longest recorded flight",
    "apogee": "no range estimate on record: highest recorded apogee",
}


def _family_marker(p: FamilyPoint, x: float, y: float, r: float, y_low: float) -> str:
    """Draw one type: a square (liquid or unknown fuel), a disc (solid), a ring (no range)."""
    key = p.missile_class.lower()
    label = (
        f"{p.name}: first flight {p.first.human()}; {_BASIS_WORDS[p.basis]} about "
        f"{p.km:,.0f} km; {p.tests} launch {'event' if p.tests == 1 else 'events'}"
    )
    span = ""
    if p.km_low < p.km:
        span = (
            f'<line class="s-{key}" stroke-width="2" x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{y_low:.1f}" y2="{y:.1f}"/>'
        )
    if p.basis != "range":
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="none" class="s-{key}" '
            'stroke-width="2" stroke-dasharray="3 2"/>'
        )
    elif p.fuel == "solid":
        shape = f'<circle class="k-{key}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
    else:
        shape = (
            f'<rect class="k-{key}" x="{x - r * 0.9:.1f}" y="{y - r * 0.9:.1f}" '
            f'width="{r * 1.8:.1f}" height="{r * 1.8:.1f}"/>'
        )
    return (
        f'<a xlink:href="#{esc(anchor(p.type_id))}" class="pic-point">{span}{shape}'
        f"<title>{esc(label)}</title></a>"
    )


@dataclass(frozen=True)
class _Frame:
    """The family chart's plot area and scales: years across, log km up."""

    width: int
    height: int
    font: float
    first_year: int
    last_year: int

    @property
    def margins(self) -> tuple[int, int, int, int]:
        """Return left, right, top and bottom margins."""
        return (58, 16, 18, 40) if self.width > 500 else (46, 10, 16, 36)

    def sx(self, year: float) -> float:
        """Return the x of a (fractional) year."""
        left, right, _, _ = self.margins
        x0, x1 = self.first_year - 0.5, self.last_year + 0.5
        return left + (self.width - left - right) * (year - x0) / (x1 - x0)

    def sy(self, km: float) -> float:
        """Return the y of a distance, on a log scale from 100 to 20,000 km."""
        _, _, top, bottom = self.margins
        lo, hi = math.log10(100), math.log10(20000)
        clamped = min(max(km, 100), 20000)
        return top + (self.height - top - bottom) * (1 - (math.log10(clamped) - lo) / (hi - lo))


ICBM_THRESHOLD = "5,500 km: ICBM range begins"


def _family_axes(frame: _Frame) -> tuple[list[str], list[Box]]:
    """Draw the grid and its numbers; return them with the boxes of their text."""
    left, right, top, bottom = frame.margins
    font, width, height = frame.font, frame.width, frame.height
    parts = []
    boxes = []
    for km in (100, 300, 1000, 3000, 5500, 10000, 20000):
        y = frame.sy(km)
        baseline = y + font * 0.35
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="soft" x="{left - 4}" y="{baseline:.1f}" text-anchor="end" '
            f'font-size="{font}">{km:,}</text>'
        )
        boxes.append(text_box(left - 4, baseline, f"{km:,}", font, anchor="end"))
    parts.append(
        f'<text class="soft" x="{left}" y="{top - 5}" font-size="{font:.1f}">km (log scale)</text>'
    )
    boxes.append(text_box(left, top - 5, "km (log scale)", font))
    step = 5 if width > 500 else 10
    for year in range(frame.first_year, frame.last_year + 1):
        if year % step:
            continue
        x = frame.sx(year)
        baseline = height - bottom + font + 6
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}"/>'
            f'<text class="soft" x="{x:.1f}" y="{baseline:.1f}" '
            f'text-anchor="middle" font-size="{font}">{year}</text>'
        )
        boxes.append(text_box(x, baseline, str(year), font, anchor="middle"))
    return parts, boxes


def _threshold_label(frame: _Frame, marks: list[Box]) -> tuple[str, Box]:
    """Write where ICBM range begins on its grid line, at the first end that no mark covers."""
    left, right, _, _ = frame.margins
    font, y = frame.font, frame.sy(5500)
    spots = [
        (x, baseline, anchor)
        for baseline in (y - 4, y + 4 + font * 0.93)
        for x, anchor in ((left + 4, "start"), (frame.width - right - 4, "end"))
    ]
    boxes = [text_box(x, b, ICBM_THRESHOLD, font, anchor=a) for x, b, a in spots]
    free = [i for i, box in enumerate(boxes) if not any(box.overlaps(m) for m in marks)]
    pick = free[0] if free else 0
    x, baseline, anchor = spots[pick]
    return (
        f'<text class="soft halo" x="{x:.1f}" y="{baseline:.1f}" text-anchor="{anchor}" '
        f'font-size="{font:.1f}">{ICBM_THRESHOLD}</text>',
        boxes[pick],
    )


def _family_marks(
    placed: list[tuple[FamilyPoint, float, float, float]], frame: _Frame
) -> list[Box]:
    """Return the box of each point's mark, then of each bar that joins two estimates."""
    marks = [Box(x - r, y - r, 2 * r, 2 * r) for _, x, y, r in placed]
    bars = [Box(x - 1, y, 2, frame.sy(p.km_low) - y) for p, x, y, _ in placed if p.km_low < p.km]
    return marks + bars


def _family_labels(
    frame: _Frame, placed: list[tuple[FamilyPoint, float, float, float]], fixed: list[Box]
) -> tuple[list[str], list[tuple[int, FamilyPoint]]]:
    """Label each point by name where it fits, else by a number listed under the chart.

    No label covers another, a mark, a bar or `fixed` (the axes' text), or leaves the picture.
    """
    font = frame.font
    marks = _family_marks(placed, frame)
    own = {i: marks[i] for i in range(len(placed))}
    labels: list[str] = []
    numbered: list[tuple[int, FamilyPoint]] = []
    label_boxes: list[Box] = []
    bounds = (float(frame.width), float(frame.height))
    # Types with a range estimate, then the most tested, get the first pick of places.
    priority = sorted(
        range(len(placed)),
        key=lambda i: (placed[i][0].basis != "range", -placed[i][0].tests, i),
    )
    for index in priority:
        p, x, y, r = placed[index]
        obstacles = fixed + [b for b in marks if b is not own[index]] + label_boxes
        text = p.name
        spot = place_label((x, y, r), text, size=font, taken=obstacles, bounds=bounds)
        if spot is None:
            text = str(len(numbered) + 1)
            spot = place_label((x, y, r), text, size=font, taken=obstacles, bounds=bounds)
            numbered.append((len(numbered) + 1, p))
        if spot is None:
            continue
        label_boxes.append(obstacles[-1])
        tx, ty, side = spot
        labels.append(
            f'<text class="halo" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{side}" '
            f'font-size="{font}" aria-hidden="true">{esc(text)}</text>'
        )
    return labels, numbered


def _family_svg(points: list[FamilyPoint], pic_id: str, size: tuple[int, int, float]) -> str:
    width, height, font = size
    frame = _Frame(
        width,
        height,
        font,
        min(int(p.first.year) for p in points),
        max(int(p.first.year) for p in points) + 1,
    )
    longest = max(points, key=lambda p: p.km)
    title = "The missile family: each type by its first flight and its range"
    desc = (
        f"{len(points)} missile and rocket types that have flown, placed by the year of their "
        "first flight (across) and their range on a logarithmic scale (up). The longest-ranged "
        f"is the {longest.name}, at about {longest.km:,.0f} km. Short-range types are at the "
        "bottom, intercontinental ones at the top. A table of the same data follows."
    )
    parts = [svg_open(pic_id, width, height, title=title, desc=desc, css="pic-family", links=True)]
    axes, fixed = _family_axes(frame)
    parts.extend(axes)
    placed = []
    for p in points:
        r = min(3.5 + 1.6 * math.sqrt(p.tests), 11.0)
        placed.append((p, frame.sx(_year_fraction(p.first)), frame.sy(p.km), r))
    threshold, threshold_box = _threshold_label(frame, _family_marks(placed, frame))
    parts.append(threshold)
    parts.extend(_family_marker(p, x, y, r, frame.sy(p.km_low)) for p, x, y, r in placed)
    labels, numbered = _family_labels(frame, placed, [*fixed, threshold_box])
    parts.extend(labels)
    parts.append("</svg>")
    key = ""
    if numbered:
        items = "".join(f"<li>{n}: {esc(p.name)}</li>" for n, p in numbered)
        key = f'<ul class="pic-numbered" aria-label="Numbered points">{items}</ul>'
    return "".join(parts) + key


# What a km figure in the family table is when it is not a range (one cell, not a column
# of its own: the page stays well under 2,000 elements).
_TABLE_BASIS = {
    "range": "",
    "flight": " (longest flight)",
    "apogee": " (highest apogee)",
}


def family_table(fb: FactBase, ctx: PageContext, points: list[FamilyPoint]) -> str:
    """Render the family chart's data as a table: one row per type."""
    rows = []
    for p in points:
        rows.append(
            f'<tr><th scope="row"><a href="{esc(missile_href(ctx, p.type_id))}">{esc(p.name)}</a>'
            f"</th><td>{esc(p.missile_class)}</td><td>{esc(FUEL_NAMES[p.fuel])}</td>"
            f"<td>{esc(p.first.human())}</td><td>{p.km:,.0f}{_TABLE_BASIS[p.basis]}</td>"
            f"<td>{p.tests}</td></tr>"
        )
    caption = "Missile types by first flight and range"
    # The caption says what a marked km figure is (the table's one note, not a column).
    note = (
        " (where no range estimate is on record: the longest recorded flight, or the "
        "highest recorded apogee, as marked)"
    )
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="chart-data pic-data"><caption>{esc(caption + note)}</caption><thead><tr>'
        '<th scope="col">Type</th><th scope="col">Class</th><th scope="col">Fuel</th>'
        '<th scope="col">First flight</th><th scope="col">Range, km</th>'
        '<th scope="col">Launch events</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def missile_family_chart(
    fb: FactBase, ctx: PageContext, *, chart_id: str = "missile-family"
) -> str:
    """Render the missile family: each flown type by first flight and range, by class and fuel."""
    points = family_points(fb)
    if not points:
        return '<p class="chart-empty">No missile types with flights yet.</p>'
    wide = _family_svg(points, f"{chart_id}-wide", (700, 480, 12))
    narrow = _family_svg(points, f"{chart_id}-narrow", (360, 560, 11))
    classes = [c for c in CLASS_ORDER if any(p.missile_class == c for p in points)]
    legend = "".join(
        f'<li><span class="chart-key chart-{c.lower()}" aria-hidden="true"></span>'
        f"{esc(class_label(c))}</li>"
        for c in classes
    )
    return (
        f'<figure class="chart-figure pic-figure" id="{esc(chart_id)}">'
        + style_block()
        + layout_css()
        + both_layouts(wide, narrow)
        + f'<figcaption><ul class="chart-legend">{legend}</ul>'
        "Squares: liquid fuel or fuel not on record; circles: solid fuel; dashed rings: no range "
        "estimate on record, so the height shows the longest recorded flight (or, failing that, "
        "the highest apogee), which is far less than the full range. A bar joins the lowest and "
        "highest estimates where sources differ. Bigger marks: more launches. "
        "Counted from the launch records on this site; ranges from the sources in each entry "
        "below.</figcaption>"
        f"<details><summary>Show the numbers as a table</summary>"
        f"{family_table(fb, ctx, points)}</details></figure>"
    )


# --- links from missile names on other pages --------------------------------------

# Elements whose text is never linked: links already, headings, code, pictures, controls.
_NO_LINK_IN = frozenset(
    {
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "code",
        "pre",
        "script",
        "style",
        "svg",
        "title",
        "button",
        "textarea",
        "select",
        "option",
        "label",
        "kbd",
        "samp",
        "nav",
    }
)
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG_NAME = re.compile(r"^</?\s*([A-Za-z][\w-]*)")
# Timeline lines that describe one launch: every missile name in them is linked.
_LAUNCH_LINE = re.compile(r'^<p\b[^>]*\bclass="[^"]*\btl-launch\b')


def missile_names(fb: FactBase) -> dict[str, str]:
    """Map every name a reader may meet (name, short name, aliases) to its type id."""
    names: dict[str, str] = {}
    for mt in catalogue_types(fb):
        for name in (mt.name, short_name(mt), *mt.aliases):
            # A name two types share would be ambiguous: the first (by class) keeps it.
            names.setdefault(name, mt.id)
    return names


def _names_pattern(names: dict[str, str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(esc(n)) for n in sorted(names, key=len, reverse=True))
    # Only where a name could start (its first characters) are the names tried: the same
    # matches, found in a third of the time (Python's re tries each name at each place).
    first = "".join(sorted({re.escape(esc(n)[0]) for n in names}))
    return re.compile(rf"(?=[{first}])(?<![\w-])({alternatives})(?![\w-])")


def _names_and_pattern(fb: FactBase) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Return each escaped name's type id, and the pattern that finds them (once per fact base)."""

    def make() -> tuple[dict[str, str], re.Pattern[str] | None]:
        names = missile_names(fb)
        return {esc(n): tid for n, tid in names.items()}, _names_pattern(names)

    return fb.remember(("missile-link-names",), tuple, make)


def link_missile_names(fb: FactBase, ctx: PageContext, html_text: str) -> str:
    """Link missile names in a page's HTML to their entries on /missiles/.

    The first mention of each type on a page is linked, and every mention in a timeline
    entry's launch line; text inside links, headings, code and pictures is left alone.
    """
    by_escaped, pattern = _names_and_pattern(fb)
    if pattern is None:
        return html_text
    depth = 0
    in_launch = False
    linked: set[str] = set()
    out: list[str] = []

    def replace(match: re.Match[str]) -> str:
        type_id = by_escaped[match.group(1)]
        if not in_launch and type_id in linked:
            return match.group(0)
        linked.add(type_id)
        href = esc(missile_href(ctx, type_id))
        return f'<a class="missile-link" href="{href}">{match.group(1)}</a>'

    for token in _TOKEN.split(html_text):
        if token.startswith("<"):
            name_match = _TAG_NAME.match(token)
            if name_match and name_match.group(1).lower() in _NO_LINK_IN:
                if token.startswith("</"):
                    depth = max(depth - 1, 0)
                elif not token.endswith("/>"):
                    depth += 1
            if _LAUNCH_LINE.match(token):
                in_launch = True
            elif in_launch and token.lower().startswith("</p"):
                in_launch = False
            out.append(token)
        elif depth == 0 and token:
            out.append(pattern.sub(replace, token))
        else:
            out.append(token)
    return "".join(out)
