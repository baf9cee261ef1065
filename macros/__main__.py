"""Command line: `python -m macros check` validates data and pages without building."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from macros import paths, site_config
from macros.engine import check, docs, scaffold, schema_export
from macros.northkorea.importers import launches


def _check(args: argparse.Namespace) -> int:
    """Validate data, seeds and pages; print every problem; exit 1 on errors."""
    start = time.perf_counter()
    root = Path(args.project).resolve() if args.project else paths.ROOT
    config = site_config.read_nav(root / "mkdocs.yml") if (root / "mkdocs.yml").is_file() else None
    result = check.run(
        root,
        root / "data",
        root / "seeds",
        root / (config.docs_dir if config else "content"),
        today=dt.date.today(),
        max_figure_age_years=args.max_figure_age,
        navigation=None
        if config is None
        else check.Navigation(config.nav, config.not_in_nav, "mkdocs.yml", config.nav_line),
    )
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


def _build(args: argparse.Namespace) -> int:
    """Build into a fresh folder and swap it in only when the build succeeded."""
    target = Path(args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    start = time.perf_counter()
    # Quiet: a good build says one line; warnings and errors still print.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet"]
    command += ["--config-file", str(paths.ROOT / "mkdocs.yml"), "--site-dir", str(staging)]
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


def _serve(args: argparse.Namespace) -> int:
    """Live preview; a failed build shows its problems in the browser instead of hanging."""
    from macros import preview  # noqa: PLC0415  (MkDocs is imported only to serve)

    try:
        preview.serve(paths.ROOT / "mkdocs.yml", host=args.host, port=args.port)
    except OSError as err:
        print(
            f"cannot serve on {args.host}:{args.port}: {err.strerror} "
            f"(another preview may be running; pick a port: make serve PORT={args.port + 1})",
            file=sys.stderr,
        )
        return 1
    return 0


def _import_launches(args: argparse.Namespace) -> int:
    """Import the missile-test datasets into data/ and print what was done and not done."""
    dossier = Path(args.dossier) if args.dossier else None
    corrections = Path(args.overrides) if args.overrides else None
    try:
        result = launches.import_launches(
            Path(args.source_dir), Path(args.data_dir), dossier, overrides_path=corrections
        )
    except (OSError, ValueError) as err:
        print(f"import-launches failed: {err}", file=sys.stderr)
        return 1
    print(launches.format_report(result.report))
    return 0


def _schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files that editors use to check data files."""
    for path in schema_export.write(Path(args.out_dir)):
        print(f"wrote {path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path}")
    return 0


def _docs(_args: argparse.Namespace) -> int:
    """Regenerate the macro reference in CONTRIBUTING.md from the registry."""
    changed = docs.update(paths.ROOT / "CONTRIBUTING.md")
    print("CONTRIBUTING.md macro reference " + ("updated" if changed else "is up to date"))
    return 0


def _new(args: argparse.Namespace) -> int:
    """Add a stub record in date order, then check the whole fact base."""
    path = Path(args.file)
    if not path.is_absolute():
        path = paths.ROOT / path
    date: str | None = None
    try:
        taken = scaffold.taken_ids([*paths.DATA_DIR.glob("*.yml"), *paths.SEEDS_DIR.glob("*.yml")])
        if args.kind == "event":
            date = scaffold.check_date(args.date)
            category = scaffold.check_choice(args.category, scaffold.CATEGORIES, "category")
            if args.id:
                record_id = scaffold.check_id(args.id, taken, date=date)
            else:
                record_id = scaffold.fresh_id(f"{date}-{scaffold.slugify(args.title)}", taken)
            block = scaffold.event_stub(record_id, args.title, date, category, args.source)
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
    result = check.run(paths.ROOT, paths.DATA_DIR, paths.SEEDS_DIR, paths.CONTENT_DIR)
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
    print(f"added {collection[:-1]} {record_id!r} to {path.relative_to(paths.ROOT)}")
    for problem in to_fill:
        print(f"  to do: {problem}")
    if to_fill:
        print("fill those in, then run `make check`: it refuses them while they are empty")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand and return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    checker = sub.add_parser(
        "check", help="validate data/, seeds/ and every macro call in content/"
    )
    checker.add_argument("--project", help="the explainer's folder (default: this one)")
    checker.add_argument(
        "--max-figure-age",
        type=int,
        default=check.MAX_FIGURE_AGE_YEARS,
        help="warn about figures whose 'as of' date is older than this many years",
    )
    build = sub.add_parser("build", help="strict build, swapped into place only on success")
    build.add_argument("--site-dir", default=str(paths.ROOT / "site"))
    server = sub.add_parser("serve", help="live preview that shows build errors in the page")
    server.add_argument("--port", type=int, default=8000)
    server.add_argument("--host", default="127.0.0.1")
    imports = sub.add_parser(
        "import-launches",
        help="write data/launches.yml and data/missile-types.yml from the missile-test datasets",
    )
    imports.add_argument("--source-dir", default=str(paths.SHARED_DATA_DIR))
    imports.add_argument("--data-dir", default=str(paths.DATA_DIR))
    imports.add_argument("--dossier", default=str(launches.DEFAULT_DOSSIER))
    imports.add_argument(
        "--overrides",
        default=str(launches.DEFAULT_OVERRIDES),
        help="hand corrections applied to the imported launches ('' for none)",
    )
    schema_cmd = sub.add_parser("schema", help="export JSON Schema for data/ and seeds/ files")
    schema_cmd.add_argument("--out-dir", default=str(paths.SCHEMA_DIR))
    sub.add_parser("docs", help="regenerate the macro reference in CONTRIBUTING.md")
    new = sub.add_parser("new", help="append a valid stub with a fresh id to a data file")
    new_kinds = new.add_subparsers(dest="kind", required=True)
    new_event = new_kinds.add_parser("event", help="a timeline event")
    new_event.add_argument("--title", required=True)
    new_event.add_argument("--id", help="the id to use (default: the date and the title's words)")
    new_event.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY, Korea time")
    new_event.add_argument("--category", required=True, choices=scaffold.CATEGORIES)
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
    args = parser.parse_args(argv)
    handlers = {
        "docs": _docs,
        "new": _new,
        "schema": _schema,
        "check": _check,
        "build": _build,
        "serve": _serve,
        "import-launches": _import_launches,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
