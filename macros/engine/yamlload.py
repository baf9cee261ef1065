"""Safe, line-aware YAML loading: every mapping and list remembers where it was written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser is several times faster; the constructor stays in Python either
# way, which is what lets us keep line numbers and refuse what we refuse.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 8 * 1024 * 1024
# Records nest a handful of levels. A hostile file nesting thousands deep ([[[[...)
# would exhaust Python's recursion limit, or crash libyaml's composer outright.
MAX_DEPTH = 32
# What follows a plain scalar when ' #' started a comment: spaces, '#', maybe glued text.
_COMMENT = re.compile(r"[ \t]+#(?P<glued>\S)?")
_OPENS = frozenset({yaml.MappingStartEvent, yaml.SequenceStartEvent})
_CLOSES = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def __init__(self) -> None:
        super().__init__()
        self.key_lines = {}


class LineList(list[Any]):
    """A list from YAML that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def __init__(self) -> None:
        super().__init__()
        self.item_lines = []


class YamlError(Exception):
    """A problem in one YAML file, with the 1-based line where it is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


_TAG = "tag:yaml.org,2002:"
# Scalars kept as the text written: dates are parsed by the schema, with their precision.
_TEXT_TAGS = frozenset({f"{_TAG}str", f"{_TAG}timestamp"})
# Scalars converted by PyYAML's own safe constructors (ints in every YAML form, etc.).
_VALUE_TAGS = frozenset({f"{_TAG}int", f"{_TAG}float", f"{_TAG}bool", f"{_TAG}null"})
_ALIAS_MESSAGE = (
    "YAML aliases (*name) are not allowed: this value is reused by an alias "
    "(write the value out in full where it is used)"
)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml composes the node tree; _Builder turns it into plain values."""


class _Builder:
    """Turn a composed node tree into LineDict/LineList/scalars in one walk.

    Walking the nodes directly (instead of PyYAML's generic constructor) is what keeps
    loading fast on big files; it also lets us refuse aliases, merge keys and every
    non-data tag, and report duplicate keys instead of silently keeping the last one.
    """

    def __init__(self, loader: _Loader, lines: list[str] | None = None) -> None:
        self.loader = loader
        self.seen: set[int] = set()
        self.problems: list[YamlError] = []
        self.lines = lines or []

    def _cut_by_comment(self, key: str, node: Node) -> None:
        """Refuse plain text that ' #' cut short: YAML reads the rest of the line as a comment."""
        if not isinstance(node, ScalarNode) or node.style or node.tag not in _TEXT_TAGS:
            return
        end = node.end_mark
        if end is None or not 0 <= end.line < len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        comment = _COMMENT.match(rest)
        # A word, then ' # note' is an ordinary comment; prose, or '#' glued to what follows
        # ('Resolution #1718'), is text the writer meant to keep.
        if comment is None or (" " not in str(node.value) and comment["glued"] is None):
            return
        whole = f"{node.value}{rest.rstrip()}"
        self.problems.append(
            YamlError(
                int(end.line) + 1,
                f"{key}: the text stops before ' #', because YAML reads what follows as a "
                f"comment, so it shows as {str(node.value)!r} (put the whole text in quotes: "
                f"{key}: {json.dumps(whole, ensure_ascii=False)})",
            )
        )

    def build(self, node: Node) -> Any:
        """Build the value of one node (and everything under it)."""
        if id(node) in self.seen:
            # Every node is met once; meeting one again means an alias (*name). Refusing
            # aliases makes "billion laughs" bombs harmless.
            raise YamlError(_line(node), _ALIAS_MESSAGE)
        self.seen.add(id(node))
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in _TEXT_TAGS:
                return str(node.value)
            if tag in _VALUE_TAGS:
                return self.loader.construct_object(node, deep=True)
        elif isinstance(node, MappingNode) and tag == f"{_TAG}map":
            return self._mapping(node)
        elif isinstance(node, SequenceNode) and tag == f"{_TAG}seq":
            return self._sequence(node)
        raise YamlError(
            _line(node), f"the YAML tag {tag!r} is not allowed (data files hold plain values)"
        )

    def _mapping(self, node: MappingNode) -> LineDict:
        result = LineDict()
        result.line = _line(node)
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise YamlError(
                    _line(key_node), "YAML merge keys (<<) are not allowed (write the fields out)"
                )
            key = self.build(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                self.problems.append(
                    YamlError(
                        _line(key_node),
                        f"duplicate key {key!r} (first at line {result.key_lines[key]}; "
                        "keep one of them)",
                    )
                )
                self.build(value_node)
                continue
            self._cut_by_comment(key, value_node)
            result[key] = self.build(value_node)
            result.key_lines[key] = _line(key_node)
        return result

    def _sequence(self, node: SequenceNode) -> LineList:
        result = LineList()
        result.line = _line(node)
        for item in node.value:
            result.append(self.build(item))
            result.item_lines.append(_line(item))
        return result


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(1, f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlError(line, "file is not UTF-8 text (save it as UTF-8)") from None


def _hint(text: str, line: int) -> str:
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here:
        return " (this line has a tab: indent with spaces, not tabs)"
    return " (check the indentation and quoting on this line or the one before)"


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, read from the parser's flat stream of events."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        kind = type(event)
        if kind in _OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlError(
                    int(mark.line) + 1 if mark is not None else 1,
                    f"lists and mappings nested more than {MAX_DEPTH} levels deep "
                    "(records need a few: check the brackets and the indentation)",
                )
        elif kind in _CLOSES:
            depth -= 1


def parse_text(text: str) -> tuple[Any, list[YamlError]]:
    """Parse YAML text; return the data and the problems found (raises on fatal ones)."""
    loader = _Loader(text)
    builder = _Builder(loader, text.splitlines())
    try:
        try:
            _check_depth(text)
            node = loader.get_single_node()
            data = None if node is None else builder.build(node)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            what = err.problem or err.context or "YAML syntax error"
            if err.context_mark is not None and "end of stream" in what:
                # An unclosed quote or bracket: point at where it was opened.
                mark = err.context_mark
                what = f"{err.context} that is never closed"
            line = int(mark.line) + 1 if mark is not None else 1
            raise YamlError(line, f"YAML syntax error: {what}{_hint(text, line)}") from None
        except yaml.YAMLError as err:
            raise YamlError(1, f"YAML error: {err}") from None
    finally:
        loader.dispose()
    return data, builder.problems


def load_file(path: Path) -> tuple[Any, list[YamlError]]:
    """Read and parse one YAML file (UTF-8, BOM allowed)."""
    return parse_text(_decode(path.read_bytes()))
