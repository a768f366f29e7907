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
- activity exports (calls, meetings, notes, emails, completed tasks, or a mixed export with
  an Activity type column) -> interactions; open tasks are skipped and counted;
- lifecycle stages -> Accord stages; owners ("Name (email)", name or email) -> staff;
- association columns (ids or names) -> the customer, see hubspot_links.py.
"""

from __future__ import annotations

import html
import re
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
    ACTIVITY_CHANNELS,
    INBOUND_WORDS,
    LIFECYCLE_STAGES,
    LOST_WORDS,
    SYNONYMS,
    TASK_DONE,
    TICKET_SOURCES,
    TICKET_STATUSES,
    WON_WORDS,
)
from accord.imports.formats.hubspot_links import Associations
from accord.imports.formats.labels import Columns, FormatProblem, fold
from accord.imports.formats.owners import OwnerNames
from accord.imports.formats.rows import Converter, convert_rows
from accord.imports.problems import RowProblem
from accord.imports.readers import Row

KINDS = ("customers", "contacts", "orders", "requests", "interactions")
# Activity objects by the column only their export has, checked in this order.
ACTIVITY_MARKS = (
    ("activity_type", "activities"),
    ("call_title", "calls"),
    ("call_body", "calls"),
    ("call_direction", "calls"),
    ("meeting_title", "meetings"),
    ("meeting_start", "meetings"),
    ("email_subject", "emails"),
    ("email_direction", "emails"),
    ("task_title", "tasks"),
    ("task_status", "tasks"),
    ("note_body", "notes"),
)
ACTIVITY_OBJECTS = frozenset(name for _field, name in ACTIVITY_MARKS)
_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<(?:br|/p|/div|/li)\s*/?>", re.IGNORECASE)


def detect_object(columns: Columns) -> str:
    """ "deals", "tickets", "companies", "contacts" or an activity object ("calls",
    "meetings", "notes", "emails", "tasks", "activities") from the file's columns."""
    if "deal_name" in columns or "deal_stage" in columns:
        return "deals"
    if "ticket_name" in columns or "ticket_status" in columns:
        return "tickets"
    for field, name in ACTIVITY_MARKS:
        if field in columns:
            return name
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
    source: str = "hubspot",
) -> Iterator[Row | RowProblem]:
    """Generic rows of `kind` from a HubSpot export's rows (from readers.open_rows).

    `mapping` names source headers for fields by the names in SYNONYMS; times without a
    zone are in `tz` (HubSpot writes the exporting user's zone); rows left out on purpose
    are counted in `skipped` by reason. Raises FormatProblem when the file cannot serve
    the kind. `path` is accepted for symmetry with the Salesforce adapter (unused);
    `source` is the import's source, in which association names are looked up.
    """
    if kind not in KINDS:
        raise FormatProblem(f"HubSpot exports give {', '.join(KINDS)}, not {kind}")

    def make(header: list[str]) -> Converter:
        columns = Columns(header, SYNONYMS, mapping, tz)
        links = Associations(source)
        return _converter(kind, detect_object(columns), columns, OwnerNames(), links)

    return convert_rows(rows, make, skipped)


def _converter(
    kind: str, source: str, columns: Columns, owners: OwnerNames, links: Associations
) -> Converter:
    columns.require("record_id", what=f"HubSpot {source}")
    choices: dict[tuple[str, str], Converter] = {
        ("customers", "companies"): lambda row: _company(columns, owners, row),
        ("customers", "contacts"): lambda row: _person(columns, owners, links, row),
        ("contacts", "contacts"): lambda row: _contact(columns, links, row),
        ("orders", "deals"): lambda row: _order(columns, links, row),
        ("requests", "tickets"): lambda row: _request(columns, owners, links, row),
    }
    for name in ACTIVITY_OBJECTS:
        choices[("interactions", name)] = lambda row, name=name: _activity(  # type: ignore[misc]
            name, columns, owners, links, row
        )
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


def _company_id(columns: Columns, links: Associations, row: Mapping[str, str]) -> str:
    """The contact's company: the primary one, else the first associated (by id, else
    by name)."""
    ids = columns.get(row, "company_id") or columns.get(row, "company_ids")
    return links.company(ids=ids, names=columns.get(row, "company_names"))


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


def _person(
    columns: Columns, owners: OwnerNames, links: Associations, row: Mapping[str, str]
) -> dict[str, str] | Skip:
    if _company_id(columns, links, row):
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


def _contact(
    columns: Columns, links: Associations, row: Mapping[str, str]
) -> dict[str, str] | Skip:
    company = _company_id(columns, links, row)
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


def _customer_ref(columns: Columns, links: Associations, row: Mapping[str, str]) -> str:
    """The customer of a deal, ticket or activity: its company, else its contact (by id,
    else by name); a contact of a company stands for the company."""
    return links.customer(
        company_ids=columns.get(row, "company_id") or columns.get(row, "company_ids"),
        contact_ids=columns.get(row, "contact_ids"),
        company_names=columns.get(row, "company_names"),
        contact_names=columns.get(row, "contact_names"),
    )


def _order(columns: Columns, links: Associations, row: Mapping[str, str]) -> dict[str, str] | Skip:
    won = _is_won(columns, row)
    if won is None:
        return Skip("open deal (not an order until won)")
    if not won:
        return Skip("lost deal")
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": _customer_ref(columns, links, row),
        "occurred_at": iso_datetime(
            columns.datetime(row, "close_date") or columns.datetime(row, "created_at")
        ),
        "amount": amount(columns.decimal(row, "amount")),
        "currency": columns.get(row, "currency").upper(),
        "description": columns.get(row, "deal_name"),
    }


def _request(
    columns: Columns, owners: OwnerNames, links: Associations, row: Mapping[str, str]
) -> dict[str, str]:
    status = TICKET_STATUSES.get(fold(columns.get(row, "ticket_status")), "open")
    closed = columns.datetime(row, "close_date") if status == "resolved" else None
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": _customer_ref(columns, links, row),
        "channel": TICKET_SOURCES.get(fold(columns.get(row, "ticket_source")), "ticket"),
        "kind": "support",
        "subject": columns.get(row, "ticket_name"),
        "body": plain_text(columns.get(row, "ticket_body")),
        "status": status,
        "received_at": iso_datetime(columns.datetime(row, "created_at")),
        "resolved_at": iso_datetime(closed),
        "assigned_to_email": owners.email_for(columns.get(row, "owner")),
    }


def plain_text(value: str) -> str:
    """HubSpot stores notes, call notes and email bodies as HTML: text with line breaks."""
    if "<" not in value:
        return value
    text = html.unescape(_TAGS.sub("", _BREAKS.sub("\n", value)))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def _activity_channel(source: str, columns: Columns, row: Mapping[str, str]) -> str:
    if source == "activities":
        return ACTIVITY_CHANNELS.get(fold(columns.get(row, "activity_type")), "note")
    if source == "tasks":
        # A task to call or to email was that exchange once done; a to-do is a note.
        return ACTIVITY_CHANNELS.get(fold(columns.get(row, "task_type")), "note")
    return {"calls": "call", "meetings": "meeting", "emails": "email"}.get(source, "note")


_SUBJECTS = ("call_title", "meeting_title", "email_subject", "task_title")
_BODIES = ("call_body", "meeting_body", "email_body", "note_body", "task_body")


def _activity(
    source: str,
    columns: Columns,
    owners: OwnerNames,
    links: Associations,
    row: Mapping[str, str],
) -> dict[str, str] | Skip:
    status = columns.get(row, "task_status")
    if "task_status" in columns and (source == "tasks" or status) and fold(status) not in TASK_DONE:
        return Skip("open task (not an interaction until done)")
    direction = fold(columns.get(row, "call_direction") or columns.get(row, "email_direction"))
    body = next((v for v in (plain_text(columns.get(row, f)) for f in _BODIES) if v), "")
    subject = next((v for v in (columns.get(row, f) for f in _SUBJECTS) if v), "")
    if not subject and body:
        subject = body.splitlines()[0]
    occurred = (
        columns.datetime(row, "meeting_start")
        or columns.datetime(row, "activity_date")
        or columns.datetime(row, "completed_at")
        or columns.datetime(row, "created_at")
    )
    return {
        "external_id": columns.get(row, "record_id"),
        "customer_external_id": _customer_ref(columns, links, row),
        "occurred_at": iso_datetime(occurred),
        "channel": _activity_channel(source, columns, row),
        "direction": "inbound" if any(w in direction for w in INBOUND_WORDS) else "outbound",
        "kind": "other",
        "subject": subject[:200],
        "body": body,
        "staff_email": owners.email_for(columns.get(row, "owner")),
    }
