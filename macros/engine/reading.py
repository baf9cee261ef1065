"""Reading time: count the words a page shows and fill in its 'About N minutes' read' line.

A page asks for the line with the `reading_time()` macro, which leaves a placeholder; once
Markdown has made the page's HTML, the build counts the words of that HTML (the text a reader
sees, without scripts, styles, drawings or heading anchors) and writes the time into the
placeholder. Both steps are pure functions of their input.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

from macros.engine.factbase import FactBase
from macros.engine.htmlscan import feed_plain
from macros.engine.markup import PageContext

WORDS_PER_MINUTE = 230
PLACEHOLDER = '<span class="reading-time" data-reading-time="pending"></span>'
_FILLED = re.compile(re.escape(PLACEHOLDER))
# Text inside these elements is not read: code, drawings, and Material's heading anchors.
_SKIPPED = frozenset({"script", "style", "svg", "template", "noscript"})


class _VisibleText(HTMLParser):
    """Collect the text of an HTML fragment that a reader would read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        # The page's list of sources (macros/engine/footnotes.py) is looked up, not read.
        if self.skipping or tag in _SKIPPED or "headerlink" in classes or "page-refs" in classes:
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Void elements (<br/>, <img/>) hold no text and open nothing."""

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def count_words(html: str) -> int:
    """Return the number of words a reader sees in an HTML fragment."""
    parser = _VisibleText()
    if not feed_plain(parser, html):  # the same calls, found faster (engine/htmlscan.py)
        parser = _VisibleText()
        parser.feed(html)
        parser.close()
    return len(" ".join(parser.parts).split())


def minutes(words: int) -> int:
    """Return the reading time, in whole minutes rounded up, of so many words (at least 1)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def reading_line(words: int) -> str:
    """Render the reading-time line for a page of so many words."""
    count = minutes(words)
    unit = "minute" if count == 1 else "minutes"
    return (
        f'<span class="reading-time" data-words="{words}">'
        f"About {count} {unit} to read ({words:,} words)</span>"
    )


def reading_time(fb: FactBase, ctx: PageContext) -> str:
    """Mark where a page shows its reading time; the build fills it in from the page's words."""
    del fb, ctx
    return PLACEHOLDER


def fill_reading_time(html: str) -> str:
    """Replace the reading-time placeholder, if the page has one, with the page's reading time."""
    if PLACEHOLDER not in html:
        return html
    words = count_words(html.replace(PLACEHOLDER, ""))
    return _FILLED.sub(lambda _match: reading_line(words), html)
