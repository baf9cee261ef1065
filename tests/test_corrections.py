"""The corrections log: its records and their checks, the log page, the note beside a record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import paths, site
from macros.engine import corrections, figures, timeline
from macros.engine.factbase import FactBase, FactBaseError
from macros.engine.markup import PageContext
from macros.northkorea.resolutions import resolutions_table

CTX = PageContext.for_url("history/")

TWO = """
    corrections:
      - id: fix-date
        date: 2026-11-30
        record: first-event
        what: The date was 28 November 2017; it is 29 November 2017.
        why: The old date was the US date; the site uses Korea time.
        sources: [src-b]
      - id: fix-date-again
        date: 2026-12-01
        record: first-event
        what: The title named the wrong city.
        why: The <source> said Pyongyang.
"""


def test_the_log_lists_each_correction_newest_first_with_its_record(
    make_fb: Callable[..., FactBase],
) -> None:
    fb = make_fb({"data/corrections.yml": TWO})
    html = BeautifulSoup(corrections.corrections_log(fb, CTX), "html.parser")
    items = html.select("li.correction")
    assert [item["id"] for item in items] == ["fix-date-again", "fix-date"]
    first = items[0].get_text(" ", strip=True)
    assert first.startswith("1 December 2026 · First event")
    assert "The <source> said Pyongyang." in first  # escaped text, shown as text
    link = items[0].select_one("a")
    assert link is not None
    assert link["href"] == "../timeline/#first-event"
    assert items[1].select_one(".cite") is not None  # its deciding source is cited


def test_a_corrected_record_shows_a_note_linking_to_its_latest_correction(
    make_fb: Callable[..., FactBase],
) -> None:
    fb = make_fb({"data/corrections.yml": TWO})
    entry = BeautifulSoup(
        timeline.render_entry(fb, CTX, fb.events_by_id["first-event"]), "html.parser"
    )
    note = entry.select_one("a.correction-note")
    assert note is not None
    assert note["href"] == "../corrections/#fix-date-again"
    assert note.get_text(" ", strip=True) == "Corrected 2 times, last 1 December 2026"
    other = timeline.render_entry(fb, CTX, fb.events_by_id["second-event"])
    assert "correction-note" not in other


def test_a_corrected_figure_carries_the_note(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(
        {
            "data/figures.yml": """
                figures:
                  - id: people-in-need
                    label: people in need
                    value: 10400000
                    unit: people
                    as_of: 2020-04
                    sources: [src-a]
            """,
            "data/corrections.yml": """
                corrections:
                  - id: fix-figure
                    date: 2026-12-01
                    record: people-in-need
                    what: The value was 11 million; the report says 10.4 million.
                    why: A misreading of the report.
            """,
        }
    )
    html = figures.figure(fb, CTX, "people-in-need")
    assert 'href="../corrections/#fix-figure"' in html
    assert "Corrected <time" in html


def test_a_corrected_figure_or_draft_resolution_is_named_for_a_reader(
    make_fb: Callable[..., FactBase],
) -> None:
    """The log names a figure by its value and label, and a draft by the event it belongs to."""
    fb = make_fb(
        {
            "data/figures.yml": """
                figures:
                  - id: trade-drop
                    label: less trade than the year before
                    value: 80.7
                    unit: percent
                    as_of: 2021-02
                    sources: [src-a]
            """,
            "data/resolutions.yml": """
                resolutions:
                  - id: vetoed-draft
                    date: 2017-11-29
                    outcome: vetoed
                    measures: [Would have banned arms.]
                    event: first-event
                    sources: [src-a]
            """,
            "data/corrections.yml": """
                corrections:
                  - id: fix-figure
                    date: 2026-12-01
                    record: trade-drop
                    what: The fall was about 80%; customs data give 80.7%.
                    why: The figure comes from customs data.
                  - id: fix-draft
                    date: 2026-11-30
                    record: vetoed-draft
                    what: The draft's measures were wrong.
                    why: The text put to the vote says otherwise.
            """,
        }
    )
    log = BeautifulSoup(corrections.corrections_log(fb, CTX), "html.parser")
    heads = [head.get_text(" ", strip=True) for head in log.select("p.correction-head")]
    assert heads == [
        "1 December 2026 · 80.7% less trade than the year before",
        "30 November 2026 · First event",
    ]
    draft_link = log.select_one("#fix-draft a")
    assert draft_link is not None
    assert draft_link["href"] == "../timeline/#first-event"
    table = BeautifulSoup(resolutions_table(fb, CTX), "html.parser")
    note = table.select_one("#vetoed-draft a.correction-note")
    assert note is not None
    assert note["href"] == "../corrections/#fix-draft"


def test_no_corrections_says_so(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb()
    assert "No corrections have been published yet" in corrections.corrections_log(fb, CTX)
    assert corrections.correction_note(fb, CTX, "first-event") == ""


def test_a_correction_must_name_a_real_record_and_real_sources(
    make_fb: Callable[..., FactBase],
) -> None:
    with pytest.raises(FactBaseError) as caught:
        make_fb(
            {
                "data/corrections.yml": """
                    corrections:
                      - id: fix-missing
                        date: 2026-12-01
                        record: frist-event
                        what: Something.
                        why: Something else.
                        sources: [src-z]
                      - id: fix-undated
                        date: 2026-12
                        record: first-event
                        what: Something.
                        why: Something else.
                """
            }
        )
    messages = [str(p) for p in caught.value.problems]
    assert any(
        "data/corrections.yml:4:" in m and "record:" in m and "'first-event'" in m for m in messages
    ), messages
    assert any("data/corrections.yml:7:" in m and "src-z" in m for m in messages), messages
    assert any("data/corrections.yml:9:" in m and "YYYY-MM-DD" in m for m in messages), messages


def test_the_real_corrections_file_loads_and_every_entry_is_on_the_log() -> None:
    fb = site.load()
    assert (Path(paths.DATA_DIR) / "corrections.yml").is_file()
    html = corrections.corrections_log(fb, CTX)
    for correction_id in fb.corrections:
        assert f'id="{correction_id}"' in html
