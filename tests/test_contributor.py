"""Contributor tools: scaffolding stubs that load, and a macro reference that cannot drift."""

from __future__ import annotations

import subprocess
import sys
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
    fb = factbase.load(data, tmp_path / "seeds", tmp_path, TOPIC)
    assert fb.sources[source_id].publisher == "Pub: lisher"
    assert fb.events_by_id[event_id].title == "Hanoi: #1 {{x}}"


def test_append_refuses_when_the_list_is_not_last(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yml"
    path.write_text("sources: []\nevents: []\n")
    with pytest.raises(ValueError, match="not the last list"):
        scaffold.append(path, "sources", "  - id: x\n")


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
