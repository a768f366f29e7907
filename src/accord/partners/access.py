"""Who may administer partners and their tokens: managers; anyone else gets 404."""

from __future__ import annotations

from django.http import Http404

from accord.members.models import StaffMember
from accord.partners.models import Partner, PartnerToken


def can_manage_partners(staff: StaffMember) -> bool:
    return bool(staff.is_working and staff.is_manager)


def access_partners_for_staff(staff: StaffMember) -> None:
    if not can_manage_partners(staff):
        raise Http404("No such page")


def access_partner_for_staff(staff: StaffMember, partner_id: int) -> Partner:
    access_partners_for_staff(staff)
    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None:
        raise Http404("No such partner")
    return partner


def access_token_for_staff(staff: StaffMember, partner: Partner, token_id: int) -> PartnerToken:
    access_partners_for_staff(staff)
    token = PartnerToken.objects.filter(pk=token_id, partner=partner).first()
    if token is None:
        raise Http404("No such token")
    return token
