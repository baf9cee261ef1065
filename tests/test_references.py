"""Every field that names another record is checked: one failing case per kind of reference.

The fields are found from the models' `Ref(...)` annotations, and a test fails when a
reference field has no case here, so that a new kind of reference cannot go unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from macros.engine.factbase import FactBase, FactBaseError, references
from macros.engine.schema import COLLECTIONS, SEED_KEYS
from macros.engine.topic import Topic
from macros.northkorea.topic import TOPIC

MakeFB = Callable[..., FactBase]

TYPES = """
missile_types:
  - {id: hwasong-15, name: Hwasong-15, class: ICBM}
  - {id: hwasong-17, name: Hwasong-17, class: ICBM}
facilities:
  - {id: sunan, name: Sunan airfield}
"""


def _launch(missile: str) -> dict[str, str]:
    """A data file with one launch whose single missile is written as given."""
    return {
        "data/types.yml": TYPES,
        "data/launch.yml": f"""
events:
  - id: 2017-11-29-launch
    date: 2017-11-29
    title: A launch
    category: missile-test
    sources: [src-a]
    launch:
      missiles:
        - {missile}
""",
    }


def _record(collection: str, body: str) -> dict[str, str]:
    return {"data/extra.yml": f"{collection}:\n  - {body}\n"}


@dataclass(frozen=True)
class Case:
    """A reference field, files that give it a near-miss id, and the id we should suggest."""

    model: str
    field: str
    files: dict[str, str]
    bad: str
    suggestion: str
    kind: str


CASES = [
    Case(
        "Event",
        "sources",
        _record("events", "{id: e1, date: 2020, title: T, category: policy, sources: [src-aa]}"),
        "src-aa",
        "src-a",
        "source",
    ),
    Case(
        "Event",
        "actors",
        _record(
            "events",
            "{id: e1, date: 2020, title: T, category: policy, sources: [src-a], "
            "actors: [north-koreaa]}",
        ),
        "north-koreaa",
        "north-korea",
        "actor",
    ),
    Case(
        "Missile",
        "type",
        _launch("{type: hwasong-155}"),
        "hwasong-155",
        "hwasong-15",
        "missile type",
    ),
    Case(
        "Missile",
        "claimed_type",
        _launch("{type: hwasong-15, claimed_type: hwasong-177}"),
        "hwasong-177",
        "hwasong-17",
        "missile type",
    ),
    Case(
        "Missile",
        "facility",
        _launch("{type: hwasong-15, facility: sunann}"),
        "sunann",
        "sunan",
        "facility",
    ),
    Case(
        "Resolution",
        "event",
        _record(
            "resolutions",
            "{id: r1, date: 2017-12-22, outcome: adopted, measures: [m], sources: [src-a], "
            "event: first-eventt}",
        ),
        "first-eventt",
        "first-event",
        "event",
    ),
    Case(
        "Resolution",
        "sources",
        _record(
            "resolutions",
            "{id: r1, date: 2017-12-22, outcome: adopted, measures: [m], sources: [src-bb]}",
        ),
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "Figure",
        "sources",
        _record(
            "figures",
            "{id: f1, label: L, value: 1, unit: people, as_of: 2020, sources: [src-aa]}",
        ),
        "src-aa",
        "src-a",
        "source",
    ),
    Case(
        "Term",
        "see_also",
        {
            "data/extra.yml": """
terms:
  - {id: apogee, term: Apogee, definition: Highest point.}
  - {id: icbm, term: ICBM, definition: A long-range missile., see_also: [apogeee]}
"""
        },
        "apogeee",
        "apogee",
        "term",
    ),
    Case(
        "Term",
        "sources",
        _record("terms", "{id: icbm, term: ICBM, definition: D, sources: [src-bb]}"),
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "Correction",
        "sources",
        _record(
            "corrections",
            "{id: fix-a, date: 2026-12-01, record: first-event, what: W, why: Y, "
            "sources: [src-bb]}",
        ),
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "MissileType",
        "class_sources",
        _record(
            "missile_types",
            "{id: kn-23, name: KN-23, class: SRBM, class_sources: [src-bb], class_note: N}",
        ),
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "MissileSpec",
        "type",
        {
            **_launch("{type: hwasong-15}"),
            **_record("missile_specs", "{id: s1, type: hwasong-155}"),
        },
        "hwasong-155",
        "hwasong-15",
        "missile type",
    ),
    Case(
        "MissileSpec",
        "fuel_sources",
        {
            **_launch("{type: hwasong-15}"),
            **_record(
                "missile_specs", "{id: s1, type: hwasong-15, fuel: solid, fuel_sources: [src-bb]}"
            ),
        },
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "RangeEstimate",
        "sources",
        {
            **_launch("{type: hwasong-15}"),
            **_record(
                "missile_specs",
                "{id: s1, type: hwasong-15, ranges: "
                "[{basis: assessed, km: 13000, by: Someone, sources: [src-aa]}]}",
            ),
        },
        "src-aa",
        "src-a",
        "source",
    ),
    Case(
        "Place",
        "sources",
        _record("places", "{id: p1, name: P, kind: city, lat: 1, lon: 2, sources: [src-bb]}"),
        "src-bb",
        "src-b",
        "source",
    ),
    Case(
        "Claim",
        "events",
        {
            "seeds/seed.yml": """
seed: {id: seed-a, publisher: P, title: T, date: 2024}
claims:
  - {id: c1, claim: C, verdict: supported, reason: R, events: [second-eventt]}
"""
        },
        "second-eventt",
        "second-event",
        "event",
    ),
    Case(
        "Claim",
        "sources",
        {
            "seeds/seed.yml": """
seed: {id: seed-a, publisher: P, title: T, date: 2024}
claims:
  - {id: c1, claim: C, verdict: supported, reason: R, sources: [src-aa]}
"""
        },
        "src-aa",
        "src-a",
        "source",
    ),
]


def _models(topic: Topic) -> Iterator[type[BaseModel]]:
    """Every record model of a site of this topic, nested ones included."""
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [
        *COLLECTIONS.values(),
        topic.event_model,
        *topic.collections.values(),
        *SEED_KEYS.values(),
    ]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
                for inner in (arg, *getattr(arg, "__args__", ())):
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        todo.append(inner)


def test_every_reference_field_has_a_failing_case() -> None:
    declared = {(model.__name__, key) for model in _models(TOPIC) for key in references(model)}
    covered = {(case.model, case.field) for case in CASES}
    assert declared == covered, (
        f"reference fields without a case here: {sorted(declared - covered)}; "
        f"cases for fields that are not references: {sorted(covered - declared)}"
    )
    # And the check can tell them apart: missiles name types, resolutions name events.
    assert ("Missile", "type") in declared
    assert ("Resolution", "event") in declared
    assert ("Term", "see_also") in declared


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.model}.{c.field}")
def test_an_unknown_id_is_reported_with_file_line_and_closest_id(
    make_fb: MakeFB, case: Case
) -> None:
    with pytest.raises(FactBaseError) as info:
        make_fb(case.files)
    (path, text), *_ = ((p, t) for p, t in case.files.items() if case.bad in t)
    # write_files strips the leading newline: count lines as the loader sees them.
    line = (
        text.lstrip("\n")
        .splitlines()
        .index(next(row for row in text.lstrip("\n").splitlines() if case.bad in row))
        + 1
    )
    expected = (
        f"{path}:{line}: {case.field}: unknown {case.kind} id {case.bad!r} "
        f"(did you mean {case.suggestion!r}?)"
    )
    messages = [str(p) for p in info.value.problems]
    assert expected in messages, messages
    assert len(messages) == 1, messages


def test_a_known_id_passes(make_fb: MakeFB) -> None:
    fb = make_fb(_launch("{type: hwasong-15, claimed_type: hwasong-17, facility: sunan}"))
    assert "2017-11-29-launch" in fb.events_by_id
