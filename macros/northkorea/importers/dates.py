"""Settle the Korea-time day of a launch from a dataset day, a UTC time and the evidence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from macros.engine.schema import MONTH_NAMES
from macros.northkorea.importers import weblinks
from macros.northkorea.importers.rows import DayOrMonth

KST = dt.timedelta(hours=9)
_DOSSIER_LINE = re.compile(
    r"^- (\d{4}-\d{2}-\d{2})(?:\s*&\s*(\d{4}-\d{2}-\d{2}))?\s*\|\s*(.+?)\s*\|.*\|\s*(\S+)\s*$"
)
_LAUNCH_SECTION = re.compile(r"## \d+\. Missile launches", re.I)
_NOT_A_LAUNCH = re.compile(r"no missile launch|parade", re.I)

Status = Literal[
    "month",
    "no-time",
    "salvo",
    "same-day",
    "shifted",
    "kept",
    "by-convention",
    "conflict",
    "corrected",
]


@dataclass(frozen=True)
class DossierFact:
    """A dated launch fact of the research dossier (paraphrased there, only matched here)."""

    date: dt.date
    text: str
    url: str


@dataclass(frozen=True)
class Settled:
    """The Korea-time day of one missile and how it was settled."""

    date: DayOrMonth
    time_kst: str | None
    basis: str
    status: Status
    recorded: str


def read_dossier(path: Path | None) -> list[DossierFact]:
    """Read the dated lines of the dossier's launch section, year by year subsections only."""
    if path is None or not path.is_file():
        return []
    facts: list[DossierFact] = []
    section = subsection = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = subsection = bool(_LAUNCH_SECTION.match(line))
            continue
        if line.startswith("### "):
            # Year subsections ('### 2017', '### 2018–2019') hold launches; others, checks.
            subsection = bool(re.match(r"### \d{4}", line))
            continue
        match = _DOSSIER_LINE.match(line.strip())
        if not (section and subsection and match):
            continue
        text = match.group(3)
        if _NOT_A_LAUNCH.search(text):
            continue
        for group in (1, 2):
            if match.group(group):
                day = dt.date.fromisoformat(match.group(group))
                facts.append(DossierFact(day, text, match.group(4)))
    return facts


def _short(day: dt.date) -> str:
    """Return '29 November' (the year is clear from the context)."""
    return f"{day.day} {MONTH_NAMES[day.month]}"


def _url_rejects(urls: Iterable[str], day: dt.date) -> list[tuple[str, dt.date]]:
    """Return the dated URLs that could not have reported a launch on this Korean day."""
    rejected = []
    for url in urls:
        published = weblinks.date_in_url(url)
        if published is None:
            continue
        # Korean and Japanese outlets date by Korea/Japan time; elsewhere the day can be
        # one earlier (US time), never more.
        earliest = day if weblinks.is_asian(url) else day - dt.timedelta(days=1)
        if published < earliest:
            rejected.append((url, published))
    return rejected


def _launch_instant(korean_day: dt.date, time_utc: str) -> dt.datetime:
    """Return the UTC instant of a launch at time_utc that falls on a given Korean day."""
    hours, minutes = (int(part) for part in time_utc.split(":"))
    instant = dt.datetime.combine(korean_day, dt.time(hours, minutes))
    return instant if (instant + KST).date() == korean_day else instant - dt.timedelta(days=1)


def _earliest_report_votes(
    urls: Sequence[str], options: Sequence[dt.date], time_utc: str
) -> list[tuple[dt.date, str]]:
    """Vote for the Korean day on which the earliest dated reports fit the launch time."""
    instants = {option: _launch_instant(option, time_utc) for option in options}
    earliest_option = min(options) - dt.timedelta(days=1)
    dated = [
        (url, day)
        for url in urls
        if (day := weblinks.date_in_url(url)) is not None and day >= earliest_option
    ]
    votes: list[tuple[dt.date, str]] = []
    groups = (
        ("the earliest Korean or Japanese report is dated", True, dt.timedelta(hours=9)),
        ("the earliest report from outside Asia is dated", False, dt.timedelta(hours=-5)),
    )
    for label, asian, offset in groups:
        days = [day for url, day in dated if weblinks.is_asian(url) == asian]
        if not days:
            continue
        first = min(days)
        hits = [option for option in options if (instants[option] + offset).date() == first]
        if len(hits) == 1:
            votes.append((hits[0], f"{label} {_short(first)}"))
    return votes


def predating_urls(urls: Iterable[str], day: dt.date) -> list[str]:
    """Return URLs dated before a launch day: they report something earlier."""
    return [url for url, _ in _url_rejects(urls, day)]


def _times_in(text: str) -> list[int]:
    """Return the clock times a dossier fact mentions ('7:40 a.m.'), in minutes after midnight."""
    found = []
    for match in re.finditer(r"\b(\d{1,2}):(\d{2})\s*([ap])\.?m\b", text, flags=re.I):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        found.append(hour * 60 + int(match.group(2)))
    return found


def _dossier_pick(
    facts: Sequence[DossierFact],
    options: Sequence[dt.date],
    names: Sequence[str],
    kst_minutes: int | None = None,
) -> dt.date | None:
    """Return the one candidate day the dossier has a launch on (by time or name if both are)."""
    hits = [day for day in options if any(f.date == day for f in facts)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1 and kst_minutes is not None:
        timed = [
            day
            for day in hits
            if any(
                f.date == day and any(abs(t - kst_minutes) <= 15 for t in _times_in(f.text))
                for f in facts
            )
        ]
        if len(timed) == 1:
            return timed[0]
    if len(hits) > 1 and names:
        named = [
            day
            for day in hits
            if any(f.date == day and any(n.lower() in f.text.lower() for n in names) for f in facts)
        ]
        if len(named) == 1:
            return named[0]
    return None


def settle(
    date: DayOrMonth,
    time_utc: str | None,
    *,
    local_dates: Sequence[dt.date] = (),
    cns_date: DayOrMonth | None = None,
    urls: Sequence[str] = (),
    dossier: Sequence[DossierFact] = (),
    names: Sequence[str] = (),
) -> Settled:
    """Settle the Korea-time day of a row recorded on `date` with a launch time in UTC."""
    recorded = date.iso() + (f" {time_utc} UTC" if time_utc else "")
    day = date.as_date()
    if day is None:
        return Settled(date, None, "Only the month is recorded in the datasets.", "month", recorded)
    if time_utc is None:
        return Settled(
            date,
            None,
            "Day as recorded in the CNS-derived datasets; they give no launch time.",
            "no-time",
            recorded,
        )
    hours, minutes = (int(part) for part in time_utc.split(":"))
    as_utc = dt.datetime.combine(day, dt.time(hours, minutes)) + KST
    kst_time = as_utc.strftime("%H:%M")
    shifted = as_utc.date()
    if shifted == day:
        basis = f"{time_utc} UTC is {kst_time} Korea time (UTC+9), the same day."
        return Settled(date, kst_time, basis, "same-day", recorded)
    # The recorded day is either the UTC day (Korea is then a day later) or already the
    # Korean day with a UTC time from the evening before. Weigh the evidence.
    options = (shifted, day)
    votes: list[tuple[dt.date, str]] = []
    for local in local_dates:
        if local in options:
            votes.append((local, f"the dataset's note gives {_short(local)} local time"))
    picked = _dossier_pick(dossier, options, names, int(kst_time[:2]) * 60 + int(kst_time[3:]))
    if picked is not None:
        votes.append((picked, f"the research dossier dates it {_short(picked)}"))
    cns_day = cns_date.as_date() if cns_date is not None else None
    if cns_day is not None and cns_day != day and cns_day in options:
        votes.append((cns_day, f"the CNS 2019 export dates it {_short(cns_day)}"))
    rejected = {option: _url_rejects(urls, option) for option in options}
    open_options = [option for option in options if not rejected[option]]
    if len(open_options) == 1:
        other = options[1] if open_options[0] == options[0] else options[0]
        first = min(d for _, d in rejected[other])
        votes.append((open_options[0], f"a source dated {_short(first)} rules out {_short(other)}"))
    votes.extend(_earliest_report_votes(urls, options, time_utc))
    if votes:
        chosen, reason = votes[0]
        against = [r for d, r in votes if d != chosen]
        status: Status = "conflict" if against else ("shifted" if chosen == shifted else "kept")
        if against:
            reason += f" (but {against[0]})"
    else:
        chosen, status = shifted, "by-convention"
        reason = "not checked independently: assumed, as for most rows, that the day is the UTC day"
    if chosen == shifted:
        basis = (
            f"Recorded as {_short(day)} at {time_utc} UTC, which is {kst_time} on "
            f"{_short(shifted)} in Korea (UTC+9); {reason}."
        )
    else:
        basis = (
            f"Recorded as {_short(day)} with {time_utc} UTC from the evening before: "
            f"{kst_time} on {_short(day)} Korea time; {reason}."
        )
    return Settled(
        DayOrMonth(chosen.year, chosen.month, chosen.day),
        kst_time,
        basis,
        status,
        recorded,
    )


def dossier_days(facts: Iterable[DossierFact]) -> Mapping[dt.date, list[DossierFact]]:
    """Group dossier facts by day."""
    by_day: dict[dt.date, list[DossierFact]] = {}
    for fact in facts:
        by_day.setdefault(fact.date, []).append(fact)
    return dict(sorted(by_day.items()))
