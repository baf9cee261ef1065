"""The site's settings: one typed object read from mkdocs.yml (`extra: explainer:`)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


class TimeZone(BaseModel):
    """The one time zone the site's dates and times are given in (a fixed offset from UTC)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field("UTC", min_length=1, description="How readers are told, e.g. 'UTC'.")
    utc_offset: str = Field("+00:00", description="Offset from UTC as +HH:MM or -HH:MM.")

    @field_validator("utc_offset")
    @classmethod
    def _offset(cls, value: str) -> str:
        match = _OFFSET.match(value)
        if match is None or int(match.group(2)) > 14 or int(match.group(3)) >= 60:
            raise ValueError(f"not a UTC offset: {value!r} (use +HH:MM or -HH:MM, e.g. +09:00)")
        return value

    @property
    def offset(self) -> dt.timedelta:
        """Return the offset as a timedelta."""
        match = _OFFSET.match(self.utc_offset)
        assert match is not None  # noqa: S101 - checked by the validator
        sign = -1 if match.group(1) == "-" else 1
        return sign * dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))

    def from_utc(self, time_utc: str) -> str:
        """Convert an HH:MM UTC time of day to this time zone's HH:MM."""
        hours, minutes = (int(part) for part in time_utc.split(":"))
        total = (hours * 60 + minutes + int(self.offset.total_seconds()) // 60) % (24 * 60)
        return f"{total // 60:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class Site:
    """Where the site is published and what it is called (site_url, site_name)."""

    url: str = "/"
    name: str = "this site"

    def absolute(self, path: str) -> str:
        """Return a site-root-relative path as an absolute URL."""
        return self.url.rstrip("/") + "/" + path.lstrip("/")


class Settings(BaseModel):
    """Everything a site may tune: time zone, page-split thresholds, embed limits, identity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: Site = Site()
    time_zone: TimeZone | None = Field(
        None, description="Dates and times of events; None: the topic's own time zone."
    )
    # 60 full entries (about 13 elements each) with the page around them stay under the
    # 2,000 elements a page may have.
    timeline_split_at: int = Field(
        60,
        ge=1,
        description="Above this many events /timeline/ becomes its newest entries, "
        "filters and one page per year; longer lists show one line per event.",
    )
    # 120 sources with their "cited by" lists keep a page of the list under 2,000 elements.
    sources_split_at: int = Field(
        120, ge=1, description="Above this many sources /sources/ becomes pages by kind."
    )
    # 60 a page, not 120: Lighthouse's phone profile scored a part of 120 at 92 (its styles
    # and layout are redone several times while Material's script starts); 60 keep it over 95.
    sources_per_page: int = Field(60, ge=1, description="At most this many sources a page.")
    embed_limit: int = Field(400, ge=1, description="At most this many entries in one embed frame.")
    max_backlinks: int = Field(12, ge=1, description="Pages and events listed per source.")
    split_backlinks: int = Field(
        2, ge=1, description="Events listed per source once the timeline is split."
    )
    shown_sources: int = Field(3, ge=1, description="Sources shown inline on an entry.")
    search_short_entries_above: int = Field(
        3000,
        ge=1,
        description="Above this many search entries each entry's teaser is its first line only.",
    )
    max_figure_age_years: int = Field(
        4, ge=1, description="`make check` warns about figures older than this."
    )
    topic: str | None = Field(
        None, description="The module that holds the site's TOPIC (read by the glue)."
    )
    profile: str | None = Field(
        None, description="Write where the build spent its time to this JSON file (bench)."
    )


class SettingsError(ValueError):
    """mkdocs.yml's `extra: explainer:` block is not valid."""


def from_config(config: Mapping[str, Any]) -> Settings:
    """Build the settings from a loaded mkdocs.yml: `extra: explainer:`, site_name, site_url."""
    extra = config.get("extra") or {}
    block = dict(extra.get("explainer") or {}) if isinstance(extra, Mapping) else {}
    site = {"url": config.get("site_url") or "/", "name": config.get("site_name") or "this site"}
    try:
        return Settings.model_validate({**block, "site": site})
    except ValidationError as err:
        problems = "; ".join(
            f"extra.explainer.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in err.errors()
        )
        raise SettingsError(f"mkdocs.yml: {problems}") from None


class _ConfigLoader(yaml.SafeLoader):
    """YAML loader for mkdocs.yml: knows MkDocs' !ENV tag, ignores the others."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    values = (
        loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else [loader.construct_scalar(node)]  # type: ignore[arg-type]
    )
    for name in values[:-1] if len(values) > 1 else values:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return values[-1] if len(values) > 1 else None


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    del loader, suffix, node


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _ignore)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def read_config(path: Path) -> dict[str, Any]:
    """Read mkdocs.yml without MkDocs (for `python -m macros check` and the tests)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    return data if isinstance(data, dict) else {}


def from_file(path: Path) -> Settings:
    """Read the settings of the site whose mkdocs.yml is at path."""
    return from_config(read_config(path))
