"""Which consent decisions a staff member may read: the customer's rule
(accord.customers.access); outsiders get 404."""

from __future__ import annotations

from accord.consents.models import Consent
from accord.customers.access import access_customer_record_for_staff
from accord.members.models import StaffMember


def access_consent_for_staff(staff: StaffMember, consent_id: int) -> Consent:
    return access_customer_record_for_staff(
        staff, Consent, consent_id, change=False, noun="consent"
    )
