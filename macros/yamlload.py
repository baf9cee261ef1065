"""Safe, line-aware YAML loading: every mapping and list remembers where it was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser is several times faster; the constructor stays in Python either
# way, which is what lets us keep line numbers and refuse what we refuse.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 8 * 1024 * 1024


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


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that keeps lines, reports duplicate keys and refuses aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[YamlError] = []

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # Every node is built exactly once; meeting a built node again means an
        # alias (*name). Refusing aliases makes "billion laughs" bombs harmless and
        # keeps every value written where it is used.
        if node in self.constructed_objects:
            raise YamlError(
                _line(node),
                "YAML aliases (*name) are not allowed: this value is reused by an alias "
                "(write the value out in full where it is used)",
            )
        return super().construct_object(node, deep=True)

    def construct_line_mapping(self, node: Node) -> LineDict:
        """Build a LineDict, noting duplicate keys instead of silently keeping the last."""
        if not isinstance(node, MappingNode):  # pragma: no cover - tags route here
            raise YamlError(_line(node), "expected a mapping")
        result = LineDict()
        result.line = _line(node)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    _line(key_node), "YAML merge keys (<<) are not allowed (write the fields out)"
                )
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                self.problems.append(
                    YamlError(
                        _line(key_node),
                        f"duplicate key {key!r} (first at line {result.key_lines[key]}; "
                        "keep one of them)",
                    )
                )
                continue
            result[key] = self.construct_object(value_node)
            result.key_lines[key] = _line(key_node)
        return result

    def construct_line_list(self, node: Node) -> LineList:
        """Build a LineList with the line of each item."""
        if not isinstance(node, SequenceNode):  # pragma: no cover - tags route here
            raise YamlError(_line(node), "expected a list")
        result = LineList()
        result.line = _line(node)
        for item in node.value:
            result.append(self.construct_object(item))
            result.item_lines.append(_line(item))
        return result

    def construct_plain_text(self, node: Node) -> str:
        """Keep dates as text: the schema parses them with their precision."""
        if not isinstance(node, ScalarNode):  # pragma: no cover - only scalars carry this tag
            raise YamlError(_line(node), "expected a date")
        return str(node.value)

    def construct_refused(self, node: Node) -> Any:
        """Refuse every tag that is not plain YAML data (e.g. !!python/object)."""
        raise YamlError(
            _line(node), f"the YAML tag {node.tag!r} is not allowed (data files hold plain values)"
        )


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_line_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_line_list)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_plain_text)
_Loader.add_constructor("tag:yaml.org,2002:binary", _Loader.construct_refused)
_Loader.add_constructor("tag:yaml.org,2002:set", _Loader.construct_refused)
_Loader.add_constructor("tag:yaml.org,2002:omap", _Loader.construct_refused)
_Loader.add_constructor("tag:yaml.org,2002:pairs", _Loader.construct_refused)
_Loader.add_constructor(None, _Loader.construct_refused)


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
    try:
        try:
            data = loader.get_single_data()
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
    return data, loader.problems


def load_file(path: Path) -> tuple[Any, list[YamlError]]:
    """Read and parse one YAML file (UTF-8, BOM allowed)."""
    return parse_text(_decode(path.read_bytes()))
