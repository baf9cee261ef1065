"""Pages show when they last changed: git history first, then their records' dates."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.engine import pages, provenance
from macros.engine.factbase import FactBase
from macros.engine.schema import FuzzyDate

MakeFB = Callable[..., FactBase]


def git(repo: Path, *args: str, date: str = "2024-05-06T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_git_dates_take_each_files_last_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.invalid")
    git(tmp_path, "config", "user.name", "T")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("a")
    (tmp_path / "content" / "b.md").write_text("b")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", date="2024-05-06T12:00:00")
    (tmp_path / "content" / "b.md").write_text("b2")
    git(tmp_path, "commit", "-qam", "two", date="2025-01-02T12:00:00")
    dates = provenance.git_dates(tmp_path, "content")
    assert dates == {
        "content/a.md": FuzzyDate(2024, 5, 6),
        "content/b.md": FuzzyDate(2025, 1, 2),
    }


def test_no_git_means_no_dates(tmp_path: Path) -> None:
    assert provenance.git_dates(tmp_path, "content") == {}


def test_record_dates_and_the_newer_of_the_two(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            "data/more.yml": """
                events:
                  - id: edited
                    date: 2020-01-01
                    title: Edited
                    category: statement
                    sources: [src-a]
                    updated: 2025-03-04
            """
        }
    )
    calls, _ = pages.scan_text("content/p.md", "{{ event('edited') }} {{ event('first-event') }}")
    from_records = provenance.record_dates(fb, calls)
    assert from_records == {"content/p.md": FuzzyDate(2025, 3, 4)}
    from_git = {"content/p.md": FuzzyDate(2024, 1, 1)}
    assert provenance.last_updated("content/p.md", from_git, from_records) == FuzzyDate(2025, 3, 4)
    assert provenance.last_updated("content/q.md", from_git, from_records) is None
    line = provenance.updated_line(FuzzyDate(2025, 3, 4))
    assert '<time datetime="2025-03-04">4 March 2025</time>' in line
    assert provenance.updated_line(None) == ""


@pytest.mark.site
def test_built_pages_show_last_updated(built_site: Path) -> None:
    for url in ("", "history/", "diplomacy/", "humanitarian/", "outlook/", "about/"):
        html = BeautifulSoup((built_site / url / "index.html").read_text(), "lxml")
        stamp = html.select_one(".page-updated time")
        assert stamp is not None, url
        FuzzyDate.parse(str(stamp["datetime"]))


def test_a_page_dates_from_the_events_its_timeline_filter_shows(make_fb: MakeFB) -> None:
    fb = make_fb(
        {
            "data/more.yml": """
                events:
                  - id: new-summit
                    date: 2021-01-01
                    title: A new summit
                    category: diplomacy
                    tags: [summit]
                    sources: [src-a]
                    updated: 2026-12-01
                  - id: new-launch
                    date: 2021-02-01
                    title: A new launch
                    category: missile-test
                    sources: [src-a]
                    updated: 2026-11-30
            """
        }
    )
    text = (
        '{{ timeline(tag="summit") }}\n'
        '{{ latest_event(category="missile-test", show="date") }}\n'
        '{{ timeline(tag="nothing-tagged-so") }}\n'
    )
    calls, problems = pages.scan_text("content/a.md", text)
    assert problems == []
    # The summit list shows new-summit; latest_event shows the newest launch.
    assert provenance.record_dates(fb, calls[:1]) == {"content/a.md": FuzzyDate(2026, 12, 1)}
    assert provenance.record_dates(fb, calls[1:2]) == {"content/a.md": FuzzyDate(2026, 11, 30)}
    # A filter that picks nothing (here an unknown tag, which the check reports) leaves
    # the page to its git date.
    assert provenance.record_dates(fb, calls[2:]) == {}
