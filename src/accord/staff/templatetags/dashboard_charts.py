"""Server-drawn SVG charts for the dashboard: bars that link to their list, and lines.

Readable without colour: every bar and point carries its number as text and its label
beside it; bars alternate a hatch pattern so neighbours differ in more than hue. Every
number is formatted here and every label escaped, so the SVG is safe to mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ROW, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 26, 150, 300, 90
PATTERNS = (
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#2f5bd3"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>'
)


@register.simple_tag
def bar_chart(bars: Sequence[dict[str, Any]], title: str, chart_id: str) -> SafeString:
    """Horizontal bars: each {label, value, text, href?}; the longest bar is the largest
    value. A bar with an href is a link to the list it counts."""
    top = max((float(bar["value"]) for bar in bars), default=0.0) or 1.0
    height = ROW * len(bars) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [f"<defs>{PATTERNS.replace('hatch', f'hatch-{chart_id}')}</defs>"]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        length = max(float(bar["value"]) / top * BAR_WIDTH, 0.0)
        fill = f"url(#hatch-{chart_id})" if i % 2 else "#2f5bd3"
        label = escape(str(bar["label"]))
        text = escape(str(bar["text"]))
        shape = (
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="12">'
            f"{label}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 8}" '
            f'fill="{fill}" stroke="#1d3f9e"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 17}" font-size="12">{text}</text>'
        )
        if bar.get("href"):
            shape = (
                f'<a href="{escape(bar["href"])}" class="chart-link" '
                f'aria-label="{label}: {text}"><rect x="0" y="{y}" width="{width}" '
                f'height="{ROW}" fill="transparent"/>{shape}</a>'
            )
        parts.append(f'<g data-label="{label}" data-value="{text}">{shape}</g>')
    return mark_safe(
        f'<svg id="{escape(chart_id)}" class="chart chart--bars" viewBox="0 0 {width} {height}" '
        f'role="group" aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )


@register.simple_tag
def line_chart(
    points: Sequence[dict[str, Any]],
    field: str,
    title: str,
    unit: str = "",
    low: float | None = None,
    high: float | None = None,
) -> SafeString:
    """A line of `field` over `points` (each with `week` and the field; None skipped),
    every point marked with a square and its value written above it. The vertical
    scale runs from `low` to `high` (default: the values' own range), both printed."""
    values = [(point["week"], point[field]) for point in points if point[field] is not None]
    if not values:
        return mark_safe('<p class="muted">No complete week scored yet.</p>')
    width, height, pad = 560, 200, 36
    low = min(v for _, v in values) if low is None else low
    high = max(max(v for _, v in values) if high is None else high, low)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = [
        (pad + i * step, height - pad - (value - low) / span * (height - 2 * pad))
        for i, (_, value) in enumerate(values)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>'
        f'<text x="{pad - 4}" y="{pad + 4}" font-size="10" text-anchor="end">{high:,.0f}</text>'
        f'<text x="{pad - 4}" y="{height - pad + 4}" font-size="10" text-anchor="end">'
        f"{low:,.0f}</text>"
        f'<polyline fill="none" stroke="#2f5bd3" stroke-width="2" points="{line}"/>'
    ]
    for (week, value), (x, y) in zip(values, coords, strict=True):
        text = escape(f"{value:,.1f}{unit}")
        parts.append(
            f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="#1d3f9e">'
            f"<title>week of {week:%Y-%m-%d}: {text}</title></rect>"
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{text}</text>'
            f'<text x="{x:.1f}" y="{height - 12}" font-size="10" text-anchor="middle">'
            f"{week:%d %b}</text>"
        )
    return mark_safe(
        f'<svg class="chart chart--line" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )
