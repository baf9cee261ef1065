"""mkdocs-macros glue: load the fact base once per build and register the renderers."""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.exceptions import PluginError

from macros import site_config

# Engine modules in dependency order, so that `make serve` can pick up edits to them.
_ENGINE = (
    "engine.schema",
    "engine.yamlload",
    "engine.markup",
    "engine.factbase",
    "engine.urls",
    "engine.citations",
    "engine.timeline",
    "engine.figures",
    "northkorea.charts",
    "northkorea.svgkit",
    "northkorea.missiles",
    "northkorea.strip",
    "northkorea.geo",
    "engine.reference",
    "engine.exports",
    "engine.embed",
    "engine.reading",
    "engine.registry",
    "engine.pages",
    "engine.check",
    "engine.provenance",
)
_seen_mtimes: dict[str, float] = {}
# The fact base of the current build, kept for on_post_build.
_built: dict[str, Any] = {}
# Seconds spent loading and checking the facts, and inside macros, in this build.
_timings: dict[str, float] = {"load": 0.0, "macros": 0.0}


def _engine() -> dict[str, ModuleType]:
    """Return the engine modules, reloading them if their source changed since last build."""
    modules = {
        name.rpartition(".")[2]: importlib.import_module(f"{__name__}.{name}") for name in _ENGINE
    }
    mtimes = {name: Path(str(mod.__file__)).stat().st_mtime for name, mod in modules.items()}
    if _seen_mtimes and mtimes != _seen_mtimes:
        for name in _ENGINE:
            short = name.rpartition(".")[2]
            modules[short] = importlib.reload(sys.modules[f"{__name__}.{name}"])
    _seen_mtimes.update(mtimes)
    return modules


def _bind(
    env: Any,
    name: str,
    func: Callable[..., str],
    *,
    result: Any,
    engine: dict[str, ModuleType],
) -> Callable[..., str]:
    fb = result.fact_base
    context = engine["markup"].PageContext
    marker = engine["markup"].BASE_MARKER
    call_key = engine["pages"].call_key

    def macro(*args: Any, **kwargs: Any) -> str:
        start = time.perf_counter()
        page = env.page
        ctx = context.for_url(page.url, page.file.src_path, result.citations)
        try:
            # The check already rendered every literal call once; reuse it here.
            shared = result.rendered.get(call_key(name, args, kwargs.items()))
            if shared is not None:
                return str(shared.replace(marker, ctx.base))
            return func(fb, ctx, *args, **kwargs)
        finally:
            _timings["macros"] += time.perf_counter() - start

    macro.__name__ = func.__name__
    macro.__doc__ = func.__doc__
    return macro


def define_env(env: Any) -> None:
    """Check data and pages, then bind the renderers (mkdocs-macros calls this per build)."""
    start = time.perf_counter()
    _timings.update(load=0.0, macros=0.0)
    engine = _engine()
    root = Path(env.conf["config_file_path"]).resolve().parent
    nav = site_config.read_nav(Path(env.conf["config_file_path"]))
    result = engine["check"].run(
        root,
        root / "data",
        root / "seeds",
        Path(env.conf["docs_dir"]),
        navigation=engine["check"].Navigation(
            nav.nav, nav.not_in_nav, Path(env.conf["config_file_path"]).name, nav.nav_line
        ),
    )
    if result.errors or result.fact_base is None:
        lines = [str(p) for p in result.errors]
        raise PluginError(
            "the fact base or a page has problems:\n"
            + "\n".join(lines)
            + f"\n{len(lines)} problem(s): fix them and build again (or run `make check`)."
        )
    site = engine["exports"].Site(url=env.conf["site_url"] or "/", name=env.conf["site_name"])
    # One time for the whole build, never the clock, so that two builds of one commit are
    # byte-identical: SOURCE_DATE_EPOCH when given, else the newest date in the data. MkDocs
    # reads the same variable for the sitemap's <lastmod> and the mtime in sitemap.xml.gz.
    if os.environ.get("SOURCE_DATE_EPOCH") in (None, _built.get("default_epoch")):
        stamp = engine["exports"].build_stamp(result.fact_base)
        os.environ["SOURCE_DATE_EPOCH"] = _built["default_epoch"] = str(int(stamp.timestamp()))
    docs_dir = Path(env.conf["docs_dir"]).resolve()
    provenance = engine["provenance"]
    folder = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else "."
    _built.update(
        fact_base=result.fact_base,
        site=site,
        content_prefix=f"{folder}/",
        git_dates=provenance.git_dates(root, folder),
        record_dates=provenance.record_dates(result.fact_base, result.calls),
    )
    _timings["load"] = time.perf_counter() - start
    for name, func in engine["registry"].MACROS.items():
        renderer = func
        if name in engine["registry"].SITE_MACROS:
            renderer = functools.update_wrapper(functools.partial(func, site=site), func)
        env.macro(_bind(env, name, renderer, result=result, engine=engine), name)


def on_post_page_macros(env: Any) -> None:
    """Add the 'Last updated' line to each explainer page (mkdocs-macros calls this)."""
    src_path = env.page.file.src_path
    if src_path.startswith("embed/"):
        return
    provenance = _engine()["provenance"]
    key = _built["content_prefix"] + src_path
    date = provenance.last_updated(key, _built["git_dates"], _built["record_dates"])
    env.markdown += provenance.updated_line(date)


def on_post_build(env: Any) -> None:
    """Write the data exports and oEmbed files into the built site (mkdocs-macros calls this)."""
    engine = _engine()
    fb, site = _built["fact_base"], _built["site"]
    stamp = engine["exports"].build_stamp(fb, os.environ.get("SOURCE_DATE_EPOCH"))
    files = engine["exports"].render_all(fb, site, stamp)
    files.update(engine["embed"].oembed_files(fb, site))
    if engine["urls"].timeline_is_split(fb):
        # Lets /timeline/#<event-id> links forward to the year page that holds the event.
        ids = {e.id: str(e.date.year) for e in fb.events}
        files["timeline/ids.json"] = json.dumps(ids, sort_keys=True).encode()
    engine["exports"].write(Path(env.conf["site_dir"]), files)
    # The benchmark (scripts/bench.py) reads where the build spent its time.
    profile = os.environ.get("EXPLAINER_PROFILE")
    if profile:
        Path(profile).write_text(json.dumps(_timings), encoding="utf-8")
