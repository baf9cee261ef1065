"""MkDocs hooks (glue): add the pages a large fact base needs (per-year timelines and so on)."""

from __future__ import annotations

from typing import Any


def on_files(files: Any, config: Any) -> Any:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    # Imported here: mkdocs-macros has put the project on sys.path by the time MkDocs
    # collects files, and the glue finds this build's fact base through the config.
    from macros.reload import current  # noqa: PLC0415

    return current("macros.glue").on_files(files, config)
