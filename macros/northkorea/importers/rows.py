"""Read the two missile-test datasets into typed rows: structured fields only, never prose."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JSON_DATASET = "nk-missile-tests"
CSV_DATASET = "cns-2019"
CSV_NAME = "cns-north-korea-missile-tests-2019.csv"
JSON_DIR = "nk-missile-tests"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MISSING = {"", "unknown", "n/a", "na", "none", "-"}


@dataclass(frozen=True, order=True)
class DayOrMonth:
    """A date from a dataset: a day, or only a month (the 1980s and 1990s rows)."""

    year: int
    month: int
    day: int = 0

    def iso(self) -> str:
        """Return YYYY-MM-DD, or YYYY-MM when only the month is known."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}"

    def as_date(self) -> dt.date | None:
        """Return the calendar day, or None when only the month is known."""
        return dt.date(self.year, self.month, self.day) if self.day else None


@dataclass(frozen=True)
class JsonRow:
    """One row (one missile) of nk-missile-tests' test.en.json."""

    key: str
    index: int
    date: DayOrMonth
    time_utc: str | None
    series: int | None
    missile: str
    facility: str
    landing: str
    apogee_km: float | None
    distance_km: float | None
    bearing_deg: float | None
    outcome: str
    local_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class CsvRow:
    """One row (one missile) of the CNS 2019 CSV export."""

    key: str
    number: int
    date: DayOrMonth
    time_utc: str | None
    missile_name: str
    missile_class: str
    facility_name: str
    lat: float | None
    lon: float | None
    landing: str | None
    apogee_km: float | None
    distance_km: float | None
    confirmation: str
    outcome: str
    urls: tuple[str, ...]
    citations: tuple[str, ...]


@dataclass
class Readout:
    """Rows read from one dataset, with what could not be parsed or read."""

    dataset: str
    total: int = 0
    json_rows: list[JsonRow] = field(default_factory=list)
    csv_rows: list[CsvRow] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    glide_rows: int = 0


def is_missing(value: object) -> bool:
    """Tell whether a dataset value means 'no value' (unknown, n/a, empty)."""
    return value is None or (isinstance(value, str) and value.strip().lower() in _MISSING)


def parse_km(value: object) -> float | None:
    """Read a distance: 200, '1,380 km', '2111.5', 'Unknown' -> float or None."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number of kilometres: {value!r}")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().lower().removesuffix("km").strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"not a number of kilometres: {value!r}") from None
    if number < 0:
        raise ValueError(f"negative distance: {value!r}")
    return number


def parse_json_time(value: object) -> str | None:
    """Read '21:10 (UTC)' -> '21:10'; 'unknown' -> None."""
    if is_missing(value):
        return None
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*(?:\(UTC\))?\s*", str(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"not a time: {value!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_csv_time(value: str) -> str | None:
    """Read '10:34:00 PM' -> '22:34' and '12:29:00 AM' -> '00:29'; empty -> None."""
    if is_missing(value):
        return None
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?\s*", value)
    if not match:
        raise ValueError(f"not a time: {value!r}")
    hour, minute = int(match.group(1)), int(match.group(2))
    half = (match.group(3) or "").upper()
    if half and not 1 <= hour <= 12:
        raise ValueError(f"not a 12-hour time: {value!r}")
    if half == "AM":
        hour %= 12
    elif half == "PM":
        hour = hour % 12 + 12
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time: {value!r}")
    return f"{hour:02d}:{minute:02d}"


def parse_iso_date(value: object) -> DayOrMonth:
    """Read 'YYYY-MM-DD' or 'YYYY-MM' (checking that the day exists)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value).strip())
    if not match:
        raise ValueError(f"not a date: {value!r}")
    result = DayOrMonth(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    _check_date(result, value)
    return result


def _two_digit_year(text: str) -> int:
    """Expand a two-digit year: 84 -> 1984, 19 -> 2019 (the data runs 1984 to 2019)."""
    year = int(text)
    if len(text) == 4:
        return year
    return 1900 + year if year >= 50 else 2000 + year


def parse_csv_date(value: str) -> DayOrMonth:
    """Read the CSV's '9-Apr-84' or 'Sep-84' (month only)."""
    text = value.strip()
    match = re.fullmatch(r"(?:(\d{1,2})-)?([A-Za-z]{3,9})-(\d{2}|\d{4})", text)
    if not match or match.group(2).lower() not in _MONTHS:
        raise ValueError(f"not a date: {value!r}")
    result = DayOrMonth(
        _two_digit_year(match.group(3)),
        _MONTHS[match.group(2).lower()],
        int(match.group(1) or 0),
    )
    _check_date(result, value)
    return result


def _check_date(result: DayOrMonth, value: object) -> None:
    """Raise ValueError when a parsed date does not exist on the calendar."""
    try:
        dt.date(result.year, result.month, result.day or 1)
    except ValueError:
        raise ValueError(f"no such date: {value!r}") from None


def parse_coordinate(value: str, limit: float) -> float | None:
    """Read a latitude or longitude; 'Unknown' -> None."""
    if is_missing(value):
        return None
    number = float(value)
    if not -limit <= number <= limit:
        raise ValueError(f"coordinate out of range: {value!r}")
    return number


def local_dates(description: str, year: int) -> tuple[dt.date, ...]:
    """Find the dates a dataset note gives in Korea local time (the note itself is not kept)."""
    found: list[dt.date] = []
    for sentence in re.split(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])", description):
        lowered = sentence.lower()
        if "local time" not in lowered or "utc" in lowered:
            continue
        patterns = (
            rf"\b{_MONTH_WORD}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?",
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_WORD}\b(?:,?\s*(\d{{4}}))?",
        )
        for number, pattern in enumerate(patterns):
            for match in re.finditer(pattern, lowered):
                month_text, day_text = (
                    (match.group(1), match.group(2))
                    if number == 0
                    else (match.group(2), match.group(1))
                )
                try:
                    day = dt.date(int(match.group(3) or year), _MONTHS[month_text], int(day_text))
                except ValueError:
                    continue
                if day not in found:
                    found.append(day)
    return tuple(sorted(found))


def split_sources(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a Source(s) cell into URLs and other citations (separators may be missing)."""
    urls: list[str] = []
    citations: list[str] = []
    for part in re.split(r";", cell):
        text = part.strip()
        if not text:
            continue
        pieces = re.split(r"(?=https?://)", text)
        for piece in pieces:
            chunk = piece.strip()
            if not chunk:
                continue
            if re.match(r"https?://", chunk):
                for url in chunk.split():
                    clean = url.strip().rstrip(";,")
                    if clean and clean not in urls:
                        urls.append(clean)
            elif chunk not in citations:
                citations.append(chunk)
    return tuple(urls), tuple(citations)


def _json_rows(data: Any) -> list[Any]:
    """Return the row list of test.en.json (rows live in timeBins[].data[])."""
    if not isinstance(data, Mapping) or not isinstance(data.get("timeBins"), list):
        raise ValueError("test.en.json: expected {'timeBins': [{'data': [...]}, ...]}")
    rows: list[Any] = []
    for time_bin in data["timeBins"]:
        if not isinstance(time_bin, Mapping) or not isinstance(time_bin.get("data"), list):
            raise ValueError("test.en.json: a time bin has no 'data' list")
        rows.extend(time_bin["data"])
    return rows


def _value(row: Mapping[str, Any], name: str, key: str, problems: list[str], reader: Any) -> Any:
    """Read one field with a reader; note an unreadable value and return None for it."""
    try:
        return reader(row.get(name))
    except ValueError as err:
        problems.append(f"{key}: {name}: {err}")
        return None


def read_json(source_dir: Path) -> Readout:
    """Read test.en.json: one JsonRow per missile, keyed 'nkmt:<date>:<n-th row that date>'."""
    readout = Readout(JSON_DATASET)
    path = source_dir / JSON_DIR / "test.en.json"
    raw_rows = _json_rows(json.loads(path.read_text(encoding="utf-8")))
    readout.total = len(raw_rows)
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_rows):
        if not isinstance(raw, Mapping):
            readout.unparsed.append(f"row {index + 1}: not an object")
            continue
        try:
            date = parse_iso_date(raw.get("date"))
            missile = str(raw["missile"]).strip()
            if not missile:
                raise ValueError("no missile")
        except (KeyError, ValueError) as err:
            readout.unparsed.append(f"row {index + 1}: {err}")
            continue
        seen[date.iso()] = seen.get(date.iso(), 0) + 1
        key = f"nkmt:{date.iso()}:{seen[date.iso()]}"
        problems = readout.unreadable
        series = raw.get("series")
        outcome = str(raw.get("outcome", "unknown")).strip().lower()
        if outcome not in ("success", "failure", "unknown"):
            problems.append(f"{key}: outcome: {outcome!r} is not success/failure/unknown")
            outcome = "unknown"
        bearing = _value(raw, "bearing", key, problems, parse_km)
        if raw.get("glide"):
            readout.glide_rows += 1
        readout.json_rows.append(
            JsonRow(
                key=key,
                index=index,
                date=date,
                time_utc=_value(raw, "time", key, problems, parse_json_time),
                series=series if isinstance(series, int) else None,
                missile=missile,
                facility=str(raw.get("facility") or "unknown").strip(),
                landing=str(raw.get("landing") or "unknown").strip(),
                apogee_km=_value(raw, "apogee", key, problems, parse_km),
                distance_km=_value(raw, "distance", key, problems, parse_km),
                bearing_deg=bearing if bearing is not None and bearing < 360 else None,
                outcome=outcome,
                local_dates=local_dates(str(raw.get("description") or ""), date.year),
            )
        )
    return readout


def read_csv(source_dir: Path) -> Readout:
    """Read the CNS 2019 CSV: one CsvRow per missile, keyed 'cns2019:<row number>'."""
    readout = Readout(CSV_DATASET)
    text = (source_dir / CSV_NAME).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for line_number, raw in enumerate(reader, start=2):
        readout.total += 1
        number_text = (raw.get("F1") or "").strip()
        key = f"cns2019:{number_text or f'line-{line_number}'}"
        try:
            number = int(number_text)
            date = parse_csv_date(raw.get("Date") or "")
        except ValueError as err:
            readout.unparsed.append(f"{key} (line {line_number}): {err}")
            continue
        problems = readout.unreadable

        def read(name: str, reader_fn: Any, row: Mapping[str, Any] = raw, at: str = key) -> Any:
            """Read one CSV cell with a reader, noting it when unreadable."""
            return _value(row, name, at, readout.unreadable, reader_fn)

        urls, citations = split_sources(raw.get("Source(s)") or "")
        landing = (raw.get("Landing Location") or "").strip()
        readout.csv_rows.append(
            CsvRow(
                key=key,
                number=number,
                date=date,
                time_utc=read("Launch Time (UTC)", lambda v: parse_csv_time(v or "")),
                missile_name=(raw.get("Missile Name") or "").strip() or "Unknown",
                missile_class=(raw.get("Missile Type") or "").strip() or "Unknown",
                facility_name=(raw.get("Facility Name") or "").strip(),
                lat=read("Facility Latitude", lambda v: parse_coordinate(v or "", 90)),
                lon=read("Facility Longitude", lambda v: parse_coordinate(v or "", 180)),
                landing=None if is_missing(landing) else landing,
                apogee_km=read("Apogee", parse_km),
                distance_km=read("Distance Travelled", parse_km),
                confirmation=_lower_choice(
                    raw.get("Confirmation Status"), ("confirmed", "unconfirmed"), key, problems
                ),
                outcome=_lower_choice(
                    raw.get("Test Outcome"), ("success", "failure"), key, problems
                ),
                urls=urls,
                citations=citations,
            )
        )
    return readout


def _lower_choice(value: object, allowed: Iterable[str], key: str, problems: list[str]) -> str:
    """Read a categorical cell as lower case; anything unexpected becomes 'unknown'."""
    text = str(value or "").strip().lower()
    if text in allowed:
        return text
    if not is_missing(text):
        problems.append(f"{key}: unexpected value {value!r} (read as unknown)")
    return "unknown"
