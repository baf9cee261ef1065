"""MkDocs hooks (glue): add the pages a large fact base needs, and fill in reading times."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel


def on_files(files: Files, config: Any) -> Files:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    # Imported here: mkdocs-macros has put the project on sys.path and loaded the fact
    # base by the time MkDocs collects files.
    from macros import _built  # noqa: PLC0415
    from macros.engine import urls  # noqa: PLC0415

    fb = _built.get("fact_base")
    if fb is None:
        return files
    for path, content in urls.generated_pages(fb).items():
        files.append(
            File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Fill in the page's reading time (if it asks for one) from the words it shows."""
    from macros.engine.reading import fill_reading_time  # noqa: PLC0415

    return fill_reading_time(html)
