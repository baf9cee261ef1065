"""When each page last changed: from git history where there is one, else from its records."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from macros.engine.factbase import FactBase
from macros.engine.markup import esc
from macros.engine.pages import MacroCall
from macros.engine.schema import Event, FuzzyDate
from macros.engine.timeline import select


def git_dates(root: Path, folder: str) -> dict[str, FuzzyDate]:
    """Map each file under folder (repo-relative) to the day of its last commit; {} without git."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            ["git", "log", "--format=%x00%cs", "--name-only", "--", folder],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    dates: dict[str, FuzzyDate] = {}
    for chunk in done.stdout.split("\0")[1:]:
        day, *names = chunk.strip().splitlines()
        for name in names:
            if name.strip():
                dates.setdefault(name.strip(), FuzzyDate.parse(day))
    return dates


# Calls that show events chosen by a filter rather than named by id.
_FILTER_KEYS = ("category", "tag", "actor", "start", "end")


def _shown_events(fb: FactBase, call: MacroCall) -> list[Event]:
    """Return the events a call puts on its page: those it names and those its filter picks."""
    shown = [
        fb.events_by_id[value]
        for value in [*call.args, *(v for _, v in call.kwargs)]
        if isinstance(value, str) and value in fb.events_by_id
    ]
    if call.literal and call.name in ("timeline", "latest_event"):
        filters = {k: v for k, v in call.kwargs if k in _FILTER_KEYS}
        try:
            picked = select(fb, **filters)
        except (TypeError, ValueError, LookupError):
            # The check reports a bad filter with its file and line; no date comes of it.
            picked = []
        shown.extend(picked[-1:] if call.name == "latest_event" else picked)
    return shown


def record_dates(fb: FactBase, calls: Iterable[MacroCall]) -> dict[str, FuzzyDate]:
    """Map each page to the newest `updated` date of the events it shows.

    A page shows the events its calls name (event(), cite-free links) and those its
    timeline(...) and latest_event(...) filters pick, so a correction to any of them, or a
    new event added to a list the page shows, moves the page's 'Last updated' date.
    """
    newest: dict[str, FuzzyDate] = {}
    for call in calls:
        for event in _shown_events(fb, call):
            if event.updated is not None:
                current = newest.get(call.path)
                if current is None or event.updated > current:
                    newest[call.path] = event.updated
    return newest


def last_updated(
    path: str, from_git: Mapping[str, FuzzyDate], from_records: Mapping[str, FuzzyDate]
) -> FuzzyDate | None:
    """Return the newer of the page's last commit and its records' `updated` dates."""
    dates = [d for d in (from_git.get(path), from_records.get(path)) if d is not None]
    return max(dates) if dates else None


def updated_line(date: FuzzyDate | None) -> str:
    """Render the 'Last updated' line shown at the foot of a page (empty if unknown)."""
    if date is None:
        return ""
    return (
        f'\n\n<p class="page-updated">Last updated '
        f'<time datetime="{date.iso()}">{esc(date.human())}</time>.</p>\n'
    )
