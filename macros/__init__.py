"""The mkdocs-macros entry point (`module_name: macros`): the engine's glue does the work."""

from macros.entry import define_env, on_post_build, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_post_build", "on_post_page_macros", "on_pre_page_macros"]
