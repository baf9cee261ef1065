"""`make check`: warnings for uncited sources and stale figures, annotations, schema drift."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from macros.engine import check, schema_export
from macros.engine.factbase import Problem
from macros.northkorea.topic import TOPIC
from tests.conftest import MINIMAL, ROOT, write_files


def run_check(tmp_path: Path, files: dict[str, str], today: dt.date) -> check.CheckResult:
    write_files(tmp_path, {**MINIMAL, **files})
    (tmp_path / "content").mkdir(exist_ok=True)
    return check.run(
        tmp_path,
        tmp_path / "data",
        tmp_path / "seeds",
        tmp_path / "content",
        topic=TOPIC,
        today=today,
    )


def test_uncited_sources_and_stale_figures_are_warnings(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        {
            "data/more.yml": """
                sources:
                  - id: lonely
                    publisher: Nobody cites me
                    title: T
                figures:
                  - id: old-figure
                    label: people
                    value: 10
                    unit: people
                    as_of: 2015-01
                    sources: [src-a]
                  - id: old-but-history
                    label: people
                    value: 10
                    unit: people
                    as_of: 2015-01
                    historical: true
                    sources: [src-a]
            """,
            "content/index.md": "# Home\n\nSee {{ cite('src-b') }}.\n",
        },
        today=dt.date(2026, 11, 26),
    )
    assert result.errors == []
    assert [str(p) for p in result.warnings] == [
        "data/more.yml:2: warning: source 'lonely' is not cited by any event, figure or page "
        "(cite it, or remove it)",
        "data/more.yml:6: warning: figure 'old-figure' is as of January 2015, more than 4 years "
        "ago (look for a newer figure, or keep it as history)",
    ]


def test_page_problems_are_listed_with_lines(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        {
            "content/page.md": (
                "# Page\n\n{{ cite('src-aa') }}\n\n{{ timline() }}\n\n"
                "{{ timeline(category='diplomcy') }}\n{{ figure( }}\n"
            ),
        },
        today=dt.date(2026, 1, 1),
    )
    assert [str(p) for p in result.errors] == [
        "content/page.md:8: macro syntax error: unexpected '}', expected ')' "
        "(check the brackets and quotes of this call)",
    ]
    result = run_check(
        tmp_path,
        {
            "content/page.md": (
                "# Page\n\n{{ cite('src-aa') }}\n\n{{ timline() }}\n\n"
                "{{ timeline(category='diplomcy') }}\n"
            ),
        },
        today=dt.date(2026, 1, 1),
    )
    assert [str(p) for p in result.errors] == [
        "content/page.md:3: cite(): unknown source id 'src-aa' (did you mean 'src-a'?)",
        "content/page.md:5: unknown macro 'timline' (did you mean 'timeline'?)",
        "content/page.md:7: timeline(): unknown category 'diplomcy' (did you mean 'diplomacy'?)",
    ]


def test_github_annotation_format() -> None:
    problem = Problem("data/events.yml", 42, "events[3].date: not a date: 100%")
    assert check.github_annotation(problem) == (
        "::error file=data/events.yml,line=42::events[3].date: not a date: 100%25"
    )


def test_check_command_exit_codes_and_annotations(tmp_path: Path) -> None:
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "macros", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("ok: ")


def test_committed_json_schema_matches_the_models() -> None:
    for name, text in schema_export.schemas(TOPIC).items():
        committed = ROOT / "data" / "schema" / name
        assert committed.exists(), f"missing {committed}: run `make schema`"
        assert committed.read_text(encoding="utf-8") == text, (
            f"{committed.relative_to(ROOT)} is out of date with macros/engine/schema.py: "
            "run `make schema`"
        )


def test_schema_describes_every_collection() -> None:
    schema = json.loads((ROOT / "data" / "schema" / "data-file.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert {"events", "sources", "figures", "resolutions"} <= set(schema["properties"])


def test_each_literal_call_is_rendered_once_for_the_build(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        {"content/p.md": "{{ cite('src-a') }} {{ cite('src-a') }} {{ event('first-event') }}"},
        today=dt.date(2026, 1, 1),
    )
    keys = sorted(result.rendered)
    assert keys == [("cite", ("src-a",), ()), ("event", ("first-event",), ())]
    assert 'href="\x00base\x00sources/#src-a"' in result.rendered[("cite", ("src-a",), ())]
