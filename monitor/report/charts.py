"""Inline SVG charts for the bulletin: pie, horizontal bars, a daily line, a histogram.

Generated as text (no plotting library, no JavaScript, no images to host) so the bulletin is one
self-contained HTML file that renders the same in a browser, a mail client or a printed PDF.
Labels are SVG ``<text>`` in a CJK-capable font stack, so Chinese stays selectable and sharp.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

FONT = ("'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
        "'WenQuanYi Micro Hei','Noto Sans CJK JP',sans-serif")
PALETTE = ("#c0392b", "#2e86c1", "#f39c12", "#27ae60", "#8e44ad", "#16a085", "#d35400", "#7f8c8d",
           "#2c3e50", "#e84393")
Item = tuple[str, float]


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}">'
            f"<title>{escape(title)}</title>"
            f'<text x="{width / 2:.0f}" y="22" text-anchor="middle" font-size="16" font-weight="bold" '
            f'fill="#222">{escape(title)}</text>')
    return Markup(head + "".join(body) + "</svg>")


def _empty(width: int, height: int, title: str) -> Markup:
    return _svg(width, height, [f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
                                f'font-size="14" fill="#888">暂无数据</text>'], title)


def _num(v: float) -> str:
    return f"{v:g}" if v != int(v) else str(int(v))


def pie(items: Sequence[Item], title: str, width: int = 520, height: int = 300) -> Markup:
    """Shares of a whole (case types): slices with a legend of label, count and percentage."""
    items = [(label, v) for label, v in items if v > 0]
    total = sum(v for _, v in items)
    if not total:
        return _empty(width, height, title)
    cx, cy, r = 150, 165, 110
    body, angle = [], -math.pi / 2
    for i, (label, v) in enumerate(items):
        color = PALETTE[i % len(PALETTE)]
        sweep = 2 * math.pi * v / total
        if len(items) == 1:
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"/>')
        else:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            body.append(f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                        f'fill="{color}" stroke="#fff" stroke-width="1"/>')
        angle += sweep
        ly = 60 + i * 24
        body.append(f'<rect x="290" y="{ly - 12}" width="14" height="14" fill="{color}"/>'
                    f'<text x="310" y="{ly}" font-size="14" fill="#222">{escape(label)} '
                    f'{_num(v)}件 ({v / total * 100:.1f}%)</text>')
    return _svg(width, max(height, 70 + 24 * len(items)), body, title)


def hbars(items: Sequence[Item], title: str, width: int = 560, unit: str = "件") -> Markup:
    """Ranked horizontal bars (regions, departments), largest first as given."""
    if not items or not any(v for _, v in items):
        return _empty(width, 120, title)
    label_w, bar_h, gap, top = 170, 20, 8, 40
    top_v = max(v for _, v in items)
    span = width - label_w - 70
    body = []
    for i, (label, v) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = span * v / top_v if top_v else 0
        short = label if len(label) <= 12 else label[:11] + "…"
        body.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13" '
                    f'fill="#222">{escape(short)}</text>'
                    f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{PALETTE[1]}"/>'
                    f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="13" fill="#222">'
                    f'{_num(v)}{escape(unit)}</text>')
    return _svg(width, top + len(items) * (bar_h + gap) + 10, body, title)


def line(points: Sequence[Item], title: str, width: int = 720, height: int = 260) -> Markup:
    """Daily volume: one point per day, axis labels every few days."""
    if not points or not any(v for _, v in points):
        return _empty(width, height, title)
    left, right, top, bottom = 50, 20, 40, 40
    pw, ph = width - left - right, height - top - bottom
    top_v = max(max(v for _, v in points), 1)
    n = len(points)
    step = pw / max(n - 1, 1)
    xy = [(left + i * step, top + ph - ph * v / top_v) for i, (_, v) in enumerate(points)]
    body = [f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#999"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#999"/>',
            f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" font-size="12" fill="#555">{_num(top_v)}</text>',
            f'<text x="{left - 6}" y="{top + ph}" text-anchor="end" font-size="12" fill="#555">0</text>',
            '<polyline fill="none" stroke="#c0392b" stroke-width="2" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + '"/>']
    every = max(1, math.ceil(n / 10))
    for i, (label, _) in enumerate(points):
        if i % every == 0 or i == n - 1:
            body.append(f'<text x="{xy[i][0]:.1f}" y="{top + ph + 18}" text-anchor="middle" '
                        f'font-size="11" fill="#555">{escape(label)}</text>')
    body.append(f'<text x="{left + pw}" y="{height - 4}" text-anchor="end" font-size="12" '
                f'fill="#555">日期（件/日）</text>')
    return _svg(width, height, body, title)


def columns(items: Sequence[Item], title: str, width: int = 560, height: int = 260) -> Markup:
    """A histogram: one column per bucket (response-time distribution)."""
    if not items or not any(v for _, v in items):
        return _empty(width, height, title)
    left, top, bottom = 30, 40, 40
    pw, ph = width - 2 * left, height - top - bottom
    top_v = max(v for _, v in items)
    slot = pw / len(items)
    body = []
    for i, (label, v) in enumerate(items):
        h = ph * v / top_v if top_v else 0
        x = left + i * slot + slot * 0.15
        body.append(f'<rect x="{x:.1f}" y="{top + ph - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[3]}"/>'
                    f'<text x="{x + slot * 0.35:.1f}" y="{top + ph - h - 4:.1f}" text-anchor="middle" '
                    f'font-size="12" fill="#222">{_num(v)}</text>'
                    f'<text x="{x + slot * 0.35:.1f}" y="{top + ph + 18}" text-anchor="middle" '
                    f'font-size="12" fill="#222">{escape(label)}</text>')
    return _svg(width, height, body, title)
