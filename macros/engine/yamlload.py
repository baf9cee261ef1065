"""Safe, line-aware YAML loading: every mapping and list remembers where it was written."""

from __future__ import annotations

import gc
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


def _mark_line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


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
    """libyaml parses the text into events; _Builder turns them into plain values."""


class _Open:
    """A mapping or list being built: where the next finished value goes."""

    __slots__ = ("in_key", "key", "key_line", "skip", "value")

    def __init__(self, value: LineDict | LineList) -> None:
        self.value = value
        self.key: str | None = None  # a mapping's pending key (None: a key comes next)
        self.key_line = 0
        self.skip = False  # the pending key is a duplicate: build its value, then drop it
        self.in_key = False  # a list or mapping used as a key is being built


class _Builder:
    """Build LineDict/LineList/scalars straight from the parser's events, in one pass.

    There is no node tree and no second pass: libyaml's parser gives a flat stream of
    events, and an explicit stack (no recursion) turns them into values, so nesting
    deeper than MAX_DEPTH is refused the moment it is reached, in bounded time. It also
    refuses aliases, merge keys and every non-data tag, and reports duplicate keys
    instead of silently keeping the last one.
    """

    def __init__(self, loader: _Loader, lines: list[str] | None = None) -> None:
        self.loader = loader
        self.problems: list[YamlError] = []
        self.lines = lines or []
        self.anchors: dict[str, int] = {}

    def _cut_by_comment(self, key: str, event: yaml.ScalarEvent, tag: str) -> None:
        """Refuse plain text that ' #' cut short: YAML reads the rest of the line as a comment."""
        if event.style or tag not in _TEXT_TAGS:
            return
        end = event.end_mark
        if end is None or not 0 <= end.line < len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        comment = _COMMENT.match(rest)
        # A word, then ' # note' is an ordinary comment; prose, or '#' glued to what follows
        # ('Resolution #1718'), is text the writer meant to keep.
        if comment is None or (" " not in str(event.value) and comment["glued"] is None):
            return
        whole = f"{event.value}{rest.rstrip()}"
        self.problems.append(
            YamlError(
                int(end.line) + 1,
                f"{key}: the text stops before ' #', because YAML reads what follows as a "
                f"comment, so it shows as {str(event.value)!r} (put the whole text in quotes: "
                f"{key}: {json.dumps(whole, ensure_ascii=False)})",
            )
        )

    def _anchor(self, event: yaml.NodeEvent, line: int) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = line

    def _alias(self, event: yaml.AliasEvent) -> YamlError:
        # Refusing aliases makes "billion laughs" bombs harmless. The message points at
        # the value the alias reuses, as that is what to write out in full.
        line = self.anchors.get(str(event.anchor))
        if line is None:
            mark: Any = event.start_mark
            raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
        return YamlError(line, _ALIAS_MESSAGE)

    def _scalar(self, event: yaml.ScalarEvent, line: int, is_key: bool) -> tuple[str, Any]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if is_key and tag == f"{_TAG}merge":
            raise YamlError(line, "YAML merge keys (<<) are not allowed (write the fields out)")
        if tag in _TEXT_TAGS:
            return tag, str(event.value)
        if tag in _VALUE_TAGS:
            marks: tuple[Any, Any] = (event.start_mark, event.end_mark)
            node = ScalarNode(tag, event.value, *marks, style=event.style)
            return tag, self.loader.construct_object(node, deep=True)
        raise YamlError(line, f"the YAML tag {tag!r} is not allowed (data files hold plain values)")

    def _collection(self, event: yaml.CollectionStartEvent, line: int, kind: type[Node]) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        want = f"{_TAG}map" if kind is MappingNode else f"{_TAG}seq"
        if tag != want:
            raise YamlError(
                line, f"the YAML tag {tag!r} is not allowed (data files hold plain values)"
            )
        return str(tag)

    def run(self) -> Any:
        """Build the stream's one document (None for an empty stream)."""
        loader = self.loader
        stack: list[_Open] = []
        done: list[Any] = []
        documents = 0
        first_document = None
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return done[0] if done else None
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        first_document,
                        "but found another document",
                        event.start_mark,
                    )
                first_document = event.start_mark
                continue
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            line = _mark_line(event.start_mark)
            top = stack[-1] if stack else None
            if kind is yaml.AliasEvent:
                raise self._alias(event)
            if kind is yaml.ScalarEvent:
                is_key = top is not None and top.key is None and not top.in_key
                is_key = is_key and isinstance(top.value if top else None, LineDict)
                tag, value = self._scalar(event, line, is_key)
                self._anchor(event, line)
                if top is not None:
                    if isinstance(top.value, LineList):
                        top.value.item_lines.append(line)
                    elif is_key:
                        self._name_key(top, value if isinstance(value, str) else str(value), line)
                        continue
                    elif not top.skip and top.key is not None:
                        self._cut_by_comment(top.key, event, tag)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                stack.append(self._open(event, line, top, depth=len(stack)))
                continue
            else:  # the end of a mapping or a list
                value = stack.pop().value
                top = stack[-1] if stack else None
            self._deliver(top, value, done)

    def _open(self, event: Any, line: int, top: _Open | None, depth: int) -> _Open:
        """Open a mapping or a list (refused beyond MAX_DEPTH, as soon as it is reached)."""
        if depth >= MAX_DEPTH:
            raise YamlError(
                line,
                f"lists and mappings nested more than {MAX_DEPTH} levels deep "
                "(records need a few: check the brackets and the indentation)",
            )
        is_map = type(event) is yaml.MappingStartEvent
        self._collection(event, line, MappingNode if is_map else SequenceNode)
        self._anchor(event, line)
        opened: LineDict | LineList = LineDict() if is_map else LineList()
        opened.line = line
        if top is not None and isinstance(top.value, LineList):
            top.value.item_lines.append(line)
        elif top is not None and top.key is None and not top.in_key:
            # A list or mapping as a key (YAML allows it): its text is the key.
            top.in_key, top.key_line = True, line
        return _Open(opened)

    def _name_key(self, top: _Open, key: str, line: int) -> None:
        mapping = top.value
        top.key, top.key_line, top.skip, top.in_key = key, line, key in mapping, False
        if top.skip and isinstance(mapping, LineDict):
            self.problems.append(
                YamlError(
                    line,
                    f"duplicate key {key!r} (first at line {mapping.key_lines[key]}; "
                    "keep one of them)",
                )
            )

    def _deliver(self, top: _Open | None, value: Any, done: list[Any]) -> None:
        """Put a finished value where it belongs: the open list or mapping, or the document."""
        if top is None:
            done.append(value)
        elif isinstance(top.value, LineList):
            top.value.append(value)
        elif top.in_key:
            self._name_key(top, str(value), top.key_line)
        else:
            key = top.key
            if key is not None and not top.skip:
                top.value[key] = value
                top.value.key_lines[key] = top.key_line
            top.key, top.skip = None, False


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


def parse_text(text: str) -> tuple[Any, list[YamlError]]:
    """Parse YAML text; return the data and the problems found (raises on fatal ones)."""
    loader = _Loader(text)
    builder = _Builder(loader, text.splitlines())
    # The values built here live as long as the fact base: the cyclic garbage collector
    # would walk them again and again while they grow (most of a big file's load time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            data = builder.run()
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
        if collecting:
            gc.enable()
    return data, builder.problems


def load_file(path: Path) -> tuple[Any, list[YamlError]]:
    """Read and parse one YAML file (UTF-8, BOM allowed)."""
    return parse_text(_decode(path.read_bytes()))
