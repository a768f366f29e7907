"""Writes on the voice of the customer: survey responses and social mentions."""

from __future__ import annotations

from accord.core.bulk import Columns, insert_columns
from accord.voice.models import SocialMention, SurveyResponse


def record_survey_responses_bulk(columns: Columns) -> int:
    """Insert survey responses, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(SurveyResponse, columns)


def record_mentions_bulk(columns: Columns) -> int:
    """Insert social mentions, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(SocialMention, columns)
