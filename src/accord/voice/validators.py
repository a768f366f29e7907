"""Cleaning one survey response from raw values (form, API, import row).

Pure functions: no queries, cheap enough for the importer's every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.core import validation as v

# Every score item with its scale; the models' check constraints say the same.
SCORE_SCALES = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "value_quality": (1, 5),
    "value_price": (1, 5),
    "value_convenience": (1, 5),
    "brand_awareness": (1, 5),
    "brand_attitude": (1, 5),
    "brand_ethics": (1, 5),
}
SURVEY_FIELDS: dict[str, v.Cleaner] = {
    "responded_at": v.aware_datetime("responded_at"),
    **{
        item: v.integer(item, minimum=low, maximum=high, required=False)
        for item, (low, high) in SCORE_SCALES.items()
    },
    "comment": v.text("comment", 10_000, multiline=True),
}


def clean_survey_response(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every survey field cleaned (blank items were not asked); a response answers at
    least one item or leaves a comment."""
    clean = v.clean_fields(SURVEY_FIELDS, values)
    if not clean["comment"] and all(clean[item] is None for item in SCORE_SCALES):
        raise v.ValidationProblem("nps", "a response needs at least one score or a comment")
    return clean


def clean_survey_response_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given survey fields, cleaned; unknown fields are refused."""
    return v.clean_fields(SURVEY_FIELDS, values, partial=True)
