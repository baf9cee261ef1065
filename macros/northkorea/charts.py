"""Charts drawn at build time as inline SVG, each with a title, a description and a data table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Event
from macros.northkorea.records import Category, Launch, MissileType, launch_of, missile_types

# Drawing order of the stacked bars, bottom to top: short range first.
CLASS_ORDER = ("SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "Hypersonic", "Cruise", "SLV", "Unknown")
CLASS_NAMES = {
    "SRBM": "Short-range ballistic",
    "MRBM": "Medium-range ballistic",
    "IRBM": "Intermediate-range ballistic",
    "ICBM": "Intercontinental ballistic",
    "SLBM": "Submarine-launched ballistic",
    "Hypersonic": "Hypersonic",
    "Cruise": "Cruise",
    "SLV": "Space launch vehicle",
    "Unknown": "Unknown type",
}


def class_label(missile_class: str) -> str:
    """Return a class's name with its abbreviation, "Short-range ballistic (SRBM)".

    A class whose name is its own word ("Hypersonic", "Cruise") is not repeated.
    """
    name = CLASS_NAMES[missile_class]
    return name if name == missile_class else f"{name} ({missile_class})"


def launches(fb: FactBase) -> list[tuple[Event, Launch]]:
    """Return each event that carries launch detail with that detail, in timeline order."""
    return [(e, launch) for e in fb.events if (launch := launch_of(e)) is not None]


def _class_of(fb: FactBase, type_id: str) -> str:
    missile_type: MissileType = missile_types(fb)[type_id]
    return missile_type.missile_class


def missiles_by_year_and_class(fb: FactBase) -> dict[int, Counter[str]]:
    """Count missiles (one per dataset row) per year and class, for every year in range."""
    counts: dict[int, Counter[str]] = {}
    for event, launch in launches(fb):
        in_year = counts.setdefault(event.date.year, Counter())
        for missile in launch.missiles:
            in_year[_class_of(fb, missile.type)] += 1
    if counts:
        for every_year in range(min(counts), max(counts) + 1):
            counts.setdefault(every_year, Counter())
    return dict(sorted(counts.items()))


def launch_count(
    fb: FactBase,
    ctx: PageContext,
    *,
    year: int | None = None,
    unit: str = "missiles",
    missile_class: str | None = None,
    space: bool = False,
) -> str:
    """Render a count computed from the launch data: missiles (default) or launch events.

    Space launches (satellite-launch events) count only with space=True.
    """
    del ctx
    if unit not in ("missiles", "events"):
        raise ValueError(f"launch_count(unit={unit!r}): use 'missiles' or 'events'")
    if missile_class is not None and missile_class not in CLASS_ORDER:
        raise ValueError(
            f"launch_count(missile_class={missile_class!r}): use one of {', '.join(CLASS_ORDER)}"
        )
    total = 0
    for event, launch in launches(fb):
        if year is not None and event.date.year != int(year):
            continue
        if not space and event.category == Category.SATELLITE_LAUNCH:
            continue
        matching = [
            m
            for m in launch.missiles
            if missile_class is None or _class_of(fb, m.type) == missile_class
        ]
        total += len(matching) if unit == "missiles" else int(bool(matching))
    return f'<span class="computed" title="Counted from the launch records">{total:,}</span>'


def _labelled(year: int, first: int, last: int) -> bool:
    """Label every fifth year, and the ends unless they would crowd a fifth year."""
    if year % 5 == 0:
        return True
    if year in (first, last):
        return min(year % 5, 5 - year % 5) > 2
    return False


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 25, 50, 100):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return -(-value // 100) * 100


def _table(counts: dict[int, Counter[str]], classes: Iterable[str], caption: str) -> str:
    used = list(classes)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in used)
    rows = []
    for year, by_class in counts.items():
        zero = ' class="zero"'
        cells = "".join(
            f'<td data-label="{esc(c)}"{"" if by_class.get(c) else zero}>{by_class.get(c, 0)}</td>'
            for c in used
        )
        rows.append(
            f'<tr><th scope="row">{year}</th>{cells}'
            f'<td data-label="Total">{sum(by_class.values())}</td></tr>'
        )
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="chart-data"><caption>{esc(caption)}</caption>'
        f'<thead><tr><th scope="col">Year</th>{head}<th scope="col">Total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def launches_chart(fb: FactBase, ctx: PageContext, *, chart_id: str = "launches-by-year") -> str:
    """Render a stacked bar chart of missiles launched per year, by class, as inline SVG."""
    del ctx
    counts = missiles_by_year_and_class(fb)
    if not counts:
        return '<p class="chart-empty">No launch records yet.</p>'
    classes = [c for c in CLASS_ORDER if any(by_class.get(c) for by_class in counts.values())]
    peak_year, peak = max(((y, sum(c.values())) for y, c in counts.items()), key=lambda p: p[1])
    first, last = min(counts), max(counts)
    total = sum(sum(c.values()) for c in counts.values())
    title = f"North Korea's missile and space launches per year, {first}–{last}, by class"
    desc = (
        f"{total:,} missiles and rockets in the record from {first} to {last}. "
        f"The busiest year was {peak_year}, with {peak}. "
        "A table of the same numbers follows the chart."
    )
    # Not as wide as the page: on a phone the chart keeps enough height to be read.
    width, height, left, bottom, top = 640, 400, 44, 40, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    y_max = _nice_max(peak)
    slot = plot_w / len(counts)
    bar_w = max(2.0, slot * 0.75)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
    ]
    for tick in range(0, y_max + 1, max(1, y_max // 5)):
        y = top + plot_h - plot_h * tick / y_max
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    for index, (year, by_class) in enumerate(counts.items()):
        x = left + index * slot + (slot - bar_w) / 2
        y = top + plot_h
        for missile_class in classes:
            n = by_class.get(missile_class, 0)
            if not n:
                continue
            h = plot_h * n / y_max
            y -= h
            label = f"{year}: {n} {CLASS_NAMES[missile_class]}"
            parts.append(
                f'<rect class="chart-{missile_class.lower()}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{esc(label)}</title></rect>'
            )
        if _labelled(year, first, last):
            # Phones show only the decades (explainer.css hides the rest).
            minor = "" if year % 10 == 0 else " chart-year-minor"
            parts.append(
                f'<text class="chart-axis{minor}" x="{x + bar_w / 2:.1f}" '
                f'y="{height - bottom + 16}" text-anchor="middle">{year}</text>'
            )
    parts.append("</svg>")

    # On a phone the legend shows the short names only (the table spells them out).
    def key(c: str) -> str:
        name = CLASS_NAMES[c]
        if c.casefold() in name.casefold():
            return esc(name)
        return (
            f'<span class="chart-name">{esc(name)} </span><span class="chart-abbr">{esc(c)}</span>'
        )

    legend = "".join(
        f'<li><span class="chart-key chart-{c.lower()}" aria-hidden="true"></span>{key(c)}</li>'
        for c in classes
    )
    return (
        f'<figure class="chart-figure" id="{chart_id}">'
        + "".join(parts)
        + f'<figcaption><ul class="chart-legend">{legend}</ul>'
        f"One bar per year; each missile counts once, so a salvo of three counts three. "
        f"Counted from the launch records on this site.</figcaption>"
        f"<details><summary>Show the numbers as a table</summary>"
        f"{_table(counts, classes, title)}</details></figure>"
    )
