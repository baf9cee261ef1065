"""Pair the CNS 2019 CSV rows with the nk-missile-tests rows derived from them, and compare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from macros.northkorea.importers.catalogue import Catalogue
from macros.northkorea.importers.rows import CsvRow, DayOrMonth, JsonRow


@dataclass
class Matches:
    """CSV rows paired with JSON rows, and what could not be paired."""

    by_json: dict[str, CsvRow] = field(default_factory=dict)
    unmatched_csv: list[tuple[CsvRow, str]] = field(default_factory=list)
    unmatched_json: list[JsonRow] = field(default_factory=list)
    unmapped_names: list[str] = field(default_factory=list)


def _days_apart(a: DayOrMonth, b: DayOrMonth) -> int | None:
    """Return how many days apart two dates are (0 for the same month when one is a month)."""
    day_a, day_b = a.as_date(), b.as_date()
    if day_a is not None and day_b is not None:
        return abs((day_a - day_b).days)
    return 0 if (a.year, a.month) == (b.year, b.month) else None


def twelve_hours_off(json_time: str | None, csv_time: str | None) -> bool:
    """Tell whether two HH:MM times differ by exactly 12 hours (a lost AM/PM)."""
    if json_time is None or csv_time is None:
        return False
    to_minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (json_time, csv_time)]
    return abs(to_minutes[0] - to_minutes[1]) == 12 * 60


def _time_fits(row: JsonRow, csv: CsvRow) -> bool:
    """Tell whether two rows' times agree (or one is missing, or AM/PM was lost)."""
    if row.time_utc is None or csv.time_utc is None or row.time_utc == csv.time_utc:
        return True
    return twelve_hours_off(row.time_utc, csv.time_utc)


def match_rows(
    json_rows: Sequence[JsonRow], csv_rows: Sequence[CsvRow], catalogue: Catalogue
) -> Matches:
    """Pair each CSV row with one JSON row: same day and type first, then looser passes."""
    matches = Matches()
    if not csv_rows:
        return matches
    # The CSV ends with its last row (October 2019); later JSON rows have no counterpart.
    last = max(csv.date for csv in csv_rows)
    last_day = last.as_date() or dt.date(last.year, last.month, 28)
    end = last_day + dt.timedelta(days=1)
    candidates = [row for row in json_rows if row.date <= DayOrMonth(end.year, end.month, end.day)]
    taken: set[str] = set()
    csv_types: dict[str, str | None] = {}
    for csv in csv_rows:
        csv_types[csv.key] = catalogue.type_for_name(csv.missile_name)
        if csv_types[csv.key] is None:
            matches.unmapped_names.append(f"{csv.key}: missile name {csv.missile_name!r}")

    passes: list[tuple[str, Callable[[JsonRow, CsvRow], bool]]] = [
        (
            "same day, type and time",
            lambda j, c: (
                _days_apart(j.date, c.date) == 0
                and j.missile == csv_types[c.key]
                and _time_fits(j, c)
            ),
        ),
        (
            "same day and type",
            lambda j, c: _days_apart(j.date, c.date) == 0 and j.missile == csv_types[c.key],
        ),
        (
            "a day apart, same type",
            lambda j, c: _days_apart(j.date, c.date) == 1 and j.missile == csv_types[c.key],
        ),
        ("same day, other type", lambda j, c: _days_apart(j.date, c.date) == 0),
    ]
    pending = list(csv_rows)
    for _label, fits in passes:
        still: list[CsvRow] = []
        for csv in pending:
            found = next(
                (row for row in candidates if row.key not in taken and fits(row, csv)), None
            )
            if found is None:
                still.append(csv)
                continue
            taken.add(found.key)
            matches.by_json[found.key] = csv
        pending = still
    for csv in pending:
        matches.unmatched_csv.append((csv, "no nk-missile-tests row on that day or the next"))
    matches.unmatched_json = [
        row for row in candidates if row.key not in taken and row.date <= last
    ]
    return matches


def _num(value: float | None) -> str:
    """Format a number of km for the report."""
    if value is None:
        return "none"
    return f"{value:g}"


def compare(row: JsonRow, csv: CsvRow, catalogue: Catalogue) -> list[str]:
    """List where a matched CSV row and JSON row disagree (value by value)."""
    diffs: list[str] = []
    if row.date != csv.date:
        diffs.append(f"date {row.date.iso()} vs {csv.date.iso()}")
    if row.time_utc != csv.time_utc and csv.time_utc is not None:
        if twelve_hours_off(row.time_utc, csv.time_utc):
            diffs.append(
                f"time {row.time_utc} vs {csv.time_utc} UTC (AM/PM lost in nk-missile-tests; "
                f"{csv.time_utc} kept)"
            )
        else:
            diffs.append(f"time {row.time_utc or 'none'} vs {csv.time_utc} UTC")
    csv_type = catalogue.type_for_name(csv.missile_name)
    if csv_type != row.missile:
        diffs.append(f"missile {row.missile} vs {csv.missile_name!r}")
    elif csv.missile_class not in ("", "Unknown") and csv.missile_class != catalogue.missile_class(
        row.missile
    ):
        diffs.append(f"class {catalogue.missile_class(row.missile)} vs {csv.missile_class}")
    csv_facility = catalogue.facility_for(csv.facility_name, csv.lat, csv.lon)
    if csv_facility != (None if row.facility == "unknown" else row.facility):
        diffs.append(f"facility {row.facility} vs {csv.facility_name!r}")
    for label, ours, theirs in (
        ("apogee", row.apogee_km, csv.apogee_km),
        ("distance", row.distance_km, csv.distance_km),
    ):
        if ours != theirs and not (ours is None and theirs == 0):
            diffs.append(f"{label} {_num(ours)} vs {_num(theirs)} km")
    json_landing = catalogue.landings.get(row.landing)
    if csv.landing is not None and json_landing is not None and csv.landing != json_landing:
        diffs.append(f"landing {json_landing!r} vs {csv.landing!r}")
    if csv.outcome != row.outcome:
        diffs.append(f"outcome {row.outcome} vs {csv.outcome}")
    return diffs
