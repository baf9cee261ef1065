"""The topic pages (arsenal, early diplomacy, human rights, sanctions evasion, Japan, the two
Koreas) are reachable, open the way long pages do, and draw their facts from data; and the
pages a large fact base adds link back to pages that exist."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from macros import paths
from macros.engine import urls
from macros.engine.factbase import FactBase
from macros.engine.settings import Settings

MakeFB = Callable[..., FactBase]
CONTENT = paths.ROOT / "content"
TOPIC_PAGES = (
    "arsenal.md",
    "diplomacy-before-2006.md",
    "human-rights.md",
    "sanctions-evasion.md",
    "japan.md",
    "inter-korean.md",
)
MD_LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+)[^)]*\)")


def _nav_files(nav: object) -> set[str]:
    """Every file named anywhere in mkdocs.yml's nav (entries may nest)."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_files(value)
    return found


def _mkdocs_nav() -> set[str]:
    text = (paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml uses !ENV tags: read only the nav block, which has none.
    nav = text[text.index("\nnav:") :]
    return _nav_files(yaml.safe_load(nav)["nav"])


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_topic_page_is_in_the_nav(page: str) -> None:
    assert page in _mkdocs_nav(), f"add {page} to nav: in mkdocs.yml"


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_topic_page_opens_with_a_brief_and_a_reading_time(page: str) -> None:
    text = (CONTENT / page).read_text(encoding="utf-8")
    text = text.split("\n---\n", 1)[-1].lstrip("\n") if text.startswith("---\n") else text
    head, _, rest = text.partition('!!! abstract "In brief"\n')
    assert head.startswith("# "), "the page starts with its title"
    assert head.count("\n") <= 2, "the brief follows the title"
    box, _, after = rest.partition("\n\n")
    bullets = [line for line in box.splitlines() if line.startswith("    - ")]
    assert 3 <= len(bullets) <= 5, f"{page}: {len(bullets)} bullets in brief (want 3 to 5)"
    # As on the other long pages, the reading time closes the brief, inside its box.
    assert after.startswith("    {{ reading_time() }}\n"), f"{page}: reading time after the bullets"


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_topic_page_links_to_pages_that_exist(page: str) -> None:
    text = (CONTENT / page).read_text(encoding="utf-8")
    targets = [t for t in MD_LINK.findall(text) if "://" not in t]
    assert targets, f"{page} links to no related page"
    for target in targets:
        assert (CONTENT / target).is_file(), f"{page}: link to missing page {target}"


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_topic_page_has_no_bare_numbers_for_estimates(page: str) -> None:
    """Warhead and theft estimates come from figures in data/, never typed into the prose."""
    text = (CONTENT / page).read_text(encoding="utf-8")
    # The brief sums the page up in words; below it, numbers come from data.
    body = text.split("{{ reading_time() }}", 1)[-1]
    prose = re.sub(r"\{\{.*?\}\}", "", body, flags=re.S)
    typed = re.findall(r"\$\d[\d.,]* (?:billion|million)|\b\d+ (?:assembled )?warheads", prose)
    assert typed == [], f"{page}: use figure() for {typed}"


def test_generated_pages_link_back_to_existing_pages(make_fb: MakeFB) -> None:
    fb = make_fb(settings=Settings(timeline_split_at=1, sources_split_at=1, sources_per_page=1))
    pages = urls.generated_pages(fb)
    assert any(p.startswith("sources/") for p in pages)
    assert any(p.startswith("timeline/") for p in pages)
    for path, markdown in pages.items():
        for target in MD_LINK.findall(markdown):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert Path(CONTENT, resolved).is_file(), (
                f"{path} links to {target!r}, which is no page in content/ (MkDocs strict "
                "mode refuses a link to a folder: name the .md file)"
            )
