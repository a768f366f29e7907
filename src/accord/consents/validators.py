"""Cleaning one consent decision from raw values (portal form, API, import row)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.consents.models import Purpose
from accord.core import validation as v

CONSENT_FIELDS: dict[str, v.Cleaner] = {
    "purpose": v.choice("purpose", Purpose),
    "is_granted": v.boolean("is_granted"),
    "method": v.text("method", 40, required=True),
    "partner_id": v.record_id("partner_id", required=False),
    "recorded_at": v.aware_datetime("recorded_at", required=False),
}


def clean_consent(values: Mapping[str, Any]) -> dict[str, Any]:
    """purpose, is_granted, method, partner_id (only and always for partner_sharing),
    recorded_at (None: now)."""
    clean = v.clean_fields(CONSENT_FIELDS, values)
    if (clean["purpose"] == Purpose.PARTNER_SHARING) != (clean["partner_id"] is not None):
        raise v.ValidationProblem(
            "partner_id", "give a partner for partner_sharing and only for it"
        )
    return clean
