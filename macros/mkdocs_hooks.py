"""MkDocs hooks (glue): one generated page per year when the timeline is too long for one."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel


def on_files(files: Files, config: Any) -> Files:
    """Add per-year timeline and embed pages and numbered source pages once they are too long."""
    # Imported here: mkdocs-macros has put the project on sys.path and loaded the fact
    # base by the time MkDocs collects files.
    from macros import _built, urls  # noqa: PLC0415

    fb = _built.get("fact_base")
    if fb is None:
        return files
    if urls.sources_are_split(fb):
        for group in urls.source_groups(fb):
            content = (
                f"---\ntitle: Sources, part {group}\n---\n\n# Sources, part {group}\n\n"
                f"[All sources](../)\n\n{{{{ sources_list(group='{group}') }}}}\n"
            )
            files.append(
                File.generated(
                    config,
                    f"{urls.SOURCES_PAGE}{group}.md",
                    content=content,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
    if urls.embed_is_split(fb):
        for year in urls.timeline_years(fb):
            content = (
                f"---\ntitle: Timeline, {year}\ntemplate: embed.html\nsearch:\n  exclude: true\n"
                f"---\n\n{{{{ embed_timeline(start={year}, end={year}) }}}}\n"
            )
            files.append(
                File.generated(
                    config,
                    f"{urls.EMBED_PAGE}{year}.md",
                    content=content,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
    if not urls.timeline_is_split(fb):
        return files
    for year in urls.timeline_years(fb):
        content = (
            f"---\ntitle: Timeline, {year}\n---\n\n# Timeline: {year}\n\n"
            f"[All years](../)\n\n{{{{ timeline(start={year}, end={year}) }}}}\n"
        )
        files.append(
            File.generated(
                config,
                f"{urls.TIMELINE_PAGE}{year}.md",
                content=content,
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files
