"""History reads as an essay, not a list: at most about twelve screens on a 1280 px display."""

from __future__ import annotations

from tests.browser.conftest import Watched
from tests.browser.reader import DESKTOP

# Twelve and a half screens of 800 px: "about 12 screens" with room for one more paragraph.
MAX_SCREENS = 12.5


def test_history_is_at_most_about_twelve_screens_at_1280_px(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "history/")
    height = int(page.evaluate("() => document.documentElement.scrollHeight"))
    screens = height / DESKTOP["height"]
    assert screens <= MAX_SCREENS, f"/history/ is {screens:.1f} screens at 1280 px"
