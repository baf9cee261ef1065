"""The GitHub workflows validate against GitHub's schema and pass zizmor's audit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_there_are_pull_request_and_deploy_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "deploy.yml"}


def test_workflows_match_githubs_schema() -> None:
    done = run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_at_medium_or_above() -> None:
    done = run(str(BIN / "zizmor"), "--offline", "--min-severity", "medium", ".github/workflows/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_every_action_is_pinned_to_a_commit() -> None:
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d", line), f"{path}: {line}"


def test_permissions_are_minimal() -> None:
    for path in WORKFLOWS:
        text = path.read_text()
        assert "permissions:\n  contents: read" in text, path
        assert "write-all" not in text
        assert "persist-credentials: false" in text


def test_deploy_publishes_only_after_the_tests_pass() -> None:
    """The Pages build job needs a job that runs the whole test suite (.ci/run)."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())["jobs"]
    testing = [
        name
        for name, job in jobs.items()
        if any("bash .ci/run" in str(step.get("run", "")) for step in job.get("steps", []))
    ]
    assert testing, "no deploy job runs the test suite (bash .ci/run)"

    def needs(name: str) -> set[str]:
        direct = jobs[name].get("needs", [])
        direct = {direct} if isinstance(direct, str) else set(direct)
        return direct.union(*(needs(n) for n in direct)) if direct else set()

    publishers = [n for n, job in jobs.items() if "deploy-pages" in str(job.get("steps"))]
    uploaders = [n for n, job in jobs.items() if "upload-pages-artifact" in str(job.get("steps"))]
    assert publishers
    assert uploaders
    for name in publishers + uploaders:
        assert set(testing) & needs(name), f"deploy job {name!r} does not wait for the tests"
