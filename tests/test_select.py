"""timeline.select keeps the filter description's answer while it narrows by date and memoizes.

select() finds the entries within a query's dates by bisection over the entries' first
days and remembers each filter's answer per fact base; both must give exactly what
applying filters.matches to every entry gives.
"""

from __future__ import annotations

from itertools import product

from macros import site
from macros.engine import filters
from macros.engine.factbase import FactBase
from macros.engine.timeline import entry_record, filter_spec, select


def every_entry(fb: FactBase, **given: str | int | None) -> list[str]:
    """The events that filters.matches keeps, tried on every entry of the fact base."""
    names = {"start": "from", "end": "to"}
    params = {names.get(k, k): str(v) for k, v in given.items() if v}
    spec = filter_spec(fb)
    query = filters.parse(spec, params)
    return [e.id for e in fb.events if filters.matches(spec, query, entry_record(fb, e))]


def test_select_agrees_with_every_entry_on_the_real_fact_base() -> None:
    fb = site.load()
    years = sorted({e.date.year for e in fb.events})
    # Bounds at and between the record's edges, to the year, the month and the day.
    bounds: list[str | int | None] = [
        None,
        years[0],
        years[0] - 1,
        years[-1],
        years[-1] + 1,
        2017,
        "2017-09",
        "2017-09-03",
        "2017-09-04",
        "2006-10",
        "2019-02-28",
        "1998-08",
    ]
    categories: list[str | None] = [None, *(c.id for c in fb.categories)]
    tried = 0
    for start, end, category in product(bounds, bounds, categories):
        if start is not None and end is not None and str(end) < str(start)[:4]:
            continue
        try:
            got = [e.id for e in select(fb, category=category, start=start, end=end)]
        except ValueError:
            continue  # an end before the start: worded by select, not a set of entries
        assert got == every_entry(fb, category=category, start=start, end=end), (
            start,
            end,
            category,
        )
        tried += 1
    assert tried > 500


def test_select_answers_a_fresh_list_each_time() -> None:
    fb = site.load()
    first = select(fb, start=2017, end=2017)
    assert first
    kept = list(first)
    first.clear()
    assert select(fb, start=2017, end=2017) == kept
    assert select(fb, start="2017", end="2017") == kept
