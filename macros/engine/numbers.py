"""Numbers written for prose: a figure's value with its unit."""

from __future__ import annotations


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


def format_span(low: float, high: float, unit: str) -> str:
    """Format a range for prose: '45 to 55', '1 to 2 tonnes', '10 million to 12 million people'."""
    first = format_value(low, unit)
    last = format_value(high, unit)
    suffix = f" {unit}"
    if unit not in ("percent", "usd", "count", "index") and first.endswith(suffix):
        first = first[: -len(suffix)]
    return f"{first} to {last}"


def figure_amount(value: float, unit: str, low: float | None = None) -> str:
    """Format a figure's number: one value, or its range when it has a lower end."""
    return format_value(value, unit) if low is None else format_span(low, value, unit)
