"""One description of the timeline's filters, read by Python and by the browser alike.

The timeline page, the embed, the embed code and their JavaScript (assets/filters.js) all
read a query such as `?category=diplomacy&from=2017&to=2017&order=newest&limit=20`
through this description: its parameters, their allowed values, the defaults of each
surface and the rules for dates. Python writes it into the page as JSON (`spec_json`, a
data-spec attribute); the script parses and applies a query exactly as `parse` and `apply` do
here, and a table of boundary cases runs against both (tests/browser/test_filters.py).

Records are flat string maps, the same strings an entry carries as data-* attributes:
`category`, `tags`, `actors`, `classes` (space-separated lists), `date` (YYYY, YYYY-MM or
YYYY-MM-DD) and `text` (its title and summary, for the text filter).

Dates: an entry matches `from` when its first possible day is on or after the first day
of `from`, and `to` when its first possible day is on or before the last day of `to`:
`from=2017-09` keeps an entry dated "September 2017"; `from=2017-09-15` leaves it out.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ORDERS = ("oldest", "newest")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INT = re.compile(r"^[1-9]\d{0,5}$")


@dataclass(frozen=True)
class Choice:
    """A parameter that picks one value of a record's field (a category, an actor...)."""

    name: str
    label: str
    field: str
    values: tuple[tuple[str, str], ...]
    many: bool = False


@dataclass(frozen=True)
class Surface:
    """Where a query is read, with its own defaults (the embed: newest 20 first)."""

    order: str = "oldest"
    limit: int | None = None


@dataclass(frozen=True)
class FilterSpec:
    """Every parameter a timeline query may hold."""

    choices: tuple[Choice, ...]
    max_limit: int = 1000
    surfaces: Mapping[str, Surface] = field(
        default_factory=lambda: {"timeline": Surface(), "embed": Surface("newest", 20)}
    )

    def choice(self, name: str) -> Choice | None:
        """Return the choice parameter of this name, if there is one."""
        return next((c for c in self.choices if c.name == name), None)

    def as_json(self) -> dict[str, Any]:
        """Return the description the browser reads."""
        return {
            "choices": [
                {
                    "name": c.name,
                    "label": c.label,
                    "field": c.field,
                    "many": c.many,
                    "values": [list(v) for v in c.values],
                }
                for c in self.choices
            ],
            "orders": list(ORDERS),
            "maxLimit": self.max_limit,
            "surfaces": {
                name: {"order": s.order, "limit": s.limit} for name, s in self.surfaces.items()
            },
        }


def spec_json(spec: FilterSpec) -> str:
    """Return the description as an inert element: JSON in an escaped attribute.

    An attribute, not a <script>: names from data (an actor's) never sit in a script.
    """
    text = json.dumps(spec.as_json(), ensure_ascii=False, separators=(",", ":"))
    return f'<div class="tl-filter-spec" hidden data-spec="{html.escape(text)}"></div>'


@dataclass(frozen=True)
class Query:
    """A parsed query: what to keep, in which order, how many, and what was wrong."""

    choices: Mapping[str, str]
    start: str | None
    end: str | None
    text: str
    order: str
    limit: int | None
    problems: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        """True when the query narrows the entries (not only order and number)."""
        return bool(self.choices or self.start or self.end or self.text)


def valid_date(value: str) -> bool:
    """Return True for YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month and day."""
    match = _DATE.match(value)
    if match is None:
        return False
    year, month, day = match.groups()
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    return day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]


def first_day(value: str) -> str:
    """Return the first day a (fuzzy) date can mean, as YYYY-MM-DD."""
    parts = value.split("-")
    return "-".join([parts[0], *[*parts[1:], "01", "01"][:2]])


def last_day(value: str) -> str:
    """Return the last day a (fuzzy) date can mean, as YYYY-MM-DD."""
    parts = value.split("-")
    if len(parts) == 3:
        return value
    if len(parts) == 1:
        return f"{value}-12-31"
    days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
    return f"{value}-{days:02d}"


def parse(spec: FilterSpec, params: Mapping[str, str], surface: str = "timeline") -> Query:
    """Read a query; every wrong value is a problem named in plain words, none is dropped.

    Parameters this description does not know (a script's own, such as childId) are let
    be; an empty value is no filter.
    """
    defaults = spec.surfaces[surface]
    problems: list[str] = []
    chosen: dict[str, str] = {}
    for choice in spec.choices:
        value = params.get(choice.name, "").strip()
        if not value:
            continue
        if value not in {v for v, _ in choice.values}:
            problems.append(f"There is no {choice.label.lower()} “{value}”.")
        chosen[choice.name] = value
    dates: dict[str, str | None] = {}
    for name in ("from", "to"):
        value = params.get(name, "").strip()
        dates[name] = value or None
        if value and not valid_date(value):
            problems.append(f"“{name}={value}” is not a date: write a year, YYYY-MM or YYYY-MM-DD.")
    start, end = dates["from"], dates["to"]
    if start and end and not problems and last_day(end) < first_day(start):
        problems.append(f"“to={end}” comes before “from={start}”.")
    order = params.get("order", "").strip() or defaults.order
    if order not in ORDERS:
        problems.append(f"“order={order}” is not an order: use oldest or newest.")
        order = defaults.order
    limit = defaults.limit
    raw_limit = params.get("limit", "").strip()
    if raw_limit:
        if _INT.match(raw_limit) and int(raw_limit) <= spec.max_limit:
            limit = int(raw_limit)
        else:
            problems.append(f"“limit={raw_limit}” is not a number from 1 to {spec.max_limit}.")
    text = " ".join(params.get("text", "").split())
    return Query(chosen, start, end, text, order, limit, tuple(problems))


def matches(spec: FilterSpec, query: Query, record: Mapping[str, str]) -> bool:
    """Return True when a record passes every filter of the query."""
    if query.problems:
        return False
    for name, value in query.choices.items():
        choice = spec.choice(name)
        if choice is None:
            return False
        have = record.get(choice.field, "")
        if (value not in have.split()) if choice.many else (have != value):
            return False
    day = first_day(record.get("date", ""))
    if query.start and day < first_day(query.start):
        return False
    if query.end and day > last_day(query.end):
        return False
    if query.text:
        words = record.get("text", "").casefold()
        if not all(word in words for word in query.text.casefold().split()):
            return False
    return True


def apply(
    spec: FilterSpec, query: Query, records: Sequence[Mapping[str, str]]
) -> list[Mapping[str, str]]:
    """Return the records that match, in the query's order (given oldest first), limited."""
    kept = [r for r in records if matches(spec, query, r)]
    if query.order == "newest":
        kept.reverse()
    return kept[: query.limit] if query.limit is not None else kept


def to_params(query: Query, surface: Surface) -> dict[str, str]:
    """Return the query's parameters as a URL writes them: only what differs from defaults."""
    params = dict(query.choices)
    if query.start:
        params["from"] = query.start
    if query.end:
        params["to"] = query.end
    if query.text:
        params["text"] = query.text
    if query.order != surface.order:
        params["order"] = query.order
    if query.limit != surface.limit and query.limit is not None:
        params["limit"] = str(query.limit)
    return params
