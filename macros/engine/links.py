"""Links between pages, their #anchors, and the navigation: checked before any build.

A strict build stops on a link to a missing page or anchor and on a page left out of the
navigation, but says so without a line. These checks find the same mistakes in the
Markdown, with the line, so that `make check` reports them in the same run as everything
else. Pure functions: pages' text and rendered macro output in, problems out.
"""

from __future__ import annotations

import fnmatch
import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from macros.engine.factbase import Problem, closest


@dataclass(frozen=True)
class PageText:
    """A content page: its path for messages, its path inside content/, and its text."""

    path: str
    src_path: str
    text: str


@dataclass(frozen=True)
class Link:
    """A link written in a page, with the line it is on."""

    line: int
    target: str


_INLINE = re.compile(r"(?<!!)\[(?:[^\]\n]|\][^(\n])*\]\(\s*<?(?P<url>[^\s)>]+)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<url>[^\s>]+)", re.MULTILINE)
_HREF = re.compile(r"""\bhref\s*=\s*["'](?P<url>[^"']+)["']""")
_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]*:")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$", re.MULTILINE)
_ATTR_ID = re.compile(r"\{[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}\s*$")
_HTML_ID = re.compile(r"""\bid\s*=\s*["'](?P<id>[^"']+)["']""")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _blank_code(text: str) -> str:
    """Blank out fenced code (keeping lines) so that examples in it are not read as links."""
    return _FENCE.sub(lambda m: "\n" * m.group().count("\n"), text)


def page_links(text: str) -> list[Link]:
    """Return the relative links of a page (Markdown links, definitions and href=)."""
    body = _MACRO.sub(lambda m: "\n" * m.group().count("\n"), _blank_code(text))
    found: list[Link] = []
    for pattern in (_INLINE, _DEFINITION, _HREF):
        for match in pattern.finditer(body):
            url = html.unescape(match["url"])
            if _SCHEME.match(url) or url.startswith(("//", "/")):
                continue
            found.append(Link(body.count("\n", 0, match.start("url")) + 1, url))
    return sorted(found, key=lambda link: link.line)


def slugify(value: str) -> str:
    """Turn a heading into its anchor, as Python-Markdown's table of contents does."""
    text = re.sub(r"<[^>]+>", "", value)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = html.unescape(text.replace("`", "").replace("*", ""))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(text: str, rendered: Iterable[str] = ()) -> set[str]:
    """Return the anchors a page will have: its headings, {#ids}, and ids in its HTML."""
    body = _blank_code(text)
    found: set[str] = set()
    counts: dict[str, int] = {}
    for match in _HEADING.finditer(body):
        heading = match["text"]
        custom = _ATTR_ID.search(heading)
        if custom:
            found.add(custom["id"])
            continue
        slug = slugify(heading)
        if slug in counts:
            counts[slug] += 1
            found.add(f"{slug}_{counts[slug]}")
        else:
            counts[slug] = 0
            found.add(slug)
    for source in (body, *rendered):
        found.update(m["id"] for m in _HTML_ID.finditer(source))
    return found


def link_problems(
    pages: Sequence[PageText],
    page_anchors: Mapping[str, set[str] | None],
    other_pages: Iterable[str] = (),
) -> list[Problem]:
    """Report links to pages that do not exist and to #anchors a page does not have.

    page_anchors maps a page's src_path to its anchors, or to None when they cannot be
    known before the build (then its anchors are not checked). other_pages are pages made
    during the build (their anchors are not checked either).
    """
    known = {page.src_path for page in pages}
    generated = set(other_pages)
    problems = []
    for page in pages:
        folder = posixpath.dirname(page.src_path)
        for link in page_links(page.text):
            target, _, anchor = link.target.partition("#")
            target = target.split("?", 1)[0]
            if not target:
                dest = page.src_path
            elif target.endswith(".md"):
                dest = posixpath.normpath(posixpath.join(folder, target))
            else:
                continue  # a file or folder URL: MkDocs checks those against the build
            if dest not in known and dest not in generated:
                guess = closest(dest, known)
                hint = f"did you mean '{guess}'?" if guess else "check the file name"
                problems.append(
                    Problem(
                        page.path,
                        link.line,
                        f"link to '{target}': there is no such page in content/ ({hint})",
                    )
                )
                continue
            ids = page_anchors.get(dest)
            if anchor and ids is not None and anchor not in ids:
                guess = closest(anchor, ids)
                hint = f"did you mean '#{guess}'?" if guess else "link to a heading of that page"
                where = "this page" if dest == page.src_path else f"'{dest}'"
                problems.append(
                    Problem(
                        page.path,
                        link.line,
                        f"link to '#{anchor}': {where} has no such anchor ({hint})",
                    )
                )
    return problems


def nav_pages(nav: Any) -> list[str]:
    """Flatten a MkDocs-style nav (a list of 'Title: path' entries and sections) to paths."""
    found: list[str] = []
    if isinstance(nav, str):
        if not _SCHEME.match(nav):
            found.append(nav)
    elif isinstance(nav, Mapping):
        for value in nav.values():
            found.extend(nav_pages(value))
    elif isinstance(nav, list):
        for item in nav:
            found.extend(nav_pages(item))
    return found


def _excluded(src_path: str, patterns: Iterable[str]) -> bool:
    """Match a page against gitignore-style patterns such as '/embed/' or 'drafts/*.md'."""
    for raw in patterns:
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        anchored = pattern.startswith("/")
        pattern = pattern.strip("/") if pattern.endswith("/") else pattern.lstrip("/")
        if raw.strip().endswith("/"):
            if src_path.startswith(pattern + "/") or (
                not anchored and f"/{pattern}/" in f"/{src_path}"
            ):
                return True
            continue
        names = [src_path] if anchored else [src_path, posixpath.basename(src_path)]
        if any(fnmatch.fnmatch(name, pattern) for name in names):
            return True
    return False


def nav_problems(
    src_paths: Iterable[str],
    nav: Any,
    not_in_nav: Iterable[str],
    *,
    config: str,
    nav_line: int,
) -> list[Problem]:
    """Report pages left out of the navigation, and nav entries with no page."""
    if nav is None:
        return []  # without a nav, every page is listed in file order
    listed = nav_pages(nav)
    pages = sorted(src_paths)
    problems = [
        Problem(
            config,
            nav_line,
            f"the page '{src}' is not in nav: (add a line such as '  - Title: {src}' under "
            "nav:, or list it under not_in_nav: if readers reach it another way)",
        )
        for src in pages
        if src not in listed and not _excluded(src, not_in_nav)
    ]
    for entry in listed:
        if entry not in pages:
            guess = closest(entry, pages)
            hint = f"did you mean '{guess}'?" if guess else "check the file name"
            problems.append(
                Problem(
                    config, nav_line, f"nav: names '{entry}', which is not in content/ ({hint})"
                )
            )
    return problems
