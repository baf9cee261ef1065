"""Every table of a page can become cards on a phone: each cell is labelled with its column.

label_cells() runs on a rendered page. For each table with a header row it adds the attribute
data-phone-cards and, to every body cell without one, data-label="<its column's heading>";
the stylesheet then shows each row as a card below 600 px, each value under its label.
"""

from __future__ import annotations

import html as htmllib
import re

_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_THEAD = re.compile(r"<thead\b[^>]*>(?P<head>.*?)</thead>", re.S)
_TBODY = re.compile(r"<tbody\b[^>]*>(?P<rows>.*?)</tbody>", re.S)
_TH = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b(?P<attrs>[^>]*)>(?P<cells>.*?)</tr>", re.S)
_CELL = re.compile(r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>", re.S)
_TAG = re.compile(r"<[^>]+>")
PHONE_ATTR = "data-phone-cards"


def _text(fragment: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment)).split())


def _with_marker(attrs: str) -> str:
    # An attribute, not a class: Material styles only tables without a class.
    return attrs if PHONE_ATTR in attrs else f"{attrs} {PHONE_ATTR}"


def _label_row(cells: str, labels: list[str]) -> str:
    index = 0

    def label(match: re.Match[str]) -> str:
        nonlocal index
        attrs = match.group("attrs")
        name = labels[index] if index < len(labels) else ""
        index += 1
        if match.group("tag") == "th" or "data-label=" in attrs or not name:
            return match.group(0)
        value = htmllib.escape(name, quote=True)
        return f'<{match.group("tag")}{attrs} data-label="{value}">'

    return _CELL.sub(label, cells)


def _label_table(match: re.Match[str]) -> str:
    body = match.group("body")
    head = _THEAD.search(body)
    if head is None:
        return match.group(0)
    labels = [_text(th.group("text")) for th in _TH.finditer(head.group("head"))]
    if len(labels) < 2:
        return match.group(0)

    def rows(tbody: re.Match[str]) -> str:
        labelled = _ROW.sub(
            lambda row: f"<tr{row.group('attrs')}>{_label_row(row.group('cells'), labels)}</tr>",
            tbody.group("rows"),
        )
        return tbody.group(0).replace(tbody.group("rows"), labelled, 1)

    new_body = _TBODY.sub(rows, body)
    return f"<table{_with_marker(match.group('attrs'))}>{new_body}</table>"


def label_cells(page_html: str) -> str:
    """Label every body cell of every headed table with its column, for phone cards."""
    if "<table" not in page_html:
        return page_html
    return _TABLE.sub(_label_table, page_html)
