"""mkdocs-macros glue: load the fact base once per build and register the renderers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from macros import check
from macros.factbase import FactBase
from macros.markup import PageContext, PageRef
from macros.registry import MACROS


def _bind(
    env: Any,
    fb: FactBase,
    func: Callable[..., str],
    citations: Mapping[str, tuple[PageRef, ...]],
) -> Callable[..., str]:
    def macro(*args: Any, **kwargs: Any) -> str:
        page = env.page
        ctx = PageContext.for_url(page.url, page.file.src_path, citations)
        return func(fb, ctx, *args, **kwargs)

    macro.__name__ = func.__name__
    macro.__doc__ = func.__doc__
    return macro


def define_env(env: Any) -> None:
    """Check data and pages, then bind the renderers (mkdocs-macros calls this per build)."""
    root = Path(env.conf["config_file_path"]).resolve().parent
    result = check.run(root, root / "data", root / "seeds", Path(env.conf["docs_dir"]))
    if result.errors or result.fact_base is None:
        lines = [str(p) for p in result.errors]
        raise PluginError(
            "the fact base or a page has problems:\n"
            + "\n".join(lines)
            + f"\n{len(lines)} problem(s): fix them and build again (or run `make check`)."
        )
    for name, func in MACROS.items():
        env.macro(_bind(env, result.fact_base, func, result.citations), name)
