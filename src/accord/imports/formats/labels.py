"""Find the columns an adapter needs among the headers of a real export.

Labels follow the exporting user's language and change between product versions
("Phone Number", "Phone number", "Telefonnummer"), so headers are compared after folding
case, accents, spacing and punctuation, against a list of known labels per field; a
mapping file names the header outright when the guess is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache

from accord.imports.dates import DateTimeParser
from accord.imports.values import parse_bool, parse_decimal

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class FormatProblem(ValueError):
    """The file is not the export the adapter was asked to read (the message says why)."""


@lru_cache(maxsize=8192)
def fold(label: str) -> str:
    """ "Téléphone N°" -> "telephonen": lower case ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub("", ascii_only.replace("ß", "ss"))


class FieldProblem(ValueError):
    """A cell that cannot be read; `column` is the source header."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


class Columns:
    """Which source header holds each field: `columns["email"]` -> "E-Mail" or None."""

    def __init__(
        self,
        header: Iterable[str],
        synonyms: Mapping[str, Sequence[str]],
        override: Mapping[str, str] | None = None,
        tz: tzinfo = UTC,
    ) -> None:
        self.header = list(header)
        self.tz = tz
        self._dates: dict[str, DateTimeParser] = {}
        by_fold: dict[str, str] = {}
        for name in self.header:
            by_fold.setdefault(fold(name), name)
        self.found: dict[str, str] = {}
        for field, labels in synonyms.items():
            # The field's own name first: a mapping file renames a header to it.
            for label in (field, *labels):
                if fold(label) in by_fold:
                    self.found[field] = by_fold[fold(label)]
                    break
        for field, name in (override or {}).items():
            if name not in self.header:
                raise FormatProblem(f"mapping: column {name!r} for {field!r} is not in the file")
            self.found[field] = name

    def __contains__(self, field: str) -> bool:
        return field in self.found

    def get(self, row: Mapping[str, str], field: str) -> str:
        """The row's value for the field, trimmed; "" when the file lacks the column."""
        name = self.found.get(field)
        return row.get(name, "").strip() if name else ""

    def datetime(self, row: Mapping[str, str], field: str) -> datetime | None:
        """The cell as an aware datetime (naive times are in the import's zone), or None."""
        value = self.get(row, field)
        if not value:
            return None
        parser = self._dates.get(field)
        if parser is None:
            parser = self._dates[field] = DateTimeParser(self.tz)
        try:
            return parser.parse(value)
        except ValueError as error:
            raise FieldProblem(self.found[field], str(error)) from None

    def date(self, row: Mapping[str, str], field: str) -> date | None:
        moment = self.datetime(row, field)
        return moment.date() if moment else None

    def decimal(self, row: Mapping[str, str], field: str) -> Decimal | None:
        value = self.get(row, field)
        if not value:
            return None
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise FieldProblem(self.found[field], str(error)) from None

    def boolean(self, row: Mapping[str, str], field: str) -> bool:
        try:
            return parse_bool(self.get(row, field))
        except ValueError as error:
            raise FieldProblem(self.found[field], str(error)) from None

    def require(self, *fields: str, what: str) -> None:
        missing = [field for field in fields if field not in self.found]
        if missing:
            raise FormatProblem(
                f"{what}: no column for {', '.join(missing)} among {len(self.header)} headers "
                f"({', '.join(self.header[:8])}{', ...' if len(self.header) > 8 else ''}); "
                "name it in a mapping file"
            )


def split_values(value: str) -> list[str]:
    """HubSpot writes several values in one cell separated by ";"."""
    return [part.strip() for part in value.split(";") if part.strip()]


def label_table(labels: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """{"email": "Email|E-Mail"} -> {"email": ("Email", "E-Mail")}: compact to read."""
    return {field: tuple(text.split("|")) for field, text in labels.items()}
