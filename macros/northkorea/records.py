"""This topic's records: categories, launches, missile types, facilities, UN resolutions."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from macros.engine import schema
from macros.engine.factbase import FactBase
from macros.engine.schema import (
    Actor,
    Claim,
    Date,
    DayDate,
    EventRef,
    Figure,
    FuzzyDate,
    LongText,
    Precision,
    Record,
    Ref,
    SeedDocument,
    Slug,
    Source,
    SourceKind,
    SourceRef,
    Status,
    Term,
    Text,
)
from macros.engine.topic import Category as CategoryInfo

# The engine's records, for code that reads every record type from one module.
__all__ = [
    "Actor",
    "Category",
    "Claim",
    "Event",
    "Facility",
    "Figure",
    "FuzzyDate",
    "Launch",
    "Missile",
    "MissileType",
    "Precision",
    "Resolution",
    "SeedDocument",
    "Source",
    "SourceKind",
    "Status",
    "Term",
]

MissileTypeRef = Annotated[Slug, Ref("missile_types")]
FacilityRef = Annotated[Slug, Ref("facilities")]


class Category(StrEnum):
    """What kind of event an entry is: drives filters, colours and embeds."""

    MISSILE_TEST = "missile-test"
    NUCLEAR_TEST = "nuclear-test"
    SATELLITE_LAUNCH = "satellite-launch"
    DIPLOMACY = "diplomacy"
    SANCTIONS = "sanctions"
    MILITARY_DRILL = "military-drill"
    MILITARY = "military"
    POLICY = "policy"
    HUMANITARIAN = "humanitarian"
    HUMAN_RIGHTS = "human-rights"
    STATEMENT = "statement"

    @property
    def label(self) -> str:
        """Return the reader-facing name."""
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.MISSILE_TEST: "Missile test",
    Category.NUCLEAR_TEST: "Nuclear test",
    Category.SATELLITE_LAUNCH: "Satellite launch",
    Category.DIPLOMACY: "Diplomacy",
    Category.SANCTIONS: "Sanctions",
    Category.MILITARY_DRILL: "Military drill",
    Category.MILITARY: "Military",
    Category.POLICY: "Policy",
    Category.HUMANITARIAN: "Humanitarian",
    Category.HUMAN_RIGHTS: "Human rights",
    Category.STATEMENT: "Statement",
}
CATEGORIES = tuple(CategoryInfo(c.value, c.label) for c in Category)


class Missile(Record):
    """One missile of a launch event (the public databases count one row per missile)."""

    type: MissileTypeRef = Field(description="Id of a missile type in data/missile-types.yml.")
    claimed_type: MissileTypeRef | None = Field(
        None, description="The type North Korea announced, where the record names another."
    )
    time_utc: str | None = Field(
        None, pattern=r"^\d{2}:\d{2}$", description="Launch time of this missile, HH:MM UTC."
    )
    facility: FacilityRef | None = Field(None, description="Id of a launch facility.")
    landing: str | None = Field(None, max_length=200, description="Where it came down.")
    bearing_deg: float | None = Field(
        None, ge=0, lt=360, description="Flight direction in degrees from north, as recorded."
    )
    apogee_km: float | None = Field(None, ge=0, description="Highest altitude, km.")
    distance_km: float | None = Field(None, ge=0, description="Distance flown, km.")
    flight_time_min: float | None = Field(None, ge=0, description="Flight time, minutes.")
    outcome: Literal["success", "failure", "unknown"] = "unknown"
    confirmation: Literal["confirmed", "unconfirmed", "unknown"] = "unknown"
    dataset_rows: list[str] = Field(
        default_factory=list,
        description="Row keys of the imported datasets this missile came from.",
    )


class Launch(Record):
    """Detail of a missile-test event: when (UTC) and which missiles."""

    time_utc: str | None = Field(
        None, pattern=r"^\d{2}:\d{2}$", description="Launch time, HH:MM UTC."
    )
    date_basis: str | None = Field(
        None, max_length=300, description="How the Korea-time date was settled."
    )
    missiles: list[Missile] = Field(min_length=1)


class Event(schema.Event):
    """A dated entry of the timeline."""

    date: Date = Field(description="Start date, Korea time.")
    category: Category
    launch: Launch | None = None

    @model_validator(mode="after")
    def _launch_kind(self) -> Event:
        launch_kinds = (Category.MISSILE_TEST, Category.SATELLITE_LAUNCH)
        if self.launch is not None and self.category not in launch_kinds:
            raise ValueError("only missile-test and satellite-launch events can have launch detail")
        return self


class Resolution(Record):
    """A UN Security Council resolution or vetoed draft on North Korea."""

    id: Slug
    number: int | None = Field(None, ge=1, description="Resolution number; none for a draft.")
    symbol: str | None = Field(None, max_length=60, description="e.g. S/RES/2397 (2017).")
    date: DayDate
    outcome: Literal["adopted", "vetoed"]
    vote: str | None = Field(None, max_length=60, description="e.g. '15-0' or '13-2'.")
    measures: list[Annotated[str, Field(min_length=1, max_length=400)]] = Field(
        min_length=1, description="What it added, one item each."
    )
    event: EventRef | None = Field(None, description="The timeline event of its adoption.")
    sources: list[SourceRef] = Field(min_length=1)


class MissileType(Record):
    """A missile or rocket type with its class."""

    id: Slug
    name: Text
    missile_class: Literal[
        "SRBM",
        "MRBM",
        "IRBM",
        "ICBM",
        "SLBM",
        "SLV",
        "Cruise",
        "Hypersonic",
        "Unknown",
    ] = Field(alias="class")
    aliases: list[str] = Field(default_factory=list)
    maneuver: Literal["pullup", "glide"] | None = Field(
        None, description="Manoeuvring re-entry: 'pullup' (terminal pull-up) or 'glide'."
    )
    class_sources: list[SourceRef] = Field(
        default_factory=list,
        description="Sources of a class corrected by hand (the datasets' class has none).",
    )
    class_note: LongText = Field("", description="Why the class differs from the datasets'.")

    model_config = ConfigDict(populate_by_name=True)


class Facility(Record):
    """A launch site, with coordinates where they are known."""

    id: Slug
    name: Text
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class RangeEstimate(Record):
    """One figure for how far a missile type can fly: claimed by North Korea or assessed."""

    basis: Literal["claimed", "assessed"] = Field(
        description="'claimed': North Korea's own figure; 'assessed': a government's or an "
        "analyst's estimate."
    )
    km: float = Field(gt=0, description="The range in km (the lower end of a span).")
    km_max: float | None = Field(None, gt=0, description="Upper end, where a span is given.")
    by: Text = Field(description='Who gives the figure, e.g. "Japan\'s defence ministry".')
    sources: list[SourceRef] = Field(min_length=1)
    note: LongText = ""

    @model_validator(mode="after")
    def _check(self) -> RangeEstimate:
        if self.km_max is not None and self.km_max < self.km:
            raise ValueError(f"km_max {self.km_max:g} is below km {self.km:g} (swap them)")
        return self


class MissileSpec(Record):
    """What a missile type is said to be: its fuel and its ranges, each with sources."""

    id: Slug
    type: MissileTypeRef = Field(description="Id of a missile type in data/missile-types.yml.")
    fuel: Literal["liquid", "solid"] | None = None
    fuel_sources: list[SourceRef] = Field(default_factory=list)
    ranges: list[RangeEstimate] = Field(default_factory=list)
    note: LongText = ""

    @model_validator(mode="after")
    def _check(self) -> MissileSpec:
        if self.fuel is not None and not self.fuel_sources:
            raise ValueError("fuel needs fuel_sources (the sources that say so)")
        if self.fuel is None and self.fuel_sources:
            raise ValueError("fuel_sources without fuel (add fuel: liquid or solid)")
        return self


class Place(Record):
    """A place on the map other than a launch facility: a test site or a city."""

    id: Slug
    name: Text
    kind: Literal["origin", "city", "nuclear-test-site"] = Field(
        description="'origin': where distances are measured from (one place); 'city': a place "
        "the range chart measures; 'nuclear-test-site'."
    )
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    sources: list[SourceRef] = Field(min_length=1)
    note: LongText = ""


# The collections this topic adds to data/, in the order the schema lists them.
COLLECTIONS: dict[str, type[Record]] = {
    "resolutions": Resolution,
    "missile_types": MissileType,
    "facilities": Facility,
    "missile_specs": MissileSpec,
    "places": Place,
}


def missile_types(fb: FactBase) -> Mapping[str, MissileType]:
    """Return the missile types, by id."""
    return fb.records("missile_types", MissileType)


def facilities(fb: FactBase) -> Mapping[str, Facility]:
    """Return the launch facilities, by id."""
    return fb.records("facilities", Facility)


def missile_specs(fb: FactBase) -> Mapping[str, MissileSpec]:
    """Return what each missile type is said to be (fuel, ranges), by id."""
    return fb.records("missile_specs", MissileSpec)


def places(fb: FactBase) -> Mapping[str, Place]:
    """Return the places on the map other than launch facilities, by id."""
    return fb.records("places", Place)


def resolutions(fb: FactBase) -> Mapping[str, Resolution]:
    """Return the UN Security Council resolutions and drafts, by id."""
    return fb.records("resolutions", Resolution)


def launch_of(event: schema.Event) -> Launch | None:
    """Return an event's launch detail, if it has any."""
    return event.launch if isinstance(event, Event) else None


def category_of(event: schema.Event) -> Category:
    """Return an event's category as this topic's enum."""
    return Category(event.category)
