"""The three functions mkdocs-macros looks for, for any site on this engine (glue, thin).

A site's macros/__init__.py re-exports them; each hands the call to macros/glue.py,
re-imported first when `make serve` sees an edited engine or topic module.
"""

from __future__ import annotations

import os
import time
from typing import Any

from macros.reload import current, fresh


def _given_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as the user gave it (read once, as input; never written back)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not given:
        return None
    try:
        return int(given)
    except ValueError:
        raise SystemExit(
            f"SOURCE_DATE_EPOCH={given!r}: give whole seconds since 1970 (e.g. 1764115200)"
        ) from None


_GIVEN_EPOCH = _given_epoch()


def define_env(env: Any) -> None:
    """Load and check the facts, then bind the macros (mkdocs-macros calls this per build)."""
    start = time.perf_counter()
    glue = fresh("macros.glue")  # the first build imports the engine here: timed
    glue.define_env(env, _GIVEN_EPOCH, time.perf_counter() - start)


def on_pre_page_macros(env: Any) -> None:
    """Render a plain page without Jinja's compiler (mkdocs-macros calls this)."""
    current("macros.glue").on_pre_page_macros(env)


def on_post_page_macros(env: Any) -> None:
    """Add the 'Last updated' line to a page (mkdocs-macros calls this)."""
    current("macros.glue").on_post_page_macros(env)


def on_post_build(env: Any) -> None:
    """Write the exports into the built site (mkdocs-macros calls this)."""
    current("macros.glue").on_post_build(env)


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages (a MkDocs hook: a site's hooks file re-exports it)."""
    return current("macros.glue").on_files(files, config)


def on_config(config: Any) -> Any:
    """Drop "edit this page" links when no repository is configured (REPO_URL unset)."""
    if not config.get("repo_url"):
        config["edit_uri"] = None
        config["edit_uri_template"] = None
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Finish a page's HTML (a MkDocs hook: a site's hooks file re-exports it).

    Citations become numbers with the page's sources at its end, every headed table is
    labelled for phone cards, the reading time is counted from what is left to read, and
    the page gets a meta description from its own first words.
    """
    del files
    html = current("macros.glue").restore_blocks(html, config)
    fb = fact_base(config)
    if fb is not None and page.meta.get("template") != "embed.html":
        context = current("macros.engine.markup").PageContext.for_url(page.url)
        html = current("macros.engine.footnotes").number_citations(fb, context, html)
        html = current("macros.engine.glossary").link_first_marks(context, html)
    html = current("macros.engine.tables").label_cells(html)
    filled: str = current("macros.engine.reading").fill_reading_time(html)
    if not page.meta.get("description"):
        describe = current("macros.engine.pagemeta").description
        page.meta["description"] = describe(filled, config.get("site_description") or "")
    return filled


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Add the topic's values the templates need (a MkDocs hook, re-exported by hooks files)."""
    del page, nav
    return current("macros.glue").page_context(context, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Give MkDocs' pages the build's date (a MkDocs hook: a site's hooks file re-exports it)."""
    current("macros.glue").on_nav(files, config)
    return nav


def fact_base(config: Any) -> Any:
    """Return this build's fact base to a MkDocs hook (None without the macros plugin)."""
    return current("macros.glue").fact_base_of(config)
