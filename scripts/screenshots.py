"""Screenshots of every page for a person to look at: desktop and phone, light and dark.

    python scripts/screenshots.py [--site site] [--out test-artifacts/screenshots] [--only PATH]
        [--run desktop|desktop-dark|phone|phone-dark] [--viewport-only] [--tall N] [--keep]

`make screenshots` builds the site and runs this. It serves the built site on a free
127.0.0.1 port, opens every page of the sitemap (and the embeds) in Debian's headless
Chromium at 1280 and 375 px in both colour schemes, and writes `<page>-<run>.png` (the
first 3,000 px of the page, or `--tall N` px) plus one picture of each drawing
(`picture-...png`); `--viewport-only` writes the first screen alone (`<page>-<run>-screen.png`),
which stays legible where a tall page's full shot is scaled down to nothing. Look at
them after a change to the CSS, the templates or a renderer. The browser tests check the
same pages by machine (axe, widths, sizes); these are for eyes, so they are not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.browser.reader import DESKTOP, PHONE, page_name, site_pages, visiting  # noqa: E402
from tests.browser.sweep import PICTURES  # noqa: E402

SHOT_HEIGHT = 3000
RUNS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": DESKTOP, "color_scheme": "light"},
    "desktop-dark": {"viewport": DESKTOP, "color_scheme": "dark"},
    "phone": {"viewport": PHONE, "color_scheme": "light", "is_mobile": True, "has_touch": True},
    "phone-dark": {"viewport": PHONE, "color_scheme": "dark", "is_mobile": True, "has_touch": True},
}


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; return 0, or 2 when Chromium or the site is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    parser.add_argument(
        "--only", action="append", default=[], metavar="PATH",
        help="only this page (a path such as missiles/; repeat for more)",
    )  # fmt: skip
    parser.add_argument(
        "--run", action="append", default=[], choices=sorted(RUNS),
        help="only this width and scheme (repeat for more; default all four)",
    )  # fmt: skip
    parser.add_argument(
        "--viewport-only", action="store_true",
        help="the first screen only (the viewport), named <page>-<run>-screen.png",
    )  # fmt: skip
    parser.add_argument("--tall", type=int, default=SHOT_HEIGHT, help="px of each full shot")
    parser.add_argument("--keep", action="store_true", help="keep the PNGs already in --out")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html is missing: run `make build` first", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        for old in args.out.glob("*.png"):
            old.unlink()
    pages = [p for p in site_pages(args.site) if not args.only or p in args.only]
    server = serve(args.site)
    base = next(server)
    count = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for label, options in RUNS.items():
            if args.run and label not in args.run:
                continue
            width = int(options["viewport"]["width"])
            with visiting(browser, base, **options) as visit:
                for path in pages:
                    visit.go(path)
                    page = visit.page
                    if args.viewport_only:
                        page.screenshot(
                            path=str(args.out / f"{page_name(path)}-{label}-screen.png")
                        )
                        count += 1
                        continue
                    height = int(page.evaluate("() => document.scrollingElement.scrollHeight"))
                    page.screenshot(
                        path=str(args.out / f"{page_name(path)}-{label}.png"),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(height, args.tall)},
                    )
                    count += 1
                    for selector in PICTURES.get(path, ()):
                        element = page.locator(selector).first
                        element.scroll_into_view_if_needed()
                        name = f"picture-{page_name(path)}-{selector[1:]}-{label}.png"
                        element.screenshot(path=str(args.out / name))
                        count += 1
        browser.close()
    server.close()
    print(f"{count} screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
