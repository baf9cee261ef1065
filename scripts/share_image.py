"""Draw the social share image (og:image) once, offline, with Debian's Chromium.

The PNG is committed: the build only copies it, so it needs no network and no browser.
Run again after changing the design below: `.venv/bin/python scripts/share_image.py`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "overrides" / "assets" / "images" / "share.png"
WIDTH, HEIGHT = 1200, 630
# Category colours of the timeline (overrides/assets/explainer.css, dark scheme).
DOTS = ["#ff8a80", "#ff8a80", "#e1a6ee", "#ffb74d", "#8bd18e", "#90caf9", "#ff8a80", "#80cbc4"]

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {w}px; height: {h}px; overflow: hidden; }}
body {{
  box-sizing: border-box; padding: 72px 80px;
  background: #283593;
  color: #fff; font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
  display: flex; flex-direction: column;
}}
.kicker {{ font-size: 26px; letter-spacing: 0.08em; text-transform: uppercase; color: #c5cae9; }}
h1 {{ margin: 18px 0 0; font-size: 76px; line-height: 1.08; font-weight: 700; }}
p {{ margin: 26px 0 0; font-size: 30px; line-height: 1.4; color: #e8eaf6; max-width: 980px; }}
.line {{ margin-top: auto; position: relative; height: 34px; }}
.line::before {{ content: ""; position: absolute; left: 0; right: 0; top: 15px; height: 4px;
  background: #7986cb; border-radius: 2px; }}
.dot {{ position: absolute; top: 5px; width: 24px; height: 24px; border-radius: 50%;
  border: 3px solid #283593; box-sizing: border-box; }}
.foot {{ margin-top: 18px; font-size: 22px; color: #c5cae9; }}
</style></head><body>
<div class="kicker">Sourced explainer</div>
<h1>North Korea's missiles, explained</h1>
<p>Missile tests, the diplomacy around them, the humanitarian situation and what may come
next, with every date, number and name sourced.</p>
<div class="line">{dots}</div>
<div class="foot">Timeline · Claims checked · Open data</div>
</body></html>
"""


def html() -> str:
    """Return the share image's page."""
    step = (WIDTH - 2 * 80 - 24) / (len(DOTS) - 1)
    dots = "".join(
        f'<span class="dot" style="left:{i * step:.0f}px;background:{colour}"></span>'
        for i, colour in enumerate(DOTS)
    )
    return PAGE.format(w=WIDTH, h=HEIGHT, dots=dots)


def render(out: Path, chromium: str) -> None:
    """Screenshot the page in headless Chromium into out (a PNG)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        # Nothing may load from elsewhere: the page is self-contained.
        page.route("**/*", lambda route: route.abort())
        page.set_content(html())
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main() -> None:
    """Draw the image where the site expects it (or where --out says)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    render(args.out, os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    print(f"wrote {args.out} ({WIDTH}×{HEIGHT})")


if __name__ == "__main__":
    main()
