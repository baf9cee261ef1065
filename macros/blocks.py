"""Block-level macro output kept out of Markdown's way (glue for speed, pages unchanged).

A macro's HTML that stands alone between blank lines (a timeline, a table, a source
list) is a raw HTML block to Markdown, which passes it through as written, but only
after parsing all of it; on big pages that parsing is most of the build. So the macro
hands Markdown a one-word token instead, and the HTML goes back in its place after
Markdown has run: the same page, without the parse. Output that is not a block on its
own lines (inside a sentence, a list or an admonition), or that holds a heading (which
Markdown adds to the page's table of contents), goes to Markdown as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Private-use characters around a held block's number while mkdocs-macros renders.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HELD = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
# What Markdown passes through as a raw HTML block (its block-level tags).
_BLOCK_START = re.compile(
    r"<(?:div|ol|table|figure|aside|nav|details|dl|form|script|noscript|p)"
    r"[\s>]"
)
# Headings inside raw HTML still reach Markdown's table of contents: leave those to it.
_HEADING = re.compile(r"<h[1-6][\s>]")
_MD_IN_HTML = re.compile(r"<[a-z][^>]*\smarkdown(?:[\s=>])")
_TOKEN = "zqxexplainerblock{}zqx"  # noqa: S105 (a placeholder, no secret)
_PLACED = re.compile(r"(?:<p>)?zqxexplainerblock(\d+)zqx(?:</p>)?")


@dataclass
class Blocks:
    """The block-level macro output of the page being built."""

    # Off unless a hook puts the blocks back (the site's hooks file re-exports
    # macros.entry.on_page_content); without one, every macro's HTML goes to Markdown.
    enabled: bool = False
    held: list[str] = field(default_factory=list)
    placed: dict[int, str] = field(default_factory=dict)

    def hold(self, html: str) -> str:
        """Return what the macro hands mkdocs-macros: a held block's mark, or the HTML."""
        if not self.enabled or not _BLOCK_START.match(html) or _OPEN in html:
            return html
        if _HEADING.search(html):
            return html
        self.held.append(html)
        return f"{_OPEN}{len(self.held) - 1}{_CLOSE}"

    def place(self, markdown: str) -> str:
        """After mkdocs-macros: a token for each block alone between blank lines, else the HTML."""
        self.placed = {}
        if _MD_IN_HTML.search(markdown):
            # Markdown inside HTML (md_in_html) re-spaces the blocks in it: leave it all.
            out = _HELD.sub(lambda m: self.held[int(m[1])], markdown)
            self.held = []
            return out

        def put(match: re.Match[str]) -> str:
            n = int(match[1])
            html = self.held[n]
            start, end = match.start(), match.end()
            before = markdown[:start]
            alone = (start == 0 or before.endswith("\n\n") or before.rstrip(" ") == "") and (
                end == len(markdown)
                or markdown.startswith("\n\n", end)
                or markdown[end:].strip() == ""
            )
            if not alone:
                return html
            self.placed[n] = html
            return _TOKEN.format(n)

        out = _HELD.sub(put, markdown)
        self.held = []
        return out

    def restore(self, html: str) -> str:
        """After Markdown: each token (in the paragraph Markdown made of it) becomes its HTML."""
        if not self.placed:
            return html
        placed, self.placed = self.placed, {}
        # Markdown ends a raw HTML block with a blank line (none at the end of the page);
        # so does the block put back.
        end = len(html.rstrip())

        def back(match: re.Match[str]) -> str:
            return placed[int(match[1])] + ("" if match.end() >= end else "\n")

        return _PLACED.sub(back, html)
