"""Server-drawn SVG for NPS, which runs from -100 to +100: bars grow left (more
detractors) or right (more promoters) from a zero line; every bar carries its number
and label as text, so the chart reads without colour."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ROW, LABEL_WIDTH, HALF = 26, 150, 150


@register.simple_tag
def nps_chart(rows: Sequence[dict[str, Any]], title: str, chart_id: str) -> SafeString:
    """One bar per row {name, nps, answers}: -100..+100 around a zero line."""
    zero = LABEL_WIDTH + HALF
    width = LABEL_WIDTH + 2 * HALF + 110
    height = ROW * len(rows) + 8
    parts = [
        f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#404a5c" stroke-width="1"/>'
    ]
    for i, row in enumerate(rows):
        y = 4 + i * ROW
        score = max(-100, min(100, int(row["nps"])))
        length = abs(score) / 100.0 * HALF
        x = zero if score >= 0 else zero - length
        fill = "#0f6b3c" if score >= 0 else "#a61b12"
        label = escape(str(row["name"]))
        text = f"NPS {score:+d} ({int(row['answers']):,} answers)"
        parts.append(
            f'<g data-label="{label}" data-value="{score}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="12">'
            f"{label}</text>"
            f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{ROW - 8}" fill="{fill}"/>'
            f'<text x="{zero + (length if score >= 0 else 0) + 6:.1f}" y="{y + 17}" '
            f'font-size="12">{escape(text)}</text></g>'
        )
    return mark_safe(
        f'<svg id="{escape(chart_id)}" class="chart chart--bars" viewBox="0 0 {width} {height}" '
        f'role="group" aria-label="{escape(title)}">{"".join(parts)}</svg>'
    )
