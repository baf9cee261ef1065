"""Pages of text and plain macro calls render without Jinja's compiler, exactly as Jinja does."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from macros.engine import plainpages


def _shout(text: str, times: int = 1, *, end: str = "!") -> str:
    return (text.upper() + end) * times


def _number() -> int:
    return 42


@jinja2.pass_context
def _page_name(context: Any) -> str:
    return str(context.get("page_name"))


def _envs() -> tuple[jinja2.Environment, jinja2.Environment]:
    made = []
    for _ in range(2):
        env = jinja2.Environment(undefined=jinja2.StrictUndefined)  # noqa: S701 (as mkdocs-macros makes it)
        env.globals.update(shout=_shout, number=_number, whoami=_page_name)
        made.append(env)
    plainpages.install(made[1])
    return made[0], made[1]


PLAIN = [
    "",
    "no macros at all\n",
    "text {{ shout('hi') }} more",
    '{{ shout("a", 2, end="?") }}{{ number() }}\n\n# Heading\n',
    "line one\n  {{- shout('trimmed') -}}  \nafter\n",
    "{# a comment #}kept {{ shout('x') }}\n",
    "trailing newline kept?\n\n",
    "{{ shout('shadowed') }}",
]


@pytest.mark.parametrize("source", PLAIN)
def test_a_plain_page_renders_as_jinja_renders_it(source: str) -> None:
    jinja, plain = _envs()
    template = plain.from_string(source)
    assert isinstance(template, plainpages.PlainTemplate)
    given = {"shout": lambda text, *a, **k: f"<{text}>"} if "shadowed" in source else {}
    assert template.render(**given) == jinja.from_string(source).render(**given)


NOT_PLAIN = [
    "{{ shout('a') | lower }}",
    "{{ page_title }}",
    "{% if true %}yes{% endif %}",
    "{{ shout('a' ~ 'b') }}",
    "{{ shout(text) }}",
    "{{ config.extra }}",
    "{% set x = 1 %}{{ x }}",
]


@pytest.mark.parametrize("source", NOT_PLAIN)
def test_anything_else_is_left_to_jinja(source: str) -> None:
    jinja, plain = _envs()
    assert not isinstance(plain.from_string(source), plainpages.PlainTemplate)
    given = {"page_title": "T", "text": "t", "config": {"extra": 1}}
    assert plain.from_string(source).render(**given) == jinja.from_string(source).render(**given)


def test_a_call_jinja_would_treat_specially_goes_to_jinja() -> None:
    jinja, plain = _envs()
    source = "{{ whoami() }} and {{ shout('x') }}"
    template = plain.from_string(source)
    assert isinstance(template, plainpages.PlainTemplate)  # plain in form...
    # ...but the function takes Jinja's context: Jinja renders it.
    assert template.render(page_name="p") == jinja.from_string(source).render(page_name="p")
    with pytest.raises(jinja2.UndefinedError):
        plain.from_string("{{ missing() }}").render()


def test_an_environment_that_escapes_or_finalizes_is_left_alone() -> None:
    for env in (jinja2.Environment(autoescape=True), jinja2.Environment(finalize=str)):  # noqa: S701
        plainpages.install(env)
        assert not isinstance(env.from_string("text"), plainpages.PlainTemplate)
