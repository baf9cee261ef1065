"""One pass over data/, seeds/ and content/: every problem, with file and line."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.engine import factbase, links, pages, registry, urls
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


@dataclass(frozen=True)
class Navigation:
    """The site's navigation, for checking that every page is in it."""

    nav: Any
    not_in_nav: tuple[str, ...] = ()
    config: str = "mkdocs.yml"
    line: int = 1


def page_link_problems(
    content_dir: Path,
    page_list: Iterable[pages.PageSource],
    calls: Iterable[pages.MacroCall],
    rendered: Mapping[pages.CallKey, str],
    generated: Iterable[str],
) -> list[Problem]:
    """Check every page's links and #anchors against the pages and their anchors."""
    texts: list[links.PageText] = []
    refused: list[str] = []
    for page in page_list:
        body = (content_dir / page.src_path).read_text(encoding="utf-8-sig")
        if pages.page_limits(page.path, body):
            refused.append(page.src_path)  # reported by the scan: not read any further
            continue
        texts.append(links.PageText(page.path, page.src_path, body))
    by_page: dict[str, list[pages.MacroCall]] = {}
    for call in calls:
        by_page.setdefault(call.path, []).append(call)
    page_anchors: dict[str, set[str] | None] = {}
    for text in texts:
        outputs = [
            rendered.get(pages.call_key(call.name, call.args, call.kwargs))
            for call in by_page.get(text.path, [])
            if call.name not in registry.PLUGIN_BUILTINS
        ]
        # A page whose macros could not all be rendered here keeps its anchors unchecked.
        known = [output for output in outputs if output is not None]
        complete = len(known) == len(outputs)
        page_anchors[text.src_path] = links.anchors(text.text, known) if complete else None
    return links.link_problems(texts, page_anchors, [*generated, *refused])


def _tree_key(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Each file under the folders with its size and modification time (a change shows)."""
    found = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    found.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@dataclass(repr=False)
class Warm:
    """What a long-running preview keeps from one check to the next (`make serve`).

    The fact base is reused while no file under data/ and seeds/ changed (and the topic
    and settings are the same); the rendered macro calls are reused while, besides, the
    pages cite the same sources from the same pages. A page edit then costs a page scan.
    (No generated repr: it sits in MkDocs' config, which mkdocs-macros prints to JSON for
    its debug log on every build, and the fact base's repr is slow.)
    """

    key: tuple[Any, ...] = ()
    loaded: tuple[FactBase, tuple[Problem, ...]] | None = None
    citations: Mapping[str, tuple[PageRef, ...]] = field(default_factory=dict)
    # The citations with what the pages' calls showed, that the source list was made with.
    shown: Mapping[str, tuple[PageRef, ...]] = field(default_factory=dict)
    rendered: dict[pages.CallKey, str] = field(default_factory=dict)
    # The fields of the (watched) fact base each rendered call read.
    reads: dict[pages.CallKey, frozenset[str]] = field(default_factory=dict)
    # The fields that differ between the last fact base and the one before (None: all).
    changed: frozenset[str] | None = None
    # Each data file's records while its size and time are the same.
    files: factbase.KeptFiles = field(default_factory=dict)
    # Each page's macro scan while its text is the same (kept until the macros change).
    scans: pages.Scans = field(default_factory=dict)

    def load(
        self, data_dir: Path, seeds_dir: Path, root: Path, topic: Topic, settings: Settings
    ) -> tuple[FactBase, list[Problem]]:
        """Return the fact base and its problems, loaded again only when the data changed."""
        key = (id(topic), settings, _tree_key(data_dir, seeds_dir))
        if self.loaded is None or key != self.key:
            partial, problems = factbase.collect_partial(
                data_dir, seeds_dir, root, topic, settings, kept=self.files, watched=True
            )
            old = self.loaded[0] if self.loaded is not None and key[:2] == self.key[:2] else None
            self.changed = None if old is None else factbase.changed_fields(old, partial)
            watched = factbase.WatchedFactBase
            if isinstance(old, watched) and isinstance(partial, watched) and self.changed:
                partial.adopt(old, self.changed)
            self.key, self.loaded = key, (partial, tuple(problems))
            self._keep_unchanged()
        return self.loaded[0], list(self.loaded[1])

    def _keep_unchanged(self) -> None:
        """Keep the rendered calls that read none of the fields the new fact base changed."""
        changed = self.changed
        if changed is None:
            self.citations, self.shown, self.rendered, self.reads = {}, {}, {}, {}
            return
        for call in [k for k, read in self.reads.items() if read & changed]:
            self.rendered.pop(call, None)
            del self.reads[call]
        for call in self.rendered.keys() - self.reads.keys():
            del self.rendered[call]  # made without noting its reads

    def rendered_for(
        self, citations: Mapping[str, tuple[PageRef, ...]]
    ) -> dict[pages.CallKey, str]:
        """Return the kept outputs of macro calls if the pages cite as before, else none."""
        if citations != self.citations:
            self.citations, self.rendered, self.reads = citations, {}, {}
        return self.rendered

    def listings_for(self, shown: Mapping[str, tuple[PageRef, ...]], names: set[str]) -> None:
        """Forget the source list's calls (by macro name) if what pages show citing changed.

        The list's calls, on its own page and on its generated parts, read the citations
        with what the pages' calls showed (pages.citations_by_page), which can change while
        the citations their arguments name stay the same.
        """
        if shown != self.shown:
            self.shown = shown
            for key in [key for key in self.rendered if key[0] in names]:
                del self.rendered[key]
                self.reads.pop(key, None)


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
    navigation: Navigation | None = None,
    warm: Warm | None = None,
) -> CheckResult:
    """Load the facts, check every macro call in every page, and flag what looks wrong.

    With `warm` (the preview), what did not change since its last run is reused.
    """
    settings = settings or Settings()
    start = time.perf_counter()
    # Pages are checked against whatever loaded, so one run names every problem: a data
    # error does not hide a misspelled id in a page.
    if warm is not None:
        partial, problems = warm.load(data_dir, seeds_dir, root, topic, settings)
    else:
        partial, problems = factbase.collect_partial(data_dir, seeds_dir, root, topic, settings)
    data_sound = not any(p.severity == "error" for p in problems)
    loaded = time.perf_counter()
    names = registry.macros_for(topic).keys()
    known = warm.scans if warm is not None else None
    page_list, calls, page_problems = pages.scan_dir(content_dir, root, names, known)
    problems.extend(page_problems)
    citations = pages.citations_by_page(partial, page_list, calls)
    rendered: dict[pages.CallKey, str] = warm.rendered_for(citations) if warm is not None else {}
    reads = warm.reads if warm is not None else None
    # The source list says which pages cite each source: it is rendered last, once the other
    # pages' calls have shown what they cite (pages.citations_by_page with `rendered`).
    listing = pages.on_sources_pages(page_list)
    lists = [call for call in calls if call.path in listing]
    problems.extend(
        pages.check_calls(
            partial, [c for c in calls if c.path not in listing], citations, rendered, reads
        )
    )
    citations = pages.citations_by_page(partial, page_list, calls, rendered)
    if warm is not None:
        warm.listings_for(citations, {call.name for call in lists})
    problems.extend(pages.check_calls(partial, lists, citations, rendered, reads))
    generated = urls.generated_pages(partial) if data_sound else {}
    problems.extend(page_link_problems(content_dir, page_list, calls, rendered, generated))
    if navigation is not None:
        problems.extend(
            links.nav_problems(
                [p.src_path for p in page_list],
                navigation.nav,
                navigation.not_in_nav,
                config=navigation.config,
                nav_line=navigation.line,
            )
        )
    if not data_sound:
        return CheckResult(None, _sorted(problems))
    problems.extend(uncited_sources(partial, citations))
    if today is not None:
        max_years = max_figure_age_years or settings.max_figure_age_years
        problems.extend(stale_figures(partial, today, max_years))
    timings = {"load": loaded - start, "scan": time.perf_counter() - loaded}
    return CheckResult(partial, _sorted(problems), citations, tuple(calls), rendered, timings)


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.severity != "error"))


def github_annotation(problem: Problem) -> str:
    """Format a problem as a GitHub Actions workflow command (an inline annotation)."""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = problem.path.replace(",", "%2C").replace(":", "%3A")
    return f"::{problem.severity} file={path},line={max(problem.line, 1)}::{message}"
