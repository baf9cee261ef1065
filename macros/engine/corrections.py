"""The public corrections log (data/corrections.yml) and the note beside a corrected record."""

from __future__ import annotations

from macros.engine import citations, urls
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, attrs, esc
from macros.engine.numbers import format_value
from macros.engine.schema import Correction, Figure, Record

CORRECTIONS_PAGE = "corrections/"


def corrections_of(fb: FactBase, record_id: str) -> list[Correction]:
    """Return the corrections made to one record, newest first."""
    found = [c for c in fb.corrections.values() if c.record == record_id]
    return sorted(found, key=lambda c: (c.date.first_day(), c.id), reverse=True)


def record_name(fb: FactBase, record_id: str) -> str:
    """Return a reader's name for any record: its title, name, label or term (plain text)."""
    kind = fb.kind_of(record_id)
    if kind is None:
        raise UnknownIdError("record", record_id, fb.origins)
    record = fb.collection(kind)[record_id]
    if isinstance(record, Figure):
        return f"{format_value(record.value, record.unit)} {record.label}"
    texts = {name: getattr(record, name, None) for name in ("title", "name", "label", "term")}
    publisher = getattr(record, "publisher", None)
    for value in texts.values():
        if isinstance(value, str) and value:
            return f"{publisher}: {value}" if isinstance(publisher, str) else value
    if isinstance(publisher, str):
        return publisher
    number = getattr(record, "number", None)
    if number:
        return f"Resolution {number}"
    event = _event_of(fb, record)
    return fb.events_by_id[event].title if event else record_id


def _event_of(fb: FactBase, record: Record) -> str | None:
    """Return the id of the event a record belongs to (its `event` field), if it has one."""
    event = getattr(record, "event", None)
    return event if isinstance(event, str) and event in fb.events_by_id else None


def record_href(fb: FactBase, ctx: PageContext, record_id: str) -> str | None:
    """Return the link to where a record is shown (an event's entry, a source's), if any."""
    if record_id in fb.events_by_id:
        return ctx.url(urls.timeline_path(fb, record_id))
    if record_id in fb.sources:
        return ctx.url(urls.source_path(fb, record_id))
    kind = fb.kind_of(record_id)
    event = _event_of(fb, fb.collection(kind)[record_id]) if kind else None
    return ctx.url(urls.timeline_path(fb, event)) if event else None


def correction_note(fb: FactBase, ctx: PageContext, record_id: str) -> str:
    """Render the small 'Corrected <date>' note shown beside a corrected record ('' if none)."""
    found = corrections_of(fb, record_id)
    if not found:
        return ""
    latest = found[0]
    label = "Corrected" if len(found) == 1 else f"Corrected {len(found)} times, last"
    href = ctx.url(f"{CORRECTIONS_PAGE}#{latest.id}")
    title = attrs({"title": latest.what})
    return (
        f'<a class="correction-note" href="{esc(href)}"{title}>{label} '
        f'<time datetime="{latest.date.iso()}">{esc(latest.date.human())}</time></a>'
    )


def corrections_log(fb: FactBase, ctx: PageContext) -> str:
    """Render every correction, newest first: date, record affected, what changed and why."""
    ordered = sorted(
        fb.corrections.values(), key=lambda c: (c.date.first_day(), c.id), reverse=True
    )
    if not ordered:
        return '<p class="corrections-empty">No corrections have been published yet.</p>'
    rows = []
    for correction in ordered:
        name = esc(record_name(fb, correction.record))
        href = record_href(fb, ctx, correction.record)
        record_html = f'<a href="{esc(href)}">{name}</a>' if href else name
        cited = f" {citations.cite(fb, ctx, *correction.sources)}" if correction.sources else ""
        rows.append(
            f'<li class="correction" id="{esc(correction.id)}">'
            f'<p class="correction-head"><time datetime="{correction.date.iso()}">'
            f"{esc(correction.date.human())}</time> · {record_html}</p>"
            f"<p><strong>What changed:</strong> {esc(correction.what)}</p>"
            f"<p><strong>Why:</strong> {esc(correction.why)}{cited}</p></li>"
        )
    return '<ol class="corrections">\n' + "\n".join(rows) + "\n</ol>"
