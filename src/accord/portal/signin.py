"""Magic-link sign-in: ask for a link, confirm it, and the rate limits around both.

Only SHA-256 hashes of the link token and of the browser nonce are stored. A link works
once, for ten minutes (setting), and only in the browser that asked for it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accord.customers.models import Contact, Customer, IdentityKind
from accord.portal.models import AttemptKind, MagicLink, SignInAttempt
from accord.relationships.models import Stage

BROWSER_COOKIE = "accord_portal_browser"


class RateLimited(Exception):
    """Too many attempts; the message says which limit and when to try again."""


class SignInRefused(Exception):
    """The link cannot sign anyone in; the message says why and what to do."""


@dataclass(frozen=True)
class Principal:
    """Who a link signs in: a customer, or a contact speaking for an organization."""

    customer_id: int
    contact_id: int | None
    name: str


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_browser_nonce() -> str:
    return secrets.token_urlsafe(32)


def find_principal(email: str) -> Principal | None:
    """The customer (primary email or email identity) or contact that owns `email`."""
    email = email.strip().lower()
    customer = (
        Customer.objects.filter(email=email, erased_at__isnull=True).order_by("pk").first()
        or Customer.objects.filter(
            identities__kind=IdentityKind.EMAIL,
            identities__value=email,
            erased_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if customer is not None:
        return Principal(customer.pk, None, customer.name)
    contact = (
        Contact.objects.select_related("customer")
        .filter(email__iexact=email, customer__erased_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if contact is not None:
        return Principal(contact.customer_id, contact.pk, contact.name)
    return None


def may_sign_in(customer_id: int) -> bool:
    """Departed customers keep access for the retention period (to fetch their export)."""
    customer = Customer.objects.select_related("relationship").get(pk=customer_id)
    if customer.erased_at is not None:
        return False
    relationship = getattr(customer, "relationship", None)
    if relationship is None or relationship.stage != Stage.DEPARTED or not relationship.ended_at:
        return True
    retention = timedelta(days=settings.ACCORD_PORTAL_RETENTION_DAYS)
    return timezone.now() < relationship.ended_at + retention


def _check_limit(kind: str, limit: int, message: str, **match: str) -> None:
    since = timezone.now() - timedelta(hours=1)
    count = SignInAttempt.objects.filter(kind=kind, attempted_at__gte=since, **match).count()
    if count >= limit:
        raise RateLimited(message)


def request_link(
    *, email: str, ip: str, browser_nonce: str, build_url: Callable[[str], str]
) -> None:
    """Send a sign-in link if the address is known; behave identically if it is not.

    Raises RateLimited past the per-address or per-IP hourly limit (settings).
    """
    email = email.strip().lower()
    _check_link_limits(email, ip)
    now = timezone.now()
    SignInAttempt.objects.create(
        kind=AttemptKind.LINK_REQUESTED, email=email, ip=ip, attempted_at=now
    )
    principal = find_principal(email)
    if principal is None or not may_sign_in(principal.customer_id):
        return
    token = secrets.token_urlsafe(32)
    minutes = settings.ACCORD_PORTAL_LINK_MINUTES
    MagicLink.objects.create(
        token_hash=hash_secret(token),
        browser_hash=hash_secret(browser_nonce),
        email=email,
        customer_id=principal.customer_id,
        contact_id=principal.contact_id,
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    _send_link(principal, email, build_url(token), minutes)


def _check_link_limits(email: str, ip: str) -> None:
    _check_limit(
        AttemptKind.LINK_REQUESTED,
        settings.ACCORD_PORTAL_LINKS_PER_ADDRESS_HOUR,
        "Too many sign-in links were asked for this address. Try again in an hour.",
        email=email,
    )
    _check_limit(
        AttemptKind.LINK_REQUESTED,
        settings.ACCORD_PORTAL_LINKS_PER_IP_HOUR,
        "Too many sign-in links were asked from your network. Try again in an hour.",
        ip=ip,
    )


def _send_link(principal: Principal, email: str, url: str, minutes: int) -> None:
    send_mail(
        subject="Your sign-in link",
        message=(
            f"Hello {principal.name},\n\nOpen this link in the same browser to sign in "
            f"(valid {minutes} minutes, once):\n\n{url}\n\n"
            "If you did not ask for it, ignore this message."
        ),
        from_email=None,
        recipient_list=[email],
    )


def consume_link(*, token: str, browser_nonce: str, ip: str) -> Principal:
    """Use a link once. Raises SignInRefused (and counts the failure) or RateLimited."""
    _check_limit(
        AttemptKind.SIGN_IN_FAILED,
        settings.ACCORD_PORTAL_FAILED_SIGNINS_PER_IP_HOUR,
        "Too many refused sign-in attempts from your network. Try again in an hour.",
        ip=ip,
    )
    try:
        return _consume(token, browser_nonce)
    except SignInRefused:
        SignInAttempt.objects.create(
            kind=AttemptKind.SIGN_IN_FAILED, ip=ip, attempted_at=timezone.now()
        )
        raise


def _consume(token: str, browser_nonce: str) -> Principal:
    now = timezone.now()
    with transaction.atomic():
        link = (
            MagicLink.objects.select_for_update(of=("self",))
            .select_related("customer", "contact")
            .filter(token_hash=hash_secret(token))
            .first()
        )
        if link is None:
            raise SignInRefused("This sign-in link is not valid. Ask for a new one.")
        if link.used_at is not None:
            raise SignInRefused("This sign-in link was already used. Ask for a new one.")
        if link.expires_at <= now:
            raise SignInRefused("This sign-in link has expired. Ask for a new one.")
        if not browser_nonce or not secrets.compare_digest(
            link.browser_hash, hash_secret(browser_nonce)
        ):
            raise SignInRefused(
                "This link was asked for in another browser. Open it there, "
                "or ask for a new link in this browser."
            )
        if not may_sign_in(link.customer_id):
            raise SignInRefused("This account can no longer sign in.")
        # The conditional update is the real single-use guard, even without row locks.
        used = MagicLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
        if used != 1:
            raise SignInRefused("This sign-in link was already used. Ask for a new one.")
    name = link.contact.name if link.contact else link.customer.name
    return Principal(link.customer_id, link.contact_id, name)


def revoke_links(customer_id: int) -> int:
    """Delete every unused link of a customer (leaving, erasure). Returns how many."""
    deleted, _ = MagicLink.objects.filter(customer_id=customer_id).delete()
    return deleted
