"""The promise ledger in the REST API: list, make, keep, break, renegotiate, cancel, kept rates.

Every working staff member reads any customer's promises (the book is the company's);
making and settling them is for the customer's owner, team and managers: everyone else
gets 404 and nothing changes (accord.relationships.access, as on the staff pages).
Writes rescore the customer in-process on commit, so the next read sees new scores.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.pagination import RecordId
from accord.customers.access import access_customer_for_staff
from accord.members.models import StaffMember
from accord.promises import services
from accord.promises.access import access_promise_for_team_work
from accord.promises.models import Promise, PromiseKind, PromiseStatus, Side
from accord.promises.queries import (
    get_kept_rate_for_customer,
    list_kept_rates_by_function,
    list_kept_rates_by_staff,
    list_promises_for_customer,
)
from accord.relationships.access import access_relationship_for_team_work

router = Router(tags=["promises"])


class PromiseOut(Schema):
    id: int
    customer_id: RecordId
    made_by_side: str
    staff_id: RecordId | None
    kind: str
    description: str
    made_at: datetime
    due_at: datetime
    status: str
    resolved_at: datetime | None
    replaced_by_id: RecordId | None


class PromiseIn(BodyIn):
    made_by_side: Side = Side.COMPANY
    kind: PromiseKind
    description: str = Field(..., min_length=1, max_length=300)
    due_at: datetime
    staff_id: RecordId | None = Field(
        None, description="who promised (company) or to whom (customer); default: the caller"
    )


class RenegotiateIn(BodyIn):
    due_at: datetime
    description: str | None = Field(None, min_length=1, max_length=300)


class KeptRateOut(Schema):
    kept: int
    broken: int
    open: int
    rate: float | None


class CustomerKeptRatesOut(Schema):
    all: KeptRateOut
    company: KeptRateOut
    customer: KeptRateOut


class GroupKeptRateOut(KeptRateOut):
    group: str


def _body_error(error: services.PromiseError) -> ValidationError:
    return ValidationError(
        [{"type": "value_error", "loc": ["body", "payload", error.field], "msg": str(error)}]
    )


def _staff_for(staff: StaffMember, staff_id: int | None) -> StaffMember:
    if staff_id is None:
        return staff
    member = StaffMember.objects.filter(pk=staff_id).first()
    if member is None:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "payload", "staff_id"],
                    "msg": f"no staff member with id {staff_id}",
                }
            ]
        )
    return member


def _rate_out(rate: object, group: str | None = None) -> dict[str, object]:
    out = {key: getattr(rate, key) for key in ("kept", "broken", "open", "rate")}
    return out if group is None else {**out, "group": group}


@router.get(
    "/customers/{customer_id}/promises", response=list[PromiseOut], summary="A customer's promises"
)
def list_customer_promises(
    request: HttpRequest, customer_id: int, status: PromiseStatus | None = None
) -> list[Promise]:
    access_customer_for_staff(current_staff(request), customer_id)
    return list(list_promises_for_customer(customer_id, status))


@router.post(
    "/customers/{customer_id}/promises", response={201: PromiseOut}, summary="Make a promise"
)
def make_promise_view(
    request: HttpRequest, customer_id: int, payload: PromiseIn
) -> Status[Promise]:
    staff = current_staff(request)
    access_relationship_for_team_work(staff, customer_id)
    try:
        promise = services.make_promise(
            customer_id=customer_id,
            made_by_side=payload.made_by_side,
            kind=payload.kind,
            description=payload.description,
            due_at=payload.due_at,
            staff=_staff_for(staff, payload.staff_id),
            by=staff,
        )
    except services.PromiseError as error:
        raise _body_error(error) from None
    return Status(201, promise)


def _transition(request: HttpRequest, promise_id: int, action: str) -> Promise:
    staff = current_staff(request)
    access_promise_for_team_work(staff, promise_id)
    transitions: dict[str, Callable[..., Promise]] = {
        "keep": services.keep_promise,
        "break": services.break_promise,
        "cancel": services.cancel_promise,
    }
    service = transitions[action]
    try:
        return service(promise_id, by=staff)
    except services.PromiseStateError as error:
        raise HttpError(409, str(error)) from None


@router.post("/promises/{promise_id}/keep", response=PromiseOut, summary="Mark a promise kept")
def keep_promise_view(request: HttpRequest, promise_id: int) -> Promise:
    return _transition(request, promise_id, "keep")


@router.post("/promises/{promise_id}/break", response=PromiseOut, summary="Mark a promise broken")
def break_promise_view(request: HttpRequest, promise_id: int) -> Promise:
    return _transition(request, promise_id, "break")


@router.post("/promises/{promise_id}/cancel", response=PromiseOut, summary="Cancel a promise")
def cancel_promise_view(request: HttpRequest, promise_id: int) -> Promise:
    return _transition(request, promise_id, "cancel")


@router.post(
    "/promises/{promise_id}/renegotiate",
    response={201: PromiseOut},
    summary="Renegotiate: close this promise and return its replacement",
)
def renegotiate_promise_view(
    request: HttpRequest, promise_id: int, payload: RenegotiateIn
) -> Status[Promise]:
    staff = current_staff(request)
    access_promise_for_team_work(staff, promise_id)
    try:
        new = services.renegotiate_promise(
            promise_id, due_at=payload.due_at, description=payload.description, by=staff
        )
    except services.PromiseStateError as error:
        raise HttpError(409, str(error)) from None
    except services.PromiseError as error:
        raise _body_error(error) from None
    return Status(201, new)


@router.get(
    "/customers/{customer_id}/promise-record",
    response=CustomerKeptRatesOut,
    summary="Kept rates of a customer's promises, both ways",
)
def customer_kept_rates(request: HttpRequest, customer_id: int) -> dict[str, object]:
    access_customer_for_staff(current_staff(request), customer_id)
    return {
        "all": _rate_out(get_kept_rate_for_customer(customer_id)),
        "company": _rate_out(get_kept_rate_for_customer(customer_id, Side.COMPANY)),
        "customer": _rate_out(get_kept_rate_for_customer(customer_id, Side.CUSTOMER)),
    }


@router.get(
    "/promise-record",
    response=list[GroupKeptRateOut],
    summary="Kept rates of company promises per staff member or per functional team",
)
def group_kept_rates(request: HttpRequest, by: Literal["staff", "team"] = "staff") -> list[dict]:
    from accord.promises.queries import KeptRate

    if by == "staff":
        rows, key = list_kept_rates_by_staff(), "staff_id"
    else:
        rows, key = list_kept_rates_by_function(), "staff__function"
    return [
        _rate_out(KeptRate(kept=r["kept"], broken=r["broken"], open=r["open"]), str(r[key]))  # type: ignore[arg-type]
        for r in rows
    ]
