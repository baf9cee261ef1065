"""Figures: a sourced statistic rendered with its value, unit, 'as of' date and citation."""

from __future__ import annotations

from macros.engine.citations import cite
from macros.engine.corrections import correction_note
from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Figure


def get_figure(fb: FactBase, figure_id: str) -> Figure:
    """Return a figure by id or raise UnknownIdError with the closest id."""
    try:
        return fb.figures[figure_id]
    except KeyError:
        raise UnknownIdError("figure", figure_id, fb.figures) from None


def _plain(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: float, unit: str) -> str:
    """Format a number with its unit for prose: '10.4 million people', '45.5%', '$107 million'."""
    if unit == "percent":
        return f"{_plain(value)}%"
    scaled = _plain(value)
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = f"{_plain(value / size)} {word}"
            break
    if unit == "usd":
        return f"${scaled}"
    if unit in ("count", "index"):
        return scaled
    return f"{scaled} {unit}"


def figure(fb: FactBase, ctx: PageContext, figure_id: str, cited: bool = True) -> str:
    """Render a figure inline: value and unit, what it measures, as-of date, citation."""
    fig = get_figure(fb, figure_id)
    period = f", {esc(fig.period)}" if fig.period else ""
    as_of = f'<time datetime="{fig.as_of.iso()}">{esc(fig.as_of.human())}</time>'
    citation = f" {cite(fb, ctx, *fig.sources)}" if cited else ""
    note = correction_note(fb, ctx, fig.id)
    citation += f" {note}" if note else ""
    return (
        f'<span class="figure" data-figure="{esc(fig.id)}">'
        f'<strong class="figure-value">{esc(format_value(fig.value, fig.unit))}</strong> '
        f'<span class="figure-label">{esc(fig.label)}</span> '
        f'<span class="figure-asof">(as of {as_of}{period})</span>{citation}</span>'
    )
