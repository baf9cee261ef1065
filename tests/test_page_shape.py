"""The explainer pages as a reader meets them: an 'in brief' box and a true reading time on
each long page, no event card twice on a page, and no launch list appended to History."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from macros.engine.reading import count_words, minutes

LONG_PAGES = ("history/", "diplomacy/", "humanitarian/", "outlook/", "about/", "missiles/")
ALL_PAGES = ("", *LONG_PAGES, "claims/")
ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)

pytestmark = pytest.mark.site


def article(built_site: Path, page: str) -> Tag:
    """Return the parsed <article> of a built page."""
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    found = BeautifulSoup(html, "lxml").select_one("article")
    assert found is not None, f"/{page}: no <article>"
    return found


@pytest.mark.parametrize("page", LONG_PAGES)
def test_a_long_page_opens_with_three_to_five_points_in_brief(built_site: Path, page: str) -> None:
    body = article(built_site, page)
    box = body.select_one(".admonition.abstract")
    assert box is not None, f"/{page}: no 'In brief' box"
    assert box.select_one(".admonition-title").get_text(strip=True) == "In brief"  # type: ignore[union-attr]
    bullets = box.select("li")
    assert 3 <= len(bullets) <= 5, f"/{page}: {len(bullets)} points in brief"
    # The box comes before the first section of the page.
    first_h2 = body.select_one("h2")
    assert first_h2 is not None
    assert first_h2 in box.find_all_next("h2"), f"/{page}: 'In brief' comes after a section"


@pytest.mark.parametrize("page", LONG_PAGES)
def test_the_reading_time_is_counted_from_the_page_itself(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    assert 'data-reading-time="pending"' not in html, f"/{page}: reading time left unfilled"
    line = article(built_site, page).select_one(".reading-time")
    assert line is not None, f"/{page}: no reading time"
    words = int(str(line["data-words"]))
    match = ARTICLE.search(html)
    assert match is not None
    # The line counts the page's content; the article adds only its heading and footer line.
    seen = count_words(match.group(1))
    assert 0 <= seen - words <= 40, (page, words, seen)
    assert line.get_text() == f"About {minutes(words)} minutes to read ({words:,} words)"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_event_card_appears_twice_on_a_page(built_site: Path, page: str) -> None:
    cards = Counter(li.get("id") for li in article(built_site, page).select("li.tl-entry"))
    assert [card for card, n in cards.items() if n > 1] == []


def test_history_leaves_the_complete_launch_list_to_the_timeline(built_site: Path) -> None:
    body = article(built_site, "history/")
    assert body.select("li.tl-missile-test") == []
    assert body.select_one("#all-nuclear-and-missile-tests") is None
    # The essay links to the timeline for the list it no longer carries.
    assert body.select_one('a[href="../timeline/"]') is not None
