"""Inline SVG charts for insight pages, rendered on the server (no JavaScript, no CDN).

Every number is formatted by Python and every label escaped, so the SVG is safe to mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def sparkline(history: Sequence[dict[str, Any]], field: str = "health") -> SafeString:
    """A 120x28 line of `field` (0-100) over the snapshots, oldest left."""
    values = [float(point[field]) for point in history]
    if len(values) < 2:
        return mark_safe('<span class="muted">no history yet</span>')
    width, height = 120.0, 28.0
    step = width / (len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - value / 100.0 * height:.1f}" for i, value in enumerate(values)
    )
    label = escape(f"{field} from {values[0]:.0f} to {values[-1]:.0f} over {len(values)} days")
    return mark_safe(
        f'<svg class="sparkline" width="120" height="28" viewBox="0 0 120 28" role="img" '
        f'aria-label="{label}"><polyline fill="none" stroke="#2f5bd3" stroke-width="2" '
        f'points="{points}"/></svg>'
    )


@register.simple_tag
def health_histogram(counts: Sequence[int], links: Sequence[str] | None = None) -> SafeString:
    """Bars of customers per health band (10 bands of 10 points), coloured by band. With
    `links` (one per band) each bar is a link to the customers it counts."""
    width, height, gap = 400, 160, 4
    top = max(counts) if counts and max(counts) > 0 else 1
    bar = (width - gap * len(counts)) / max(len(counts), 1)
    parts = []
    for i, count in enumerate(counts):
        h = count / top * (height - 30)
        x = i * (bar + gap)
        colour = "#c0392b" if i < 4 else ("#e3a008" if i < 7 else "#1f8a4c")
        shape = (
            f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{i * 10}-{i * 10 + 10}: {count} customers</title></rect>'
            f'<text x="{x + bar / 2:.1f}" y="{height - 5}" font-size="10" text-anchor="middle">'
            f"{i * 10}</text>"
        )
        if links:
            shape = (
                f'<a href="{escape(links[i])}" class="chart-link" aria-label="health '
                f'{i * 10}-{i * 10 + 10}: {count:,} customers">{shape}</a>'
            )
        parts.append(shape)
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="{"group" if links else "img"}" '
        f'aria-label="Health distribution: customers per 10-point band">{"".join(parts)}</svg>'
    )


@register.simple_tag
def loyalty_matrix(
    grid: Sequence[Sequence[int]], links: Sequence[Sequence[str]] | None = None
) -> SafeString:
    """Jones & Sasser's matrix: satisfaction up, loyalty right; cell shade = customers.
    With `links` (same shape as `grid`), each cell is a link to the customers it counts."""
    cells = len(grid)
    size, pad = 56, 40
    top = max((max(row) for row in grid), default=0) or 1
    parts = []
    for s, row in enumerate(grid):
        for loyal, count in enumerate(row):
            x, y = pad + loyal * size, (cells - 1 - s) * size
            shade = 0.08 + 0.85 * count / top
            words = f"satisfaction {s * 20}-{s * 20 + 20}, loyalty {loyal * 20}-{loyal * 20 + 20}"
            cell = (
                f'<rect x="{x}" y="{y}" width="{size - 2}" height="{size - 2}" '
                f'fill="#2f5bd3" fill-opacity="{shade:.2f}"><title>{words}: {count:,}</title>'
                f'</rect><text x="{x + size / 2 - 1}" y="{y + size / 2 + 4}" font-size="11" '
                f'text-anchor="middle">{count:,}</text>'
            )
            if links:
                cell = (
                    f'<a href="{escape(links[s][loyal])}" class="chart-link" '
                    f'aria-label="{words}: {count:,} customers">{cell}</a>'
                )
            parts.append(cell)
    span = cells * size
    labels = [
        # Plain words for the quadrants; Jones & Sasser's names stay in docs/words.md.
        (pad + 4, 14, "satisfied, not committed"),
        (pad + span - 4, 14, "satisfied and staying"),
        (pad + 4, span - 6, "unhappy and leaving"),
        (pad + span - 4, span - 6, "unhappy, held"),
    ]
    for x, y, text in labels:
        anchor = "start" if x < pad + span / 2 else "end"
        parts.append(
            f'<text x="{x}" y="{y}" font-size="10" font-weight="600" text-anchor="{anchor}">'
            f"{escape(text)}</text>"
        )
    parts.append(
        f'<text x="{pad + span / 2}" y="{span + 16}" font-size="11" text-anchor="middle">'
        "loyalty (behaviour) →</text>"
        f'<text x="12" y="{span / 2}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {span / 2})">satisfaction →</text>'
    )
    return mark_safe(
        # With links inside, the SVG is a group of links, not one image (axe: an img
        # role hides its focusable children from assistive technology).
        f'<svg class="chart" viewBox="0 0 {pad + span + 4} {span + 22}" '
        f'role="{"group" if links else "img"}" '
        f'aria-label="Loyalty matrix: satisfaction against loyalty">{"".join(parts)}</svg>'
    )
