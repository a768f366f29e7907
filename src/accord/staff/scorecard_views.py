"""Partner scorecards in the staff UI: every working staff member sees how the partners
in our customers' journeys handle the incidents attributed to them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.partners.queries import list_partners
from accord.scoring.partner_scorecards import (
    list_partner_incidents_by_month,
    list_partner_scorecards,
)
from accord.staff.form_support import user_of


def scorecard_bars(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incidents attributed per partner, each bar linking to that partner's incidents."""
    return [
        {
            "label": card["partner"].name,
            "value": card["incidents"],
            "text": f"{card['incidents']} ({card['customers']} customers)",
            "href": f"/incidents/?partner={card['partner'].pk}",
        }
        for card in cards
    ]


def scorecard_context() -> dict[str, Any]:
    cards = list_partner_scorecards()
    return {
        "scorecards": cards,
        "scorecard_bars": scorecard_bars(cards),
        "scorecard_months": list_partner_incidents_by_month(),
        "scorecard_partners": list(list_partners().values_list("name", flat=True)),
    }


@require_GET
def scorecards(request: HttpRequest) -> HttpResponse:
    user_of(request)
    return render(request, "staff/partner_scorecards.html", scorecard_context())
