"""`python -m macros ...`: the engine's command line for this site, plus import-launches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from macros import paths
from macros.engine.cli import Handler, Project, main
from macros.northkorea.importers import launches
from macros.northkorea.topic import TOPIC


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


def _commands(sub: Any) -> dict[str, Handler]:
    """Add this site's own commands: serve (glue: MkDocs' preview) and import-launches."""
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
    return {"import-launches": _import_launches, "serve": _serve}


PROJECT = Project(paths.ROOT, TOPIC, (_commands,))


def run(argv: list[str] | None = None) -> int:
    """Run one command of this site's command line and return its exit code."""
    return main(PROJECT, argv)


if __name__ == "__main__":
    sys.exit(run())
