"""A fast path for html.parser: the same handler calls for plain, well-formed HTML.

`HTMLParser.feed` reads markup one construct at a time in Python; on a large site its
scanning is most of the search index's cost. `feed_plain` hands a parser the calls
that `feed` + `close` (with convert_charrefs=True) would make, found with one regular
expression per tag, but only for HTML made of the plainest constructs: start tags whose
attributes are quoted or bare names, end tags, text. Anything else (a comment, a
declaration, script or style, an unquoted attribute, a stray "<") makes it return False
and the caller feeds the page to a fresh parser as before.
`tests/test_htmlscan.py` checks that the calls are the parser's own, call for call.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_SPACE = "[ \\t\\n\\r\\f]"
_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_VALUE = "\"[^\"]*\"|'[^']*'"
# Text, a start tag (name, attributes, "/" of an empty-element tag) or an end tag (name).
_TOKEN = re.compile(
    "([^<]+)"
    f"|<(?:([a-zA-Z][-a-zA-Z0-9]*)((?:{_SPACE}+{_NAME}(?:=(?:{_VALUE}))?)*){_SPACE}*(/?)>"
    f"|/([a-zA-Z][-.a-zA-Z0-9:_]*){_SPACE}*>)"
)
_ATTR = re.compile(f"({_NAME})(=({_VALUE}))?")
# Elements whose content html.parser reads as raw text.
_RAW = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS)


def feed_plain(parser: HTMLParser, content: str) -> bool:
    """Make parser's handle_* calls for content, as feed() and close() would; True if done.

    False when the content has anything but plain tags and text: the parser has then
    been given part of the page, and the caller starts again with a fresh one.
    """
    if not parser.convert_charrefs:
        return False  # text would reach the parser with its references as written
    data, start, end, empty = (
        parser.handle_data,
        parser.handle_starttag,
        parser.handle_endtag,
        parser.handle_startendtag,
    )
    pos = 0
    for token in _TOKEN.finditer(content):
        if token.start() != pos:
            return False  # a "<" that is not a plain tag
        pos = token.end()
        text, name, attrs, slash, closing = token.groups()
        if text is not None:
            data(unescape(text))
        elif closing is not None:
            end(closing.lower())
        else:
            tag = name.lower()
            if tag in _RAW:
                return False
            pairs: list[tuple[str, str | None]] = []
            if attrs:
                for key, given, quoted in _ATTR.findall(attrs):
                    value = quoted[1:-1] if given else None
                    pairs.append((key.lower(), unescape(value) if value else value))
            (empty if slash else start)(tag, pairs)
    return pos == len(content)
