"""MkDocs hooks (glue): add the pages a large fact base needs (per-year timelines and so on)."""

from __future__ import annotations

from typing import Any


def on_files(files: Any, config: Any) -> Any:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros.entry import on_files as add_pages  # noqa: PLC0415

    return add_pages(files, config)
