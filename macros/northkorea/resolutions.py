"""The table of UN Security Council resolutions on North Korea."""

from __future__ import annotations

from macros.engine.citations import cite_links
from macros.engine.corrections import correction_note
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, esc
from macros.engine.reference import table
from macros.engine.timeline import event_href
from macros.northkorea.records import resolutions


def resolutions_table(fb: FactBase, ctx: PageContext) -> str:
    """Render the UN Security Council resolutions and vetoed drafts, oldest first."""
    rows = []
    # Each row is a search result of its own, titled with the resolution's number and symbol.
    row_attrs: list[dict[str, str | None]] = []
    ordered = sorted(resolutions(fb).values(), key=lambda r: (r.date.first_day(), r.id))
    for res in ordered:
        name = f"Resolution {res.number}" if res.number else "Draft resolution"
        title = f"{name} ({res.symbol})" if res.symbol else f"{name}, {res.date.human()}"
        row_attrs.append(
            {
                "id": res.id,
                "data-search-entry": "",
                "data-search-title": title,
                "data-search-boost": "2",
            }
        )
        if res.event is not None:
            name_html = f'<a href="{esc(event_href(fb, ctx, res.event))}">{esc(name)}</a>'
        else:
            name_html = esc(name)
        if res.symbol:
            name_html += f'<br><span class="res-symbol">{esc(res.symbol)}</span>'
        outcome = esc(res.outcome + (f" {res.vote}" if res.vote else ""))
        measures = "<ul>" + "".join(f"<li>{esc(m)}</li>" for m in res.measures) + "</ul>"
        cites = "; ".join(cite_links(fb, ctx, res.sources))
        note = correction_note(fb, ctx, res.id)
        if note:
            cites += f" {note}"
        rows.append(
            [
                name_html,
                f'<time datetime="{res.date.iso()}">{esc(res.date.human())}</time>',
                outcome,
                f'{measures}<p class="res-sources">Sources: {cites}</p>',
            ]
        )
    return table(
        "UN Security Council resolutions on North Korea",
        ["Resolution", "Date", "Vote", "What it did"],
        rows,
        "resolutions",
        row_attrs,
    )
