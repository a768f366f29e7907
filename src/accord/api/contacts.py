"""Contacts (people who speak for an organization) in the REST API: list, detail, add,
change (PATCH), remove. Changes are for the owner, the team and managers (others get 404
and nothing changes); a second contact with the same email answers 409."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import RecordId
from accord.customers.access import access_contact_for_staff, check_customer_for_staff
from accord.customers.models import Contact
from accord.customers.services import add_contact, remove_contact, update_contact

router = Router(tags=["contacts"])


class ContactOut(Schema):
    id: int
    customer_id: RecordId
    name: str
    email: str
    phone: str
    title: str
    is_primary: bool


class ContactIn(BodyIn):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)
    phone: str = Field("", max_length=40)
    title: str = Field("", max_length=120)
    is_primary: bool = False


class ContactPatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=120)
    is_primary: bool | None = None


@router.get(
    "/customers/{customer_id}/contacts",
    response={200: list[ContactOut], **ERRORS},
    summary="An organization's contacts, primary first",
)
def list_contacts_view(request: HttpRequest, customer_id: int) -> list[Contact]:
    check_customer_for_staff(current_staff(request), customer_id, change=False)
    return list(Contact.objects.filter(customer_id=customer_id).order_by("-is_primary", "pk"))


@router.post(
    "/customers/{customer_id}/contacts",
    response={201: ContactOut, **ERRORS},
    summary="Add a contact to an organization",
)
def add_contact_view(request: HttpRequest, customer_id: int, payload: ContactIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, customer_id, change=True)
    return Status(201, add_contact(customer_id=customer_id, by=staff, **payload.model_dump()))


@router.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, summary="A contact")
def get_contact_view(request: HttpRequest, contact_id: int) -> Contact:
    return access_contact_for_staff(current_staff(request), contact_id, change=False)


@router.patch(
    "/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, summary="Change a contact"
)
def update_contact_view(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    staff = current_staff(request)
    access_contact_for_staff(staff, contact_id, change=True)
    return update_contact(contact_id=contact_id, by=staff, **payload.model_dump(exclude_unset=True))


@router.delete("/contacts/{contact_id}", response={204: None, **ERRORS}, summary="Remove a contact")
def remove_contact_view(request: HttpRequest, contact_id: int) -> Status[None]:
    staff = current_staff(request)
    access_contact_for_staff(staff, contact_id, change=True)
    remove_contact(contact_id=contact_id, by=staff)
    return Status(204, None)
