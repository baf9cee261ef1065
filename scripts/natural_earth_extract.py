"""Regenerate data/geo/natural-earth-extract.json, the map outlines, from Natural Earth.

The source is Natural Earth 4.1.0 (public domain) as redistributed by the npm package
world-atlas 2.0.2 (TopoJSON, ISC licence). Get it once with the ordinary npm client, then
run this script; nothing is downloaded when the site is built:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/natural_earth_extract.py package/ data/geo/natural-earth-extract.json

It writes two layers, both in longitude/latitude degrees:
- "region": the countries (1:50m) that touch the box of the launch-site map, clipped to it,
  with their names, so that North Korea can be told apart from its neighbours;
- "world": all land (1:110m), thinned to the detail a whole-globe map can show.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

# The launch-site map's box (lon_min, lat_min, lon_max, lat_max), with room to spare.
REGION_BOX = (117.0, 32.0, 137.0, 46.0)
REGION_COUNTRIES = ("North Korea", "South Korea", "China", "Russia", "Japan")
REGION_DECIMALS = 2
# The whole-globe map is about 400 px across 40,000 km: a tenth of a degree is plenty.
WORLD_DECIMALS = 1
WORLD_MIN_POINTS = 4

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Turn TopoJSON's quantized, delta-encoded arcs into lists of lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs: list[list[Point]], indexes: Iterable[int]) -> Ring:
    """Join a ring's arcs (a negative index means the arc reversed, ~i)."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc[1:] if ring else arc)
    return ring


def polygons(arcs: list[list[Point]], geometry: dict[str, Any]) -> list[list[Ring]]:
    """Return a geometry's polygons, each a list of rings."""
    if geometry["type"] == "Polygon":
        return [[ring_points(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_points(arcs, r) for r in poly] for poly in geometry["arcs"]]
    return []


def clip_ring(ring: Ring, box: Sequence[float]) -> Ring:
    """Clip a closed ring to a lon/lat box (Sutherland-Hodgman, one box side at a time)."""
    x0, y0, x1, y1 = box

    def clip(points: Ring, inside: Any, cut: Any) -> Ring:
        out: Ring = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cut(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cut(previous, current))
        return out

    def at_x(x: float) -> Any:
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y: float) -> Any:
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    points = ring
    for inside, cut in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            break
        points = clip(points, inside, cut)
    return points


def rounded(ring: Ring, decimals: int) -> list[list[float]]:
    """Round a ring's points and drop the repeats that rounding makes."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, decimals), round(lat, decimals)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def region_layer(folder: Path) -> list[dict[str, Any]]:
    """Return the named countries of the region, clipped to REGION_BOX."""
    topology = json.loads((folder / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    layer = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        if name not in REGION_COUNTRIES:
            continue
        rings = []
        for polygon in polygons(arcs, geometry):
            for ring in polygon:
                clipped = rounded(clip_ring(ring, REGION_BOX), REGION_DECIMALS)
                if len(clipped) >= 3:
                    rings.append(clipped)
        if rings:
            layer.append({"name": name, "rings": rings})
    return sorted(layer, key=lambda c: str(c["name"]))


def world_layer(folder: Path) -> list[list[list[float]]]:
    """Return all land as thinned rings."""
    topology = json.loads((folder / "land-110m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons(arcs, geometry):
            outer = rounded(polygon[0], WORLD_DECIMALS)
            if len(outer) >= WORLD_MIN_POINTS:
                rings.append(outer)
    return rings


def main(argv: Sequence[str]) -> int:
    """Read the world-atlas package folder and write the extract."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    folder, target = Path(argv[0]), Path(argv[1])
    extract = {
        "source": "Natural Earth 4.1.0 (public domain), via the npm package world-atlas 2.0.2",
        "region_box": list(REGION_BOX),
        "region": region_layer(folder),
        "world": world_layer(folder),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(extract, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
