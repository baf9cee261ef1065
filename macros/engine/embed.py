"""The embeddable timeline: the chrome-less page body, embed codes and static oEmbed files."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

from macros.engine import filters, urls
from macros.engine.factbase import FactBase
from macros.engine.markup import BASE_MARKER, PageContext, attrs, esc
from macros.engine.schema import Event
from macros.engine.settings import Site
from macros.engine.timeline import filter_spec, render_entry, select

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
    cls: str | None = None,
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
    if cls:
        choice = filter_spec(fb).choice("class")
        labels = dict(choice.values) if choice else {}
        extras.append(labels.get(cls, cls))
    if start:
        extras.append(f"from {start}")
    if end:
        extras.append(f"to {end}")
    if extras:
        title += ", " + ", ".join(extras)
    return f"{title} – {site.name}"


THEMES = ("auto", "light", "dark")


def embed_snippet(
    fb: FactBase,
    site: Site,
    *,
    category: str | None = None,
    tag: str | None = None,
    actor: str | None = None,
    start: int | str | None = None,
    end: int | str | None = None,
    cls: str | None = None,
    order: str | None = None,
    limit: int | str | None = None,
    theme: str = "auto",
) -> str:
    """Return the code an embedder pastes: an iframe with a title, then the sizing script.

    The frame's address holds the choices that differ from the embed's defaults (newest
    first, 20 entries), written by the one filter description (macros/engine/filters.py);
    the category is a path of its own, a static page that works without JavaScript.
    """
    select(fb, category=category, tag=tag, actor=actor, start=start, end=end)
    spec = filter_spec(fb)
    raw = {
        "tag": tag,
        "actor": actor,
        "class": cls,
        "from": start,
        "to": end,
        "order": order,
        "limit": limit,
    }
    query = filters.parse(spec, {k: str(v) for k, v in raw.items() if v}, "embed")
    if query.problems:
        raise ValueError("embed: " + " ".join(query.problems))
    if theme not in THEMES:
        raise ValueError(f"embed(theme={theme!r}): use one of {', '.join(THEMES)}")
    params = filters.to_params(query, spec.surfaces["embed"])
    if theme != "auto":
        params["theme"] = theme
    src = site.absolute(embed_path(category)) + (f"?{urlencode(params)}" if params else "")
    title = embed_title(
        fb, site, category=category, tag=tag, actor=actor, start=start, end=end, cls=cls
    )
    return frame_snippet(site, src, title, FRAME_HEIGHT, fb.topic.embed_namespace)


def frame_snippet(site: Site, src: str, title: str, height: int, namespace: str) -> str:
    """Return an iframe marked `data-<namespace>` and the parent script told that namespace.

    The namespace is the topic's (`Topic.embed_namespace`): the parent script
    (overrides/embed/embed.js) finds its frames by it and names its events after it.
    """
    ns = html.escape(namespace)
    # The title sits in double quotes: an apostrophe stays one, so the code a reader copies
    # says "the reader's", not "the reader&#x27;s"; & < > and " are still escaped.
    quoted = html.escape(title, quote=False).replace('"', "&quot;")
    iframe = (
        f'<iframe src="{html.escape(src)}" title="{quoted}" width="100%" '
        f'height="{height}" style="border:0" loading="lazy" data-{ns}></iframe>'
    )
    script = (
        f'<script src="{html.escape(site.absolute(PARENT_SCRIPT))}" '
        f'data-namespace="{ns}" async></script>'
    )
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


FRAME_ENTRIES = f"{EMBED_PAGE}entries.html"


def frame_entries(fb: FactBase, ctx: PageContext, events: Sequence[Event]) -> str:
    """Render entries as the frame shows them: the page's newest and the fetched file alike."""
    return _in_frame("\n".join(render_entry(fb, ctx, e, "h2") for e in events))


def frame_files(fb: FactBase) -> dict[str, bytes]:
    """Return the file of every entry, newest first, that a filtered frame fetches."""
    # With the marker for the path to the site root, as the pages' macros render entries:
    # the entries made once for them serve here too.
    body = frame_entries(fb, PageContext(BASE_MARKER), list(reversed(fb.events)))
    document = (
        '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Timeline entries</title>\n'
        f'<ol class="tl-list">\n{body}\n</ol>\n</html>\n'
    ).replace(BASE_MARKER, PageContext.for_url(EMBED_PAGE).base)
    return {FRAME_ENTRIES: document.encode()}


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
    """Render the embed page's body: the newest entries first, a bounded number shown.

    The page holds the embed's default number (20) of the newest matching entries, so
    that it stays small; without JavaScript it shows them and says that its address's
    other filters need JavaScript. Given filters, an order or a number in its address, the
    script (frame.js, through assets/filters.js) fetches every entry (FRAME_ENTRIES, the
    same markup) and applies them, with this page's own slice (data-where) kept.
    """
    events = select(fb, category=category, tag=tag, actor=actor, start=start, end=end)
    spec = filter_spec(fb)
    shown = spec.surfaces["embed"].limit or len(events)
    count = len(events)
    noun = "event" if count == 1 else "events"
    where = f" in {fb.category_label(category).lower()}" if category else ""
    full = urls.category_page(category) if category else urls.TIMELINE_PAGE
    if not events:
        return (
            '<p class="tl-count" aria-live="polite">0 events</p>\n'
            '<p class="tl-empty">No events in this part of the timeline yet.</p>'
        )
    more = ""
    bound = fb.settings.embed_limit
    if count > bound and start is None and end is None:
        # Bound the page: the latest entries here, earlier years on their own embeds.
        earlier = sorted({e.date.year for e in events[:-bound]})
        events = events[-bound:]
        query = urlencode(
            {k: v for k, v in (("category", category), ("tag", tag), ("actor", actor)) if v}
        )
        suffix = f"?{query}" if query else ""
        links = ", ".join(
            f'<a href="{esc(ctx.url(urls.embed_year_page(y)) + suffix)}">{y}</a>' for y in earlier
        )
        more = f'<p class="tl-more">Earlier years, a frame each: {links}.</p>'
    newest = list(reversed(events))[:shown]
    where_query = urlencode(
        {
            k: str(v)
            for k, v in (
                ("category", category),
                ("tag", tag),
                ("actor", actor),
                ("from", start),
                ("to", end),
            )
            if v
        }
    )
    list_attrs = attrs(
        {
            "class": "tl-list",
            "data-count": str(len(newest)),
            "data-entries": ctx.url(FRAME_ENTRIES),
            "data-where": where_query or None,
        }
    )
    lead = (
        f"The newest {len(newest):,} of {count:,} {noun}{where}."
        if count > len(newest)
        else f"{count:,} {noun}{where}, newest first."
    )
    notice = (
        '<noscript><p class="tl-nojs">Without JavaScript this frame shows the newest '
        f"{len(newest):,} {noun}{where}. Filters, order or number given in its address "
        "(tag, actor, class, dates) need JavaScript: the full timeline has a page for "
        "each category.</p></noscript>"
    )
    return (
        f'{filters.spec_json(spec)}<p class="tl-count" aria-live="polite">{lead}</p>\n{notice}\n'
        f"<ol{list_attrs}>\n{frame_entries(fb, ctx, newest)}\n</ol>{more}\n"
        f'<p class="tl-full"><a href="{esc(ctx.url(full))}">All {count:,} {noun}{where} on the '
        "full timeline</a></p>"
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
    # Without a published address (SITE_URL unset) data-site stays empty: the script then
    # writes the code with the address the page itself was loaded from.
    known = site.url.startswith(("http://", "https://"))
    snippet = embed_snippet(fb, site, category=category, tag=tag, actor=actor, start=start, end=end)
    spec = filter_spec(fb)
    chosen = {"category": category, "tag": tag, "actor": actor}
    empty = {"category": "All"}
    date_attrs = {
        "inputmode": "numeric",
        "pattern": r"\d{4}(-\d{2}(-\d{2})?)?",
        "placeholder": "YYYY",
        "size": "10",
    }
    # The same parameters as the timeline page's filters: one description (filter_spec).
    fields = [
        _field(
            c.label,
            f'<select name="{esc(c.name)}">'
            f"{_options(list(c.values), chosen.get(c.name), empty.get(c.name, 'Any'))}</select>",
        )
        for c in spec.choices
    ]
    surface = spec.surfaces["embed"]
    limit_attrs = {
        "name": "limit",
        "type": "number",
        "min": "1",
        "max": str(spec.max_limit),
        "value": str(surface.limit or ""),
        "size": "5",
    }
    fields += [
        _field(
            "From", f"<input{attrs({'name': 'from', 'value': str(start or ''), **date_attrs})}>"
        ),
        _field("To", f"<input{attrs({'name': 'to', 'value': str(end or ''), **date_attrs})}>"),
        _field(
            "Order",
            '<select name="order">'
            + "".join(
                f'<option value="{o}"{" selected" if o == surface.order else ""}>'
                f"{o.capitalize()} first</option>"
                for o in filters.ORDERS
            )
            + "</select>",
        ),
        _field("Number", f"<input{attrs(limit_attrs)}>"),
        _field(
            "Theme",
            '<select name="theme"><option value="auto">Reader\'s setting</option>'
            '<option value="light">Light</option><option value="dark">Dark</option></select>',
        ),
    ]
    box = attrs(
        {
            "class": "embed-this",
            "data-site": site.url if known else "",
            "data-name": site.name,
            "data-namespace": fb.topic.embed_namespace,
        }
    )
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
