"""MkDocs hooks (glue): add the pages a large fact base needs, and fill in reading times."""

from __future__ import annotations

from typing import Any


def on_files(files: Any, config: Any) -> Any:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros.entry import on_files as add_pages  # noqa: PLC0415

    return add_pages(files, config)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Fill in the page's reading time (if it asks for one) from the words it shows."""
    from macros.entry import on_page_content as fill  # noqa: PLC0415

    return fill(html, page, config, files)


def on_config(config: Any) -> Any:
    """Show no repository or edit links unless REPO_URL names the repository."""
    from macros.entry import on_config as configure  # noqa: PLC0415

    return configure(config)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Give the templates the topic's embed namespace (embed.html writes it for frame.js)."""
    from macros.entry import on_page_context as give  # noqa: PLC0415

    return give(context, page, config, nav)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Give every page the build's date (the sitemap's <lastmod>), not the clock's."""
    from macros.entry import on_nav as date_pages  # noqa: PLC0415

    return date_pages(nav, config, files)
