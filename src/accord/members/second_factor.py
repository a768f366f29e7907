"""The staff second factor: TOTP (django-otp) with recovery codes (its static tokens).

Admins and managers must use it; members may. Enrolment creates an unconfirmed TOTP
device, shows its secret, and confirms it when the person types a code it produced;
confirming issues RECOVERY_CODES single-use recovery codes. Wrong codes are throttled by
django-otp itself (each failure doubles the wait). Every step is an audit event.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.services import record_event
from accord.members.models import StaffMember

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator app"
RECOVERY = "recovery codes"


def must_use_second_factor(staff: StaffMember) -> bool:
    """Admins and managers, and any member who enrolled."""
    return bool(staff.is_manager) or user_has_device(staff, confirmed=True)


# Set at sign-in for a member without an authenticator, so their pages need no device
# lookup on every request (enrolling later marks the session verified anyway).
NOT_NEEDED_SESSION_KEY = "accord_second_factor_not_needed"


def second_factor_satisfied(user: object, session: Any = None) -> bool:
    """True when the signed-in session passed the second factor or needs none."""
    if getattr(user, "is_verified", lambda: False)():
        return True
    if not isinstance(user, StaffMember):
        return True
    if session is not None and session.get(NOT_NEEDED_SESSION_KEY) == user.pk:
        return not user.is_manager
    return not must_use_second_factor(user)


def note_at_sign_in(sender: object, request: Any, user: Any, **kwargs: Any) -> None:
    """user_logged_in receiver (MembersConfig.ready): remember in the session that this
    person needs no second factor, if so."""
    session = getattr(request, "session", None)
    if session is None or not isinstance(user, StaffMember):
        return
    if must_use_second_factor(user):
        session.pop(NOT_NEEDED_SESSION_KEY, None)
    else:
        session[NOT_NEEDED_SESSION_KEY] = user.pk


def is_enrolled(staff: StaffMember) -> bool:
    return TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def pending_device(staff: StaffMember) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (made on first call)."""
    device = TOTPDevice.objects.filter(user=staff, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=staff, name=AUTHENTICATOR, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app takes (also inside the QR code)."""
    return b32encode(device.bin_key).decode()


def confirm_enrolment(staff: StaffMember, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a code it produced; returns it with new recovery
    codes, or None (nothing changes) if the code is wrong."""
    with transaction.atomic():
        device = pending_device(staff)
        if not device.verify_token(_digits(code)):
            return None
        TOTPDevice.objects.filter(user=staff, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(staff)
        record_event(
            action="staff.second_factor_enrolled",
            actor=staff,
            object_type="staff",
            object_id=staff.pk,
        )
    return device, codes


def new_recovery_codes(staff: StaffMember) -> list[str]:
    """Replace the recovery codes (the old ones stop working)."""
    with transaction.atomic():
        codes = _new_recovery_codes(staff)
        record_event(
            action="staff.recovery_codes_renewed",
            actor=staff,
            object_type="staff",
            object_id=staff.pk,
        )
    return codes


def _new_recovery_codes(staff: StaffMember) -> list[str]:
    StaticDevice.objects.filter(user=staff).delete()
    device = StaticDevice.objects.create(user=staff, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(staff: StaffMember) -> int:
    return StaticToken.objects.filter(device__user=staff, device__confirmed=True).count()


def _digits(code: str) -> str:
    return "".join(code.split())


def verify(staff: StaffMember, code: str) -> Device | None:
    """The device that accepts `code` (an authenticator code or a recovery code, which is
    then used up), or None. Audited either way."""
    code = _digits(code).lower()
    found = None
    # for_verify locks the devices, so two guesses at once meet the throttle in turn.
    with transaction.atomic():
        for device in devices_for_user(staff, confirmed=True, for_verify=True) if code else []:
            if device.verify_token(code):
                found = device
                break
    record_event(
        action="staff.second_factor_passed" if found else "staff.second_factor_failed",
        actor=staff,
        object_type="staff",
        object_id=staff.pk,
        details={"device": found.name if found else ""},
    )
    return found
