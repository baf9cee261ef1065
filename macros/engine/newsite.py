"""`python -m macros new-site DIR --title "..."`: scaffold a new explainer on this engine.

The new site holds its own content, data, seeds, overrides and a macros/ package of a
few lines: its topic (categories, time zone) and the entry points, which find this
engine by path (pinned in the new site's Makefile and pyproject.toml). Nothing of the
engine is copied, so an engine fix reaches every site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ENGINE_ROOT = Path(__file__).resolve().parents[2]

_FILES: dict[str, str] = {
    "mkdocs.yml": """\
# The site's one configuration. Facts live in data/, pages in content/.
site_name: {title_yaml}
site_description: {description_yaml}
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: content
site_dir: site
strict: true
use_directory_urls: true

theme:
  name: material
  custom_dir: overrides
  language: en
  font: false
  features:
    - navigation.footer
    - search.suggest

extra_css:
  - assets/site.css

extra:
  explainer:
    # The module whose TOPIC says what this explainer is about.
    topic: macros.topic

plugins:
  - search
  - macros:
      module_name: macros
      on_undefined: strict
      on_error_fail: true

hooks:
  - macros/hooks.py

markdown_extensions:
  - attr_list
  - admonition
  - tables
  - toc:
      permalink: true

watch:
  - data
  - seeds
  - macros

validation:
  nav:
    omitted_files: warn
    not_found: warn
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn

nav:
  - Home: index.md
  - Timeline: timeline.md
  - Sources: sources.md
  - About: about.md
""",
    "content/index.md": """\
# {title_md}

This is a new explainer. Every fact on it comes from `data/`, each with its source;
the pages pull them in with macros, for example the latest event:
{{{{ latest_event() }}}}.

!!! note "Example content"
    The events and the source on this site are examples: replace them with your own.
""",
    "content/timeline.md": """\
# Timeline

{{{{ timeline(group="year") }}}}
""",
    "content/sources.md": """\
# Sources

{{{{ sources_list() }}}}
""",
    "content/about.md": """\
# About

How this site works: facts in `data/`, pages in `content/`, built with the explainer
engine. Every event names its sources {{{{ cite("example-source") }}}}.

## Data

{{{{ data_downloads() }}}}
""",
    "data/sources.yml": """\
sources:
  # An example source: replace it with a real document you have read.
  - id: example-source
    publisher: Example Publisher
    title: An example document (replace me)
    kind: reference
""",
    "data/actors.yml": """\
actors:
  - id: example-actor
    name: Example actor
    kind: organisation
    description: An example actor (replace me).
""",
    "data/events.yml": """\
events:
  # Example events: replace them with your own, each with at least one source.
  - id: 2020-01-15-example-start
    date: 2020-01-15
    title: Example event (replace me)
    summary: An example of an event, with its date, category and source.
    category: milestone
    actors: [example-actor]
    sources: [example-source]
  - id: 2021-06-example-later
    date: 2021-06
    title: Another example event, known to the month
    category: example
    sources: [example-source]
""",
    "seeds/example.yml": """\
# A seed document the site answers, described in our own words, with its claims.
seed:
  id: seed-example
  publisher: Example Publisher
  title: An example article (replace me)
  date: 2021
claims:
  - id: claim-example
    claim: The example article says the first example event happened in January 2020.
    verdict: supported
    reason: The example event is dated 15 January 2020.
    events: [2020-01-15-example-start]
""",
    "overrides/main.html": """\
{{#- Extends Material's base.html: nothing changed yet; add blocks here. -#}}
{{% extends "base.html" %}}
""",
    "overrides/assets/site.css": """\
/* The site's own styles: timeline entries and the sources list. */
.tl-list {{ list-style: none; padding-left: 0; }}
.tl-entry {{ margin-bottom: 1.2em; }}
.tl-meta {{ font-size: 0.85em; opacity: 0.8; }}
""",
    "macros/__init__.py": '''\
"""mkdocs-macros entry point: the explainer engine (found by path, see pyproject.toml)."""

from pkgutil import extend_path

# The engine's modules (macros.engine, macros.glue, ...) live in the engine's own
# macros/ folder, which the Makefile puts on PYTHONPATH: join it to this package.
__path__ = extend_path(__path__, __name__)

from macros.entry import (  # noqa: E402
    define_env,
    on_post_build,
    on_post_page_macros,
    on_pre_page_macros,
)

__all__ = ["define_env", "on_post_build", "on_post_page_macros", "on_pre_page_macros"]
''',
    "macros/topic.py": '''\
"""What this explainer is about: its categories and its time zone."""

from macros.engine.settings import TimeZone
from macros.engine.topic import Category, Topic, simple_event_model

CATEGORIES = (
    Category("milestone", "Milestone"),
    Category("example", "Example"),
)

TOPIC = Topic(
    name={title_py},
    categories=CATEGORIES,
    event_model=simple_event_model(CATEGORIES),
    time_zone=TimeZone(label="UTC", utc_offset="+00:00"),
)
''',
    "macros/hooks.py": '''\
"""MkDocs hook: the engine adds the pages a large fact base needs."""

from typing import Any


def on_files(files: Any, config: Any) -> Any:
    """Add generated pages (per-year timelines, numbered source pages)."""
    from macros.entry import on_files as add_pages  # noqa: PLC0415

    return add_pages(files, config)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Fill in a page's reading time, if it asks for one."""
    from macros.entry import on_page_content as fill  # noqa: PLC0415

    return fill(html, page, config, files)
''',
    "macros/__main__.py": '''\
"""`python -m macros check | build | new ...` for this site."""

import sys
from pathlib import Path

from macros.engine.cli import Project, main
from macros.topic import TOPIC

if __name__ == "__main__":
    sys.exit(main(Project(Path(__file__).resolve().parent.parent, TOPIC)))
''',
    "tests/test_site.py": '''\
"""The built site has its pages, its example events, and its exports."""

from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "site"


def test_timeline_lists_every_example_event() -> None:
    html = (SITE / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'id="2020-01-15-example-start"' in html
    assert 'id="2021-06-example-later"' in html


def test_exports_are_written() -> None:
    assert (SITE / "data" / "events.json").is_file()
    assert (SITE / "feed.xml").is_file()
''',
    "Makefile": """\
# One entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
# The explainer engine, pinned by path (see pyproject.toml); its .venv has every
# pinned dependency (`make -C $(ENGINE) setup` creates it).
ENGINE ?= {engine}
PY ?= $(ENGINE)/.venv/bin/python
export PYTHONPATH := $(ENGINE)

.PHONY: help setup serve build check test

help: ## list the targets
\t@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{{printf "  %-8s %s\\n", $$1, $$2}}'

setup: ## make sure the engine's pinned environment exists
\t@test -x $(PY) || $(MAKE) -C $(ENGINE) setup

serve: setup ## live preview on http://127.0.0.1:8000
\t$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

check: setup ## validate data/, seeds/ and every macro call in content/
\t$(PY) -m macros check

build: setup ## strict build into site/ (the old site/ stays if the build fails)
\t$(PY) -m macros build

test: check build ## everything CI runs: check, strict build, tests of the built site
\t$(PY) -m pytest -q -p no:cacheprovider tests
""",
    "README.md": """\
# {title_md}

An explainer built from sourced facts: YAML in `data/`, Markdown in `content/`,
built by the explainer engine (MkDocs with Material).

## Two commands

```sh
make serve   # build and serve on http://127.0.0.1:8000 with live reload
make test    # check the data and pages, build strictly, test the built site
```

The engine is used by path, not copied: `ENGINE` in the Makefile (and the dependency in
`pyproject.toml`) names it. To start, replace the example records in `data/` and
`seeds/`, and the categories and time zone in `macros/topic.py`.
""",
    ".ci/run": """\
#!/usr/bin/env bash
# What CI runs: the same command as on a laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
make test
""",
    "pyproject.toml": """\
[project]
name = "{slug}"
version = "0.1.0"
description = {title_toml}
requires-python = ">=3.11"
# The explainer engine, pinned by path: the Makefile puts it on PYTHONPATH and runs
# its pinned environment.
dependencies = ["nk-explainer @ file://{engine}"]
""",
    ".gitignore": "site/\n.site-*\n__pycache__/\n",
}


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "explainer"


def scaffold(target: Path, title: str, engine: Path = ENGINE_ROOT) -> list[Path]:
    """Write a new site into target (which must not exist or be empty); return its files."""
    title = title.strip()
    if not title:
        raise ValueError("--title must not be empty")
    if target.exists() and any(target.iterdir()):
        raise ValueError(f"{target} is not empty: choose a new folder")
    values = {
        "title_yaml": json.dumps(title),
        "description_yaml": json.dumps(f"{title}, explained from sourced facts."),
        "title_md": title.replace("<", "&lt;"),
        "title_py": repr(title),
        "title_toml": json.dumps(title),
        "slug": _slug(title),
        "engine": engine.as_posix(),
    }
    written = []
    for rel, template in _FILES.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
        written.append(path)
    (target / ".ci" / "run").chmod(0o755)
    return written
