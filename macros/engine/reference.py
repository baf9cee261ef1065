"""Reference renderers: the glossary and the seed-claims table, and the table they share."""

from __future__ import annotations

from macros.engine.citations import cite_links
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, attrs, esc
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
        rows.append(
            f'<dt id="{esc(term.id)}">{esc(term.term)}</dt>'
            f"<dd>{esc(term.definition)}{cited}{see}</dd>"
        )
    return f'<dl class="glossary">\n{"".join(rows)}\n</dl>'


def table(caption: str, head: list[str], rows: list[list[str]], css: str) -> str:
    """Render a captioned, scrollable table; cells are already-escaped HTML."""
    th = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{esc(caption)}">'
        f'<table class="{css}"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>"
    )


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
