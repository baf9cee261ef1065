"""Read content/ pages: find every macro call (with its line) and check it against the facts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from macros.factbase import FactBase, Problem, UnknownIdError, closest
from macros.markup import PageContext, PageRef
from macros.registry import MACROS, PLUGIN_BUILTINS

_NO_VALUE = object()


@dataclass(frozen=True)
class MacroCall:
    """One {{ name(...) }} call in a page; args are known only when all are literals."""

    path: str
    line: int
    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    literal: bool


@dataclass(frozen=True)
class PageSource:
    """A content page: where it is, its title and its URL."""

    path: str
    src_path: str
    ref: PageRef


def _literal(node: nodes.Node) -> Any:
    if isinstance(node, nodes.Const):
        return node.value
    return _NO_VALUE


def scan_text(path: str, text: str) -> tuple[list[MacroCall], list[Problem]]:
    """Parse a page as Jinja and return its macro calls (and a syntax error, if any)."""
    try:
        tree = jinja2.Environment(autoescape=True).parse(text)
    except jinja2.TemplateSyntaxError as err:
        return [], [
            Problem(
                path,
                err.lineno,
                f"macro syntax error: {err.message} (check the brackets and quotes of this call)",
            )
        ]
    calls = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        args = tuple(_literal(a) for a in call.args)
        kwargs = tuple((k.key, _literal(k.value)) for k in call.kwargs)
        literal = (
            _NO_VALUE not in args
            and all(v is not _NO_VALUE for _, v in kwargs)
            and call.dyn_args is None
            and call.dyn_kwargs is None
        )
        calls.append(MacroCall(path, call.lineno, call.node.name, args, kwargs, literal))
    return calls, []


_FRONT_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def page_ref(src_path: str, text: str) -> PageRef:
    """Return a page's title (front matter or first H1) and its directory URL."""
    title = src_path
    if text.startswith("---"):
        end = text.find("\n---", 3)
        match = _FRONT_TITLE.search(text[: max(end, 0)])
        if match:
            title = match.group(1).strip("'\"")
    if title == src_path:
        match = _H1.search(text)
        if match:
            title = match.group(1)
    stem = src_path.removesuffix(".md")
    if stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = stem + "/"
    return PageRef(title=title, url=url)


def scan_dir(
    content_dir: Path, root: Path
) -> tuple[list[PageSource], list[MacroCall], list[Problem]]:
    """Scan every Markdown page under content_dir."""
    pages, calls, problems = [], [], []
    for path in sorted(content_dir.rglob("*.md")):
        src_path = path.relative_to(content_dir).as_posix()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(rel, 1, "page is not UTF-8 text (save it as UTF-8)"))
            continue
        pages.append(PageSource(rel, src_path, page_ref(src_path, text)))
        found, bad = scan_text(rel, text)
        calls.extend(found)
        problems.extend(bad)
    return pages, calls, problems


def check_calls(fb: FactBase, calls: Iterable[MacroCall]) -> list[Problem]:
    """Try every literal macro call against the fact base; report each failure with its line."""
    problems = []
    for call in calls:
        func = MACROS.get(call.name)
        if func is None:
            if call.name in PLUGIN_BUILTINS:
                continue
            guess = closest(call.name, MACROS)
            hint = f"did you mean {guess!r}?" if guess else f"macros: {', '.join(MACROS)}"
            problems.append(Problem(call.path, call.line, f"unknown macro {call.name!r} ({hint})"))
            continue
        if not call.literal:
            continue
        try:
            func(fb, PageContext(), *call.args, **dict(call.kwargs))
        except UnknownIdError as err:
            problems.append(Problem(call.path, call.line, f"{call.name}(): {err}"))
        except (ValueError, TypeError) as err:
            problems.append(Problem(call.path, call.line, f"{call.name}(): {err}"))
    return problems


def citations_by_page(
    fb: FactBase, pages: Iterable[PageSource], calls: Iterable[MacroCall]
) -> Mapping[str, tuple[PageRef, ...]]:
    """Map each source id to the pages that cite it, directly or through a figure or event."""
    by_path = {p.path: p.ref for p in pages}
    found: dict[str, dict[str, PageRef]] = defaultdict(dict)
    for call in calls:
        if not call.literal or call.path not in by_path:
            continue
        for value in [*call.args, *(v for _, v in call.kwargs)]:
            if not isinstance(value, str):
                continue
            source_ids: Iterable[str] = ()
            if value in fb.sources:
                source_ids = (value,)
            elif value in fb.figures:
                source_ids = fb.figures[value].sources
            elif value in fb.events_by_id:
                source_ids = fb.events_by_id[value].sources
            for source_id in source_ids:
                ref = by_path[call.path]
                found[source_id][ref.url] = ref
    return {key: tuple(sorted(refs.values(), key=lambda r: r.url)) for key, refs in found.items()}
