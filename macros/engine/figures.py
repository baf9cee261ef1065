"""Figures: a sourced statistic written as a phrase of a sentence, with its period and citation."""

from __future__ import annotations

from macros.engine import glossary
from macros.engine.citations import cite
from macros.engine.corrections import correction_note
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, esc
from macros.engine.numbers import figure_amount, format_value
from macros.engine.schema import Figure

__all__ = ["figure", "format_value", "get_figure"]


def get_figure(fb: FactBase, figure_id: str) -> Figure:
    """Return a figure by id or raise UnknownIdError with the closest id."""
    try:
        return fb.figures[figure_id]
    except KeyError:
        raise UnknownIdError("figure", figure_id, fb.figures) from None


def figure(
    fb: FactBase,
    ctx: PageContext,
    figure_id: str,
    *,
    cited: bool = True,
    label: bool = True,
    dated: bool = True,
    by: bool = True,
) -> str:
    """Render a figure as a phrase of a sentence, then its citation.

    '41.6% of the population undernourished in 2019–2021' followed by the source. A range
    reads '45 to 55 warheads (estimated by SIPRI)': the label carries who estimates it.
    The period the figure describes is written inline ("in 2019–2021"); a figure without one
    says when it was published ("as of April 2020"). label=False leaves only the number (for
    prose that names what is counted), dated=False leaves out the period or date (for prose
    that already gives it), cited=False the citation (when the sentence already cites it),
    by=False who estimates it (when the sentence already names them).
    """
    fig = get_figure(fb, figure_id)
    as_of = f'<time datetime="{fig.as_of.iso()}">{esc(fig.as_of.human())}</time>'
    amount = figure_amount(fig.value, fig.unit, fig.low)
    parts = [f'<strong class="figure-value">{esc(amount)}</strong>']
    if label:
        label_html = glossary.mark_abbreviations(fb, esc(fig.label))
        parts.append(f' <span class="figure-label">{label_html}</span>')
        if by and fig.estimated_by:
            by_html = glossary.mark_abbreviations(fb, esc(fig.estimated_by))
            parts.append(f' <span class="figure-by">(estimated by {by_html})</span>')
    if dated and fig.period:
        parts.append(f' <span class="figure-period">in {esc(fig.period)}</span>')
    elif dated:
        parts.append(f' <span class="figure-asof">as of {as_of}</span>')
    if cited:
        parts.append(f" {cite(fb, ctx, *fig.sources)}")
    note = correction_note(fb, ctx, fig.id)
    if note:
        parts.append(f" {note}")
    title = f"Figure published {fig.as_of.human()}"
    return (
        f'<span class="figure" data-figure="{esc(fig.id)}" data-as-of="{fig.as_of.iso()}"'
        f' title="{esc(title)}">{"".join(parts)}</span>'
    )
