"""Is this incident acceptable? One set of cleaners for the staff UI, the staff API, the
portal and the partner API."""

from __future__ import annotations

from typing import Any

from accord.core.validation import (
    ValidationProblem,
    choice,
    clean_fields,
    integer,
    record_id,
    text,
)
from accord.incidents.models import IncidentSource, Vendor

MAX_STEPS = 12
MAX_CUSTOMERS = 1000

_INCIDENT = {
    "title": text("title", 200, required=True),
    "description": text("description", 5000, multiline=True),
    "source": choice("source", IncidentSource, default=IncidentSource.STAFF),
    "source_id": record_id("source_id", required=False),
}
_ATTRIBUTION = {
    "vendor": choice("vendor", Vendor),
    "partner_id": record_id("partner_id", required=False),
    "confidence": integer("confidence", minimum=0, maximum=100, default=50),
    "evidence": text("evidence", 5000, multiline=True),
    "reason": text("reason", 1000, multiline=True),
}
_clean_step = text("journey_steps", 60)
_clean_customer = record_id("customer_ids")
clean_note = text("note", 5000, multiline=True)


def clean_journey_steps(values: Any) -> list[str]:
    """A list of short step names; text splits on commas and line breaks."""
    if values is None or values == "":
        return []
    if isinstance(values, str):
        values = [part for part in values.replace("\n", ",").split(",")]
    if not isinstance(values, list | tuple):
        raise ValidationProblem("journey_steps", "must be a list of step names")
    steps: list[str] = []
    for value in values:
        step = _clean_step(value)
        if step and step.lower() not in (s.lower() for s in steps):
            steps.append(step)
    if len(steps) > MAX_STEPS:
        raise ValidationProblem("journey_steps", f"{len(steps)} steps, at most {MAX_STEPS}")
    return steps


def clean_customer_ids(values: Any, *, required: bool = True) -> list[int]:
    if values is None or values == "":
        values = []
    if isinstance(values, str):
        values = [part for part in values.replace(",", " ").split() if part]
    if not isinstance(values, list | tuple):
        raise ValidationProblem("customer_ids", "must be a list of customer ids")
    ids = sorted({int(_clean_customer(value)) for value in values})
    if required and not ids:
        raise ValidationProblem("customer_ids", "name at least one affected customer")
    if len(ids) > MAX_CUSTOMERS:
        raise ValidationProblem("customer_ids", f"{len(ids)} customers, at most {MAX_CUSTOMERS}")
    return ids


def clean_incident(values: dict[str, Any]) -> dict[str, Any]:
    fields = clean_fields(_INCIDENT, values)
    fields["journey_steps"] = clean_journey_steps(values.get("journey_steps"))
    return fields


def clean_attribution(values: dict[str, Any]) -> dict[str, Any]:
    fields = clean_fields(_ATTRIBUTION, values)
    if fields["vendor"] == Vendor.PARTNER and fields["partner_id"] is None:
        raise ValidationProblem("partner_id", "name the partner the incident is attributed to")
    if fields["vendor"] != Vendor.PARTNER and fields["partner_id"] is not None:
        raise ValidationProblem("partner_id", "only goes with vendor 'partner'")
    return fields
