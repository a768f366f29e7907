"""Customers in the REST API: list (search, filters, pages), detail (audited), create."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from accord.audit.services import record_event
from accord.customers.access import access_customer_for_staff, can_staff_see_customers
from accord.customers.models import Customer, CustomerKind
from accord.customers.queries import CustomerFilter, count_customers, list_customer_rows
from accord.customers.services import create_customer
from accord.members.models import StaffMember
from accord.relationships.models import Stage

router = Router(tags=["customers"])

MAX_LIMIT = 500


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


class IdentityOut(Schema):
    kind: str
    source: str
    value: str


class TeamMemberOut(Schema):
    id: int
    name: str
    function: str


class CustomerDetailOut(CustomerOut):
    phone: str
    created_at: datetime
    relationship_started_at: datetime | None
    identities: list[IdentityOut]
    team: list[TeamMemberOut]


class CustomerPage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[CustomerOut]


class CustomerListParams(Schema):
    q: str = Field("", max_length=200, description="name or email contains; or exact identity")
    owner: str = Field("", description='"me" or a staff member id')
    stage: Stage | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class CustomerIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: CustomerKind = CustomerKind.PERSON
    email: str = Field("", max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str = Field("", max_length=40)
    city: str = Field("", max_length=100)
    country: str = Field("", pattern=r"^$|^[A-Za-z]{2}$", description="ISO 3166 alpha-2")
    owner_id: int | None = Field(None, description="accountable owner; default: the caller")
    stage: Stage = Stage.PROSPECT


def _field_error(field: str, message: str, where: str = "query") -> ValidationError:
    # Same shape as Ninja's own 422s, so clients handle one error format.
    location = ["query", field] if where == "query" else ["body", "payload", field]
    return ValidationError([{"type": "value_error", "loc": location, "msg": message}])


def _customer_out(
    customer: Customer, owner: StaffMember | None = None, stage: str | None = None
) -> dict[str, object]:
    if stage is None:  # not given: read them from the joined relationship
        relationship = getattr(customer, "relationship", None)
        if relationship is not None:
            owner, stage = relationship.owner, relationship.stage
    return {
        "id": customer.pk,
        "name": customer.name,
        "kind": customer.kind,
        "email": customer.email,
        "city": customer.city,
        "country": customer.country,
        "owner": {"id": owner.pk, "name": str(owner)} if owner else None,
        "stage": stage,
    }


def _row_out(row: dict[str, Any]) -> dict[str, object]:
    owner_id = row["relationship__owner_id"]
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "email": row["email"],
        "city": row["city"],
        "country": row["country"],
        "owner": {"id": owner_id, "name": row["owner_name"]} if owner_id else None,
        "stage": row["relationship__stage"],
    }


def _detail_out(customer: Customer) -> dict[str, object]:
    relationship = getattr(customer, "relationship", None)
    team = getattr(customer, "active_team", [])
    return {
        **_customer_out(customer),
        "phone": customer.phone,
        "created_at": customer.created_at,
        "relationship_started_at": relationship.started_at if relationship else None,
        "identities": list(customer.identities.all()),
        "team": [{"id": m.staff_id, "name": str(m.staff), "function": m.function} for m in team],
    }


def _owner_filter(staff: StaffMember, owner: str) -> int | None:
    if owner == "":
        return None
    if owner == "me":
        return int(staff.pk)
    if owner.isdigit():
        return int(owner)
    raise _field_error("owner", f'owner must be "me" or a staff member id, not {owner!r}')


def _page_url(request: HttpRequest, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(params.items()))


@router.get("/customers", response=CustomerPage, summary="List customers")
def list_customers_view(request: HttpRequest, params: Query[CustomerListParams]) -> dict:
    staff = request.auth  # type: ignore[attr-defined]
    filters = CustomerFilter(
        q=params.q.strip(), owner_id=_owner_filter(staff, params.owner), stage=params.stage or ""
    )
    if not can_staff_see_customers(staff):
        return {"count": 0, "next": None, "previous": None, "items": []}
    count = count_customers(filters)
    rows = list_customer_rows(filters, params.offset, params.limit)
    end = params.offset + params.limit
    return {
        "count": count,
        "next": _page_url(request, end) if end < count else None,
        "previous": _page_url(request, max(0, params.offset - params.limit))
        if params.offset > 0
        else None,
        "items": [_row_out(row) for row in rows],
    }


@router.get("/customers/{customer_id}", response=CustomerDetailOut, summary="Customer detail")
def get_customer_view(request: HttpRequest, customer_id: int) -> dict:
    """Every read of a customer record by staff is audited (the customer can see it)."""
    staff = request.auth  # type: ignore[attr-defined]
    customer = access_customer_for_staff(staff, customer_id)
    record_event(
        action="customer.view",
        actor=staff,
        customer_id=customer.pk,
        object_type="customer",
        object_id=customer.pk,
        details={"via": "api"},
    )
    return _detail_out(customer)


def _owner_for(staff: StaffMember, owner_id: int | None) -> StaffMember:
    if owner_id is None:
        return staff
    owner = StaffMember.objects.filter(pk=owner_id).first()
    if owner is None:
        raise _field_error("owner_id", f"no staff member with id {owner_id}", "body")
    if not owner.is_active or owner.left_at is not None:
        raise _field_error(
            "owner_id", f"staff member {owner_id} is not active and cannot own customers", "body"
        )
    return owner


@router.post(
    "/customers", response={201: CustomerDetailOut}, summary="Create a customer with its owner"
)
def create_customer_view(request: HttpRequest, payload: CustomerIn) -> Status[dict]:
    staff = request.auth  # type: ignore[attr-defined]
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
    identities = (
        [{"kind": "email", "source": "", "value": customer.email}] if customer.email else []
    )
    return Status(
        201,
        {
            **_customer_out(customer, owner=owner, stage=payload.stage),
            "phone": customer.phone,
            "created_at": customer.created_at,
            "relationship_started_at": customer.created_at,
            "identities": identities,
            "team": [],
        },
    )
