"""`python -m macros new-site DIR --title "..."`: scaffold a new explainer on this engine."""

from __future__ import annotations

from pathlib import Path


def scaffold(target: Path, title: str) -> list[Path]:
    """Write a new site into target and return the files written."""
    raise ValueError(f"not written yet: {target} {title}")
