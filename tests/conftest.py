"""Shared fixtures: small fact bases from inline YAML, and the real site built once."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.engine import factbase
from macros.engine.factbase import FactBase
from macros.engine.settings import Settings
from macros.northkorea.topic import TOPIC

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = {
    "data/sources.yml": """
        sources:
          - id: src-a
            publisher: Agency A
            title: A report
            url: https://example.org/a
            date: 2020-01-02
          - id: src-b
            publisher: Paper B
            title: A story
    """,
    "data/actors.yml": """
        actors:
          - id: north-korea
            name: North Korea
            kind: state
    """,
    "data/events.yml": """
        events:
          - id: first-event
            date: 2017-11-29
            title: First event
            summary: Something happened.
            category: diplomacy
            tags: [summit]
            actors: [north-korea]
            sources: [src-a]
          - id: second-event
            date: 1984-09
            title: Second event
            category: missile-test
            sources: [src-a, src-b]
    """,
}


def write_files(base: Path, files: dict[str, str]) -> None:
    """Write dedented text files under base."""
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_fb(tmp_path: Path) -> Callable[..., FactBase]:
    """Return a function that loads a fact base from MINIMAL plus overrides."""

    def make(overrides: dict[str, str] | None = None, settings: Settings | None = None) -> FactBase:
        files = {**MINIMAL, **(overrides or {})}
        write_files(tmp_path, files)
        return factbase.load(tmp_path / "data", tmp_path / "seeds", tmp_path, TOPIC, settings)

    return make


# Runs MkDocs with its clock set years ahead: a build that read the clock would show it.
FUTURE_CLOCK = """
import datetime, runpy, sys
import mkdocs.utils

class Future(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)

mkdocs.utils.datetime = Future
sys.argv[0] = "mkdocs"
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


def run_mkdocs(
    project: Path, site_dir: Path, *, future_clock: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a strict MkDocs build of a project folder, capturing its output.

    With future_clock, MkDocs runs with its clock in 2031; env adds to (or, with an empty
    value, removes from) the environment.
    """
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **env}
    environ = {k: v for k, v in environ.items() if v != ""}
    runner = ["-c", FUTURE_CLOCK] if future_clock else ["-m", "mkdocs"]
    return subprocess.run(
        [sys.executable, *runner, "build", "--strict", "-q", "-d", str(site_dir)],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


# What a project needs to build and serve (the rest of the repository is not read by either).
PROJECT_PARTS = ("content", "data", "seeds", "overrides", "macros", "mkdocs.yml")


def copy_project(project: Path) -> Path:
    """Copy the real project's PROJECT_PARTS into project (made here); return project."""
    project.mkdir(parents=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    return project


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the run's temporary folder that every pytest-xdist worker shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real site once per run, strictly, into a temporary folder.

    It is built as tests/test_reproducible.py's reference build: with MkDocs' clock in 2031,
    without SOURCE_DATE_EPOCH and with a fixed hash seed, so that a build that read the
    clock, or depended on hash order, fails there (and the site is built once, not twice).

    Under pytest-xdist every worker asks for it: the first builds it under a lock in the
    run's shared temporary folder, the others wait and read the same site.
    """
    shared = shared_dir(tmp_path_factory)
    site = shared / "real-site"
    with (shared / "real-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (site / "index.html").is_file():
                shutil.rmtree(site, ignore_errors=True)
                done = run_mkdocs(
                    ROOT, site, future_clock=True, PYTHONHASHSEED="1", SOURCE_DATE_EPOCH=""
                )
                assert done.returncode == 0, (
                    f"the real site failed to build:\n{done.stdout}\n{done.stderr}"
                )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return site


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the real built site, so `make quick` can leave them out."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


@functools.cache
def parsed(path: Path) -> BeautifulSoup:
    """Parse a built page once per test session (pages are read, never changed, by tests)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@functools.cache
def element_ids(path: Path) -> frozenset[str]:
    """Return every id on a built page, parsed once: for checking many links' #anchors."""
    return frozenset(str(tag["id"]) for tag in parsed(path).find_all(id=True))
