"""Small helpers shared by the pictures: an accessible <svg> shell, text sizes, label boxes.

Every picture is one self-contained inline SVG: its own <style> (light and dark schemes,
on the site and in an embed), a <title> and a <desc> named by aria-labelledby, and only
escaped data text. Pictures come in a wide and a narrow layout; CSS shows the one that
fits the screen, so that a phone gets a re-laid-out picture rather than a shrunken one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from macros.engine.markup import esc

# Colours by missile class and by event category; each has a light and a dark value. The
# classes' colours are the charts' too (--chart-* in explainer.css); every pair is far apart
# (CIEDE2000 15 or more) in each scheme: tests/test_palette.py.
CLASS_COLOURS = {
    "srbm": ("#1565c0", "#64b5f6"),
    "mrbm": ("#00838f", "#4dd0e1"),
    "irbm": ("#ef6c00", "#ffb74d"),
    "icbm": ("#c62828", "#ef9a9a"),
    "slbm": ("#6a1b9a", "#ce93d8"),
    "hypersonic": ("#ad1457", "#ff4081"),
    "cruise": ("#2e7d32", "#a5d6a7"),
    "slv": ("#795548", "#a1887f"),
    "unknown": ("#757575", "#bdbdbd"),
}
# Categories: one palette for the strip, the dots and the badges. Every colour is text-dark
# enough (4.5:1 on the page and on a highlighted entry) in its scheme, and every pair is
# far apart (CIEDE2000 15 or more); tests/test_palette.py checks both.
CATEGORY_COLOURS = {
    "missile-test": ("#b71c1c", "#ff8a80"),
    "nuclear-test": ("#7b1fa2", "#b39ddb"),
    "satellite-launch": ("#1a237e", "#e8eaf6"),
    "diplomacy": ("#1565c0", "#64b5f6"),
    "sanctions": ("#b85000", "#ffb74d"),
    "military-drill": ("#00717b", "#80deea"),
    "military": ("#5c5c5c", "#a8a8a8"),
    "policy": ("#2e7d32", "#a5d6a7"),
    "humanitarian": ("#ad1457", "#ff99cc"),
    "human-rights": ("#575000", "#dce775"),
    "statement": ("#5d4037", "#c4a784"),
}

# Scheme colours: ink (text), faint (grid, borders), land, sea, own country, accent.
_LIGHT = {
    "ink": "#1f1f1f",
    "soft": "#555",
    "faint": "#c8c8c8",
    "land": "#ece8df",
    "sea": "#dfeaf3",
    "nk": "#f3d9c6",
    "border": "#9a9a9a",
    "ring": "#8a1c1c",
    "bg": "#ffffff",
}
_DARK = {
    "ink": "#ececec",
    "soft": "#bdbdbd",
    "faint": "#4a4d55",
    "land": "#3a3d44",
    "sea": "#1d232c",
    "nk": "#5b4434",
    "border": "#8a8d94",
    "ring": "#ff8a80",
    "bg": "#1e2029",
}


def _rules(palette: dict[str, str], dark: bool) -> str:
    pick = 1 if dark else 0
    keys = "".join(
        f".pic .k-{name}{{fill:{pair[pick]};}}.pic .s-{name}{{stroke:{pair[pick]};}}"
        for name, pair in (CLASS_COLOURS | CATEGORY_COLOURS).items()
    )
    return (
        f".pic text{{fill:{palette['ink']};}}"
        f".pic .soft{{fill:{palette['soft']};}}"
        f".pic .grid{{stroke:{palette['faint']};}}"
        f".pic .land{{fill:{palette['land']};stroke:{palette['border']};}}"
        f".pic .nk{{fill:{palette['nk']};stroke:{palette['border']};}}"
        f".pic .sea{{fill:{palette['sea']};}}"
        f".pic .ring{{stroke:{palette['ring']};}}"
        f".pic .ring-label{{fill:{palette['ring']};}}"
        f".pic .halo{{stroke:{palette['bg']};}}"
        f".pic .on-sea{{stroke:{palette['sea']};}}"
        f".pic .ink{{fill:{palette['ink']};}}"
        f".pic .stroke-ink{{stroke:{palette['ink']};}}" + keys
    )


def style_block() -> str:
    """Return the <style> every picture carries: light, dark (site toggle or system), layout."""
    dark = _rules(_DARK, True)
    scoped_dark = dark.replace(".pic", '[data-md-color-scheme="slate"] .pic')
    system_dark = dark.replace(".pic", "body:not([data-md-color-scheme]) .pic")
    return (
        "<style>"
        ".pic{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;}"
        ".pic a:focus-visible>*{outline:2px solid currentColor;}"
        ".pic .halo{stroke-width:3px;paint-order:stroke;stroke-linejoin:round;}"
        + _rules(_LIGHT, False)
        + scoped_dark
        + f"@media (prefers-color-scheme:dark){{{system_dark}}}"
        + "</style>"
    )


def svg_open(
    pic_id: str,
    width: int,
    height: int,
    *,
    title: str,
    desc: str,
    css: str = "",
    links: bool = False,
) -> str:
    """Return an accessible <svg> start tag with its <title> and <desc>.

    A picture with links inside is a labelled group (its links stay reachable); one
    without is a single image. Links inside use xlink:href, which every browser follows:
    Material's instant navigation rewrites every [href] on the page and fails on SVG links.
    """
    classes = f"pic {css}".strip()
    role = "group" if links else "img"
    return (
        f'<svg class="{esc(classes)}" viewBox="0 0 {width} {height}" role="{role}" '
        f'width="{width}" height="{height}" '
        f'aria-labelledby="{esc(pic_id)}-title {esc(pic_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{esc(pic_id)}-title">{esc(title)}</title>'
        f'<desc id="{esc(pic_id)}-desc">{esc(desc)}</desc>'
    )


# Advance widths of the printable ASCII characters (space to ~), in thousandths of an em, of
# DejaVu Sans and DejaVu Sans Bold, measured in Chromium. DejaVu is among the widest sans
# fonts a reader's system-ui may be (Roboto, SF, Segoe UI and Liberation are narrower), so a
# label measured with these widths fits wherever it is drawn. Other characters count as 1 em.
_REGULAR_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 300, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD_WIDTHS = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
_OTHER_WIDTHS = {"\u2013": 500, "\u2014": 1000, "\u2019": 380, "\u00d7": 838}


def text_width(text: str, size: float, *, bold: bool = False, spacing: float = 0.0) -> float:
    """Return the width of a line of text at `size` (no font metrics at build: a wide font's).

    `bold` is for a weight of 600 or more; `spacing` is the letter-spacing, in picture units,
    that the text is drawn with (added after every character, as browsers do).
    """
    table = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    thousandths = 0
    for char in text:
        code = ord(char) - 32
        if 0 <= code < len(table):
            thousandths += table[code]
        else:
            thousandths += _OTHER_WIDTHS.get(char, 1000)
    return size * thousandths / 1000 + spacing * len(text)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in picture units."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, pad: float = 1.0) -> bool:
        """Return True when the two boxes overlap (with a little padding)."""
        return not (
            self.x + self.w + pad <= other.x
            or other.x + other.w + pad <= self.x
            or self.y + self.h + pad <= other.y
            or other.y + other.h + pad <= self.y
        )

    def inside(self, width: float, height: float) -> bool:
        """Return True when the box lies within the picture."""
        return (
            self.x >= 0 and self.y >= 0 and self.x + self.w <= width and self.y + self.h <= height
        )


def text_box(
    x: float,
    baseline: float,
    text: str,
    size: float,
    *,
    anchor: str = "start",
    bold: bool = False,
    spacing: float = 0.0,
) -> Box:
    """Return the box a line of text drawn at (x, baseline) with this text-anchor covers."""
    w = text_width(text, size, bold=bold, spacing=spacing)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return Box(left, baseline - size * 0.93, w, size * 1.17)


def place_label(
    point: tuple[float, float, float],
    text: str,
    *,
    size: float,
    taken: list[Box],
    bounds: tuple[float, float],
    order: Sequence[str] = ("right", "left", "above", "below", "ne", "se", "nw", "sw"),
    bold: bool = False,
) -> tuple[float, float, str] | None:
    """Find a spot for a point's label that overlaps no taken box; None when none is free.

    The point is (x, y, radius). Returns the text's x, its baseline y and its text-anchor,
    and appends the label's box to `taken`. `bold` says the label is drawn bold (wider).
    """
    x, y, r = point
    # A line box as browsers measure it: ascent and descent of a wide font, 1.17 em high.
    w, h = text_width(text, size, bold=bold), size * 1.17
    # Diagonal spots clear the corner of a square mark (half side 0.9 r) as well as a circle.
    d = r * 0.9 + 1
    candidates = {
        "right": (x + r + 3, y - h / 2, "start"),
        "left": (x - r - 3 - w, y - h / 2, "end"),
        "above": (x - w / 2, y - r - 2 - h, "middle"),
        "below": (x - w / 2, y + r + 2, "middle"),
        "ne": (x + d, y - d - h, "start"),
        "se": (x + d, y + d, "start"),
        "nw": (x - d - w, y - d - h, "end"),
        "sw": (x - d - w, y + d, "end"),
    }
    for where in order:
        bx, by, anchor = candidates[where]
        box = Box(bx, by, w, h)
        if not box.inside(*bounds) or any(box.overlaps(t) for t in taken):
            continue
        taken.append(box)
        tx = {"start": bx, "end": bx + w, "middle": bx + w / 2}[anchor]
        return tx, by + size * 0.93, anchor
    return None


def both_layouts(wide: str, narrow: str) -> str:
    """Wrap a wide and a narrow drawing of one picture: CSS shows the one that fits."""
    return f'<div class="pic-wide">{wide}</div><div class="pic-narrow">{narrow}</div>'


def layout_css() -> str:
    """Return the CSS that picks the layout by screen width (once per picture, tiny)."""
    return (
        "<style>"
        ".pic-wide svg,.pic-narrow svg{width:100%;height:auto;display:block;}"
        ".pic-narrow{display:none;}"
        ".pic-figure ul.pic-numbered{list-style:none;display:flex;flex-wrap:wrap;"
        "gap:.1em 1em;padding:0;margin:.3em 0;font-size:.8em;text-align:left;}"
        ".pic-figure ul.pic-numbered li{margin:0;padding:0;}"
        ".pic-figure ul.pic-numbered li::before{content:none;}"
        "figure.pic-figure{margin:1em 0;max-width:100%;width:auto;text-align:left;}"
        ".pic-figure .table-scroll{overflow-x:auto;max-width:100%;}"
        ".pic-figure .pic-sources{text-align:left;font-size:.85em;}"
        ".pic-figure ul.pic-sources{margin-top:0;}"
        "svg.pic-key{display:inline-block;vertical-align:-.1em;margin-right:.35em;}"
        "@media (max-width:599px){.pic-wide{display:none;}.pic-narrow{display:block;}}"
        "</style>"
    )


def fmt_km(km: float) -> str:
    """Format a distance for readers: '1,300 km'."""
    return f"{km:,.0f} km"


def join_ids(ids: Iterable[str]) -> str:
    """Join element ids for an aria attribute."""
    return " ".join(ids)
