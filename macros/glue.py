"""The glue between MkDocs (with mkdocs-macros) and the engine: the only module that knows MkDocs.

`define_env` loads and checks the fact base once per build and binds the macros;
the MkDocs hooks (macros/mkdocs_hooks.py) and the post-build step read what they need
from the one `Build` that `define_env` left on the macros plugin (reached through
MkDocs' config, never a global). Everything else in macros/ is free of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import json
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs_macros.plugin import MacrosPlugin

from macros.blocks import Blocks
from macros.engine import (
    check,
    embed,
    exports,
    plainpages,
    provenance,
    settings,
    site_config,
    timeline,
    urls,
)
from macros.engine.embed import oembed_files
from macros.engine.factbase import FactBase
from macros.engine.markup import BASE_MARKER, PageContext
from macros.engine.pages import call_key
from macros.engine.registry import macros_for
from macros.engine.settings import Settings
from macros.engine.topic import Macro, Topic
from macros.partial import partial_of

# Where define_env leaves the build for the hooks: an attribute of the macros plugin (not
# one of its variables, which mkdocs-macros serialises to JSON for its debug log on every
# build: with the fact base in them, that took longer than a page edit's whole rebuild).
BUILD_KEY = "explainer_build"
# The topic a site uses: `extra: explainer: topic: package.module` in mkdocs.yml names a
# module with a TOPIC; this one when it names none.
DEFAULT_TOPIC = "macros.northkorea.topic"


@dataclass
class Build:
    """One build: its fact base, settings, check result, page dates and timings."""

    fact_base: FactBase
    settings: Settings
    result: check.CheckResult
    content_prefix: str
    git_dates: Mapping[str, Any]
    record_dates: Mapping[str, Any]
    # The build's one timestamp (SOURCE_DATE_EPOCH as given, else the newest date in the
    # data): the exports' stamps, and MkDocs' sitemap dates through `on_nav`.
    stamp: dt.datetime
    # Seconds: importing the engine, loading the facts, reading and checking the pages,
    # and inside macros during the build (scripts/bench.py reports them).
    timings: dict[str, float] = field(default_factory=dict)
    # The current page's block-level macro output, kept out of Markdown (see blocks.py).
    blocks: Blocks = field(default_factory=Blocks)


# Where the preview (macros/preview.py) leaves its check.Warm in MkDocs' config, so that
# a save reuses the fact base and the rendered calls that did not change.
WARM_KEY = "explainer_warm"


def warm_of(conf: MkDocsConfig) -> check.Warm | None:
    """Return the preview's warm state (None for a one-off build)."""
    warm = conf.get(WARM_KEY)
    return warm if isinstance(warm, check.Warm) else None


def load_topic(name: str) -> Topic:
    """Import the module a site names as its topic and return its TOPIC."""
    module = importlib.import_module(name)
    topic = getattr(module, "TOPIC", None)
    if not isinstance(topic, Topic):
        raise PluginError(f"mkdocs.yml: extra.explainer.topic {name!r} has no TOPIC = Topic(...)")
    return topic


def _bind(env: MacrosPlugin, name: str, func: Macro, build: Build) -> Macro:
    """Wrap a renderer as a macro: the page's context, and the check's output reused."""
    fb, result, timings = build.fact_base, build.result, build.timings

    def macro(*args: Any, **kwargs: Any) -> str:
        start = time.perf_counter()
        page = env.page
        base = PageContext.for_url(page.url).base
        try:
            # The check already rendered every literal call once; reuse it here.
            key = call_key(name, args, kwargs.items())
            shared = result.rendered.get(key)
            if shared is None:
                # Rendered as the check renders, with the marker for the page's path: what
                # the renderers keep once per fact base (timeline entries, citation links)
                # is then the same for pages of every depth.
                shared = func(fb, PageContext(BASE_MARKER, "", result.citations), *args, **kwargs)
            return build.blocks.hold(shared.replace(BASE_MARKER, base))
        finally:
            timings["macros"] += time.perf_counter() - start

    macro.__name__ = func.__name__
    macro.__doc__ = func.__doc__
    return macro


def define_env(env: MacrosPlugin, given_epoch: int | None, import_s: float = 0.0) -> None:
    """Check data and pages, then bind the macros (mkdocs-macros calls this per build).

    given_epoch is SOURCE_DATE_EPOCH as the user set it (None: use the newest date in
    the data), so that two builds of one commit are byte-identical.
    """
    start = time.perf_counter()
    conf: MkDocsConfig = env.conf
    try:
        site_settings = settings.from_config(conf)
    except settings.SettingsError as err:
        raise PluginError(str(err)) from None
    extra = conf.extra.get("explainer") or {}
    topic = load_topic(str(extra.get("topic", DEFAULT_TOPIC)))
    config_file = Path(conf.config_file_path)
    root = config_file.resolve().parent
    docs_dir = Path(conf.docs_dir).resolve()
    nav = site_config.read_nav(config_file)
    result = check.run(
        root,
        root / "data",
        root / "seeds",
        docs_dir,
        topic=topic,
        settings=site_settings,
        navigation=check.Navigation(nav.nav, nav.not_in_nav, config_file.name, nav.nav_line),
        warm=warm_of(conf),
    )
    if result.errors or result.fact_base is None:
        lines = [str(p) for p in result.errors]
        raise PluginError(
            "the fact base or a page has problems:\n"
            + "\n".join(lines)
            + f"\n{len(lines)} problem(s): fix them and build again (or run `make check`)."
        )
    fb = result.fact_base
    stamp = exports.build_stamp(fb, given_epoch)
    if warm_of(conf) is None:
        # The fact base lives as long as the build: the garbage collector need not walk
        # its objects again and again (a preview keeps its fact bases collectable).
        gc.freeze()
    folder = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else "."
    build = Build(
        fact_base=fb,
        settings=site_settings,
        result=result,
        content_prefix=f"{folder}/",
        git_dates=provenance.git_dates(root, folder),
        record_dates=provenance.record_dates(fb, result.calls),
        stamp=stamp,
    )
    # Block-level output skips Markdown only when a hook of the site puts it back.
    build.blocks.enabled = any(
        isinstance(hook, ModuleType) and hasattr(hook, "on_page_content")
        for hook in conf.plugins.values()
    )
    setattr(env, BUILD_KEY, build)
    build.timings.update(
        {
            "import": import_s,
            "load": result.timings.get("load", 0.0),
            "scan": result.timings.get("scan", 0.0),
            "setup": time.perf_counter() - start,
            "macros": 0.0,
        }
    )
    for name, func in macros_for(topic).items():
        env.macro(_bind(env, name, func, build), name)  # type: ignore[no-untyped-call]


def build_of(plugin: MacrosPlugin) -> Build:
    """Return the build that define_env left on the macros plugin."""
    build = getattr(plugin, BUILD_KEY, None)
    if not isinstance(build, Build):
        raise PluginError("the explainer's define_env did not run (is the macros plugin on?)")
    return build


def on_pre_page_macros(env: MacrosPlugin) -> None:
    """Render pages of text and plain macro calls without Jinja's compiler (engine/plainpages).

    mkdocs-macros makes its Jinja environment after define_env: it is there by the first page.
    """
    plainpages.install(env.env)


def on_post_page_macros(env: MacrosPlugin) -> None:
    """Add the 'Last updated' line to each explainer page (mkdocs-macros calls this)."""
    src_path = env.page.file.src_path
    build = build_of(env)
    env.markdown = build.blocks.place(env.markdown)
    if src_path.startswith("embed/"):
        return
    key = build.content_prefix + src_path
    date = provenance.last_updated(key, build.git_dates, build.record_dates)
    env.markdown += provenance.updated_line(date)


def on_post_build(env: MacrosPlugin) -> None:
    """Write the data exports and oEmbed files into the built site (mkdocs-macros calls this)."""
    build = build_of(env)
    fb, site = build.fact_base, build.settings.site
    stamp = build.stamp
    kept = partial_of(env.conf)
    if kept is not None and kept.fact_base is fb and kept.stamp == stamp and kept.exports:
        files = kept.exports  # the preview, and the same facts as last time: all written
    else:
        files = exports.render_all(fb, site, stamp)
        files.update(oembed_files(fb, site))
        # A split timeline's id map and entries; the embed's entries (fetched when filtered).
        files.update(timeline.timeline_files(fb))
        files.update(embed.frame_files(fb))
        if kept is not None:
            kept.write_exports(Path(env.conf.site_dir), files)
        else:
            exports.write(Path(env.conf.site_dir), files)
    # The benchmark (scripts/bench.py) reads where the build spent its time.
    if build.settings.profile:
        Path(build.settings.profile).write_text(json.dumps(build.timings), encoding="utf-8")


def fact_base_of(config: MkDocsConfig) -> FactBase | None:
    """Return this build's fact base, for a MkDocs hook (None without the macros plugin)."""
    plugin = config.plugins.get("macros")
    if not isinstance(plugin, MacrosPlugin):
        return None
    return build_of(plugin).fact_base


def page_context(context: MutableMapping[str, Any], config: MkDocsConfig) -> Any:
    """Give the page templates the topic's embed namespace (`embed_namespace`).

    overrides/embed.html writes it on the frame's <html> as data-namespace, where
    overrides/embed/frame.js reads it: the JavaScript names no namespace of its own.
    """
    fb = fact_base_of(config)
    if fb is not None:
        context["embed_namespace"] = fb.topic.embed_namespace
    return context


def restore_blocks(html: str, config: MkDocsConfig) -> str:
    """Put the page's block-level macro output back where Markdown left its tokens."""
    plugin = config.plugins.get("macros")
    if not isinstance(plugin, MacrosPlugin) or getattr(plugin, BUILD_KEY, None) is None:
        return html
    return build_of(plugin).blocks.restore(html)


def on_nav(files: Files, config: MkDocsConfig) -> None:
    """Hand MkDocs the build's date for every page (its sitemap's <lastmod>, sitemap.xml.gz).

    MkDocs would read SOURCE_DATE_EPOCH from the environment for these; the build's own
    stamp is given to its pages instead, so no state passes through os.environ.
    """
    fb = fact_base_of(config)
    plugin = config.plugins.get("macros")
    if fb is None or not isinstance(plugin, MacrosPlugin):
        return
    date = build_of(plugin).stamp.strftime("%Y-%m-%d")
    for file in files.documentation_pages():
        if file.page is not None:
            file.page.update_date = date


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    fb = fact_base_of(config)
    if fb is None:
        return files
    for path, content in urls.generated_pages(fb).items():
        files.append(
            File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return files
