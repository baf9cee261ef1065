"""What a page says about itself: its meta description, taken from its own first words."""

from __future__ import annotations

import html as htmllib
import re

# The first point of an "in brief" box (an admonition titled "In brief", or any element of
# class in-brief), else the page's first paragraph.
_IN_BRIEF = re.compile(
    r'(?:<p class="admonition-title">\s*In brief\s*</p>|class="[^"]*\bin-brief\b[^"]*"[^>]*>)'
    r"(?:(?!</div>).)*?<(?:p|li)(?:\s[^>]*)?>(.*?)</(?:p|li)>",
    re.S | re.I,
)
_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Search engines show about this many characters of a description.
MAX_CHARS = 160
MIN_CHARS = 50


def _plain(fragment: str) -> str:
    """Return a fragment of HTML as plain, single-spaced text."""
    # Inline citations and footnote markers are not part of the sentence.
    fragment = re.sub(r'<(sup|span) class="cite[^"]*".*?</\1>', "", fragment, flags=re.S)
    text = _SPACE.sub(" ", htmllib.unescape(_TAG.sub("", fragment))).strip()
    return re.sub(r"\s+([.,;:])", r"\1", text)


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """Cut text at the last sentence or word end that fits in limit characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if sentence >= MIN_CHARS:
        return cut[: sentence + 1]
    word = cut.rsplit(" ", 1)[0].rstrip(",;:—–-")
    return word + "…"


def description(page_html: str, fallback: str = "") -> str:
    """Return a page's description: its 'in brief', else its first paragraph of substance."""
    brief = _IN_BRIEF.search(page_html)
    if brief is not None:
        text = _plain(brief.group(1))
        if len(text) >= MIN_CHARS:
            return shorten(text)
    for match in _PARAGRAPH.finditer(page_html):
        text = _plain(match.group(1))
        if len(text) >= MIN_CHARS:
            return shorten(text)
    return fallback
