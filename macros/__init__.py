"""mkdocs-macros glue: load the fact base once per build and register the renderers."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.exceptions import PluginError

from macros.markup import PageContext, PageRef

# Engine modules in dependency order, so that `make serve` can pick up edits to them.
_ENGINE = (
    "schema",
    "yamlload",
    "markup",
    "factbase",
    "citations",
    "timeline",
    "figures",
    "charts",
    "reference",
    "registry",
    "pages",
    "check",
)
_seen_mtimes: dict[str, float] = {}


def _engine() -> dict[str, ModuleType]:
    """Return the engine modules, reloading them if their source changed since last build."""
    modules = {name: importlib.import_module(f"{__name__}.{name}") for name in _ENGINE}
    mtimes = {name: Path(str(mod.__file__)).stat().st_mtime for name, mod in modules.items()}
    if _seen_mtimes and mtimes != _seen_mtimes:
        for name in _ENGINE:
            modules[name] = importlib.reload(sys.modules[f"{__name__}.{name}"])
    _seen_mtimes.update(mtimes)
    return modules


def _bind(
    env: Any,
    fb: Any,
    func: Callable[..., str],
    citations: Mapping[str, tuple[PageRef, ...]],
    context: type[PageContext],
) -> Callable[..., str]:
    def macro(*args: Any, **kwargs: Any) -> str:
        page = env.page
        ctx = context.for_url(page.url, page.file.src_path, citations)
        return func(fb, ctx, *args, **kwargs)

    macro.__name__ = func.__name__
    macro.__doc__ = func.__doc__
    return macro


def define_env(env: Any) -> None:
    """Check data and pages, then bind the renderers (mkdocs-macros calls this per build)."""
    engine = _engine()
    root = Path(env.conf["config_file_path"]).resolve().parent
    result = engine["check"].run(root, root / "data", root / "seeds", Path(env.conf["docs_dir"]))
    if result.errors or result.fact_base is None:
        lines = [str(p) for p in result.errors]
        raise PluginError(
            "the fact base or a page has problems:\n"
            + "\n".join(lines)
            + f"\n{len(lines)} problem(s): fix them and build again (or run `make check`)."
        )
    context = engine["markup"].PageContext
    for name, func in engine["registry"].MACROS.items():
        env.macro(_bind(env, result.fact_base, func, result.citations, context), name)
