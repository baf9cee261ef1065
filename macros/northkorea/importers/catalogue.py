"""Missile types, launch facilities and landing-area labels from the nk-missile-tests files."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.northkorea.importers.rows import JSON_DIR

UNKNOWN = "unknown"
# The schema's classes; the dataset's 'HGV' (hypersonic glide vehicle) is the schema's
# 'Hypersonic'.
_CLASSES = {"SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "Cruise", "Hypersonic", "Unknown"}
_CLASS_MAP = {"HGV": "Hypersonic"}
# Spelling slips in facility.en.json, corrected where the intended word is certain.
_SPELLING = (("Wast ", "West "), ("missle", "missile"))


def norm(text: str) -> str:
    """Normalise a name for matching: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@dataclass
class Catalogue:
    """Missile types and facilities as records, with lookups for the CSV's free-text names."""

    types: dict[str, dict[str, Any]] = field(default_factory=dict)
    facilities: dict[str, dict[str, Any]] = field(default_factory=dict)
    landings: dict[str, str] = field(default_factory=dict)
    type_names: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def type_for_name(self, name: str) -> str | None:
        """Return the type id a CSV missile name stands for ('KN-23' -> 'hwasong-11a')."""
        return self.type_names.get(norm(name))

    def missile_class(self, type_id: str) -> str:
        """Return a type's class (SRBM, ICBM, ...)."""
        return str(self.types.get(type_id, {}).get("class", "Unknown"))

    def name(self, type_id: str) -> str:
        """Return a type's reader-facing name."""
        return str(self.types.get(type_id, {}).get("name", type_id))

    def facility_for(self, name: str, lat: float | None, lon: float | None) -> str | None:
        """Return the facility id a CSV facility name and coordinates stand for."""
        wanted = norm(name)
        if not wanted or wanted == UNKNOWN:
            return None
        for facility_id, record in self.facilities.items():
            if norm(str(record["name"])) == wanted or norm(facility_id) == wanted:
                return facility_id
        if lat is None or lon is None:
            return None
        for facility_id, record in self.facilities.items():
            if facility_id == UNKNOWN or record.get("lat") is None:
                continue
            if abs(record["lat"] - lat) < 1e-5 and abs(record["lon"] - lon) < 1e-5:
                return facility_id
        return None


def _load(path: Path) -> Any:
    """Read one JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def _type_record(type_id: str, raw: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    """Build a missile-type record from missile.en.json's entry."""
    name = str(raw.get("name") or type_id).strip()
    raw_class = str(raw.get("type") or "Unknown").strip()
    missile_class = _CLASS_MAP.get(raw_class, raw_class)
    if missile_class not in _CLASSES:
        notes.append(f"missile type {type_id}: class {raw_class!r} unknown, recorded as Unknown")
        missile_class = "Unknown"
    elif missile_class != raw_class:
        notes.append(f"missile type {type_id}: class {raw_class} recorded as {missile_class}")
    if type_id == UNKNOWN:
        name = "Unidentified"
    record: dict[str, Any] = {"id": type_id, "name": name, "class": missile_class}
    aliases = re.findall(r"\(([^)]+)\)", name)
    if aliases:
        record["aliases"] = [alias.strip() for alias in aliases]
    maneuver = raw.get("maneuver")
    if maneuver in ("pullup", "glide"):
        record["maneuver"] = maneuver
    return record


def _facility_record(facility_id: str, raw: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    """Build a facility record from facility.en.json's entry (fixing sure spelling slips)."""
    name = str(raw.get("name") or facility_id).strip()
    for wrong, right in _SPELLING:
        if wrong in name:
            fixed = name.replace(wrong, right)
            notes.append(f"facility {facility_id}: name {name!r} spelled {fixed!r}")
            name = fixed
    record: dict[str, Any] = {"id": facility_id, "name": name}
    lat, lon = raw.get("lat"), raw.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        record["lat"] = float(lat)
        record["lon"] = float(lon)
    else:
        notes.append(f"facility {facility_id}: no usable coordinates ({lat!r}, {lon!r})")
    return record


def read_catalogue(source_dir: Path) -> Catalogue:
    """Read missile.en.json, facility.en.json and dict.en.json (landing labels)."""
    base = source_dir / JSON_DIR
    catalogue = Catalogue()
    for type_id, raw in sorted(_load(base / "missile.en.json").items()):
        record = _type_record(type_id, raw, catalogue.notes)
        catalogue.types[type_id] = record
        for key in (type_id, record["name"], *record.get("aliases", [])):
            catalogue.type_names.setdefault(norm(key), type_id)
        bare = re.sub(r"\s*\([^)]*\)", "", str(raw.get("name") or ""))
        catalogue.type_names.setdefault(norm(bare), type_id)
    facilities = _load(base / "facility.en.json").get("facilities", {})
    for facility_id, raw in sorted(facilities.items()):
        if facility_id == UNKNOWN:
            # Its coordinates are Pyongyang airport's: a placeholder, not a place.
            catalogue.notes.append(
                "facility 'unknown' (a placeholder with Pyongyang airport's coordinates) not "
                "imported: its missiles have no facility"
            )
            continue
        catalogue.facilities[facility_id] = _facility_record(facility_id, raw, catalogue.notes)
    labels = _load(base / "dict.en.json")
    for key in ("pacific-ocean", "sea-of-japan", "yellow-sea", "north-korea"):
        if isinstance(labels.get(key), str):
            catalogue.landings[key] = labels[key]
    return catalogue
