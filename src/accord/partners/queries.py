"""Reads on partners: the registry and each partner's tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.partners.models import Partner, PartnerToken


def list_partners(active_only: bool = False) -> QuerySet[Partner]:
    partners = Partner.objects.order_by("name")
    return partners.filter(is_active=True) if active_only else partners


def list_partner_tokens(partner_id: int) -> QuerySet[PartnerToken]:
    return PartnerToken.objects.filter(partner_id=partner_id).order_by("-created_at", "-pk")
