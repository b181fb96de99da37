"""Vector charts as inline SVG for reports and pages, styled with the street's design tokens.

Every chart is drawn in millimetres (one SVG user unit = 1 mm) so it prints at its nominal size, and
stays legible in grey scale: series differ in lightness, dash and marker shape, and values are written
next to what they measure rather than left to a colour legend.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

from markupsafe import Markup

from .errors import StreetkitError
from .fonts import text_width_em
from .korean import MONEY_UNITS, money
from .textfit import em_width
from .tokens import contrast, luminance, mix

FONT = '"Noto Sans CJK KR", "NanumGothic", sans-serif'
INK, MUTED, GRID = "#1A1A1A", "#595959", "#D9D9D9"
DASHES = ("", "2.2 1.2", "0.6 0.9")
MARKERS = ("circle", "square", "diamond")


def number(value: float, unit: str = "", decimals: int | None = None) -> str:
    """Korean-style figure: thousands separators, at most one decimal (or exactly `decimals`), unit
    attached (`12,300명`, `34.1%`); money in 억 and 만 (`6억 원`, `2,500만 원`, not `60,000만원`)."""
    if unit in MONEY_UNITS:
        return money(value, unit)
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}"
    return f"{text}{unit}"


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least `high` (0, 2,000, 4,000 …)."""
    if high <= 0:
        return [0, 1]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(math.ceil(high / step)) + 1)]


def series_colors(primary: str, n: int) -> list[str]:
    """`n` fills from the brand colour that differ in lightness, so grey-scale prints tell them apart."""
    if n > 3:
        return [mix(primary, "#FFFFFF", i / n) for i in range(n)]
    # A dark brand colour has no room below it: its companions are two lighter tints instead.
    if luminance(primary) < 0.12:
        return [primary, mix(primary, "#FFFFFF", 0.5), mix(primary, "#FFFFFF", 0.8)][:n]
    return [primary, mix(primary, "#FFFFFF", 0.55), mix(primary, INK, 0.6)][:n]


def text_width(text: str, size: float, weight: int = 400) -> float:
    """How wide `text` sets at `size` (in the same unit) in the charts' typeface."""
    try:
        return size * text_width_em(text, "Noto Sans CJK KR:style=Bold" if weight >= 600 else "Noto Sans CJK KR")
    except StreetkitError:  # no such font installed: an estimate still lands close
        return size * em_width(text)


def _text(x: float, y: float, text: str, size: float = 2.8, anchor: str = "start", fill: str = INK,
          weight: int = 400) -> str:
    # Centred and right-aligned labels are placed by measuring them, not with `text-anchor`:
    # WeasyPrint draws anchored text inside a transparency group, which PDF/X-3 cannot hold.
    if anchor != "start":
        x -= text_width(text, size, weight) / (2 if anchor == "middle" else 1)
    return (f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}">{escape(text)}</text>')


def _svg(width: float, height: float, body: list[str], title: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}mm" height="{height:.1f}mm" '
                  f'viewBox="0 0 {width} {height:.2f}" role="img" aria-label="{escape(title)}" '
                  f'font-family=\'{FONT}\'>{"".join(body)}</svg>')


def _marker(kind: str, x: float, y: float, color: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 1:.2f}" y="{y - 1:.2f}" width="2" height="2" fill="{color}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.2f} {y - 1.4:.2f}l1.4 1.4-1.4 1.4-1.4-1.4z" fill="{color}"/>'
    return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="1.1" fill="{color}"/>'


def hbar_chart(rows: Sequence[tuple[str, float]], *, color: str, title: str, unit: str = "",
               compare: Sequence[float | None] | None = None, compare_label: str = "",
               width: float = 160, label_width: float = 38, decimals: int | None = None) -> Markup:
    """Horizontal bars with the value at the end of each bar; `compare` draws a reference tick per row."""
    row_h, top = 7.0, 6.0 if compare else 1.0
    values = [v for _l, v in rows] + [c for c in (compare or []) if c is not None]
    high = max(values + [0]) or 1
    plot_w = width - label_width - 16
    body = []
    if compare:
        body.append(f'<rect x="{label_width}" y="0.6" width="4" height="2.6" fill="{color}"/>')
        body.append(_text(label_width + 5.5, 3, title, 2.6))
        x = label_width + 8 + len(title) * 2.6
        body.append(f'<line x1="{x:.1f}" y1="0.2" x2="{x:.1f}" y2="3.6" stroke="{INK}" stroke-width="0.6"/>')
        body.append(_text(x + 1.5, 3, compare_label, 2.6))
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = plot_w * value / high
        body.append(_text(label_width - 2, y + 4.4, label, 2.9, "end"))
        body.append(f'<rect x="{label_width}" y="{y + 1.2:.2f}" width="{w:.2f}" height="4.6" fill="{color}"/>')
        text, text_x = number(value, unit, decimals), label_width + w + 1.5
        if compare and i < len(compare) and compare[i] is not None:
            cx = label_width + plot_w * compare[i] / high  # type: ignore[operator]
            if text_x - 1.2 <= cx <= text_x + text_width(text, 2.8, 700) + 0.6:
                text_x = cx + 1.2  # the reference tick would strike through the figure: set it after the tick
            body.append(f'<line x1="{cx:.2f}" y1="{y + 0.3:.2f}" x2="{cx:.2f}" y2="{y + 6.7:.2f}" '
                        f'stroke="{INK}" stroke-width="0.6"/>')
        body.append(_text(text_x, y + 4.4, text, 2.8, weight=700))
    body.insert(0, f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{top + len(rows) * row_h:.2f}" '
                   f'stroke="{MUTED}" stroke-width="0.3"/>')
    return _svg(width, top + len(rows) * row_h + 1, body, title)


def _axes(x0: float, y0: float, plot_w: float, plot_h: float, ticks: list[float], unit: str) -> list[str]:
    body = []
    for t in ticks:
        y = y0 + plot_h - plot_h * t / ticks[-1]
        body.append(f'<line x1="{x0}" y1="{y:.2f}" x2="{x0 + plot_w}" y2="{y:.2f}" stroke="{GRID}" stroke-width="0.25"/>')
        body.append(_text(x0 - 1.5, y + 1, number(t, unit), 2.5, "end", MUTED))
    return body


def _x_labels(labels: Sequence[str], x_of: Callable[[int], float], y: float) -> list[str]:
    # Show every label when they fit, else every second or third one.
    step = max(1, math.ceil(len(labels) * 9 / 130))
    return [_text(x_of(i), y, lab, 2.5, "middle", MUTED) for i, lab in enumerate(labels) if i % step == 0]


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[float]], *, color: str, title: str,
               unit: str = "", width: float = 160, height: float = 70) -> Markup:
    """Lines over categories (months …), each series with its own dash and marker, labelled at its end."""
    x0, y0, right = 18.0, 4.0, 26.0
    plot_w, plot_h = width - x0 - right, height - y0 - 9
    ticks = nice_ticks(max((v for vs in series.values() for v in vs), default=1))
    colors = series_colors(color, len(series)) if len(series) > 1 else [color]

    def x_of(i: int) -> float:
        return x0 + (plot_w * i / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return y0 + plot_h - plot_h * v / ticks[-1]

    body = _axes(x0, y0, plot_w, plot_h, ticks, unit)
    ends: list[tuple[float, str, str]] = []
    for n, (name, values) in enumerate(series.items()):
        c, dash, marker = colors[n % len(colors)], DASHES[n % 3], MARKERS[n % 3]
        # Light series get a dark outline colour for their line so it stays visible on white.
        stroke = c if contrast(c, "#FFFFFF") >= 3 else mix(c, INK, 0.45)
        pts = " ".join(f"{x_of(i):.2f},{y_of(v):.2f}" for i, v in enumerate(values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="0.7"{dash_attr}/>')
        body += [_marker(marker, x_of(i), y_of(v), stroke) for i, v in enumerate(values)]
        ends.append((y_of(values[-1]), name, stroke))
    # Series names at the right end of their lines, nudged apart so they never overlap.
    ends.sort()
    last = -10.0
    for y, name, _stroke in ends:
        y = max(y + 1, last + 3.4)
        last = y
        body.append(_text(x0 + plot_w + 2, y, name, 2.7, fill=INK, weight=700))
    body += _x_labels(labels, x_of, y0 + plot_h + 5)
    return _svg(width, height, body, title)


def bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float]], *, color: str, title: str,
              unit: str = "", width: float = 160, height: float = 70) -> Markup:
    """Vertical bars per category, grouped when there are several series (told apart by lightness)."""
    x0, y0 = 18.0, 8.0 if len(series) > 1 else 4.0
    plot_w, plot_h = width - x0 - 2, height - y0 - 9
    ticks = nice_ticks(max((v for vs in series.values() for v in vs), default=1))
    colors = series_colors(color, len(series)) if len(series) > 1 else [color]
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.7 / len(series)
    body = _axes(x0, y0, plot_w, plot_h, ticks, unit)
    for n, (name, values) in enumerate(series.items()):
        for i, v in enumerate(values):
            h = plot_h * v / ticks[-1]
            x = x0 + slot * i + slot * 0.15 + bar_w * n
            body.append(f'<rect x="{x:.2f}" y="{y0 + plot_h - h:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                        f'fill="{colors[n]}" stroke="{INK}" stroke-width="0.15"/>')
        if len(series) > 1:  # a legend with swatches: bars cannot be labelled at their ends
            lx = x0 + n * 40
            body.append(f'<rect x="{lx}" y="0.5" width="4" height="2.8" fill="{colors[n]}" stroke="{INK}" stroke-width="0.15"/>')
            body.append(_text(lx + 5.5, 3, name, 2.6))
    body += _x_labels(labels, lambda i: x0 + slot * (i + 0.5), y0 + plot_h + 5)
    return _svg(width, height, body, title)


def heatmap(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float]], *, color: str,
            title: str, high: float | None = None, width: float = 160, label_width: float = 10.0) -> Markup:
    """A grid of cells shaded from white to `color` by value (lightness alone carries the value, so it
    reads in grey scale); each cell also shows its number. `label_width` is the room for the row
    labels (a weekday fits the default; a street's name needs more)."""
    label_w, top = label_width, 5.0
    cell_w = (width - label_w) / max(len(columns), 1)
    cell_h = 6.0
    high = high or max((v for row in values for v in row), default=1) or 1
    body = []
    for j, col in enumerate(columns):
        body.append(_text(label_w + cell_w * (j + 0.5), top - 1.2, col, 2.3, "middle", MUTED))
    for i, (name, row) in enumerate(zip(rows, values)):
        y = top + i * cell_h
        body.append(_text(label_w - 1.5, y + 4, name, 2.8, "end"))
        for j, v in enumerate(row):
            fill = mix("#FFFFFF", color, min(v / high, 1))
            ink = "#FFFFFF" if contrast(fill, "#FFFFFF") > contrast(fill, INK) else INK
            x = label_w + cell_w * j
            body.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{cell_w:.2f}" height="{cell_h}" fill="{fill}" '
                        f'stroke="#FFFFFF" stroke-width="0.3"/>')
            if v:
                body.append(_text(x + cell_w / 2, y + 3.9, number(v), 2.2, "middle", ink))
    return _svg(width, top + len(rows) * cell_h + 1, body, title)
