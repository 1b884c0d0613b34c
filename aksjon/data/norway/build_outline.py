"""Regenerate outline.json from Natural Earth's country boundaries (dev time only).

Natural Earth is public domain; it comes here through the npm package `world-atlas`
(ISC), which redistributes it as TopoJSON. Nothing is fetched when Aksjon runs.

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python aksjon/data/norway/build_outline.py /tmp/package/countries-50m.json

The script decodes the TopoJSON arcs of Norway (id "578"), keeps the mainland and
the bigger islands (Svalbard, Jan Mayen and Bouvet Island are left out: they would
stretch the map for no town of ours), simplifies each ring with Douglas–Peucker and
writes a list of rings of [lon, lat], rounded to 0.001° (about 100 m).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

NORWAY_ID = "578"
OUT = Path(__file__).with_name("outline.json")
# Mainland Norway and its coastal islands lie within these bounds; Svalbard (74–81° N),
# Jan Mayen (8° W) and Bouvet Island (54° S) do not.
LAT_RANGE = (57.5, 71.5)
LON_RANGE = (4.0, 32.0)
X_SCALE = math.cos(math.radians(64))  # the same equirectangular scaling the map uses
MIN_AREA = 0.006  # square degrees (scaled): drops islets too small to see on a phone
TOLERANCE = 0.015  # degrees (scaled): about 1.7 km


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Un-delta and un-quantize every arc of a quantized topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index (~i) is arc i reversed; shared ends appear once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def area(points: list[tuple[float, float]]) -> float:
    """Shoelace area in scaled degrees."""
    return abs(sum((x1 * X_SCALE) * y2 - (x2 * X_SCALE) * y1
                   for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative, distances measured with longitude scaled by cos(64°)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        ax, bx = ax * X_SCALE, bx * X_SCALE
        length = math.hypot(bx - ax, by - ay)
        worst, worst_at = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i][0] * X_SCALE, points[i][1]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_at = distance, i
        if worst_at is not None and worst > tolerance:
            keep.add(worst_at)
            stack += [(first, worst_at), (worst_at, last)]
    return [points[i] for i in sorted(keep)]


def in_mainland_bounds(points: list[tuple[float, float]]) -> bool:
    return all(LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1] for lon, lat in points)


def norway_rings(topology: dict) -> list[list[list[float]]]:
    arcs = decode_arcs(topology)
    geometry = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == NORWAY_ID)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        outer = ring_points(polygon[0], arcs)  # holes (lakes) are not drawn
        if not in_mainland_bounds(outer) or area(outer) < MIN_AREA:
            continue
        simple = simplify(outer, TOLERANCE)
        if len(simple) >= 4:
            rings.append([[round(lon, 3), round(lat, 3)] for lon, lat in simple])
    rings.sort(key=len, reverse=True)
    return rings


def main(path: str) -> None:
    rings = norway_rings(json.loads(Path(path).read_text()))
    OUT.write_text(json.dumps(rings, separators=(",", ":")) + "\n")
    print(f"{len(rings)} rings, {sum(map(len, rings))} points, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
