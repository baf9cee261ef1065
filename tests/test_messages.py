"""Messages for contributors who do not write Python: positions as people count, and a fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from macros.engine.factbase import FactBase, FactBaseError, ordinal, position
from macros.engine.yamlload import parse_text

MakeFB = Callable[..., FactBase]


def problems_of(make_fb: MakeFB, overrides: dict[str, str]) -> list[str]:
    with pytest.raises(FactBaseError) as caught:
        make_fb(overrides)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (51, "51st"), (102, "102nd"), (111, "111th")],
)  # fmt: skip
def test_ordinals(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_positions_are_counted_from_one_and_name_the_id() -> None:
    assert position("events", 50, {"id": "hanoi"}) == "the 51st event (id hanoi)"
    assert position("facilities", 0, {}) == "the 1st facility"
    assert position("missile_types", 2, {"id": 7}) == "the 3rd missile type"


EVENT_WITH = """
    events:
      - id: first-event
        date: 2017-11-29
        title: First event
{body}
        sources: [src-a]
"""


def test_a_key_folded_into_the_text_above_is_named_with_its_line(make_fb: MakeFB) -> None:
    body = "        summary: >-\n          Some text.\n          category: diplomacy"
    found = problems_of(make_fb, {"data/events.yml": EVENT_WITH.format(body=body)})
    assert found == [
        "data/events.yml:7: the 1st event (id first-event): category: missing: 'category:' is "
        "indented as part of 'summary' on line 7 (align 'category:' with 'summary:' so that "
        "it starts a field of its own)"
    ]


def test_a_single_value_where_a_list_belongs_says_how_to_write_a_list(make_fb: MakeFB) -> None:
    body = "        category: diplomacy\n        tags: test-entry"
    found = problems_of(make_fb, {"data/events.yml": EVENT_WITH.format(body=body)})
    assert found == [
        "data/events.yml:6: the 1st event (id first-event): tags: should be a list, not a single "
        "value (write it as tags: [test-entry], or one '- item' per line under 'tags:')"
    ]


def test_a_missing_field_says_what_line_to_add(make_fb: MakeFB) -> None:
    found = problems_of(make_fb, {"data/events.yml": EVENT_WITH.format(body="")})
    assert found == [
        "data/events.yml:2: the 1st event (id first-event): category: missing "
        "(add a line 'category: ...' to this record; this field is required)"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "title: UN Security Council adopts Resolution #1718",
        "title: Resolution #1718",
        "title: Two words # a note",
        "name: Samsok #2",
    ],
)
def test_text_cut_short_by_a_hash_is_refused_with_the_quoted_fix(line: str) -> None:
    _data, problems = parse_text(f"x:\n  {line}\n")
    key, _, value = line.partition(": ")
    assert [p.line for p in problems] == [2]
    assert problems[0].message.startswith(f"{key}: the text stops before ' #'")
    assert f'put the whole text in quotes: {key}: "{value}"' in problems[0].message


@pytest.mark.parametrize(
    "line",
    [
        "status: reported  # not confirmed yet",
        "title: 'Resolution #1718'",
        'title: "Resolution #1718"',
        "title: Resolution#1718",
        "# a comment line",
    ],
)
def test_ordinary_comments_and_quoted_hashes_pass(line: str) -> None:
    _data, problems = parse_text(f"x:\n  {line}\n")
    assert problems == []
