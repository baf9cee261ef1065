"""Measure the embed page's gzipped weight (HTML + the CSS and JS it loads) against its budget."""

from __future__ import annotations

import argparse
import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

BUDGET = 40 * 1024
PAGE = "embed/timeline/index.html"


class _Assets(HTMLParser):
    """Collect the stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note <link rel="stylesheet" href> and <script src>."""
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.urls.append(str(values["href"]))
        if tag == "script" and values.get("src"):
            self.urls.append(str(values["src"]))


def gzipped(data: bytes) -> int:
    """Return the size of data gzipped at the level a static server would use."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure(site: Path, page: str = PAGE) -> list[tuple[str, int, int]]:
    """Return (path, raw bytes, gzipped bytes) for the page and each asset it loads."""
    html = (site / page).read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    rows = [(page, len(html), gzipped(html))]
    base = "https://site.invalid/" + page
    for url in parser.urls:
        absolute = urljoin(base, url)
        if not absolute.startswith("https://site.invalid/"):
            raise ValueError(f"{page} loads {url} from another site")
        rel = urlsplit(absolute).path.lstrip("/")
        data = (site / rel).read_bytes()
        rows.append((rel, len(data), gzipped(data)))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the weight table; exit 1 if the total is over budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("--budget", type=int, default=BUDGET, help="bytes, gzipped")
    args = parser.parse_args(argv)
    rows = measure(Path(args.site))
    for path, raw, packed in rows:
        print(f"{packed:>8,} B gz {raw:>9,} B  {path}")
    total = sum(packed for _, _, packed in rows)
    verdict = "within" if total <= args.budget else "OVER"
    budget = f"{args.budget / 1024:.0f} KB"
    print(f"{total:>8,} B gz total: {total / 1024:.1f} KB, {verdict} the {budget} budget")
    return 0 if total <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
