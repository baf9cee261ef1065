"""MkDocs hooks (glue): missile names link to /missiles/; the map's embed gets its oEmbed file."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Link the missile names of a rendered page (not /missiles/ itself, nor the embeds)."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros.engine.markup import PageContext  # noqa: PLC0415
    from macros.entry import fact_base  # noqa: PLC0415
    from macros.northkorea.missiles import MISSILES_PAGE, link_missile_names  # noqa: PLC0415

    del files
    fb = fact_base(config)
    if fb is None or page.url == MISSILES_PAGE or page.url.startswith("embed/"):
        return html
    linked: str = link_missile_names(fb, PageContext.for_url(page.url), html)
    return linked


def on_post_build(config: Any) -> None:
    """Write the oEmbed file of the map's embed page, as the timeline's embeds have."""
    from macros.entry import fact_base  # noqa: PLC0415
    from macros.northkorea.geo import MAP_EMBED_PAGE, map_oembed  # noqa: PLC0415

    fb = fact_base(config)
    target = Path(config["site_dir"]) / MAP_EMBED_PAGE / "oembed.json"
    if fb is not None and target.parent.is_dir():
        target.write_bytes(map_oembed(fb.settings.site, fb.topic.embed_namespace))
