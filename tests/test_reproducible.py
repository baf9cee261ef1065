"""Builds are reproducible and atomic: same inputs, same bytes; a failed build changes nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from macros import site
from macros.engine import exports
from tests.conftest import ROOT, copy_project, run_mkdocs

pytestmark = pytest.mark.slow
# Another SOURCE_DATE_EPOCH: 2027-01-15 08:00:00 UTC.
LATER = 1800000000
# The files that carry the build's time, and nothing else may change with it.
STAMPED = {"sitemap.xml", "sitemap.xml.gz", "data/events.json", "data/events.ics", "feed.xml"}


def build(out: Path, **env: str) -> Path:
    """Build the real project into out without SOURCE_DATE_EPOCH (unless env gives one)."""
    environ: dict[str, str] = {"SOURCE_DATE_EPOCH": "", **env}
    done = run_mkdocs(ROOT, out, future_clock=False, **environ)
    assert done.returncode == 0, done.stderr
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def data_stamp() -> dt.datetime:
    """The build time the data gives when SOURCE_DATE_EPOCH is not set."""
    fb = site.load()
    return exports.build_stamp(fb)


@pytest.fixture(scope="module")
def builds(
    tmp_path_factory: pytest.TempPathFactory, built_site: Path
) -> Iterator[dict[str, dict[str, bytes]]]:
    """Three builds of the same tree, in different folders, with different hash seeds.

    The first is the session's `built_site`: the clock in 2031, no SOURCE_DATE_EPOCH, hash
    seed 1 (tests/conftest.py). The second says SOURCE_DATE_EPOCH is the data's own time;
    the third gives a later one.
    """
    base = tmp_path_factory.mktemp("builds")
    default_epoch = str(int(data_stamp().timestamp()))
    folders = {
        "default": built_site,
        "same": build(base / "two", PYTHONHASHSEED="2", SOURCE_DATE_EPOCH=default_epoch),
        "later": build(base / "three", PYTHONHASHSEED="3", SOURCE_DATE_EPOCH=str(LATER)),
    }
    yield {name: snapshot(folder) for name, folder in folders.items()}
    shutil.rmtree(base, ignore_errors=True)


def stamps(files: dict[str, bytes]) -> dict[str, object]:
    """Read the build time from every file that carries it."""
    events = json.loads(files["data/events.json"])
    calendar = icalendar.Calendar.from_ical(files["data/events.ics"])
    dtstamps = {item.decoded("dtstamp") for item in calendar.walk("VEVENT")}
    feed = files["feed.xml"].decode()
    match = re.search(r"<updated>([^<]+)</updated>", feed)
    assert match is not None
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", files["sitemap.xml"].decode()))
    gz = files["sitemap.xml.gz"]
    return {
        "json": events["generated"],
        "ics": dtstamps,
        "feed": match.group(1),
        "sitemap": lastmods,
        "gzip": struct.unpack("<I", gz[4:8])[0],
        "gzip_body_is_the_sitemap": gzip.decompress(gz) == files["sitemap.xml"],
    }


def test_two_builds_of_one_tree_are_byte_identical(builds: dict[str, dict[str, bytes]]) -> None:
    default, same = builds["default"], builds["same"]
    assert sorted(default) == sorted(same)
    differing = [name for name in default if default[name] != same[name]]
    assert differing == []
    assert {"sitemap.xml.gz", "search/search_index.json", "feed.xml"} <= set(default)


def test_without_source_date_epoch_the_time_comes_from_the_data(
    builds: dict[str, dict[str, bytes]],
) -> None:
    stamp = data_stamp()
    midnight = dt.datetime.combine(stamp.date(), dt.time(), tzinfo=dt.UTC)
    assert stamps(builds["default"]) == {
        "json": stamp.isoformat().replace("+00:00", "Z"),
        "ics": {stamp},
        "feed": stamp.isoformat(),
        "sitemap": {stamp.date().isoformat()},
        "gzip": int(midnight.timestamp()),
        "gzip_body_is_the_sitemap": True,
    }


def test_source_date_epoch_moves_every_stamp_and_nothing_else(
    builds: dict[str, dict[str, bytes]],
) -> None:
    default, later = builds["default"], builds["later"]
    assert sorted(default) == sorted(later)
    assert {name for name in default if default[name] != later[name]} == STAMPED
    when = dt.datetime.fromtimestamp(LATER, tz=dt.UTC)
    assert stamps(later) == {
        "json": "2027-01-15T08:00:00Z",
        "ics": {when},
        "feed": "2027-01-15T08:00:00+00:00",
        "sitemap": {"2027-01-15"},
        "gzip": int(dt.datetime(2027, 1, 15, tzinfo=dt.UTC).timestamp()),
        "gzip_body_is_the_sitemap": True,
    }


# --- nothing half-built -------------------------------------------------------------------


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m macros build` in a copy of the project (its own site/)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "macros", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_failed_build_leaves_the_old_site_exactly_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    (site / "data").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<!doctype html><title>The published site</title>\n")
    (site / "data" / "events.json").write_bytes(b'{"events": ["old"]}\n')
    (site / "old-only.txt").write_bytes(b"only in the old build\n")
    before = snapshot(site)

    broken = project / "data" / "zz-broken.yml"
    broken.write_text("events:\n  - id: x\n    date: 2024-02-30\n", encoding="utf-8")
    done = make_build(project)
    assert done.returncode != 0
    assert "data/zz-broken.yml:3: the 1st event (id x): date: not a date" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site-")) == []

    broken.unlink()
    done = make_build(project)
    assert done.returncode == 0, done.stderr
    assert not (site / "old-only.txt").exists()
    assert (site / "timeline" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site-")) == []


def test_a_configured_build_links_its_repository_and_writes_absolute_addresses(
    tmp_path: Path,
) -> None:
    """With REPO_URL and SITE_URL: edit links to the page source, canonical and og:url."""
    site = build(
        tmp_path / "site",
        REPO_URL="https://example.org/someone/nk-explainer",
        SITE_URL="https://example.org/nk/",
    )
    html = BeautifulSoup((site / "history" / "index.html").read_text(encoding="utf-8"), "lxml")
    edit = html.select_one("a.md-content__button")
    assert edit is not None
    assert edit["href"] == "https://example.org/someone/nk-explainer/edit/main/content/history.md"
    source = html.select_one("a.md-source")
    assert source is not None
    assert source["href"] == "https://example.org/someone/nk-explainer"
    canonical = html.select_one('link[rel="canonical"]')
    assert canonical is not None
    assert canonical["href"] == "https://example.org/nk/history/"
    og_url = html.select_one('meta[property="og:url"]')
    assert og_url is not None
    assert og_url["content"] == "https://example.org/nk/history/"
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/someone/nk-explainer/issues"' in about
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/nk/history/</loc>" in sitemap
