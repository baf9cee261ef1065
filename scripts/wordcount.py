"""Word count and reading time of each built page: `python scripts/wordcount.py [site]`.

Counts the words a reader sees in a page's article (the text of <article>, without scripts,
styles, the heading anchors or the hidden text of tooltips), and a reading time at 230 words
a minute, the rate the pages' own "reading time" line uses.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

WORDS_PER_MINUTE = 230
PAGES = ("", "history", "diplomacy", "humanitarian", "outlook", "timeline", "claims", "about")


class _ArticleText(HTMLParser):
    """Collect the visible text inside the page's <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        if self.depth and (
            tag in ("script", "style", "svg") or "headerlink" in classes or self.skip
        ):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def words(html: str) -> int:
    """Return the number of words in the article of one built page."""
    parser = _ArticleText()
    parser.feed(html)
    return len(" ".join(parser.parts).split())


def main(argv: list[str]) -> int:
    """Print a table of words and minutes per page."""
    site = Path(argv[1] if len(argv) > 1 else "site")
    print(f"{'page':<14}{'words':>8}{'minutes':>9}")
    for page in PAGES:
        path = site / page / "index.html"
        if not path.exists():
            continue
        count = words(path.read_text(encoding="utf-8"))
        print(f"{'/' + page + ('/' if page else ''):<14}{count:>8}{max(1, round(count / WORDS_PER_MINUTE)):>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
