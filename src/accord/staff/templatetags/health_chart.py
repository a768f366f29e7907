"""The customer 360's health history: a server-drawn SVG line chart with labelled axes
and a point marker per snapshot, readable without colour (values in titles and a table)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 180, 36, 24, 8


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 100.0)


def _axes(first: str, last: str) -> list[str]:
    parts = []
    for tick in (0, 50, 100):
        y = _y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d4dc"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" font-size="11">{escape(first)}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 6}" font-size="11" text-anchor="end">{escape(last)}</text>'
    )
    return parts


@register.simple_tag
def health_history_chart(history: Sequence[dict[str, Any]]) -> SafeString:
    """Health (0-100) per snapshot day, oldest left; empty text below two points."""
    points = [(str(p["taken_on_date"]), float(p["health"])) for p in history]
    if len(points) < 2:
        return mark_safe('<p class="muted">Not enough history for a chart yet.</p>')
    step = (WIDTH - LEFT - 8) / (len(points) - 1)
    coords = [(LEFT + 4 + i * step, _y(value)) for i, (_, value) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    markers = [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1d4ed8">'
        f"<title>{escape(day)}: health {value:.0f}</title></circle>"
        for (x, y), (day, value) in zip(coords, points, strict=True)
    ]
    label = escape(
        f"Health from {points[0][1]:.0f} on {points[0][0]} "
        f"to {points[-1][1]:.0f} on {points[-1][0]}, {len(points)} snapshots"
    )
    body = "".join(
        [
            *_axes(points[0][0], points[-1][0]),
            f'<polyline fill="none" stroke="#1d4ed8" stroke-width="2" points="{line}"/>',
            *markers,
        ]
    )
    return mark_safe(
        f'<svg class="chart health-history" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{label}">{body}</svg>'
    )
