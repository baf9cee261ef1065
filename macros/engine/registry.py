"""The macros pages may call, by name: one table used by the build, the check and the docs."""

from __future__ import annotations

from collections.abc import Callable

from macros.engine import citations, embed, exports, figures, reading, reference, timeline
from macros.northkorea import charts, geo, missiles, strip

# Each renderer takes (fact_base, page_context, *args, **kwargs) and returns HTML.
MACROS: dict[str, Callable[..., str]] = {
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
    "resolutions_table": reference.resolutions_table,
    "claims_table": reference.claims_table,
    "launches_chart": charts.launches_chart,
    "launch_count": charts.launch_count,
    "embed_timeline": embed.embed_timeline,
    "embed_code": embed.embed_code,
    "data_downloads": exports.downloads,
    "reading_time": reading.reading_time,
    "missile_catalogue": missiles.missile_catalogue,
    "missile_family_chart": missiles.missile_family_chart,
    "missile": missiles.missile_link,
    "timeline_strip": strip.timeline_strip,
    "launch_map": geo.launch_map,
    "map_embed_code": geo.map_embed_code,
}

# Macros that also need to know where the site is published: the glue passes them
# site=exports.Site(url, name) from mkdocs.yml.
SITE_MACROS = frozenset({"embed_code", "map_embed_code"})

# Functions mkdocs-macros itself provides; pages may use them, the check lets them be.
PLUGIN_BUILTINS = frozenset({"macros_info", "now", "fix_url", "context", "pretty", "relpath"})
