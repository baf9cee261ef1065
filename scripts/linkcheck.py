"""Check the external URLs in data/ and seeds/ against the live web (`make linkcheck`).

Optional and slow: it needs the network, so it is never part of `make test`. The tests
only check that every URL is well-formed (macros/engine/schema.py refuses the rest).
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import site  # noqa: E402
from macros.engine.factbase import FactBase, FactBaseError  # noqa: E402

USER_AGENT = "nk-explainer-linkcheck/1 (+https://github.com/OWNER/nk-explainer)"
# Servers that refuse HEAD say so with one of these: ask again with GET.
_RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True)
class Link:
    """One external URL and the record (file, line, id) that holds it."""

    url: str
    path: str
    line: int
    record_id: str


def collect(fb: FactBase) -> list[Link]:
    """Return every source and seed URL once, with where it is written, in file order."""
    found: dict[str, Link] = {}
    holders = [(s.id, s.url) for s in fb.sources.values()]
    holders += [(seed.document.id, seed.document.url) for seed in fb.seeds]
    for record_id, url in holders:
        if url and url not in found:
            path, line = fb.origins.get(record_id, ("data", 0))
            found[url] = Link(url, path, line, record_id)
    return sorted(found.values(), key=lambda link: (link.path, link.line, link.url))


def _status(url: str, method: str, timeout: float) -> int:
    """Return the HTTP status of one request (redirects followed)."""
    request = urllib.request.Request(  # noqa: S310 - the schema admits only http(s) URLs
        url, method=method, headers={"User-Agent": USER_AGENT, "Range": "bytes=0-0"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def check(url: str, timeout: float) -> str | None:
    """Return what is wrong with a URL on the live web, or None if it answers."""
    try:
        status = _status(url, "HEAD", timeout)
        if status in _RETRY_WITH_GET:
            status = _status(url, "GET", timeout)
    except TimeoutError:
        return f"no answer within {timeout:g}s"
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return f"cannot be reached: {reason}"
    return f"HTTP {status}" if status >= 400 else None


def main(argv: list[str] | None = None) -> int:
    """Check every URL; print `file:line: ...` for each that fails; exit 1 if any does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="requests at once")
    parser.add_argument("--limit", type=int, default=0, help="check only the first N URLs")
    args = parser.parse_args(argv)
    try:
        fb = site.load()
    except FactBaseError as err:
        print(err, file=sys.stderr)
        return 1
    links = collect(fb)
    if args.limit:
        links = links[: args.limit]
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        results = list(pool.map(lambda link: check(link.url, args.timeout), links))
    broken = 0
    for link, problem in zip(links, results, strict=True):
        if problem is not None:
            broken += 1
            print(
                f"{link.path}:{link.line}: {link.record_id}: {link.url}: {problem} "
                "(fix the address, point it at an archived copy, or remove url)"
            )
    print(f"{len(links)} URL(s) checked, {broken} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
