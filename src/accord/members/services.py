"""Writes on staff members and their API tokens: create staff, issue, use and revoke tokens.

A token reads `<prefix>.<secret>`. The prefix finds the row; only the SHA-256 of the
secret is stored, so a leaked database does not leak working tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.members.models import ApiToken, StaffMember, TokenScope

# Writing last_used_at on every request would turn every API read into a write;
# a minute's precision is enough to tell a live token from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """A token operation the rules refuse; the message says why."""


class StaffError(ValueError):
    """A change to a staff member the rules refuse; `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once to the person who asked for it, never stored


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_staff(
    *,
    username: str,
    password: str,
    function: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    by: StaffMember | None = None,
) -> StaffMember:
    """Create an active staff member; superusers also get admin access (is_staff).
    `by` is who did it (None: the command line), for the audit trail."""
    with transaction.atomic():
        staff = StaffMember.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
            function=function,
            role=role,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        record_event(action="staff.create", actor=by, object_type="staff", object_id=staff.pk)
    return staff


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def update_staff(
    *,
    staff_id: int,
    by: StaffMember | None,
    function: str,
    role: str,
    title: str = "",
    delegate_id: int | None = None,
    away_until: datetime | None = None,
) -> StaffMember:
    """Change a staff member's function, role, title, delegate and absence, audited with
    what changed. The delegate must be someone else who still works here. One
    transaction; raises StaffError (changing nothing) when a rule refuses."""
    with transaction.atomic():
        staff = StaffMember.objects.select_for_update().get(pk=staff_id)
        if delegate_id is not None:
            if delegate_id == staff.pk:
                raise StaffError("delegate", "Nobody can be their own delegate.")
            delegate = StaffMember.objects.filter(pk=delegate_id).first()
            if delegate is None or not delegate.is_active or delegate.left_at is not None:
                raise StaffError("delegate", "The delegate must be someone who still works here.")
        wanted = {
            "function": function,
            "role": role,
            "title": title,
            "delegate_id": delegate_id,
            "away_until": away_until,
        }
        changed = {k: v for k, v in wanted.items() if getattr(staff, k) != v}
        if not changed:
            return staff
        for name, value in changed.items():
            setattr(staff, name, value)
        staff.save(update_fields=list(changed))
        record_event(
            action="staff.update",
            actor=by,
            object_type="staff",
            object_id=staff.pk,
            details={k: _json_value(v) for k, v in changed.items()},
        )
    return staff


def issue_api_token(
    *,
    staff: StaffMember,
    name: str,
    scope: str = TokenScope.WRITE,
    expires_at: datetime | None = None,
) -> IssuedToken:
    """Create a token for an active staff member with a scope (read, write, admin) and an
    expiry (None: never); the plaintext is returned only here."""
    if not staff.is_active:
        raise TokenError(f"{staff.username} is not active and cannot hold API tokens")
    if scope not in TokenScope.values:
        raise TokenError(f"scope: {scope!r} is not one of {', '.join(TokenScope.values)}")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError("expires_at: must be in the future")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            staff=staff,
            name=name,
            prefix=prefix,
            secret_hash=_hash_secret(secret),
            scope=scope,
            expires_at=expires_at,
        )
        record_event(
            action="token.create",
            actor=staff,
            object_type="api_token",
            object_id=prefix,
            details={"scope": scope, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return IssuedToken(token=token, plaintext=f"{prefix}.{secret}")


def revoke_api_token(*, prefix: str) -> ApiToken:
    """Revoke the token with this prefix (idempotent: revoking twice keeps the first time)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(prefix=prefix).first()
        if token is None:
            raise TokenError(f"no API token with prefix {prefix!r}")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(
                action="token.revoke", actor=token.staff, object_type="api_token", object_id=prefix
            )
    return token


def authenticate_api_token(raw: str) -> StaffMember | None:
    """The active staff member a presented token belongs to, or None (see find_api_token)."""
    token = find_api_token(raw)
    return token.staff if token is not None else None


def find_api_token(raw: str) -> ApiToken | None:
    """The valid token presented (with its staff member joined), or None.

    Refuses malformed, unknown, revoked and expired tokens and tokens of staff who are
    inactive or left. Compares hashes in constant time. Touches last_used_at at most
    once a minute.
    """
    prefix, _, secret = raw.strip().partition(".")
    if not prefix or not secret or len(prefix) > 12:
        return None
    token = (
        ApiToken.objects.select_related("staff")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash_secret(secret)):
        return None
    staff = token.staff
    if not staff.is_active or staff.left_at is not None:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
