"""Measure site search as a phone reader meets it: first results, result heights, index size.

The built site is served gzip-compressed (as GitHub Pages or a CDN serves it) from a local
port; Debian's Chromium, driven by Playwright, emulates a mid-range phone through the
DevTools protocol: 4x CPU slowdown and Lighthouse's "slow 4G" (150 ms round trip,
1.6 Mbit/s down, 750 kbit/s up). For each query the page is loaded afresh (cold cache); once
its load event has fired the reader opens search and types; the clock runs from the load
event until the first search result is on screen (opening search, fetching the index and
building it included). The page's own load time is reported beside it.

Run alone with `python scripts/search_bench.py site` (after `make build`), or as part of
`make bench`. Prints one table and a JSON line.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import mimetypes
import os
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Lighthouse's mobile throttling (its "slow 4G" and 4x CPU).
RTT_MS = 150
DOWN_KBPS = 1638.4
UP_KBPS = 750
CPU_SLOWDOWN = 4
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
# The queries of issue 13, tried as a reader types them.
QUERIES = ("Kursk", "food", "Hanoi", "Hwasong-17", "KN-23", "S/RES/2397", "Panel of Experts")
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".map")
RESULT = ".md-search-result__item"


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serve files, gzip-compressed when the client accepts it (as a CDN would)."""

    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        """Serve one file, compressed if it is text."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()
                return
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(COMPRESSIBLE):
            super().do_GET()
            return
        body = path.read_bytes()
        encoded = "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            key = str(path)
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_gzip(folder: Path) -> Iterator[str]:
    """Serve a folder gzip-compressed on a free 127.0.0.1 port; yield its base URL."""
    handler = functools.partial(_GzipHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def gzipped_size(path: Path) -> int:
    """Return a file's size once gzip-compressed (level 6, as servers commonly use)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def index_files(site: Path) -> list[Path]:
    """Return the files a reader downloads to search (Material's index, or Pagefind's)."""
    material = site / "search" / "search_index.json"
    return [material] if material.is_file() else []


@dataclass
class QueryResult:
    """One query's measurements."""

    query: str
    viewport: str
    first_result_ms: float
    load_ms: float
    results: int
    tallest_px: float
    first_href: str


def _open_and_type(page: Any, query: str) -> None:
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():
        opener.click()
    else:
        page.locator(".md-search__input").click()
    box = page.locator(".md-search__input")
    # The whole query at once, then a key that Material's keyboard handling sees: no
    # half-typed query can answer first.
    box.fill(query)
    box.press("End")


def throttle(context: Any, page: Any) -> None:
    """Give a page the phone profile: slow 4G and a 4x slower CPU (DevTools protocol)."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": RTT_MS,
            "downloadThroughput": DOWN_KBPS * 1024 / 8,
            "uploadThroughput": UP_KBPS * 1024 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def measure_query(browser: Any, base: str, query: str, phone: bool, path: str) -> QueryResult:
    """Load a page afresh (cold cache), search once, and measure."""
    viewport = PHONE if phone else DESKTOP
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1
    )
    page = context.new_page()
    if phone:
        throttle(context, page)
    try:
        page.goto(base + path, wait_until="load")
        _open_and_type(page, query)
        page.wait_for_function(
            f"() => document.querySelector('{RESULT} a') || /No matching/.test("
            "document.querySelector('.md-search-result__meta').textContent)",
            timeout=30_000,
        )
        elapsed = float(page.evaluate("() => performance.now()"))
        load = float(
            page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        )
        page.wait_for_timeout(300)  # later keystroke-free rounds settle
        heights = page.evaluate(
            f"() => [...document.querySelectorAll('{RESULT}')]"
            ".map(e => e.getBoundingClientRect().height)"
        )
        links = page.locator(f"{RESULT} a.md-search-result__link")
        href = str(links.first.get_attribute("href") or "") if links.count() else ""
        # The best section of the best item: Material lists its page first, then it.
        sections = page.locator(f"{RESULT}").first.locator("a.md-search-result__link")
        if sections.count() > 1:
            href = str(sections.nth(1).get_attribute("href") or href)
        href = href.replace(base, "/")
        return QueryResult(
            query,
            "phone" if phone else "desktop",
            round(elapsed - load),
            round(load),
            len(heights),
            round(max(heights, default=0.0)),
            href.split("?")[0] + ("#" + href.split("#", 1)[1] if "#" in href else ""),
        )
    finally:
        context.close()


def measure(
    site: Path, queries: tuple[str, ...] = QUERIES, path: str = "", repeat: int = 3
) -> dict[str, Any]:
    """Measure every query on a phone (timings) and a desktop (heights); return a summary."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when measuring

    files = index_files(site)
    summary: dict[str, Any] = {
        "index_bytes": sum(f.stat().st_size for f in files),
        "index_gzip_bytes": sum(gzipped_size(f) for f in files),
    }
    rows: list[QueryResult] = []
    with serve_gzip(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            for query in queries:
                runs = [measure_query(browser, base, query, True, path) for _ in range(repeat)]
                runs.sort(key=lambda r: r.first_result_ms)
                rows.append(runs[len(runs) // 2])  # the median run
                print(f"  {query}: {rows[-1].first_result_ms} ms", file=sys.stderr, flush=True)
                rows.append(measure_query(browser, base, query, False, path))
        finally:
            browser.close()
    phone = [r.first_result_ms for r in rows if r.viewport == "phone"]
    summary.update(
        phone_first_result_ms_median=round(statistics.median(phone)),
        phone_first_result_ms_max=round(max(phone)),
        tallest_result_px_desktop=max(r.tallest_px for r in rows if r.viewport == "desktop"),
        tallest_result_px_phone=max(r.tallest_px for r in rows if r.viewport == "phone"),
        queries=[asdict(r) for r in rows],
    )
    return summary


def print_table(summary: dict[str, Any]) -> None:
    """Print the per-query rows of a summary."""
    print(
        f"{'query':18} {'view':8} {'first ms':>9} {'load ms':>8} {'results':>7} "
        f"{'tallest px':>10}  first hit"
    )
    for r in summary["queries"]:
        print(
            f"{r['query']:18} {r['viewport']:8} {r['first_result_ms']:9.0f} {r['load_ms']:8.0f} "
            f"{r['results']:7d} "
            f"{r['tallest_px']:10.0f}  {r['first_href']}"
        )
    print(
        f"index: {summary['index_bytes'] / 1024:.1f} KB, "
        f"{summary['index_gzip_bytes'] / 1024:.1f} KB gzipped"
    )


def main() -> int:
    """Measure a built site given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--query", action="append", help="a query (default: issue 13's)")
    parser.add_argument("--repeat", type=int, default=3, help="phone runs per query (median)")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site here (run `make build`)", file=sys.stderr)
        return 2
    summary = measure(args.site, tuple(args.query) if args.query else QUERIES, repeat=args.repeat)
    print_table(summary)
    print(json.dumps({k: v for k, v in summary.items() if k != "queries"}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
