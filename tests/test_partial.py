"""`make serve`'s partial rebuilds give the same site as a full build of the edited tree.

The preview (macros/preview.py) builds through `partial.Rebuilder`: after a save it
rebuilds only the pages whose inputs changed. Here the same rebuild runs on a copy of the
project after a page edit and after data edits, and every file it leaves in the site
folder is compared with a fresh full build (MkDocs' own `build`) of the edited tree, so
that a dependency the rebuild misses fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from macros.engine.check import Warm
from macros.glue import WARM_KEY
from macros.partial import Rebuilder
from tests.conftest import copy_project

_URL = "http://127.0.0.1:8115/"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _config(project: Path, site: Path, warm: Warm | None) -> MkDocsConfig:
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.site_url = _URL
    if warm is not None:
        config[WARM_KEY] = warm
    return config


def _fresh(project: Path, site: Path) -> dict[str, bytes]:
    """A full build of the tree as it is now, by MkDocs itself, as the preview serves it."""
    build(_config(project, site, None), serve_url=_URL)
    return _files(site)


def _same(rebuilt: dict[str, bytes], fresh: dict[str, bytes]) -> None:
    assert sorted(rebuilt) == sorted(fresh), "the partial rebuild left other files"
    differ = [name for name in fresh if rebuilt[name] != fresh[name]]
    assert differ == [], f"rebuilt differently from a full build: {differ}"


def _source_entry(site: dict[str, bytes], source_id: str) -> str:
    """Return a source's entry (its HTML up to the next entry) on the source list."""
    marker = f'id="{source_id}"'
    (part,) = [
        text.decode()
        for name, text in site.items()
        if name.startswith("sources/") and marker.encode() in text
    ]
    return part.split(marker, 1)[1].split('<li class="source"', 1)[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: pick another line to edit"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project (the edits stay out of the real tree), as the working folder."""
    copy = copy_project(tmp_path / "project")
    monkeypatch.chdir(copy)
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")
    return copy


def test_partial_rebuilds_equal_a_full_build_after_page_and_data_edits(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "preview-site"
    warm, rebuilder = Warm(), Rebuilder()

    def rebuild() -> dict[str, bytes]:
        rebuilder.build(_config(project, site, warm), _URL)
        return _files(site)

    rebuild()
    assert rebuilder.last == "full"
    pages = len(rebuilder.rebuilt)

    # A page edit: a sentence; only that page is built again.
    about = project / "content" / "about.md"
    _edit(about, "who says so.", "who says so (edited).")
    rebuilt = rebuild()
    assert rebuilder.last == "partial"
    assert rebuilder.rebuilt == ["about.md"]
    assert "who says so (edited)." in rebuilt["about/index.html"].decode()
    _same(rebuilt, _fresh(project, tmp_path / "fresh-1"))

    # A data edit of events alone (the timeline, its year page, the embeds, the exports,
    # the search index). The HTML hooks read sources and missile types, not events: they
    # run again on no kept page, whose HTML must still be as a full build makes it.
    _edit(
        project / "data" / "events.yml",
        "    title: Trump and Kim meet in Singapore",
        "    title: Trump and Kim meet in Singapore, edited",
    )
    rebuilt = rebuild()
    assert rebuilder.last == "partial"
    assert 0 < len(rebuilder.rebuilt) < pages
    assert rebuilder.rehooked == []
    assert "Singapore, edited" in rebuilt["timeline/2018/index.html"].decode()
    _same(rebuilt, _fresh(project, tmp_path / "fresh-events"))

    # Data edits, saved together: a source's title (its citations, the source lists), and
    # a name that reaches pages only through an HTML hook, not their macros: a missile
    # type's alias, which the missile-name hook links wherever prose says it (here a place
    # name, so that pages whose macros are unchanged must change too). The hooks read
    # both: they run again on every kept page.
    _edit(
        project / "data" / "sources.yml",
        "    title: 9 October 2006 - First DPRK nuclear test\n",
        "    title: 9 October 2006 - First DPRK nuclear test, edited\n",
    )
    _edit(
        project / "data" / "missile-types.yml",
        "  - id: hwasong-15\n    name: Hwasong-15\n",
        "  - id: hwasong-15\n    name: Hwasong-15\n    aliases: [Yongbyon]\n",
    )
    rebuilt = rebuild()
    assert rebuilder.last == "partial"
    assert 0 < len(rebuilder.rebuilt) < pages
    assert len(rebuilder.rehooked) > len(rebuilder.rebuilt)
    assert "nuclear test, edited" in rebuilt["history/index.html"].decode()
    assert re.search(
        r'class="missile-link"[^>]*>Yongbyon</a>', rebuilt["arsenal/index.html"].decode()
    )
    _same(rebuilt, _fresh(project, tmp_path / "fresh-2"))

    # A data edit that changes only what a page's macro output cites: a missile's fuel gains
    # a source that no argument names and no page cited. The missile catalogue now links it,
    # so its entry on the source list must name /missiles/ (the list is made after the
    # pages' calls, from what they showed: pages.citations_by_page).
    _edit(
        project / "data" / "missile-specs.yml",
        "    fuel_sources: [yonhap-kn-23-replaces-scud-2021]\n",
        "    fuel_sources: [yonhap-kn-23-replaces-scud-2021, pna-xinhua-quake-2017]\n",
    )
    rebuilt = rebuild()
    assert rebuilder.last == "partial"
    entry = _source_entry(rebuilt, "pna-xinhua-quake-2017")
    assert "missiles/" in entry, entry[:600]
    assert "Not cited yet" not in entry, entry[:600]
    _same(rebuilt, _fresh(project, tmp_path / "fresh-3"))

    # The same by a page edit, with the data as it was: a page that shows the corrections
    # log cites the sources of each correction, which no argument names; the source list
    # must say so.
    _edit(about, "who says so (edited).", "who says so.\n\n{{ corrections_log() }}\n")
    rebuilt = rebuild()
    assert rebuilder.last == "partial"
    entry = _source_entry(rebuilt, "aju-hwasong-11-da-45-2024")
    assert "about/" in entry, entry[:600]
    _same(rebuilt, _fresh(project, tmp_path / "fresh-4"))
