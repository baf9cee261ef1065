"""MkDocs hook (glue): replace the documents of Material's search index with the engine's.

Material's search plugin still writes search/search_index.json (and its page furniture);
after it, this hook rewrites the file from each page's content HTML through
macros.engine.searchindex: short results, one per entry, names kept as typed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
_pages: list[Any] = []


def _kept(config: Any) -> Any:
    """Return the preview's kept state (macros/partial.py), or None in a one-off build."""
    from macros.partial import partial_of  # noqa: PLC0415

    return partial_of(config)


def on_pre_build(config: Any) -> None:
    """Forget the pages of a previous build (`make serve` rebuilds in one process)."""
    _pages.clear()
    _skip_material_documents(config)


def _gather_nothing(page: Any) -> None:
    """Stands in for the index method of Material's search plugin."""
    del page


def _skip_material_documents(config: Any) -> None:
    """Spare Material's search plugin its parse of every page: this hook replaces its documents.

    Material's plugin parses each page's HTML into documents that on_post_build below throws
    away (only the file's config is read); it still strips the data-search-* attributes from
    the pages and writes the file, which is all of it this site uses.
    """
    plugin = config["plugins"].get("material/search") or config["plugins"].get("search")
    index = getattr(plugin, "search_index", None)
    if index is not None and hasattr(index, "add_entry_from_context"):
        index.add_entry_from_context = _gather_nothing


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Remember each page's content HTML, unless its front matter leaves it out of search.

    Read here, before Material's search plugin strips data-search-*="..." attributes from
    the page (in on_page_context): the titles and boosts of entries are written in them.
    """
    search = page.meta.get("search") or {}
    entry = (page.url, str(page.meta.get("title") or page.title or ""), html)
    kept = _kept(config)
    if kept is not None:
        # The preview keeps every page's entry, in the site's order; a rebuilt page's
        # replaces its own (macros/partial.py).
        if search.get("exclude"):
            kept.search_pages.pop(page.url, None)
        else:
            kept.search_pages[page.url] = entry
    elif not search.get("exclude"):
        _pages.append(entry)
    return html


def on_post_build(config: Any) -> None:
    """Rewrite the search index that Material's search plugin has just written."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros.engine.searchindex import IndexedPage, build_index  # noqa: PLC0415
    from macros.entry import fact_base  # noqa: PLC0415

    path = Path(config["site_dir"]) / INDEX
    if not path.is_file():
        return
    lang = json.loads(path.read_text(encoding="utf-8"))["config"]["lang"]
    fb = fact_base(config)
    short = fb.settings.search_short_entries_above if fb is not None else None
    kept = _kept(config)
    pages = kept.search_pages.values() if kept is not None else _pages
    parsed = kept.search_parsed if kept is not None else None
    index = build_index((IndexedPage(*page) for page in pages), lang, short, parsed)
    # Written as Material writes it (compact JSON), so that builds stay byte-identical.
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
