"""A map of mainland Norway with a circle per town, drawn as inline SVG.

The outline is Natural Earth's (public domain), shipped in aksjon/data/norway/outline.json
(see the README there). Nothing is fetched and no tile is used.

Projection: equirectangular with longitude scaled by cos(64°), the latitude of the
middle of Norway: x = lon·cos 64°, y = −lat, in degrees. Over 58–71° N the scale in
x is off by at most a factor cos 58°/cos 64° ≈ 1.21 (south: a little narrow) or
cos 64°/cos 71° ≈ 1.35 (north: a little wide) — plenty for seeing where controls
were, and simple enough to check by hand.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils.html import escape
from django.utils.safestring import SafeString

from aksjon.reports.charts import PALETTE, is_count, svg, text, withheld_text

X_SCALE = math.cos(math.radians(64))
WIDTH = 400  # viewBox units; the height follows from Norway's shape
MARGIN = 10
R_MAX = 22  # radius of the largest value's circle
R_MIN = 2.5  # no filled circle smaller than this, so a count of 1 still shows
R_WITHHELD = 4
MAX_LABELS = 15
LABEL_CHAR_WIDTH = 6.3  # rough width of a character at 11 px, to keep names from overlapping


@dataclass(frozen=True)
class MapPoint:
    name: str
    lat: float
    lon: float
    value: int | str | None  # a count, or a Withheld marker / None for a value not shown
    label: str = ""  # what the point's tooltip says after the name; the value when empty


@dataclass(frozen=True)
class _Frame:
    """Where degrees land in the viewBox."""
    west: float
    north: float
    scale: float
    height: int

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (MARGIN + (lon - self.west) * X_SCALE * self.scale, MARGIN + (self.north - lat) * self.scale)


@cache
def outline() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The rings of [lon, lat] of mainland Norway and its bigger islands."""
    raw = resources.files("aksjon.data").joinpath("norway/outline.json").read_text("utf-8")
    return tuple(tuple((lon, lat) for lon, lat in ring) for ring in json.loads(raw))


@cache
def _frame() -> _Frame:
    points = [p for ring in outline() for p in ring]
    west, east = min(lon for lon, _ in points), max(lon for lon, _ in points)
    south, north = min(lat for _, lat in points), max(lat for _, lat in points)
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * X_SCALE)
    return _Frame(west, north, scale, math.ceil((north - south) * scale + 2 * MARGIN))


@cache
def _outline_path() -> str:
    frame = _frame()
    rings = []
    for ring in outline():
        xy = [frame.xy(lat, lon) for lon, lat in ring]
        rings.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return f'<path class="outline" d="{"".join(rings)}" fill="#e8ecef" stroke="#8a97a3" stroke-width="0.6"/>'


def _inside(frame: _Frame, x: float, y: float) -> bool:
    return 0 <= x <= WIDTH and 0 <= y <= frame.height


def norway_map(points: list[MapPoint], *, title: str, withheld_label: str = "< 5") -> SafeString:
    """Circles whose area grows with the value; a withheld value is a small hollow ring.

    Points outside mainland Norway's frame (a town abroad) are left out. Only the 15
    largest counts are named on the map, to keep it readable; every point has a tooltip.
    """
    frame = _frame()
    placed = [(p, *frame.xy(p.lat, p.lon)) for p in points]
    placed = [item for item in placed if _inside(frame, item[1], item[2])]
    top = max((p.value for p, _, _ in placed if is_count(p.value)), default=0)
    # Biggest first, so a small circle is drawn over a big neighbour rather than hidden under it.
    placed.sort(key=lambda item: -_radius(item[0].value, top))
    body = [_outline_path()]
    body += [_marker(p, x, y, top, withheld_label) for p, x, y in placed]
    body += _labels(placed, top)
    return svg(WIDTH, frame.height, title, body, "norway-map")


def _radius(value, top: int) -> float:
    if not is_count(value):
        return R_WITHHELD
    if top <= 0 or value <= 0:
        return R_MIN
    return max(R_MIN, R_MAX * math.sqrt(value / top))  # area, not radius, is proportional to the value


def _marker(point: MapPoint, x: float, y: float, top: int, withheld_label: str) -> str:
    shown = point.label or (str(point.value) if is_count(point.value) else withheld_text(point.value, withheld_label))
    tooltip = f"<title>{escape(point.name)}: {escape(shown)}</title>"
    if is_count(point.value):
        return (f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{_radius(point.value, top):.2f}" '
                f'fill="{PALETTE[1]}" fill-opacity="0.6" stroke="#7a2f00" stroke-width="0.8">{tooltip}</circle>')
    return (f'<circle class="point withheld" cx="{x:.1f}" cy="{y:.1f}" r="{R_WITHHELD}" fill="none" '
            f'stroke="#333" stroke-width="1.2">{tooltip}</circle>')


def _labels(placed: list[tuple[MapPoint, float, float]], top: int) -> list[str]:
    """Names of the largest counts, right of the circle (left of it at the east edge); a name that would
    overlap one already placed is left out (its tooltip still names it)."""
    counted = [item for item in placed if is_count(item[0].value) and item[0].value > 0]
    counted.sort(key=lambda item: (-item[0].value, item[0].name))
    taken: list[tuple[float, float, float, float]] = []
    labels: list[str] = []
    for point, x, y in counted:
        if len(taken) == MAX_LABELS:
            break
        r, width = _radius(point.value, top), LABEL_CHAR_WIDTH * len(point.name)
        left, anchor, text_x = x + r + 2, "start", x + r + 2
        if left + width > WIDTH:  # in the far east: the name goes left of the circle
            left, anchor, text_x = x - r - 2 - width, "end", x - r - 2
        box = (left, y - 8, left + width, y + 5)
        if not any(_overlap(box, other) for other in taken):
            taken.append(box)
            labels += _label(point.name, text_x, y + 4, anchor)
    return labels


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label(name: str, x: float, y: float, anchor: str) -> list[str]:
    # A white halo under the name keeps it readable over the outline and the circles; drawn as a
    # second text rather than with paint-order, which WeasyPrint does not follow.
    return [text(x, y, name, class_="halo", font_size="11", text_anchor=anchor, fill="#fff", stroke="#fff",
                 stroke_width="3", stroke_linejoin="round", aria_hidden="true"),
            text(x, y, name, class_="place", font_size="11", text_anchor=anchor)]
