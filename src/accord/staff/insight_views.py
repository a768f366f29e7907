"""The insight book: hostages with their barriers and equity at risk, at-risk customers,
apostles, filtered by owner and segment, with the health histogram and loyalty matrix."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.members.models import StaffMember
from accord.scoring.models import CustomerScore, Segment
from accord.scoring.queries import (
    ScoreFilter,
    count_by_segment,
    count_scores,
    get_health_histogram,
    get_loyalty_matrix,
    list_scores,
)

AT_RISK_HEALTH = 40.0
ROWS = 50


def _owner_from(request: HttpRequest) -> tuple[int | None, str]:
    raw = request.GET.get("owner", "").strip()
    if raw == "me":
        return int(request.user.pk or 0), raw
    if raw.isdigit():
        return int(raw), raw
    return None, ""


def insight_book(request: HttpRequest) -> HttpResponse:
    owner_id, owner_param = _owner_from(request)
    segment = request.GET.get("segment", "")
    segment = segment if segment in Segment.values else ""
    hostages = ScoreFilter(hostage=True, owner_id=owner_id, order="-equity_at_risk")
    at_risk = ScoreFilter(owner_id=owner_id, health_below=AT_RISK_HEALTH, order="health")
    apostles = ScoreFilter(segment="apostle", owner_id=owner_id, order="-clv")
    chosen = ScoreFilter(segment=segment, owner_id=owner_id, order="health")
    at_risk_value = (
        list_scores(hostages).order_by().aggregate(total=Sum("equity_at_risk"))["total"] or 0.0
    )
    counts = count_by_segment()
    context: dict[str, Any] = {
        "owners": StaffMember.objects.filter(is_active=True).order_by("first_name", "username"),
        "owner_param": owner_param,
        "segment": segment,
        "segment_label": Segment(segment).label if segment else "",
        "segments": Segment.choices,
        # Only the segments someone is in, in the choices' order (joined in the template).
        "segment_counts": [
            (label, counts[value]) for value, label in Segment.choices if value in counts
        ],
        "scored": CustomerScore.objects.count(),
        "hostages": list_scores(hostages)[:ROWS],
        "hostage_count": count_scores(hostages),
        "equity_at_risk": at_risk_value,
        "at_risk": list_scores(at_risk)[:ROWS],
        "at_risk_count": count_scores(at_risk),
        "at_risk_health": AT_RISK_HEALTH,
        "apostles": list_scores(apostles)[:ROWS],
        "apostle_count": count_scores(apostles),
        "chosen": list_scores(chosen)[:ROWS] if segment else [],
        "chosen_count": count_scores(chosen) if segment else 0,
        "histogram": get_health_histogram(),
        "matrix": get_loyalty_matrix(),
    }
    return render(request, "staff/insight_book.html", context)
