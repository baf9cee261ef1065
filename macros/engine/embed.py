"""The embeddable timeline: the chrome-less page body, embed codes and static oEmbed files."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

from macros.engine import urls
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, attrs, esc
from macros.engine.settings import Site
from macros.engine.timeline import render_entry, select

EMBED_PAGE = "embed/timeline/"
PARENT_SCRIPT = "embed/embed.js"
OEMBED_FILE = "oembed.json"
FRAME_HEIGHT = 600
FRAME_WIDTH = 640


def embed_path(category: str | None = None) -> str:
    """Return the site-root-relative path of the embed page for one category (or all)."""
    return f"{EMBED_PAGE}{category}/" if category else EMBED_PAGE


def embed_pages(fb: FactBase) -> Iterator[tuple[str, str | None]]:
    """Yield every embeddable page: the full timeline, then one per category."""
    yield embed_path(), None
    for category in fb.categories:
        yield embed_path(category.id), category.id


def embed_title(
    fb: FactBase,
    site: Site,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
) -> str:
    """Return the iframe's title, e.g. 'Timeline: Diplomacy, from 2017 – <site name>'."""
    title = "Timeline"
    if category:
        title += f": {fb.category_label(category)}"
    extras = []
    if tag:
        extras.append(f"tag {tag}")
    if actor:
        extras.append(fb.actors[actor].name)
    if start:
        extras.append(f"from {start}")
    if end:
        extras.append(f"to {end}")
    if extras:
        title += ", " + ", ".join(extras)
    return f"{title} – {site.name}"


def embed_snippet(
    fb: FactBase,
    site: Site,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
) -> str:
    """Return the code an embedder pastes: an iframe with a title, then the sizing script."""
    select(fb, category=category, tag=tag, actor=actor, start=start, end=end)
    query = {k: v for k, v in (("tag", tag), ("actor", actor), ("from", start), ("to", end)) if v}
    src = site.absolute(embed_path(category)) + (f"?{urlencode(query)}" if query else "")
    title = embed_title(fb, site, category=category, tag=tag, actor=actor, start=start, end=end)
    iframe = (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="100%" '
        f'height="{FRAME_HEIGHT}" style="border:0" loading="lazy" '
        f"data-{html.escape(fb.topic.embed_namespace)}></iframe>"
    )
    script = f'<script src="{html.escape(site.absolute(PARENT_SCRIPT))}" async></script>'
    return f"{iframe}\n{script}"


# A citation's tooltip (the source's full title), class and printed URL are a sixth of the
# embed's weight; in the frame the publisher's name, linked to /sources/, has to do.
_CITE_EXTRAS = re.compile(
    r'(<a href="[^"]*")(?: title="[^"]*")? class="cite-link"(?: data-url="[^"]*")?'
)


def _in_frame(entries: str) -> str:
    # The embed page sets <base target="_blank"> so that citations open outside the
    # iframe; an entry's own anchor must stay inside it.
    entries = _CITE_EXTRAS.sub(r"\1", entries)
    return entries.replace('<a class="tl-anchor" ', '<a class="tl-anchor" target="_self" ')


def embed_timeline(
    fb: FactBase,
    ctx: PageContext,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
) -> str:
    """Render the embed page's body: a count line and every matching entry, flat."""
    events = select(fb, category=category, tag=tag, actor=actor, start=start, end=end)
    count = len(events)
    noun = "event" if count == 1 else "events"
    head = f'<p class="tl-count" aria-live="polite">{count} {noun}</p>'
    if not events:
        return f'{head}\n<p class="tl-empty">No events in this part of the timeline yet.</p>'
    more = ""
    limit = fb.settings.embed_limit
    if count > limit and start is None and end is None:
        # Bound the frame: the latest entries here, earlier years on their own embeds.
        earlier = sorted({e.date.year for e in events[:-limit]})
        events = events[-limit:]
        query = urlencode(
            {k: v for k, v in (("category", category), ("tag", tag), ("actor", actor)) if v}
        )
        suffix = f"?{query}" if query else ""
        links = ", ".join(
            f'<a href="{esc(ctx.url(urls.embed_year_page(y)) + suffix)}">{y}</a>' for y in earlier
        )
        more = (
            f'<p class="tl-more">Showing the latest {len(events):,} of {count:,}. '
            f"Earlier years: {links}.</p>"
        )
    entries = "\n".join(render_entry(fb, ctx, e, "h2") for e in events)
    return (
        f'{head}\n<ol class="tl-list" data-count="{len(events)}">\n{_in_frame(entries)}\n</ol>'
        f"{more}"
    )


def _options(values: list[tuple[str, str]], chosen: str | None, empty: str) -> str:
    items = [f'<option value="">{esc(empty)}</option>']
    for value, label in values:
        sel = " selected" if value == chosen else ""
        items.append(f'<option value="{esc(value)}"{sel}>{esc(label)}</option>')
    return "".join(items)


def _field(label: str, control: str) -> str:
    return f'<label class="embed-field"><span>{esc(label)}</span> {control}</label>'


def embed_code(
    fb: FactBase,
    ctx: PageContext,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
) -> str:
    """Render the 'Embed this' block: filters, a copyable embed code and per-category links."""
    site = fb.settings.site
    snippet = embed_snippet(fb, site, category=category, tag=tag, actor=actor, start=start, end=end)
    tags = sorted({t for e in fb.events for t in e.tags})
    # By name, then id: two actors of one name must not fall back to set order.
    actor_ids = sorted(
        {a for e in fb.events for a in e.actors}, key=lambda a: (fb.actors[a].name, a)
    )
    date_attrs = {
        "inputmode": "numeric",
        "pattern": r"\d{4}(-\d{2}(-\d{2})?)?",
        "placeholder": "YYYY",
        "size": "10",
    }
    fields = [
        _field(
            "Category",
            f'<select name="category">'
            f"{_options([(c.id, c.label) for c in fb.categories], category, 'All')}</select>",
        ),
        _field(
            "Tag",
            f'<select name="tag">{_options([(t, t) for t in tags], tag, "Any")}</select>',
        ),
        _field(
            "Actor",
            f'<select name="actor">'
            f"{_options([(a, fb.actors[a].name) for a in actor_ids], actor, 'Any')}</select>",
        ),
        _field(
            "From", f"<input{attrs({'name': 'from', 'value': str(start or ''), **date_attrs})}>"
        ),
        _field("To", f"<input{attrs({'name': 'to', 'value': str(end or ''), **date_attrs})}>"),
    ]
    box = attrs({"class": "embed-this", "data-site": site.url, "data-name": site.name})
    per_category = " · ".join(
        f'<a href="{esc(ctx.url(embed_path(c.id)))}">{esc(c.label)}</a>' for c in fb.categories
    )
    return (
        f"<div{box}>\n"
        f'<form class="embed-form" action="{esc(ctx.url(EMBED_PAGE))}" method="get" '
        f'target="_blank">{"".join(fields)} '
        '<button type="submit" class="md-button">Preview</button></form>\n'
        '<label class="embed-label" for="embed-code">Embed code: paste it into your page</label>\n'
        f'<textarea id="embed-code" class="embed-code" rows="4" readonly spellcheck="false">'
        f"{esc(snippet)}</textarea>\n"
        '<p><button type="button" class="md-button embed-copy" hidden>Copy the code</button></p>\n'
        '<p class="embed-hint">The script makes the frame as tall as the timeline (it also works '
        "with pages that already use pym.js); without it the frame scrolls. Add "
        "<code>#event-id</code> to the address to open at an entry.</p>\n"
        f'<p class="embed-static">One category, no script needed: {per_category}</p>\n'
        "</div>"
    )


def oembed(fb: FactBase, site: Site, category: str | None = None) -> str:
    """Return the static oEmbed (1.0, type rich) JSON of one embed page."""
    value = category
    document = {
        "version": "1.0",
        "type": "rich",
        "title": embed_title(fb, site, category=value),
        "provider_name": site.name,
        "provider_url": site.absolute(""),
        "author_name": site.name,
        "author_url": site.absolute(""),
        "html": embed_snippet(fb, site, category=value),
        "width": FRAME_WIDTH,
        "height": FRAME_HEIGHT,
        "cache_age": 86400,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def oembed_files(fb: FactBase, site: Site) -> dict[str, bytes]:
    """Return the oEmbed JSON of every embed page, keyed by its path under the site root."""
    return {
        f"{path}{OEMBED_FILE}": oembed(fb, site, category).encode()
        for path, category in embed_pages(fb)
    }
