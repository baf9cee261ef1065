"""Links, #anchors and the navigation, checked in the Markdown with the line of each mistake."""

from __future__ import annotations

import pytest

from macros.engine import links
from macros.engine.pages import scan_text, unclosed_delimiter

PAGE = """# Title

Intro with [a link](other.md#the-heading) and [same page](#local-heading).

## Local heading

A [definition link][ref] and <a href="other.md#made-by-a-macro">raw</a>.

[ref]: missing.md

```
[not a link](nowhere.md)
```
"""
OTHER = "# Other\n\n## The heading\n\n## The heading\n\n## Custom {#custom-id}\n"


def pages(page: str = PAGE, other: str = OTHER) -> list[links.PageText]:
    return [
        links.PageText("content/page.md", "page.md", page),
        links.PageText("content/other.md", "other.md", other),
    ]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Local heading", "local-heading"),
        ("A seventh test?", "a-seventh-test"),
        ("`KN-23` and *Hwasong-17*", "kn-23-and-hwasong-17"),
        ("Kim–Trump: the [Hanoi](x.md) summit", "kimtrump-the-hanoi-summit"),
        ("Réunion  de  l'ONU", "reunion-de-lonu"),
    ],
)
def test_headings_become_the_anchors_python_markdown_makes(heading: str, slug: str) -> None:
    assert links.slugify(heading) == slug


def test_anchors_come_from_headings_ids_and_rendered_html() -> None:
    found = links.anchors(OTHER, ['<li id="made-by-a-macro">x</li>'])
    assert found == {"other", "the-heading", "the-heading_1", "custom-id", "made-by-a-macro"}


def test_links_are_found_with_their_lines_outside_code() -> None:
    found = [(link.line, link.target) for link in links.page_links(PAGE)]
    assert found == [
        (3, "other.md#the-heading"),
        (3, "#local-heading"),
        (7, "other.md#made-by-a-macro"),
        (9, "missing.md"),
    ]


def test_missing_pages_and_anchors_are_named_with_page_and_line() -> None:
    anchors = {"page.md": links.anchors(PAGE), "other.md": links.anchors(OTHER)}
    found = [str(p) for p in links.link_problems(pages(), anchors)]
    assert found == [
        "content/page.md:7: link to '#made-by-a-macro': 'other.md' has no such anchor "
        "(link to a heading of that page)",
        "content/page.md:9: link to 'missing.md': there is no such page in content/ "
        "(check the file name)",
    ]


def test_anchors_that_only_the_build_knows_are_not_guessed_at() -> None:
    anchors: dict[str, set[str] | None] = {"page.md": links.anchors(PAGE), "other.md": None}
    found = [str(p) for p in links.link_problems(pages(), anchors, ["generated.md"])]
    assert len(found) == 1
    assert "missing.md" in found[0]


def test_a_misspelled_page_gets_the_closest_name() -> None:
    page = "# P\n\nSee [x](othr.md).\n"
    found = links.link_problems(pages(page), {"page.md": set(), "other.md": set()})
    assert [str(p) for p in found] == [
        "content/page.md:3: link to 'othr.md': there is no such page in content/ "
        "(did you mean 'other.md'?)"
    ]


NAV = [{"Home": "index.md"}, {"Section": [{"A": "a/one.md"}, "https://example.org"]}]


def test_pages_left_out_of_nav_and_nav_entries_without_pages() -> None:
    found = links.nav_problems(
        ["index.md", "a/one.md", "a/two.md", "embed/x.md", "timeline/2017.md", "drafts/d.md"],
        [*NAV, {"Gone": "gone.md"}],
        ["/embed/", "timeline/", "drafts/*.md"],
        config="mkdocs.yml",
        nav_line=40,
    )
    assert [str(p) for p in found] == [
        "mkdocs.yml:40: the page 'a/two.md' is not in nav: (add a line such as "
        "'  - Title: a/two.md' under nav:, or list it under not_in_nav: if readers reach it "
        "another way)",
        "mkdocs.yml:40: nav: names 'gone.md', which is not in content/ (did you mean 'a/one.md'?)",
    ]


def test_without_a_nav_every_page_is_listed() -> None:
    assert links.nav_problems(["a.md"], None, [], config="mkdocs.yml", nav_line=1) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a {{ x() }} b", None),
        ("line 1\nline 2 {{ x(\nline 3\n\n{{ y() }}", (2, "{{")),
        ("{% if x %} {% endif %}\n{{ open", (2, "{{")),
        ("{# a note", (1, "{#")),
    ],
)
def test_an_unclosed_macro_is_found_where_it_opens(
    text: str, expected: tuple[int, str] | None
) -> None:
    assert unclosed_delimiter(text) == expected


def test_an_unclosed_call_is_reported_at_its_own_line() -> None:
    _calls, problems = scan_text("content/p.md", "# T\n\nx {{ cite('a')\n\ny\n\n{{ cite('b') }}\n")
    assert [(p.line, p.message) for p in problems] == [
        (3, "a macro call opened with '{{' is never closed (end it with '}}', on the same line)")
    ]


@pytest.mark.parametrize(
    ("call", "fix"),
    [
        ("figure(ocha-people-in-need-2020)", 'figure("ocha-people-in-need-2020")'),
        ("cite(src-a)", 'cite("src-a")'),
        ("timeline(category=missile-test, limit=5)", 'timeline(category="missile-test", limit=5)'),
    ],
)
def test_an_unquoted_id_gets_the_call_written_with_quotes(call: str, fix: str) -> None:
    calls, problems = scan_text("content/p.md", f"# T\n\n{{{{ {call} }}}}\n")
    assert calls == []
    assert [p.line for p in problems] == [3]
    assert problems[0].message.endswith(f"(write {fix})")
