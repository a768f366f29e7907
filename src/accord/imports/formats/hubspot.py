"""HubSpot CRM exports (contacts, companies, deals, tickets; a view or "all properties")
-> rows of Accord's generic format.

Headers are property labels in the exporting user's language, matched tolerantly (see
labels.py). Which object a file holds is told from its columns. The mapping:

- companies -> organization customers; contacts without a company -> person customers;
  contacts with a company -> contacts of that organization (import the contacts file as
  `customers` and again as `contacts`; each pass skips the other half, counted);
- deals won -> orders on the company (else the first associated contact); open and lost
  deals are skipped and counted: Accord records what customers bought, not pipelines;
- tickets -> requests;
- lifecycle stages -> Accord stages; owners ("Name (email)", name or email) -> staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, tzinfo
from pathlib import Path

from accord.imports.formats.generic import (
    Skip,
    SkipCounter,
    amount,
    country,
    iso_datetime,
)
from accord.imports.formats.hubspot_labels import (
    LIFECYCLE_STAGES,
    LOST_WORDS,
    SYNONYMS,
    TICKET_SOURCES,
    TICKET_STATUSES,
    WON_WORDS,
)
from accord.imports.formats.labels import Columns, FormatProblem, fold, split_values
from accord.imports.formats.owners import OwnerNames
from accord.imports.formats.rows import Converter, convert_rows
from accord.imports.problems import RowProblem
from accord.imports.readers import Row

KINDS = ("customers", "contacts", "orders", "requests")


def detect_object(columns: Columns) -> str:
    """ "deals", "tickets", "companies" or "contacts" from the columns the file has."""
    if "deal_name" in columns or "deal_stage" in columns:
        return "deals"
    if "ticket_name" in columns or "ticket_status" in columns:
        return "tickets"
    if "first_name" in columns or "last_name" in columns or "email" in columns:
        return "contacts"
    if "company_name" in columns or "domain" in columns:
        return "companies"
    raise FormatProblem(
        "not a HubSpot contacts, companies, deals or tickets export: none of their columns "
        f"(e.g. First Name, Company name, Deal Name, Ticket name) in {columns.header[:8]}"
    )


def to_generic(
    kind: str,
    rows: Iterable[Row | RowProblem],
    *,
    mapping: Mapping[str, str] | None = None,
    tz: tzinfo = UTC,
    skipped: SkipCounter | None = None,
    path: str | Path | None = None,
) -> Iterator[Row | RowProblem]:
    """Generic rows of `kind` from a HubSpot export's rows (from readers.open_rows).

    `mapping` names source headers for fields by the names in SYNONYMS; times without a
    zone are in `tz` (HubSpot writes the exporting user's zone); rows left out on purpose
    are counted in `skipped` by reason. Raises FormatProblem when the file cannot serve
    the kind. `path` is accepted for symmetry with the Salesforce adapter (unused).
    """
    if kind not in KINDS:
        raise FormatProblem(f"HubSpot exports give {', '.join(KINDS)}, not {kind}")

    def make(header: list[str]) -> Converter:
        columns = Columns(header, SYNONYMS, mapping, tz)
        return _converter(kind, detect_object(columns), columns, OwnerNames())

    return convert_rows(rows, make, skipped)


def _converter(kind: str, source: str, columns: Columns, owners: OwnerNames) -> Converter:
    columns.require("record_id", what=f"HubSpot {source}")
    choices: dict[tuple[str, str], Converter] = {
        ("customers", "companies"): lambda row: _company(columns, owners, row),
        ("customers", "contacts"): lambda row: _person(columns, owners, row),
        ("contacts", "contacts"): lambda row: _contact(columns, row),
        ("orders", "deals"): lambda row: _order(columns, row),
        ("requests", "tickets"): lambda row: _request(columns, owners, row),
    }
    convert = choices.get((kind, source))
    if convert is None:
        wanted = [s for k, s in choices if k == kind]
        raise FormatProblem(
            f"this is a HubSpot {source} export; {kind} come from {' or '.join(wanted)} exports"
        )
    return convert


def _stage(columns: Columns, row: Mapping[str, str]) -> str:
    lifecycle = columns.get(row, "lifecycle")
    if not lifecycle:
        return ""
    return LIFECYCLE_STAGES.get(fold(lifecycle), "prospect")


def _company_id(columns: Columns, row: Mapping[str, str]) -> str:
    ids = split_values(columns.get(row, "company_id")) or split_values(
        columns.get(row, "company_ids")
    )
    return ids[0] if ids else ""


def _company(columns: Columns, owners: OwnerNames, row: Mapping[str, str]) -> dict[str, str]:
    return {
        "external_id": columns.get(row, "record_id"),
        "kind": "organization",
        "name": columns.get(row, "company_name") or columns.get(row, "domain"),
        "email": "",
        "phone": columns.get(row, "phone"),
        "city": columns.get(row, "city"),
        "country": country(columns.get(row, "country")),
        "created_at": iso_datetime(columns.datetime(row, "created_at")),
        "owner_email": owners.email_for(columns.get(row, "owner")),
        "stage": _stage(columns, row),
    }


def _full_name(columns: Columns, row: Mapping[str, str]) -> str:
    name = f"{columns.get(row, 'first_name')} {columns.get(row, 'last_name')}".strip()
    return name or columns.get(row, "email")


def _person(columns: Columns, owners: OwnerNames, row: Mapping[str, str]) -> dict[str, str] | Skip:
    if _company_id(columns, row):
        return Skip("contact of a company (imported as a contact)")
    return {
        "external_id": columns.get(row, "record_id"),
        "kind": "person",
        "name": _full_name(columns, row),
        "email": columns.get(row, "email"),
        "phone": columns.get(row, "phone"),
        "city": columns.get(row, "city"),
        "country": country(columns.get(row, "country")),
        "created_at": iso_datetime(columns.datetime(row, "created_at")),
        "owner_email": owners.email_for(columns.get(row, "owner")),
        "stage": _stage(columns, row),
    }


def _contact(columns: Columns, row: Mapping[str, str]) -> dict[str, str] | Skip:
    company = _company_id(columns, row)
    if not company:
        return Skip("contact without a company (imported as a person customer)")
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": company,
        "name": _full_name(columns, row),
        "email": columns.get(row, "email"),
        "phone": columns.get(row, "phone"),
        "title": columns.get(row, "job_title"),
        "is_primary": "false",
    }


def _is_won(columns: Columns, row: Mapping[str, str]) -> bool | None:
    """True won, False lost, None still open."""
    if "is_won" in columns and columns.get(row, "is_won") and columns.boolean(row, "is_won"):
        return True
    stage = fold(columns.get(row, "deal_stage"))
    if any(word in stage for word in WON_WORDS):
        return True
    if any(word in stage for word in LOST_WORDS):
        return False
    return None


def _customer_ref(columns: Columns, row: Mapping[str, str]) -> str:
    contacts = split_values(columns.get(row, "contact_ids"))
    return _company_id(columns, row) or (contacts[0] if contacts else "")


def _order(columns: Columns, row: Mapping[str, str]) -> dict[str, str] | Skip:
    won = _is_won(columns, row)
    if won is None:
        return Skip("open deal (not an order until won)")
    if not won:
        return Skip("lost deal")
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": _customer_ref(columns, row),
        "occurred_at": iso_datetime(
            columns.datetime(row, "close_date") or columns.datetime(row, "created_at")
        ),
        "amount": amount(columns.decimal(row, "amount")),
        "currency": columns.get(row, "currency").upper(),
        "description": columns.get(row, "deal_name"),
    }


def _request(columns: Columns, owners: OwnerNames, row: Mapping[str, str]) -> dict[str, str]:
    status = TICKET_STATUSES.get(fold(columns.get(row, "ticket_status")), "open")
    closed = columns.datetime(row, "close_date") if status == "resolved" else None
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": _customer_ref(columns, row),
        "channel": TICKET_SOURCES.get(fold(columns.get(row, "ticket_source")), "ticket"),
        "kind": "support",
        "subject": columns.get(row, "ticket_name"),
        "body": columns.get(row, "ticket_body"),
        "status": status,
        "received_at": iso_datetime(columns.datetime(row, "created_at")),
        "resolved_at": iso_datetime(closed),
        "assigned_to_email": owners.email_for(columns.get(row, "owner")),
    }
