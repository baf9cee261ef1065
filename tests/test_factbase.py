"""The loader: valid data loads; every kind of bad input is reported with file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from macros.engine import factbase
from macros.engine.factbase import FactBase, FactBaseError
from macros.engine.schema import FuzzyDate, Precision
from macros.northkorea.topic import TOPIC

MakeFB = Callable[..., FactBase]


def problems_of(make_fb: MakeFB, overrides: dict[str, str]) -> list[str]:
    with pytest.raises(FactBaseError) as info:
        make_fb(overrides)
    return [str(p) for p in info.value.problems]


def test_minimal_loads_sorted_with_precision(make_fb: MakeFB) -> None:
    fb = make_fb()
    assert [e.id for e in fb.events] == ["second-event", "first-event"]
    first = fb.events_by_id["first-event"]
    assert first.date == FuzzyDate(2017, 11, 29)
    assert fb.events_by_id["second-event"].date.precision is Precision.MONTH
    assert fb.sources["src-a"].url == "https://example.org/a"
    assert fb.origins["first-event"] == ("data/events.yml", 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", FuzzyDate(2024, 2, 29)),
        ("1984-09", FuzzyDate(1984, 9)),
        ("1998", FuzzyDate(1998)),
        (1998, FuzzyDate(1998)),
    ],
)
def test_dates_keep_their_precision(value: object, expected: FuzzyDate) -> None:
    assert FuzzyDate.parse(value) == expected


@pytest.mark.parametrize("bad", ["2024-02-30", "2023-02-29", "2024-13", "24-01-01", "soon", ""])
def test_bad_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        FuzzyDate.parse(bad)


def test_date_forms() -> None:
    day = FuzzyDate(2017, 11, 29)
    assert (day.iso(), day.human()) == ("2017-11-29", "29 November 2017")
    assert (FuzzyDate(1984, 9).iso(), FuzzyDate(1984, 9).human()) == ("1984-09", "September 1984")
    assert FuzzyDate(1984, 9).last_day().day == 30


def test_bad_date_names_file_line_and_fix(make_fb: MakeFB) -> None:
    bad = """
        events:
          - id: leap
            date: 2024-02-30
            title: Not a day
            category: diplomacy
            sources: [src-a]
    """
    found = problems_of(make_fb, {"data/events.yml": bad})
    assert found == [
        "data/events.yml:3: the 1st event (id leap): date: not a date: '2024-02-30' does not exist "
        "(February 2024 has 29 days)"
    ]


def test_every_problem_in_every_file_is_reported_at_once(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/events.yml": """
                events:
                  - id: one
                    date: 2020-01-01
                    title: One
                    category: diplomacy
                    sources: [src-a]
                    colour: red
                  - id: two
                    date: 2020-13
                    title: Two
                    category: diplomcy
                    sources: [src-c]
            """,
            "data/actors.yml": """
                actors:
                  - id: Bad Id
                    name: Someone
                    kind: person
            """,
        },
    )
    joined = "\n".join(found)
    assert "data/events.yml:7: the 1st event (id one): colour: unknown field 'colour'" in joined
    assert (
        "data/events.yml:9: the 2nd event (id two): date: not a date: '2020-13' has no month 13"
        in joined
    )
    assert (
        "data/events.yml:11: the 2nd event (id two): category: 'diplomcy' is not allowed "
        "(did you mean 'diplomacy'?)" in joined
    )
    assert (
        "data/events.yml:12: sources: unknown source id 'src-c' (did you mean 'src-b'?)" in joined
    )
    assert "data/actors.yml:2: the 1st actor (id Bad Id): id: not a valid id" in joined
    assert len(found) == 5


def test_unknown_reference_suggests_closest_id(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/extra.yml": """
                events:
                  - id: third
                    date: 2020
                    title: Third
                    category: statement
                    actors: [north-korae]
                    sources:
                      - src-a
                      - src-bb
            """
        },
    )
    assert found == [
        "data/extra.yml:6: actors: unknown actor id 'north-korae' (did you mean 'north-korea'?)",
        "data/extra.yml:9: sources: unknown source id 'src-bb' (did you mean 'src-b'?)",
    ]


def test_duplicate_ids_across_files(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/more.yml": """
                sources:
                  - id: first-event
                    publisher: X
                    title: Clash
            """
        },
    )
    assert len(found) == 1
    assert found[0].startswith(
        "data/more.yml:2: duplicate id 'first-event' (also at data/events.yml:2"
    )


def test_yaml_syntax_error_names_line(make_fb: MakeFB) -> None:
    found = problems_of(make_fb, {"data/actors.yml": "actors:\n  - id: x\n    name: [unclosed\n"})
    # References are not checked while a file cannot be read: they would only be noise.
    assert found == [
        "data/actors.yml:4: YAML syntax error: did not find expected ',' or ']' "
        "(check the indentation and quoting on this line or the one before)"
    ]


def test_tabs_get_a_hint(make_fb: MakeFB) -> None:
    found = problems_of(make_fb, {"data/actors.yml": "actors:\n\t- id: x\n"})
    assert found[0].startswith("data/actors.yml:2: YAML syntax error")
    assert "tab" in found[0]


def test_duplicate_keys_are_not_silently_dropped(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {"data/more.yml": "actors:\n  - id: x\n    name: One\n    name: Two\n    kind: state\n"},
    )
    assert found == ["data/more.yml:4: duplicate key 'name' (first at line 3; keep one of them)"]


def test_hostile_yaml_is_refused(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/actors.yml": "actors: !!python/object/apply:os.system ['echo hi']\n",
            "data/bomb.yml": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        },
    )
    assert any("data/actors.yml:1: the YAML tag" in p for p in found)
    assert any(p.startswith("data/bomb.yml:") and "aliases" in p for p in found)


def test_empty_and_non_utf8_files(make_fb: MakeFB, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "latin.yml").write_bytes(b"actors:\n  - name: Caf\xe9\n")
    found = problems_of(make_fb, {"data/empty.yml": ""})
    assert "data/empty.yml:1: file is empty (it should hold e.g. 'events:' and a list)" in found
    assert "data/latin.yml:2: file is not UTF-8 text (save it as UTF-8)" in found


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    text = "sources:\n  - id: s\n    publisher: P\n    title: T\n"
    (tmp_path / "data" / "s.yml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    fb = factbase.load(tmp_path / "data", tmp_path / "seeds", tmp_path, TOPIC)
    assert list(fb.sources) == ["s"]


def test_end_date_before_start_and_bad_links(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/more.yml": """
                sources:
                  - id: evil
                    publisher: X
                    url: javascript:alert(1)
                events:
                  - id: backwards
                    date: 2020-05-01
                    end_date: 2020-04
                    title: Backwards
                    category: diplomacy
                    sources: [src-a]
            """
        },
    )
    joined = "\n".join(found)
    assert (
        "data/more.yml:4: the 1st source (id evil): url: only http: and https: links are allowed"
        in joined
    )
    assert (
        "data/more.yml:6: the 1st event (id backwards): end_date 2020-04 is before date 2020-05-01"
        in joined
    )


def test_missing_required_field_and_wrong_type(make_fb: MakeFB) -> None:
    found = problems_of(
        make_fb,
        {
            "data/actors.yml": """
                actors:
                  - id: someone
                    kind: person
                  - id: other
                    name: [not, text]
                    kind: person
            """
        },
    )
    assert found[0] == (
        "data/actors.yml:2: the 1st actor (id someone): name: missing "
        "(add a line 'name: ...' to this record; this field is required)"
    )
    assert found[1].startswith(
        "data/actors.yml:5: the 2nd actor (id other): name: Input should be a valid string"
    )
