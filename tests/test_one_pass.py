"""One `make check` names every mistake at once; a build of the same tree shows no traceback.

The fixture tests/fixtures/sites/every-mistake/ holds one of each mistake a new contributor
makes, all together: data errors (a field typo, a key folded into the text above, a single
value for a list, a title cut by ' #'), a misspelled id and an unquoted id in a page, an
unclosed '{{', links to a missing page and a missing anchor, and a page left out of nav:.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_mkdocs

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "every-mistake"


def _check_output(project: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "macros", "check", "--project", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = re.sub(r" in [0-9.]+s:", " in Ns:", done.stdout + done.stderr)
    return done.returncode, output


def test_check_reports_every_mistake_in_one_run_sorted_by_file_and_line() -> None:
    code, output = _check_output(FIXTURE)
    assert code == 1
    assert output == (FIXTURE / "expected.txt").read_text(encoding="utf-8")
    lines = output.splitlines()[:-1]
    places = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert places == sorted(places)


@pytest.mark.slow
def test_a_build_of_the_same_tree_stops_with_the_same_lines_and_no_traceback(
    tmp_path: Path,
) -> None:
    project = tmp_path / "every-mistake"
    shutil.copytree(FIXTURE, project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    done = run_mkdocs(project, tmp_path / "site")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in output
    assert "UndefinedError" not in output
    expected = (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()[:-1]
    for line in expected:
        assert line in output
    assert not (tmp_path / "site" / "index.html").exists()
