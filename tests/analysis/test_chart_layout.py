"""The link chart's places (aksjon/analysis/core/chart_layout.py): plain Python and igraph."""
from __future__ import annotations

import math

from aksjon.analysis.core.chart_layout import SPACING, laid_out, layout, to_drawing


def test_places_are_scaled_into_a_square_that_grows_with_the_network():
    drawn = to_drawing([(-2.0, 1.0), (2.0, 1.0), (0.0, 3.0), (0.0, -1.0)])
    side = SPACING * math.sqrt(4)
    assert min(x for x, _ in drawn) == 0 and min(y for _, y in drawn) == 0
    assert max(max(x for x, _ in drawn), max(y for _, y in drawn)) == side
    # The shape is kept: the two ends of the horizontal line stay level.
    assert drawn[0][1] == drawn[1][1]


def test_one_point_or_none_is_no_trouble():
    assert to_drawing([]) == []
    assert to_drawing([(5.0, 5.0)]) == [(0.0, 0.0)]
    assert to_drawing([(1.0, 1.0), (1.0, 1.0)]) == [(0.0, 0.0), (0.0, 0.0)]


def test_a_network_stored_at_one_point_is_not_laid_out():
    assert not laid_out([(0.0, 0.0)] * 3)
    assert laid_out([(0.0, 0.0), (1.0, 0.0)])
    assert laid_out([(0.0, 0.0)])


def test_the_layout_places_every_node_apart_and_the_same_way_twice():
    edges = [(i, i + 1) for i in range(29)] + [(0, 29)]
    first = layout(30, edges, seed=3)
    assert len(first) == 30 and len({(round(x, 3), round(y, 3)) for x, y in first}) == 30
    assert layout(30, edges, seed=3) == first
    assert layout(0, []) == []

