"""This site's topic, as the engine sees it: one Topic value (see macros/engine/topic.py)."""

from __future__ import annotations

from macros.engine.settings import TimeZone
from macros.engine.topic import Topic
from macros.northkorea import charts, detail, facets, frontpage, geo, missiles, resolutions, strip
from macros.northkorea.records import CATEGORIES, COLLECTIONS, Event

CREDIT_HTML = (
    "Launch records also derive from the CNS North Korea Missile Test Database and the "
    "nk-missile-tests dataset (Apache License 2.0): credit them too when you reuse those."
)

TOPIC = Topic(
    name="North Korea's missiles",
    categories=CATEGORIES,
    event_model=Event,
    # Korea Standard Time (UTC+9): every date and time on the site is given in it.
    time_zone=TimeZone(label="Korea time", utc_offset="+09:00"),
    collections=COLLECTIONS,
    macros={
        "resolutions_table": resolutions.resolutions_table,
        "launches_chart": charts.launches_chart,
        "launch_count": charts.launch_count,
        "missile_catalogue": missiles.missile_catalogue,
        "missile_family_chart": missiles.missile_family_chart,
        "missile": missiles.missile_link,
        "timeline_strip": strip.timeline_strip,
        "launch_map": geo.launch_map,
        "map_embed_code": geo.map_embed_code,
        "key_figures": frontpage.key_figures,
        "launch_bars": frontpage.launch_bars,
    },
    event_detail_html=detail.detail_html,
    event_detail_text=detail.detail_text,
    detail_column="launch",
    event_facets=facets.event_facets,
    facet_choices=facets.facet_choices,
    credit_html=CREDIT_HTML,
    embed_namespace="nk-timeline",
)
