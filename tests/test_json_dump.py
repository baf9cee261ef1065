"""The exports' JSON writer is json.dumps(indent=2, ensure_ascii=False), byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from macros.engine.exports import _dump

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3)
    ),
    max_leaves=30,
)


def expected(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@given(VALUES)
def test_dump_writes_what_json_dumps_writes(value: Any) -> None:
    assert _dump(value) == expected(value)


def test_dump_on_the_shapes_the_exports_write() -> None:
    value = {
        "title": "A “quoted” title\n with a newline, 한국어 and \u2028",
        "count": 3,
        "events": [{"id": "a", "tags": [], "extra": {}, "n": 1.5, "ok": True, "no": None}],
        "nested": [[], [[1, 2], {"k": ["v"]}], ({"t": 1},)],
    }
    assert _dump(value) == expected(value)
