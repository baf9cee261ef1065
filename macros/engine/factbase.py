"""Load data/ and seeds/ once: YAML -> pydantic records -> cross-reference checks."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, cast, get_origin

from pydantic import BaseModel, ValidationError

from macros.engine import schema
from macros.engine.schema import (
    COLLECTIONS,
    SEED_KEYS,
    Actor,
    Claim,
    Correction,
    Event,
    Figure,
    Record,
    Ref,
    SeedDocument,
    Source,
    Term,
)
from macros.engine.settings import Settings, TimeZone
from macros.engine.topic import Category, Topic
from macros.engine.yamlload import LineDict, LineList, YamlError, load_file

R = TypeVar("R", bound=Record)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, printed as `file:line: message`."""

    path: str
    line: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class FactBaseError(Exception):
    """The fact base has problems; every one of them is listed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        lines = [str(p) for p in self.problems]
        lines.append(f"{errors} problem(s) found: fix them and build again.")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Seed:
    """A seed document with its claims, as loaded from seeds/<name>.yml."""

    document: SeedDocument
    claims: tuple[Claim, ...]
    path: str


# The topic of a fact base loaded without one: every category id allowed, labelled as is.
GENERIC_TOPIC = Topic(name="generic", categories=(), event_model=Event)


@dataclass(frozen=True)
class FactBase:
    """The validated, immutable fact base that every renderer reads.

    It carries the topic it was loaded for and the site's settings, so that renderers
    (pure functions of the fact base) need nothing else.
    """

    events: tuple[Event, ...]
    sources: Mapping[str, Source]
    actors: Mapping[str, Actor]
    figures: Mapping[str, Figure]
    terms: Mapping[str, Term]
    seeds: tuple[Seed, ...]
    # The topic's own collections (data-file key -> id -> record).
    extra: Mapping[str, Mapping[str, Record]] = field(default_factory=dict)
    origins: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    topic: Topic = GENERIC_TOPIC
    settings: Settings = field(default_factory=Settings)
    corrections: Mapping[str, Correction] = field(default_factory=dict)
    # Only in a fact base loaded despite errors (for `make check`, which checks pages
    # against whatever loaded): ids written in data but refused, and whether a whole file
    # could not be read (then any id might be in it, and "unknown id" would be noise).
    refused_ids: frozenset[str] = frozenset()
    unreadable: bool = False
    complete: bool = True
    events_by_id: Mapping[str, Event] = field(init=False)
    # Renderers keep what they made once here (an entry, a citation link), keyed by what
    # it depends on: the fact base is immutable, so nothing in it goes stale.
    memo: dict[tuple[object, ...], object] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "events_by_id", {e.id: e for e in self.events})

    def remember(self, key: tuple[object, ...], kind: type[_T], make: Callable[[], _T]) -> _T:
        """Return what `make` gives for key, made once per fact base and kept in `memo`."""
        found = self.memo.get(key)
        if isinstance(found, kind):
            return found
        made = make()
        self.memo[key] = made
        return made

    def remember_for(
        self, record: Record, key: tuple[object, ...], kind: type[_T], make: Callable[[], _T]
    ) -> _T:
        """Like `remember`, for what is made from one record the caller holds (an entry).

        Naming the record lets a watched fact base hand the entry on to the next fact base
        while that record is equal and nothing else it read changed (`adopt`).
        """
        del record  # a plain fact base keeps nothing across fact bases
        return self.remember(key, kind, make)

    @property
    def time_zone(self) -> TimeZone:
        """Return the time zone of the site's dates: the settings', else the topic's."""
        return self.settings.time_zone or self.topic.time_zone

    @property
    def categories(self) -> tuple[Category, ...]:
        """Return the topic's categories, or those the events use when it names none."""
        if self.topic.categories:
            return self.topic.categories
        return tuple(Category(c, c) for c in sorted({e.category for e in self.events}))

    def category_label(self, category_id: str) -> str:
        """Return the reader-facing name of a category."""
        for category in self.categories:
            if category.id == category_id:
                return category.label
        return category_id

    def collection_names(self) -> tuple[str, ...]:
        """Return every collection's data-file key: the engine's, then the topic's."""
        return (*COLLECTIONS, *self.topic.collections)

    def kind_of(self, record_id: str) -> str | None:
        """Return which collection an id belongs to, or None."""
        for name in self.collection_names():
            if record_id in self.collection(name):
                return name
        return None

    def collection(self, name: str) -> Mapping[str, Record]:
        """Return one collection by its data-file key."""
        if name == "events":
            return self.events_by_id
        if name in COLLECTIONS:
            value: Mapping[str, Record] = getattr(self, name)
            return value
        return self.extra.get(name, {})

    def records(self, name: str, model: type[R]) -> Mapping[str, R]:
        """Return one collection with its records' type (for a topic's typed accessors)."""
        del model  # the loader put only this model's records into the collection
        return cast("Mapping[str, R]", self.collection(name))


# The fields a watched fact base's readers are noted reading (see `watching`), while one
# is being noted in this context; None: nobody is noting.
_READS: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "fact_base_reads", default=None
)
# Read directly (not through `remember`), the memo hides what its entries were made from:
# a reader of it depends on everything. No fact base has this field the same as the last.
MEMO = "memo"
_FIELDS = frozenset(f.name for f in dataclasses.fields(FactBase))


@dataclass(frozen=True)
class WatchedFactBase(FactBase):
    """A fact base that notes which of its fields each reader reads (the preview's).

    Inside `watching()`, every field read (directly, or through a method or a property,
    which read the fields themselves) is added to the set it yields; `remember` adds what
    its entry was made from, also when the entry was made earlier for another reader. With
    `changed_fields(old, new)`, what a renderer or a hook made from the old fact base is
    still right for the new one when none of the fields it read changed. Only the preview
    loads one (`collect_partial(watched=True)`): a one-off build pays nothing for it.
    """

    # What each memo entry made through `remember` was made from.
    memo_reads: dict[tuple[object, ...], frozenset[str]] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )
    # The record each entry made through `remember_for` was made from.
    memo_records: dict[tuple[object, ...], Record] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )

    def __getattribute__(self, name: str) -> Any:
        reads = _READS.get()
        if reads is not None and name in _FIELDS:
            reads.add(name)
        return object.__getattribute__(self, name)

    def remember(self, key: tuple[object, ...], kind: type[_T], make: Callable[[], _T]) -> _T:
        """Return what `make` gives for key (once per fact base), noting what it read."""
        memo: dict[tuple[object, ...], object] = object.__getattribute__(self, "memo")
        made_from: dict[tuple[object, ...], frozenset[str]] = object.__getattribute__(
            self, "memo_reads"
        )
        reads = _READS.get()
        found = memo.get(key)
        if isinstance(found, kind):
            if reads is not None:
                # Made some other way than through here: what from is not known.
                reads.update(made_from.get(key, (MEMO,)))
            return found
        inner: set[str] = set()
        token = _READS.set(inner)
        try:
            made = make()
        finally:
            _READS.reset(token)
        memo[key] = made
        made_from[key] = frozenset(inner)
        if reads is not None:
            reads.update(inner)
        return made

    def remember_for(
        self, record: Record, key: tuple[object, ...], kind: type[_T], make: Callable[[], _T]
    ) -> _T:
        """Like `remember`, and note the record the entry is made from (see `adopt`)."""
        made = self.remember(key, kind, make)
        object.__getattribute__(self, "memo_records")[key] = record
        return made

    def adopt(self, old: WatchedFactBase, changed: frozenset[str]) -> int:
        """Take over the entries `old` made from one record each that are still right here.

        An entry is still right when its record is equal to this fact base's record of the
        same id and it read none of the `changed` fields (what `changed_fields` names;
        a direct read of the memo is a change). Return how many were taken over.
        """
        memo: dict[tuple[object, ...], object] = object.__getattribute__(self, "memo")
        reads = object.__getattribute__(self, "memo_reads")
        records = object.__getattribute__(self, "memo_records")
        old_memo = object.__getattribute__(old, "memo")
        old_reads = object.__getattribute__(old, "memo_reads")
        by_id: dict[str, Record] = {}
        for name in self.collection_names():
            by_id.update(self.collection(name))
        taken = 0
        for key, record in object.__getattribute__(old, "memo_records").items():
            read = old_reads.get(key)
            if read is None or read & changed or key in memo or key not in old_memo:
                continue
            now = by_id.get(str(getattr(record, "id", "")))
            if now is None or not (now is record or now == record):
                continue
            memo[key], reads[key], records[key] = old_memo[key], read, now
            taken += 1
        return taken


@contextlib.contextmanager
def watching() -> Iterator[set[str]]:
    """Note the fields of any watched fact base read inside the block (nested: both note)."""
    outer = _READS.get()
    reads: set[str] = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)
        if outer is not None:
            outer.update(reads)


def _same(old: object, new: object) -> bool:
    """Tell whether two field values are equal (records kept from an unchanged file: `is`)."""
    if old is new:
        return True
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return list(old) == list(new) and all(_same(old[k], new[k]) for k in old)
    return bool(old == new)


def changed_fields(old: FactBase, new: FactBase) -> frozenset[str]:
    """Return the fields of `new` that differ from `old`'s (the memo always differs)."""
    changed = {MEMO}
    for name in _FIELDS - {MEMO}:
        if not _same(object.__getattribute__(old, name), object.__getattribute__(new, name)):
            changed.add(name)
    return frozenset(changed)


class UnknownIdError(LookupError):
    """A page or record names an id that does not exist."""

    def __init__(self, kind: str, record_id: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.record_id = record_id
        self.suggestion = closest(record_id, known)
        hint = f"did you mean {self.suggestion!r}?" if self.suggestion else f"no such {kind}"
        super().__init__(f"unknown {kind} id {record_id!r} ({hint})")


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the closest existing id to a mistyped one, if any is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


# --- turning pydantic errors into file:line messages -------------------------------


def _locate(raw: Any, loc: Sequence[int | str], default: int) -> int:
    """Follow a pydantic error location through the raw YAML to the deepest line known."""
    line = default
    node = raw
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def singular(collection: str) -> str:
    """'events' -> 'event', 'activities' -> 'activity', 'record_types' -> 'record type'."""
    word = collection.replace("_", " ")
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def position(collection: str, index: int, item: Any) -> str:
    """Say which record this is as a person counts: 'the 51st event (id hanoi-summit)'."""
    where = f"the {ordinal(index + 1)} {singular(collection)}"
    record_id = item.get("id") if isinstance(item, Mapping) else None
    if isinstance(record_id, str) and record_id:
        where += f" (id {record_id})"
    return where


def _dotted(prefix: str, loc: Sequence[int | str]) -> str:
    """Name a field inside a record: 'the 2nd event (id x): detail.parts, 3rd item: kind'."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f", {ordinal(part + 1)} item")
        else:
            parts.append(f"{': ' if parts and parts[-1].endswith(' item') else '.'}{part}")
    text = "".join(parts).lstrip(".")
    return f"{prefix}: {text}" if text else prefix


_TEXT_ON_ONE_LINE = "text (in quotes if it holds ': ' or ' #')"
_EXAMPLES = {"list_type": "[first, second]", "dict_type": "a mapping of fields (key: value)"}


def _folded_key(item: Any, name: str) -> str | None:
    """Name the text field a missing key was swallowed by, if an indentation slip did that."""
    if not isinstance(item, LineDict):
        return None
    pattern = re.compile(rf"(?:^|\s){re.escape(name)}:(?:\s|$)")
    for key, value in item.items():
        if isinstance(value, str) and pattern.search(value):
            return key
    return None


def _folded_line(item: Any, loc: Sequence[int | str], lines: Sequence[str]) -> int | None:
    """Return the line of a key that an indentation slip folded into the text above it."""
    name = str(loc[-1]) if loc else "?"
    into = _folded_key(item, name) if len(loc) == 1 else None
    if into is None or not isinstance(item, LineDict):
        return None
    start = item.key_lines.get(into, item.line)
    pattern = re.compile(rf"\s*{re.escape(name)}:(\s|$)")
    return next((n for n in range(start, len(lines) + 1) if pattern.match(lines[n - 1])), start)


def _missing(item: Any, loc: Sequence[int | str], lines: Sequence[str]) -> str:
    name = str(loc[-1]) if loc else "?"
    into = _folded_key(item, name) if len(loc) == 1 else None
    at = _folded_line(item, loc, lines)
    if into is None or at is None:
        return f"missing (add a line '{name}: ...' to this record; this field is required)"
    return (
        f"missing: '{name}:' is indented as part of '{into}' on line {at} "
        f"(align '{name}:' with '{into}:' so that it starts a field of its own)"
    )


def _message(
    err: Mapping[str, Any],
    model: type[BaseModel],
    loc: Sequence[int | str],
    item: Any = None,
    lines: Sequence[str] = (),
) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        target = _model_at(model, loc[:-1])
        fields = sorted(_field_names(target)) if target else []
        guess = closest(name, fields)
        hint = f"did you mean {guess!r}?" if guess else f"allowed: {', '.join(fields)}"
        return f"unknown field {name!r} ({hint})"
    if kind == "missing":
        return _missing(item, loc, lines)
    if kind == "list_type" and loc:
        value = err.get("input")
        name = str(loc[-1])
        shown = value if isinstance(value, str | int | float) else "first, second"
        return (
            f"should be a list, not a single value (write it as {name}: [{shown}], "
            f"or one '- item' per line under '{name}:')"
        )
    if kind == "string_pattern_mismatch" and loc and str(loc[-1]) != "time_utc":
        return (
            "not a valid id (use lower-case letters, digits and single hyphens, "
            "e.g. 'hanoi-summit')"
        )
    if kind == "string_pattern_mismatch":
        return "not a valid time (use HH:MM, 24-hour, UTC)"
    if kind in ("enum", "literal_error"):
        options = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        guess = closest(str(err.get("input")), options)
        hint = f"did you mean {guess!r}?" if guess else "use one of: " + ", ".join(options)
        return f"{err.get('input')!r} is not allowed ({hint})"
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    if kind in ("string_type", "int_type", "float_type", "bool_type", "dict_type"):
        got = type(err.get("input")).__name__.replace("Line", "").lower()
        wanted = {
            "string_type": _TEXT_ON_ONE_LINE,
            "int_type": "a whole number, e.g. 3",
            "float_type": "a number, e.g. 2.5",
            "bool_type": "true or false",
            "dict_type": _EXAMPLES["dict_type"],
        }[kind]
        msg = f"{msg} (got {got}; write {wanted})"
    return msg


def _field_names(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def _model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """Find the nested model a location points into (for listing allowed fields)."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        nested = _first_model(info.annotation)
        if nested is None:
            return None
        current = nested
    return current


def _in_annotation(annotation: Any, pick: Callable[[Any], _T | None]) -> _T | None:
    """Return what `pick` finds in an annotation or any type inside it (depth first)."""
    found = pick(annotation)
    if found is not None:
        return found
    for arg in getattr(annotation, "__args__", ()):
        found = _in_annotation(arg, pick)
        if found is not None:
            return found
    return None


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _first_model(annotation: Any) -> type[BaseModel] | None:
    """Find the first record model in an annotation, through lists and Optional."""
    return _in_annotation(annotation, _as_model)


# --- loading ---------------------------------------------------------------------


@dataclass
class _Loaded:
    """Records validated so far, with where each came from."""

    records: dict[str, list[tuple[Record, str, LineDict]]] = field(default_factory=dict)
    # Ids of records that failed validation: already reported, so references to them
    # are not reported again as unknown.
    invalid_ids: set[str] = field(default_factory=set)
    invalid_raw: list[tuple[type[Record], str, LineDict]] = field(default_factory=list)
    # Files that could not be parsed at all: their ids are unknown, so reference
    # checks would only produce noise until they are fixed.
    unreadable: list[str] = field(default_factory=list)
    seeds: list[tuple[SeedDocument, list[tuple[Claim, LineDict]], str, LineDict]] = field(
        default_factory=list
    )


def _validate_item(
    model: type[R],
    item: Any,
    path: str,
    where: str,
    *,
    line: int,
    problems: list[Problem],
    lines: Sequence[str] = (),
) -> R | None:
    if not isinstance(item, LineDict):
        problems.append(Problem(path, line, f"{where}: expected a mapping of fields (key: value)"))
        return None
    # A field written but left blank (a scaffold's `summary: ""`, `actors: []`) is a field
    # someone meant to fill in: refuse it until it is written, or the line is removed.
    blanks = [
        key
        for key, value in item.items()
        if (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)
    ]
    for key in blanks:
        what = "list at least one" if isinstance(item[key], list) else "write it"
        problems.append(
            Problem(
                path,
                item.key_lines.get(key, line),
                f"{where}: {key}: is empty ({what}, or remove the line)",
            )
        )
    if blanks:
        return None
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            folded = _folded_line(item, loc, lines) if err["type"] == "missing" else None
            problems.append(
                Problem(
                    path,
                    folded or _locate(item, loc, line),
                    f"{_dotted(where, loc)}: {_message(err, model, loc, item, lines)}",
                )
            )
        return None


def _read(path: Path, rel: str, problems: list[Problem]) -> LineDict | None:
    try:
        data, yaml_problems = load_file(path)
    except YamlError as err:
        problems.append(Problem(rel, err.line, err.message))
        return None
    except OSError as err:
        problems.append(Problem(rel, 1, f"cannot read file: {err.strerror}"))
        return None
    problems.extend(Problem(rel, p.line, p.message) for p in yaml_problems)
    if data is None:
        problems.append(Problem(rel, 1, "file is empty (it should hold e.g. 'events:' and a list)"))
        return None
    if not isinstance(data, LineDict):
        problems.append(
            Problem(
                rel, 1, "the file should be a mapping of collections, e.g. 'events:' and a list"
            )
        )
        return None
    return data


def _load_data_file(
    path: Path,
    rel: str,
    models: Mapping[str, type[Record]],
    loaded: _Loaded,
    problems: list[Problem],
) -> None:
    data = _read(path, rel, problems)
    if data is None:
        loaded.unreadable.append(rel)
        return
    for key, items in data.items():
        line = data.key_lines[key]
        model = models.get(key)
        if model is None:
            guess = closest(key, models)
            hint = f"did you mean {guess!r}?" if guess else f"use one of: {', '.join(models)}"
            problems.append(Problem(rel, line, f"unknown collection {key!r} ({hint})"))
            continue
        if items is None:
            continue
        if not isinstance(items, LineList):
            problems.append(Problem(rel, line, f"{key}: expected a list of records (- id: ...)"))
            continue
        bucket = loaded.records.setdefault(key, [])
        lines = _text_lines(path)
        for index, item in enumerate(items):
            where = position(key, index, item)
            record = _validate_item(
                model,
                item,
                rel,
                where,
                line=items.item_lines[index],
                problems=problems,
                lines=lines,
            )
            if record is not None:
                bucket.append((record, rel, item))
            elif isinstance(item, LineDict):
                loaded.invalid_raw.append((model, rel, item))
                if isinstance(item.get("id"), str):
                    loaded.invalid_ids.add(item["id"])


def _load_seed_file(path: Path, rel: str, loaded: _Loaded, problems: list[Problem]) -> None:
    data = _read(path, rel, problems)
    if data is None:
        return
    for key in data:
        if key not in SEED_KEYS:
            problems.append(
                Problem(rel, data.key_lines[key], f"unknown key {key!r} (use 'seed' and 'claims')")
            )
    if "seed" not in data:
        problems.append(Problem(rel, 1, "missing 'seed:' (the document this file describes)"))
        return
    doc = _validate_item(
        SeedDocument, data["seed"], rel, "seed", line=data.key_lines["seed"], problems=problems
    )
    claims: list[tuple[Claim, LineDict]] = []
    items = data.get("claims")
    if items is not None and not isinstance(items, LineList):
        problems.append(Problem(rel, data.key_lines["claims"], "claims: expected a list"))
    lines = items.item_lines if isinstance(items, LineList) else []
    for index, item in enumerate(items if isinstance(items, LineList) else []):
        claim = _validate_item(
            Claim, item, rel, position("claims", index, item), line=lines[index], problems=problems
        )
        if claim is not None:
            claims.append((claim, item))
    if doc is not None:
        loaded.seeds.append((doc, claims, rel, data))


def _text_lines(path: Path) -> list[str]:
    """Return the file's lines, for messages that point at a line the parser did not keep."""
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))


# --- cross-references --------------------------------------------------------------


def _own_ref(annotation: Any) -> Ref | None:
    return next((m for m in getattr(annotation, "__metadata__", ()) if isinstance(m, Ref)), None)


def _ref_marker(annotation: Any) -> Ref | None:
    """Find the Ref(...) an annotation carries, through Annotated, lists and Optional."""
    return _in_annotation(annotation, _own_ref)


def _field_ref(info: Any) -> Ref | None:
    for meta in info.metadata:
        if isinstance(meta, Ref):
            return meta
    return _ref_marker(info.annotation)


@functools.cache
def references(model: type[BaseModel]) -> dict[str, tuple[str, bool]]:
    """Return the fields of a model that name other records: key -> (collection, is a list)."""
    out = {}
    for name, info in model.model_fields.items():
        ref = _field_ref(info)
        if ref is not None:
            out[info.alias or name] = (ref.collection, _is_list(info.annotation))
    return out


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in getattr(annotation, "__args__", ()) if arg is not None)


@functools.cache
def _walk_plan(model: type[BaseModel]) -> tuple[tuple[str, str, str | None], ...]:
    """Return what the walk visits in a model: (attribute, key, collection or None).

    Reference fields carry the collection they name; fields that may hold nested
    records carry None; plain fields are left out. Computed once per model.
    """
    plan: list[tuple[str, str, str | None]] = []
    for name, info in model.model_fields.items():
        ref = _field_ref(info)
        if ref is not None:
            plan.append((name, info.alias or name, ref.collection))
        elif _first_model(info.annotation) is not None:
            plan.append((name, info.alias or name, None))
    return tuple(plan)


@dataclass(frozen=True)
class _RefCheck:
    """Reports unknown ids in reference fields, with file, line and the closest id."""

    by_kind: Mapping[str, Mapping[str, Record]]
    loaded: _Loaded
    problems: list[Problem]

    def ids(self, ids: Iterable[str], kind: str, rel: str, raw: LineDict, key: str) -> None:
        """Check the ids one field names against the collection it refers to."""
        known = self.by_kind.get(kind, {})
        for index, ref in enumerate(ids):
            if ref in known or ref in self.loaded.invalid_ids:
                continue
            line = raw.key_lines.get(key, raw.line)
            node = raw.get(key)
            if isinstance(node, LineList) and index < len(node):
                line = node.item_lines[index]
            err = UnknownIdError(singular(kind), ref, known)
            self.problems.append(Problem(rel, line, f"{key}: {err}"))

    def record(self, record: BaseModel, rel: str, raw: LineDict) -> None:
        """Walk one validated record and its nested records, checking every Ref field."""
        for name, key, kind in _walk_plan(type(record)):
            value = getattr(record, name)
            if value is None:
                continue
            if kind is not None:
                ids = value if isinstance(value, list) else [value]
                self.ids([str(v) for v in ids], kind, rel, raw, key)
                continue
            sub_raw = raw.get(key)
            if isinstance(value, BaseModel) and isinstance(sub_raw, LineDict):
                self.record(value, rel, sub_raw)
            elif isinstance(value, list) and isinstance(sub_raw, LineList):
                for item, item_raw in zip(value, sub_raw, strict=False):
                    if isinstance(item, BaseModel) and isinstance(item_raw, LineDict):
                        self.record(item, rel, item_raw)

    def invalid(self, model: type[BaseModel], rel: str, raw: LineDict) -> None:
        """Check the plain top-level references of a record that failed validation."""
        for key, (kind, many) in references(model).items():
            value = raw.get(key)
            if not many and isinstance(value, str):
                self.ids([value], kind, rel, raw, key)
            elif many and isinstance(value, list) and all(isinstance(v, str) for v in value):
                self.ids(value, kind, rel, raw, key)


def _check_corrected(
    record: Correction,
    by_kind: Mapping[str, Mapping[str, Record]],
    loaded: _Loaded,
    where: tuple[str, LineDict],
    problems: list[Problem],
) -> None:
    """Check that a correction names a record it can correct: any record but a correction."""
    rel, raw = where
    correctable = {
        key: value
        for kind, records in by_kind.items()
        if kind != "corrections"
        for key, value in records.items()
    }
    if record.record not in correctable and record.record not in loaded.invalid_ids:
        err = UnknownIdError("record", record.record, correctable)
        problems.append(Problem(rel, raw.key_lines.get("record", raw.line), f"record: {err}"))


def _ref_checks(
    by_kind: Mapping[str, Mapping[str, Record]],
    loaded: _Loaded,
    problems: list[Problem],
) -> None:
    walk = _RefCheck(by_kind, loaded, problems)
    for entries in loaded.records.values():
        for record, rel, raw in entries:
            walk.record(record, rel, raw)
            if isinstance(record, Correction):
                _check_corrected(record, by_kind, loaded, (rel, raw), problems)
    # Records that failed validation still get their plain references checked, so that
    # one run reports every problem.
    for model, rel, raw in loaded.invalid_raw:
        walk.invalid(model, rel, raw)
    for _doc, claims, rel, _raw in loaded.seeds:
        for claim, raw in claims:
            walk.record(claim, rel, raw)


# Each data file's records and problems, while its size and time are the same (a preview).
KeptFiles = MutableMapping[Path, tuple[tuple[Any, ...], _Loaded, list[Problem]]]


def _load_data_file_kept(
    path: Path,
    rel: str,
    models: Mapping[str, type[Record]],
    loaded: _Loaded,
    problems: list[Problem],
    *,
    kept: KeptFiles | None,
) -> None:
    """Load one data file, or take what it gave last time when it is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        kept = None
    if kept is None:
        _load_data_file(path, rel, models, loaded, problems)
        return
    key = (rel, stat.st_size, stat.st_mtime_ns, tuple(models.items()))
    found = kept.get(path)
    if found is None or found[0] != key:
        part, part_problems = _Loaded(), list[Problem]()
        _load_data_file(path, rel, models, part, part_problems)
        found = kept[path] = (key, part, part_problems)
    _, part, part_problems = found
    for kind, records in part.records.items():
        loaded.records.setdefault(kind, []).extend(records)
    loaded.invalid_ids.update(part.invalid_ids)
    loaded.invalid_raw.extend(part.invalid_raw)
    loaded.unreadable.extend(part.unreadable)
    problems.extend(part_problems)


def collect_partial(
    data_dir: Path,
    seeds_dir: Path,
    root: Path,
    topic: Topic = GENERIC_TOPIC,
    settings: Settings | None = None,
    *,
    kept: KeptFiles | None = None,
    watched: bool = False,
) -> tuple[FactBase, list[Problem]]:
    """Load and check everything; return what loaded (even with errors) and every problem.

    With `kept` (the preview's), a data file whose size and time are unchanged is not
    read and validated again: its records and problems are those it gave last time.
    With `watched`, the fact base notes what its readers read (`WatchedFactBase`).
    """
    problems: list[Problem] = []
    loaded = _Loaded()
    models: dict[str, type[Record]] = {**COLLECTIONS, "events": topic.event_model}
    models.update(topic.collections)

    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    data_files = list(_yaml_files(data_dir))
    if not data_files:
        problems.append(Problem(rel(data_dir), 0, "no .yml files found in the data folder"))
    for path in data_files:
        _load_data_file_kept(path, rel(path), models, loaded, problems, kept=kept)
    for path in _yaml_files(seeds_dir):
        _load_seed_file(path, rel(path), loaded, problems)

    # One namespace for every id, so a page can never be ambiguous about what it names.
    origins: dict[str, tuple[str, int]] = {}
    by_kind: dict[str, dict[str, Record]] = {name: {} for name in models}

    def claim_id(record_id: str, path: str, line: int) -> bool:
        if record_id in origins:
            first = origins[record_id]
            problems.append(
                Problem(
                    path,
                    line,
                    f"duplicate id {record_id!r} (also at {first[0]}:{first[1]}; ids must be "
                    "unique across all files: rename one)",
                )
            )
            return False
        origins[record_id] = (path, line)
        return True

    for kind in models:
        for record, where, raw in loaded.records.get(kind, []):
            record_id = str(record.id)  # type: ignore[attr-defined]
            if claim_id(record_id, where, raw.key_lines.get("id", raw.line)):
                by_kind[kind][record_id] = record
    for doc, claims, where, raw in loaded.seeds:
        seed_raw = raw["seed"]
        claim_id(doc.id, where, seed_raw.key_lines.get("id", seed_raw.line))
        for claim, claim_raw in claims:
            claim_id(claim.id, where, claim_raw.key_lines.get("id", claim_raw.line))

    if not loaded.unreadable:
        _ref_checks(by_kind, loaded, problems)
    problems.sort(key=lambda p: (p.path, p.line))

    events = sorted(
        (e for e in by_kind["events"].values() if isinstance(e, Event)),
        key=lambda e: (e.date.first_day(), e.date.precision != schema.Precision.DAY, e.id),
    )
    fact_base = (WatchedFactBase if watched else FactBase)(
        events=tuple(events),
        sources=_typed(by_kind["sources"], Source),
        actors=_typed(by_kind["actors"], Actor),
        figures=_typed(by_kind["figures"], Figure),
        terms=_typed(by_kind["terms"], Term),
        seeds=tuple(
            Seed(doc, tuple(c for c, _ in claims), path) for doc, claims, path, _ in loaded.seeds
        ),
        extra={name: _typed(by_kind[name], model) for name, model in topic.collections.items()},
        origins=origins,
        topic=topic,
        settings=settings or Settings(),
        corrections=_typed(by_kind["corrections"], Correction),
        refused_ids=frozenset(loaded.invalid_ids),
        unreadable=bool(loaded.unreadable),
        complete=not any(p.severity == "error" for p in problems),
    )
    return fact_base, problems


def collect(
    data_dir: Path,
    seeds_dir: Path,
    root: Path,
    topic: Topic = GENERIC_TOPIC,
    settings: Settings | None = None,
) -> tuple[FactBase | None, list[Problem]]:
    """Load and check everything; return the fact base (if sound) and every problem."""
    fact_base, problems = collect_partial(data_dir, seeds_dir, root, topic, settings)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return fact_base, problems


def _typed(records: Mapping[str, Record], model: type[R]) -> dict[str, R]:
    return {key: value for key, value in sorted(records.items()) if isinstance(value, model)}


def load(
    data_dir: Path,
    seeds_dir: Path,
    root: Path,
    topic: Topic = GENERIC_TOPIC,
    settings: Settings | None = None,
) -> FactBase:
    """Load the fact base or raise FactBaseError listing every problem."""
    fact_base, problems = collect(data_dir, seeds_dir, root, topic, settings)
    errors = [p for p in problems if p.severity == "error"]
    if fact_base is None or errors:
        raise FactBaseError(errors)
    return fact_base
