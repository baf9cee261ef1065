"""Key facts pinned against the rendered site: load tests/facts/*.yml and check each row.

The format is documented at the top of tests/facts/core.yml. A row names a page (or an
event, whose timeline entry is the page), the exact words the page must show, optionally
words that must stand in the same block, and the URL of the source behind the fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Tag

from macros.engine import urls
from macros.engine.factbase import FactBase

FACTS_DIR = Path(__file__).resolve().parent / "facts"
KEYS = {"id", "fact", "page", "event", "text", "near", "source"}
# Elements that count as one block of reader text.
BLOCKS = "p, li, tr, td, th, dd, dt, h1, h2, h3, h4, h5, h6, figcaption, caption, blockquote"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class KeyFact:
    """One row of a key-facts table."""

    id: str
    fact: str
    text: str
    source: str
    file: str
    pages: tuple[str, ...] = ()
    event: str | None = None
    near: str | None = None

    def label(self) -> str:
        """Return how a failure names the fact."""
        return f"{self.file}: {self.id} ({self.fact})"


def normalise(text: str) -> str:
    """Collapse every kind of space (no-break, thin, newline) into one plain space."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def load_table(path: Path) -> list[KeyFact]:
    """Read one key-facts file, refusing unknown keys and rows without what they need."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = raw.get("facts") if isinstance(raw, dict) else None
    if not isinstance(rows, list):
        raise ValueError(f"{path.name}: needs a top-level 'facts:' list")
    out = []
    for number, row in enumerate(rows, 1):
        where = f"{path.name}, row {number}"
        if not isinstance(row, dict):
            raise ValueError(f"{where}: each row is a mapping of keys")
        unknown = set(row) - KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(KEYS)})")
        for key in ("id", "fact", "text", "source"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise ValueError(f"{where}: '{key}' must be a non-empty string")
        page = row.get("page")
        pages = (page,) if isinstance(page, str) else tuple(page or ())
        if bool(pages) == bool(row.get("event")):
            raise ValueError(f"{where} ({row['id']}): give either 'page' or 'event', not both")
        out.append(
            KeyFact(
                id=row["id"],
                fact=row["fact"],
                text=normalise(row["text"]),
                source=row["source"],
                file=path.name,
                pages=pages,
                event=row.get("event"),
                near=normalise(row["near"]) if row.get("near") else None,
            )
        )
    return out


def load_all(folder: Path = FACTS_DIR) -> list[KeyFact]:
    """Read every key-facts file, oldest owner first by name."""
    facts: list[KeyFact] = []
    for path in sorted(folder.glob("*.yml")):
        facts.extend(load_table(path))
    return facts


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _page_file(site: Path, page: str) -> Path:
    page = page.strip("/")
    return site / page / "index.html" if page else site / "index.html"


def _blocks(root: Tag) -> list[str]:
    found = [normalise(el.get_text("")) for el in root.select(BLOCKS)]
    if root.name in {"li", "tr", "p", "td"}:
        found.append(normalise(root.get_text("")))
    return found


def problems(fact: KeyFact, site: Path, fb: FactBase) -> list[str]:
    """Return what is wrong with one key fact on the built site (empty when it holds)."""
    out = []
    targets: list[tuple[str, str | None]] = []
    if fact.event is not None:
        if fact.event not in fb.events_by_id:
            return [f"{fact.label()}: no event {fact.event!r} in data/"]
        timeline_page, _, event_anchor = urls.timeline_path(fb, fact.event).partition("#")
        targets.append((timeline_page, event_anchor))
    else:
        targets.extend((page, None) for page in fact.pages)
    for page, anchor in targets:
        path = _page_file(site, page)
        if not path.is_file():
            out.append(f"{fact.label()}: page {page!r} was not built")
            continue
        root: Tag | None = _soup(path)
        if anchor is not None:
            root = _soup(path).find(id=anchor)
            if root is None:
                out.append(f"{fact.label()}: no element #{anchor} on {page!r}")
                continue
        assert root is not None
        blocks = [b for b in _blocks(root) if fact.text in b]
        if fact.near is not None:
            blocks = [b for b in blocks if fact.near in b]
        if not blocks:
            near = f" near {fact.near!r}" if fact.near else ""
            where = f"#{anchor} on {page!r}" if anchor else repr(page)
            out.append(
                f"{fact.label()}: {where} no longer says {fact.text!r}{near} "
                f"(source: {fact.source})"
            )
    return out
