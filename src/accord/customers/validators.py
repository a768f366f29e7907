"""Cleaning one customer, contact or identity from raw values (form, API, import row).

Pure functions over accord.core.validation: no queries (uniqueness is the services' and
the database's job), so the importer can call them on every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.core import validation as v
from accord.customers.models import CustomerKind, IdentityKind
from accord.relationships.models import Stage

CUSTOMER_FIELDS: dict[str, v.Cleaner] = {
    "kind": v.choice("kind", CustomerKind, default=CustomerKind.PERSON),
    "name": v.text("name", 200, required=True),
    "email": v.email("email"),
    "phone": v.text("phone", 40),
    "city": v.text("city", 100),
    "country": v.country("country"),
}
CONTACT_FIELDS: dict[str, v.Cleaner] = {
    "name": v.text("name", 200, required=True),
    "email": v.email("email", required=True),
    "phone": v.text("phone", 40),
    "title": v.text("title", 120),
    "is_primary": v.boolean("is_primary"),
}
clean_stage = v.choice("stage", Stage, default=Stage.PROSPECT)
_identity_kind = v.choice("kind", IdentityKind)
_identity_source = v.text("source", 40)
_identity_value = v.text("value", 254, required=True)
_identity_email = v.email("value", required=True)


def clean_customer(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every customer field (kind, name, email, phone, city, country) cleaned."""
    return v.clean_fields(CUSTOMER_FIELDS, values)


def clean_customer_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given customer fields, cleaned; unknown fields are refused."""
    return v.clean_fields(CUSTOMER_FIELDS, values, partial=True)


def clean_contact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every contact field (name, email, phone, title, is_primary) cleaned."""
    return v.clean_fields(CONTACT_FIELDS, values)


def clean_contact_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given contact fields, cleaned; unknown fields are refused."""
    return v.clean_fields(CONTACT_FIELDS, values, partial=True)


def clean_identity(values: Mapping[str, Any]) -> dict[str, Any]:
    """kind, source, value; an email identity's value is a lower-cased address, so one
    address is one identity however it was typed."""
    kind = _identity_kind(values.get("kind"))
    if kind == IdentityKind.EMAIL:
        value = _identity_email(values.get("value"))
    else:
        value = _identity_value(values.get("value"))
    return {"kind": kind, "source": _identity_source(values.get("source")), "value": value}
