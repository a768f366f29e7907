"""Customers in the REST API: list (filters, sort, cursor pages), detail (audited), create,
update (PATCH). Contacts and identities have their own modules."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn, QueryIn
from accord.api.errors import ERRORS
from accord.api.identities import IdentityOut
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.audit.services import record_event
from accord.core.validation import ValidationProblem, text
from accord.customers.access import (
    access_customer_for_staff,
    can_staff_see_customers,
    check_customer_for_staff,
)
from accord.customers.models import Customer, CustomerKind
from accord.customers.queries import CustomerFilter, list_customers
from accord.customers.services import create_customer, update_customer
from accord.members.models import StaffMember
from accord.relationships.access import is_on_team
from accord.relationships.models import Stage

router = Router(tags=["customers"])

SORTS = ("name", "created_at")
clean_purpose = text("purpose", 200)


class OwnerOut(Schema):
    id: int
    name: str


class CustomerOut(Schema):
    id: int
    name: str
    kind: str
    email: str
    city: str
    country: str
    owner: OwnerOut | None
    stage: str | None


class CustomerTeamMemberOut(Schema):
    id: int
    name: str
    function: str


class CustomerDetailOut(CustomerOut):
    phone: str
    created_at: datetime
    relationship_started_at: datetime | None
    identities: list[IdentityOut]
    team: list[CustomerTeamMemberOut]


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None
    next: str | None


class CustomerListParams(PageParams):
    q: str = Field(
        "",
        max_length=200,
        description="each word starts a word of the name, email or phone (any case or accent);"
        " or an exact identity",
    )
    owner: str = Field("", description='"me" or a staff member id')
    stage: Stage | None = None
    kind: CustomerKind | None = None
    country: str = Field("", max_length=2, description="ISO 3166 alpha-2")
    sort: str = Field("name", description="name, created_at; prefix - for descending")


class CustomerIn(BodyIn):
    name: str = Field(..., max_length=200)
    kind: CustomerKind = CustomerKind.PERSON
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    city: str = Field("", max_length=100)
    country: str = Field("", max_length=10, description="ISO 3166 alpha-2")
    owner_id: RecordId | None = Field(None, description="accountable owner; default: the caller")
    stage: Stage = Stage.PROSPECT


class CustomerPatch(BodyIn):
    """Only the fields sent change; owner and stage change through transfer and stage."""

    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    kind: CustomerKind | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=10)


def customer_out(customer: Customer) -> dict[str, object]:
    relationship = getattr(customer, "relationship", None)
    owner = relationship.owner if relationship else None
    return {
        "id": customer.pk,
        "name": customer.name,
        "kind": customer.kind,
        "email": customer.email,
        "city": customer.city,
        "country": customer.country,
        "owner": {"id": owner.pk, "name": str(owner)} if owner else None,
        "stage": relationship.stage if relationship else None,
    }


def _detail_out(customer: Customer) -> dict[str, object]:
    relationship = getattr(customer, "relationship", None)
    team = getattr(customer, "active_team", [])
    return {
        **customer_out(customer),
        "phone": customer.phone,
        "created_at": customer.created_at,
        "relationship_started_at": relationship.started_at if relationship else None,
        "identities": sorted(customer.identities.all(), key=lambda identity: identity.pk),
        "team": [{"id": m.staff_id, "name": str(m.staff), "function": m.function} for m in team],
    }


def _owner_filter(staff: StaffMember, owner: str) -> int | None:
    if owner == "":
        return None
    if owner == "me":
        return int(staff.pk)
    if owner.isascii() and owner.isdigit():
        return int(owner)
    raise ValidationProblem("owner", f'must be "me" or a staff member id, not {owner!r}')


@router.get("/customers", response={200: CustomerPage, **ERRORS}, summary="List customers")
def list_customers_view(request: HttpRequest, params: Query[CustomerListParams]) -> dict:
    staff = current_staff(request)
    filters = CustomerFilter(
        q=params.q.strip(), owner_id=_owner_filter(staff, params.owner), stage=params.stage or ""
    )
    customers = list_customers(filters).filter(erased_at__isnull=True)
    if not can_staff_see_customers(staff):
        customers = customers.none()
    if params.kind:
        customers = customers.filter(kind=params.kind)
    if params.country:
        customers = customers.filter(country=params.country.upper())
    rows, cursor = paginate(customers, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor, customer_out)


class CustomerReadParams(QueryIn):
    purpose: str = Field(
        "",
        max_length=200,
        description="why you open the record; required outside the customer's team "
        "(the customer reads it in their portal)",
    )


@router.get(
    "/customers/{customer_id}", response={200: CustomerDetailOut, **ERRORS}, summary="A customer"
)
def get_customer_view(
    request: HttpRequest, customer_id: int, params: Query[CustomerReadParams]
) -> dict:
    """Every read of a customer record by staff is audited (the customer can see it);
    someone outside the team (managers included, as in the staff UI) says why."""
    staff = current_staff(request)
    customer = access_customer_for_staff(staff, customer_id)
    purpose = clean_purpose(params.purpose)
    relationship = getattr(customer, "relationship", None)
    if not purpose and (relationship is None or not is_on_team(staff, relationship)):
        raise ValidationProblem(
            "purpose", "you are not on this customer's team: say why you open the record"
        )
    record_event(
        action="customer.view",
        actor=staff,
        customer_id=customer.pk,
        object_type="customer",
        object_id=customer.pk,
        reason=purpose,
        details={"via": "api"},
    )
    return _detail_out(customer)


def _owner_for(staff: StaffMember, owner_id: int | None) -> StaffMember:
    if owner_id is None:
        return staff
    owner = StaffMember.objects.filter(pk=owner_id).first()
    if owner is None:
        raise ValidationProblem("owner_id", f"no staff member with id {owner_id}")
    if not owner.is_active or owner.left_at is not None:
        raise ValidationProblem(
            "owner_id", f"staff member {owner_id} is not active and cannot own customers"
        )
    return owner


@router.post(
    "/customers",
    response={201: CustomerDetailOut, **ERRORS},
    summary="Create a customer with its owner (409 when the email is another customer's)",
)
def create_customer_view(request: HttpRequest, payload: CustomerIn) -> Status[dict]:
    staff = current_staff(request)
    owner = _owner_for(staff, payload.owner_id)
    customer = create_customer(
        name=payload.name,
        owner=owner,
        kind=payload.kind,
        email=payload.email,
        phone=payload.phone,
        city=payload.city,
        country=payload.country,
        stage=payload.stage,
        by=staff,
    )
    # Answer from what was just written (no read-back): new customers have no team yet
    # and at most the one email identity create_customer adds.
    identities = list(customer.identities.all()) if customer.email else []
    return Status(
        201,
        {
            "id": customer.pk,
            "name": customer.name,
            "kind": customer.kind,
            "email": customer.email,
            "city": customer.city,
            "country": customer.country,
            "owner": {"id": owner.pk, "name": str(owner)},
            "stage": payload.stage,
            "phone": customer.phone,
            "created_at": customer.created_at,
            "relationship_started_at": customer.created_at,
            "identities": identities,
            "team": [],
        },
    )


@router.patch(
    "/customers/{customer_id}",
    response={200: CustomerDetailOut, **ERRORS},
    summary="Change a customer's fields (owner, team or managers)",
)
def update_customer_view(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> dict:
    staff = current_staff(request)
    check_customer_for_staff(staff, customer_id, change=True)
    update_customer(customer_id=customer_id, by=staff, **payload.model_dump(exclude_unset=True))
    return _detail_out(access_customer_for_staff(staff, customer_id))
