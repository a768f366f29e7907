"""Cleaning one promise from raw values (form, API, import row)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.core import validation as v
from accord.promises.models import PromiseKind, Side

PROMISE_FIELDS: dict[str, v.Cleaner] = {
    "made_by_side": v.choice("made_by_side", Side),
    "kind": v.choice("kind", PromiseKind),
    "description": v.text("description", 300, required=True),
    "due_at": v.aware_datetime("due_at"),
    "made_at": v.aware_datetime("made_at", required=False),
}


def clean_promise(values: Mapping[str, Any]) -> dict[str, Any]:
    """made_by_side, kind, description, due_at, made_at (None: now); a promise is not
    due before it was made."""
    clean = v.clean_fields(PROMISE_FIELDS, values)
    if clean["made_at"] is not None and clean["due_at"] < clean["made_at"]:
        raise v.ValidationProblem("due_at", "falls before the promise was made")
    return clean
