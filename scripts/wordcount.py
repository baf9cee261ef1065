"""Word count and reading time of each built page: `python scripts/wordcount.py [site]`.

Counts the words a reader sees in each page's article, with the same counter and rate (230
words a minute, rounded up) as the pages' own reading-time line (macros/engine/reading.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.engine.reading import count_words, minutes

# The home page first, then every other top-level page of the built site (not the embeds,
# the per-year or per-letter pages, or the data files).
SKIP = frozenset({"embed", "assets", "data", "search", "sources", "timeline"})
ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)


def article_words(html: str) -> int:
    """Return the number of words in the article of one built page."""
    match = ARTICLE.search(html)
    return count_words(match.group(1) if match else "")


def main(argv: list[str]) -> int:
    """Print a table of words and minutes per page."""
    site = Path(argv[1] if len(argv) > 1 else "site")
    pages = ["", *sorted(p.parent.name for p in site.glob("*/index.html"))]
    pages = [p for p in pages if p not in SKIP] + ["timeline"]
    print(f"{'page':<24}{'words':>8}{'minutes':>9}")
    for page in pages:
        path = site / page / "index.html"
        if path.exists():
            words = article_words(path.read_text(encoding="utf-8"))
            name = f"/{page}/" if page else "/"
            print(f"{name:<24}{words:>8}{minutes(words):>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
