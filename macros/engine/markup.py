"""HTML helpers shared by every renderer: escaping that survives Markdown, and safe links."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

# Characters that Markdown, its extensions or Jinja would act on if they reached the
# page as text. As numeric entities they display the same and mean nothing to them.
_MARKDOWN_SAFE = str.maketrans(
    {
        "[": "&#91;",
        "]": "&#93;",
        "*": "&#42;",
        "_": "&#95;",
        "`": "&#96;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
        "~": "&#126;",
        "^": "&#94;",
        "|": "&#124;",
    }
)


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute, inert to Markdown and Jinja."""
    return html.escape(str(value), quote=True).translate(_MARKDOWN_SAFE)


def is_web_url(url: str | None) -> bool:
    """Return True only for http: and https: URLs, the only ones we ever link."""
    if not url:
        return False
    scheme = url.split(":", 1)[0].strip().lower()
    return scheme in ("http", "https") and "//" in url


def attrs(values: Mapping[str, str | None]) -> str:
    """Render HTML attributes, escaped, skipping None values."""
    return "".join(f' {key}="{esc(val)}"' for key, val in values.items() if val is not None)


# Query parameters that only tell a publisher where a reader came from.
_TRACKING = re.compile(
    r"^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|ocid|cmpid)$",
    re.I,
)


def clean_url(url: str) -> str:
    """Return a web address without its tracking parameters (utm_source and the like)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&") if not _TRACKING.match(pair.split("=", 1)[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))


def ext_link(url: str | None, text_html: str, css: str | None = None) -> str:
    """Link to an external URL if it is http(s), without tracking parameters; else the text."""
    if url is None or not is_web_url(url):
        return text_html
    attr = attrs({"href": clean_url(url), "class": css, "rel": "noopener noreferrer nofollow"})
    return f"<a{attr}>{text_html}</a>"


def join_html(parts: Iterable[str], sep: str = ", ") -> str:
    """Join already-escaped HTML fragments."""
    return sep.join(parts)


@dataclass(frozen=True)
class PageRef:
    """A page of the site: its title and its URL relative to the site root."""

    title: str
    url: str


# Stands in for the page's relative path to the site root while a macro's output is
# rendered once and shared between pages; each page substitutes its own path.
BASE_MARKER = "\x00base\x00"


@dataclass(frozen=True)
class PageContext:
    """What a renderer may know about the page it renders into."""

    base: str = ""
    src_path: str = ""
    citations: Mapping[str, tuple[PageRef, ...]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """Return a site-root-relative path as a link relative to this page."""
        return self.base + path

    @staticmethod
    def for_url(
        page_url: str,
        src_path: str = "",
        citations: Mapping[str, tuple[PageRef, ...]] | None = None,
    ) -> PageContext:
        """Build a context from a page URL like 'history/' (directory URLs)."""
        depth = len(page_url.split("/")) - 1 if page_url else 0
        return PageContext("../" * depth, src_path, citations or {})


# HTML's void elements: they have no end tag (shared by the page scanners).
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
