"""Static, accessible SVG charts made at build time: no JavaScript, readable in light and dark mode.

Each chart is an <svg role="img"> named by its <title> and <desc>, drawn with currentColor for text
and axes and CSS variables for the series (a site may override --sp-chart-*), and followed by its
data in a table under <details>, so screen readers, text browsers and printouts get the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
ROW = 26          # height of one horizontal bar row
PLOT_H = 220      # plot height of vertical charts
LEFT = 56
TOP = 30
BOTTOM = 56

# Mid-tone colours that keep 3:1 against both the light and the dark (slate) background.
PALETTE = {
    "none": "#8a8f98", "minor": "#c98a00", "major": "#e0662b", "critical": "#d93636",
    "s1": "#4a7bd0", "s2": "#9c5fc4", "ok": "#2e9e5b",
}


@dataclass(frozen=True)
class Series:
    name: str
    colour: str                       # a PALETTE key
    values: tuple[float | None, ...]  # one per category; None: no data


def _fmt_number(value: float | None) -> str:
    if value is None:
        return "no data"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _nice_max(value: float, ticks: int = 4) -> float:
    """The top of the axis: `ticks` equal steps of 1, 2, 2.5 or 5 × 10^k, at least 1 each."""
    if value <= 0:
        return float(ticks)
    raw = max(value / ticks, 1.0)
    exp = 10 ** math.floor(math.log10(raw))
    step = next(s * exp for s in (1, 2, 2.5, 5, 10) if s * exp >= raw)
    return step * ticks


def _style(series: Sequence[Series]) -> str:
    rules = [".sp-chart text{fill:currentColor;font-size:12px}",
             ".sp-chart .sp-axis{stroke:currentColor;stroke-width:1}",
             ".sp-chart .sp-grid{stroke:currentColor;stroke-opacity:.15}"]
    for key in sorted({s.colour for s in series}):
        rules.append(f".sp-chart .sp-fill-{key}{{fill:var(--sp-chart-{key},{PALETTE[key]})}}")
    return "<style>" + "".join(rules) + "</style>"


def _svg_open(chart_id: str, title: str, desc: str, height: int, series: Sequence[Series]) -> list[str]:
    return [
        f'<svg class="sp-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        _style(series),
    ]


def _legend(series: Sequence[Series], y: int) -> list[str]:
    out, x = [], LEFT
    for s in series:
        out.append(f'<rect class="sp-fill-{s.colour}" x="{x}" y="{y}" width="12" height="12"/>')
        out.append(f'<text x="{x + 16}" y="{y + 10}">{escape(s.name)}</text>')
        x += 16 + 8 * len(s.name) + 24
    return out


def _table(title: str, head: str, categories: Sequence[str], series: Sequence[Series],
           fmt: Callable[[float | None], str]) -> str:
    rows = ["<details class=\"sp-chart-data\"><summary>Data table: ", str(escape(title)), "</summary>",
            "<table><thead><tr><th scope=\"col\">", str(escape(head)), "</th>"]
    rows += [f'<th scope="col">{escape(s.name)}</th>' for s in series]
    rows.append("</tr></thead><tbody>")
    for n, cat in enumerate(categories):
        rows.append(f'<tr><th scope="row">{escape(cat)}</th>')
        rows += [f"<td>{escape(fmt(s.values[n]))}</td>" for s in series]
        rows.append("</tr>")
    rows.append("</tbody></table></details>")
    return "".join(rows)


def _figure(svg: list[str], table: str) -> Markup:
    # Every text interpolated into `svg` and `table` went through escape(); numbers are formatted here.
    return Markup('<figure class="sp-figure">' + "".join(svg) + table + "</figure>")  # noqa: S704


def column_chart(chart_id: str, title: str, desc: str, categories: Sequence[str], series: Sequence[Series],
                 *, stacked: bool = False, unit: str = "", head: str = "",
                 fmt: Callable[[float | None], str] = _fmt_number) -> Markup:
    """Vertical bars per category: stacked (parts of a whole) or side by side."""
    n = max(len(categories), 1)
    totals = [sum(s.values[i] or 0 for s in series) if stacked
              else max((s.values[i] or 0 for s in series), default=0) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    plot_w = WIDTH - LEFT - 16
    height = TOP + PLOT_H + BOTTOM
    base = TOP + PLOT_H
    out = _svg_open(chart_id, title, desc, height, series)
    for k in range(5):
        value = top * k / 4
        y = base - PLOT_H * k / 4
        out.append(f'<line class="sp-grid" x1="{LEFT}" x2="{WIDTH - 16}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{escape(_fmt_number(value))}</text>')
    if unit:
        out.append(f'<text x="4" y="14">{escape(unit)}</text>')
    slot = plot_w / n
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    widest = max((len(c) for c in categories), default=1) * 7 + 10
    label_every = max(1, math.ceil(widest / slot))
    for i, cat in enumerate(categories):
        x0 = LEFT + slot * i + slot * 0.15
        y = float(base)
        for j, s in enumerate(series):
            amount = s.values[i]
            if amount is None or amount <= 0:
                continue
            h = PLOT_H * amount / top
            x = x0 if stacked else x0 + bar_w * j
            y_top = (y - h) if stacked else base - h
            tip = f"{escape(cat)}, {escape(s.name)}: {escape(fmt(amount))}"
            out.append(f'<rect class="sp-fill-{s.colour}" x="{x:.1f}" y="{y_top:.1f}" width="{bar_w:.1f}" '
                       f'height="{h:.1f}"><title>{tip}</title></rect>')
            if stacked:
                y -= h
        if i % label_every == 0:
            out.append(f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{base + 16}" text-anchor="middle">'
                       f'{escape(cat)}</text>')
    out.append(f'<line class="sp-axis" x1="{LEFT}" x2="{WIDTH - 16}" y1="{base}" y2="{base}"/>')
    out += _legend(series, base + 30)
    out.append("</svg>")
    return _figure(out, _table(title, head, categories, series, fmt))


def bar_chart(chart_id: str, title: str, desc: str, categories: Sequence[str], series: Series, *,
              unit: str = "", head: str = "", fmt: Callable[[float | None], str] = _fmt_number) -> Markup:
    """Horizontal bars, one per category, labelled with their value."""
    label_w = 170
    height = TOP + ROW * max(len(categories), 1) + 24
    top = _nice_max(max((v or 0 for v in series.values), default=0))
    plot_w = WIDTH - label_w - 90
    out = _svg_open(chart_id, title, desc, height, [series])
    if unit:
        out.append(f'<text x="{WIDTH - 4}" y="{height - 6}" text-anchor="end">{escape(unit)}</text>')
    for i, cat in enumerate(categories):
        y = TOP + ROW * i
        value = series.values[i]
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(cat)}</text>')
        w = plot_w * (value or 0) / top
        if w > 0:
            out.append(f'<rect class="sp-fill-{series.colour}" x="{label_w}" y="{y + 4}" width="{w:.1f}" '
                       f'height="{ROW - 8}"><title>{escape(cat)}: {escape(fmt(value))}</title></rect>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{escape(fmt(value))}</text>')
    out.append(f'<line class="sp-axis" x1="{label_w}" x2="{label_w}" y1="{TOP}" y2="{height - 24}"/>')
    out.append("</svg>")
    return _figure(out, _table(title, head, categories, [series], fmt))
