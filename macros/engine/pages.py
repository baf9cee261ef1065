"""Read content/ pages: find every macro call (with its line) and check it against the facts."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from macros.engine import urls
from macros.engine.factbase import FactBase, Problem, UnknownIdError, closest, watching
from macros.engine.markup import BASE_MARKER, PageContext, PageRef
from macros.engine.registry import ENGINE_MACROS, PLUGIN_BUILTINS, macros_for

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


_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}


def unclosed_delimiter(text: str) -> tuple[int, str] | None:
    """Return the line and opener of the first '{{', '{%' or '{#' that is never closed."""
    opened: tuple[int, str] | None = None
    for match in _DELIMITERS.finditer(text):
        token = match.group()
        if token in _CLOSING:
            if opened is not None:
                return text.count("\n", 0, opened[0]) + 1, opened[1]
            opened = (match.start(), token)
        elif opened is not None and token == _CLOSING[opened[1]]:
            opened = None
    if opened is not None:
        return text.count("\n", 0, opened[0]) + 1, opened[1]
    return None


def _syntax_problem(path: str, text: str, err: jinja2.TemplateSyntaxError) -> Problem:
    unclosed = unclosed_delimiter(text)
    if unclosed is not None:
        line, opener = unclosed
        return Problem(
            path,
            line,
            f"a macro call opened with '{opener}' is never closed "
            f"(end it with '{_CLOSING[opener]}', on the same line)",
        )
    return Problem(
        path,
        err.lineno,
        f"macro syntax error: {err.message} (check the brackets and quotes of this call)",
    )


_BARE_ID = re.compile(r"[A-Za-z0-9][\w.-]*")


def _call_text(text: str, line: int, name: str) -> str | None:
    """Return the argument text of the first `name(...)` call written from this line on."""
    start = text.find(f"{name}(", sum(len(x) + 1 for x in text.split("\n")[: line - 1]))
    if start < 0:
        return None
    depth, begin = 0, start + len(name)
    for index in range(begin, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[begin + 1 : index]
    return None


def _unquoted(path: str, text: str, call: nodes.Call, name: str) -> Problem:
    """Explain an argument that is not a plain value: most often an id without quotes."""
    written = _call_text(text, call.lineno, name)
    if written is not None:
        parts = [part.strip() for part in written.split(",")]
        fixed = []
        for part in parts:
            key, eq, value = part.rpartition("=") if "=" in part else ("", "", part)
            value = value.strip()
            bare = _BARE_ID.fullmatch(value) and value not in ("true", "false", "none")
            bare = bare and not value.replace(".", "", 1).isdigit()
            quoted = json.dumps(value) if bare else value
            fixed.append(f"{key.strip()}{eq}{quoted}")
        if fixed != parts:
            return Problem(
                path,
                call.lineno,
                f"{name}(): an id must be in quotes, or the page reads it as a calculation "
                f"(write {name}({', '.join(fixed)}))",
            )
    return Problem(
        path,
        call.lineno,
        f"{name}(): arguments must be plain values: text in quotes, numbers, true or false "
        f'(e.g. {name}("an-id"))',
    )


def scan_text(
    path: str, text: str, macro_names: Collection[str] = ENGINE_MACROS.keys()
) -> tuple[list[MacroCall], list[Problem]]:
    """Parse a page as Jinja and return its macro calls (and a syntax error, if any)."""
    try:
        tree = jinja2.Environment(autoescape=True).parse(text)
    except jinja2.TemplateSyntaxError as err:
        return [], [_syntax_problem(path, text, err)]
    except RecursionError:
        return [], [
            Problem(path, 1, "a macro call nests brackets too deeply to read (simplify it)")
        ]
    calls: list[MacroCall] = []
    problems: list[Problem] = []
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
        if not literal and call.node.name in macro_names:
            problems.append(_unquoted(path, text, call, call.node.name))
            continue
        calls.append(MacroCall(path, call.lineno, call.node.name, args, kwargs, literal))
    return calls, problems


# --- links and raw HTML that could run code ---------------------------------------------

# The only schemes a link may have: javascript:, data:, vbscript: and the like run code
# or smuggle in a document when a reader follows the link.
ALLOWED_SCHEMES = frozenset({"http", "https"})
# Where Markdown takes a URL: [text](url), ![alt](url), [label]: url, <scheme:...>.
_LINK_TARGETS = (
    (re.compile(r"\]\(\s*<?(?P<url>[^\s)>]*)"), "link or image"),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<url>[^\s>]*)", re.MULTILINE), "link definition"),
    (re.compile(r"<(?P<url>[A-Za-z][\w+.-]*:[^\s<>]*)>"), "autolink"),
)
_TAG = re.compile(r"<(?P<name>[A-Za-z][\w:-]*)(?P<attrs>(?:\s(?:\"[^\"]*\"|'[^']*'|[^<>\"'])*)?)>")
_ATTR = re.compile(
    r"(?P<name>[^\s\"'<>/=]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))"
)
# HTML attributes whose value is a URL the browser follows or loads.
_URL_ATTRS = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "cite",
        "srcset",
        "ping",
        "longdesc",
        "manifest",
        "codebase",
        "archive",
        "icon",
    ]
)
# Raw HTML a page may never hold: it would run code or load another page inside this one.
_FORBIDDEN_TAG = re.compile(r"<\s*(script|iframe|frame|object|embed|base|meta)\b", re.IGNORECASE)
# Browsers drop ASCII tabs and newlines anywhere in a URL, and controls and spaces
# around it, before they read its scheme: so do we.
_URL_NOISE = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def disallowed_scheme(url: str) -> str | None:
    """Return the scheme a URL really has once a browser decodes it, unless it is http(s)."""
    plain = _URL_NOISE.sub("", html.unescape(url)).replace("\\", "").lower()
    match = _SCHEME.match(plain)
    if match is None or match.group(1) in ALLOWED_SCHEMES:
        return None
    return match.group(1)


def unsafe_markup(path: str, text: str) -> list[Problem]:
    """Find links that are not http(s) or relative, scripts and event handlers in a page."""
    found: list[tuple[int, str]] = []

    def line_at(offset: int) -> int:
        """Return the 1-based line of a character offset."""
        return text.count("\n", 0, offset) + 1

    def refuse_url(url: str, offset: int, what: str) -> None:
        """Note a URL whose scheme is not http(s)."""
        scheme = disallowed_scheme(url)
        if scheme is not None:
            found.append(
                (
                    line_at(offset),
                    f"{what} with a {scheme}: URL is not allowed (only http:, https: and "
                    "the site's own relative links are: remove it or link a web page)",
                )
            )

    for pattern, what in _LINK_TARGETS:
        for match in pattern.finditer(text):
            refuse_url(match.group("url"), match.start("url"), f"Markdown {what}")
    for tag in _FORBIDDEN_TAG.finditer(text):
        found.append(
            (
                line_at(tag.start()),
                f"raw HTML <{tag.group(1).lower()}> is not allowed in pages (pages hold text "
                "and macros; scripts and frames belong in overrides/)",
            )
        )
    for tag in _TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group("attrs")):
            offset = tag.start("attrs") + attr.start()
            attr_name = attr.group("name").lower()
            if attr_name.startswith("on") or attr_name == "srcdoc":
                found.append(
                    (
                        line_at(offset),
                        f"the HTML attribute {attr_name}= is not allowed in pages (it runs "
                        "code: remove it)",
                    )
                )
                continue
            if attr_name in _URL_ATTRS:
                value = attr.group("dq") or attr.group("sq") or attr.group("bare") or ""
                refuse_url(value, offset, f"HTML {attr_name}=")
    return [Problem(path, line, message) for line, message in sorted(set(found))]


# Limits past which Python-Markdown gives way (recursion errors, or minutes of work on a
# few kilobytes): no page written for people comes near them.
MAX_PAGE_BYTES = 1024 * 1024
MAX_BRACKET_DEPTH = 32
MAX_EMPHASIS_RUN = 100
MAX_INDENT = 200
_BRACKET = re.compile(r"[\[\]]")
_EMPHASIS_RUN = re.compile(rf"\*{{{MAX_EMPHASIS_RUN + 1},}}|_{{{MAX_EMPHASIS_RUN + 1},}}")
_DEEP_INDENT = re.compile(rf"^[ \t>]{{{MAX_INDENT + 1},}}", re.MULTILINE)


def page_limits(path: str, text: str) -> list[Problem]:
    """Refuse what would make Markdown crash or crawl: huge pages, deep nesting, long runs."""
    if len(text.encode()) > MAX_PAGE_BYTES:
        return [Problem(path, 1, "page is larger than 1 MiB (split it into several pages)")]
    found: list[Problem] = []
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() == "[" else max(depth - 1, 0)
        if depth > MAX_BRACKET_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            found.append(
                Problem(
                    path,
                    line,
                    f"more than {MAX_BRACKET_DEPTH} [ brackets open at once "
                    "(close them, or write &#91; for a literal bracket)",
                )
            )
            break
    for pattern, what in (
        (_EMPHASIS_RUN, f"a run of more than {MAX_EMPHASIS_RUN} * or _ characters"),
        (_DEEP_INDENT, f"a line indented or quoted more than {MAX_INDENT} columns deep"),
    ):
        hit = pattern.search(text)
        if hit is not None:
            line = text.count("\n", 0, hit.start()) + 1
            found.append(Problem(path, line, f"{what} (Markdown cannot nest that far: shorten it)"))
    return found


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


Scans = MutableMapping[tuple[str, str], tuple[list["MacroCall"], list[Problem]]]


def scan_dir(
    content_dir: Path,
    root: Path,
    macro_names: Collection[str] = ENGINE_MACROS.keys(),
    known: Scans | None = None,
) -> tuple[list[PageSource], list[MacroCall], list[Problem]]:
    """Scan every Markdown page under content_dir.

    `known` (the preview's) keeps each page's scan while its text is the same.
    """
    pages, calls, problems = [], [], []
    for path in sorted(content_dir.rglob("*.md")):
        src_path = path.relative_to(content_dir).as_posix()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            problems.append(Problem(rel, line, "page is not UTF-8 text (save it as UTF-8)"))
            continue
        pages.append(PageSource(rel, src_path, page_ref(src_path, text)))
        limits = page_limits(rel, text)
        if limits:
            # Not even the macro scan: the page is refused as it stands.
            problems.extend(limits)
            continue
        kept = known.get((rel, text)) if known is not None else None
        found, bad = kept if kept is not None else scan_text(rel, text, macro_names)
        if known is not None and kept is None:
            known[(rel, text)] = (found, bad)
        calls.extend(found)
        problems.extend(bad)
        problems.extend(unsafe_markup(rel, text))
    return pages, calls, problems


CallKey = tuple[str, tuple[Any, ...], tuple[tuple[str, Any], ...]]


def call_key(name: str, args: Iterable[Any], kwargs: Iterable[tuple[str, Any]]) -> CallKey:
    """Return the cache key of a macro call: its name and its arguments, keywords sorted."""
    return (name, tuple(args), tuple(sorted(kwargs)))


def check_calls(
    fb: FactBase,
    calls: Iterable[MacroCall],
    citations: Mapping[str, tuple[PageRef, ...]] | None = None,
    rendered: dict[CallKey, str] | None = None,
    reads: dict[CallKey, frozenset[str]] | None = None,
) -> list[Problem]:
    """Try every literal macro call against the fact base; report each failure with its line.

    Each distinct call is rendered once, with BASE_MARKER for the page's path to the site
    root; when `rendered` is given it keeps those outputs so that the build reuses them,
    and `reads` what fields of a watched fact base each one read (factbase.watching).
    """
    problems = []
    ctx = PageContext(BASE_MARKER, "", citations or {})
    macros = macros_for(fb.topic)
    for call in calls:
        func = macros.get(call.name)
        if func is None:
            if call.name in PLUGIN_BUILTINS:
                continue
            guess = closest(call.name, macros)
            hint = f"did you mean {guess!r}?" if guess else f"macros: {', '.join(macros)}"
            problems.append(Problem(call.path, call.line, f"unknown macro {call.name!r} ({hint})"))
            continue
        if not call.literal:
            continue
        key = call_key(call.name, call.args, call.kwargs)
        if rendered is not None and key in rendered:
            continue
        try:
            with watching() as read:
                html = func(fb, ctx, *call.args, **dict(call.kwargs))
            if rendered is not None:
                rendered[key] = html
                if reads is not None:
                    reads[key] = frozenset(read)
        except UnknownIdError as err:
            if fb.unreadable or err.record_id in fb.refused_ids:
                continue  # the record's own problem is reported where it is written
            problems.append(Problem(call.path, call.line, f"{call.name}(): {err}"))
        except (ValueError, TypeError) as err:
            problems.append(Problem(call.path, call.line, f"{call.name}(): {err}"))
        except Exception:
            if fb.complete:
                raise
            # A fact base with errors may lack what this call needs; those errors are
            # reported where they are written, and the call is tried again once they are fixed.
    return problems


# A link to a source's entry on the sources pages, as `citations.source_href` writes it.
_SOURCE_LINK = re.compile(r'href="[^"]*' + re.escape(urls.SOURCES_PAGE) + r'[^"#]*#([^"]+)"')


def on_sources_pages(pages: Iterable[PageSource]) -> set[str]:
    """Return the paths of the pages that are the source list (their calls list sources)."""
    return {p.path for p in pages if p.ref.url.startswith(urls.SOURCES_PAGE)}


def citations_by_page(
    fb: FactBase,
    pages: Iterable[PageSource],
    calls: Iterable[MacroCall],
    rendered: Mapping[CallKey, str] | None = None,
) -> Mapping[str, tuple[PageRef, ...]]:
    """Map each source id to the pages that cite it, directly or through a figure or event.

    With `rendered` (the calls' outputs), also every source a page's calls link to: a
    macro that shows records with their sources (a catalogue, a map's table, the
    corrections log) cites sources that its arguments do not name. The source list's own
    pages are left out of that: they link every source.
    """
    page_list = list(pages)
    by_path = {p.path: p.ref for p in page_list}
    listing = on_sources_pages(page_list) if rendered is not None else set()
    found: dict[str, dict[str, PageRef]] = defaultdict(dict)
    for call in calls:
        if not call.literal or call.path not in by_path:
            continue
        source_ids: set[str] = set()
        for value in [*call.args, *(v for _, v in call.kwargs)]:
            if not isinstance(value, str):
                continue
            if value in fb.sources:
                source_ids.add(value)
            elif value in fb.figures:
                source_ids.update(fb.figures[value].sources)
            elif value in fb.events_by_id:
                source_ids.update(fb.events_by_id[value].sources)
        output = rendered.get(call_key(call.name, call.args, call.kwargs)) if rendered else None
        if output is not None and call.path not in listing:
            linked = {html.unescape(found_id) for found_id in _SOURCE_LINK.findall(output)}
            source_ids.update(linked & fb.sources.keys())
        ref = by_path[call.path]
        for source_id in source_ids:
            found[source_id][ref.url] = ref
    return {key: tuple(sorted(refs.values(), key=lambda r: r.url)) for key, refs in found.items()}
