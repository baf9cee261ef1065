"""Pydantic models: the one definition of every record in data/ and seeds/."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_HINT = "use YYYY-MM-DD, YYYY-MM or YYYY"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Month names for readers (fixed, not the machine's locale); MONTH_NAMES[11] is "November".
MONTH_NAMES = (
    "",
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class Precision(StrEnum):
    """How much of a date is known: the record has 'September 1984' and '1998'."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True, slots=True)
class FuzzyDate:
    """A calendar date known to the day, the month or only the year."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        """Return how precisely this date is known."""
        if self.day:
            return Precision.DAY
        return Precision.MONTH if self.month else Precision.YEAR

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Parse 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' (or a date, or an int year)."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError(f"not a date: a date and time was given ({DATE_HINT})")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"not a date ({DATE_HINT})")
        match = _DATE_RE.match(value.strip())
        if not match:
            raise ValueError(f"not a date: {value!r} ({DATE_HINT})")
        year = int(match.group(1))
        month = int(match.group(2) or 0)
        day = int(match.group(3) or 0)
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"not a date: {value!r} has no month {month} ({DATE_HINT})")
        if match.group(3):
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"not a date: {value!r} does not exist "
                    f"({MONTH_NAMES[month]} {year} has {last} days)"
                )
        return cls(year, month, day)

    def iso(self) -> str:
        """Return the ISO form at this date's precision (valid in <time datetime>)."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """Return a reader's form: '29 November 2017', 'September 1984', '1998'."""
        if self.day:
            return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"
        if self.month:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        """Return the earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """Return the latest calendar day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.iso()


Date = Annotated[
    FuzzyDate,
    BeforeValidator(FuzzyDate.parse),
    PlainSerializer(FuzzyDate.iso, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "A date: YYYY-MM-DD, YYYY-MM or YYYY (events: the site's time zone).",
        }
    ),
]


def _day_precision(value: FuzzyDate) -> FuzzyDate:
    if value.precision is not Precision.DAY:
        raise ValueError("needs a full date (use YYYY-MM-DD)")
    return value


DayDate = Annotated[Date, AfterValidator(_day_precision)]

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=80,
        description="A stable id: lower-case letters, digits and single hyphens.",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str, Field(max_length=4000)]


# A host name with at least one dot (letters of any script, digits, hyphens), or an IPv4 address.
_HOST = re.compile(r"(?:[\w-]+\.)+[\w-]+")


def _web_url(value: str) -> str:
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https"):
        raise ValueError(
            f"only http: and https: links are allowed, not {scheme or 'a relative'!r} "
            "(leave url out and cite the document by its title or symbol)"
        )
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises on a port that is not a number
    except ValueError:
        parts = urlsplit("")
    host = parts.hostname or ""
    if (
        any(c.isspace() for c in value)
        or not value[len(scheme) :].startswith("://")
        or not _HOST.fullmatch(host)
        or "@" in parts.netloc
    ):
        raise ValueError("not a well-formed web address (it needs https://host.example/...)")
    return value


WebUrl = Annotated[str, Field(max_length=2000), AfterValidator(_web_url)]


@dataclass(frozen=True, slots=True)
class Ref:
    """Marks a field as naming a record of another collection (checked after loading).

    Declare a field `Annotated[Slug, Ref("sources")]` (or use an alias below): the one
    generic walk in factbase.py then reports an unknown id with file, line and the
    closest existing id. Nothing else has to change for a new kind of reference.
    """

    collection: str


SourceRef = Annotated[Slug, Ref("sources")]
ActorRef = Annotated[Slug, Ref("actors")]
EventRef = Annotated[Slug, Ref("events")]
TermRef = Annotated[Slug, Ref("terms")]


class Status(StrEnum):
    """How firmly a record is established."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    DISPUTED = "disputed"


# Characters no reader can see and no export can carry (XML 1.0 forbids them, so the
# feed could not be written): controls other than tab and newline, lone surrogates,
# and the noncharacters U+FFFE and U+FFFF. YAML lets them in through "\x01"-style escapes.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        """Refuse invisible control characters in any text or list of texts."""
        for text in value if isinstance(value, list) else (value,):
            found = _UNPRINTABLE.search(text) if isinstance(text, str) else None
            if found is not None:
                raise ValueError(
                    f"contains the invisible character U+{ord(found.group()):04X} "
                    "(delete it: text may hold no control codes)"
                )
        return value


class Event(Record):
    """A dated entry of the timeline."""

    id: Slug
    date: Date = Field(description="Start date, in the site's time zone.")
    end_date: Date | None = None
    title: Text
    summary: LongText = ""
    # A topic narrows this to its own categories (see macros/engine/topic.py).
    category: Slug
    tags: list[Slug] = Field(default_factory=list)
    actors: list[ActorRef] = Field(default_factory=list)
    sources: list[SourceRef] = Field(min_length=1)
    status: Status = Status.CONFIRMED
    updated: Date | None = None

    @model_validator(mode="after")
    def _check(self) -> Event:
        if self.end_date is not None and self.end_date.last_day() < self.date.first_day():
            raise ValueError(
                f"end_date {self.end_date} is before date {self.date} "
                "(swap them, or remove end_date)"
            )
        return self


class SourceKind(StrEnum):
    """What kind of document a source is."""

    NEWS = "news"
    GOVERNMENT = "government"
    UN_DOCUMENT = "un-document"
    DATASET = "dataset"
    REPORT = "report"
    ANALYSIS = "analysis"
    REFERENCE = "reference"
    STATE_MEDIA = "state-media"


class Source(Record):
    """A document that supports facts: cited by id from events, figures and pages."""

    id: Slug
    publisher: Text
    title: Annotated[str, Field(max_length=400)] = ""
    url: WebUrl | None = None
    date: Date | None = None
    kind: SourceKind = SourceKind.NEWS
    weak_host: bool = Field(
        False, description="A mirror or aggregator: cite only when nothing better exists."
    )
    note: LongText = ""

    @model_validator(mode="after")
    def _check(self) -> Source:
        if not self.title and not self.url:
            raise ValueError("a source needs a title, a url or both")
        return self


class Correction(Record):
    """A correction to a published record: the public corrections log is built from these."""

    id: Slug = Field(description="Stable id of this correction (its anchor on /corrections/).")
    date: DayDate = Field(description="The day the correction was published.")
    record: Slug = Field(description="Id of the record that was corrected (event, source...).")
    what: Annotated[str, Field(min_length=1, max_length=1000)] = Field(
        description="What changed, in a sentence: the old value and the new one."
    )
    why: Annotated[str, Field(min_length=1, max_length=1000)] = Field(
        description="Why it changed: what showed the old value was wrong."
    )
    sources: list[SourceRef] = Field(
        default_factory=list, description="Ids of the sources that decided the correction."
    )


class Actor(Record):
    """A state, organisation or person that takes part in events."""

    id: Slug
    name: Text
    kind: Literal["state", "organisation", "person", "alliance", "group"]
    description: LongText = ""


class Figure(Record):
    """A sourced statistic with its 'as of' date."""

    id: Slug
    label: Text = Field(description="What is measured, e.g. 'people in need of aid'.")
    value: float
    unit: Literal["people", "percent", "usd", "count", "tonnes", "km", "index"]
    as_of: Date
    period: str | None = Field(None, max_length=60, description="e.g. '2020-2022'.")
    sources: list[SourceRef] = Field(min_length=1)
    status: Status = Status.CONFIRMED
    historical: bool = Field(
        False,
        description="The figure describes a past period on purpose: `make check` does not warn "
        "that it is old.",
    )
    low: float | None = Field(
        None,
        description="Lower end, when the figure is a range (an estimate of 45 to 55): the range "
        "runs from `low` to `value`.",
    )
    estimated_by: Text | None = Field(
        None,
        description="Who made the estimate, e.g. 'SIPRI'; shown beside the figure as "
        "'(estimated by SIPRI)'. Leave it out for a count nobody disputes.",
    )
    note: LongText = ""

    @model_validator(mode="after")
    def _check_range(self) -> Figure:
        if self.low is not None and self.low >= self.value:
            raise ValueError(
                f"low {self.low:g} is not below value {self.value:g} (a range runs from low "
                "up to value; for a single number leave low out)"
            )
        return self

    @property
    def is_range(self) -> bool:
        """Return True if the figure is a range (low to value) rather than one number."""
        return self.low is not None


class Term(Record):
    """A glossary entry."""

    id: Slug
    term: Text
    definition: Annotated[str, Field(min_length=1, max_length=1500)]
    see_also: list[TermRef] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class SeedDocument(Record):
    """A source document the site answers (e.g. a news article), described, never copied."""

    id: Slug
    publisher: Text
    title: Text
    url: WebUrl | None = None
    date: Date = Field(description="Publication date, as precisely as known.")
    date_note: str | None = Field(None, max_length=300)
    kind: SourceKind = SourceKind.NEWS


class Claim(Record):
    """A claim made by a seed document, paraphrased, with a verdict."""

    id: Slug
    claim: Annotated[str, Field(min_length=1, max_length=600)] = Field(
        description="The claim in our own words."
    )
    verdict: Literal["supported", "partly-supported", "contradicted", "unverified"]
    reason: Annotated[str, Field(min_length=1, max_length=600)]
    events: list[EventRef] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Claim:
        if not self.events and not self.sources:
            raise ValueError("a claim needs the event or source ids that decide it")
        return self


# What each top-level key of a data/*.yml file holds (a topic adds its own; see
# macros/engine/topic.py). Several files may hold the same collection; ids are unique
# across all of them.
COLLECTIONS: dict[str, type[Record]] = {
    "events": Event,
    "sources": Source,
    "actors": Actor,
    "figures": Figure,
    "terms": Term,
    "corrections": Correction,
}

# A seeds/*.yml file holds one document and its claims.
SEED_KEYS: dict[str, type[Record]] = {"seed": SeedDocument, "claims": Claim}


def json_schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """Return the JSON Schema of one record model (used by the schema export)."""
    return model.model_json_schema(by_alias=True)
