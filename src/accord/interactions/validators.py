"""Cleaning one interaction from raw values (form, API, import row, mail message).

Pure functions: no queries, cheap enough for the importer's every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.core import validation as v
from accord.core.models import Channel, Direction, Function, InteractionKind

# Bodies are whole emails or call notes; the bound only keeps one row from being absurd.
MAX_BODY = 1_000_000

INTERACTION_FIELDS: dict[str, v.Cleaner] = {
    "channel": v.choice("channel", Channel),
    "direction": v.choice("direction", Direction),
    "kind": v.choice("kind", InteractionKind),
    # blank: nobody inside the company sent or received it
    "function": v.choice("function", Function, default=""),
    "occurred_at": v.aware_datetime("occurred_at"),
    "subject": v.text("subject", 200),
    "body": v.text("body", MAX_BODY, multiline=True),
    "source": v.text("source", 40),
    "external_id": v.text("external_id", 100),
}


def clean_interaction(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every interaction field cleaned; source defaults to "accord", external_id to None."""
    clean = v.clean_fields(INTERACTION_FIELDS, values)
    clean["source"] = clean["source"] or "accord"
    clean["external_id"] = clean["external_id"] or None
    return clean


# What a correction may change; where it came from (source, external_id) stays.
EDITABLE_FIELDS = {
    name: INTERACTION_FIELDS[name]
    for name in ("channel", "direction", "kind", "function", "occurred_at", "subject", "body")
}


def clean_interaction_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given editable fields, cleaned; other fields are refused."""
    return v.clean_fields(EDITABLE_FIELDS, values, partial=True)
