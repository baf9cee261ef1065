"""`make serve` as a contributor meets it: a broken data file shows up in the open page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import copy_project

# What a preview needs of the project; the copy keeps the real tree out of harm's way.
_BUILD_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_served(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + _BUILD_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"the preview exited early:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the preview did not answer {url} within {_BUILD_TIMEOUT_S} s")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Copy the project, run `python -m macros serve` on it, yield (project, base URL)."""
    project = copy_project(tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "macros", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_served(base + "about/", process)
        yield project, base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_broken_data_file_shows_in_the_page_and_the_page_recovers(
    browser: Browser, preview: tuple[Path, str]
) -> None:
    project, base = preview
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base + "about/")
        heading = page.locator("h1").first
        expect(heading).to_be_visible()
        good_title = heading.inner_text()
        events = project / "data" / "events.yml"
        original = events.read_text(encoding="utf-8")
        # A typo in a field name, as a contributor would make it.
        events.write_text(original.replace("    title: ", "    titel: ", 1), encoding="utf-8")
        # The open page reloads by itself and shows what broke, with file and line.
        problems = page.locator(".preview-problems")
        expect(problems).to_be_visible(timeout=_BUILD_TIMEOUT_S * 1000)
        text = problems.inner_text()
        assert "data/events.yml:" in text
        assert "titel" in text
        assert "Traceback" not in page.content()
        # Any other page asked for meanwhile shows the same list, instead of hanging.
        other = context.new_page()
        other.goto(base + "history/", timeout=10_000)
        expect(other.locator(".preview-problems")).to_contain_text("data/events.yml:")
        other.close()
        # Fixed: the page goes back to the real site on its own.
        events.write_text(original, encoding="utf-8")
        expect(page.locator(".preview-problems")).to_have_count(0, timeout=_BUILD_TIMEOUT_S * 1000)
        expect(page.locator("h1").first).to_have_text(good_title)
    finally:
        context.close()
