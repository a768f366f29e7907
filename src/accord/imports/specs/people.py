"""Contacts of organization customers and identities (email, phone, handle, external id).

Both have a natural unique key in their table ((customer, email) for contacts; kind,
source and value for identities), so a record that exists already, e.g. the email
identity the customers import created, is adopted under the row's external id instead of
colliding with it.
"""

from __future__ import annotations

from typing import Any

from accord.customers.models import Contact, Identity, IdentityKind
from accord.imports import cleaning
from accord.imports.specs.base import Field, Problem, Spec


def _contact_rules(values: dict[str, Any]) -> list[Problem]:
    if not values["email"]:
        return [("email", "is required")]
    return []


CONTACTS = Spec(
    entity="contacts",
    model=Contact,
    natural=("customer_id", "email"),
    check=_contact_rules,
    fields=(
        Field("name", cleaning.text(200), required=True),
        Field("email", cleaning.email, required=True),
        Field("phone", cleaning.text(40)),
        Field("title", cleaning.text(120)),
        Field("is_primary", cleaning.boolean, kind="boolean", default=False),
    ),
)


def _identity_rules(values: dict[str, Any]) -> list[Problem]:
    if values["kind"] == IdentityKind.EMAIL:
        try:
            values["value"] = cleaning.email(values["value"])
        except ValueError as error:
            return [("value", str(error))]
    return []


IDENTITIES = Spec(
    entity="identities",
    model=Identity,
    natural=("kind", "source", "value"),
    natural_keeps_customer=True,
    stamped=("created_at",),
    check=_identity_rules,
    fields=(
        Field("kind", cleaning.choice(IdentityKind.values), required=True),
        Field("source", cleaning.text(40)),
        Field("value", cleaning.text(254), required=True),
    ),
)
