"""Command line of a site: `python -m macros check | build | schema | docs | new ...`.

Generic: a site's macros/__main__.py calls main() with its root folder and topic, and
may add commands of its own (this site adds import-launches). `build` runs MkDocs in a
child process; nothing here imports MkDocs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.engine import check, docs, newsite, scaffold, schema_export, settings, site_config
from macros.engine.topic import Topic

Handler = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Project:
    """A site on disk: its folders, its topic and its settings (from its mkdocs.yml)."""

    root: Path
    topic: Topic
    # Commands the site adds: each gets the subparsers and returns {name: handler}.
    commands: tuple[Callable[[Any], dict[str, Handler]], ...] = field(default=())

    @property
    def data_dir(self) -> Path:
        """Return the data/ folder."""
        return self.root / "data"

    @property
    def seeds_dir(self) -> Path:
        """Return the seeds/ folder."""
        return self.root / "seeds"

    @property
    def content_dir(self) -> Path:
        """Return the content/ folder."""
        return self.root / "content"

    @property
    def schema_dir(self) -> Path:
        """Return where the JSON Schema of data files goes."""
        return self.data_dir / "schema"

    def settings(self) -> settings.Settings:
        """Read the site's settings from its mkdocs.yml."""
        return settings.from_file(self.root / "mkdocs.yml")

    def check(self, today: dt.date | None = None, max_age: int | None = None) -> check.CheckResult:
        """Run the whole check of this project (pages against the nav of its mkdocs.yml)."""
        config_file = self.root / "mkdocs.yml"
        config = site_config.read_nav(config_file) if config_file.is_file() else None
        return check.run(
            self.root,
            self.data_dir,
            self.seeds_dir,
            self.root / (config.docs_dir if config else "content"),
            topic=self.topic,
            settings=self.settings(),
            today=today,
            max_figure_age_years=max_age,
            navigation=None
            if config is None
            else check.Navigation(config.nav, config.not_in_nav, "mkdocs.yml", config.nav_line),
        )


def _check(project: Project, args: argparse.Namespace) -> int:
    """Validate data, seeds and pages; print every problem; exit 1 on errors."""
    start = time.perf_counter()
    if args.project:
        project = dataclasses.replace(project, root=Path(args.project).resolve())
    result = project.check(today=dt.date.today(), max_age=args.max_figure_age)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    # One list, in file and line order, on one stream: what to fix, top to bottom.
    for problem in result.problems:
        print(problem, file=sys.stderr)
        if in_actions:
            print(check.github_annotation(problem))
    elapsed = time.perf_counter() - start
    errors, warnings = len(result.errors), len(result.warnings)
    fb = result.fact_base
    if errors or fb is None:
        print(
            f"{errors} error(s), {warnings} warning(s) in {elapsed:.2f}s: "
            "fix the errors and run `make check` again.",
            file=sys.stderr,
        )
        return 1
    print(
        f"ok: {len(fb.events)} events, {len(fb.sources)} sources, {len(fb.figures)} figures, "
        f"{len(fb.seeds)} seed document(s) checked in {elapsed:.2f}s; {warnings} warning(s)"
    )
    return 0


def _build(project: Project, args: argparse.Namespace) -> int:
    """Build into a fresh folder and swap it in only when the build succeeded."""
    target = Path(args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    start = time.perf_counter()
    # Quiet: a good build says one line; warnings and errors still print.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet"]
    command += ["--config-file", str(project.root / "mkdocs.yml"), "--site-dir", str(staging)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, check=False, env=env)  # noqa: S603
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {target} was left as it was.", file=sys.stderr)
        return done.returncode
    old = target.with_name(f"{staging.name}-old")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in target.rglob("index.html"))
    shown = target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target
    print(f"built {shown}/: {pages} pages in {time.perf_counter() - start:.1f}s")
    return 0


def _schema(project: Project, args: argparse.Namespace) -> int:
    """Write the JSON Schema files that editors use to check data files."""
    root = project.root
    for path in schema_export.write(Path(args.out_dir), project.topic):
        print(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    return 0


def _docs(project: Project, _args: argparse.Namespace) -> int:
    """Regenerate the macro reference in CONTRIBUTING.md from the registry."""
    changed = docs.update(project.root / "CONTRIBUTING.md", project.topic)
    print("CONTRIBUTING.md macro reference " + ("updated" if changed else "is up to date"))
    return 0


def _new(project: Project, args: argparse.Namespace) -> int:
    """Add a stub record in date order, then check the whole fact base."""
    path = Path(args.file)
    if not path.is_absolute():
        path = project.root / path
    categories = [c.id for c in project.topic.categories]
    date: str | None = None
    try:
        taken = scaffold.taken_ids(
            [*project.data_dir.glob("*.yml"), *project.seeds_dir.glob("*.yml")]
        )
        if args.kind == "event":
            date = scaffold.check_date(args.date)
            if categories:
                scaffold.check_choice(args.category, categories, "category")
            if args.id:
                record_id = scaffold.check_id(args.id, taken, date=date)
            else:
                record_id = scaffold.fresh_id(f"{date}-{scaffold.slugify(args.title)}", taken)
            block = scaffold.event_stub(record_id, args.title, date, args.category, args.source)
            collection = "events"
        else:
            source_date = scaffold.check_date(args.date) if args.date else None
            kind = scaffold.check_choice(args.source_kind, scaffold.SOURCE_KINDS, "kind")
            if args.id:
                record_id = scaffold.check_id(args.id, taken)
            else:
                base = scaffold.slugify(f"{args.publisher} {args.title}", 50)
                record_id = scaffold.fresh_id(base, taken)
            block = scaffold.source_stub(
                record_id, args.publisher, args.title, url=args.url, date=source_date, kind=kind
            )
            collection = "sources"
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    before = path.read_bytes() if path.exists() else None
    scaffold.insert(path, collection, block, date)
    result = project.check()
    # The stub's own blanks (summary, actors) are for the contributor to fill in; any
    # other problem means the stub would break the build, so the file is left as it was.
    to_fill = [
        p for p in result.errors if f"(id {record_id})" in p.message and "is empty" in p.message
    ]
    others = [p for p in result.errors if p not in to_fill]
    if others:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        for problem in others:
            print(problem, file=sys.stderr)
        print("nothing written: fix the problems above and try again", file=sys.stderr)
        return 1
    print(f"added {collection[:-1]} {record_id!r} to {path.relative_to(project.root)}")
    for problem in to_fill:
        print(f"  to do: {problem}")
    if to_fill:
        print("fill those in, then run `make check`: it refuses them while they are empty")
    return 0


def _new_site(project: Project, args: argparse.Namespace) -> int:
    """Scaffold a new explainer that uses this engine (see macros/engine/newsite.py)."""
    del project
    try:
        written = newsite.scaffold(Path(args.dir), args.title)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files into {args.dir}: cd there and run `make serve`")
    return 0


def main(project: Project, argv: list[str] | None = None) -> int:
    """Run a subcommand and return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    defaults = project.settings()
    checker = sub.add_parser(
        "check", help="validate data/, seeds/ and every macro call in content/"
    )
    checker.add_argument("--project", help="the explainer's folder (default: this one)")
    checker.add_argument(
        "--max-figure-age",
        type=int,
        default=defaults.max_figure_age_years,
        help="warn about figures whose 'as of' date is older than this many years",
    )
    build = sub.add_parser("build", help="strict build, swapped into place only on success")
    build.add_argument("--site-dir", default=str(project.root / "site"))
    schema_cmd = sub.add_parser("schema", help="export JSON Schema for data/ and seeds/ files")
    schema_cmd.add_argument("--out-dir", default=str(project.schema_dir))
    sub.add_parser("docs", help="regenerate the macro reference in CONTRIBUTING.md")
    new = sub.add_parser("new", help="append a valid stub with a fresh id to a data file")
    new_kinds = new.add_subparsers(dest="kind", required=True)
    new_event = new_kinds.add_parser("event", help="a timeline event")
    new_event.add_argument("--title", required=True)
    new_event.add_argument("--id", help="the id to use (default: the date and the title's words)")
    zone = project.topic.time_zone.label
    new_event.add_argument("--date", required=True, help=f"YYYY-MM-DD, YYYY-MM or YYYY, {zone}")
    categories = [c.id for c in project.topic.categories]
    new_event.add_argument("--category", required=True, choices=categories or None)
    new_event.add_argument("--source", required=True, help="id of an existing source")
    new_event.add_argument("--file", default="data/events.yml")
    new_source = new_kinds.add_parser("source", help="a source document")
    new_source.add_argument("--publisher", required=True)
    new_source.add_argument("--id", help="the id to use (default: the publisher and title's words)")
    new_source.add_argument("--title", required=True)
    new_source.add_argument("--url", help="a real http(s) address; leave out if there is none")
    new_source.add_argument("--date", help="the page's date")
    new_source.add_argument(
        "--kind", dest="source_kind", default="news", choices=scaffold.SOURCE_KINDS
    )
    new_source.add_argument("--file", default="data/sources.yml")
    new_site = sub.add_parser("new-site", help="scaffold a new explainer that uses this engine")
    new_site.add_argument("dir", help="the folder to create (must not exist or be empty)")
    new_site.add_argument("--title", required=True, help="the new site's name")
    handlers: dict[str, Handler] = {
        "docs": lambda a: _docs(project, a),
        "new": lambda a: _new(project, a),
        "new-site": lambda a: _new_site(project, a),
        "schema": lambda a: _schema(project, a),
        "check": lambda a: _check(project, a),
        "build": lambda a: _build(project, a),
    }
    for add in project.commands:
        handlers.update(add(sub))
    args = parser.parse_args(argv)
    return handlers[args.command](args)
