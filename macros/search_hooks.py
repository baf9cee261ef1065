"""MkDocs hook (glue): search results for a timeline entry link to the entry's own anchor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"


def retarget(index: dict[str, Any], suffix: str) -> int:
    """Point every entry heading's section at its <li id=event-id>; return how many moved."""
    moved = 0
    for doc in index["docs"]:
        location = str(doc["location"])
        if location.endswith(suffix) and "#" in location:
            doc["location"] = location.removesuffix(suffix)
            moved += 1
    return moved


def on_post_build(config: Any) -> None:
    """Rewrite the search index that Material's search plugin has just written."""
    # Imported here: MkDocs loads hooks before mkdocs-macros puts the project on sys.path.
    from macros.engine.timeline import SEARCH_ANCHOR_SUFFIX  # noqa: PLC0415

    path = Path(config["site_dir"]) / INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if retarget(index, SEARCH_ANCHOR_SUFFIX):
        # Written as Material writes it, so that builds stay byte-identical.
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
