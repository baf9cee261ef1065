"""`make serve`: MkDocs' live preview, except that a failed build shows its errors.

MkDocs' own `serve` keeps the last good site when a rebuild fails and then holds every
request until a build succeeds, so the browser hangs and the terminal shows a traceback.
This preview (glue: it is the one other module besides the plugin glue that knows MkDocs)
builds the same way, but when a build fails it answers every page request with the list
of problems (file:line: message (hint)), tells open pages to reload, and goes back to the
real site on the next good save.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from watchdog.events import (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

from macros.engine.check import Warm
from macros.glue import WARM_KEY
from macros.partial import Rebuilder

log = logging.getLogger("mkdocs.preview")


@dataclass
class PreviewState:
    """What the last build left: nothing (it worked) or the lines that explain why not."""

    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, problems: Iterable[str]) -> None:
        """Record the outcome of a build (an empty list: it succeeded)."""
        with self.lock:
            self.problems = list(problems)

    def get(self) -> list[str]:
        """Return the problems of the last build, if it failed."""
        with self.lock:
            return list(self.problems)


class _Collect(logging.Handler):
    """Keep the warnings and errors MkDocs logs during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def error_page(problems: list[str]) -> bytes:
    """Return the page shown for every URL while the build is broken (problems escaped)."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Preview: the build failed</title><style>"
        "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "h1{font-size:1.5rem}li{margin:.5rem 0}code{white-space:pre-wrap;font-size:.95rem}"
        "</style></head><body><main>"
        "<h1 id='preview-error'>The preview could not be built</h1>"
        f"<p>{len(problems)} problem(s). Fix them and save: this page reloads by itself "
        "when the site builds again.</p>"
        f"<ul class='preview-problems'>{items}</ul>"
        "<p>The same list comes from <code>make check</code>.</p>"
        "</main></body></html>"
    ).encode()


def problem_lines(error: BaseException, logged: list[str]) -> list[str]:
    """Turn a failed build into lines a contributor can act on."""
    lines: list[str] = []
    for text in [*logged, str(error)]:
        for raw in text.splitlines():
            line = raw.strip()
            if line and line not in lines and not line.startswith("Aborted with"):
                lines.append(line)
    return lines or [f"the build failed: {type(error).__name__} (run `make check`)"]


# The events that mean a file's content changed (inotify also reports opening and reading
# a file, which the build itself does: those must not start another build).
_CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
]


class _Watcher:
    """Watches folders through inotify, so a save is seen at once; files and the rest by polling.

    MkDocs polls every watched path (half the polling interval lost on average before a
    save is seen). A watched single file (mkdocs.yml) stays polled: an editor that saves by
    renaming a new file over it would leave inotify watching the old one.
    """

    def __init__(self, polling_interval: float) -> None:
        self.polling = PollingObserver(timeout=polling_interval)
        self.native: Any = None
        self.owners: dict[ObservedWatch, Any] = {}  # the watches inotify keeps
        try:
            from watchdog.observers.inotify import InotifyObserver  # noqa: PLC0415 (Linux only)

            self.native = InotifyObserver()
        except (ImportError, OSError):
            self.native = None

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> ObservedWatch:
        if self.native is not None and os.path.isdir(path):
            try:
                watch: ObservedWatch = self.native.schedule(
                    handler, path, recursive=recursive, event_filter=_CHANGES
                )
            except OSError:  # e.g. out of inotify watches: poll this folder instead
                pass
            else:
                self.owners[watch] = self.native
                return watch
        return self.polling.schedule(handler, path, recursive=recursive)

    def unschedule(self, watch: ObservedWatch) -> None:
        self.owners.pop(watch, self.polling).unschedule(watch)

    def start(self) -> None:
        self.polling.start()
        if self.native is not None:
            self.native.start()

    def stop(self) -> None:
        self.polling.stop()
        if self.native is not None:
            self.native.stop()

    def join(self) -> None:
        self.polling.join()
        if self.native is not None:
            self.native.join()


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that shows the error list while the build is broken."""

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state = state
        self.observer = _Watcher(float(kwargs.get("polling_interval", 0.5)))  # type: ignore[assignment]

    def _serve_request(self, environ: Any, start_response: Any) -> Iterable[bytes] | None:
        path = str(environ.get("PATH_INFO", "/"))
        problems = self.state.get()
        is_page = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        if problems and is_page and not path.startswith("/livereload/"):
            with self._epoch_cond:
                epoch = self._visible_epoch
            inject: Callable[[bytes, int], bytes] = self._inject_js_into_html  # type: ignore[no-untyped-call,unused-ignore]
            content = inject(error_page(problems), epoch)
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            )
            return [content]
        result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        return result


class _Quiet(logging.Filter):
    """Drop the chatter of a good build (plugin INFO lines); keep what needs doing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name in {
            "mkdocs.preview",
            "mkdocs.livereload",
            "mkdocs.commands.serve",
        }


def _log_to_terminal() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_Quiet())
    root = logging.getLogger("mkdocs")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def serve(config_file: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve a live preview of the site on host:port until interrupted."""
    _log_to_terminal()
    site_dir = tempfile.mkdtemp(prefix="explainer-preview-")
    state = PreviewState()
    # Kept between builds: the fact base while data/ is unchanged, and rendered calls;
    # each page as built, so that a save rebuilds only what it changed (partial.py).
    rebuilder = Rebuilder(warm=Warm())

    def get_config() -> MkDocsConfig:
        config = load_config(
            config_file=str(config_file), site_dir=site_dir, strict=True, dev_addr=f"{host}:{port}"
        )
        config[WARM_KEY] = rebuilder.warm
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)

    def builder(config: MkDocsConfig | None = None) -> None:
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            config = config or get_config()
            config.site_url = serve_url
            rebuilder.build(config, serve_url)
        except (Exception, SystemExit) as err:
            lines = problem_lines(err, collect.lines)
            state.set(lines)
            log.error("The build failed; the preview shows why:\n  %s", "\n  ".join(lines))
        else:
            if state.get():
                log.info("The build works again.")
            state.set([])
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)

    server = PreviewServer(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        # How often the watcher looks for saved files (MkDocs' default: 0.5 s, which is
        # a third of the time a partial rebuild may take; a look costs milliseconds).
        polling_interval=0.2,
        state=state,
    )
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        watched: Callable[..., Any] = config.plugins.on_serve
        server = watched(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
