"""Compare the site's search (Material's, engine-built index) with Pagefind, as readers meet them.

For one built site it measures both on the same queries and the same phone profile as
scripts/search_bench.py (4x CPU, slow 4G, served gzip-compressed, clock from the load
event to the first result on screen):

- the first result of each query (the page and anchor it opens);
- what a reader downloads to search: Material's whole index, or Pagefind's files as the
  queries fetched them (its script, WebAssembly, metadata, index chunks and fragments);
- what the search files weigh on disk, raw and gzipped;
- the phone timings (median of `--repeat` cold loads per query).

Pagefind indexes a copy of the built site in a temporary folder (the site itself is not
touched): each page's article (`article.md-content__inner`), minus what the engine's index
leaves out too (`[data-search-exclude]`, heading links, pictures, `<noscript>`). Its
default UI goes at the top of a copy of the home page. Pagefind comes from PyPI
(`pagefind-bin`, the pinned version below), installed into .bench/pagefind/ on first use;
like Lighthouse it is a benchmark tool, not a dependency of the site, the build or the
tests. Run `python scripts/search_compare.py site` after `make build`, or through
`make search-compare`. Prints a table and a JSON line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench

ROOT = Path(__file__).resolve().parent.parent
PAGEFIND_VERSION = "1.5.2"
PAGEFIND_DIR = ROOT / ".bench" / "pagefind"
# What the engine's index leaves out, so that both index the same text.
EXCLUDE = ("[data-search-exclude]", ".headerlink", "svg", "noscript", "[aria-hidden=true]")
PAGE = "pagefind-search.html"
_UI = """<div id="pagefind-search"></div>
<link rel="stylesheet" href="pagefind/pagefind-ui.css">
<script src="pagefind/pagefind-ui.js"></script>
<script>new PagefindUI({element: "#pagefind-search", showSubResults: true, resetStyles: false});
</script>"""
INPUT = ".pagefind-ui__search-input"
RESULT = ".pagefind-ui__result"


def pagefind_installed() -> Path:
    """Return the folder holding the pinned pagefind-bin, installing it with pip first."""
    marker = PAGEFIND_DIR / f"pagefind_bin-{PAGEFIND_VERSION}.dist-info"
    if not marker.is_dir():
        print(f"search compare: installing pagefind-bin=={PAGEFIND_VERSION} into {PAGEFIND_DIR}")
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--target", str(PAGEFIND_DIR), f"pagefind-bin=={PAGEFIND_VERSION}"],
            check=True,
        )  # fmt: skip
    return PAGEFIND_DIR


def index_with_pagefind(site: Path, work: Path) -> Path:
    """Copy the site into `work`, index it with Pagefind, add the search page; return it."""
    copy = work / "site"
    shutil.copytree(site, copy)
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(copy), "--root-selector",
               "article.md-content__inner"]  # fmt: skip
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    env = {"PYTHONPATH": str(pagefind_installed()), "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
    home = (copy / "index.html").read_text(encoding="utf-8")
    anchor = '<article class="md-content__inner md-typeset">'
    if anchor not in home:
        raise SystemExit("search compare: the home page has no article to put Pagefind's UI in")
    (copy / PAGE).write_text(home.replace(anchor, anchor + _UI, 1), encoding="utf-8")
    return copy


def folder_sizes(folder: Path) -> tuple[int, int, int]:
    """Return (files, raw bytes, gzipped bytes) of every file under a folder."""
    files = [f for f in folder.rglob("*") if f.is_file()]
    raw = sum(f.stat().st_size for f in files)
    # Pagefind's index files are already compressed: gzip them as a server would anyway.
    packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
    return len(files), raw, packed


def _pagefind_query(browser: Any, base: str, query: str, phone: bool) -> dict[str, Any]:
    viewport = search_bench.PHONE if phone else search_bench.DESKTOP
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1
    )
    page = context.new_page()
    if phone:
        search_bench.throttle(context, page)
    # Pagefind fetches its index from a worker too: count every response of the context.
    fetched: list[int] = []

    def count(request: Any) -> None:
        if "/pagefind/" in request.url:
            fetched.append(int(request.sizes()["responseBodySize"]))

    context.on("requestfinished", count)
    try:
        page.goto(base + PAGE, wait_until="load")
        box = page.locator(INPUT)
        box.click()
        box.fill(query)
        page.wait_for_function(
            f"() => document.querySelector('{RESULT} a') || "
            "/No results/i.test("
            "document.querySelector('.pagefind-ui__message')?.textContent || '')",
            timeout=30_000,
        )
        elapsed = float(page.evaluate("() => performance.now()"))
        load = float(
            page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        )
        first = page.locator(RESULT).first
        nested = first.locator(".pagefind-ui__result-nested a")
        main = first.locator("a.pagefind-ui__result-link").first
        href = ""
        if nested.count():
            href = str(nested.first.get_attribute("href") or "")
        elif page.locator(f"{RESULT} a").count():
            href = str(main.get_attribute("href") or "")
        return {
            "first_result_ms": round(elapsed - load),
            "results": page.locator(RESULT).count(),
            "first_href": "/" + href.replace(base, "").lstrip("/"),
            "fetched_bytes": sum(fetched),
        }
    finally:
        context.close()


def measure_pagefind(site: Path, queries: tuple[str, ...], repeat: int) -> dict[str, Any]:
    """Index a copy of the site with Pagefind and measure it on a phone, like search_bench."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when measuring

    with tempfile.TemporaryDirectory(prefix="pagefind-") as tmp:
        copy = index_with_pagefind(site, Path(tmp))
        files, raw, packed = folder_sizes(copy / "pagefind")
        rows = []
        with search_bench.serve_gzip(copy) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=search_bench.CHROMIUM,
                args=["--no-sandbox", "--disable-gpu"],
                headless=True,
            )
            try:
                for query in queries:
                    runs = [_pagefind_query(browser, base, query, True) for _ in range(repeat)]
                    runs.sort(key=lambda r: r["first_result_ms"])
                    row = runs[len(runs) // 2] | {"query": query}
                    print(f"  pagefind {query}: {row['first_result_ms']} ms", file=sys.stderr)
                    rows.append(row)
            finally:
                browser.close()
    times = [r["first_result_ms"] for r in rows]
    return {
        "files": files,
        "bytes": raw,
        "gzip_bytes": packed,
        "phone_first_result_ms_median": round(statistics.median(times)),
        "phone_first_result_ms_max": max(times),
        "queries": rows,
    }


def main() -> int:
    """Measure both searches on a built site and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--query", action="append", help="a query (default: issue 13's)")
    parser.add_argument("--repeat", type=int, default=3, help="phone runs per query (median)")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site here (run `make build`)", file=sys.stderr)
        return 2
    queries = tuple(args.query) if args.query else search_bench.QUERIES
    material = search_bench.measure(args.site, queries, repeat=args.repeat)
    pagefind = measure_pagefind(args.site, queries, args.repeat)
    phone = {r["query"]: r for r in material["queries"] if r["viewport"] == "phone"}
    print(f"{'query':18} {'Material ms':>11} {'Pagefind ms':>11}  first hit (Material | Pagefind)")
    for row in pagefind["queries"]:
        mat = phone[row["query"]]
        print(
            f"{row['query']:18} {mat['first_result_ms']:11.0f} {row['first_result_ms']:11.0f}  "
            f"{mat['first_href']} | {row['first_href']}"
        )
    print(
        f"Material: index {material['index_bytes'] / 1024:.1f} KB, "
        f"{material['index_gzip_bytes'] / 1024:.1f} KB gzipped, all of it fetched on opening search"
    )
    fetched = max(r["fetched_bytes"] for r in pagefind["queries"])
    print(
        f"Pagefind: {pagefind['files']} files, {pagefind['bytes'] / 1024:.1f} KB, "
        f"{pagefind['gzip_bytes'] / 1024:.1f} KB gzipped on disk; "
        f"up to {fetched / 1024:.1f} KB fetched for one query"
    )
    summary = {
        "material": {k: v for k, v in material.items() if k != "queries"},
        "pagefind": {k: v for k, v in pagefind.items() if k != "queries"}
        | {"max_fetched_bytes": fetched},
    }
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
