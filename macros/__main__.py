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

from macros import paths
from macros.engine import check, docs, scaffold, schema_export
from macros.northkorea.importers import launches


def _check(args: argparse.Namespace) -> int:
    """Validate data, seeds and pages; print every problem; exit 1 on errors."""
    start = time.perf_counter()
    result = check.run(
        paths.ROOT,
        paths.DATA_DIR,
        paths.SEEDS_DIR,
        paths.CONTENT_DIR,
        today=dt.date.today(),
        max_figure_age_years=args.max_figure_age,
    )
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in result.problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
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
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    command += ["--config-file", str(paths.ROOT / "mkdocs.yml"), "--site-dir", str(staging)]
    done = subprocess.run(command, check=False, env=os.environ.copy())  # noqa: S603
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {target} was left as it was.", file=sys.stderr)
        return done.returncode
    old = target.with_name(f"{staging.name}-old")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"built {target} in {time.perf_counter() - start:.2f}s")
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
    """Append a valid stub with a fresh id, then check the whole fact base."""
    path = Path(args.file)
    if not path.is_absolute():
        path = paths.ROOT / path
    try:
        taken = scaffold.taken_ids([*paths.DATA_DIR.glob("*.yml"), *paths.SEEDS_DIR.glob("*.yml")])
        if args.kind == "event":
            date = scaffold.check_date(args.date)
            category = scaffold.check_choice(args.category, scaffold.CATEGORIES, "category")
            record_id = scaffold.fresh_id(f"{date}-{scaffold.slugify(args.title)}", taken)
            block = scaffold.event_stub(record_id, args.title, date, category, args.source)
            collection = "events"
        else:
            source_date = scaffold.check_date(args.date) if args.date else None
            kind = scaffold.check_choice(args.source_kind, scaffold.SOURCE_KINDS, "kind")
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
    try:
        scaffold.append(path, collection, block)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    result = check.run(paths.ROOT, paths.DATA_DIR, paths.SEEDS_DIR, paths.CONTENT_DIR)
    if result.errors:
        # Leave the file as it was: a scaffold must never break the build.
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print("nothing written: fix the problems above and try again", file=sys.stderr)
        return 1
    print(f"added {collection[:-1]} {record_id!r} to {path.relative_to(paths.ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand and return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    checker = sub.add_parser(
        "check", help="validate data/, seeds/ and every macro call in content/"
    )
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
    new_event.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM or YYYY, Korea time")
    new_event.add_argument("--category", required=True, choices=scaffold.CATEGORIES)
    new_event.add_argument("--source", required=True, help="id of an existing source")
    new_event.add_argument("--file", default="data/events.yml")
    new_source = new_kinds.add_parser("source", help="a source document")
    new_source.add_argument("--publisher", required=True)
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
