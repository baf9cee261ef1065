"""A watched fact base notes what each reader read, so that `make serve` can keep what a
data edit did not touch (macros/partial.py, check.Warm): a read it misses would leave a
page stale, so each way of reading is checked here."""

from __future__ import annotations

from pathlib import Path

from macros.engine import citations, factbase, glossary, timeline
from macros.engine.check import Warm
from macros.engine.factbase import MEMO, FactBase, WatchedFactBase, changed_fields, watching
from macros.engine.markup import PageContext
from macros.engine.pages import call_key
from macros.engine.settings import Settings
from macros.northkorea.topic import TOPIC
from tests.conftest import MINIMAL, write_files


def _load(folder: Path, files: dict[str, str] | None = None) -> FactBase:
    write_files(folder, {**MINIMAL, **(files or {})})
    fb, problems = factbase.collect_partial(
        folder / "data", folder / "seeds", folder, TOPIC, watched=True
    )
    assert not [p for p in problems if p.severity == "error"]
    return fb


def test_only_the_preview_watches(tmp_path: Path) -> None:
    write_files(tmp_path, MINIMAL)
    plain = factbase.load(tmp_path / "data", tmp_path / "seeds", tmp_path, TOPIC)
    assert type(plain) is FactBase
    assert isinstance(_load(tmp_path), WatchedFactBase)


def test_fields_read_directly_and_through_methods_are_noted(tmp_path: Path) -> None:
    fb = _load(tmp_path)
    with watching() as reads:
        assert fb.sources["src-a"].publisher == "Agency A"
    assert reads == {"sources"}
    with watching() as reads:
        fb.collection("events")  # a method: it reads events_by_id itself
    assert reads == {"events_by_id"}
    with watching() as reads:
        fb.kind_of("north-korea")  # reads every collection until it finds the id
    assert {"sources", "actors", "topic"} <= reads
    with watching() as outer:
        with watching() as inner:
            fb.terms  # noqa: B018 (a read is what is tested)
        fb.actors  # noqa: B018
    assert (inner, outer) == ({"terms"}, {"terms", "actors"})


def test_a_memo_hit_gives_the_reads_its_entry_was_made_from(tmp_path: Path) -> None:
    fb = _load(tmp_path)
    ctx = PageContext.for_url("history/")
    with watching() as first:
        link = citations.cite_links(fb, ctx, ["src-a"])
    with watching() as second:  # made by the first reader: a hit in the memo
        assert citations.cite_links(fb, ctx, ["src-a"]) == link
    assert "sources" in first
    assert second == first
    with watching() as reads:
        glossary.abbreviations(fb)
    assert reads >= {"terms"}
    assert MEMO not in reads


def test_a_direct_read_of_the_memo_depends_on_everything(tmp_path: Path) -> None:
    fb = _load(tmp_path)
    fb.memo[("made-elsewhere",)] = "x"
    with watching() as direct:
        fb.memo.get(("made-elsewhere",))
    with watching() as through:
        fb.remember(("made-elsewhere",), str, lambda: "y")  # not made through remember
    assert MEMO in direct
    assert MEMO in through
    assert MEMO in changed_fields(fb, fb)


def test_changed_fields_names_what_an_edit_changed(tmp_path: Path) -> None:
    first = _load(tmp_path / "a")
    same = _load(tmp_path / "b")
    assert changed_fields(first, same) == {MEMO}
    retitled = MINIMAL["data/events.yml"].replace("title: First event", "title: Renamed")
    events = _load(tmp_path / "c", {"data/events.yml": retitled})
    assert changed_fields(first, events) == {MEMO, "events", "events_by_id"}
    source = MINIMAL["data/sources.yml"].replace("title: A story", "title: Another story")
    assert changed_fields(first, _load(tmp_path / "d", {"data/sources.yml": source})) == {
        MEMO,
        "sources",
    }


def test_the_warm_keeps_only_the_calls_that_read_nothing_changed(tmp_path: Path) -> None:
    write_files(tmp_path, MINIMAL)
    warm = Warm()
    data, seeds = tmp_path / "data", tmp_path / "seeds"
    fb, _ = warm.load(data, seeds, tmp_path, TOPIC, Settings())
    by_events, by_sources, unknown = (call_key(name, (), ()) for name in ("e", "s", "u"))
    warm.rendered.update({by_events: "e", by_sources: "s", unknown: "u"})
    warm.reads.update({by_events: frozenset({"events"}), by_sources: frozenset({"sources"})})
    events = tmp_path / "data" / "events.yml"
    events.write_text(events.read_text().replace("First event", "Renamed"), encoding="utf-8")
    again, _ = warm.load(data, seeds, tmp_path, TOPIC, Settings())
    assert again is not fb
    assert warm.changed == frozenset({MEMO, "events", "events_by_id"})
    # The call that read events is made again; one whose reads are not known, too.
    assert warm.rendered == {by_sources: "s"}


def test_entries_made_from_a_record_pass_to_the_next_fact_base_only_while_still_right(
    tmp_path: Path,
) -> None:
    ctx = PageContext.for_url("timeline/")
    first = _load(tmp_path / "a")
    assert isinstance(first, WatchedFactBase)
    for event in first.events:
        timeline.render_entry(first, ctx, event)
    retitled = MINIMAL["data/events.yml"].replace("title: First event", "title: Renamed")
    second = _load(tmp_path / "b", {"data/events.yml": retitled})
    assert isinstance(second, WatchedFactBase)
    # The renamed event's entry is made again; the other one is taken over as it was.
    assert second.adopt(first, changed_fields(first, second)) == 1
    kept = timeline.render_entry(second, ctx, second.events_by_id["second-event"])
    assert kept == timeline.render_entry(first, ctx, first.events_by_id["second-event"])
    assert "Renamed" in timeline.render_entry(second, ctx, second.events_by_id["first-event"])
    # Entries read the sources (their citation links): a source edit takes none over.
    source = MINIMAL["data/sources.yml"].replace("title: A story", "title: Another story")
    third = _load(tmp_path / "c", {"data/sources.yml": source})
    assert isinstance(third, WatchedFactBase)
    assert third.adopt(first, changed_fields(first, third)) == 0
