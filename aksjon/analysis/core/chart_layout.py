"""Places for a link chart's nodes, computed on the server with igraph.

The networks analysis stores a layout with each node; the chart only needs the places
scaled to a drawing (pixels), and a layout of its own when a network was stored without
one (every node at the same point). Plain Python and igraph: no Django here.
"""
from __future__ import annotations

import math

# Room per node on the drawing, in pixels at zoom 1: the chart fits the whole network on
# screen first, so this only sets how far apart nodes are once zoomed in to read labels.
SPACING = 40.0


def laid_out(points: list[tuple[float, float]]) -> bool:
    """False when every node sits at one point: nobody laid the network out."""
    return len({(round(x, 6), round(y, 6)) for x, y in points}) > 1 or len(points) <= 1


def layout(count: int, edges: list[tuple[int, int]], *, seed: int = 1) -> list[tuple[float, float]]:
    """A force-directed layout of `count` nodes joined by `edges` (index pairs).

    DrL for big graphs (near-linear), Fruchterman-Reingold for small ones (nicer, and fast
    enough below a few hundred nodes). Seeded, so the same network is drawn the same way."""
    import random

    import igraph

    if count == 0:
        return []
    graph = igraph.Graph(n=count, edges=edges)
    random.seed(seed)  # igraph draws its random starting places from Python's generator
    places = graph.layout_drl() if count > 500 else graph.layout_fruchterman_reingold(niter=300)
    return [(float(x), float(y)) for x, y in places.coords]


def to_drawing(points: list[tuple[float, float]], *, spacing: float = SPACING) -> list[tuple[float, float]]:
    """The points scaled and moved into a square of side spacing × √n pixels, from (0, 0).

    Stored layouts come in the layout algorithm's own units (a few units for FR, hundreds for
    DrL); the chart wants the same density whatever made them."""
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top = min(xs), min(ys)
    extent = max(max(xs) - left, max(ys) - top) or 1.0
    scale = spacing * math.sqrt(len(points)) / extent
    return [(round((x - left) * scale, 1), round((y - top) * scale, 1)) for x, y in points]
