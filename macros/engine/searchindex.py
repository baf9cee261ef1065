"""The site search index: short results, one per entry, that keep names and spaces as written.

Material's search plugin writes a Lunr index of every page section, but glues headings and
table cells together, indexes a long generated list as one enormous section and splits
names at hyphens. This module rebuilds the documents from each page's HTML, in the format
Material's search reads (`{"config": ..., "docs": [{"location", "title", "text"}]}`):

- a section per heading that has an id, as Material does;
- an element with `data-search-entry` and an id (a timeline entry, a source, a glossary
  term, a table row) is a result of its own that opens its anchor; its title is its
  `data-search-title` or its first heading; its text stays out of the enclosing section;
- an element with `data-search-exclude` is left out (a list repeated from elsewhere);
- every block element, line break and table cell ends a word;
- names are tokens as typed ("COVID-19", "S/RES/2397"); the parts of a joined name go
  to a separate field, so "Hungary" still finds "Austria-Hungary".

Pure functions of HTML strings: tested without MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from macros.engine.htmlscan import feed_plain
from macros.engine.markup import VOID_ELEMENTS

# Words break at white space and punctuation, never inside a name such as "COVID-19",
# "KN-23", "S/RES/2397" or "U.S.", nor inside a number such as "4,475" or "2.5".
SEPARATOR = r"(?:[\s;:!?()\[\]{}\"“”‘«»…|–—]|,(?!\d)|\.(?!\S)|['’](?![A-Za-z])|&[a-z]+;)+"
# Material's field boosts, plus the parts of joined names, weighted like body text.
FIELDS: dict[str, dict[str, float]] = {
    "title": {"boost": 1000.0},
    "text": {"boost": 1.0},
    "parts": {"boost": 1.0},
    "tags": {"boost": 1000000.0},
}
# A joined name: word characters linked by hyphens or slashes.
_JOINED = re.compile(r"\w+(?:[-/‐]\w+)+")
_SPLIT_JOINED = re.compile(r"[-/‐]")
# Text kept for a section beyond which a teaser is pointless and the index only grows:
# a section is found by its first few thousand characters.
MAX_TEXT = 3000
# An entry's teaser in a light index (a site with very many entries): its first line,
# the date and kind of an event or the publisher of a source, still found by its title.
SHORT_TEXT = 60

_BLOCKS = frozenset(
    [
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details"),
        *("div", "dl", "dt", "figcaption", "figure", "footer", "form", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "tr", "ul", "h1", "h2", "h3", "h4", "h5", "h6"),
    ]
)
_SKIP = frozenset({"script", "style", "svg", "noscript", "template", "button", "select"})
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_SPACES = re.compile(r"\s+")


@dataclass
class Doc:
    """One search document being collected."""

    anchor: str | None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    fixed_title: str | None = None
    boost: float | None = None
    # An entry with a fixed title: the text of its first heading, kept apart.
    heading: Doc | None = None


@dataclass
class _Open:
    tag: str
    skip: bool = False
    entry: Doc | None = None
    heading: Doc | None = None
    # Read from the element and those around it when it opens (the parser asks at every
    # tag and text, so the stack is not walked each time): is it or one around it
    # skipped, the innermost entry, the innermost heading.
    skipped: bool = False
    owner: Doc | None = None
    in_heading: Doc | None = None


class _Parser(HTMLParser):
    """Split one page's content HTML into sections and entries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.sections: list[Doc] = [Doc(None)]
        self.entries: list[Doc] = []

    # The document that text goes to: the innermost entry, else the current section.
    def _target(self) -> Doc:
        owner = self._owner_entry()
        return owner if owner is not None else self.sections[-1]

    def _in_heading(self) -> Doc | None:
        return self.stack[-1].in_heading if self.stack else None

    def _skipping(self) -> bool:
        return self.stack[-1].skipped if self.stack else False

    def _gap(self) -> None:
        heading = self._in_heading()
        target = heading.title if heading is not None else self._target().text
        if target and target[-1] != " ":
            target.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: a section, an entry, something skipped, or a word break."""
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        skip = (
            tag in _SKIP
            or "data-search-exclude" in values
            or "headerlink" in classes
            or "cite-refs" in classes  # citation numbers (engine/footnotes.py): not words
            or values.get("aria-hidden") == "true"
        )
        item = _Open(tag, skip=skip)
        if not self._skipping() and not skip:
            if tag in _BLOCKS:
                self._gap()
            element_id = values.get("id")
            if "data-search-entry" in values and element_id:
                entry = Doc(element_id, fixed_title=values.get("data-search-title"))
                boost = values.get("data-search-boost")
                entry.boost = float(boost) if boost else None
                self.entries.append(entry)
                item.entry = entry
            elif tag in _HEADINGS:
                owner = self._owner_entry()
                if owner is not None:
                    # An entry's first heading is its title; later ones are its text. With
                    # a fixed title, the first heading is kept apart (see page_documents).
                    if not owner.title and owner.fixed_title is None:
                        item.heading = owner
                    elif owner.fixed_title is not None and owner.heading is None:
                        owner.heading = item.heading = Doc(None)
                elif element_id:
                    section = Doc(element_id if self.sections[0].title or tag != "h1" else None)
                    if tag == "h1" and not self.sections[0].title:
                        section = self.sections[0]
                    else:
                        self.sections.append(section)
                    item.heading = section
        if tag not in VOID_ELEMENTS:
            parent = self.stack[-1] if self.stack else None
            if parent is None:
                item.skipped, item.owner, item.in_heading = skip, item.entry, item.heading
            else:
                item.skipped = skip or parent.skipped
                item.owner = item.entry if item.entry is not None else parent.owner
                item.in_heading = item.heading if item.heading is not None else parent.in_heading
            self.stack.append(item)
        elif tag == "br" and not self._skipping():
            self._gap()

    def _owner_entry(self) -> Doc | None:
        return self.stack[-1].owner if self.stack else None

    def handle_endtag(self, tag: str) -> None:
        """Close an element (and any left open inside it)."""
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                if tag in _BLOCKS and not self._skipping():
                    self._gap()
                return

    def handle_data(self, data: str) -> None:
        """Add text to the heading, entry or section it belongs to."""
        if self._skipping() or not data:
            return
        heading = self._in_heading()
        (heading.title if heading is not None else self._target().text).append(data)


# Punctuation left alone where a title was taken out ("UN, , 2017"): the first mark stays.
_LEFT_PUNCTUATION = re.compile(r"([,;:.])(?:\s+[,;:.](?!\d))+")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w-]+", text.casefold()))


def _clean(parts: Iterable[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


def _teaser(text: str, limit: int = MAX_TEXT) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def joined_parts(*texts: str) -> str:
    """Return the parts of every joined name in the texts ("COVID-19" -> "COVID 19")."""
    seen: dict[str, None] = {}
    for text in texts:
        for name in _JOINED.findall(text):
            for part in _SPLIT_JOINED.split(name):
                if part:
                    seen.setdefault(part.casefold(), None)
    return " ".join(seen)


def _document(
    location: str, title: str, text: str, boost: float | None, limit: int = MAX_TEXT
) -> dict[str, Any]:
    text = _teaser(text, limit)
    doc: dict[str, Any] = {
        "location": location,
        "title": html.escape(title, quote=False),
        "text": html.escape(text, quote=False),
    }
    parts = joined_parts(title, text)
    if parts:
        doc["parts"] = parts
    if boost is not None:
        doc["boost"] = boost
    return doc


def _parse(content: str) -> _Parser:
    parser = _Parser()
    if feed_plain(parser, content):  # the same calls, found faster (engine/htmlscan.py)
        return parser
    parser = _Parser()
    parser.feed(content)
    parser.close()
    return parser


def page_documents(
    url: str, title: str, content: str, entry_text: int = MAX_TEXT
) -> list[dict[str, Any]]:
    """Return the search documents of one page: the page, its sections, then its entries.

    An entry's teaser is cut at `entry_text` characters (at a word).
    """
    return _page_documents(url, title, _parse(content), entry_text)


def _page_documents(url: str, title: str, parser: _Parser, entry_text: int) -> list[dict[str, Any]]:
    docs = []
    for number, section in enumerate(parser.sections):
        section_title = _clean(section.title) or (title if number == 0 else "")
        text = _clean(section.text)
        if number > 0 and not section_title:
            continue
        location = url if section.anchor is None or number == 0 else f"{url}#{section.anchor}"
        docs.append(_document(location, section_title or title, text, None))
    for entry in parser.entries:
        entry_title = entry.fixed_title or _clean(entry.title)
        if not entry_title:
            continue
        text = _clean(entry.text)
        if entry.fixed_title:
            # The title is usually written in the entry too: once is enough.
            text = " ".join(text.replace(entry.fixed_title, "", 1).split())
            heading = _clean(entry.heading.title) if entry.heading is not None else ""
            if heading and not _words(heading) <= _words(entry.fixed_title):
                text = f"{heading} {text}".strip()
            text = _LEFT_PUNCTUATION.sub(r"\1", text)
        location = f"{url}#{entry.anchor}"
        docs.append(_document(location, entry_title, text, entry.boost, entry_text))
    return docs


@dataclass
class _Kept:
    """One page's parse and its documents (by teaser length), kept between calls."""

    parser: _Parser
    docs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def _parsed(page: IndexedPage, before: Mapping[IndexedPage, Any] | None) -> _Kept:
    """Return the page's parse: kept from an earlier call while its HTML is the same."""
    if before is not None:
        kept = before.get(page)
        if isinstance(kept, _Kept):
            return kept
    return _Kept(_parse(page.content))


@dataclass(frozen=True)
class IndexedPage:
    """What the index needs of one built page."""

    url: str
    title: str
    content: str


def build_index(
    pages: Iterable[IndexedPage],
    lang: Iterable[str] = ("en",),
    short_entries_above: int | None = None,
    parsed_before: MutableMapping[IndexedPage, Any] | None = None,
) -> dict[str, Any]:
    """Return the whole search index (Material's format) for the given pages.

    With more than `short_entries_above` entries on the site, every entry's teaser is its
    first line only (SHORT_TEXT): the browser builds the whole index when search opens,
    and at ten thousand entries the full teasers would double its size and that time.
    """
    parsed = [(page, _parsed(page, parsed_before)) for page in pages]
    if parsed_before is not None:
        # Kept for the next call (a long-running preview): only pages still on the site.
        parsed_before.clear()
        parsed_before.update(parsed)
    entries = sum(len(kept.parser.entries) for _, kept in parsed)
    light = short_entries_above is not None and entries > short_entries_above
    text = SHORT_TEXT if light else MAX_TEXT
    docs: list[dict[str, Any]] = []
    for page, kept in parsed:
        if text not in kept.docs:
            kept.docs[text] = _page_documents(page.url, page.title, kept.parser, text)
        docs.extend(kept.docs[text])
    config: Mapping[str, Any] = {
        "lang": list(lang),
        "separator": SEPARATOR,
        "pipeline": ["stopWordFilter"],
        "fields": FIELDS,
    }
    return {"config": dict(config), "docs": docs}
