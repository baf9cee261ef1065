"""Tests of the missile-launch importer, run on the real datasets in ../shared/data."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from macros import paths
from macros.__main__ import run as main
from macros.engine.yamlload import load_file
from macros.northkorea import records as schema
from macros.northkorea.importers import dates, launches, overrides, rows, weblinks
from macros.northkorea.importers.launches import ImportResult

SHARED = paths.SHARED_DATA_DIR
DOSSIER = launches.DEFAULT_DOSSIER

MISSING = f"the shared datasets are not in {SHARED} (the folder beside the project)"


@pytest.fixture(autouse=True)
def _datasets() -> None:
    """Skip without the shared datasets on a laptop; under CI (CI set), fail: a check
    skipped in CI is no check (the same rule as the browser tests' Chromium)."""
    if not (SHARED / rows.CSV_NAME).is_file():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)


# The two events written by hand before the first import (ids, words and sources to keep).
HAND_WRITTEN = """\
events:
  - id: 2017-11-29-hwasong-15
    date: 2017-11-29
    title: Hwasong-15 ICBM test
    summary: >-
      Fired around 3 a.m. on a steep trajectory; North Korea says the new missile
      can reach all of the United States.
    category: missile-test
    tags: [icbm]
    actors: [north-korea, kim-jong-un]
    sources: [defence-industries-hwasong-15]
    launch:
      date_basis: Korea time from the launch time (about 03:17 on 29 November, UTC+9).
      missiles:
        - type: hwasong-15
          facility: sunan
          apogee_km: 4475
          distance_km: 950
          flight_time_min: 53
          outcome: success
          confirmation: confirmed

  - id: 2024-10-31-hwasong-19
    date: 2024-10-31
    title: Hwasong-19 ICBM test
    summary: >-
      A new solid-fuel ICBM flies for about 86 minutes on a lofted path, the longest
      flight North Korea has recorded; its first missile launch since 18 September.
    category: missile-test
    tags: [icbm]
    actors: [north-korea, kim-jong-un, japan]
    sources: [chosun-hwasong-19, aljazeera-2024-10-30]
    launch:
      date_basis: Korea time as reported (launched about 07:10 on 31 October).
      missiles:
        - type: hwasong-19
          apogee_km: 7687.5
          distance_km: 1001.2
          flight_time_min: 86
          outcome: success
          confirmation: confirmed
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportResult, Path]:
    """Import once into a folder that holds the hand-written events, as the repo did."""
    data_dir = tmp_path_factory.mktemp("data")
    (data_dir / launches.LAUNCHES_FILE).write_text(HAND_WRITTEN, encoding="utf-8")
    result = launches.import_launches(SHARED, data_dir, DOSSIER)
    return result, data_dir


def _events(result: ImportResult) -> dict[str, dict[str, Any]]:
    return {str(e["id"]): e for e in result.events}


def _raw_json_rows() -> list[dict[str, Any]]:
    data = json.loads((SHARED / rows.JSON_DIR / "test.en.json").read_text(encoding="utf-8"))
    return [row for time_bin in data["timeBins"] for row in time_bin["data"]]


# --- every row accounted for ------------------------------------------------------------


def test_every_row_is_a_missile_record(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    report = result.report
    assert report.rows_read == {rows.JSON_DATASET: 339, rows.CSV_DATASET: 135}
    assert report.rows_imported == report.rows_read
    assert report.unparsed == []
    keys = Counter(
        key
        for event in result.events
        for missile in event.get("launch", {}).get("missiles", [])
        for key in missile.get("dataset_rows", [])
    )
    json_keys = [k for k in keys if k.startswith("nkmt:")]
    csv_keys = [k for k in keys if k.startswith("cns2019:")]
    assert len(json_keys) == 339
    assert len(csv_keys) + len(report.csv_only) >= 135
    assert len(csv_keys) == 135
    assert set(keys.values()) == {1}, "a dataset row became two missile records"
    # The CSV is numbered 1 to 136 without 21.
    assert {int(k.split(":")[1]) for k in csv_keys} == set(range(1, 137)) - {21}
    missiles = sum(len(e["launch"]["missiles"]) for e in result.events if "launch" in e)
    assert missiles == 339 + len(report.csv_only)
    assert report.salvo_rows + (report.events - report.salvo_events) == missiles


def test_events_fit_the_schema_and_reference_their_records(
    imported: tuple[ImportResult, Path],
) -> None:
    result, _ = imported
    types = {t["id"] for t in result.missile_types}
    facilities = {f["id"] for f in result.facilities}
    own_sources = {s["id"] for s in result.sources}
    hand_sources = {"defence-industries-hwasong-15", "chosun-hwasong-19", "aljazeera-2024-10-30"}
    for raw in result.events:
        event = schema.Event.model_validate(raw)
        assert event.launch is not None
        assert event.launch.date_basis
        assert set(event.sources) <= own_sources | set(launches.DATASET_SOURCES) | hand_sources
        assert set(event.sources) & set(launches.DATASET_SOURCES)
        for missile in event.launch.missiles:
            assert missile.type in types
            assert missile.claimed_type is None or missile.claimed_type in types
            assert missile.facility is None or missile.facility in facilities
    ids = [e["id"] for e in result.events]
    assert len(ids) == len(set(ids))
    for record in result.events:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?-[a-z0-9-]+", record["id"])
        assert str(record["id"]).startswith(str(record["date"]))


def test_sources_come_from_the_csv_urls_only(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    cells = (SHARED / rows.CSV_NAME).read_text(encoding="utf-8-sig")
    for source in result.sources:
        record = schema.Source.model_validate(source)
        assert record.url is not None
        assert record.url in cells, f"{record.url} is not in the CSV"
        assert record.publisher == weblinks.publisher_of(record.url)
        assert record.id == weblinks.source_id(record.url)
        # Readable on /sources/: a title that is not the URL, a publisher that is a name.
        assert record.title.endswith("in the CNS missile test database")
        assert "http" not in record.title
        assert record.publisher != weblinks.host_of(record.url), "no readable publisher name"
        assert not weblinks.is_dropped(record.url)


def test_no_dataset_prose_is_copied(imported: tuple[ImportResult, Path]) -> None:
    _, data_dir = imported
    text = (data_dir / launches.LAUNCHES_FILE).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for row in _raw_json_rows():
        for sentence in re.split(r"(?<=\.)\s+", str(row.get("description") or "")):
            if len(sentence) > 40:
                assert sentence[:40] not in flat


# --- idempotence --------------------------------------------------------------------------


def test_a_second_run_changes_no_byte(tmp_path: Path) -> None:
    (tmp_path / launches.LAUNCHES_FILE).write_text(HAND_WRITTEN, encoding="utf-8")
    launches.import_launches(SHARED, tmp_path, DOSSIER)
    first = {p.name: p.read_bytes() for p in sorted(tmp_path.glob("*.yml"))}
    launches.import_launches(SHARED, tmp_path, DOSSIER)
    second = {p.name: p.read_bytes() for p in sorted(tmp_path.glob("*.yml"))}
    assert set(first) == {launches.LAUNCHES_FILE, launches.TYPES_FILE}
    assert first == second


def test_written_files_load_as_they_were_meant(imported: tuple[ImportResult, Path]) -> None:
    result, data_dir = imported
    data, problems = load_file(data_dir / launches.LAUNCHES_FILE)
    assert problems == []
    assert len(data["events"]) == len(result.events)
    times = [
        m.get("time_utc")
        for e in data["events"]
        for m in e["launch"]["missiles"]
        if m.get("time_utc") is not None
    ]
    assert times
    assert all(re.fullmatch(r"\d{2}:\d{2}", str(t)) for t in times)
    types, problems = load_file(data_dir / launches.TYPES_FILE)
    assert problems == []
    assert {f["id"] for f in types["facilities"]} >= {"sohae", "tonghae", "sinpo"}


# --- hand-written fields survive ------------------------------------------------------------


def test_hand_written_fields_survive(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    events = _events(result)
    hwasong_15 = events["2017-11-29-hwasong-15"]
    assert hwasong_15["title"] == "Hwasong-15 ICBM test"
    assert str(hwasong_15["summary"]).startswith("Fired around 3 a.m.")
    assert hwasong_15["tags"] == ["icbm"]
    assert hwasong_15["actors"] == ["north-korea", "kim-jong-un"]
    assert hwasong_15["sources"][0] == "defence-industries-hwasong-15"
    assert launches.NK_SOURCE in hwasong_15["sources"]
    hwasong_19 = events["2024-10-31-hwasong-19"]
    assert hwasong_19["actors"] == ["north-korea", "kim-jong-un", "japan"]
    assert hwasong_19["sources"][:2] == ["chosun-hwasong-19", "aljazeera-2024-10-30"]
    # Launch detail comes from the data; what the data lacks is kept from the hand.
    missile = hwasong_19["launch"]["missiles"][0]
    assert missile["apogee_km"] == 7687
    assert missile["flight_time_min"] == 86


def test_existing_event_ids_are_kept_when_the_name_differs(tmp_path: Path) -> None:
    renamed = HAND_WRITTEN.replace("2024-10-31-hwasong-19", "2024-10-31-new-icbm")
    (tmp_path / launches.LAUNCHES_FILE).write_text(renamed, encoding="utf-8")
    result = launches.import_launches(SHARED, tmp_path, DOSSIER)
    ids = {e["id"] for e in result.events}
    assert "2024-10-31-new-icbm" in ids
    assert "2024-10-31-hwasong-19" not in ids


def test_events_with_no_dataset_row_are_kept(tmp_path: Path) -> None:
    extra = HAND_WRITTEN + (
        "\n  - id: 2025-12-01-test-event\n"
        "    date: 2025-12-01\n"
        "    title: A launch the datasets do not have\n"
        "    category: missile-test\n"
        "    sources: [nk-missile-tests-dataset]\n"
    )
    (tmp_path / launches.LAUNCHES_FILE).write_text(extra, encoding="utf-8")
    result = launches.import_launches(SHARED, tmp_path, DOSSIER)
    assert _events(result)["2025-12-01-test-event"]["title"] == "A launch the datasets do not have"


# --- known launches, checked against the research dossier ---------------------------------


def _first_event_of(result: ImportResult, type_id: str) -> dict[str, Any]:
    return next(
        e
        for e in result.events
        if any(type_id in (m["type"], m.get("claimed_type")) for m in e["launch"]["missiles"])
    )


@pytest.mark.parametrize(
    "case",
    [
        # Dossier: fired around 3 a.m. local time; 4,475 km altitude, 950 km.
        ("2017-11-29-hwasong-15", "hwasong-15", 4475, 950, "03:18"),
        # Dossier: first Hwasong-14, 9 a.m.-ish; 2,802 km altitude, 933 km.
        ("2017-07-04-hwasong-14", "hwasong-14", 2802, 933, "09:40"),
        # Dossier: Hwasong-17 as announced; 6,248.5 km altitude, 1,090 km.
        ("2022-03-24-hwasong-17", None, 6248, 1090, "14:34"),
        # Dossier: first solid-fuel ICBM, about 1,000 km.
        ("2023-04-13-hwasong-18", "hwasong-18", 3000, 1000, "07:22"),
        # Dossier: launched about 7:10 a.m.; 7,687.5 km altitude, 1,001.2 km.
        ("2024-10-31-hwasong-19", "hwasong-19", 7687, 1001, "07:11"),
    ],
)
def test_known_launches_have_their_korea_time_dates(
    imported: tuple[ImportResult, Path], case: tuple[str, str | None, float, float, str]
) -> None:
    event_id, first_of, apogee, distance, korea_time = case
    result, _ = imported
    event = _events(result)[event_id]
    assert str(event["date"]) == event_id[:10]
    if first_of is not None:
        assert _first_event_of(result, first_of)["id"] == event_id
    (missile,) = event["launch"]["missiles"]
    assert missile["apogee_km"] == apogee
    assert missile["distance_km"] == distance
    assert missile["outcome"] == "success"
    utc = dt.datetime.strptime(event["launch"]["time_utc"], "%H:%M")
    assert (utc + dates.KST).strftime("%H:%M") == korea_time
    assert event["category"] == "missile-test"
    assert "icbm" in event["tags"]


def test_the_march_2022_icbm_keeps_both_names(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    missile = _events(result)["2022-03-24-hwasong-17"]["launch"]["missiles"][0]
    assert missile["type"] == "hwasong-15"
    assert missile["claimed_type"] == "hwasong-17"


def test_dates_are_reconciled(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    events = _events(result)
    # Recorded on the UTC day, 28 November 18:18: moved to the Korean day.
    basis = events["2017-11-29-hwasong-15"]["launch"]["date_basis"]
    assert "29 November" in basis
    assert "dossier" in basis
    # Recorded on the Korean day with a UTC time from the evening before: kept.
    assert "2017-05-14-hwasong-12" in events
    assert "2016-04-15-musudan" in events
    # 12 a.m. UTC read as noon by the JSON: the CNS time is kept.
    assert events["2017-07-04-hwasong-14"]["launch"]["time_utc"] == "00:40"
    # Two launches on one Korean day are two events.
    assert {"2016-04-28-musudan", "2016-04-28-musudan-2"} <= set(events)
    assert {"2022-11-03-unidentified", "2022-11-03-unidentified-2"} <= set(events)
    for event in result.events:
        assert not str(event["date"]).startswith("2019-08-05")


def test_the_report_lists_what_was_done(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    report = result.report
    text = launches.format_report(report)
    assert "Rows read: nk-missile-tests 339, cns-2019 135" in text
    assert any(line.startswith("2017-11-29-hwasong-15:") for line in report.dates_changed)
    assert any("date 2019-08-05 vs 2019-08-06" in d for d in report.disagreements)
    assert any("12 a.m." in c for c in report.corrections)
    assert any("cns2019:109" in d for d in report.dropped_urls)
    assert report.events == len(result.events)


def test_command_line_prints_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-launches", "--data-dir", str(tmp_path), "--dossier", str(DOSSIER)])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("import-launches report")
    assert (tmp_path / launches.LAUNCHES_FILE).is_file()


# --- the pure readers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9-Apr-84", "1984-04-09"), ("Sep-84", "1984-09"), ("28-Nov-17", "2017-11-28")],
)
def test_csv_dates(text: str, expected: str) -> None:
    assert rows.parse_csv_date(text).iso() == expected


def test_csv_values() -> None:
    assert rows.parse_km("1,380 km") == 1380
    assert rows.parse_km("Unknown") is None
    assert rows.parse_km("") is None
    assert rows.parse_csv_time("12:29:00 AM") == "00:29"
    assert rows.parse_csv_time("10:34:00 PM") == "22:34"
    assert rows.parse_json_time("21:10 (UTC)") == "21:10"
    with pytest.raises(ValueError, match="not a number"):
        rows.parse_km("far")


def test_source_cells_are_split() -> None:
    urls, citations = rows.split_sources(
        "http://a.example/1.htmlhttp://b.example/2; Some Paper, 1999; https://c.example/x "
        "https://d.example/y;"
    )
    assert urls == (
        "http://a.example/1.html",
        "http://b.example/2",
        "https://c.example/x",
        "https://d.example/y",
    )
    assert citations == ("Some Paper, 1999",)


def test_settle_moves_a_utc_day_and_keeps_a_korean_one() -> None:
    moved = dates.settle(rows.DayOrMonth(2017, 11, 28), "18:18")
    assert moved.date.iso() == "2017-11-29"
    assert moved.status == "by-convention"
    kept = dates.settle(
        rows.DayOrMonth(2016, 4, 15),
        "20:33",
        urls=["http://www.cnn.com/2016/04/14/asia/north-korea-missile-launch/"],
    )
    assert kept.date.iso() == "2016-04-15"
    assert kept.status == "kept"
    same = dates.settle(rows.DayOrMonth(2022, 3, 24), "05:34")
    assert (same.date.iso(), same.time_kst, same.status) == ("2022-03-24", "14:34", "same-day")


def test_dossier_launch_lines_are_read() -> None:
    facts = dates.read_dossier(DOSSIER)
    days = {f.date for f in facts}
    assert dt.date(2017, 11, 29) in days
    assert dt.date(2024, 10, 31) in days
    # The October 2024 check found no launch; it is not read as one.
    assert dt.date(2024, 10, 14) not in days


def test_title_wording(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    titles: Mapping[str, str] = {e["id"]: e["title"] for e in result.events}
    assert titles["1984-04-09-scud-b"] == "3 × Scud-B SRBMs fired"
    assert titles["2022-03-24-hwasong-17"] == "ICBM test announced as Hwasong-17"
    assert titles["2024-05-27-unidentified"] == "Satellite launch attempt (failed)"


# --- the committed data is what the importer makes (drift test) ---------------------------


def test_a_fresh_import_reproduces_the_committed_launches(tmp_path: Path) -> None:
    """The datasets + the committed overrides file give data/launches.yml byte for byte.

    A hand edit made in data/launches.yml instead of data/imports/launch-overrides.yml, or an
    importer change without a re-run, fails here: run `python -m macros import-launches`.
    """
    launches.import_launches(SHARED, tmp_path, DOSSIER, overrides_path=launches.DEFAULT_OVERRIDES)
    for name in (launches.LAUNCHES_FILE, launches.TYPES_FILE):
        made = (tmp_path / name).read_text(encoding="utf-8")
        committed = (paths.DATA_DIR / name).read_text(encoding="utf-8")
        assert made == committed, f"data/{name} differs from a fresh import: re-run the importer"


def test_a_re_run_over_the_committed_file_changes_nothing(tmp_path: Path) -> None:
    for name in (launches.LAUNCHES_FILE, launches.TYPES_FILE):
        (tmp_path / name).write_bytes((paths.DATA_DIR / name).read_bytes())
    result = launches.import_launches(
        SHARED, tmp_path, DOSSIER, overrides_path=launches.DEFAULT_OVERRIDES
    )
    assert result.report.replaced == []
    for name in (launches.LAUNCHES_FILE, launches.TYPES_FILE):
        assert (tmp_path / name).read_bytes() == (paths.DATA_DIR / name).read_bytes()


def test_every_launch_says_how_its_day_was_settled() -> None:
    data, _ = load_file(paths.DATA_DIR / launches.LAUNCHES_FILE)
    corrections = overrides.read_overrides(launches.DEFAULT_OVERRIDES)
    corrected = {c.event for c in corrections if c.date_basis}
    events = {str(e["id"]) for e in data["events"]}
    assert corrected == events, "every imported launch needs a checked date_basis"


# --- the overrides file -------------------------------------------------------------------


def _write_overrides(path: Path, text: str) -> Path:
    path.write_text("launches:\n" + text, encoding="utf-8")
    return path


def test_overrides_correct_the_day_and_the_id(tmp_path: Path) -> None:
    corrections = _write_overrides(
        tmp_path / "o.yml",
        "  - event: 2009-07-04-nodong\n"
        "    row: nkmt:2009-07-05:1\n"
        "    date: 2009-07-04\n"
        "    date_basis: Checked against a report of the day.\n"
        "    add_sources: [a-report]\n"
        "    drop_sources: [cns-missile-test-database]\n"
        "    summary: Seven Scud-type missiles.\n"
        "    missiles:\n"
        "      - index: 0\n"
        "        flight_time_min: 7\n",
    )
    data_dir = tmp_path / "data"
    result = launches.import_launches(SHARED, data_dir, DOSSIER, overrides_path=corrections)
    events = _events(result)
    assert "2009-07-05-nodong" not in events
    event = events["2009-07-04-nodong"]
    assert event["date"] == "2009-07-04"
    assert event["launch"]["date_basis"] == "Checked against a report of the day."
    assert event["sources"][0] == "a-report"
    assert launches.CNS_SOURCE not in event["sources"]
    assert event["summary"] == "Seven Scud-type missiles."
    assert len(event["launch"]["missiles"]) == 7
    assert event["launch"]["missiles"][0]["flight_time_min"] == 7
    assert any("corrected to 2009-07-04 by hand" in c for c in result.report.corrections)


def test_overrides_correct_a_time(tmp_path: Path) -> None:
    corrections = _write_overrides(
        tmp_path / "o.yml",
        "  - event: 2016-10-15-musudan\n    row: cns2019:96\n    time_utc: '03:33'\n",
    )
    result = launches.import_launches(
        SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections
    )
    event = _events(result)["2016-10-15-musudan"]
    assert event["launch"]["time_utc"] == "03:33"
    assert event["launch"]["missiles"][0]["time_utc"] == "03:33"


def test_overrides_correct_a_missile_type_s_class_with_its_sources(tmp_path: Path) -> None:
    corrections = _write_overrides(
        tmp_path / "o.yml",
        "  - event: 2009-07-04-nodong\n    row: nkmt:2009-07-05:1\n    date: 2009-07-04\n"
        "missile_types:\n  - type: hwasong-11e\n    class: SRBM\n"
        "    class_note: Reports call it short-range.\n    class_sources: [a-report]\n",
    )
    result = launches.import_launches(
        SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections
    )
    fixed = next(t for t in result.missile_types if t["id"] == "hwasong-11e")
    assert fixed["class"] == "SRBM"
    assert fixed["class_sources"] == ["a-report"]
    assert fixed["class_note"] == "Reports call it short-range."
    event = _events(result)["2026-01-04-hwasong-11e"]
    assert "SRBM" in event["title"]
    assert any("hwasong-11e: class MRBM corrected to SRBM" in c for c in result.report.corrections)


def test_a_missile_type_override_may_keep_the_class_and_add_its_sources(tmp_path: Path) -> None:
    corrections = _write_overrides(
        tmp_path / "o.yml",
        " []\nmissile_types:\n  - type: kn-25\n    class: SRBM\n"
        "    class_note: North Korea calls it a rocket launcher.\n    class_sources: [a-report]\n",
    )
    result = launches.import_launches(
        SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections
    )
    kept = next(t for t in result.missile_types if t["id"] == "kn-25")
    assert kept["class"] == "SRBM"
    assert kept["class_sources"] == ["a-report"]
    assert any("kn-25: class SRBM kept, with sources" in c for c in result.report.corrections)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - type: no-such-type\n    class: SRBM\n    class_note: N\n    class_sources: [s]\n",
            "no type",
        ),
        (
            "  - type: hwasong-15\n    class: Big\n    class_note: N\n    class_sources: [s]\n",
            "class",
        ),
        ("  - type: hwasong-15\n    class: IRBM\n    class_note: N\n", "class_sources"),
        ("  - type: hwasong-15\n    class: IRBM\n    class_sources: [s]\n", "needs a class_note"),
    ],
)
def test_a_bad_missile_type_override_is_refused(tmp_path: Path, entry: str, message: str) -> None:
    corrections = _write_overrides(tmp_path / "o.yml", " []\nmissile_types:\n" + entry)
    with pytest.raises(ValueError, match=message):
        launches.import_launches(SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections)


def test_overrides_correct_and_remove_a_missile_s_place(tmp_path: Path) -> None:
    """A corrected place replaces the dataset's; a null removes a place no report gives."""
    corrections = _write_overrides(
        tmp_path / "o.yml",
        "  - event: 2015-04-02-kn-02\n    row: nkmt:2015-04-02:1\n"
        "    missiles:\n      - index: 0\n        facility: null\n        landing: null\n"
        "  - event: 2015-04-03-kn-02\n    row: nkmt:2015-04-03:1\n"
        "    missiles:\n      - index: 0\n        facility: sohae\n",
    )
    result = launches.import_launches(
        SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections
    )
    events = _events(result)
    removed = events["2015-04-02-kn-02"]["launch"]["missiles"][0]
    assert "facility" not in removed
    assert "landing" not in removed
    salvo = events["2015-04-03-kn-02"]["launch"]["missiles"]
    assert salvo[0]["facility"] == "sohae"
    assert salvo[1]["facility"] == "hodo"  # only the named missile changes


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - event: 2009-07-05-wrong\n    row: nkmt:2009-07-05:1\n", "expects the event"),
        ("  - event: 2009-07-05-nodong\n    row: nkmt:2009-07-05:99\n", "no dataset row"),
        ("  - event: x\n    row: nkmt:2009-07-05:1\n    colour: red\n", "colour"),
        ("  - event: x\n    row: not-a-row\n", "row"),
        (
            "  - event: 2009-07-05-nodong\n    row: nkmt:2009-07-05:1\n"
            "    drop_sources: [never-cited]\n",
            "does not cite",
        ),
    ],
)
def test_a_bad_override_is_refused(tmp_path: Path, entry: str, message: str) -> None:
    corrections = _write_overrides(tmp_path / "o.yml", entry)
    with pytest.raises(ValueError, match=message):
        launches.import_launches(SHARED, tmp_path / "data", DOSSIER, overrides_path=corrections)


def test_unreliable_urls_are_not_attached(imported: tuple[ImportResult, Path]) -> None:
    result, _ = imported
    hosts = {weblinks.host_of(str(s["url"])) for s in result.sources}
    assert not hosts & {"twitter.com", "pbs.twimg.com", "facebook.com", "en.wikipedia.org"}
    assert any("social media post" in line for line in result.report.dropped_urls)
    # Encyclopedias and blogs the CNS database cites are left out too, and said so.
    assert not hosts & {"astronautix.com", "globalsecurity.org", "armscontrolwonk.com"}
    assert not hosts & {"allthingsnuclear.org", "defense-update.com", "web-uridongpo.com"}
    dropped = result.report.dropped_urls
    assert any("astronautix.com" in line and "encyclopedia" in line for line in dropped)
    assert any("armscontrolwonk.com" in line and "blog post" in line for line in dropped)


def test_a_launch_whose_cited_page_is_left_out_keeps_the_database_credit(
    imported: tuple[ImportResult, Path],
) -> None:
    """Leaving out a page the CNS database cites never leaves its launch without the credit."""
    result, _ = imported
    rows = {line.split(": ", 1)[0] for line in result.report.dropped_urls}
    touched = [
        e
        for e in result.events
        if rows & {r for m in e["launch"]["missiles"] for r in m.get("dataset_rows", [])}
    ]
    assert len(touched) >= 20
    for event in touched:
        assert "cns-missile-test-database" in event["sources"], event["id"]
