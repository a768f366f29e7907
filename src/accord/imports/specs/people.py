"""Contacts of organization customers and identities (email, phone, handle, external id).

Both have a natural unique key in their table ((customer, email) for contacts; kind,
source and value for identities), so a record that exists already, e.g. the email
identity the customers import created, is adopted under the row's external id instead of
colliding with it.
"""

from __future__ import annotations

from typing import Any

from accord.core.validation import ValidationProblem
from accord.customers.models import Contact, Identity
from accord.customers.validators import CONTACT_FIELDS, clean_identity
from accord.imports import cleaning
from accord.imports.specs.base import Field, Problem, Spec

CONTACTS = Spec(
    entity="contacts",
    model=Contact,
    natural=("customer_id", "email"),
    fields=(
        Field("name", CONTACT_FIELDS["name"], required=True),
        Field("email", CONTACT_FIELDS["email"], required=True),
        Field("phone", CONTACT_FIELDS["phone"]),
        Field("title", CONTACT_FIELDS["title"]),
        Field("is_primary", CONTACT_FIELDS["is_primary"], kind="boolean", default=False),
    ),
)


def _identity_rules(values: dict[str, Any]) -> list[Problem]:
    """The domain's rule for the whole identity (an email value is a lower-cased address)."""
    try:
        values.update(clean_identity(values))
    except ValidationProblem as error:
        return [(error.field, error.message)]
    return []


IDENTITIES = Spec(
    entity="identities",
    model=Identity,
    natural=("kind", "source", "value"),
    natural_keeps_customer=True,
    stamped=("created_at",),
    check=_identity_rules,
    fields=(
        Field("kind", cleaning.long_text, required=True),
        Field("source", cleaning.long_text),
        Field("value", cleaning.long_text, required=True),
    ),
)
