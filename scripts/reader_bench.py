"""Measure the built site as a reader gets it: Lighthouse (mobile), DOM size, height, citations.

Run by `make bench` after a build (or alone: `python scripts/reader_bench.py site`). The
site is served gzip-compressed with a ten-minute cache, as GitHub Pages or a CDN serves it,
on 127.0.0.1 only. For every page of the sitemap it reports:

- Lighthouse's four scores with its default mobile settings (emulated phone, slow 4G,
  4x CPU slowdown). Lighthouse comes from npm: the bench installs the pinned version into
  .bench/lighthouse/ the first time (`npm install`), and runs it on Debian's chromium.
  Without npm or chromium it says so and measures the rest. It is not part of `make test`:
  it takes about half a minute a page.
- the number of DOM elements, and the page's height at 1280 px (in px and in screens of
  800 px);
- the citation share: the characters of citation text (inline source markers) inside the
  article's paragraphs, over all the characters of those paragraphs.

Beside the scores, each page's Lighthouse metrics (first and largest contentful paint,
total blocking time, layout shift) and Lighthouse's benchmark index of the machine (about
1,500-2,500 on a quiet machine here; a low one means the run was starved of CPU), and the
load average at the start and end. Lighthouse's performance score moves by several points
between runs on a busy machine: `--runs 3` measures each page three times and keeps the
run with the median performance score.

The last line is every figure as one JSON object. `--no-lighthouse` skips Lighthouse.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE_DIR = ROOT / ".bench" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".csv")
# Text counted as citation: the inline markers the citation macros write.
CITATION_SELECTOR = ".cite, .cite-ref"
DESKTOP = {"width": 1280, "height": 800}


class _CompressingHandler(SimpleHTTPRequestHandler):
    """Serve files gzip-compressed when the client accepts it, with a short cache, quietly."""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def end_headers(self) -> None:
        """Add the cache header a static host sends."""
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        """Compress text files on the fly; hand everything else to the plain handler."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()
                return
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_compressed(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve a folder gzip-compressed on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_CompressingHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_pages(site: Path) -> list[str]:
    """Return the paths of the sitemap's pages (relative to the site root), then the embed."""
    from bs4 import BeautifulSoup  # noqa: PLC0415 - dev dependency, only needed here

    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    paths = [urlsplit(loc.get_text(strip=True)).path for loc in sitemap.find_all("loc")]
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    canonical = home.select_one("link[rel=canonical]")
    # A default build lists "./history/"; a published one its absolute address.
    base = urlsplit(str(canonical["href"])).path if canonical is not None else "./"
    pages = [p.removeprefix(base) if p.startswith(base) else p.lstrip("/") for p in paths]
    if (site / "embed" / "timeline" / "index.html").is_file():
        pages.append("embed/timeline/")
    return pages


def page_kinds(site: Path, pages: list[str]) -> list[str]:
    """Return one page of each kind, the largest of its kind.

    Every top-level page is a kind of its own; below one, the parts of /sources/, the
    categories of the timeline and its years are a kind each; and the embed.
    """
    chosen: dict[tuple[str, str], str] = {}
    for path in pages:
        parts = [p for p in path.split("/") if p]
        kind = (
            (path, "") if len(parts) <= 1 else (parts[0], "year" if parts[1].isdigit() else "part")
        )
        best = chosen.get(kind)
        if best is None or _size(site, path) > _size(site, best):
            chosen[kind] = path
    return list(chosen.values())


def _size(site: Path, path: str) -> int:
    return (site / path / "index.html").stat().st_size


_MEASURE = """(sel) => {
  const article = document.querySelector('article.md-content__inner') || document.body;
  let para = 0, cited = 0;
  for (const p of article.querySelectorAll('p')) {
    if (p.closest('figure, details, .tl-list, .source-list, .admonition, table')) continue;
    para += p.textContent.length;
    for (const c of p.querySelectorAll(sel)) cited += c.textContent.length;
  }
  return {
    elements: document.getElementsByTagName('*').length,
    height: document.scrollingElement.scrollHeight,
    paragraph_chars: para,
    citation_chars: cited,
  };
}"""


def measure_pages(base: str, pages: list[str]) -> dict[str, dict[str, Any]]:
    """Load each page at 1280 px in chromium; return its DOM size, height and citation share."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    out: dict[str, dict[str, Any]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
        page = context.new_page()
        for path in pages:
            page.goto(base + path, wait_until="networkidle")
            found: dict[str, Any] = page.evaluate(_MEASURE, CITATION_SELECTOR)
            chars = found["paragraph_chars"]
            found["citation_share"] = round(found["citation_chars"] / chars, 3) if chars else 0.0
            found["screens"] = round(found["height"] / DESKTOP["height"], 1)
            out[path] = found
        browser.close()
    return out


def lighthouse_bin() -> Path | None:
    """Return the pinned Lighthouse's CLI, installing it with npm the first time."""
    cli = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if cli.is_file():
        return cli
    npm = shutil.which("npm")
    if npm is None:
        print("reader bench: npm is not installed, so Lighthouse is skipped", file=sys.stderr)
        return None
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"reader bench: installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR}")
    subprocess.run(  # noqa: S603 - fixed arguments
        [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(LIGHTHOUSE_DIR),
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip
    return cli if cli.is_file() else None


# Lighthouse's metrics shown beside the scores: (audit id, column, JSON key).
METRICS = (
    ("first-contentful-paint", "FCP", "fcp_ms"),
    ("largest-contentful-paint", "LCP", "lcp_ms"),
    ("total-blocking-time", "TBT", "tbt_ms"),
    ("cumulative-layout-shift", "CLS", "cls"),
)


def lighthouse(
    cli: Path, url: str, report_dir: Path, name: str, chrome_port: int = 0
) -> dict[str, Any]:
    """Run Lighthouse (mobile, its defaults) on one URL.

    chrome_port is the browser's debugging port (0: any free one, Lighthouse's choice).

    Return its four scores out of 100, its metrics (milliseconds; layout shift as a
    fraction) and the machine's benchmark index.
    """
    out = report_dir / f"{name}.json"
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         *([f"--port={chrome_port}"] if chrome_port else [])],
        check=True,
        timeout=300,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    scores: dict[str, Any] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        scores[category] = round(score * 100) if score is not None else -1
    for audit, _, key in METRICS:
        value = report["audits"][audit].get("numericValue")
        scores[key] = -1 if value is None else round(value, 3 if key == "cls" else None)
    scores["benchmark"] = round(report.get("environment", {}).get("benchmarkIndex") or -1)
    return scores


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the run whose performance score is the median of the runs.

    With an even number of runs, the better of the two middle ones: use an odd number
    (3 or 5, as Lighthouse's own advice has it) for a true median.
    """
    ranked = sorted(runs, key=lambda r: r["performance"])
    return {**ranked[len(ranked) // 2], "runs": [r["performance"] for r in runs]}


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (5 min {five:.1f})"


def main() -> int:
    """Serve the site compressed, measure every page, print a table and a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="built site folder")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: any)")
    parser.add_argument(
        "--chrome-port", type=int, default=0, help="Chromium's debugging port (default: any)"
    )
    parser.add_argument("--pages", nargs="*", help="only these page paths ('' is home)")
    parser.add_argument(
        "--kinds", action="store_true", help="one page of each kind, not every page"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs a page; the median one is kept"
    )
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "sitemap.xml").is_file():
        raise SystemExit(f"{site}: no built site here (run `make build` first)")
    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM}: chromium is not installed (apt-get install chromium)")
    pages = args.pages if args.pages is not None else site_pages(site)
    if args.kinds:
        pages = page_kinds(site, pages)
    cli = None if args.no_lighthouse else lighthouse_bin()
    report_dir = ROOT / ".bench" / "lighthouse-reports"
    report_dir.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    with serve_compressed(site, args.port) as base:
        results = measure_pages(base, pages)
        if cli is not None:
            for path in pages:
                name = path.strip("/").replace("/", "-") or "home"
                runs = [
                    lighthouse(
                        cli,
                        base + path,
                        report_dir,
                        name if n == 0 else f"{name}-{n}",
                        args.chrome_port,
                    )
                    for n in range(max(1, args.runs))
                ]
                results[path]["lighthouse"] = median_run(runs)
    header = f"{'page':24} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} "
    header += " ".join(f"{col:>5}" for _, col, _ in METRICS) + f" {'bench':>5} "
    header += f"{'elements':>8} {'height px':>9} {'screens':>7} {'cite share':>10}"
    print(f"load average: {load_before} at the start, {_load()} at the end")
    print(header)
    print("-" * len(header))
    for path, r in results.items():
        lh = r.get("lighthouse", {})
        scores = " ".join(f"{lh.get(c, '-'):>4}" for c in CATEGORIES)
        metrics = " ".join(
            f"{lh[key]:>5.3f}" if key == "cls" and key in lh else f"{lh.get(key, '-'):>5}"
            for _, _, key in METRICS
        )
        print(
            f"{'/' + path:24} {scores} {metrics} {lh.get('benchmark', '-'):>5} "
            f"{r['elements']:8d} {r['height']:9d} {r['screens']:7.1f} {r['citation_share']:10.3f}"
        )
    below = [p for p, r in results.items() if r.get("lighthouse", {}).get("performance", 100) < 95]
    if cli is not None:
        print(f"pages under 95 in performance: {', '.join('/' + p for p in below) or 'none'}")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
