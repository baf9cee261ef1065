"""A front page's "What's new": the latest events of the record, newest first."""

from __future__ import annotations

from macros.engine import glossary, urls
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.engine.timeline import event_href, record_date

MAX_NEW = 10


def whats_new(fb: FactBase, ctx: PageContext, count: int = 5) -> str:
    """Render the latest `count` events (by date) as a dated list, with how far the record runs."""
    if not 1 <= int(count) <= MAX_NEW:
        raise ValueError(f"whats_new(count={count!r}): use a number from 1 to {MAX_NEW}")
    latest = list(fb.events[-int(count) :])[::-1]
    if not latest:
        return '<p class="whats-new-empty">No events in the record yet.</p>'
    # A title is the text of a link: its abbreviations are spelled out in brackets the
    # first time each appears in the list (a tap on a phone would follow the link).
    terms, seen = glossary.abbreviations(fb), set[str]()
    items = "".join(
        f'<li><time datetime="{e.date.iso()}">{esc(e.date.human())}</time> '
        f'<a href="{esc(event_href(fb, ctx, e.id))}">'
        f"{glossary.explain_first(ctx, esc(e.title), terms, seen, link=False)}</a></li>"
        for e in latest
    )
    timeline = esc(ctx.url(urls.TIMELINE_PAGE))
    return (
        '<section class="whats-new" aria-labelledby="whats-new-title">'
        '<h2 id="whats-new-title">What’s new</h2>'
        f'<ol class="whats-new-list">{items}</ol>'
        f'<p class="whats-new-more">The record runs to {record_date(fb, ctx)}. '
        f'<a href="{timeline}">The whole timeline</a></p></section>'
    )
