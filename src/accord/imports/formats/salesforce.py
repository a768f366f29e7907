"""Salesforce exports -> rows of Accord's generic format: the weekly Data Export Service
(one `<Object>.csv` per object, API names as headers, ISO-8859-1 common, booleans 0/1,
`YYYY-MM-DD HH:MM:SS` in UTC) and Data Loader extracts (query columns in query order,
UPPERCASE up to API version 60, booleans true/false, `2023-05-08T21:13:02.000Z`).

The mapping:
- Account -> customers (organization; person accounts -> person);
- Contact -> contacts of their account; a contact without an account -> a person customer
  (import Contact.csv as `customers` and as `contacts`; each pass skips the other half);
- Lead (not converted) -> person customers at stage prospect; converted leads are skipped
  (their Account and Contact carry them);
- Opportunity won -> orders; open and lost ones are skipped and counted;
- Case -> requests; Task (completed) and Event -> interactions; open tasks are skipped;
- OwnerId -> staff by email through User.csv (beside the file, or `users`), or an
  `Owner.Email` column of a Data Loader query;
- rows with IsDeleted = 1 are skipped and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, tzinfo
from pathlib import Path

from accord.imports.formats.generic import Skip, SkipCounter, amount, country, iso_datetime
from accord.imports.formats.labels import Columns, FormatProblem, fold
from accord.imports.formats.rows import Converter, convert_rows
from accord.imports.formats.salesforce_objects import (
    KINDS_BY_OBJECT,
    SYNONYMS,
    Lookups,
    account_stage,
    case_status,
    detect_object,
    interaction_channel,
    lookup_id,
)
from accord.imports.problems import RowProblem
from accord.imports.readers import Row

KINDS = ("customers", "contacts", "orders", "requests", "interactions")


def to_generic(
    kind: str,
    rows: Iterable[Row | RowProblem],
    *,
    path: str | Path | None = None,
    users: str | Path | None = None,
    mapping: Mapping[str, str] | None = None,
    tz: tzinfo = UTC,
    skipped: SkipCounter | None = None,
    source: str = "salesforce",
) -> Iterator[Row | RowProblem]:
    """Generic rows of `kind` from a Salesforce export's rows (from readers.open_rows).

    `path` is the file the rows come from: its name tells the object (Account.csv) and
    its folder holds the User.csv and Contact.csv of the same export, used to find owners
    and the accounts of contacts named by tasks and events. `users` names a User file
    elsewhere. Data Export times are UTC, which is also the default `tz`. `source` (the
    import's) is not needed: Salesforce files name records by id only.
    """
    if kind not in KINDS:
        raise FormatProblem(f"Salesforce exports give {', '.join(KINDS)}, not {kind}")
    folder = Path(path).parent if path else None
    lookups = Lookups(folder, Path(users) if users else None)

    def make(header: list[str]) -> Converter:
        columns = Columns(header, SYNONYMS, mapping, tz)
        source = detect_object(columns, Path(path).stem if path else "")
        if kind not in KINDS_BY_OBJECT[source]:
            wanted = [name for name, kinds in KINDS_BY_OBJECT.items() if kind in kinds]
            raise FormatProblem(
                f"this is a Salesforce {source} file; {kind} come from {' or '.join(wanted)}"
            )
        columns.require("id", what=f"Salesforce {source}")
        convert = CONVERTERS[source]
        return lambda row: _unless_deleted(columns, row) or convert(kind, columns, lookups, row)

    return convert_rows(rows, make, skipped)


def _unless_deleted(columns: Columns, row: Mapping[str, str]) -> Skip | None:
    if (
        "is_deleted" in columns
        and columns.get(row, "is_deleted")
        and columns.boolean(row, "is_deleted")
    ):
        return Skip("deleted in Salesforce (IsDeleted)")
    return None


def _owner(columns: Columns, lookups: Lookups, row: Mapping[str, str]) -> str:
    email = columns.get(row, "owner_email")
    if email:
        return email
    owner_id = lookup_id(columns.get(row, "owner_id"))
    if owner_id.startswith("00G"):
        # A queue (cases often wait in one): nobody in particular owns the record.
        return ""
    return lookups.user_email(owner_id) if owner_id else ""


def _name(columns: Columns, row: Mapping[str, str]) -> str:
    name = columns.get(row, "name")
    if name:
        return name
    full = f"{columns.get(row, 'first_name')} {columns.get(row, 'last_name')}".strip()
    return full or columns.get(row, "email")


def _customer(
    columns: Columns, lookups: Lookups, row: Mapping[str, str], *, kind: str, stage: str
) -> dict[str, str]:
    return {
        "external_id": lookup_id(columns.get(row, "id")),
        "kind": kind,
        "name": _name(columns, row),
        "email": columns.get(row, "email"),
        "phone": columns.get(row, "phone"),
        "city": columns.get(row, "city") or columns.get(row, "person_city"),
        "country": country(columns.get(row, "country") or columns.get(row, "person_country")),
        "created_at": iso_datetime(columns.datetime(row, "created_at")),
        "owner_email": _owner(columns, lookups, row),
        "stage": stage,
    }


def _account(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    is_person = "is_person_account" in columns and columns.boolean(row, "is_person_account")
    return _customer(
        columns,
        lookups,
        row,
        kind="person" if is_person else "organization",
        stage=account_stage(columns.get(row, "type")),
    )


def _contact(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    if "is_person_account" in columns and columns.boolean(row, "is_person_account"):
        return Skip("contact side of a person account (imported with its account)")
    account = lookup_id(columns.get(row, "account_id"))
    if kind == "customers":
        if account:
            return Skip("contact of an account (imported as a contact)")
        return _customer(columns, lookups, row, kind="person", stage="")
    if not account:
        return Skip("contact without an account (imported as a person customer)")
    return {
        "external_id": lookup_id(columns.get(row, "id")),
        "customer_external_id": account,
        "name": _name(columns, row),
        "email": columns.get(row, "email"),
        "phone": columns.get(row, "phone"),
        "title": columns.get(row, "title"),
        "is_primary": "false",
    }


def _lead(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    if "is_converted" in columns and columns.boolean(row, "is_converted"):
        return Skip("converted lead (imported through its account and contact)")
    return _customer(columns, lookups, row, kind="person", stage="prospect")


def _opportunity(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    stage = columns.get(row, "stage_name").casefold()
    if "is_won" in columns and columns.get(row, "is_won"):
        won = columns.boolean(row, "is_won")
        closed = won or ("is_closed" in columns and columns.boolean(row, "is_closed"))
    else:
        won = "won" in stage
        closed = won or "closed" in stage
    if not closed:
        return Skip("open opportunity (not an order until won)")
    if not won:
        return Skip("lost opportunity")
    return {
        "external_id": lookup_id(columns.get(row, "id")),
        "customer_external_id": lookup_id(columns.get(row, "account_id")),
        "occurred_at": iso_datetime(
            columns.datetime(row, "close_date") or columns.datetime(row, "created_at")
        ),
        "amount": amount(columns.decimal(row, "amount")),
        "currency": columns.get(row, "currency").upper(),
        "description": columns.get(row, "name"),
    }


def _customer_of(columns: Columns, lookups: Lookups, row: Mapping[str, str]) -> str:
    """The customer an activity or case is about: its account, else the account of the
    contact it names, else the contact or lead itself (a person customer)."""
    account = lookup_id(columns.get(row, "account_id"))
    if account:
        return account
    what = lookup_id(columns.get(row, "what_id"))
    if what.startswith("001"):
        return what
    who = lookup_id(columns.get(row, "who_id")) or lookup_id(columns.get(row, "contact_id"))
    return lookups.account_of_contact(who) or who


def _case(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    status = case_status(columns.get(row, "status"), columns.get(row, "is_closed"))
    closed = columns.datetime(row, "closed_date") if status == "resolved" else None
    return {
        "external_id": lookup_id(columns.get(row, "id")),
        "customer_external_id": _customer_of(columns, lookups, row),
        "channel": interaction_channel(columns.get(row, "origin"), default="ticket"),
        "kind": "support",
        "subject": columns.get(row, "subject") or columns.get(row, "case_number"),
        "body": columns.get(row, "description"),
        "status": status,
        "received_at": iso_datetime(columns.datetime(row, "created_at")),
        "resolved_at": iso_datetime(closed),
        "assigned_to_email": _owner(columns, lookups, row),
    }


def _activity(kind: str, columns: Columns, lookups: Lookups, row: Mapping[str, str]):
    is_event = "start" in columns or "duration" in columns
    if is_event and "is_child" in columns and columns.boolean(row, "is_child"):
        return Skip("invitee's copy of an event (imported once, from its organizer)")
    if not is_event and "status" in columns:
        done = columns.get(row, "status").casefold() in ("completed", "abgeschlossen")
        if not done and not ("is_closed" in columns and columns.boolean(row, "is_closed")):
            return Skip("open task (not an interaction until done)")
    occurred = (
        columns.datetime(row, "start")
        or columns.datetime(row, "activity_datetime")
        or columns.datetime(row, "completed_at")
        or columns.datetime(row, "activity_date")
        or columns.datetime(row, "created_at")
    )
    subtype = columns.get(row, "subtype")
    if not subtype or fold(subtype) == "task":
        # TaskSubtype "Task" says nothing; the picklist Type (Call, Email...) may.
        subtype = columns.get(row, "type") or subtype
    inbound = "inbound" in fold(columns.get(row, "call_type"))
    return {
        "external_id": lookup_id(columns.get(row, "id")),
        "customer_external_id": _customer_of(columns, lookups, row),
        "occurred_at": iso_datetime(occurred),
        "channel": interaction_channel(subtype, default="meeting" if is_event else "call"),
        "direction": "inbound" if inbound else "outbound",
        "kind": "other",
        "subject": columns.get(row, "subject"),
        "body": columns.get(row, "description"),
        "staff_email": _owner(columns, lookups, row),
    }


CONVERTERS = {
    "Account": _account,
    "Contact": _contact,
    "Lead": _lead,
    "Opportunity": _opportunity,
    "Case": _case,
    "Task": _activity,
    "Event": _activity,
}
