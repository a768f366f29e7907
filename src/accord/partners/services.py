"""Writes on partners: register the vendors in the customer's journey."""

from __future__ import annotations

from accord.core.bulk import Columns, insert_columns
from accord.partners.models import Partner


def add_partners_bulk(columns: Columns) -> int:
    """Insert partners, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Partner, columns)
