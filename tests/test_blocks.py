"""Block-level macro output that skips Markdown (macros/blocks.py) leaves every page as it was.

The build hands Markdown a token for a block of macro HTML and puts the HTML back after
it; these tests run Markdown (with the site's extensions) both ways, on small cases and
on every page of the real site with its macros rendered, and compare the HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jinja2
import markdown  # type: ignore[import-untyped]
import pytest
import yaml

from macros.blocks import Blocks
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext
from macros.engine.pages import page_ref
from macros.engine.registry import macros_for
from macros.site import load
from tests.conftest import ROOT


def _extensions() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml, as MkDocs hands them to Markdown."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("markdown_extensions:")
    listed = yaml.safe_load(text[start : text.index("\n\n", start)])["markdown_extensions"]
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for item in listed:
        if isinstance(item, dict):
            (name, config), *_ = item.items()
            names.append(name)
            configs[name] = config or {}
        else:
            names.append(item)
    return names, configs


def _html(text: str) -> str:
    names, configs = _extensions()
    return str(markdown.markdown(text, extensions=names, extension_configs=configs))


def _both_ways(
    template: str, macros: dict[str, Callable[..., str]], **values: Any
) -> tuple[str, str, int]:
    """Render a page through Markdown as is, and with the blocks held; count those held."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # noqa: S701
    plain = _html(env.from_string(template).render(**macros, **values))
    blocks = Blocks(enabled=True)
    held = {
        n: functools.partial(lambda f, *a, **k: blocks.hold(f(*a, **k)), f)
        for n, f in macros.items()
    }
    placed = blocks.place(env.from_string(template).render(**held, **values))
    count = len(blocks.placed)
    return plain, blocks.restore(_html(placed)), count


BLOCK = '<div class="x">\n<p>One <a href="a">link</a> &amp; *not emphasis*</p>\n</div>'
CASES = {
    "a block alone": ("Text.\n\n{{ block() }}\n\nMore text.\n", 1),
    "a block at the end": ("Text.\n\n{{ block() }}\n", 1),
    "a block in a sentence": ("Text {{ block() }} and more.\n", 0),
    "a block in a list": ("- item\n\n    {{ block() }}\n", 0),
    "a block in an admonition": ("!!! note\n\n    {{ block() }}\n\nAfter.\n", 0),
    "Markdown inside HTML": ("<div markdown>\n\n{{ block() }}\n\n</div>\n", 0),
    "an HTML heading inside": ("{{ heading() }}\n\nText.\n", 1),
    "Markdown headings between blocks": ("Text.\n\n{{ years() }}\n\nEnd.\n", 2),
    "a section": ("Text.\n\n{{ section() }}\n\nEnd.\n", 0),
    "two blocks": ("{{ block() }}\n\n{{ table() }}\n\n## Next\n", 2),
}
MACROS = {
    "block": lambda: BLOCK,
    "heading": lambda: '<div><h2 id="y">Year</h2><p>x</p></div>',
    "table": lambda: "<table><tr><td>1</td></tr></table>",
    "years": lambda: (
        "## 1999 {#year-1999}\n\n<div>a</div>\n\n## 2000 {#year-2000}\n\n<div>b</div>\n"
    ),
    "section": lambda: '<section><h2 id="s">S</h2></section>',
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_held_blocks_give_the_same_html(name: str) -> None:
    template, expected_held = CASES[name]
    plain, held, count = _both_ways(template, MACROS)
    assert held == plain
    assert count == expected_held


def test_blocks_are_held_only_when_a_hook_puts_them_back() -> None:
    assert Blocks(enabled=False).hold(BLOCK) == BLOCK
    assert Blocks(enabled=True).hold(BLOCK) != BLOCK


@pytest.fixture(scope="module")
def fb() -> FactBase:
    return load()


def test_every_page_of_the_site_is_the_same_with_blocks_held(fb: FactBase) -> None:
    # The same-pages guard for the speed work: every page of content/ through Markdown,
    # with and without the blocks held, gives the same HTML.
    config = {"extra": {"maintainer": "the maintainers"}, "repo_url": None}
    total = 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        src = path.relative_to(ROOT / "content").as_posix()
        ctx = PageContext.for_url(page_ref(src, "").url, src)
        bound: dict[str, Any] = {
            name: functools.partial(func, fb, ctx) for name, func in macros_for(fb.topic).items()
        }
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text[text.index("\n---", 3) + 4 :]
        plain, held, count = _both_ways(text, bound, config=config)
        assert held == plain, src
        total += count
    assert total >= 10  # the tables, charts and source lists are held
