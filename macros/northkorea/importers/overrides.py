"""Hand corrections of imported launch events, kept in a file the importer applies every run.

Each entry names one dataset row of an event (`row`, a stable key such as
`nkmt:2009-07-05:1`) and the id the event ends up with (`event`, checked, so a change in the
datasets cannot move a correction silently to another launch). It may correct the Korea-time
day or the UTC time of the launch, say how the day was settled, add or drop sources, set the
hand-written fields and add fields to single missiles. A second list, `missile_types`,
corrects the class of a missile type, with the sources that give it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from macros.engine import yamlload
from macros.northkorea import records as schema

OVERRIDES_FILE = "launch-overrides.yml"

# Event fields an override sets as written (a null value removes the field).
HAND_FIELDS = ("title", "summary", "tags", "actors", "status", "updated", "end_date")


class MissileFields(BaseModel):
    """Extra or corrected fields for the missile at `index` (0-based); a null removes one."""

    model_config = ConfigDict(extra="allow", frozen=True)

    index: int = Field(ge=0)


class Override(BaseModel):
    """The hand corrections of one imported launch event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: str = Field(min_length=1, description="The id the corrected event gets.")
    row: str = Field(pattern=r"^(nkmt:\d{4}-\d{2}(-\d{2})?:\d+|cns2019:\d+)$")
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    time_utc: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    date_basis: str | None = Field(None, min_length=1, max_length=300)
    add_sources: tuple[str, ...] = ()
    drop_sources: tuple[str, ...] = ()
    missiles: tuple[MissileFields, ...] = ()
    fields: Mapping[str, Any] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _hand_fields_only(cls, value: Mapping[str, Any]) -> Mapping[str, Any]:
        unknown = sorted(set(value) - set(HAND_FIELDS))
        if unknown:
            raise ValueError(f"only {', '.join(HAND_FIELDS)} can be set, not {unknown}")
        return value

    def day(self) -> dt.date | None:
        """Return the corrected Korea-time day, if the override corrects it."""
        return dt.date.fromisoformat(self.date) if self.date else None


class TypeOverride(BaseModel):
    """A hand correction of a missile type's class, with the sources that give it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: str = Field(min_length=1, description="The missile type's id.")
    missile_class: Literal[
        "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "Cruise", "Hypersonic", "Unknown"
    ] = Field(alias="class")
    class_note: str = Field("", max_length=500)
    class_sources: tuple[str, ...] = Field(min_length=1)


def _load(path: Path) -> Any:
    """Read the overrides file as plain data; raise ValueError on a YAML problem."""
    if not path.is_file():
        raise ValueError(f"{path}: the launch overrides file does not exist")
    try:
        data, problems = yamlload.load_file(path)
    except yamlload.YamlError as err:
        raise ValueError(f"{path}: {err.line}: {err.message}") from None
    if problems:
        raise ValueError(f"{path}: {problems[0].line}: {problems[0].message}")
    return data


def read_type_overrides(path: Path | None) -> list[TypeOverride]:
    """Read the file's `missile_types` list (class corrections); raise ValueError on a bad one."""
    if path is None:
        return []
    data = _load(path)
    entries = data.get("missile_types", []) if isinstance(data, Mapping) else []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: 'missile_types' must be a list")
    out: list[TypeOverride] = []
    errors: list[str] = []
    for number, entry in enumerate(entries, 1):
        raw = _plain(entry)
        try:
            out.append(TypeOverride.model_validate(raw))
        except ValidationError as err:
            for error in err.errors():
                where = ".".join(str(p) for p in error["loc"])
                errors.append(f"missile type {number} ({_name(raw)}): {where}: {error['msg']}")
    types = [o.type for o in out]
    twice = sorted({t for t in types if types.count(t) > 1})
    if twice:
        errors.append("missile types named twice: " + ", ".join(twice))
    if errors:
        raise ValueError(f"{path}: " + "; ".join(errors))
    return out


def apply_to_types(
    types: dict[str, dict[str, Any]], fixes: Sequence[TypeOverride], notes: list[str]
) -> None:
    """Set the class of each named type, with its sources (refusing an unknown type).

    An entry may also keep the datasets' class: it then adds the sources that confirm it and
    a note where sources disagree.
    """
    for fix in fixes:
        record = types.get(fix.type)
        if record is None:
            raise ValueError(f"missile type override: no type {fix.type!r} in the datasets")
        if record["class"] == fix.missile_class:
            notes.append(f"missile type {fix.type}: class {fix.missile_class} kept, with sources")
        elif not fix.class_note:
            raise ValueError(
                f"missile type override for {fix.type}: a corrected class needs a class_note "
                "saying why the datasets' class is wrong"
            )
        else:
            notes.append(
                f"missile type {fix.type}: class {record['class']} corrected to "
                f"{fix.missile_class} by hand"
            )
        record["class"] = fix.missile_class
        record["class_sources"] = list(fix.class_sources)
        if fix.class_note:
            record["class_note"] = fix.class_note


def read_overrides(path: Path | None) -> list[Override]:
    """Read the overrides file (none when there is no path); raise ValueError on a bad entry."""
    if path is None:
        return []
    data = _load(path)
    entries = data.get("launches") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a 'launches' list")
    out: list[Override] = []
    errors: list[str] = []
    for number, entry in enumerate(entries, 1):
        raw = _plain(entry)
        if isinstance(raw, Mapping):
            raw = {
                "fields": {k: raw[k] for k in HAND_FIELDS if k in raw},
                **{k: v for k, v in raw.items() if k not in HAND_FIELDS},
            }
        try:
            out.append(Override.model_validate(raw))
        except ValidationError as err:
            for error in err.errors():
                where = ".".join(str(p) for p in error["loc"])
                errors.append(f"entry {number} ({_name(raw)}): {where}: {error['msg']}")
    rows = [o.row for o in out]
    twice = sorted({r for r in rows if rows.count(r) > 1})
    if twice:
        errors.append("rows named by two entries: " + ", ".join(twice))
    if errors:
        raise ValueError(f"{path}: " + "; ".join(errors))
    return out


def _name(raw: Any) -> str:
    """Return how an entry is named in an error message."""
    if isinstance(raw, Mapping):
        return str(raw.get("event") or raw.get("row") or raw.get("type") or "?")
    return "?"


def _plain(value: Any) -> Any:
    """Turn loaded YAML into plain dicts, lists and strings (dates as ISO text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def by_row(overrides: Sequence[Override]) -> dict[str, Override]:
    """Index overrides by the dataset row they name."""
    return {o.row: o for o in overrides}


def apply_to_event(event: dict[str, Any], override: Override) -> None:
    """Apply an override's basis, sources, hand fields and missile fields to a built event."""
    if event["id"] != override.event:
        raise ValueError(
            f"launch override for {override.row} expects the event {override.event}, "
            f"but the import made {event['id']}: update the overrides file"
        )
    launch = event["launch"]
    if override.date_basis is not None:
        launch["date_basis"] = override.date_basis
    sources = list(event.get("sources") or [])
    missing = [s for s in override.drop_sources if s not in sources]
    if missing:
        raise ValueError(
            f"launch override for {override.event} drops sources it does not cite: "
            + ", ".join(missing)
        )
    event["sources"] = list(override.add_sources) + [
        s for s in sources if s not in override.add_sources and s not in override.drop_sources
    ]
    for name, value in override.fields.items():
        if value is None or value == []:
            event.pop(name, None)
        else:
            event[name] = value.isoformat() if isinstance(value, dt.date) else value
    missiles = launch["missiles"]
    order = list(schema.Missile.model_fields)
    for extra in override.missiles:
        if extra.index >= len(missiles):
            raise ValueError(
                f"launch override for {override.event}: no missile {extra.index} "
                f"(the event has {len(missiles)})"
            )
        missile = missiles[extra.index]
        for name, value in (extra.model_extra or {}).items():
            if value is None:
                missile.pop(name, None)  # null removes a dataset value shown to be wrong
            else:
                missile[name] = value
        ordered = {k: missile[k] for k in order if k in missile}
        ordered.update({k: v for k, v in missile.items() if k not in ordered})
        missile.clear()
        missile.update(ordered)
