"""The macros pages may call, by name: one table used by the build, the check and the docs."""

from __future__ import annotations

from macros.engine import citations, embed, exports, figures, reading, reference, timeline
from macros.engine.topic import Macro, Topic

# Each renderer takes (fact_base, page_context, *args, **kwargs) and returns HTML.
ENGINE_MACROS: dict[str, Macro] = {
    "timeline": timeline.timeline,
    "event": timeline.event_link,
    "latest_event": timeline.latest_event,
    "record_date": timeline.record_date,
    "cite": citations.cite,
    "figure": figures.figure,
    "figures_table": reference.figures_table,
    "sources_list": citations.sources_list,
    "glossary": reference.glossary,
    "term": reference.term,
    "claims_table": reference.claims_table,
    "embed_timeline": embed.embed_timeline,
    "embed_code": embed.embed_code,
    "data_downloads": exports.downloads,
    "reading_time": reading.reading_time,
}

# Functions mkdocs-macros itself provides; pages may use them, the check lets them be.
PLUGIN_BUILTINS = frozenset({"macros_info", "now", "fix_url", "context", "pretty", "relpath"})


def macros_for(topic: Topic) -> dict[str, Macro]:
    """Return every macro a site of this topic offers: the engine's, then the topic's."""
    clash = sorted(set(ENGINE_MACROS) & set(topic.macros))
    if clash:
        raise ValueError(f"topic {topic.name!r} redefines engine macros: {', '.join(clash)}")
    return {**ENGINE_MACROS, **topic.macros}
