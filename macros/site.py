"""This site as the engine sees it: its folders, its topic and its settings (mkdocs.yml)."""

from __future__ import annotations

from macros import paths
from macros.engine import factbase
from macros.engine.check import CheckResult
from macros.engine.cli import Project
from macros.engine.factbase import FactBase
from macros.northkorea.topic import TOPIC

PROJECT = Project(paths.ROOT, TOPIC)


def load() -> FactBase:
    """Load this site's fact base (raises FactBaseError listing every problem)."""
    return factbase.load(paths.DATA_DIR, paths.SEEDS_DIR, paths.ROOT, TOPIC, PROJECT.settings())


def check() -> CheckResult:
    """Check this site's data, seeds and pages, as `make check` does."""
    return PROJECT.check()
