"""Values in the generic format's spelling, which adapters write and the importer reads:
ISO 8601 times and dates, plain decimals, true/false, two-letter countries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from accord.imports.formats.countries import country_code


@dataclass(frozen=True)
class Skip:
    """A source row deliberately not imported (deleted, an open deal...): counted by reason."""

    reason: str


class SkipCounter(Counter[str]):
    """Rows each adapter skipped, by reason; the caller reports them next to the run."""

    def describe(self) -> str:
        """ "skipped 2 rows: 1 open deal, 1 lost deal" ("" when nothing was skipped)."""
        if not self:
            return ""
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.items()))
        return f"skipped {self.total()} rows: {reasons}"


def iso_datetime(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def iso_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def amount(value: Decimal | None) -> str:
    return format(value, "f") if value is not None else ""


def flag(value: bool) -> str:
    return "true" if value else "false"


def country(value: str) -> str:
    """The ISO code for a country name as CRMs write it; "" when unknown (the customer is
    still imported, without a country)."""
    return country_code(value)
