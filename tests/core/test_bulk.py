"""Bulk writes store text exactly as given, whatever COPY's text format makes of it, and
refuse what PostgreSQL cannot store with the table and column named."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection

from accord.core import bulk
from accord.core.bulk import BulkWriteError, insert_columns
from accord.customers.models import Customer

AT = datetime.fromisoformat("2026-11-01T12:00:00+00:00")
# COPY's text format reads tab and newline as separators, backslash as an escape (\N is
# NULL, \. ends the data), and a bare carriage return as a line end.
HOSTILE = [
    "tab\there",
    "new\nline",
    "carriage\rreturn\r\n",
    "back\\slash\\",
    "\\N",
    "\\.",
    "\\\\t",
    "",
    "Zoë 🙂 \u2028",
    "quote \" and ' comma,",
]


def _customers(names: list[str], erased: list[datetime | None]) -> dict[str, list]:
    count = len(names)
    return {
        "id": list(range(1, count + 1)),
        "kind": ["person"] * count,
        "name": names,
        "email": [""] * count,
        "phone": [""] * count,
        "city": [""] * count,
        "country": [""] * count,
        "created_at": [AT] * count,
        "erased_at": erased,
    }


def test_hostile_text_and_nulls_read_back_exactly(db, monkeypatch) -> None:
    monkeypatch.setattr(bulk, "COPY_ROWS", 3)  # several pieces of COPY text
    erased = [None if i % 2 else AT for i in range(len(HOSTILE))]

    assert insert_columns(Customer, _customers(HOSTILE, erased)) == len(HOSTILE)

    stored = Customer.objects.order_by("id")
    assert [c.name for c in stored] == HOSTILE
    assert [c.erased_at for c in stored] == erased


# SQLite's executemany stores NUL in text and refuses dicts itself; the checks belong to
# the COPY path.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="checks of the COPY text path"
)


@postgresql_only
def test_json_must_come_as_text(db) -> None:
    with pytest.raises(BulkWriteError, match="customers_customer: column 'name' holds dict"):
        insert_columns(Customer, _customers([{"a": 1}], [None]))  # type: ignore[list-item]
    assert not Customer.objects.exists()


@postgresql_only
def test_nul_is_refused_naming_the_column(db) -> None:
    with pytest.raises(BulkWriteError, match="customers_customer: column 'name' holds a NUL"):
        insert_columns(Customer, _customers(["ok", "nul\x00inside"], [None, None]))
    assert not Customer.objects.exists()
