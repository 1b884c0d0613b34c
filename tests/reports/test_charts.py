"""The SVG bar and line charts and the map of Norway (no database)."""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import weasyprint

from aksjon.core.disclosure import Withheld
from aksjon.registry.reference import places
from aksjon.reports.charts import BAR_LEFT, BAR_RIGHT, bar_chart, line_chart
from aksjon.reports.norway_map import R_MAX, MapPoint, norway_map, outline

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script>'


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(NS + "text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(NS + "rect") if r.get("class") == "bar"]


def town(name: str) -> MapPoint:
    row = next(r for r in places() if r["town"] == name)
    return MapPoint(name, float(row["lat"]), float(row["lon"]), 10)


def circle_of(root: ET.Element, name: str) -> ET.Element:
    return next(c for c in root.iter(NS + "circle") if c.find(NS + "title").text.startswith(name + ":"))


# ---- bar chart ----------------------------------------------------------------------------------


def test_bar_chart_escapes_a_hostile_label():
    markup = bar_chart([(HOSTILE, 3)], title="Venues & <b>towns</b>")
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)
    assert HOSTILE in texts(root)
    assert root.get("aria-label") == "Venues & <b>towns</b>"
    assert root.find(NS + "title").text == "Venues & <b>towns</b>"


def test_bar_chart_draws_one_bar_per_count_and_none_for_a_withheld_value():
    rows = [("Oslo", 12), ("Bergen", 7), ("Tromsø", Withheld.SMALL), ("Bodø", 0), ("Hamar", Withheld.SECONDARY),
            ("Vardø", None)]
    root = parse(bar_chart(rows, title="Controls"))
    assert len(bars(root)) == 3  # Oslo, Bergen and Bodø (a zero is a count: a bar of no length)
    assert root.get("role") == "img"
    shown = texts(root)
    assert shown.count("< 5") == 1 and shown.count("–") == 2
    groups = root.findall(NS + "g")
    assert [g.find(NS + "rect") is None for g in groups] == [False, False, True, False, True, True]


def test_bar_chart_names_the_withheld_label_it_is_given():
    root = parse(bar_chart([("Oslo", Withheld.SMALL)], title="Controls", withheld_label="færre enn 5"))
    assert "færre enn 5" in texts(root) and not bars(root)


def test_bar_widths_are_proportional_to_the_values():
    root = parse(bar_chart([("a", 10), ("b", 5), ("c", 2)], title="t"))
    widths = [float(b.get("width")) for b in bars(root)]
    assert widths[0] == BAR_RIGHT - BAR_LEFT
    assert math.isclose(widths[1], widths[0] / 2, rel_tol=1e-3)
    assert math.isclose(widths[2], widths[0] / 5, rel_tol=1e-3)
    labels = [t.text for t in root.iter(NS + "text") if t.get("class") == "value"]
    assert labels == ["10", "5", "2"]


def test_bar_chart_scale_max_leaves_room_so_charts_compare():
    root = parse(bar_chart([("a", 10)], title="t", scale_max=40))
    assert math.isclose(float(bars(root)[0].get("width")), (BAR_RIGHT - BAR_LEFT) / 4, rel_tol=1e-3)


def test_bar_chart_grows_with_its_rows_and_scales_to_its_container():
    short, tall = parse(bar_chart([("a", 1)], title="t")), parse(bar_chart([(str(i), i) for i in range(10)], title="t"))
    height = [float(svg.get("viewBox").split()[3]) for svg in (short, tall)]
    assert height[1] > 5 * height[0]
    assert tall.get("width") == "100%" and tall.get("viewBox").split()[2] == "640"


def test_bar_chart_keeps_thai_and_norwegian_text():
    root = parse(bar_chart([("ร้านนวดไทย Ærfuglveien", 3), ("Østre Ål", 2)], title="Språk"))
    assert {"ร้านนวดไทย Ærfuglveien", "Østre Ål"} <= set(texts(root))
    assert "sans-serif" in root.get("font-family")


# ---- line chart ---------------------------------------------------------------------------------


def test_line_chart_draws_a_dashed_reference_line_with_its_label():
    root = parse(line_chart({"Share": [("A", 0.8), ("B", 0.4)]}, title="Trend",
                            references=[("Swedish mapping 2017: 80 %", 0.8)]))
    reference = next(g for g in root.iter(NS + "g") if g.get("class") == "reference")
    line = reference.find(NS + "line")
    assert line.get("stroke-dasharray")
    assert reference.find(NS + "text").text == "Swedish mapping 2017: 80 %"
    point_at_80 = next(c for c in root.iter(NS + "circle") if c.get("class") == "point")
    assert float(point_at_80.get("cy")) == float(line.get("y1"))  # the reference sits at the same height


def test_line_chart_leaves_a_gap_for_a_missing_value():
    root = parse(line_chart({"Share": [("A", 0.5), ("B", None), ("C", 0.7), ("D", 0.6)]}, title="Trend"))
    lines = list(root.iter(NS + "polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # A stands alone; C–D joined
    assert len([c for c in root.iter(NS + "circle") if c.get("class") == "point"]) == 3
    assert "B" in texts(root)  # the x label stays


def test_line_chart_shows_a_single_operation_as_a_point():
    root = parse(line_chart({"Share": [("Aksjon 2025", 0.42)]}, title="Trend"))
    point = next(c for c in root.iter(NS + "circle") if c.get("class") == "point")
    assert float(point.get("r")) > 0 and not list(root.iter(NS + "polyline"))
    assert point.find(NS + "title").text == "Share – Aksjon 2025: 42 %"


def test_line_chart_uses_the_same_x_for_the_same_operation_and_has_a_legend():
    root = parse(line_chart({"One": [("A", 0.1), ("B", 0.2)], "Two": [("A", 0.3), ("B", 0.4)]}, title="t"))
    xs = {}
    for circle in root.iter(NS + "circle"):
        if circle.get("class") == "point":
            xs.setdefault(circle.find(NS + "title").text.split(" – ")[1][0], set()).add(circle.get("cx"))
    assert len(xs["A"]) == 1 and len(xs["B"]) == 1 and xs["A"] != xs["B"]
    legend = next(g for g in root.iter(NS + "g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(NS + "text")] == ["One", "Two"]
    assert "100 %" in texts(root) and "0 %" in texts(root)


def test_line_chart_without_percent_scales_to_its_values():
    root = parse(line_chart({"Controls": [("A", 37.0), ("B", 12.0)]}, title="t", percent=False))
    assert "%" not in "".join(texts(root))
    tops = [float(c.get("cy")) for c in root.iter(NS + "circle") if c.get("class") == "point"]
    assert tops[0] < tops[1]


# ---- map ----------------------------------------------------------------------------------------


def test_map_draws_the_outline():
    root = parse(norway_map([], title="Controls by town"))
    path = next(p for p in root.iter(NS + "path") if p.get("class") == "outline")
    assert path.get("d").count("M") == len(outline()) >= 10
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert height > width * 0.9 and root.get("width") == "100%"


def test_map_puts_towns_where_they_are():
    root = parse(norway_map([town("Oslo"), town("Tromsø"), town("Bergen")], title="Controls"))
    oslo, tromso, bergen = (circle_of(root, name) for name in ("Oslo", "Tromsø", "Bergen"))
    assert float(oslo.get("cy")) > float(tromso.get("cy"))  # Oslo is further south
    assert float(bergen.get("cx")) < float(oslo.get("cx"))  # Bergen is further west
    assert float(tromso.get("cx")) > float(oslo.get("cx"))  # Tromsø is further east


def test_map_circle_area_grows_with_the_value_and_a_withheld_value_is_hollow():
    points = [MapPoint("Oslo", 59.91, 10.75, 40, "40 controls"), MapPoint("Bergen", 60.39, 5.32, 10),
              MapPoint("Hamar", 60.79, 11.07, Withheld.SMALL), MapPoint("Bodø", 67.28, 14.40, None)]
    root = parse(norway_map(points, title="Controls"))
    oslo, bergen = circle_of(root, "Oslo"), circle_of(root, "Bergen")
    assert float(oslo.get("r")) == R_MAX
    assert math.isclose((float(oslo.get("r")) / float(bergen.get("r"))) ** 2, 4, rel_tol=1e-2)
    assert oslo.find(NS + "title").text == "Oslo: 40 controls"
    assert bergen.find(NS + "title").text == "Bergen: 10"
    hamar, bodo = circle_of(root, "Hamar"), circle_of(root, "Bodø")
    assert hamar.get("fill") == "none" and hamar.find(NS + "title").text == "Hamar: < 5"
    assert bodo.get("fill") == "none" and bodo.find(NS + "title").text == "Bodø: –"
    named = [t.text for t in root.iter(NS + "text") if t.get("class") == "place"]
    assert "Oslo" in named and "Hamar" not in named


def test_map_names_at_most_fifteen_towns_and_escapes_names():
    points = [MapPoint(r["town"], float(r["lat"]), float(r["lon"]), int(r["population"])) for r in places()]
    points.append(MapPoint(HOSTILE, 69.0, 25.0, 10**9))
    markup = norway_map(points, title="Towns")
    assert "<script>" not in markup
    root = parse(markup)
    named = [t.text for t in root.iter(NS + "text") if t.get("class") == "place"]
    assert HOSTILE in named and 5 <= len(named) <= 15
    assert len([c for c in root.iter(NS + "circle")]) == len(points)


def test_map_leaves_out_a_town_abroad():
    root = parse(norway_map([town("Oslo"), MapPoint("Bangkok", 13.75, 100.5, 3)], title="t"))
    assert len(list(root.iter(NS + "circle"))) == 1


def test_outline_is_mainland_norway():
    lons = [lon for ring in outline() for lon, _ in ring]
    lats = [lat for ring in outline() for _, lat in ring]
    assert 4 < min(lons) < 5.5 and 30 < max(lons) < 32
    assert 57.5 < min(lats) < 58.5 and 70.5 < max(lats) < 71.5  # Svalbard (74–81° N) is not in it


# ---- PDF ----------------------------------------------------------------------------------------


def test_weasyprint_draws_a_chart_and_the_map_to_pdf():
    chart = bar_chart([("Oslo", 12), ("ร้านนวด", Withheld.SMALL)], title="Controls")
    trend = line_chart({"Share": [("A", 0.5)]}, title="Trend", references=[("Ref", 0.8)])
    figure = norway_map([town("Oslo"), town("Tromsø")], title="Map")
    html = f'<html><head><meta charset="utf-8"></head><body>{chart}{trend}{figure}</body></html>'
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
