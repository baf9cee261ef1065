"""Read the navigation out of mkdocs.yml for `make check`, without importing MkDocs.

mkdocs.yml may hold MkDocs' own tags (`!ENV [SITE_URL, ...]`); they are read as plain
values here, since the check needs only `nav:` and `not_in_nav:`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads any tag's value as plain data."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_TolerantLoader.add_multi_constructor("", _untagged)


@dataclass(frozen=True)
class NavConfig:
    """The navigation as mkdocs.yml declares it, and where."""

    nav: Any
    not_in_nav: tuple[str, ...]
    nav_line: int
    docs_dir: str = "docs"


def read_nav(config_file: Path) -> NavConfig:
    """Return nav:, not_in_nav: and the line of nav: (1 when there is none)."""
    text = config_file.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506  (a safe loader, tags read as data)
    data = data if isinstance(data, dict) else {}
    nav_line = next(
        (n for n, line in enumerate(text.splitlines(), 1) if line.startswith("nav:")), 1
    )
    not_in_nav = data.get("not_in_nav") or ""
    patterns = tuple(not_in_nav.splitlines()) if isinstance(not_in_nav, str) else ()
    docs_dir = data.get("docs_dir")
    return NavConfig(
        data.get("nav"), patterns, nav_line, docs_dir if isinstance(docs_dir, str) else "docs"
    )
