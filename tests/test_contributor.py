"""Contributor tools: scaffolding stubs that load, and a macro reference that cannot drift."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from macros.engine import docs, factbase, scaffold
from macros.engine.registry import macros_for
from macros.northkorea.topic import TOPIC
from tests.conftest import MINIMAL, ROOT, write_files


def test_fresh_ids_and_slugs() -> None:
    assert scaffold.slugify("Hanoi summit — ends (no deal)!") == "hanoi-summit-ends-no-deal"
    assert scaffold.slugify("Ümlaut Café") == "umlaut-cafe"
    assert scaffold.fresh_id("a", {"a", "a-2"}) == "a-3"
    assert scaffold.fresh_id("b", {"a"}) == "b"


def test_stubs_append_and_load(tmp_path: Path) -> None:
    write_files(tmp_path, MINIMAL)
    data = tmp_path / "data"
    taken = scaffold.taken_ids(data.glob("*.yml"))
    assert {"first-event", "src-a", "north-korea"} <= taken
    source_id = scaffold.fresh_id(scaffold.slugify('A "quoted": title'), taken)
    scaffold.append(
        data / "new.yml",
        "sources",
        scaffold.source_stub(
            source_id, "Pub: lisher", 'A "quoted": title', url=None, date="2024-05", kind="news"
        ),
    )
    event_id = scaffold.fresh_id("2019-02-28-hanoi", taken)
    scaffold.append(
        data / "events.yml",
        "events",
        scaffold.event_stub(event_id, "Hanoi: #1 {{x}}", "2019-02-28", "diplomacy", source_id),
    )
    # The contributor fills in what the stub leaves blank.
    events = data / "events.yml"
    events.write_text(
        events.read_text()
        .replace('summary: ""', "summary: The summit ended early.")
        .replace("actors: []", "actors: [north-korea]")
    )
    fb = factbase.load(data, tmp_path / "seeds", tmp_path, TOPIC)
    assert fb.sources[source_id].publisher == "Pub: lisher"
    assert fb.events_by_id[event_id].title == "Hanoi: #1 {{x}}"


def test_insert_goes_into_its_own_list_even_when_another_follows(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yml"
    path.write_text("sources:\n  - id: a\n    publisher: P\n    title: T\nevents: []\n")
    scaffold.insert(path, "sources", "  - id: b\n    publisher: Q\n    title: U\n")
    assert path.read_text() == (
        "sources:\n  - id: a\n    publisher: P\n    title: T\n"
        "  - id: b\n    publisher: Q\n    title: U\nevents: []\n"
    )


EVENTS = """events:
  - id: 2017-07-04-first
    date: 2017-07-04
    title: First

  # A comment about the second record stays with it.
  - id: 2018-06-12-second
    date: 2018-06-12
    title: Second

  - id: 2019-02
    date: 2019-02
    title: Third
"""


@pytest.mark.parametrize(
    ("date", "after"),
    [("2016-01-01", None), ("2017-07-04", "2017-07-04-first"), ("2018-01", "2017-07-04-first"),
     ("2019-02-28", "2019-02"), ("2030", "2019-02")],
)  # fmt: skip
def test_new_events_go_in_date_order(tmp_path: Path, date: str, after: str | None) -> None:
    path = tmp_path / "events.yml"
    path.write_text(EVENTS)
    scaffold.insert(path, "events", f"  - id: new\n    date: {date}\n    title: New\n", date)
    text = path.read_text()
    ids = [line.split(": ")[1] for line in text.splitlines() if line.startswith("  - id:")]
    expected = ["2017-07-04-first", "2018-06-12-second", "2019-02"]
    expected.insert(0 if after is None else expected.index(after) + 1, "new")
    assert ids == expected
    assert "\n\n\n" not in text
    assert "  # A comment about the second record stays with it.\n  - id: 2018-06-12-second" in text


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Foreign ministers of the six parties meet in Vienna", "foreign-ministers-of-the-six"),
        ("Hanoi summit!", "hanoi-summit"),
        ("Supercalifragilisticexpialidocious-and-more", "supercalifragilisticexpialidoc"),
    ],
)
def test_ids_are_cut_at_a_word(title: str, slug: str) -> None:
    assert scaffold.slugify(title, 30) == slug


@pytest.mark.parametrize(
    ("value", "date", "message"),
    [
        ("Hanoi Summit", None, "not a valid id"),
        ("hanoi-summit", "2019-02-28", "must start with the event's date: 2019-02-28-hanoi-summit"),
        ("taken-id", None, "is taken already"),
    ],
)
def test_chosen_ids_are_checked(value: str, date: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scaffold.check_id(value, {"taken-id"}, date=date)


def test_a_stub_left_unfilled_is_refused_until_it_is_written(
    make_fb: Callable[..., object],
) -> None:
    stub = scaffold.event_stub("2019-02-28-hanoi", "Hanoi", "2019-02-28", "diplomacy", "src-a")
    with pytest.raises(factbase.FactBaseError) as caught:
        make_fb({"data/more.yml": "events:\n" + stub})
    found = [str(p) for p in caught.value.problems]
    assert found == [
        "data/more.yml:6: the 1st event (id 2019-02-28-hanoi): summary: is empty "
        "(write it, or remove the line)",
        "data/more.yml:8: the 1st event (id 2019-02-28-hanoi): actors: is empty "
        "(list at least one, or remove the line)",
    ]


def test_new_refuses_bad_input_and_writes_nothing() -> None:
    before = (ROOT / "data" / "events.yml").read_bytes()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "macros",
            "new",
            "event",
            "--title",
            "T",
            "--date",
            "2024-02-30",
            "--category",
            "diplomacy",
            "--source",
            "x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "does not exist (February 2024 has 29 days)" in done.stderr
    assert (ROOT / "data" / "events.yml").read_bytes() == before


def test_contributing_macro_reference_is_current() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert docs.macro_reference(TOPIC) in text, (
        "the macro reference in CONTRIBUTING.md is out of date: run `make docs`"
    )
    for name in macros_for(TOPIC):
        assert f"{{{{ {name}(" in text
