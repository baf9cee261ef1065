"""Pages of text and plain macro calls, rendered without Jinja's compiler (same output).

Jinja turns every page into Python code before it renders it: parse, generate code,
compile it. Most pages of an explainer are prose with `{{ macro("id", n=1) }}` calls, for
which that is most of the work. `install(env)` makes `env.from_string` parse such a page
only and keep a plan: the text pieces as Jinja's parser left them (whitespace control
applied) and each call with its constant arguments. Rendering the plan calls each macro
as Jinja would (found in the render's variables, else in the environment's globals) and
joins the pieces with `str()` of each result, which is what Jinja's generated code does
when there is no autoescape and no finalize. Anything else (a filter, a variable, a tag,
a macro that is not plain, a name that is not defined) is left to Jinja itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes

# A piece of a plan: text as it stands, or a call (name, args, keyword args).
Call = tuple[str, tuple[Any, ...], tuple[tuple[str, Any], ...]]
Piece = str | Call


def plan_of(tree: nodes.Template) -> tuple[Piece, ...] | None:
    """Return the page's pieces if it is only text and plain macro calls, else None."""
    pieces: list[Piece] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            return None
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                pieces.append(child.data)
                continue
            call = _plain_call(child)
            if call is None:
                return None
            pieces.append(call)
    return tuple(pieces)


def _plain_call(node: nodes.Node) -> Call | None:
    """Return a call whose function is a name and whose arguments are all constants."""
    if not isinstance(node, nodes.Call) or not isinstance(node.node, nodes.Name):
        return None
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return None
    if not all(type(arg) is nodes.Const for arg in node.args):
        return None
    if not all(type(kw.value) is nodes.Const for kw in node.kwargs):
        return None
    args = tuple(arg.value for arg in node.args)  # type: ignore[attr-defined]
    kwargs = tuple((kw.key, kw.value.value) for kw in node.kwargs)  # type: ignore[attr-defined]
    return (node.node.name, args, kwargs)


@dataclass(frozen=True)
class PlainTemplate:
    """A page rendered from its plan; Jinja's own template when a call is not plain."""

    env: jinja2.Environment
    source: str
    plan: tuple[Piece, ...]
    jinja_template: Callable[[], jinja2.Template]

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render as jinja2.Template.render does (the variables as a mapping or keywords)."""
        given: dict[str, Any] = dict(*args, **kwargs)
        out: list[str] = []
        for piece in self.plan:
            if isinstance(piece, str):
                out.append(piece)
                continue
            name, call_args, call_kwargs = piece
            func = _plain_function(name, given, self.env.globals)
            if func is None:
                return self.jinja_template().render(given)
            out.append(str(func(*call_args, **dict(call_kwargs))))
        return "".join(out)


def _plain_function(
    name: str, given: Mapping[str, Any], env_globals: MutableMapping[str, Any]
) -> Callable[..., Any] | None:
    """Return the callable Jinja would call for name, if it calls it as it is."""
    func = given[name] if name in given else env_globals.get(name)
    if not callable(func) or hasattr(func, "jinja_pass_arg"):
        return None  # undefined, or a function Jinja hands its context: Jinja's own path
    if hasattr(getattr(func, "__call__", None), "jinja_pass_arg"):  # noqa: B004 (as Jinja checks)
        return None
    found: Callable[..., Any] = func
    return found


def install(env: jinja2.Environment) -> None:
    """Make env.from_string give a PlainTemplate for a page that is text and plain calls."""
    if env.autoescape or env.finalize is not None or env.is_async:
        return  # Jinja would escape or finalize each value: leave every page to it
    from_string = env.from_string
    if getattr(from_string, "plain_pages", False):
        return  # installed already

    def plain_or_jinja(
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> Any:
        if isinstance(source, str) and globals is None and template_class is None:
            try:
                plan = plan_of(env.parse(source))
            except jinja2.TemplateSyntaxError:
                plan = None  # Jinja reports it, as it always does
            if plan is not None:
                return PlainTemplate(env, source, plan, lambda: from_string(source))
        return from_string(source, globals, template_class)

    plain_or_jinja.plain_pages = True  # type: ignore[attr-defined]
    env.from_string = plain_or_jinja  # type: ignore[method-assign]
