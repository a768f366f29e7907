"""Exit friction for managers: seconds, steps and forced staff contacts per month.

Reads the portal's exit records; the chart is inline SVG drawn here (no JS, no CDN).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accord.portal.friction import count_open_exits, list_exit_friction_by_month

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 640, 180, 6


def exit_friction(request: HttpRequest) -> HttpResponse:
    # Members get the same answer as a missing page: the board is for managers.
    if not getattr(request.user, "is_manager", False):
        raise Http404("managers only")
    rows = list_exit_friction_by_month()
    context = {
        "rows": rows,
        "bars": _bars(rows),
        "chart_width": CHART_WIDTH,
        "chart_height": CHART_HEIGHT,
        "open_exits": count_open_exits(),
        "forced_total": sum(row["forced_contacts"] or 0 for row in rows),
    }
    return render(request, "staff/exits.html", context)


def _bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bar geometry for mean seconds per month, scaled to the worst month."""
    if not rows:
        return []
    top = max(row["mean_seconds"] or 0 for row in rows) or 1.0
    width = CHART_WIDTH / len(rows)
    bars = []
    for index, row in enumerate(rows):
        height = (row["mean_seconds"] or 0) / top * (CHART_HEIGHT - 30)
        bars.append(
            {
                "x": round(index * width + BAR_GAP / 2, 1),
                "y": round(CHART_HEIGHT - 20 - height, 1),
                "width": round(max(width - BAR_GAP, 1), 1),
                "height": round(height, 1),
                "label": row["month"].strftime("%b %y"),
                "value": round(row["mean_seconds"] or 0, 1),
                "label_x": round(index * width + width / 2, 1),
            }
        )
    return bars
