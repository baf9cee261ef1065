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


def on_config(config: Any) -> Any:
    """Drop "edit this page" links when no repository is configured (REPO_URL unset)."""
    if not config.get("repo_url"):
        config["edit_uri"] = None
        config["edit_uri_template"] = None
    return config


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Fill in the reading time, number the citations (sources at the end), describe the page."""
    from macros import _built  # noqa: PLC0415
    from macros.engine import (  # noqa: PLC0415
        footnotes,
        pagemeta,
        tables,
    )
    from macros.engine.markup import PageContext  # noqa: PLC0415
    from macros.engine.reading import fill_reading_time  # noqa: PLC0415

    fb = _built.get("fact_base")
    if fb is not None and page.meta.get("template") != "embed.html":
        html = footnotes.number_citations(fb, PageContext.for_url(page.url), html)
        html = tables.label_cells(html)
    # After the citations are numbers: the time counts the words a reader reads.
    html = fill_reading_time(html)
    meta = page.meta
    if not meta.get("description"):
        meta["description"] = pagemeta.description(html, config.get("site_description") or "")
    return html
