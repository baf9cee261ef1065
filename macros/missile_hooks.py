"""MkDocs hook (glue): link missile names on every page to their entries on /missiles/."""

from __future__ import annotations

from typing import Any


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Link the missile names of a rendered page (not /missiles/ itself, nor the embeds)."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros import _built  # noqa: PLC0415
    from macros.engine.markup import PageContext  # noqa: PLC0415
    from macros.northkorea.missiles import MISSILES_PAGE, link_missile_names  # noqa: PLC0415

    del config, files
    fb = _built.get("fact_base")
    if fb is None or page.url == MISSILES_PAGE or page.url.startswith("embed/"):
        return html
    return link_missile_names(fb, PageContext.for_url(page.url), html)
