"""Bar and line charts drawn as inline SVG by Aksjon itself.

No script, no web font, nothing fetched: the same markup goes into the report page,
the trends page and the PDF (WeasyPrint draws inline SVG). Each chart has a
`viewBox` and `width="100%"`, so it scales from a 390 px phone to an A4 page.
Every text that comes from data is escaped; the result is safe to put into a
template as it is (a Django `SafeString`, which has `__html__` like markupsafe's
`Markup`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Noto Sans, sans-serif"
WIDTH = 640
NO_VALUE = "–"
# Okabe–Ito: told apart by people with the common colour-vision deficiencies, and in grey print.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

# Bar chart geometry (viewBox units)
LABEL_WIDTH = 200
BAR_LEFT = LABEL_WIDTH + 8
BAR_RIGHT = WIDTH - 64  # room for the value after the longest bar
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARS = 30

# Line chart geometry
PLOT_LEFT, PLOT_RIGHT = 56, WIDTH - 16
PLOT_HEIGHT = 220
LEGEND_ROW = 20
CHAR_WIDTH = 7  # rough width of one character at 12 px, to lay out the legend without measuring text


def svg(width: int, height: int, title: str, body: Iterable[str], css_class: str) -> SafeString:
    """The outer <svg>: scales to its container, named for screen readers."""
    label = escape(title)
    # Security lint: SVG of escaped text.
    return mark_safe(  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-label="{label}" '
        f'font-family="{FONT}" font-size="12"><title>{label}</title>' + "".join(body) + "</svg>")


def text(x: float, y: float, content: str, **attrs) -> str:
    # class_ stands for class (a keyword); other underscores for the hyphens of SVG's attribute names
    extra = "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def withheld_text(value, withheld_label: str) -> str:
    """What stands for a value that is not shown: the small-number label, or a dash for anything else."""
    return withheld_label if value == "small" else NO_VALUE


# ---- bar chart ---------------------------------------------------------------------------------


def bar_chart(rows: list[tuple[str, int | str | None]], *, title: str, scale_max: int | None = None,
              withheld_label: str = "< 5") -> SafeString:
    """One horizontal bar per (label, value); a withheld value (a `Withheld` marker or None) gets no bar.

    Bars are drawn to `scale_max` (default: the largest count), so two charts given the
    same scale can be compared side by side.
    """
    counts = [value for _, value in rows if is_count(value)]
    top = scale_max if scale_max else max(counts, default=0)
    height = max(len(rows), 1) * ROW_HEIGHT + 8
    body = [_bar_row(i, label, value, top, withheld_label) for i, (label, value) in enumerate(rows)]
    return svg(WIDTH, height, title, body, "bar-chart")


def _bar_row(index: int, label: str, value, top: int, withheld_label: str) -> str:
    y = 4 + index * ROW_HEIGHT
    middle = y + ROW_HEIGHT / 2 + 4
    label = str(label)
    parts = [f"<g><title>{escape(label)}: {escape(value if is_count(value) else withheld_text(value, withheld_label))}"
             "</title>",
             text(LABEL_WIDTH, middle, shorten(label, LABEL_CHARS), text_anchor="end")]
    if is_count(value):
        width = (BAR_RIGHT - BAR_LEFT) * min(max(value, 0) / top, 1.0) if top > 0 else 0.0
        parts.append(f'<rect class="bar" x="{BAR_LEFT}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
                     f'width="{width:.2f}" height="{BAR_HEIGHT}" fill="{PALETTE[0]}"/>')
        parts.append(text(BAR_LEFT + width + 4, middle, str(value), class_="value"))
    else:
        parts.append(text(BAR_LEFT, middle, withheld_text(value, withheld_label), class_="value withheld",
                          fill="#555"))
    return "".join(parts) + "</g>"


# ---- line chart --------------------------------------------------------------------------------


def line_chart(series: dict[str, list[tuple[str, float | None]]], *, title: str, percent: bool = True,
               references: Sequence[tuple[str, float]] = ()) -> SafeString:
    """Values per operation (x, in order) for each series; None leaves a gap; references are dashed lines."""
    xs = _x_labels(series)
    legend, legend_height = _legend(list(series))
    top = legend_height + 12
    rotate = len(xs) > 5
    height = top + PLOT_HEIGHT + (70 if rotate else 30)
    y_max = 1.0 if percent else _nice_max(series, references)
    scale = _Scale(xs, top, y_max)
    body = [legend, _y_axis(scale, percent), _x_axis(scale, rotate)]
    body += [_reference(scale, label, value) for label, value in references]
    body += [_series(scale, name, points, PALETTE[i % len(PALETTE)], percent)
             for i, (name, points) in enumerate(series.items())]
    return svg(WIDTH, height, title, body, "line-chart")


class _Scale:
    """Maps an x label and a value to viewBox coordinates."""

    def __init__(self, xs: list[str], top: float, y_max: float):
        self.xs, self.top, self.y_max = xs, top, y_max
        self.bottom = top + PLOT_HEIGHT
        step = (PLOT_RIGHT - PLOT_LEFT) / max(len(xs), 1)
        self.positions = {x: PLOT_LEFT + step * (i + 0.5) for i, x in enumerate(xs)}  # a lone x sits in the middle

    def y(self, value: float) -> float:
        return self.bottom - PLOT_HEIGHT * min(max(value / self.y_max, 0.0), 1.0)


def _x_labels(series: dict) -> list[str]:
    seen: dict[str, None] = {}
    for points in series.values():
        for x, _ in points:
            seen.setdefault(x, None)
    return list(seen)


def _nice_max(series: dict, references: Sequence[tuple[str, float]]) -> float:
    values = [v for points in series.values() for _, v in points if v is not None] + [v for _, v in references]
    largest = max(values, default=0) or 1
    step = 10 ** len(str(int(largest))) / 10
    return max(step, -(-largest // step) * step)


def _format(value: float, percent: bool) -> str:
    return f"{round(value * 100)} %" if percent else f"{value:g}"


def _legend(names: list[str]) -> tuple[str, int]:
    parts, x, y = [], PLOT_LEFT, 14
    for i, name in enumerate(names):
        width = 24 + CHAR_WIDTH * len(shorten(name, 40)) + 16
        if x + width > WIDTH and x > PLOT_LEFT:
            x, y = PLOT_LEFT, y + LEGEND_ROW
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<g class="legend-item"><line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" '
                     f'stroke="{colour}" stroke-width="3"/><circle cx="{x + 9}" cy="{y - 4}" r="3" fill="{colour}"/>'
                     + text(x + 24, y, shorten(name, 40)) + "</g>")
        x += width
    return '<g class="legend">' + "".join(parts) + "</g>", (y if names else 0)


def _y_axis(scale: _Scale, percent: bool) -> str:
    parts = []
    for i in range(5):
        value = scale.y_max * i / 4
        y = scale.y(value)
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(text(PLOT_LEFT - 6, y + 4, _format(value, percent), text_anchor="end", fill="#444"))
    return '<g class="y-axis">' + "".join(parts) + "</g>"


def _x_axis(scale: _Scale, rotate: bool) -> str:
    parts = [f'<line x1="{PLOT_LEFT}" y1="{scale.bottom}" x2="{PLOT_RIGHT}" y2="{scale.bottom}" stroke="#444"/>']
    for x_label, x in scale.positions.items():
        y = scale.bottom + 16
        if rotate:
            parts.append(text(x, y, shorten(x_label, 16), text_anchor="end", transform=f"rotate(-35 {x:.1f} {y})"))
        else:
            parts.append(text(x, y, shorten(x_label, 22), text_anchor="middle"))
    return '<g class="x-axis">' + "".join(parts) + "</g>"


def _reference(scale: _Scale, label: str, value: float) -> str:
    y = scale.y(value)
    return (f'<g class="reference"><line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" '
            f'stroke="#666" stroke-width="1.5" stroke-dasharray="6 4"/>'
            + text(PLOT_RIGHT - 4, y - 5, label, text_anchor="end", fill="#333", font_size="11") + "</g>")


def _series(scale: _Scale, name: str, points: list[tuple[str, float | None]], colour: str, percent: bool) -> str:
    """A polyline for each run of values without a gap, and a marker on every value (so a lone one shows)."""
    runs, run, markers = [], [], []
    for x_label, value in points:
        if value is None:
            runs, run = runs + [run], []
            continue
        x, y = scale.positions[x_label], scale.y(value)
        run.append(f"{x:.1f},{y:.1f}")
        markers.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                       f"<title>{escape(name)} – {escape(x_label)}: {escape(_format(value, percent))}</title></circle>")
    lines = [f'<polyline points="{" ".join(r)}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
             for r in runs + [run] if len(r) > 1]
    return f'<g class="series" data-series="{escape(name)}">' + "".join(lines + markers) + "</g>"
