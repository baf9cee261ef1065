"""Partial rebuilds for `make serve` (glue: it drives MkDocs' build step by step).

The preview's first build is a full one; it remembers, for every page, the inputs it was
built from and what it produced. After a save, the next build runs MkDocs' steps in the
same order, but a page whose inputs are the same as last time is not built again:

- **what a page is built from** (its key): its Markdown source (a generated page's text,
  from the fact base), the output of each macro call in it (the check renders every
  literal call; the calls of generated pages are rendered the same way here), and its
  "Last updated" date. A page with a macro call whose arguments are not literals has no
  outputs to compare, so it is built again whenever the fact base or the citations changed.
- **a page with the same key** gets its Markdown's HTML, table of contents, title and
  anchors back from memory. When the fact base is a new one (a data edit), the HTML hooks
  (citation numbers, links) run again on that HTML, since they read the facts; the page
  is written again only if their result differs.
- **only changed pages** go through the theme's template, and only when the page titles and
  the build's date are as before; otherwise every page does, with 404.html and the sitemap.
- **the search index** is rebuilt from every page's kept HTML (the engine's index parses
  each page once and keeps the parse while the HTML is the same); the exports are written
  again only when the fact base changed.
- **a full build** (the site folder cleaned and every page built) whenever it is not
  clear: the first build, the one after a failed build, a change of mkdocs.yml, of
  anything under overrides/ or macros/, of a file in the pages' folder that is not a
  page, or a different set of pages.

`tests/test_partial.py` edits a page and a data file and compares every file the preview
wrote with a fresh full build of the edited tree.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkbuild
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs_macros.plugin import MacrosPlugin

log = logging.getLogger("mkdocs.preview")

# Where the preview leaves its kept state in MkDocs' config (read by the hooks).
PARTIAL_KEY = "explainer_partial"
# How many compiled pages and page scans are kept before they are dropped and made again.
_KEEP_AT_MOST = 1000


@dataclass
class _PageMemo:
    """One page as the last build left it (before the theme's template)."""

    key: tuple[Any, ...] | None
    markdown: str
    meta: dict[str, Any]
    html: str  # Markdown's HTML, before the HTML hooks
    placed: dict[int, str]  # the page's held blocks (macros/blocks.py), for the hooks
    toc: Any
    title_from_render: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    content: str = ""  # after the HTML hooks
    meta_after: dict[str, Any] = field(default_factory=dict)
    # The fields of the fact base the HTML hooks read (None: not known, run them again).
    hook_reads: frozenset[str] | None = None


class _MemoryBytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between builds (Jinja checks each source)."""

    def __init__(self, store: dict[str, bytes]) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _snapshot(config: MkDocsConfig) -> tuple[tuple[str, int, int], ...]:
    """Size and time of every input whose change asks for a full build."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    found: list[tuple[str, int, int]] = []
    paths = [Path(config.config_file_path)]
    for folder in (root / "overrides", root / "macros"):
        if folder.is_dir():
            paths.extend(p for p in folder.rglob("*") if "__pycache__" not in p.parts)
    if docs.is_dir():
        paths.extend(p for p in docs.rglob("*") if p.suffix != ".md")
    for path in sorted(paths):
        if path.is_file():
            stat = path.stat()
            found.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@dataclass(repr=False)  # in MkDocs' config, which mkdocs-macros prints: keep it short
class Rebuilder:
    """What the preview keeps between builds, and the build that uses it."""

    # The check's own kept state (the fact base, rendered calls), handed to it by the preview.
    warm: Any = None
    pages: dict[str, _PageMemo] = field(default_factory=dict)
    snapshot: tuple[tuple[str, int, int], ...] | None = None
    files: tuple[tuple[str, str], ...] = ()
    titles: tuple[str | None, ...] = ()
    stamp: Any = None
    fact_base: Any = None
    citations: Any = None
    generation: int = 0
    bytecode: dict[str, bytes] = field(default_factory=dict)
    theme_files: list[tuple[str, str]] = field(default_factory=list)
    scans: dict[str, Any] = field(default_factory=dict)  # generated pages' macro calls
    compiled: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # pages as Jinja code
    # Read by macros/search_hooks.py and macros/glue.py through the config (PARTIAL_KEY).
    search_pages: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    search_parsed: dict[Any, Any] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    # What the last build did, for the terminal and the tests: "full" or "partial".
    last: str = ""
    rebuilt: list[str] = field(default_factory=list)
    rehooked: list[str] = field(default_factory=list)  # kept pages whose HTML hooks ran again

    def forget(self) -> None:
        """Drop the kept pages: the next build is a full one."""
        self.snapshot = None
        self.pages.clear()
        self.search_pages.clear()
        self.search_parsed.clear()
        self.exports.clear()

    def write_exports(self, site_dir: Path, files: Mapping[str, bytes]) -> None:
        """Write the exports that differ from the last build's; remove those now gone."""
        for rel in self.exports.keys() - files.keys():
            (site_dir / rel).unlink(missing_ok=True)
        for rel, data in files.items():
            if self.exports.get(rel) != data:
                target = site_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self.exports = dict(files)

    def build(self, config: MkDocsConfig, serve_url: str) -> None:
        """Build the site into config.site_dir: only what changed, or all of it."""
        config[PARTIAL_KEY] = self
        try:
            self._build(config, serve_url)
        except BaseException:
            self.forget()
            raise

    def _build(self, config: MkDocsConfig, serve_url: str) -> None:  # noqa: PLR0915 (MkDocs' build, step by step)
        logger = logging.getLogger("mkdocs")
        warning_counter = utils.CountHandler()
        warning_counter.setLevel(logging.WARNING)
        if config.strict:
            logger.addHandler(warning_counter)
        inclusion = InclusionLevel.is_in_serve
        start = time.monotonic()
        snapshot = _snapshot(config)
        partial = self.snapshot is not None and snapshot == self.snapshot
        if not partial:
            self.forget()
            self._reimport(config)
        try:
            _keep_compiled_theme(config, self.bytecode)
            config = config.plugins.on_config(config)
            _compile_once(config.plugins.get("macros"), self.compiled)
            config.plugins.on_pre_build(config=config)
            if not partial:
                utils.clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            if partial and self.theme_files:
                # The theme's folders are as before (a change of overrides/ builds in full).
                for path, folder in self.theme_files:
                    if files.get_file_from_path(path) is None:
                        files.append(File(path, folder, config.site_dir, config.use_directory_urls))
            else:
                ours = len(files)
                files.add_files_from_theme(env, config)
                self.theme_files = [(f.src_uri, f.src_dir or "") for f in list(files)[ours:]]
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            listed = tuple((f.src_uri, f.dest_uri) for f in files)
            if partial and listed != self.files:
                partial = False
                self.forget()
                utils.clean_directory(config.site_dir)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)

            macros = config.plugins.get("macros")
            build = _build_of(macros)
            fb = build.fact_base if build is not None else None
            citations = build.result.citations if build is not None else None
            if fb is not self.fact_base or citations != self.citations:
                self.generation += 1
            new_facts = fb is not self.fact_base
            # What the new fact base changed (None: not known, as good as everything).
            changed = _changed(self.fact_base, fb) if new_facts else frozenset()
            reads = getattr(self.warm, "reads", None)
            outputs = _call_outputs(build, files, self.scans, reads) if build is not None else {}

            doc_files = files.documentation_pages(inclusion=inclusion)
            todo: set[str] = set()
            self.rehooked = []
            for file in doc_files:
                if file.page is None:
                    Page(None, file, config)  # a page outside the nav (MkDocs does the same)
                page = _page(file)
                key = self._key(build, file, outputs)
                memo = self.pages.get(file.src_uri) if partial else None
                if memo is not None and key is not None and memo.key == key:
                    _restore(page, memo, files)
                    if _hooks_read(memo, changed):
                        self.rehooked.append(file.src_uri)
                        _rerun_hooks(page, memo, config, files, build)
                        if page.content != memo.content or page.meta != memo.meta_after:
                            todo.add(file.src_uri)
                            memo.content, memo.meta_after = page.content or "", dict(page.meta)
                    else:
                        page.content, page.meta = memo.content, dict(memo.meta_after)
                    continue
                self.pages[file.src_uri] = _populate(page, config, files, key, build)
                todo.add(file.src_uri)

            env = config.plugins.on_env(env, config=config, files=files)
            titles = tuple(f.page.title if f.page else None for f in doc_files)
            stamp = build.stamp if build is not None else None
            same_frame = partial and titles == self.titles and stamp == self.stamp
            if not partial:
                files.copy_static_files(inclusion=inclusion)
            if not same_frame:
                for template in config.theme.static_templates:
                    mkbuild._build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    mkbuild._build_extra_template(template, files, config, nav)
            self.rebuilt = []
            for file in doc_files:
                if same_frame and file.src_uri not in todo:
                    continue
                self.rebuilt.append(file.src_uri)
                # The theme's page_context hooks (Material's search) change page.content:
                # the kept content is the one before them.
                kept = _page(file).content
                mkbuild._build_page(_page(file), config, doc_files, nav, env)
                memo = self.pages[file.src_uri]
                memo.content = kept or ""
            log_level = config.validation.links.anchors
            for file in doc_files:
                _page(file).validate_anchor_links(files=files, log_level=log_level)
            config.plugins.on_post_build(config=config)
            if counts := warning_counter.get_counts():
                msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {msg} in strict mode!")
            self.snapshot, self.files, self.titles, self.stamp = snapshot, listed, titles, stamp
            # Old texts' compiled pages and scans are dropped now and then (a long session).
            stores: tuple[dict[Any, Any], ...] = (
                self.compiled,
                self.scans,
                getattr(self.warm, "scans", {}),
            )
            for store in stores:
                if len(store) > _KEEP_AT_MOST:
                    store.clear()
            self.fact_base, self.citations = fb, citations
            self.last = "partial" if partial else "full"
            what = f"{len(self.rebuilt)} of {len(doc_files)} pages" if partial else "every page"
            log.info("Built %s (%s) in %.2f seconds", what, self.last, time.monotonic() - start)
        except Exception as e:
            config.plugins.on_build_error(error=e)
            if isinstance(e, BuildError):
                log.error(str(e))
                raise Abort("Aborted with a BuildError!") from e
            raise
        finally:
            logger.removeHandler(warning_counter)

    def _reimport(self, config: MkDocsConfig) -> None:
        """After an edit of the engine's code: import it again now, with a new Warm of it.

        The hot reload (macros/reload.py) would import the engine again inside the build;
        the kept Warm would then be of the old engine's classes, and never used again.
        """
        if self.warm is None:
            return
        from macros import reload  # noqa: PLC0415

        reload.fresh("macros.glue")
        check = reload.current("macros.engine.check")
        if not isinstance(self.warm, check.Warm):
            self.warm = check.Warm()
            config[reload.current("macros.glue").WARM_KEY] = self.warm

    def _key(
        self, build: Any, file: File, outputs: Mapping[str, tuple[str, ...] | None]
    ) -> tuple[Any, ...] | None:
        """Return what the page is built from: its source, its macro outputs, its date."""
        try:
            source = file.content_string
        except (OSError, ValueError):
            return None
        found = outputs.get(file.src_uri, ())
        # A call the check could not render ahead (arguments that are not literals):
        # the page depends on the whole fact base and the citations.
        depends = self.generation if found is None else 0
        updated = _updated_line(build, file.src_uri)
        return (source, found, depends, updated)


def _keep_compiled_theme(config: MkDocsConfig, store: dict[str, bytes]) -> None:
    """Give every Jinja environment of the theme the kept compiled templates.

    Besides the build's own, plugins make theme environments of their own (Material's
    search compiles its language template in each on_config, three times).
    """
    theme = config.theme
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = _MemoryBytecode(store)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _compile_once(plugin: Any, store: dict[tuple[Any, ...], Any]) -> None:
    """Keep mkdocs-macros' compiled page templates between builds, by source text.

    A page rebuilt because its macros' output changed (a data edit) has the same source:
    Jinja's compile of it (a tenth of such a rebuild) is the same too. The key holds the
    environment's options besides the text; mkdocs.yml's change builds in full anyway.
    """
    if not isinstance(plugin, MacrosPlugin):
        return
    jinja_env = plugin.env
    compile_: Any = jinja_env.compile
    options = (
        jinja_env.block_start_string,
        jinja_env.variable_start_string,
        jinja_env.comment_start_string,
        jinja_env.line_statement_prefix,
        jinja_env.autoescape,
        jinja_env.optimized,
        tuple(sorted(jinja_env.extensions)),
        tuple(sorted(jinja_env.filters)),
        tuple(sorted(jinja_env.tests)),
    )

    def compile_kept(
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw or not isinstance(source, str):
            return compile_(source, name, filename, raw, defer_init)
        key = (source, name, filename, defer_init, options)
        code = store.get(key)
        if code is None:
            code = store[key] = compile_(source, name, filename, raw, defer_init)
        return code

    jinja_env.compile = compile_kept  # type: ignore[method-assign]


def _page(file: File) -> Page:
    """Return the page of a documentation file (MkDocs made one for each)."""
    if file.page is None:
        raise BuildError(f"{file.src_uri}: MkDocs gave this page no Page")
    return file.page


def _build_of(plugin: Any) -> Any:
    """Return the glue's Build of this build (None without the macros plugin)."""
    if not isinstance(plugin, MacrosPlugin):
        return None
    from macros.glue import build_of  # noqa: PLC0415 (re-imported by the hot reload)

    return build_of(plugin)


def _updated_line(build: Any, src_uri: str) -> str:
    """Return the 'Last updated' line the macros add to the page (none on the embeds)."""
    if build is None or src_uri.startswith("embed/"):
        return ""
    from macros.engine import provenance  # noqa: PLC0415

    date = provenance.last_updated(
        build.content_prefix + src_uri, build.git_dates, build.record_dates
    )
    return str(provenance.updated_line(date))


def _changed(old: Any, new: Any) -> frozenset[str] | None:
    """Return the fields of the fact base a data edit changed (None: not known)."""
    from macros.engine import factbase  # noqa: PLC0415 (re-imported by the hot reload)

    watched = factbase.WatchedFactBase
    if isinstance(old, watched) and isinstance(new, watched):
        return factbase.changed_fields(old, new)
    return None


def _hooks_read(memo: _PageMemo, changed: frozenset[str] | None) -> bool:
    """Tell whether the page's HTML hooks read something the new fact base changed."""
    if changed is None:
        return True
    if not changed:
        return False  # the same fact base
    return memo.hook_reads is None or bool(memo.hook_reads & changed)


def _call_outputs(
    build: Any, files: Files, scans: dict[str, Any], reads: Any
) -> dict[str, tuple[str, ...] | None]:
    """Each page's macro outputs in order (None: a call that cannot be rendered ahead).

    Content pages' calls come from the check; generated pages are scanned here and their
    literal calls rendered once into the same store the build's macros reuse.
    """
    from macros.engine import pages as scan  # noqa: PLC0415
    from macros.engine.registry import PLUGIN_BUILTINS, macros_for  # noqa: PLC0415

    result, fb = build.result, build.fact_base
    rendered: MutableMapping[Any, str] = result.rendered
    names = macros_for(fb.topic).keys()
    by_path: dict[str, list[Any]] = {}
    for call in result.calls:
        by_path.setdefault(call.path, []).append(call)
    out: dict[str, tuple[str, ...] | None] = {}
    for file in files.documentation_pages():
        if file.generated_by is None:
            calls = by_path.get(build.content_prefix + file.src_uri, [])
        else:
            text = file.content_string
            kept = scans.get(file.src_uri)
            if kept is None or kept[0] != text:
                kept = scans[file.src_uri] = (text, scan.scan_text(file.src_uri, text, names)[0])
            calls = kept[1]
            scan.check_calls(fb, calls, result.citations, rendered, reads)  # type: ignore[arg-type]
        found: list[str] = []
        for call in calls:
            if call.name in PLUGIN_BUILTINS:
                continue
            output = rendered.get(scan.call_key(call.name, call.args, call.kwargs))
            if not call.literal or output is None:
                out[file.src_uri] = None
                break
            found.append(output)
        else:
            out[file.src_uri] = tuple(found)
    return out


def _restore(page: Page, memo: _PageMemo, files: Files) -> None:
    """Give a page what its last build left (Markdown's HTML, before the hooks)."""
    page.markdown = memo.markdown
    page.meta = copy.deepcopy(memo.meta)
    page.content = memo.html
    page.toc = memo.toc
    page._title_from_render = memo.title_from_render
    page.present_anchor_ids = memo.anchors
    if memo.links is None:
        page.links_to_anchors = None
    else:
        page.links_to_anchors = {}
        for uri, links in memo.links.items():
            target = files.get_file_from_path(uri)
            if target is not None:
                page.links_to_anchors[target] = links


def _rerun_hooks(
    page: Page, memo: _PageMemo, config: MkDocsConfig, files: Files, build: Any
) -> None:
    """Run the HTML hooks again on the kept HTML (they read the new fact base)."""
    config._current_page = page
    try:
        if build is not None:
            build.blocks.placed = dict(memo.placed)
        page.content, memo.hook_reads = _run_hooks(memo.html, page, config, files, build)
    finally:
        config._current_page = None


def _run_hooks(
    html: str, page: Page, config: MkDocsConfig, files: Files, build: Any
) -> tuple[str, frozenset[str] | None]:
    """Run the HTML hooks; return their HTML and the fields of the fact base they read.

    The hooks reach the data only through the build's fact base; a watched one (the
    preview's) notes every field they read, so a data edit that changed none of those
    fields leaves their output as it was. Any other fact base: None, not known.
    """
    from macros.engine import factbase  # noqa: PLC0415 (re-imported by the hot reload)

    with factbase.watching() as reads:
        content = config.plugins.on_page_content(html, page=page, config=config, files=files)
    known = build is not None and isinstance(build.fact_base, factbase.WatchedFactBase)
    return content or "", frozenset(reads) if known else None


def _populate(
    page: Page, config: MkDocsConfig, files: Files, key: tuple[Any, ...] | None, build: Any
) -> _PageMemo:
    """MkDocs' page reading and Markdown step, remembering what the hooks were given."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown or "", page=page, config=config, files=files
        )
        placed = dict(build.blocks.placed) if build is not None else {}
        page.render(config, files)
        links = page.links_to_anchors
        memo = _PageMemo(
            key=key,
            markdown=page.markdown,
            meta=copy.deepcopy(dict(page.meta)),
            html=page.content or "",
            placed=placed,
            toc=page.toc,
            title_from_render=page._title_from_render,
            anchors=page.present_anchor_ids,
            links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        )
        page.content, memo.hook_reads = _run_hooks(memo.html, page, config, files, build)
        memo.content, memo.meta_after = page.content, dict(page.meta)
        return memo
    except Exception as e:
        message = f"Error reading page '{page.file.src_uri}':"
        if not isinstance(e, BuildError):
            message += f" {e}"
        log.error(message)
        raise
    finally:
        config._current_page = None


def partial_of(config: Any) -> Rebuilder | None:
    """Return the preview's kept state, for a hook (None in a one-off build)."""
    kept = config.get(PARTIAL_KEY) if hasattr(config, "get") else None
    return kept if hasattr(kept, "search_pages") else None
