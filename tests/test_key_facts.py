"""Key facts (tests/facts/*.yml) hold on the rendered pages, and event ids start with dates.

A wrong edit to data/ or content/ that changes a pinned date, count, vote or figure fails
here, naming the fact and its source. The format of the tables is documented at the top of
tests/facts/core.yml.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from macros import site
from macros.engine import factbase
from macros.engine.factbase import FactBase
from macros.northkorea.topic import TOPIC
from tests import keyfacts
from tests.conftest import ROOT, run_mkdocs

FACTS = keyfacts.load_all()


@cache
def real_fb() -> FactBase:
    """Load the real fact base once."""
    return site.load()


def known_urls(fb: FactBase) -> set[str]:
    """Every source URL in data/."""
    return {str(s.url) for s in fb.sources.values() if s.url}


def test_the_tables_hold_at_least_forty_facts_with_unique_ids() -> None:
    core = [f for f in FACTS if f.file == "core.yml"]
    assert len(core) >= 40, f"core.yml pins only {len(core)} facts"
    twice = [key for key, n in Counter(f.id for f in FACTS).items() if n > 1]
    assert not twice, f"key-fact ids used twice: {twice}"


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_each_key_fact_cites_a_source_of_the_fact_base(fact: keyfacts.KeyFact) -> None:
    assert fact.source in known_urls(real_fb()), (
        f"{fact.label()}: source {fact.source} is not the URL of any source in data/ "
        "(cite the URL of a source record, so that the table cannot name an unseen page)"
    )


@pytest.mark.site
@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_each_key_fact_is_on_the_rendered_page(built_site: Path, fact: keyfacts.KeyFact) -> None:
    found = keyfacts.problems(fact, built_site, real_fb())
    assert not found, "\n".join(found)


def test_every_event_id_starts_with_its_own_date() -> None:
    wrong = [
        f"{e.id} (date {e.date.iso()}, {real_fb().origins.get(e.id, ('data/', 0))[0]})"
        for e in real_fb().events
        if not (e.id == e.date.iso() or e.id.startswith(e.date.iso() + "-"))
    ]
    assert not wrong, "event ids must start with the event's date: " + "; ".join(wrong)


def test_the_table_format_refuses_rows_it_cannot_check(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        textwrap.dedent(
            """
            facts:
              - id: both
                fact: a row with a page and an event
                page: diplomacy/
                event: 2019-02-28-hanoi-summit
                text: 28 February 2019
                source: https://example.org/
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="either 'page' or 'event'"):
        keyfacts.load_table(bad)
    bad.write_text("facts:\n  - id: x\n    fact: y\n    page: /\n    text: z\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'source' must be"):
        keyfacts.load_table(bad)


@pytest.mark.slow
def test_a_wrong_hanoi_date_or_hwasong_15_apogee_fails_naming_the_fact(tmp_path: Path) -> None:
    """Edit the data of a copy of the project, build it, and check the key facts."""
    project = tmp_path / "project"
    for name in ("content", "data", "seeds", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    assert "  - id: 2019-02-28-hanoi-summit\n    date: 2019-02-28\n" in text
    events.write_text(
        text.replace(
            "  - id: 2019-02-28-hanoi-summit\n    date: 2019-02-28\n",
            "  - id: 2019-02-28-hanoi-summit\n    date: 2019-02-27\n",
        ),
        encoding="utf-8",
    )
    launches = project / "data" / "launches.yml"
    text = launches.read_text(encoding="utf-8")
    marker = "          apogee_km: 4475\n"
    assert text.count(marker) == 1
    launches.write_text(text.replace(marker, "          apogee_km: 4300\n"), encoding="utf-8")
    site = tmp_path / "site"
    done = run_mkdocs(project, site)
    assert done.returncode == 0, done.stdout + done.stderr
    fb = factbase.load(project / "data", project / "seeds", project, TOPIC)
    failing = {f.id for f in FACTS if keyfacts.problems(f, site, fb)}
    assert {"hanoi-summit-date", "hwasong-15-apogee"} <= failing
    assert {"singapore-summit-date", "sixth-nuclear-test-date"}.isdisjoint(failing)
