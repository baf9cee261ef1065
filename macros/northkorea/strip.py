"""The timeline at a glance: one column per year, stacked by category, each a link to that year."""

from __future__ import annotations

from collections import Counter

from macros.engine import urls
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.northkorea.records import Category
from macros.northkorea.svgkit import both_layouts, layout_css, style_block, svg_open

STRIP_FROM = 1984
# Stacking order, bottom to top: the record's backbone (tests) first.
STRIP_ORDER = tuple(Category)


def events_by_year(fb: FactBase, first: int = STRIP_FROM) -> dict[int, Counter[Category]]:
    """Count events per year and category, for every year from `first` to the newest."""
    counts: dict[int, Counter[Category]] = {}
    years = [e.date.year for e in fb.events]
    if not years:
        return counts
    for year in range(first, max(*years, first) + 1):
        counts[year] = Counter()
    for event in fb.events:
        if event.date.year >= first:
            counts[event.date.year][Category(event.category)] += 1
    return counts


def year_href(fb: FactBase, ctx: PageContext, year: int) -> str:
    """Return the link to a year's part of the timeline (its own page once the timeline splits)."""
    if urls.timeline_is_split(fb):
        return ctx.url(urls.year_page(year))
    return ctx.url(f"{urls.TIMELINE_PAGE}#year-{year}")


def _describe(year: int, counts: Counter[Category]) -> str:
    total = sum(counts.values())
    if not total:
        return f"{year}: no events in the record"
    parts = ", ".join(f"{n} {c.label.lower()}" for c, n in counts.most_common())
    return f"{year}: {total} {'event' if total == 1 else 'events'} ({parts})"


def _strip_svg(
    fb: FactBase, ctx: PageContext, counts: dict[int, Counter[Category]], pic_id: str, wide: bool
) -> str:
    width, height = (700, 180) if wide else (360, 210)
    font = 12
    left, right, top, bottom = (34, 6, 10, 26) if wide else (30, 4, 10, 26)
    years = list(counts)
    peak = max((sum(c.values()) for c in counts.values()), default=0) or 1
    scale_max = max(5, -(-peak // 5) * 5)
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(years)
    bar_w = max(1.0, slot - (2 if wide else 1))
    total = sum(sum(c.values()) for c in counts.values())
    busiest = max(counts, key=lambda y: sum(counts[y].values()))
    title = f"The timeline at a glance: events per year, {years[0]}–{years[-1]}, by category"
    desc = (
        f"{total:,} events from {years[0]} to {years[-1]}, one column per year, stacked by "
        f"category. The busiest year is {busiest}, with {sum(counts[busiest].values())}. "
        "Each column links to that year of the timeline; a table of the same numbers follows."
    )
    parts = [svg_open(pic_id, width, height, title=title, desc=desc, css="pic-strip", links=True)]
    for tick in (0, scale_max // 2, scale_max):
        y = top + plot_h - plot_h * tick / scale_max
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="soft" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="{font}">{tick}</text>'
        )
    label_every = 5 if wide else 10
    for index, year in enumerate(years):
        x = left + index * slot + (slot - bar_w) / 2
        by_category = counts[year]
        y = top + plot_h
        rects = []
        for category in STRIP_ORDER:
            n = by_category.get(category, 0)
            if not n:
                continue
            h = plot_h * n / scale_max
            y -= h
            rects.append(
                f'<rect class="k-{category.value}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"/>'
            )
        if rects:
            # The whole column height is the link's target, so that short years are easy to hit.
            hit = (
                f'<rect x="{x:.1f}" y="{top}" width="{bar_w:.1f}" height="{plot_h}" '
                'fill="transparent"/>'
            )
            parts.append(
                f'<a xlink:href="{esc(year_href(fb, ctx, year))}" class="pic-year" '
                f'data-year="{year}" data-count="{sum(by_category.values())}">'
                f"<title>{esc(_describe(year, by_category))}</title>{hit}{''.join(rects)}</a>"
            )
        if year % label_every == 0:
            parts.append(
                f'<text class="soft" x="{x + bar_w / 2:.1f}" y="{height - bottom + font + 4}" '
                f'text-anchor="middle" font-size="{font}">{year}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(fb: FactBase, ctx: PageContext, counts: dict[int, Counter[Category]]) -> str:
    used = [c for c in STRIP_ORDER if any(by.get(c) for by in counts.values())]
    head = "".join(f'<th scope="col">{esc(c.label)}</th>' for c in used)
    rows = []
    for year, by_category in counts.items():
        total = sum(by_category.values())
        if not total:
            continue
        cells = "".join(f"<td>{by_category.get(c, 0)}</td>" for c in used)
        rows.append(
            f'<tr><th scope="row"><a href="{esc(year_href(fb, ctx, year))}">{year}</a></th>'
            f"{cells}<td>{total}</td></tr>"
        )
    caption = "Events per year and category"
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="chart-data pic-data"><caption>{esc(caption)}</caption>'
        f'<thead><tr><th scope="col">Year</th>{head}<th scope="col">Total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def timeline_strip(fb: FactBase, ctx: PageContext, *, chart_id: str = "timeline-strip") -> str:
    """Render the overview strip: events per year from 1984, by category, linked to each year."""
    counts = events_by_year(fb)
    if not counts:
        return '<p class="chart-empty">No events yet.</p>'
    wide = _strip_svg(fb, ctx, counts, f"{chart_id}-wide", wide=True)
    narrow = _strip_svg(fb, ctx, counts, f"{chart_id}-narrow", wide=False)
    used = [c for c in STRIP_ORDER if any(by.get(c) for by in counts.values())]
    legend = "".join(
        f'<li><svg class="pic pic-key" width="12" height="12" aria-hidden="true">'
        f'<rect class="k-{c.value}" width="12" height="12" rx="2"/></svg>{esc(c.label)}</li>'
        for c in used
    )
    earlier = sum(1 for e in fb.events if e.date.year < STRIP_FROM)
    before = (
        f" {earlier} earlier {'event' if earlier == 1 else 'events'}, from before "
        f"{STRIP_FROM}, {'is' if earlier == 1 else 'are'} on the timeline but not in the strip."
        if earlier
        else ""
    )
    return (
        f'<figure class="chart-figure pic-figure" id="{esc(chart_id)}">'
        + style_block()
        + layout_css()
        + both_layouts(wide, narrow)
        + f'<figcaption><ul class="chart-legend">{legend}</ul>'
        f"One column per year; choose a year to go to it.{before}</figcaption>"
        f"<details><summary>Show the numbers as a table</summary>"
        f"{_table(fb, ctx, counts)}</details></figure>"
    )
