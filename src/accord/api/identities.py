"""Identities in the REST API: list a customer's, add (idempotent), change, remove.

Reads are open to working staff; changes to the owner, the team and managers (others
get 404 and nothing changes). Adding an identity another customer holds answers 409.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import RecordId
from accord.customers.access import access_identity_for_staff, check_customer_for_staff
from accord.customers.models import Identity, IdentityKind
from accord.customers.services import add_identity, remove_identity, update_identity

router = Router(tags=["identities"])


class IdentityOut(Schema):
    id: int
    kind: str
    source: str
    value: str


class IdentityDetailOut(IdentityOut):
    customer_id: RecordId
    created_at: datetime


class IdentityIn(BodyIn):
    kind: IdentityKind
    value: str = Field(..., max_length=254)
    source: str = Field("", max_length=40, description="platform or system it belongs to")


class IdentityPatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    kind: IdentityKind | None = None
    value: str | None = Field(None, max_length=254)
    source: str | None = Field(None, max_length=40)


@router.get(
    "/customers/{customer_id}/identities",
    response={200: list[IdentityDetailOut], **ERRORS},
    summary="A customer's identities",
)
def list_identities_view(request: HttpRequest, customer_id: int) -> list[Identity]:
    check_customer_for_staff(current_staff(request), customer_id, change=False)
    return list(Identity.objects.filter(customer_id=customer_id).order_by("pk"))


@router.post(
    "/customers/{customer_id}/identities",
    response={200: IdentityDetailOut, 201: IdentityDetailOut, **ERRORS},
    summary="Add an identity (200 when the customer already has it, 409 when another does)",
)
def add_identity_view(request: HttpRequest, customer_id: int, payload: IdentityIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, customer_id, change=True)
    before = Identity.objects.filter(customer_id=customer_id).count()
    identity = add_identity(customer_id=customer_id, by=staff, **payload.model_dump())
    created = Identity.objects.filter(customer_id=customer_id).count() > before
    return Status(201 if created else 200, identity)


@router.get(
    "/identities/{identity_id}", response={200: IdentityDetailOut, **ERRORS}, summary="An identity"
)
def get_identity_view(request: HttpRequest, identity_id: int) -> Identity:
    return access_identity_for_staff(current_staff(request), identity_id, change=False)


@router.patch(
    "/identities/{identity_id}",
    response={200: IdentityDetailOut, **ERRORS},
    summary="Correct an identity",
)
def update_identity_view(
    request: HttpRequest, identity_id: int, payload: IdentityPatch
) -> Identity:
    staff = current_staff(request)
    access_identity_for_staff(staff, identity_id, change=True)
    return update_identity(
        identity_id=identity_id, by=staff, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/identities/{identity_id}", response={204: None, **ERRORS}, summary="Remove an identity"
)
def remove_identity_view(request: HttpRequest, identity_id: int) -> Status[None]:
    staff = current_staff(request)
    access_identity_for_staff(staff, identity_id, change=True)
    remove_identity(identity_id=identity_id, by=staff)
    return Status(204, None)
