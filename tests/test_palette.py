"""The category colours: one palette, readable as text, and every pair clearly distinct.

The same eleven colours mark a category in the timeline strip (svgkit.CATEGORY_COLOURS), on
each entry's dot and badge (explainer.css) and in the embed (frame.css), in a light and a dark
scheme. A badge is text in its colour, so each colour must reach WCAG AA (4.5:1) on the page
and on a highlighted entry; two categories must never look alike: CIEDE2000 (the CIE's
colour-difference formula) of 15 or more between every pair, in each scheme. For colour-blind
readers the pairs are also compared as they look with protanopia and deuteranopia (the
simulation of Machado, Oliveira and Fernandes, 2009, at full severity); there the bar is
lower, since eleven colours cannot all stay apart on one axis, and every badge also names
its category in words.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from macros.northkorea.records import Category
from macros.northkorea.svgkit import CATEGORY_COLOURS, CLASS_COLOURS

ROOT = Path(__file__).resolve().parent.parent
EXPLAINER_CSS = ROOT / "overrides" / "assets" / "explainer.css"
FRAME_CSS = ROOT / "overrides" / "embed" / "frame.css"
# Backgrounds a badge sits on: the page and a highlighted (linked-to) entry. Material's slate
# page is hsl(232 15% 14%) = #1e2029; the embed's dark page is #1e2129.
LIGHT_GROUNDS = ("#ffffff", "#fff3c4")
DARK_GROUNDS = ("#1e2029", "#1e2129", "#3b3520")
MIN_CONTRAST = 4.5
MIN_DELTA_E = 15.0
MIN_DELTA_E_COLOUR_BLIND = 3.0

Lab = tuple[float, float, float]


def _linear(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    """Return the WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(c: str) -> float:
        r, g, b = _linear(c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _lab(rgb: tuple[float, float, float]) -> Lab:
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


# Machado et al. 2009, severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}


def lab(hex_colour: str, vision: str | None = None) -> Lab:
    """Return a colour's CIELAB (D65), as seen with normal vision or a simulated deficiency."""
    rgb = _linear(hex_colour)
    if vision is not None:
        m = SIMULATIONS[vision]
        rgb = tuple(min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3))  # type: ignore[assignment]
    return _lab(rgb)


def delta_e_2000(one: Lab, two: Lab) -> float:
    """Return CIEDE2000 (Sharma, Wu and Dalal's formulation) between two CIELAB colours."""
    l1, a1, b1 = one
    l2, a2, b2 = two
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


@pytest.mark.parametrize(
    ("one", "two", "expected"),
    [  # Sharma, Wu and Dalal (2005), table 1: pairs 1, 7, 17 and 25.
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_pairs(one: Lab, two: Lab, expected: float) -> None:
    assert delta_e_2000(one, two) == pytest.approx(expected, abs=1e-4)


def _css_palettes(path: Path, prefix: str) -> list[dict[str, str]]:
    """Return each block of category colours in a stylesheet, in order."""
    blocks: list[dict[str, str]] = []
    names = {c.value for c in Category}
    for name, colour in re.findall(
        rf"{re.escape(prefix)}([a-z-]+):\s*(#[0-9a-fA-F]{{6}})", path.read_text()
    ):
        if name not in names:
            continue
        if not blocks or name in blocks[-1]:
            blocks.append({})
        blocks[-1][name] = colour.lower()
    return blocks


def test_every_category_has_one_palette_on_the_strip_the_badges_and_the_embed() -> None:
    assert set(CATEGORY_COLOURS) == {c.value for c in Category}
    light = {k: v[0] for k, v in CATEGORY_COLOURS.items()}
    dark = {k: v[1] for k, v in CATEGORY_COLOURS.items()}
    # explainer.css: light, then Material's dark (slate) scheme.
    assert _css_palettes(EXPLAINER_CSS, "--tl-") == [light, dark]
    # frame.css: light, the reader's dark setting, then ?theme=dark.
    assert _css_palettes(FRAME_CSS, "--") == [light, dark, dark]


@pytest.mark.parametrize(("scheme", "grounds"), [(0, LIGHT_GROUNDS), (1, DARK_GROUNDS)])
def test_every_category_colour_reads_as_text(scheme: int, grounds: tuple[str, ...]) -> None:
    weak = [
        (name, pair[scheme], ground, round(contrast(pair[scheme], ground), 2))
        for name, pair in CATEGORY_COLOURS.items()
        for ground in grounds
        if contrast(pair[scheme], ground) < MIN_CONTRAST
    ]
    assert weak == []


@pytest.mark.parametrize(
    "palette", [CATEGORY_COLOURS, CLASS_COLOURS], ids=["categories", "missile-classes"]
)
@pytest.mark.parametrize("scheme", [0, 1], ids=["light", "dark"])
@pytest.mark.parametrize(
    ("vision", "least"),
    [
        (None, MIN_DELTA_E),
        ("protanopia", MIN_DELTA_E_COLOUR_BLIND),
        ("deuteranopia", MIN_DELTA_E_COLOUR_BLIND),
    ],
)
def test_no_two_colours_of_a_palette_look_alike(
    palette: dict[str, tuple[str, str]], scheme: int, vision: str | None, least: float
) -> None:
    close = [
        (a, b, round(delta_e_2000(lab(ca[scheme], vision), lab(cb[scheme], vision)), 1))
        for (a, ca), (b, cb) in itertools.combinations(palette.items(), 2)
        if delta_e_2000(lab(ca[scheme], vision), lab(cb[scheme], vision)) < least
    ]
    assert close == []


def test_the_old_palette_fails_the_distinctness_check() -> None:
    """The colours before: dark 'Missile test' and 'Humanitarian' both pink, two light browns;
    among the missile classes, dark ICBM and hypersonic the same two pinks (10.1), and dark
    SLV and unknown both grey (9.1)."""
    assert delta_e_2000(lab("#ef9a9a"), lab("#f48fb1")) < MIN_DELTA_E
    assert delta_e_2000(lab("#795548"), lab("#7a5d53")) < MIN_DELTA_E
    assert delta_e_2000(lab("#bcaaa4"), lab("#bdbdbd")) < MIN_DELTA_E


def test_the_charts_and_the_pictures_share_one_class_palette() -> None:
    """The missile classes: the same colours in the charts (CSS) and the pictures (SVG)."""
    found = re.findall(r"--chart-([a-z]+):\s*(#[0-9a-fA-F]{6})", EXPLAINER_CSS.read_text())
    light = {k: v[0] for k, v in CLASS_COLOURS.items()}
    dark = {k: v[1] for k, v in CLASS_COLOURS.items()}
    assert [dict(found[: len(light)]), dict(found[len(light) : 2 * len(light)])] == [light, dark]


def test_every_class_colour_stands_out_as_a_mark() -> None:
    """Bars and marks need 3:1 against the page (WCAG 1.4.11) in each scheme."""
    weak = [
        (name, pair[scheme], ground, round(contrast(pair[scheme], ground), 2))
        for name, pair in CLASS_COLOURS.items()
        for scheme, grounds in ((0, LIGHT_GROUNDS[:1]), (1, DARK_GROUNDS[:2]))
        for ground in grounds
        if contrast(pair[scheme], ground) < 3.0
    ]
    assert weak == []
