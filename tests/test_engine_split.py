"""The engine is generic: no word of this topic in it, a second topic and a new site build on it."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from macros.engine import newsite
from tests.conftest import ROOT, run_mkdocs

ENGINE = ROOT / "macros" / "engine"
TOPIC_WORDS = re.compile(r"korea|missile|hwasong", re.IGNORECASE)
FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "second-topic"


def test_the_engine_names_nothing_of_this_topic() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(ENGINE.rglob("*"))
        if path.is_file() and path.suffix != ".pyc"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TOPIC_WORDS.search(line)
    ]
    assert found == []


def test_the_engine_imports_neither_a_topic_nor_mkdocs() -> None:
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("macros.northkorea"), f"{path.name} imports {name}"
                assert not name.startswith(("mkdocs", "mkdocs_macros")), f"{path.name}: {name}"


@pytest.mark.slow
def test_the_embed_scripts_take_the_namespace_from_the_topic() -> None:
    # The embed's namespace is the topic's (Topic.embed_namespace); the scripts read it
    # from the page (data-namespace) instead of naming it.
    from macros.northkorea.topic import TOPIC  # noqa: PLC0415

    namespace = TOPIC.embed_namespace
    scripts = sorted((ROOT / "overrides").rglob("*.js"))
    assert scripts
    named = [p.relative_to(ROOT).as_posix() for p in scripts if namespace in p.read_text()]
    assert named == [], f"{named} name {namespace!r}: read data-namespace instead"
    readers = [p.name for p in scripts if "data-namespace" in p.read_text()]
    assert sorted(readers) == ["embed-code.js", "embed.js", "frame.js"]


def test_a_second_topic_builds_on_the_same_engine(tmp_path: Path) -> None:
    project = tmp_path / "second-topic"
    shutil.copytree(FIXTURE, project)
    (project / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    done = run_mkdocs(project, tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out"
    # Its own categories, its own time zone, its own settings (split above 2 events).
    year = BeautifulSoup((out / "timeline" / "1994" / "index.html").read_text(), "lxml")
    entry = year.find("li", id="1994-06-29-danube-convention")
    assert isinstance(entry, Tag)
    category, detail = entry.select_one(".tl-category"), entry.select_one(".tl-detail")
    assert category is not None
    assert category.get_text() == "Treaty"
    assert detail is not None
    assert detail.get_text() == "At 11:30 Central European Time"
    home = BeautifulSoup((out / "index.html").read_text(), "lxml")
    assert [li["id"] for li in home.select("li.tl-entry")] == ["2002-08-flood", "2013-06-flood"]
    oembed = (out / "embed" / "timeline" / "flood" / "oembed.json").read_text()
    assert "data-river-timeline" in oembed
    assert not any(TOPIC_WORDS.search(p.read_text()) for p in out.rglob("*.html"))


@pytest.mark.slow
def test_new_site_scaffolds_a_site_that_passes_its_own_make_test(tmp_path: Path) -> None:
    target = tmp_path / "rivers"
    done = subprocess.run(
        [sys.executable, "-m", "macros", "new-site", str(target), "--title", "Rivers & treaties"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("content/index.md", "content/timeline.md", "content/sources.md",
                 "content/about.md", "data/events.yml", "data/sources.yml", "seeds/example.yml",
                 "overrides/main.html", "mkdocs.yml", "Makefile", "README.md", ".ci/run",
                 "pyproject.toml", "macros/__init__.py", "macros/topic.py"):  # fmt: skip
        assert (target / name).is_file(), name
    # The engine is used, not copied: the new macros/ is a few short files.
    lines = sum(len(p.read_text().splitlines()) for p in (target / "macros").glob("*.py"))
    assert lines < 80
    assert not (target / "macros" / "engine").exists()
    env = {**os.environ, "PY": sys.executable, "ENGINE": str(ROOT)}
    env.pop("PYTHONPATH", None)
    test = subprocess.run(
        ["make", "test"], cwd=target, env=env, capture_output=True, text=True, check=False
    )
    assert test.returncode == 0, test.stdout + test.stderr
    site = target / "site"
    timeline = BeautifulSoup((site / "timeline" / "index.html").read_text(), "lxml")
    assert len(timeline.select("li.tl-entry")) == 2
    assert "Rivers &amp; treaties" in (site / "index.html").read_text()
    assert not any(TOPIC_WORDS.search(p.read_text()) for p in site.rglob("*.html"))
    # A second scaffold never overwrites a site.
    again = subprocess.run(
        [sys.executable, "-m", "macros", "new-site", str(target), "--title", "Other"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2
    assert "is not empty" in again.stderr


def test_scaffold_refuses_an_empty_title(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        newsite.scaffold(tmp_path / "x", "  ")
