"""One pass over data/, seeds/ and content/: every problem, with file and line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from macros import factbase, pages
from macros.factbase import FactBase, Problem
from macros.markup import PageRef


@dataclass(frozen=True)
class CheckResult:
    """The fact base (when sound), the page scan, and every problem found."""

    fact_base: FactBase | None
    problems: list[Problem]
    citations: Mapping[str, tuple[PageRef, ...]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that must stop a build."""
        return [p for p in self.problems if p.severity == "error"]


def run(root: Path, data_dir: Path, seeds_dir: Path, content_dir: Path) -> CheckResult:
    """Load the facts and check every macro call in every page."""
    fact_base, problems = factbase.collect(data_dir, seeds_dir, root)
    page_list, calls, page_problems = pages.scan_dir(content_dir, root)
    problems.extend(page_problems)
    if fact_base is None:
        return CheckResult(None, problems)
    problems.extend(pages.check_calls(fact_base, calls))
    return CheckResult(fact_base, problems, pages.citations_by_page(fact_base, page_list, calls))
