"""Small fixture projects prove that a real build fails loudly, naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_mkdocs

FIXTURES = Path(__file__).parent / "fixtures" / "sites"


def build_fixture(name: str, tmp_path: Path) -> tuple[int, str, Path]:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    site = tmp_path / "out"
    done = run_mkdocs(project, site)
    return done.returncode, done.stdout + done.stderr, site


@pytest.mark.slow
def test_malformed_yaml_fails_with_file_and_line(tmp_path: Path) -> None:
    code, output, site = build_fixture("bad-yaml", tmp_path)
    assert code != 0
    assert (
        "data/broken.yml:4: YAML syntax error: while scanning a quoted scalar that is never closed"
        in output
    )
    assert "Traceback" not in output
    assert not (site / "index.html").exists()


@pytest.mark.slow
def test_unknown_id_in_page_names_page_line_and_closest_id(tmp_path: Path) -> None:
    code, output, _ = build_fixture("unknown-id", tmp_path)
    assert code != 0
    assert (
        "content/page.md:5: event(): unknown event id 'frist-event' "
        "(did you mean 'first-event'?)" in output
    )


@pytest.mark.slow
def test_three_schema_errors_in_three_files_in_one_run(tmp_path: Path) -> None:
    code, output, _ = build_fixture("three-errors", tmp_path)
    assert code != 0
    assert (
        "data/one.yml:3: the 1st event (id second-event): date: "
        "not a date: '2024-02-30' does not exist" in output
    )
    assert (
        "data/two.yml:4: the 1st source (id src-b): url: only http: and https: links are allowed"
        in output
    )
    assert "data/three.yml:5: the 1st actor (id someone): role: unknown field 'role'" in output
    assert "3 problem(s)" in output
