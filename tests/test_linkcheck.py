"""scripts/linkcheck.py (`make linkcheck`): which URLs it checks and how it judges answers.

The live web is never contacted here: answers come from a server on 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from macros.engine.factbase import FactBase
from scripts import linkcheck


class _Handler(BaseHTTPRequestHandler):
    """/ok answers, /missing is 404, /no-head refuses HEAD but answers GET."""

    def do_HEAD(self) -> None:
        """Answer HEAD (refused on /no-head)."""
        self._answer(405 if self.path == "/no-head" else None)

    def do_GET(self) -> None:
        """Answer GET."""
        self._answer(None)

    def _answer(self, forced: int | None) -> None:
        """Send the status for this path, with no body."""
        status = forced or (404 if self.path == "/missing" else 200)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    """Serve _Handler on a free 127.0.0.1 port; yield its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_collects_every_url_once_with_file_and_line(make_fb: Callable[..., FactBase]) -> None:
    fb = make_fb(
        {
            "data/more.yml": """
                sources:
                  - id: src-c
                    publisher: C
                    url: https://example.org/a
                  - id: src-d
                    publisher: D
                    url: https://example.org/d
            """
        }
    )
    links = linkcheck.collect(fb)
    assert [(link.url, link.path, link.line, link.record_id) for link in links] == [
        ("https://example.org/d", "data/more.yml", 5, "src-d"),
        ("https://example.org/a", "data/sources.yml", 2, "src-a"),
    ]


def test_judges_answers(server: str) -> None:
    assert linkcheck.check(f"{server}/ok", 5) is None
    assert linkcheck.check(f"{server}/no-head", 5) is None
    assert linkcheck.check(f"{server}/missing", 5) == "HTTP 404"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    problem = linkcheck.check(f"http://127.0.0.1:{closed}/", 5)
    assert problem is not None
    assert problem.startswith("cannot be reached")
