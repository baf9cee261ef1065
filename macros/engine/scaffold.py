"""`python -m macros new event|source`: append a valid stub with a fresh id to a data file."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from macros.engine.schema import FuzzyDate, SourceKind

_ID_LINE = re.compile(r"^\s*-?\s*id:\s*['\"]?([a-z0-9-]+)['\"]?\s*$", re.MULTILINE)
_TOP_KEY = re.compile(r"^([a-z_]+):", re.MULTILINE)


def slugify(text: str, limit: int = 60) -> str:
    """Turn a title into an id fragment: 'Hanoi summit!' -> 'hanoi-summit'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "record"


def taken_ids(files: Iterable[Path]) -> set[str]:
    """Collect every id written in the given YAML files."""
    ids: set[str] = set()
    for path in files:
        ids.update(_ID_LINE.findall(path.read_text(encoding="utf-8-sig")))
    return ids


def fresh_id(base: str, taken: set[str]) -> str:
    """Return base, or base-2, base-3 ... whichever is not taken yet."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _q(value: str) -> str:
    # JSON strings are valid YAML scalars: safe quoting for any text.
    return json.dumps(value, ensure_ascii=False)


def event_stub(record_id: str, title: str, date: str, category: str, source: str) -> str:
    """Return the YAML text of a new event."""
    return (
        f"  - id: {record_id}\n"
        f"    date: {date}\n"
        f"    title: {_q(title)}\n"
        f'    summary: ""\n'
        f"    category: {category}\n"
        f"    actors: []\n"
        f"    sources: [{source}]\n"
        f"    status: reported\n"
    )


def source_stub(
    record_id: str, publisher: str, title: str, *, url: str | None, date: str | None, kind: str
) -> str:
    """Return the YAML text of a new source."""
    lines = [f"  - id: {record_id}", f"    publisher: {_q(publisher)}", f"    title: {_q(title)}"]
    if url:
        lines.append(f"    url: {_q(url)}")
    if date:
        lines.append(f"    date: {date}")
    lines.append(f"    kind: {kind}")
    return "\n".join(lines) + "\n"


def append(path: Path, collection: str, block: str) -> None:
    """Append a record to a data file, under its collection key."""
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    keys = _TOP_KEY.findall(text)
    if collection in keys and keys[-1] != collection:
        raise ValueError(
            f"{path}: '{collection}:' is not the last list in this file; "
            f"add the record by hand or choose another --file"
        )
    if text and not text.endswith("\n"):
        text += "\n"
    if collection not in keys:
        text += f"{'' if not text else chr(10)}{collection}:\n"
    else:
        text += "\n"
    path.write_text(text + block, encoding="utf-8")


def check_choice(value: str, allowed: Iterable[str], what: str) -> str:
    """Refuse a value outside a fixed list, naming the list."""
    options = list(allowed)
    if value not in options:
        raise ValueError(f"unknown {what} {value!r} (use one of: {', '.join(options)})")
    return value


def check_date(value: str) -> str:
    """Refuse a malformed or impossible date."""
    return FuzzyDate.parse(value).iso()


SOURCE_KINDS = [k.value for k in SourceKind]
