"""JSON Schema for data/*.yml and seeds/*.yml, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, create_model

from macros.engine.schema import COLLECTIONS, SEED_KEYS, Record
from macros.engine.topic import Topic


def schema_files(topic: Topic) -> dict[str, tuple[dict[str, type[Record]], str]]:
    """Return each schema file's collections and description, for a site of this topic."""
    collections = {**COLLECTIONS, "events": topic.event_model, **topic.collections}
    return {
        "data-file.schema.json": (
            collections,
            "A data file: any of these collections, each a list.",
        ),
        "seed-file.schema.json": (dict(SEED_KEYS), "A seed document and the claims it makes."),
    }


def _file_model(fields: dict[str, type[Record]], doc: str) -> type[Record]:
    definitions: dict[str, Any] = {}
    for key, model in fields.items():
        annotation: Any = model if key == "seed" else list[model]  # type: ignore[valid-type]
        definitions[key] = (annotation | None, Field(None))
    return create_model(  # type: ignore[no-any-return]
        "DataFile",
        __config__=ConfigDict(extra="forbid"),
        __doc__=doc,
        **definitions,
    )


def schemas(topic: Topic) -> dict[str, str]:
    """Return each schema file's name and its JSON text (stable, with a trailing newline)."""
    out = {}
    for name, (fields, doc) in schema_files(topic).items():
        schema = _file_model(fields, doc).model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = name.removesuffix(".schema.json")
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write(out_dir: Path, topic: Topic) -> list[Path]:
    """Write the schema files into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas(topic).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
