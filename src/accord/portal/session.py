"""The portal session: who is signed in, idle timeout, and ending every session at once.

Kept apart from staff auth: the customer is never a Django user; the session holds the
customer and contact ids under one key, with the customer's session epoch at sign-in.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from accord.portal.models import PortalAccess
from accord.portal.signin import Principal
from accord.relationships.models import Relationship, Stage

SESSION_KEY = "accord_portal"
# Touch the session at most this often: a write per page view would cost every request.
_TOUCH_SECONDS = 30


@dataclass(frozen=True)
class Viewer:
    customer_id: int
    contact_id: int | None
    name: str
    # The customer left: pages show what remains (export, consents, erasure, rejoin).
    is_departed: bool = False


def current_epoch(customer_id: int) -> int:
    epoch = (
        PortalAccess.objects.filter(customer_id=customer_id)
        .values_list("session_epoch", flat=True)
        .first()
    )
    return epoch or 0


# Per-visit state kept beside the viewer; a sign-in starts a new visit without it.
VISIT_KEYS = ("accord_portal_exit",)


def sign_in(request: HttpRequest, principal: Principal) -> None:
    # A new session key on sign-in: a planted session id cannot be promoted (fixation).
    request.session.cycle_key()
    for key in VISIT_KEYS:
        request.session.pop(key, None)
    request.session[SESSION_KEY] = {
        "customer": principal.customer_id,
        "contact": principal.contact_id,
        "name": principal.name,
        "epoch": current_epoch(principal.customer_id),
        "seen": time.time(),
    }


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def end_all_sessions(customer_id: int) -> None:
    """Every portal session of this customer stops working at its next request."""
    access, created = PortalAccess.objects.get_or_create(
        customer_id=customer_id, defaults={"session_epoch": 1}
    )
    if not created:
        PortalAccess.objects.filter(pk=access.pk).update(session_epoch=F("session_epoch") + 1)


def get_viewer(request: HttpRequest) -> Viewer | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    now = time.time()
    if now - float(data.get("seen", 0)) > settings.ACCORD_PORTAL_IDLE_SECONDS:
        request.session.pop(SESSION_KEY, None)
        return None
    if data.get("epoch") != current_epoch(data["customer"]):
        request.session.pop(SESSION_KEY, None)
        return None
    if now - float(data["seen"]) > _TOUCH_SECONDS:
        data["seen"] = now
        request.session.modified = True
    departed = Relationship.objects.filter(
        customer_id=data["customer"], stage=Stage.DEPARTED
    ).exists()
    return Viewer(data["customer"], data.get("contact"), data.get("name", ""), departed)


def viewer_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Send visitors without a live portal session to the sign-in page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        viewer = get_viewer(request)
        if viewer is None:
            response: HttpResponse = redirect("portal:sign_in")
            return response
        request.viewer = viewer  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def current_viewer(request: HttpRequest) -> Viewer:
    """The viewer `viewer_required` attached to the request."""
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    return viewer


def actor_label(viewer: Viewer) -> str:
    """How the audit trail names a portal actor."""
    who = "contact" if viewer.contact_id else "customer"
    return f"{who} {viewer.name} (portal)"
