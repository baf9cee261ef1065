"""One pass over data/, seeds/ and content/: every problem, with file and line."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from macros.engine import factbase, pages
from macros.engine.factbase import GENERIC_TOPIC, FactBase, Problem
from macros.engine.markup import PageRef
from macros.engine.settings import Settings
from macros.engine.topic import Topic


@dataclass(frozen=True)
class CheckResult:
    """The fact base (when sound), the page scan, and every problem found."""

    fact_base: FactBase | None
    problems: list[Problem]
    citations: Mapping[str, tuple[PageRef, ...]] = field(default_factory=dict)
    calls: tuple[pages.MacroCall, ...] = ()
    # Output of each literal macro call, rendered once (see pages.check_calls).
    rendered: Mapping[pages.CallKey, str] = field(default_factory=dict)
    # Seconds spent loading and validating the facts ("load"), and reading the pages and
    # rendering their calls once ("scan"): the benchmark reports them.
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that must stop a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems worth a look that do not stop a build."""
        return [p for p in self.problems if p.severity == "warning"]


def cited_source_ids(fb: FactBase, page_citations: Mapping[str, object]) -> set[str]:
    """Return every source id that some record or page cites."""
    cited: set[str] = set(page_citations)
    for name in fb.collection_names():
        for record in fb.collection(name).values():
            _cited_in(record, cited)
    for seed in fb.seeds:
        for claim in seed.claims:
            _cited_in(claim, cited)
    return cited


def _cited_in(record: BaseModel, cited: set[str]) -> None:
    """Add every source id a record (or a record nested in it) names."""
    model = type(record)
    for key, (kind, many) in factbase.references(model).items():
        if kind == "sources":
            name = next(n for n, f in model.model_fields.items() if (f.alias or n) == key)
            value = getattr(record, name)
            if value is not None:
                cited.update(value if many else [value])
    for name in model.model_fields:
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                _cited_in(item, cited)


def uncited_sources(fb: FactBase, page_citations: Mapping[str, object]) -> list[Problem]:
    """Warn about sources that nothing cites: a typo elsewhere, or clutter."""
    cited = cited_source_ids(fb, page_citations)
    problems = []
    for source_id in fb.sources:
        if source_id not in cited:
            path, line = fb.origins.get(source_id, ("data", 0))
            problems.append(
                Problem(
                    path,
                    line,
                    f"source {source_id!r} is not cited by any event, figure or page "
                    "(cite it, or remove it)",
                    "warning",
                )
            )
    return problems


def stale_figures(fb: FactBase, today: dt.date, max_years: int) -> list[Problem]:
    """Warn about figures whose 'as of' date is older than max_years."""
    limit = today.replace(year=today.year - max_years)
    problems = []
    for figure in fb.figures.values():
        if not figure.historical and figure.as_of.last_day() < limit:
            path, line = fb.origins.get(figure.id, ("data", 0))
            problems.append(
                Problem(
                    path,
                    line,
                    f"figure {figure.id!r} is as of {figure.as_of.human()}, more than "
                    f"{max_years} years ago (look for a newer figure, or keep it as history)",
                    "warning",
                )
            )
    return problems


def run(
    root: Path,
    data_dir: Path,
    seeds_dir: Path,
    content_dir: Path,
    *,
    topic: Topic = GENERIC_TOPIC,
    settings: Settings | None = None,
    today: dt.date | None = None,
    max_figure_age_years: int | None = None,
) -> CheckResult:
    """Load the facts, check every macro call in every page, and flag what looks wrong."""
    settings = settings or Settings()
    start = time.perf_counter()
    fact_base, problems = factbase.collect(data_dir, seeds_dir, root, topic, settings)
    loaded = time.perf_counter()
    page_list, calls, page_problems = pages.scan_dir(content_dir, root)
    problems.extend(page_problems)
    if fact_base is None:
        return CheckResult(None, _sorted(problems))
    citations = pages.citations_by_page(fact_base, page_list, calls)
    rendered: dict[pages.CallKey, str] = {}
    problems.extend(pages.check_calls(fact_base, calls, citations, rendered))
    problems.extend(uncited_sources(fact_base, citations))
    if today is not None:
        max_years = max_figure_age_years or settings.max_figure_age_years
        problems.extend(stale_figures(fact_base, today, max_years))
    timings = {"load": loaded - start, "scan": time.perf_counter() - loaded}
    return CheckResult(fact_base, _sorted(problems), citations, tuple(calls), rendered, timings)


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line))


def github_annotation(problem: Problem) -> str:
    """Format a problem as a GitHub Actions workflow command (an inline annotation)."""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = problem.path.replace(",", "%2C").replace(":", "%3A")
    return f"::{problem.severity} file={path},line={max(problem.line, 1)}::{message}"
