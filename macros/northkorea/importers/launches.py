"""Import the missile-test datasets into data/launches.yml and data/missile-types.yml."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from macros import paths
from macros.engine import yamlload
from macros.northkorea import records as schema
from macros.northkorea.importers import dates, matching, overrides, weblinks
from macros.northkorea.importers.catalogue import UNKNOWN, Catalogue, read_catalogue
from macros.northkorea.importers.rows import (
    CSV_DATASET,
    JSON_DATASET,
    CsvRow,
    DayOrMonth,
    JsonRow,
    read_csv,
    read_json,
)

DEFAULT_DOSSIER = paths.SHARED_DATA_DIR.parent / "research" / "facts.md"
# The hand corrections every run applies (a folder of data/ the site itself does not load).
DEFAULT_OVERRIDES = paths.DATA_DIR / "imports" / overrides.OVERRIDES_FILE
LAUNCHES_FILE = "launches.yml"
TYPES_FILE = "missile-types.yml"
NK_SOURCE = "nk-missile-tests-dataset"
CNS_SOURCE = "cns-missile-test-database"
DATASET_SOURCES = (NK_SOURCE, CNS_SOURCE)
ACTOR = "north-korea"
# Missiles of one Korean day more than this far apart are separate launch events.
SALVO_GAP = dt.timedelta(hours=3)
# nk-missile-tests writes 90 degrees (due east) when no bearing is known.
BEARING_PLACEHOLDER = 90.0

# Reconciliations the data cannot make on its own, each with the reason shown in the report.
CLAIMED_TYPES: Mapping[str, tuple[str, str]] = {
    "nkmt:2022-03-24:1": (
        "hwasong-17",
        "North Korea announced a Hwasong-17 (research dossier: Deccan Herald/AFP); the dataset, "
        "like Seoul's defence ministry (SCMP), records a Hwasong-15",
    ),
}
CATEGORY_OVERRIDES: Mapping[str, tuple[schema.Category, str]] = {
    "nkmt:2024-05-27:1": (
        schema.Category.SATELLITE_LAUNCH,
        "the dataset's own note describes a failed satellite launch, though its type is unknown",
    ),
}

# Hand-written fields of an existing event that a re-import keeps as written.
HAND_FIELDS = ("title", "summary", "tags", "actors", "status", "updated", "end_date")
_CLASS_RANK = ("ICBM", "IRBM", "SLBM", "Hypersonic", "MRBM", "SRBM", "Cruise", "SLV", "Unknown")
_NOUNS = {
    "Hypersonic": ("hypersonic missile", "hypersonic missiles"),
    "Cruise": ("cruise missile", "cruise missiles"),
    "SLV": ("rocket", "rockets"),
    "Unknown": ("missile", "missiles"),
}

LAUNCHES_HEADER = """\
# Missile launches: one event per launch (a salvo is one event), one missile record per missile.
# Written by `python -m macros import-launches` from nk-missile-tests (Apache-2.0) and the CNS
# North Korea Missile Test Database export of 2019. A re-run keeps what was written by hand in an
# existing event (title, summary, tags, actors, status, extra sources); the launch detail and the
# cns-ref-* sources are regenerated from the data. Dates are Korea time (UTC+9).
"""
TYPES_HEADER = """\
# Missile and rocket types with their class, and launch facilities with coordinates.
# Written by `python -m macros import-launches` from nk-missile-tests (Apache-2.0): a re-run
# rewrites the whole file, so correct the data or the importer rather than this file.
"""


@dataclass
class Item:
    """One missile: its dataset rows, settled Korea-time day and record fields."""

    json: JsonRow | None
    csv: CsvRow | None
    type: str
    time_utc: str | None
    settled: dates.Settled
    urls: list[str]
    facility: str | None = None
    landing: str | None = None
    bearing_deg: float | None = None
    claimed_type: str | None = None
    category: schema.Category | None = None

    @property
    def order(self) -> tuple[int, int]:
        """Return the dataset order (JSON file order; CSV-only rows after, by number)."""
        if self.json is not None:
            return (self.json.index, 0)
        return (1_000_000, self.csv.number if self.csv else 0)

    @property
    def recorded_day(self) -> DayOrMonth:
        """Return the day the dataset recorded (the JSON's, else the CSV's)."""
        if self.json is not None:
            return self.json.date
        if self.csv is not None:
            return self.csv.date
        raise ValueError("an item needs a dataset row")


@dataclass
class Report:
    """What an import read, wrote, reconciled and could not do: printed, never saved."""

    rows_read: dict[str, int] = field(default_factory=dict)
    rows_imported: dict[str, int] = field(default_factory=dict)
    csv_matched: int = 0
    events: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    salvo_rows: int = 0
    salvo_events: int = 0
    unparsed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    csv_only: list[str] = field(default_factory=list)
    json_only: list[str] = field(default_factory=list)
    dates_changed: list[str] = field(default_factory=list)
    dates_unsettled: list[str] = field(default_factory=list)
    dropped_urls: list[str] = field(default_factory=list)
    citations_without_url: list[str] = field(default_factory=list)
    dossier_unmatched: list[str] = field(default_factory=list)
    hand_written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    sources_created: int = 0
    bearing_placeholders: int = 0
    glide_rows: int = 0
    written: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    """The records an import produced and its report."""

    events: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    missile_types: list[dict[str, Any]]
    facilities: list[dict[str, Any]]
    report: Report


# --- building the missile items --------------------------------------------------


def _names(catalogue: Catalogue, type_id: str) -> list[str]:
    """Return a type's names for matching dossier text (name without brackets, aliases)."""
    record = catalogue.types.get(type_id, {})
    bare = re.sub(r"\s*\([^)]*\)", "", str(record.get("name", "")))
    names = [bare, *record.get("aliases", [])]
    return [n for n in names if n and type_id != UNKNOWN]


def _pick_time(row: JsonRow, csv: CsvRow | None, report: Report) -> str | None:
    """Return a row's UTC time, taking the CSV's where the JSON lost AM/PM or has none."""
    if csv is None or csv.time_utc is None or csv.time_utc == row.time_utc:
        return row.time_utc
    if row.time_utc is None:
        report.corrections.append(f"{row.key}: no time; {csv.time_utc} UTC from {csv.key}")
        return csv.time_utc
    if matching.twelve_hours_off(row.time_utc, csv.time_utc):
        report.corrections.append(
            f"{row.key}: time {row.time_utc} UTC is {csv.time_utc} UTC in {csv.key} "
            "(12 a.m. read as noon); the CSV's time kept"
        )
        return csv.time_utc
    return row.time_utc


def _known_type(row: JsonRow, catalogue: Catalogue, report: Report) -> str:
    """Return a row's missile type id, or 'unknown' (reported) when the catalogue lacks it."""
    if row.missile in catalogue.types:
        return row.missile
    report.unreadable.append(f"{row.key}: missile {row.missile!r} is not in missile.en.json")
    return UNKNOWN


def _place(item: Item, row: JsonRow, catalogue: Catalogue, report: Report) -> None:
    """Set where a missile flew from and to: facility, landing area and bearing."""
    if row.facility in catalogue.facilities:
        item.facility = row.facility
    elif row.facility != UNKNOWN:
        report.unreadable.append(f"{row.key}: facility {row.facility!r} is not in facility.en.json")
    item.landing = catalogue.landings.get(row.landing)
    if item.landing is None and row.landing not in ("na", UNKNOWN):
        report.unreadable.append(f"{row.key}: landing area {row.landing!r} has no label")
    if row.bearing_deg == BEARING_PLACEHOLDER:
        report.bearing_placeholders += 1
    else:
        item.bearing_deg = row.bearing_deg


def build_items(
    json_rows: Sequence[JsonRow],
    matches: matching.Matches,
    catalogue: Catalogue,
    dossier: Sequence[dates.DossierFact],
    report: Report,
) -> list[Item]:
    """Turn every JSON row (and every unmatched CSV row) into a missile item with its day."""
    items: list[Item] = []
    for row in json_rows:
        csv = matches.by_json.get(row.key)
        time_utc = _pick_time(row, csv, report)
        urls = list(csv.urls) if csv else []
        settled = dates.settle(
            row.date,
            time_utc,
            local_dates=row.local_dates,
            cns_date=csv.date if csv else None,
            urls=urls,
            dossier=dossier,
            names=_names(catalogue, row.missile),
        )
        item = Item(row, csv, _known_type(row, catalogue, report), time_utc, settled, urls)
        _place(item, row, catalogue, report)
        if row.key in CLAIMED_TYPES:
            item.claimed_type = CLAIMED_TYPES[row.key][0]
            report.corrections.append(
                f"{row.key}: claimed type {item.claimed_type}: {CLAIMED_TYPES[row.key][1]}"
            )
        if row.key in CATEGORY_OVERRIDES:
            item.category = CATEGORY_OVERRIDES[row.key][0]
            report.corrections.append(
                f"{row.key}: category {item.category.value}: {CATEGORY_OVERRIDES[row.key][1]}"
            )
        items.append(item)
    for csv, reason in matches.unmatched_csv:
        type_id = catalogue.type_for_name(csv.missile_name) or UNKNOWN
        settled = dates.settle(csv.date, csv.time_utc, urls=csv.urls, dossier=dossier)
        item = Item(None, csv, type_id, csv.time_utc, settled, list(csv.urls))
        item.facility = catalogue.facility_for(csv.facility_name, csv.lat, csv.lon)
        item.landing = csv.landing
        items.append(item)
        report.csv_only.append(f"{csv.key} ({csv.date.iso()} {csv.missile_name}): {reason}")
    _date_untimed_with_salvo(items)
    return items


def _date_untimed_with_salvo(items: list[Item]) -> None:
    """Give a missile with no time the day of the nearest timed missile recorded with it."""
    for item in items:
        if item.settled.status != "no-time" or item.json is None:
            continue
        siblings = [
            other
            for other in items
            if other.json is not None
            and other.time_utc is not None
            and other.json.date == item.json.date
        ]
        if not siblings:
            continue
        nearest = min(siblings, key=lambda o: (abs(o.order[0] - item.order[0]), o.order))
        basis = (
            "No time for this missile; dated with the salvo recorded beside it: "
            + nearest.settled.basis
        )
        item.settled = dates.Settled(
            nearest.settled.date, None, basis[:300], "salvo", item.settled.recorded
        )


# --- grouping into launch events ----------------------------------------------------


def _is_slv(item: Item, catalogue: Catalogue) -> bool:
    """Tell whether a missile is a space launch (its own event, category satellite-launch)."""
    if item.category is not None:
        return item.category is schema.Category.SATELLITE_LAUNCH
    return catalogue.missile_class(item.type) == "SLV"


def _kst_minutes(item: Item) -> int | None:
    """Return a missile's Korea time in minutes after midnight, if known."""
    if item.settled.time_kst is None:
        return None
    return int(item.settled.time_kst[:2]) * 60 + int(item.settled.time_kst[3:])


def group_items(items: Sequence[Item], catalogue: Catalogue) -> list[list[Item]]:
    """Group missiles into launch events: same Korean day and kind, no gap over three hours."""
    by_day: dict[tuple[str, bool], list[Item]] = {}
    for item in items:
        by_day.setdefault((item.settled.date.iso(), _is_slv(item, catalogue)), []).append(item)
    groups: list[list[Item]] = []
    for _key, day_items in sorted(by_day.items()):
        timed = sorted(
            (i for i in day_items if _kst_minutes(i) is not None),
            key=lambda i: (_kst_minutes(i), i.order),
        )
        runs: list[list[Item]] = []
        for item in timed:
            minutes = _kst_minutes(item)
            last = _kst_minutes(runs[-1][-1]) if runs else None
            gap = SALVO_GAP.total_seconds() // 60
            if minutes is not None and last is not None and minutes - last <= gap:
                runs[-1].append(item)
                continue
            runs.append([item])
        for item in (i for i in day_items if _kst_minutes(i) is None):
            home = _run_of_sibling(item, runs) or (runs[0] if runs else None)
            if home is None:
                runs.append([item])
            else:
                home.append(item)
        groups.extend(sorted(run, key=lambda i: i.order) for run in runs)
    return groups


def _run_of_sibling(item: Item, runs: list[list[Item]]) -> list[Item] | None:
    """Return the run holding the nearest missile recorded on the same dataset day."""
    best: tuple[int, list[Item]] | None = None
    for run in runs:
        for other in run:
            if other.json is None or item.json is None or other.json.date != item.json.date:
                continue
            distance = abs(other.order[0] - item.order[0])
            if best is None or distance < best[0]:
                best = (distance, run)
    return None if best is None else best[1]


def _item_keys(item: Item) -> list[str]:
    """Return the dataset row keys of one missile item."""
    return [r.key for r in (item.json, item.csv) if r is not None]


def correct_days(
    items: Sequence[Item],
    groups: Sequence[Sequence[Item]],
    corrections: Sequence[overrides.Override],
    catalogue: Catalogue,
    report: Report,
) -> list[list[Item]]:
    """Apply the overrides' day and time corrections to whole events, then group again."""
    timed = [o for o in corrections if o.date is not None or o.time_utc is not None]
    if not timed:
        return [list(g) for g in groups]
    for correction in timed:
        group = next((g for g in groups if any(correction.row in _item_keys(i) for i in g)), None)
        if group is None:
            raise ValueError(f"launch override: no dataset row {correction.row}")
        for item in group:
            time_utc = correction.time_utc or item.time_utc
            old_day = item.settled.date.iso()
            day = correction.day() or item.settled.date.as_date()
            when = DayOrMonth(day.year, day.month, day.day) if day else item.settled.date
            kst = item.settled.time_kst
            if correction.time_utc is not None:
                hours, minutes = (int(part) for part in correction.time_utc.split(":"))
                kst = ((dt.datetime(2000, 1, 1, hours, minutes) + dates.KST).time()).strftime(
                    "%H:%M"
                )
                if item.time_utc != correction.time_utc:
                    key = _item_keys(item)[0]
                    report.corrections.append(
                        f"{key}: time {item.time_utc} UTC corrected to {time_utc} UTC by hand"
                    )
            item.time_utc = time_utc
            if when.iso() != old_day:
                report.corrections.append(
                    f"{_item_keys(item)[0]}: day {old_day} corrected to {when.iso()} by hand"
                )
            item.settled = dates.Settled(
                when,
                kst,
                correction.date_basis or item.settled.basis,
                "corrected",
                item.settled.recorded,
            )
    return group_items(items, catalogue)


# --- events ----------------------------------------------------------------------------


def _plain(value: float | None) -> float | int | None:
    """Return a number as an int when it is whole (tidier YAML)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def missile_record(item: Item) -> dict[str, Any]:
    """Build one missile record (structured fields only)."""
    row, csv = item.json, item.csv
    if row is not None:
        apogee, distance, outcome = row.apogee_km, row.distance_km, row.outcome
    elif csv is not None:
        apogee, distance, outcome = csv.apogee_km, csv.distance_km, csv.outcome
    else:
        raise ValueError("an item needs a dataset row")
    record: dict[str, Any] = {
        "type": item.type,
        "claimed_type": item.claimed_type,
        "time_utc": item.time_utc,
        "facility": item.facility,
        "landing": item.landing,
        "bearing_deg": _plain(item.bearing_deg),
        "apogee_km": _plain(apogee),
        "distance_km": _plain(distance),
        "outcome": outcome,
        # Only the CNS export says whether a launch was confirmed; the JSON is silent.
        "confirmation": csv.confirmation if csv is not None else None,
        "dataset_rows": [r.key for r in (row, csv) if r is not None],
    }
    return {key: value for key, value in record.items() if value is not None}


def _noun(missile_class: str, count: int) -> str:
    """Return how a title names missiles of a class ('ICBM', 'cruise missiles')."""
    singular, plural = _NOUNS.get(missile_class, (missile_class, missile_class + "s"))
    return singular if count == 1 else plural


def _main_type(missiles: Sequence[Mapping[str, Any]], catalogue: Catalogue) -> str:
    """Return the type an event is named after: highest class, then most missiles."""
    counts = Counter(str(m.get("claimed_type") or m["type"]) for m in missiles)
    first = {t: i for i, t in reversed(list(enumerate(counts)))}

    def rank(type_id: str) -> tuple[int, int, int]:
        """Sort key: class rank, then more missiles first, then first seen."""
        missile_class = catalogue.missile_class(type_id)
        position = _CLASS_RANK.index(missile_class) if missile_class in _CLASS_RANK else 99
        return (position, -counts[type_id], first[type_id])

    return min(counts, key=rank)


def _named(name: str, noun: str) -> str:
    """Join a type name and its class noun, unless the name already says it."""
    return name if noun.lower() in name.lower() else f"{name} {noun}"


def title_for(
    missiles: Sequence[Mapping[str, Any]], catalogue: Catalogue, category: str = ""
) -> str:
    """Write a short, neutral title from the missiles alone ('3 × Scud-B SRBMs fired')."""
    counts = Counter(str(m["type"]) for m in missiles)
    total = len(missiles)
    claimed = [m["claimed_type"] for m in missiles if m.get("claimed_type")]
    failed = " (failed)" if all(m.get("outcome") == "failure" for m in missiles) else ""
    if category == schema.Category.SATELLITE_LAUNCH.value and set(counts) == {UNKNOWN}:
        return f"Satellite launch attempt{failed}"
    if len(counts) == 1:
        type_id = next(iter(counts))
        missile_class = catalogue.missile_class(type_id)
        name = catalogue.name(type_id)
        if claimed and total == 1:
            return f"{_noun(missile_class, 1)} test announced as {catalogue.name(claimed[0])}"
        if total > 1:
            shown = name.lower() if type_id == UNKNOWN else name
            return f"{total} × {_named(shown, _noun(missile_class, total))} fired"
        verb = "launch" if missile_class in ("SLV", "Unknown") else "test"
        return f"{_named(name, _noun(missile_class, 1))} {verb}{failed}"
    parts = [
        f"{count} × {catalogue.name(t).lower() if t == UNKNOWN else catalogue.name(t)}"
        for t, count in counts.most_common()
    ]
    return f"{total} missiles fired: {', '.join(parts)}"


def tags_for(missiles: Sequence[Mapping[str, Any]], catalogue: Catalogue) -> list[str]:
    """Return the class tags of an event's missiles ('icbm', 'srbm', ...)."""
    classes = {catalogue.missile_class(str(m["type"])) for m in missiles}
    return sorted(c.lower() for c in classes if c != "Unknown")


def status_for(missiles: Sequence[Mapping[str, Any]]) -> str | None:
    """Return 'reported' when no missile of the event is confirmed, else None (confirmed)."""
    if missiles and all(m.get("confirmation") == "unconfirmed" for m in missiles):
        return schema.Status.REPORTED.value
    return None


def _slug(text: str) -> str:
    """Return a slug: lower-case letters, digits and single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _basis(group: Sequence[Item]) -> str:
    """Return how an event's day was settled: from its earliest timed missile with evidence."""
    timed = [i for i in group if i.time_utc is not None]
    if not timed:
        return group[0].settled.basis
    weighed = [i for i in timed if i.settled.status in ("shifted", "kept", "conflict", "corrected")]
    chosen = min(weighed or timed, key=lambda i: (_kst_minutes(i) or 0, i.order))
    return chosen.settled.basis


def build_event(group: Sequence[Item], catalogue: Catalogue, dropped: set[str]) -> dict[str, Any]:
    """Build one launch event from its missiles (title, id and launch block included)."""
    missiles = [missile_record(item) for item in group]
    main = _main_type(missiles, catalogue)
    day = group[0].settled.date.iso()
    timed = [i for i in group if i.time_utc is not None]
    first = min(timed, key=lambda i: (_kst_minutes(i) or 0, i.order)) if timed else None
    sources: list[str] = []
    if any(i.json is not None for i in group):
        sources.append(NK_SOURCE)
    if any(i.csv is not None for i in group):
        sources.append(CNS_SOURCE)
    for item in group:
        for url in item.urls:
            source = weblinks.source_id(url)
            if url not in dropped and source not in sources:
                sources.append(source)
    category = group[0].category or (
        schema.Category.SATELLITE_LAUNCH
        if _is_slv(group[0], catalogue)
        else schema.Category.MISSILE_TEST
    )
    event: dict[str, Any] = {
        "id": f"{day}-{'unidentified' if main == UNKNOWN else _slug(main)}",
        "date": day,
        "title": title_for(missiles, catalogue, category.value),
        "category": category.value,
        "tags": tags_for(missiles, catalogue),
        "actors": [ACTOR],
        "sources": sources,
        "status": status_for(missiles),
        "launch": {
            "time_utc": first.time_utc if first is not None else None,
            "date_basis": _basis(group),
            "missiles": missiles,
        },
    }
    event["launch"] = {k: v for k, v in event["launch"].items() if v is not None}
    return {k: v for k, v in event.items() if v is not None and v != []}


def _unique_ids(events: list[dict[str, Any]]) -> None:
    """Suffix -2, -3 ... to ids that fall on the same day with the same name."""
    seen: Counter[str] = Counter()
    for event in events:
        base = event["id"]
        seen[base] += 1
        if seen[base] > 1:
            event["id"] = f"{base}-{seen[base]}"


# --- merging with what is already written --------------------------------------------


def _existing_types(event: Mapping[str, Any]) -> set[str]:
    """Return the missile types (and claimed types) an existing event's launch names."""
    launch = event.get("launch") or {}
    found: set[str] = set()
    for missile in launch.get("missiles") or []:
        if isinstance(missile, Mapping):
            found.update(str(missile[k]) for k in ("type", "claimed_type") if missile.get(k))
    return found


def _machine_made(event: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Return the fields an import would have written for an existing event's own launch."""
    missiles = (event.get("launch") or {}).get("missiles") or []
    if not missiles or not all(isinstance(m, Mapping) and "type" in m for m in missiles):
        return {}
    made: dict[str, Any] = {
        "title": title_for(missiles, catalogue, str(event.get("category", ""))),
        "tags": tags_for(missiles, catalogue),
        "actors": [ACTOR],
    }
    status = status_for(missiles)
    if status is not None:
        made["status"] = status
    return made


def _same(a: object, b: object) -> bool:
    """Compare two field values, taking a missing value and an empty one as the same."""
    return (a if a not in (None, "", []) else None) == (b if b not in (None, "", []) else None)


def _merge_one(
    made: dict[str, Any], old: Mapping[str, Any], catalogue: Catalogue
) -> tuple[dict[str, Any], list[str]]:
    """Merge an existing event into a generated one: keep what was written by hand."""
    merged = dict(made)
    previous = _machine_made(old, catalogue)
    kept: list[str] = []
    for name in HAND_FIELDS:
        if _same(old.get(name), previous.get(name)):
            continue
        if _same(old.get(name), None):
            merged.pop(name, None)
            kept.append(f"no {name}")
        else:
            merged[name] = old[name]
            kept.append(name)
    extras = [
        s
        for s in old.get("sources") or []
        if s not in DATASET_SOURCES and not str(s).startswith(weblinks.SOURCE_ID_PREFIX)
    ]
    if extras:
        kept.append("sources " + ", ".join(extras))
    merged["sources"] = extras + [s for s in made["sources"] if s not in extras]
    old_missiles = (old.get("launch") or {}).get("missiles") or []
    for index, missile in enumerate(merged["launch"]["missiles"]):
        if index < len(old_missiles) and isinstance(old_missiles[index], Mapping):
            before = old_missiles[index]
            if before.get("type") in (missile["type"], missile.get("claimed_type")):
                for key, value in before.items():
                    if key not in missile and key in schema.Missile.model_fields:
                        missile[key] = value
                        kept.append(f"missiles[{index}].{key}")
            fields = list(schema.Missile.model_fields)
            ordered_missile = {k: missile[k] for k in fields if k in missile}
            missile.clear()
            missile.update(ordered_missile)
    order = list(made) + [k for k in merged if k not in made]
    ordered = {k: merged[k] for k in _FIELD_ORDER if k in merged}
    ordered.update({k: merged[k] for k in order if k not in ordered})
    return ordered, kept


_FIELD_ORDER = (
    "id",
    "date",
    "end_date",
    "title",
    "summary",
    "category",
    "tags",
    "actors",
    "sources",
    "status",
    "updated",
    "launch",
)


def merge_existing(
    made: list[dict[str, Any]],
    existing: Sequence[Mapping[str, Any]],
    catalogue: Catalogue,
    report: Report,
) -> list[dict[str, Any]]:
    """Merge by id (or same day and missile type) with existing events; keep the rest."""
    by_id = {str(e.get("id")): e for e in existing if isinstance(e, Mapping)}
    used: set[str] = set()
    out: list[dict[str, Any]] = []
    made_rows = {key for event in made for key in _rows_of(event)}
    for generated in made:
        event = dict(generated)
        old = by_id.get(event["id"])
        if old is None:
            rows = _rows_of(event)
            old = next(
                (e for key, e in by_id.items() if key not in used and _rows_of(e) & rows), None
            )
            if old is not None and str(old.get("date")) == event["date"]:
                event["id"] = str(old["id"])
            elif old is not None:
                report.hand_written.append(f"{event['id']}: replaces {old['id']} (same rows)")
                used.add(str(old["id"]))
                old = {**old, "id": event["id"]}
        if old is None:
            types = _existing_types({"launch": event["launch"]})
            old = next(
                (
                    e
                    for key, e in by_id.items()
                    if key not in used
                    and str(e.get("date")) == event["date"]
                    and _existing_types(e) & types
                ),
                None,
            )
            if old is not None:
                report.hand_written.append(f"{event['id']}: takes the existing id {old['id']}")
                event["id"] = str(old["id"])
        if old is None:
            out.append(event)
            continue
        used.add(str(old["id"]))
        merged, kept = _merge_one(event, old, catalogue)
        if kept:
            report.hand_written.append(f"{merged['id']}: kept {'; '.join(kept)}")
        out.append(merged)
    for key, old in by_id.items():
        if key in used:
            continue
        if _rows_of(old) & made_rows:
            report.hand_written.append(f"{key}: its dataset rows are now in other events; dropped")
            continue
        report.hand_written.append(f"{key}: no dataset row; kept as written")
        out.append(dict(old))
    return out


def _rows_of(event: Mapping[str, Any]) -> set[str]:
    """Return the dataset row keys of an event's missiles."""
    launch = event.get("launch") or {}
    return {
        str(key)
        for missile in launch.get("missiles") or []
        if isinstance(missile, Mapping)
        for key in missile.get("dataset_rows") or []
    }


# --- sources, types and facilities -----------------------------------------------------


def source_records(
    events: Iterable[Mapping[str, Any]],
    urls: Mapping[str, Sequence[str]],
    kept: Iterable[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Build a source record for every cited CSV URL, plus hand-added records kept as written.

    `urls` maps each CSV URL to the days of the launches the CNS export cites it for.
    """
    cited = {s for e in events for s in e.get("sources") or []}
    records: dict[str, dict[str, Any]] = {}
    for url, days in urls.items():
        source = weblinks.source_id(url)
        if source not in cited or source in records:
            continue
        record: dict[str, Any] = {
            "id": source,
            "publisher": weblinks.publisher_of(url),
            "title": weblinks.describe(url, days),
            "url": url,
            "date": weblinks.date_in_url(url),
            "kind": weblinks.kind_of(url),
        }
        records[source] = {k: v for k, v in record.items() if v is not None}
    for hand in kept:
        records.setdefault(str(hand["id"]), dict(hand))
    return [records[k] for k in sorted(records)]


# --- reading and writing YAML -------------------------------------------------------


def _plain_data(value: Any) -> Any:
    """Turn loaded YAML (line-aware dicts and lists) into plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def read_existing(path: Path) -> dict[str, Any]:
    """Read an existing data file as plain data ({} when it does not exist)."""
    if not path.is_file():
        return {}
    try:
        data, problems = yamlload.load_file(path)
    except yamlload.YamlError as err:
        raise ValueError(f"{path}: {err.line}: {err.message}") from None
    if problems:
        raise ValueError(f"{path}: {problems[0].line}: {problems[0].message}")
    return _plain_data(data) if isinstance(data, Mapping) else {}


class _Dumper(yaml.SafeDumper):
    """A safe dumper that indents lists under their key, as the hand-written files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never write indentless lists."""
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    """Write a list of plain values on one line ([a, b]); a list of records as a block."""
    flat = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(list, _represent_list)


def _for_yaml(value: Any) -> Any:
    """Prepare values for dumping: full dates as dates (unquoted), nested alike."""
    if isinstance(value, Mapping):
        return {k: _for_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_yaml(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


def dump_yaml(header: str, data: Mapping[str, Any]) -> str:
    """Write deterministic YAML: header comment, keys in order, blank lines between records."""
    body = yaml.dump(
        _for_yaml(dict(data)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    # A blank line between top-level records, not after the collection's key.
    return header + re.sub(r"(?<!:)\n(  - id: )", r"\n\n\1", body)


# --- validation ------------------------------------------------------------------------


def _validate(model: type[BaseModel], records: Iterable[Mapping[str, Any]], what: str) -> None:
    """Validate generated records against the schema; raise with every problem."""
    problems: list[str] = []
    for record in records:
        try:
            model.model_validate(record)
        except ValidationError as err:
            for error in err.errors():
                where = ".".join(str(p) for p in error["loc"])
                problems.append(f"{what} {record.get('id')}: {where}: {error['msg']}")
    if problems:
        raise ValueError("generated records do not fit the schema:\n" + "\n".join(problems))


def _other_ids(data_dir: Path) -> dict[str, str]:
    """Return the ids defined in the other data files (to avoid clashes), by file."""
    ids: dict[str, str] = {}
    if not data_dir.is_dir():
        return ids
    for path in sorted(data_dir.glob("*.yml")):
        if path.name in (LAUNCHES_FILE, TYPES_FILE):
            continue
        try:
            data = read_existing(path)
        except ValueError:
            continue
        for items in data.values():
            for item in items if isinstance(items, list) else []:
                if isinstance(item, Mapping) and "id" in item:
                    ids[str(item["id"])] = path.name
    return ids


# --- the import ---------------------------------------------------------------------


def _read_inputs(
    source_dir: Path, dossier_path: Path | None, report: Report
) -> tuple[Catalogue, list[Item], list[dates.DossierFact]]:
    """Read both datasets and the dossier, pair the rows and settle every missile's day."""
    catalogue = read_catalogue(source_dir)
    report.corrections.extend(catalogue.notes)
    json_read, csv_read = read_json(source_dir), read_csv(source_dir)
    for readout in (json_read, csv_read):
        report.rows_read[readout.dataset] = readout.total
        report.unparsed.extend(f"{readout.dataset} {u}" for u in readout.unparsed)
        report.unreadable.extend(f"{readout.dataset} {u}" for u in readout.unreadable)
    matches = matching.match_rows(json_read.json_rows, csv_read.csv_rows, catalogue)
    report.unreadable.extend(matches.unmapped_names)
    for row in json_read.json_rows:
        csv = matches.by_json.get(row.key)
        diffs = matching.compare(row, csv, catalogue) if csv is not None else []
        if csv is not None and diffs:
            report.disagreements.append(f"{row.key} / {csv.key}: " + "; ".join(diffs))
    report.csv_matched = len(matches.by_json)
    report.glide_rows = json_read.glide_rows
    report.json_only = [
        f"{row.key} ({row.missile}): the CNS export has no row for it"
        for row in matches.unmatched_json
    ]
    if dossier_path is not None and not dossier_path.is_file():
        report.unreadable.append(f"dossier {dossier_path} not found: dates not checked against it")
    dossier = dates.read_dossier(dossier_path)
    items = build_items(json_read.json_rows, matches, catalogue, dossier, report)
    for item in items:
        for citation in item.csv.citations if item.csv else ():
            entry = f"{citation[:90]}{'…' if len(citation) > 90 else ''}"
            if entry not in report.citations_without_url:
                report.citations_without_url.append(entry)
    report.rows_imported[JSON_DATASET] = sum(1 for i in items if i.json is not None)
    report.rows_imported[CSV_DATASET] = sum(1 for i in items if i.csv is not None)
    return catalogue, items, dossier


def _check_records(data_dir: Path, collections: Mapping[str, list[dict[str, Any]]]) -> None:
    """Validate every generated record and refuse ids other data files already use."""
    models: Mapping[str, type[BaseModel]] = {
        "events": schema.Event,
        "sources": schema.Source,
        "missile_types": schema.MissileType,
        "facilities": schema.Facility,
    }
    for name, records in collections.items():
        _validate(models[name], records, name)
    clashes = _other_ids(data_dir)
    own = [str(r["id"]) for records in collections.values() for r in records]
    twice = sorted(i for i, n in Counter(own).items() if n > 1)
    if twice:
        raise ValueError("ids used twice in the generated records: " + ", ".join(twice))
    clashing = sorted(f"{i} (also in {clashes[i]})" for i in own if i in clashes)
    if clashing:
        raise ValueError("ids already used in other data files: " + ", ".join(clashing))


def import_launches(
    source_dir: Path,
    data_dir: Path,
    dossier_path: Path | None = None,
    *,
    overrides_path: Path | None = None,
    write: bool = True,
) -> ImportResult:
    """Read the datasets, reconcile them, apply the hand corrections, write the two YAML files.

    `overrides_path` names the hand corrections (see overrides.py); without it none apply.
    """
    report = Report()
    corrections = overrides.read_overrides(overrides_path)
    catalogue, items, dossier = _read_inputs(source_dir, dossier_path, report)
    groups = correct_days(items, group_items(items, catalogue), corrections, catalogue, report)
    dropped = _drop_predating(groups, report) | _drop_unreliable(groups, report)
    made = [build_event(group, catalogue, dropped) for group in groups]
    _unique_ids(made)
    _report_groups(made, groups, report)
    _report_dossier(made, dossier, report)

    launches_path, types_path = data_dir / LAUNCHES_FILE, data_dir / TYPES_FILE
    old_launches = read_existing(launches_path)
    if overrides_path is None:
        events = merge_existing(made, old_launches.get("events") or [], catalogue, report)
    else:
        # The overrides file holds every hand correction: the old file is only compared.
        events = [dict(e) for e in made]
        _apply_overrides(events, corrections, report)
        _report_replaced(events, old_launches.get("events") or [], report)
    events.sort(key=_event_order)
    kept_sources = [
        s
        for s in old_launches.get("sources") or []
        if isinstance(s, Mapping) and not str(s.get("id", "")).startswith(weblinks.SOURCE_ID_PREFIX)
    ]
    url_days: dict[str, list[str]] = {}
    for group in groups:
        for item in group:
            for url in item.urls:
                url_days.setdefault(url, []).append(group[0].settled.date.iso())
    sources = source_records(events, url_days, kept_sources)
    missile_types = [catalogue.types[k] for k in sorted(catalogue.types)]
    facilities = [catalogue.facilities[k] for k in sorted(catalogue.facilities)]
    _check_records(
        data_dir,
        {
            "events": events,
            "sources": sources,
            "missile_types": missile_types,
            "facilities": facilities,
        },
    )
    report.sources_created = sum(
        1 for s in sources if str(s["id"]).startswith(weblinks.SOURCE_ID_PREFIX)
    )
    report.events = len(events)
    report.categories = dict(Counter(str(e["category"]) for e in events))
    if write:
        data_dir.mkdir(parents=True, exist_ok=True)
        texts = {
            launches_path: dump_yaml(LAUNCHES_HEADER, {"events": events, "sources": sources}),
            types_path: dump_yaml(
                TYPES_HEADER, {"missile_types": missile_types, "facilities": facilities}
            ),
        }
        for path, text in texts.items():
            path.write_text(text, encoding="utf-8", newline="\n")
            report.written.append(str(path))
    return ImportResult(events, sources, missile_types, facilities, report)


def _event_order(event: Mapping[str, Any]) -> tuple[dt.date, bool, str]:
    """Sort events by day (a month-only date before the days of that month), then id."""
    when = schema.FuzzyDate.parse(str(event["date"]))
    return (when.first_day(), when.precision is not schema.Precision.DAY, str(event["id"]))


def _apply_overrides(
    events: list[dict[str, Any]], corrections: Sequence[overrides.Override], report: Report
) -> None:
    """Apply every override to the event holding its dataset row; refuse unused overrides."""
    holder: dict[str, dict[str, Any]] = {}
    for event in events:
        for missile in (event.get("launch") or {}).get("missiles") or []:
            for key in missile.get("dataset_rows") or []:
                holder[str(key)] = event
    for correction in corrections:
        target = holder.get(correction.row)
        if target is None:
            raise ValueError(f"launch override: no dataset row {correction.row}")
        event = target
        overrides.apply_to_event(event, correction)
        ordered = {k: event[k] for k in _FIELD_ORDER if k in event}
        ordered.update({k: v for k, v in event.items() if k not in ordered})
        event.clear()
        event.update(ordered)
        report.hand_written.append(f"{event['id']}: hand corrections from the overrides file")


def _report_replaced(
    events: Sequence[Mapping[str, Any]], existing: Sequence[Any], report: Report
) -> None:
    """List existing events this import rewrites differently (hand edits made in the file)."""
    new = {str(e["id"]): e for e in events}
    for old in existing:
        if not isinstance(old, Mapping):
            continue
        made = new.get(str(old.get("id")))
        if made is None:
            report.replaced.append(f"{old.get('id')}: no longer made by the import; removed")
        elif _for_yaml(_plain_data(old)) != _for_yaml(dict(made)):
            report.replaced.append(
                f"{old.get('id')}: rewritten (hand corrections belong in the overrides file)"
            )


def _drop_unreliable(groups: Sequence[Sequence[Item]], report: Report) -> set[str]:
    """Find CSV URLs of social posts, photos, encyclopedias and aggregators: not attached."""
    dropped: set[str] = set()
    for group in groups:
        for item in group:
            for url in item.urls:
                if url not in dropped and weblinks.is_dropped(url):
                    dropped.add(url)
                    key = item.csv.key if item.csv else "?"
                    report.dropped_urls.append(
                        f"{key}: {url} is {weblinks.dropped_reason(url)}, not a report"
                    )
    return dropped


def _drop_predating(groups: Sequence[Sequence[Item]], report: Report) -> set[str]:
    """Find CSV URLs dated before the launch they are cited for; they are not attached."""
    dropped: set[str] = set()
    for group in groups:
        day = group[0].settled.date.as_date()
        if day is None:
            continue
        for item in group:
            for url in dates.predating_urls(item.urls, day):
                if url not in dropped:
                    dropped.add(url)
                    key = item.csv.key if item.csv else "?"
                    report.dropped_urls.append(
                        f"{key} ({day.isoformat()}): {url} is dated "
                        f"{weblinks.date_in_url(url)}, before the launch"
                    )
    return dropped


def _report_groups(
    events: Sequence[Mapping[str, Any]], groups: Sequence[Sequence[Item]], report: Report
) -> None:
    """Count salvo rows and list the launches whose day moved or was not settled."""
    for event, group in zip(events, groups, strict=True):
        if len(group) > 1:
            report.salvo_events += 1
            report.salvo_rows += len(group)
        recorded = sorted({i.settled.recorded for i in group if i.json is not None})
        moved = sorted({i.recorded_day.iso() for i in group} - {event["date"]})
        basis = event["launch"]["date_basis"]
        if moved:
            report.dates_changed.append(
                f"{event['id']}: recorded {', '.join(recorded) or moved[0]} -> {event['date']}: "
                f"{basis}"
            )
        statuses = {i.settled.status for i in group}
        if "conflict" in statuses or (
            "by-convention" in statuses and not statuses & {"shifted", "kept"}
        ):
            report.dates_unsettled.append(f"{event['id']}: {basis}")


def _report_dossier(
    events: Sequence[Mapping[str, Any]], dossier: Sequence[dates.DossierFact], report: Report
) -> None:
    """List dossier launch days that no imported event falls on."""
    days = {str(e["date"]) for e in events}
    for day, facts in dates.dossier_days(dossier).items():
        if day.isoformat() not in days:
            report.dossier_unmatched.append(f"{day.isoformat()}: {facts[0].text[:90]}…")


# --- the report ------------------------------------------------------------------------


def _section(title: str, lines: Sequence[str], limit: int | None = None) -> list[str]:
    """Format one report section: a heading with a count, then one line per entry."""
    out = [f"{title}: {len(lines) if lines else 'none'}"]
    shown = lines if limit is None else lines[:limit]
    out.extend(f"  - {line}" for line in shown)
    if limit is not None and len(lines) > limit:
        out.append(f"  ... and {len(lines) - limit} more")
    return out


def format_report(report: Report) -> str:
    """Return the import report as text (printed by the command; the site never shows it)."""
    read = ", ".join(f"{name} {count}" for name, count in report.rows_read.items())
    imported = ", ".join(
        f"{name} {report.rows_imported.get(name, 0)} of {count}"
        for name, count in report.rows_read.items()
    )
    categories = ", ".join(f"{n} {c}" for c, n in sorted(report.categories.items()))
    lines = [
        "import-launches report",
        f"Rows read: {read}",
        f"Rows imported as missile records: {imported} "
        f"({report.csv_matched} CNS rows matched to nk-missile-tests rows, "
        f"{len(report.csv_only)} imported on their own)",
        f"Launch events: {report.events} ({categories})",
        f"Rows merged into salvos: {report.salvo_rows} rows in {report.salvo_events} "
        "multi-missile events",
        f"Source records created from CNS URLs: {report.sources_created}",
        f"Bearings left out as nk-missile-tests' 90-degree placeholder: "
        f"{report.bearing_placeholders}",
        "Not imported by design: the datasets' descriptions and additional information (prose), "
        f"and the glide-segment geometry of {report.glide_rows} nk-missile-tests rows",
    ]
    lines += _section("Rows that could not be parsed", report.unparsed)
    lines += _section("Values that could not be read", report.unreadable)
    lines += _section("CNS rows imported without an nk-missile-tests match", report.csv_only)
    lines += _section(
        "nk-missile-tests rows in the CNS export's years without a CNS row", report.json_only
    )
    lines += _section("Corrections and reconciliations", report.corrections)
    lines += _section(
        "Where the datasets disagree, 1984-2019 (nk-missile-tests vs CNS 2019)",
        report.disagreements,
    )
    lines += _section("Launches whose day was changed to the Korea-time day", report.dates_changed)
    lines += _section(
        "Launches whose day could not be settled independently", report.dates_unsettled
    )
    lines += _section(
        "Source URLs not attached (dated before the launch, or not a report)",
        report.dropped_urls,
    )
    lines += _section("Citations without a URL (not imported)", report.citations_without_url)
    lines += _section("Dossier launch days with no imported event", report.dossier_unmatched)
    lines += _section("Hand-written fields kept", report.hand_written)
    lines += _section("Existing events rewritten differently", report.replaced)
    lines += _section("Files written", report.written)
    return "\n".join(lines)
