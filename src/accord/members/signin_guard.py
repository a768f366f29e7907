"""Throttling of failed staff sign-ins: passwords and API tokens, per account and per client.

ACCORD_SIGNIN_FAILURES_PER_ACCOUNT failures of one account (username, or token prefix)
within ACCORD_SIGNIN_LOCK_MINUTES lock that account for the rest of the window: even the
right password is refused, with a message saying so and until when. A client address
(accord.core.clients) is locked the same way at ACCORD_SIGNIN_FAILURES_PER_CLIENT, which
is higher because one office behind one address holds many people. The start of each
lock is an audit event. A successful password sign-in clears the account's failures.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accord.audit.services import record_event
from accord.members.models import FailureKind, SignInFailure

_NOUN = {FailureKind.PASSWORD: "sign-ins", FailureKind.TOKEN: "API tokens"}


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.ACCORD_SIGNIN_LOCK_MINUTES)


def _locked_until(kind: str, now: datetime, **match: str) -> datetime | None:
    limit = (
        settings.ACCORD_SIGNIN_FAILURES_PER_ACCOUNT
        if "account" in match
        else settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT
    )
    recent = SignInFailure.objects.filter(kind=kind, failed_at__gte=_window_start(now), **match)
    times = list(recent.order_by("-failed_at").values_list("failed_at", flat=True)[:limit])
    if len(times) < limit:
        return None
    # Locked until the oldest of the last `limit` failures leaves the window.
    return times[-1] + timedelta(minutes=settings.ACCORD_SIGNIN_LOCK_MINUTES)


def _minutes(until: datetime, now: datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def lock_message(kind: str, account: str, client: str) -> str | None:
    """Why this attempt is refused before any check (a lock), or None. One query when
    nothing is locked (every API call asks).

    The window's failures of this account or client are read as rows and counted here:
    a lock stops further failures being recorded, so there are at most the two limits'
    worth (60 by default), and the plain query costs half the CPU of an aggregate with
    filtered counts."""
    now = timezone.now()
    account = account.lower()
    recent = SignInFailure.objects.filter(
        Q(account=account) | Q(client=client), kind=kind, failed_at__gte=_window_start(now)
    ).values_list("account", "client")
    counts = {"account": 0, "client": 0}
    for failed_account, failed_client in recent:
        counts["account"] += failed_account == account
        counts["client"] += failed_client == client
    noun = _NOUN[FailureKind(kind)]
    if counts["account"] >= settings.ACCORD_SIGNIN_FAILURES_PER_ACCOUNT:
        until = _locked_until(kind, now, account=account)
        if until is not None:
            return (
                f"Too many failed {noun} for this account: it is locked for "
                f"{_minutes(until, now)} more minute(s). Try again later or ask an admin."
            )
    if counts["client"] >= settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT:
        until = _locked_until(kind, now, client=client)
        if until is not None:
            return (
                f"Too many failed {noun} from your network: try again in "
                f"{_minutes(until, now)} minute(s)."
            )
    return None


def record_failure(kind: str, account: str, client: str) -> None:
    """Count one failure; the failure that starts a lock is an audit event."""
    now = timezone.now()
    account = account.lower()[:150]
    SignInFailure.objects.create(kind=kind, account=account, client=client[:45], failed_at=now)
    for scope, match in (("account", {"account": account}), ("client", {"client": client})):
        limit = (
            settings.ACCORD_SIGNIN_FAILURES_PER_ACCOUNT
            if scope == "account"
            else settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT
        )
        count = SignInFailure.objects.filter(
            kind=kind, failed_at__gte=_window_start(now), **match
        ).count()
        if count == limit:
            record_event(
                action=f"signin.locked_{scope}",
                actor_label=client,
                object_type=f"{kind} account" if scope == "account" else "client",
                object_id=account if scope == "account" else client,
                details={"kind": kind, "failures": count, "client": client},
            )


def clear_failures(kind: str, account: str) -> None:
    SignInFailure.objects.filter(kind=kind, account=account.lower()).delete()
