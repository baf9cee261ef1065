"""Reference renderers: the glossary and the seed-claims table, and the table they share."""

from __future__ import annotations

from macros.engine.citations import cite_links
from macros.engine.factbase import FactBase
from macros.engine.figures import get_figure
from macros.engine.glossary import expansion, get_term, mark_abbreviations, term_link
from macros.engine.markup import PageContext, attrs, esc
from macros.engine.numbers import figure_amount
from macros.engine.timeline import event_href, get_event

VERDICT_LABELS = {
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "contradicted": "Contradicted",
    "unverified": "Unverified",
}


def glossary(fb: FactBase, ctx: PageContext) -> str:
    """Render every glossary term as a definition list, in alphabetical order."""
    rows = []
    for term in sorted(fb.terms.values(), key=lambda t: t.term.casefold()):
        see = ""
        if term.see_also:
            links = ", ".join(
                f'<a href="#{esc(other)}">{esc(fb.terms[other].term)}</a>'
                for other in term.see_also
            )
            see = f' <span class="term-see">See also: {links}.</span>'
        cited = f" ({'; '.join(cite_links(fb, ctx, term.sources))})" if term.sources else ""
        # A <div> may group a term with its definition: the pair is one search result.
        rows.append(
            f'<div id="{esc(term.id)}" data-search-entry data-search-title="{esc(term.term)}" '
            'data-search-boost="2">'
            f"<dt>{esc(term.term)}</dt>"
            f"<dd>{esc(term.definition)}{cited}{see}</dd></div>"
        )
    return f'<dl class="glossary">\n{"".join(rows)}\n</dl>'


def term(
    fb: FactBase, ctx: PageContext, term_id: str, *, expand: bool = False, plural: bool = False
) -> str:
    """Render a glossary term where a reader meets it: a link to its glossary entry.

    The link works on a phone (a tap opens the entry) and, for an abbreviation, carries what
    it stands for as a tooltip. expand=True writes that out in the sentence the first time
    a page uses the term: 'gross domestic product (GDP)'. plural=True adds an 's' to both:
    'non-governmental organizations (NGOs)'.
    """
    entry = get_term(fb, term_id)
    ending = "s" if plural else ""
    link = term_link(ctx, entry, ending)
    words = expansion(entry)
    if expand and words != entry.term:
        return f"{esc(words)}{ending} ({link})"
    return link


def table(
    caption: str,
    head: list[str],
    rows: list[list[str]],
    css: str,
    row_attrs: list[dict[str, str | None]] | None = None,
) -> str:
    """Render a captioned, scrollable table; cells are already-escaped HTML."""
    th = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    # Each cell names its column: on a phone the rows become labelled cards (explainer.css).
    labels = [attrs({"data-label": h}) for h in head]
    extras = row_attrs or [{} for _ in rows]
    body = "\n".join(
        f"<tr{attrs(extra)}>"
        + "".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row, strict=True))
        + "</tr>"
        for row, extra in zip(rows, extras, strict=True)
    )
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="{css}"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>"
    )


def figures_table(fb: FactBase, ctx: PageContext, *figure_ids: str, caption: str) -> str:
    """Render several figures side by side: what, how many, when, how sure, and sources.

    For estimates of one thing by several people: the label of each figure names who made
    it, so the table shows who estimates what, and when, in the order given.
    """
    if not figure_ids:
        raise ValueError("figures_table(): name at least one figure id")
    if not caption.strip():
        raise ValueError("figures_table(caption=...): say what the table compares")
    figures = [get_figure(fb, figure_id) for figure_id in figure_ids]
    # Estimates that name their estimator get a column of their own: who, beside how many.
    by_column = any(fig.estimated_by for fig in figures)
    rows = []
    for fig in figures:
        when = f'<time datetime="{fig.as_of.iso()}">{esc(fig.as_of.human())}</time>'
        if fig.period:
            when += f'<br><span class="figure-period">for {esc(fig.period)}</span>'
        status = "" if fig.status.value == "confirmed" else f" ({esc(fig.status.value)})"
        amount = figure_amount(fig.value, fig.unit, fig.low)
        row = [
            f'<strong class="figure-value">{esc(amount)}</strong>',
            mark_abbreviations(fb, esc(fig.label)) + status,
        ]
        if by_column:
            row.append(mark_abbreviations(fb, esc(fig.estimated_by)) if fig.estimated_by else "")
        row += [when, "; ".join(cite_links(fb, ctx, fig.sources))]
        rows.append(row)
    if by_column:
        head = ["Estimate", "What it counts", "Who estimates", "As of", "Sources"]
    else:
        head = ["Figure", "What it counts, and who", "As of", "Sources"]
    return table(caption, head, rows, "figures")


def claims_table(fb: FactBase, ctx: PageContext) -> str:
    """Render each seed document's claims with verdict, evidence and reason."""
    blocks = []
    for seed in fb.seeds:
        doc = seed.document
        rows = []
        for claim in seed.claims:
            evidence = [
                f'<a href="{esc(event_href(fb, ctx, e))}">{esc(get_event(fb, e).title)}</a>'
                for e in claim.events
            ]
            evidence += cite_links(fb, ctx, claim.sources)
            verdict = (
                f'<span class="verdict verdict-{esc(claim.verdict)}">'
                f"{esc(VERDICT_LABELS[claim.verdict])}</span>"
            )
            rows.append(
                [
                    f'<span id="{esc(claim.id)}">{esc(claim.claim)}</span>',
                    verdict,
                    esc(claim.reason),
                    "; ".join(evidence),
                ]
            )
        caption = f"Claims in “{doc.title}” ({doc.publisher}, {doc.date.human()})"
        header = attrs({"class": "seed", "id": doc.id})
        blocks.append(
            f"<section{header}>"
            + table(
                caption, ["Claim (our paraphrase)", "Verdict", "Why", "Evidence"], rows, "claims"
            )
            + "</section>"
        )
    return "\n".join(blocks)
