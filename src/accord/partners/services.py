"""Writes on partners: register the vendors in the customer's journey, and issue and
revoke their API tokens (shown once, stored hashed, scoped, always expiring)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.validation import Conflict, ValidationProblem
from accord.members.models import StaffMember
from accord.partners.models import Partner, PartnerToken, PartnerTokenScope
from accord.partners.validators import clean_partner

TOKEN_PREFIX = "ptk"
MAX_TOKEN_DAYS = 730


@dataclass(frozen=True)
class IssuedPartnerToken:
    token: PartnerToken
    plaintext: str


def save_partner(
    values: dict[str, Any], *, by: StaffMember | None, partner: Partner | None = None
) -> Partner:
    """Register a partner (partner=None) or change one; audited. A blank accord_token on
    a change keeps the stored one (the UI never shows it back). Raises ValidationProblem
    (Conflict for a taken name or slug)."""
    fields = clean_partner(values)
    if partner is not None and not fields["accord_token"]:
        fields["accord_token"] = partner.accord_token
    with transaction.atomic():
        others = Partner.objects.exclude(pk=partner.pk) if partner else Partner.objects.all()
        if others.filter(name__iexact=fields["name"]).exists():
            raise Conflict("name", f"a partner is already called {fields['name']!r}")
        if others.filter(slug=fields["slug"]).exists():
            raise Conflict("slug", f"a partner already has the short name {fields['slug']!r}")
        if partner is None:
            partner = Partner.objects.create(**fields)
            action = "partner.create"
        else:
            for name, value in fields.items():
                setattr(partner, name, value)
            partner.save()
            action = "partner.update"
        record_event(
            action=action,
            actor=by,
            object_type="partner",
            object_id=partner.pk,
            details={k: v for k, v in fields.items() if k != "accord_token"},
        )
    return partner


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_partner_token(
    *,
    partner: Partner,
    name: str,
    scope: str = PartnerTokenScope.WRITE,
    expires_in_days: int = 90,
    by: StaffMember | None = None,
) -> IssuedPartnerToken:
    """Create a token for an active partner; the plaintext `ptk_<prefix>.<secret>` is
    returned only here. Raises ValidationProblem naming the field."""
    if not partner.is_active:
        raise ValidationProblem("partner", f"{partner.name} is not active")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationProblem("name", "is required, at most 100 characters")
    if scope not in PartnerTokenScope.values:
        raise ValidationProblem(
            "scope", f"unknown value {scope!r}, use one of {', '.join(PartnerTokenScope.values)}"
        )
    if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise ValidationProblem(
            "expires_in_days", f"{expires_in_days} is outside 1..{MAX_TOKEN_DAYS}"
        )
    prefix = f"{TOKEN_PREFIX}_{secrets.token_hex(4)}"
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = PartnerToken.objects.create(
            partner=partner,
            name=name,
            prefix=prefix,
            secret_hash=_hash_secret(secret),
            scope=scope,
            created_at=now,
            created_by=by,
            expires_at=now + timedelta(days=expires_in_days),
        )
        record_event(
            action="partner_token.create",
            actor=by,
            object_type="partner_token",
            object_id=prefix,
            details={"partner": partner.pk, "scope": scope, "days": expires_in_days},
        )
    return IssuedPartnerToken(token=token, plaintext=f"{prefix}.{secret}")


def revoke_partner_token(token: PartnerToken, *, by: StaffMember | None) -> PartnerToken:
    """Revoke at once (idempotent: a second revocation keeps the first time)."""
    with transaction.atomic():
        locked = PartnerToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record_event(
                action="partner_token.revoke",
                actor=by,
                object_type="partner_token",
                object_id=locked.prefix,
                details={"partner": locked.partner_id},
            )
    return locked


def find_partner_token(raw: str, now: datetime | None = None) -> PartnerToken | None:
    """The valid token presented (partner joined), or None: malformed, unknown, revoked,
    expired, or of an inactive partner. Hashes compare in constant time."""
    prefix, _, secret = raw.strip().partition(".")
    if not prefix.startswith(f"{TOKEN_PREFIX}_") or not secret or len(prefix) > 16:
        return None
    token = (
        PartnerToken.objects.select_related("partner")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(secret)):
        return None
    now = now or timezone.now()
    if token.expires_at <= now or not token.partner.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= timedelta(minutes=1):
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def signing_key(plaintext_token: str) -> str:
    """The HMAC key for Accord-to-Accord deliveries: the SHA-256 of the token's secret,
    which the sender (holding the token) and the receiver (holding its hash) both know."""
    _, _, secret = plaintext_token.strip().partition(".")
    return _hash_secret(secret)
