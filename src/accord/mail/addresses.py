"""Whose address is it: the company's own (outbound mail) or a customer's (by identity
or contact email)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import Lower

from accord.customers.models import Contact, Identity, IdentityKind
from accord.mail.models import Mailbox
from accord.members.models import StaffMember


@dataclass(frozen=True)
class CompanyAddresses:
    addresses: frozenset[str]
    domains: frozenset[str]  # "@example.com"

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str):
            return False
        address = address.lower()
        return address in self.addresses or address[address.rfind("@") :] in self.domains


def load_company_addresses() -> CompanyAddresses:
    """ACCORD_COMPANY_ADDRESSES, every mailbox's own address and every staff member's
    email: mail from any of them was written inside the company."""
    configured = settings.ACCORD_COMPANY_ADDRESSES
    addresses = {value for value in configured if not value.startswith("@")}
    addresses |= {value.lower() for value in Mailbox.objects.values_list("address", flat=True)}
    addresses |= {
        value.lower() for value in StaffMember.objects.values_list("email", flat=True) if value
    }
    addresses.discard("")
    domains = frozenset(value for value in configured if value.startswith("@"))
    return CompanyAddresses(frozenset(addresses), domains)


def match_customer(addresses: list[str]) -> tuple[int | None, str]:
    """(customer id, the address that matched) for the first address, in the given
    order, that is a customer's email identity or a contact's email; (None, "")."""
    if not addresses:
        return None, ""
    found: dict[str, int] = {}
    identities = Identity.objects.filter(
        kind=IdentityKind.EMAIL, value__in=addresses, customer__erased_at__isnull=True
    ).values_list("value", "customer_id")
    for value, customer_id in identities:
        found.setdefault(value.lower(), customer_id)
    contacts = (
        Contact.objects.annotate(address=Lower("email"))
        .filter(address__in=addresses, customer__erased_at__isnull=True)
        .order_by("pk")
        .values_list("address", "customer_id")
    )
    for value, customer_id in contacts:
        found.setdefault(value, customer_id)
    for address in addresses:
        if address in found:
            return found[address], address
    return None, ""


def staff_for_address(address: str) -> StaffMember | None:
    """The working staff member who writes from this address, if exactly one does."""
    matches = list(StaffMember.objects.working().filter(email__iexact=address)[:2])
    return matches[0] if len(matches) == 1 else None
