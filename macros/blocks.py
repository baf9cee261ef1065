"""Block-level macro output kept out of Markdown's way (glue for speed, pages unchanged).

A macro's HTML that stands alone between blank lines (a timeline, a table, a source
list) is a raw HTML block to Markdown, which passes it through as written, but only
after parsing all of it; on big pages that parsing is most of the build. So the macro
hands Markdown a one-word token instead, and the HTML goes back in its place after
Markdown has run: the same page, without the parse. Output that is not a block on its
own lines (inside a sentence, a list or an admonition) goes to Markdown as before, and
so do the Markdown headings in it (a timeline's years, for the table of contents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.engine.markup import VOID_ELEMENTS

# Private-use characters around a held block's number while mkdocs-macros renders.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HELD = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
# What Markdown passes through as a raw HTML block (its block-level tags).
_BLOCK_START = re.compile(
    r"<(?:div|ol|table|figure|aside|nav|details|dl|form|script|noscript|p)"
    r"[\s>]"
)
# A Markdown heading in a macro's output (it goes to the table of contents).
_MD_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
_MD_HEADING_SPLIT = re.compile(r"(^#{1,6} .*\n)", re.MULTILINE)
_MD_IN_HTML = re.compile(r"<[a-z][^>]*\smarkdown(?:[\s=>])")
_TOKEN = "zqxexplainerblock{}zqx"  # noqa: S105 (a placeholder, no secret)
# Only spaces; only white space (as str.strip() removes it).
_SPACES, _WHITE = re.compile(" *"), re.compile(r"\s*")
_PLACED = re.compile(r"(?:<p>)?zqxexplainerblock(\d+)zqx(?:</p>)?")


_RAW_TEXT = frozenset({"script", "style"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*?)?(/?)>|<!--.*?-->", re.DOTALL)


def _top_level_on_own_lines(html: str) -> bool:
    """Whether each top-level element after the first starts a line of its own.

    Markdown splits top-level elements that share a line; a block like that is left to
    it. Read with a cheap tag count (no parse): anything unclear leaves it to Markdown.
    """
    depth = 0
    size = len(html)
    for tag in _TAG.finditer(html):
        closing, name, selfclosing = tag.groups()
        if name is None:  # a comment
            if depth == 0:
                return False  # between top-level elements
            continue
        lowered = name.lower()
        if selfclosing or lowered in VOID_ELEMENTS:
            continue
        if not closing:
            if lowered in _RAW_TEXT:
                return False  # their text is not HTML: leave it to Markdown
            depth += 1
            continue
        depth -= 1
        if depth < 0:
            return False
        if depth == 0:
            end = tag.end()
            if end < size and html[end] != "\n":
                return False
    return depth == 0


@dataclass
class Blocks:
    """The block-level macro output of the page being built."""

    # Off unless a hook puts the blocks back (the site's hooks file re-exports
    # macros.entry.on_page_content); without one, every macro's HTML goes to Markdown.
    enabled: bool = False
    held: list[str] = field(default_factory=list)
    placed: dict[int, str] = field(default_factory=dict)

    def hold(self, html: str) -> str:
        """Return what the macro hands mkdocs-macros: held blocks' marks, or the HTML.

        Markdown headings in the output (a timeline's years, for the table of contents)
        stay Markdown; the HTML between them is held piece by piece.
        """
        if not self.enabled or _OPEN in html:
            return html
        if _MD_HEADING.search(html):
            return "".join(
                part if _MD_HEADING.match(part) else self._hold_one(part)
                for part in _MD_HEADING_SPLIT.split(html)
            )
        return self._hold_one(html)

    def _hold_one(self, html: str) -> str:
        core = html.strip("\n")
        if not _BLOCK_START.match(core) or not _top_level_on_own_lines(core):
            return html
        lead = html[: len(html) - len(html.lstrip("\n"))]
        trail = html[len(lead) + len(core) :]
        self.held.append(core)
        return f"{lead}{_OPEN}{len(self.held) - 1}{_CLOSE}{trail}"

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
            # Read in place: slicing the page around every block would copy it each time.
            alone = (
                start == 0
                or markdown.endswith("\n\n", 0, start)
                or _SPACES.fullmatch(markdown, 0, start) is not None
            ) and (
                end == len(markdown)
                or markdown.startswith("\n\n", end)
                or _WHITE.fullmatch(markdown, end) is not None
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
