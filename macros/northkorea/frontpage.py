"""The home page's first screen: dated key-figure cards and a compact launches-per-year chart."""

from __future__ import annotations

from macros.engine.citations import cite_links
from macros.engine.factbase import FactBase
from macros.engine.figures import format_value, get_figure
from macros.engine.markup import PageContext, esc
from macros.engine.timeline import event_link, record_end, select
from macros.northkorea.charts import launches, missiles_by_year_and_class
from macros.northkorea.records import missile_types

LAUNCH_DATASETS = ("cns-missile-test-database", "nk-missile-tests-dataset")


SHOWN_SOURCES = 2


def _sources(fb: FactBase, ctx: PageContext, source_ids: list[str]) -> str:
    """Name a card's sources in a line of their own (the first two, linked to /sources/)."""
    links = cite_links(fb, ctx, source_ids[:SHOWN_SOURCES])
    more = len(source_ids) - SHOWN_SOURCES
    extra = f" and {more} more" if more > 0 else ""
    return f'<span class="kf-source">Source: {", ".join(links)}{extra}</span>'


def _card(value: str, label: str, detail: str, sources: str) -> str:
    return (
        f'<li class="kf-card"><span class="kf-value">{value}</span> '
        f'<span class="kf-label">{label}</span> '
        f'<span class="kf-detail">{detail}</span> {sources}</li>'
    )


def _launch_events(fb: FactBase, *, year: int | None = None, missile_class: str | None = None):  # type: ignore[no-untyped-def]
    found = []
    for event, launch in launches(fb):
        if str(event.category) != "missile-test":
            continue
        if year is not None and event.date.year != year:
            continue
        types = missile_types(fb)
        classes = {types[m.type].missile_class for m in launch.missiles}
        if missile_class is not None and missile_class not in classes:
            continue
        found.append(event)
    return found


def key_figures(fb: FactBase, ctx: PageContext, *, people: str = "ocha-people-in-need-2020") -> str:
    """Render the home page's cards: nuclear tests, ICBMs, launches this year, people in need.

    Each card is a big number with what it counts, the date it runs to and its source,
    all computed from the records (the people-in-need card is a sourced figure).
    """
    cards = []
    tests = select(fb, category="nuclear-test")
    if tests:
        last = tests[-1]
        cards.append(
            _card(
                f"{len(tests):,}",
                "nuclear tests",
                f"the last on {event_link(fb, ctx, last.id)}",
                _sources(fb, ctx, list(last.sources)),
            )
        )
    data_cite = _sources(fb, ctx, [s for s in LAUNCH_DATASETS if s in fb.sources])
    icbm = _launch_events(fb, missile_class="ICBM")
    if icbm:
        cards.append(
            _card(
                f"{len(icbm):,}",
                "launches of intercontinental missiles",
                f"the latest on {event_link(fb, ctx, icbm[-1].id)}",
                data_cite,
            )
        )
    end = record_end(fb)
    this_year = _launch_events(fb, year=end.year)
    missiles = sum(missiles_by_year_and_class(fb).get(end.year, {}).values())
    noun = "launch" if len(this_year) == 1 else "launches"
    cards.append(
        _card(
            f"{len(this_year):,}",
            f"missile {noun} in {end.year}",
            f'{missiles:,} missiles, up to <time datetime="{end.iso()}">{esc(end.human())}</time>',
            data_cite,
        )
    )
    fig = get_figure(fb, people)
    cards.append(
        _card(
            esc(format_value(fig.value, fig.unit).replace(" people", "")),
            f"people {esc(fig.label)}",
            f'UN estimate, <time datetime="{fig.as_of.iso()}">{esc(fig.as_of.human())}</time>',
            _sources(fb, ctx, list(fig.sources)),
        )
    )
    return f'<ul class="key-figures">{"".join(cards)}</ul>'


def launch_bars(fb: FactBase, ctx: PageContext, *, chart_id: str = "launches-spark") -> str:
    """Render a compact bar chart of missiles launched per year (all classes), as inline SVG."""
    counts = {
        year: sum(by_class.values()) for year, by_class in missiles_by_year_and_class(fb).items()
    }
    if not counts:
        return '<p class="chart-empty">No launch records yet.</p>'
    first, last = min(counts), max(counts)
    peak_year = max(counts, key=lambda y: (counts[y], y))
    peak = counts[peak_year]
    total = sum(counts.values())
    title = f"Missiles launched per year, {first}–{last}"
    desc = (
        f"{total:,} missiles and rockets from {first} to {last}. The busiest year was "
        f"{peak_year}, with {peak}; {last} has {counts[last]} so far."
    )
    # Room above the tallest bar and below the axis for labels at a phone's larger size.
    width, height, left, bottom, top = 800, 188, 4, 30, 26
    # A peak near the end would put its year against the last year's on a narrow screen:
    # then the peak's own label names the year, and the axis leaves it out.
    crowded = last - peak_year <= 5 and peak_year != last
    plot_w, plot_h = width - 2 * left, height - bottom - top
    slot = plot_w / len(counts)
    bar_w = max(1.5, slot * 0.7)
    parts = [
        f'<svg class="chart chart-spark" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
        f'<line class="chart-grid" x1="0" x2="{width}" y1="{top + plot_h}" y2="{top + plot_h}"/>',
    ]
    for index, (year, n) in enumerate(counts.items()):
        x = left + index * slot + (slot - bar_w) / 2
        h = plot_h * n / peak if peak else 0
        css = "spark-bar spark-last" if year == last else "spark-bar"
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}"><title>{year}: {n}</title></rect>'
        )
        decade = year % 10 == 0 and min(last - year, abs(year - peak_year)) > 3
        on_axis = year in (first, last) or (year == peak_year and not crowded) or decade
        if on_axis:
            anchor = "start" if year == first else "end" if year == last else "middle"
            tx = x if year == first else x + bar_w if year == last else x + bar_w / 2
            parts.append(
                f'<text class="chart-axis" x="{tx:.1f}" y="{height - 5}" '
                f'text-anchor="{anchor}">{year}</text>'
            )
        if year == peak_year:
            label = f"{n} in {year}" if crowded else str(n)
            # Centred on its bar, unless that would run off the right edge (about 14 units
            # a character at a phone's label size).
            px, panchor = x + bar_w / 2, "middle"
            if px + 7 * len(label) > width:
                px, panchor = x + bar_w, "end"
            parts.append(
                f'<text class="chart-axis spark-peak" x="{px:.1f}" '
                f'y="{top + plot_h - h - 6:.1f}" text-anchor="{panchor}">{label}</text>'
            )
    parts.append("</svg>")
    history = esc(ctx.url("history/#missile-tests"))
    return (
        f'<figure class="chart-figure spark-figure" id="{chart_id}">'
        + "".join(parts)
        + f"<figcaption>{esc(title)}, counted from the launch records. "
        f'<a href="{history}">By missile class, with the numbers</a></figcaption></figure>'
    )
