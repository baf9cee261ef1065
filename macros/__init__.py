"""The mkdocs-macros entry point (`module_name: macros`): hands each build to macros/glue.py."""

from __future__ import annotations

import os
from typing import Any

from macros.reload import current, fresh

# SOURCE_DATE_EPOCH as given to the first build; later builds of `make serve` set it.
_GIVEN_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")


def define_env(env: Any) -> None:
    """Load and check the facts, then bind the macros (mkdocs-macros calls this per build)."""
    fresh("macros.glue").define_env(env, _GIVEN_EPOCH)


def on_post_page_macros(env: Any) -> None:
    """Add the 'Last updated' line to a page (mkdocs-macros calls this)."""
    current("macros.glue").on_post_page_macros(env)


def on_post_build(env: Any) -> None:
    """Write the exports into the built site (mkdocs-macros calls this)."""
    current("macros.glue").on_post_build(env)
