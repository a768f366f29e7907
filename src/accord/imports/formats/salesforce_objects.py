"""Salesforce objects as exports write them: field API names, which object a file holds,
what each object may be imported as, value mappings, and the User / Contact lookups."""

from __future__ import annotations

from pathlib import Path

from accord.imports.formats.labels import Columns, FormatProblem, fold, label_table
from accord.imports.problems import RowProblem
from accord.imports.readers import open_rows

# Field -> API names (compared folded, so Data Loader's UPPERCASE headers match too).
SYNONYMS = label_table(
    {
        "id": "Id",
        "account_id": "AccountId",
        "owner_id": "OwnerId",
        "owner_email": "Owner.Email",
        "who_id": "WhoId",
        "what_id": "WhatId",
        "contact_id": "ContactId",
        "created_at": "CreatedDate",
        "is_deleted": "IsDeleted",
        "name": "Name",
        "first_name": "FirstName",
        "last_name": "LastName",
        "email": "Email|PersonEmail",
        "username": "Username",
        "phone": "Phone|MobilePhone|PersonMobilePhone",
        "title": "Title",
        "city": "BillingCity|MailingCity|City",
        "country": "BillingCountry|MailingCountry|Country|BillingCountryCode|MailingCountryCode"
        "|CountryCode",
        "person_city": "PersonMailingCity",
        "person_country": "PersonMailingCountry|PersonMailingCountryCode",
        "is_child": "IsChild",
        "call_type": "CallType",
        "type": "Type",
        "is_person_account": "IsPersonAccount",
        "is_converted": "IsConverted",
        "stage_name": "StageName",
        "is_won": "IsWon",
        "is_closed": "IsClosed",
        "close_date": "CloseDate",
        "amount": "Amount",
        "currency": "CurrencyIsoCode",
        "subject": "Subject",
        "description": "Description",
        "status": "Status",
        "origin": "Origin",
        "case_number": "CaseNumber",
        "closed_date": "ClosedDate",
        "activity_date": "ActivityDate",
        "activity_datetime": "ActivityDateTime",
        "completed_at": "CompletedDateTime",
        "start": "StartDateTime",
        "duration": "DurationInMinutes",
        "subtype": "TaskSubtype|EventSubtype",
    }
)

KINDS_BY_OBJECT: dict[str, tuple[str, ...]] = {
    "Account": ("customers",),
    "Contact": ("customers", "contacts"),
    "Lead": ("customers",),
    "Opportunity": ("orders",),
    "Case": ("requests",),
    "Task": ("interactions",),
    "Event": ("interactions",),
}

# A lookup nobody filled: some exports write this instead of an empty cell.
EMPTY_IDS = frozenset({"000000000000000", "000000000000000AAA"})
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def canonical_id(value: str) -> str:
    """A record id in its 18-character form: reports and some extracts write the
    15-character (case-sensitive) form, the Data Export and the API the 18-character one,
    whose last three characters encode the case of the first 15. Computing them makes both
    forms of one id the same external id."""
    if len(value) != 15 or not _ID_CHARS.issuperset(value):
        return value
    suffix = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, char in enumerate(value[start : start + 5]) if char.isupper())
        suffix += _SUFFIX_CHARS[bits]
    return value + suffix


def lookup_id(value: str) -> str:
    value = value.strip()
    return "" if value in EMPTY_IDS else canonical_id(value)


def detect_object(columns: Columns, stem: str) -> str:
    """The object a file holds: from its Data Export name (Account.csv), else its columns."""
    for name in (*KINDS_BY_OBJECT, "User"):
        if fold(stem) == fold(name):
            found = name
            break
    else:
        found = _object_from_columns(columns)
    if found == "User":
        raise FormatProblem(
            "a Salesforce User file matches owners to staff: keep it beside the other files "
            "of the export (or name it as the users file); it is not imported itself"
        )
    return found


def _object_from_columns(columns: Columns) -> str:
    if "stage_name" in columns:
        return "Opportunity"
    if "case_number" in columns or "origin" in columns:
        return "Case"
    if "is_converted" in columns:
        return "Lead"
    if "start" in columns or "duration" in columns or "activity_datetime" in columns:
        return "Event"
    if "who_id" in columns or "what_id" in columns:
        return "Task"
    if "username" in columns:
        return "User"
    if "account_id" in columns and ("last_name" in columns or "first_name" in columns):
        return "Contact"
    if "name" in columns or "is_person_account" in columns:
        return "Account"
    raise FormatProblem(
        "not a Salesforce export this importer knows (Account, Contact, Lead, Opportunity, "
        f"Case, Task, Event): columns {columns.header[:8]}"
    )


def account_stage(account_type: str) -> str:
    """Account Type -> Accord stage; "" (the importer's default) when it says nothing."""
    folded = fold(account_type)
    if not folded:
        return ""
    if "former" in folded or "churn" in folded or "ehemalig" in folded:
        return "departed"
    if "prospect" in folded or "interessent" in folded:
        return "prospect"
    if "customer" in folded or "partner" in folded or "reseller" in folded or "kunde" in folded:
        return "active"
    return ""


def case_status(status: str, is_closed: str) -> str:
    folded = fold(status)
    if folded.startswith("closed") or fold(is_closed) in ("1", "true"):
        return "resolved"
    if "waiting" in folded or "awaiting" in folded or "customer" in folded:
        return "answered"
    return "open"


_CHANNELS = {
    "call": "call",
    "phone": "call",
    "email": "email",
    "listemail": "email",
    "meeting": "meeting",
    "web": "portal",
    "chat": "chat",
    "letter": "letter",
    "sendletter": "letter",
}


def interaction_channel(value: str, *, default: str) -> str:
    return _CHANNELS.get(fold(value), default)


class Lookups:
    """Owner emails by User Id and accounts by Contact Id, read on first use from the
    User.csv and Contact.csv of the same export. Keys are the 15-character ids, so 15- and
    18-character forms of one id meet."""

    def __init__(self, folder: Path | None, users: Path | None) -> None:
        self.folder = folder
        self.users_file = users
        self._emails: dict[str, str] | None = None
        self._accounts: dict[str, str] | None = None

    def _sibling(self, name: str) -> Path | None:
        if self.folder is None or not self.folder.is_dir():
            return None
        for candidate in self.folder.iterdir():
            if candidate.name.casefold() == f"{name}.csv".casefold():
                return candidate
        return None

    def user_email(self, user_id: str) -> str:
        """The User's email. Without a User file: "" (the relationship is left without an
        owner and reported orphaned); an id the User file lacks is passed on, so the
        importer reports the owner as unknown with the id in the message."""
        if self._emails is None:
            path = self.users_file or self._sibling("User")
            self._emails = _read_map(path, "id", ("email", "username")) if path else {}
        if not self._emails:
            return ""
        return self._emails.get(user_id[:15], user_id)

    def account_of_contact(self, contact_id: str) -> str:
        if not contact_id.startswith("003"):
            return ""
        if self._accounts is None:
            path = self._sibling("Contact")
            self._accounts = _read_map(path, "id", ("account_id",)) if path else {}
        return self._accounts.get(contact_id[:15], "")


def _read_map(path: Path, key: str, values: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    columns: Columns | None = None
    for item in open_rows(path):
        if isinstance(item, RowProblem):
            continue
        _, row = item
        if columns is None:
            columns = Columns(row, SYNONYMS)
        found = next((v for v in (lookup_id(columns.get(row, f)) for f in values) if v), "")
        if found:
            table[columns.get(row, key)[:15]] = found
    return table
