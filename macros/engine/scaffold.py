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
    """Turn a title into an id fragment, cut at a word: 'Hanoi summit!' -> 'hanoi-summit'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        # End on a whole word: never "...ministers-meet-in-vien".
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-") or "record"


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_id(value: str, taken: set[str], *, date: str | None = None) -> str:
    """Refuse an id that is malformed, taken, or (for an event) not led by its date."""
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"--id {value!r} is not a valid id (use lower-case letters, digits and single "
            "hyphens, e.g. 2019-02-28-hanoi-summit)"
        )
    if date is not None and not value.startswith(f"{date}-"):
        raise ValueError(f"--id {value!r} must start with the event's date: {date}-{value}")
    if value in taken:
        raise ValueError(f"--id {value!r} is taken already (choose another)")
    return value


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
        f"    # Fill in the two lines below: make check refuses them while they are empty.\n"
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


_RECORD = re.compile(r"^(?P<indent> *)- ")
_DATE = re.compile(r"^\s+date:\s*['\"]?(?P<date>[0-9]{4}(?:-[0-9]{2}){0,2})")


def _record_date(lines: list[str]) -> str | None:
    for line in lines:
        match = _DATE.match(line)
        if match:
            return FuzzyDate.parse(match["date"]).first_day().isoformat()
    return None


def insert(path: Path, collection: str, block: str, date: str | None = None) -> None:
    """Add a record to its collection in a data file: in date order when a date is given.

    Records keep the file's layout: the new one goes before the first record of a later
    date (or after the last record of the list), with a blank line between records.
    """
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    lines = text.splitlines()
    header = next((n for n, line in enumerate(lines) if line == f"{collection}:"), None)
    if header is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [f"{collection}:", *block.rstrip("\n").splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    end = next((n for n in range(header + 1, len(lines)) if _TOP_KEY.match(lines[n])), len(lines))
    starts = [n for n in range(header + 1, end) if _RECORD.match(lines[n])]
    at = end
    while at > header + 1 and not lines[at - 1].strip():
        at -= 1  # after the list's last record, before blank lines or the next list
    if date is not None:
        first_day = FuzzyDate.parse(date).first_day().isoformat()
        for index, start in enumerate(starts):
            stop = starts[index + 1] if index + 1 < len(starts) else end
            when = _record_date(lines[start:stop])
            if when is not None and when > first_day:
                at = start
                # Keep a comment that belongs to the record above its line.
                while at > header + 1 and lines[at - 1].lstrip().startswith("#"):
                    at -= 1
                break
    new = block.rstrip("\n").splitlines()
    spaced = any(not lines[n].strip() for n in range(header + 1, end))
    before = [""] if spaced and at > header + 1 and lines[at - 1].strip() else []
    after = [""] if spaced and at < end and lines[at].strip() else []
    lines[at:at] = [*before, *new, *after]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def append(path: Path, collection: str, block: str) -> None:
    """Add a record at the end of its collection (in whatever place the list is)."""
    insert(path, collection, block)


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
