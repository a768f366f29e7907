"""Which customer a HubSpot deal, ticket or activity belongs to, from its association
columns: `Associated Company IDs` / `Associated Contact IDs` (record ids, `;`-separated)
or `Associated Company` / `Associated Contact` (names, `Name (email)` or emails).

Company ids are customers' external ids as they stand. A contact id is a person customer,
unless that contact was imported as the contact of a company: then the row goes to the
company. Names are looked up among the customers and contacts already imported from the
same source (import companies and contacts first); a name nobody has, or two customers
share, is passed on as written, so the row fails with it in the message rather than land
on a guess.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from accord.customers.models import Contact, Customer, Identity, IdentityKind
from accord.imports.formats.labels import fold, split_values
from accord.imports.models import ExternalKey

_EMAIL_IN = re.compile(r"[^\s()<>\[\];,]+@[^\s()<>\[\];,]+")
_TRAILING_EMAIL = re.compile(r"\s*[(<\[][^()<>\[\]]*@[^()<>\[\]]*[)>\]]\s*$")


class Associations:
    """Customer external ids for association cells; reads the book once per kind of
    lookup and import (staff import files of thousands of rows, not one query each)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._external: dict[int, str] | None = None
        self._companies: dict[str, str] | None = None
        self._people: dict[str, str] | None = None
        self._contact_keys: dict[str, str] = {}

    def customer(
        self,
        *,
        company_ids: str = "",
        contact_ids: str = "",
        company_names: str = "",
        contact_names: str = "",
    ) -> str:
        """The external id of the customer these association cells point at ("" if none)."""
        companies = split_values(company_ids)
        if companies:
            return companies[0]
        contacts = split_values(contact_ids)
        if contacts:
            return self._contact_customer(contacts[0])
        names = split_values(company_names)
        if names:
            return self._company_named(names[0])
        people = split_values(contact_names)
        if people:
            return self._person_named(people[0])
        return ""

    def company(self, *, ids: str = "", names: str = "") -> str:
        companies = split_values(ids)
        if companies:
            return companies[0]
        named = split_values(names)
        return self._company_named(named[0]) if named else ""

    def _external_ids(self) -> dict[int, str]:
        if self._external is None:
            rows = Identity.objects.filter(kind=IdentityKind.EXTERNAL, source=self.source)
            self._external = dict(rows.values_list("customer_id", "value"))
        return self._external

    def _contact_customer(self, contact_id: str) -> str:
        found = self._contact_keys.get(contact_id)
        if found is None:
            key = ExternalKey.objects.filter(
                entity="contacts", source=self.source, external_id=contact_id
            ).first()
            customer_id = (
                Contact.objects.filter(pk=key.object_id)
                .values_list("customer_id", flat=True)
                .first()
                if key
                else None
            )
            # Not a company's contact: the contact is a person customer of its own id.
            found = self._external_ids().get(customer_id, contact_id) if customer_id else contact_id
            self._contact_keys[contact_id] = found
        return found

    def _company_named(self, name: str) -> str:
        if self._companies is None:
            self._companies = self._by_name(Customer.objects.filter(kind="organization"))
        return self._companies.get(fold(name), name)

    def _person_named(self, cell: str) -> str:
        email = _EMAIL_IN.search(cell)
        if email:
            found = self._by_email(email.group(0))
            if found:
                return found
        if self._people is None:
            self._people = self._by_name(Customer.objects.filter(kind="person"))
        name = _TRAILING_EMAIL.sub("", cell)
        return self._people.get(fold(name), cell)

    def _imported(self) -> QuerySet[Identity, Any]:
        return Identity.objects.filter(kind=IdentityKind.EXTERNAL, source=self.source).values(
            "customer_id"
        )

    def _by_name(self, customers: QuerySet[Customer]) -> dict[str, str]:
        external = self._external_ids()
        table: dict[str, str] = {}
        ambiguous: set[str] = set()
        imported = customers.filter(pk__in=self._imported())
        for customer_id, name in imported.values_list("id", "name"):
            key = fold(name)
            if key in table:
                ambiguous.add(key)
            table[key] = external[customer_id]
        return {key: value for key, value in table.items() if key not in ambiguous}

    def _by_email(self, email: str) -> str:
        external = self._external_ids()
        contact = (
            Contact.objects.filter(email__iexact=email, customer_id__in=self._imported())
            .values_list("customer_id", flat=True)
            .first()
        )
        if contact:
            return external[contact]
        person = (
            Customer.objects.filter(email__iexact=email, pk__in=self._imported())
            .values_list("id", flat=True)
            .first()
        )
        return external[person] if person else ""
