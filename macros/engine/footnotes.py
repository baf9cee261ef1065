"""Citations that stay out of the way: numbered markers in the text, the sources at the end.

cite() writes a full citation, "(Publisher; Publisher)", marked with the ids it cites. Once a
page is rendered, number_citations() turns each such citation into superscript numbers
(one per source, numbered in order of first use on the page) and lists the sources under
a "Sources" heading at the end of the page. Datasets (sources of kind "dataset") are not
repeated in the text: the list credits them once for the whole page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.engine.citations import get_source, source_href, source_tooltip
from macros.engine.factbase import FactBase
from macros.engine.markup import PageContext, attrs, esc, ext_link
from macros.engine.schema import Source, SourceKind

# A citation as cite() writes it (no nested span inside), with the space before it: a marker
# sits right after the word it supports, and a dataset-only citation leaves no gap.
CITATION = re.compile(r'\s*<span class="cite" data-cite="(?P<ids>[a-z0-9 -]+)">.*?</span>', re.S)
# The list goes before the page's "Last updated" line, when it has one.
_UPDATED = '<p class="page-updated"'
LIST_ID = "sources-on-this-page"


@dataclass
class _Numbering:
    order: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)

    def number(self, source_id: str) -> int:
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1


def _marker(fb: FactBase, number: int, source: Source) -> str:
    attr = attrs({"href": f"#ref-{number}", "class": "cite-ref", "title": source_tooltip(source)})
    return f"<a{attr}>{number}</a>"


def _entry(fb: FactBase, ctx: PageContext, number: int, source: Source) -> str:
    title = esc(source.title) if source.title else "Web page"
    date = f", {esc(source.date.human())}" if source.date is not None else ""
    more = attrs({"href": source_href(fb, ctx, source.id), "class": "ref-more"})
    return (
        f'<li id="ref-{number}"><span class="ref-publisher">{esc(source.publisher)}</span>, '
        f"{ext_link(source.url, title, 'ref-title')}{date}. "
        f'<a{more} aria-label="About this source: {esc(source.publisher)}">About</a></li>'
    )


def _credit(fb: FactBase, ctx: PageContext, dataset_ids: list[str]) -> str:
    names = []
    for source_id in dataset_ids:
        source = fb.sources[source_id]
        name = esc(source.title or source.publisher)
        names.append(f'<a href="{esc(source_href(fb, ctx, source_id))}">{name}</a>')
    joined = "; ".join(names)
    return f'<p class="ref-datasets">Data on this page comes from: {joined}.</p>'


def sources_section(fb: FactBase, ctx: PageContext, numbering: _Numbering) -> str:
    """Render the page's list of sources: the datasets credited once, then each numbered."""
    if not numbering.order and not numbering.datasets:
        return ""
    parts = [
        f'<section class="page-refs" aria-labelledby="{LIST_ID}">',
        f'<h2 id="{LIST_ID}">Sources</h2>',
    ]
    if numbering.datasets:
        parts.append(_credit(fb, ctx, numbering.datasets))
    if numbering.order:
        items = "".join(
            _entry(fb, ctx, n, fb.sources[sid]) for n, sid in enumerate(numbering.order, 1)
        )
        parts.append(f'<ol class="page-refs-list">{items}</ol>')
    parts.append("</section>")
    return "\n".join(parts)


def number_citations(fb: FactBase, ctx: PageContext, page_html: str) -> str:
    """Turn a rendered page's citations into numbered markers and add its list of sources."""
    numbering = _Numbering()

    def replace(match: re.Match[str]) -> str:
        markers = []
        for source_id in match.group("ids").split():
            source = get_source(fb, source_id)
            if source.kind is SourceKind.DATASET:
                if source_id not in numbering.datasets:
                    numbering.datasets.append(source_id)
                continue
            markers.append(_marker(fb, numbering.number(source_id), source))
        if not markers:
            return ""
        return f'<sup class="cite-refs">{",".join(markers)}</sup>'

    body = CITATION.sub(replace, page_html)
    section = sources_section(fb, ctx, numbering)
    if not section:
        return page_html
    at = body.rfind(_UPDATED)
    if at == -1:
        return f"{body}\n{section}"
    return f"{body[:at]}{section}\n{body[at:]}"
