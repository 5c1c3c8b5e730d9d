"""Small inline SVG charts for the console's pages (no script, no outside library).

bars({"p50": 8.1, "p95": 14.0}, unit="ms")
grouped_bars(["100/s", "200/s"], {"p50": [8, 9], "p95": [14, 30]}, unit="ms")
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#0972d3", "#ec7211", "#1d8102", "#8b4fbc", "#d91515", "#687078")
LEFT, BOTTOM, TOP = 56, 34, 26


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))


def _number(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _frame(width: int, height: int, top: float, unit: str, title: str) -> list[str]:
    plot_h = height - TOP - BOTTOM
    parts = [
        f'<svg class="plot" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="{LEFT}" y="16" class="plot-title">{escape(title)}</text>',
    ]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e9ebed" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{_number(value)}</text>"
        )
    parts.append(
        f'<text x="12" y="{TOP + plot_h / 2:.1f}" class="tick" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})" text-anchor="middle">'
        f"{escape(unit)}</text>"
    )
    return parts


def bars(
    values: Mapping[str, float],
    *,
    unit: str = "",
    title: str = "",
    width: int = 420,
    height: int = 220,
) -> str:
    """One bar per label."""
    return grouped_bars(
        list(values),
        {"": list(values.values())},
        unit=unit,
        title=title,
        width=width,
        height=height,
    )


def grouped_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "",
    title: str = "",
    width: int = 480,
    height: int = 240,
) -> str:
    """Bars of each series side by side within each category, with a legend when named."""
    if not categories:
        return ""
    numbers = [float(v) for values in series.values() for v in values if v is not None]
    top = _nice_max(max(numbers, default=0.0))
    plot_w = width - LEFT - 10
    plot_h = height - TOP - BOTTOM
    parts = _frame(width, height, top, unit, title)
    group_w = plot_w / len(categories)
    bar_w = min(40.0, group_w * 0.8 / max(len(series), 1))
    for c, category in enumerate(categories):
        group_x = LEFT + c * group_w + (group_w - bar_w * len(series)) / 2
        for s, (name, values) in enumerate(series.items()):
            value = values[c] if c < len(values) else None
            if value is None:
                continue
            h = plot_h * float(value) / top
            x = group_x + s * bar_w
            y = TOP + plot_h - h
            colour = PALETTE[s % len(PALETTE)]
            label = f"{name} {category}: {_number(float(value))} {unit}".strip()
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{colour}" rx="2"><title>{escape(label)}</title></rect>'
            )
        parts.append(
            f'<text x="{LEFT + c * group_w + group_w / 2:.1f}" y="{height - BOTTOM + 16}" '
            f'text-anchor="middle" class="tick">'
            f"{escape(_short(category, int(group_w / 6.8)))}</text>"
        )
    named = [name for name in series if name]
    x = float(width - 10)
    for s, name in reversed(list(enumerate(named))):
        x -= len(name) * 6.5 + 26
        parts.append(
            f'<rect x="{x:.1f}" y="7" width="11" height="11" rx="2" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 15:.1f}" y="17" class="tick">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int) -> str:
    limit = max(limit, 4)
    return label if len(label) <= limit else label[: limit - 1] + "…"
