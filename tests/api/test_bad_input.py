"""Hand-made bad input through HTTP, one row per class of problem, for the API, the staff
pages and the portal: each answers a clear 4xx (never a 500) and changes nothing.

Classes: ids and offsets past 64 bits, negative ids, digits that are not ASCII, dates
outside years 0001-9999 (after time zones), NUL and other control characters, wrong JSON
types, duplicates (409 naming the field), bodies that are not objects.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accord.consents.models import Consent
from accord.customers.models import Customer
from accord.customers.services import create_customer
from tests.api.conftest import call, token_for
from tests.portal.conftest import World, sign_in, world  # noqa: F401  (the portal's fixture)

HUGE = 2**64
UNICODE_DIGIT = "\u00b3"  # superscript three: str.isdigit() says yes, int() says no
ARABIC_DIGITS = "\u0661\u0662"  # "12" in Arabic-Indic digits


@pytest.fixture
def acme(bob) -> Customer:
    return create_customer(name="Acme", owner=bob, email="buy@acme.test")


def order(acme: Customer, **changes: Any) -> dict[str, Any]:
    return {"customer_id": acme.pk, "occurred_at": "2026-01-01T00:00:00Z", "amount": "10"} | changes


# (method, path, body-or-query, expected status, expected loc or None for "any")
API_ROWS = [
    ("huge path id", "get", "/customers/{huge}", None, 404, ["path"]),
    ("2**63 path id", "get", "/orders/9223372036854775808", None, 404, ["path"]),
    ("negative path id", "get", "/customers/-1", None, 404, ["path"]),
    ("word as path id", "get", "/customers/abc", None, 422, None),
    ("unknown API path", "get", "/no-such-thing/1", None, 404, ["path"]),
    ("huge query id", "get", "/orders", {"customer_id": HUGE}, 422, ["query", "customer_id"]),
    ("huge offset", "get", "/insight/customers", {"offset": HUGE}, 422, ["query", "offset"]),
    (
        "unicode digit owner",
        "get",
        "/insight/customers",
        {"owner": UNICODE_DIGIT},
        422,
        ["query", "owner"],
    ),
    (
        "arabic digits id",
        "get",
        "/orders",
        {"customer_id": ARABIC_DIGITS},
        422,
        ["query", "customer_id"],
    ),
    ("NUL in a query", "get", "/customers", {"q": "a\x00b"}, 422, ["query", "q"]),
    (
        "number as a date",
        "get",
        "/orders",
        {"occurred_after": "0.5"},
        422,
        ["query", "occurred_after"],
    ),
    (
        "year 0 after zone",
        "get",
        "/orders",
        {"occurred_after": "0001-01-01T00:00:00+01:00"},
        422,
        ["query", "occurred_after"],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "method", "path", "data", "status", "loc"), API_ROWS, ids=[r[0] for r in API_ROWS]
)
def test_api_reads_refuse_bad_input(client, bob, acme, label, method, path, data, status, loc):
    response = call(client, method, path.format(huge=HUGE), token_for(bob), data)
    assert response.status_code == status, response.content
    problem = response.json()["detail"][0]
    assert set(problem) == {"type", "loc", "msg"} and problem["msg"]
    if loc is not None:
        assert problem["loc"] == loc


BODY_ROWS = [
    ("huge body id", lambda a: order(a, customer_id=HUGE), 422, "customer_id"),
    ("negative body id", lambda a: order(a, customer_id=-5), 422, "customer_id"),
    ("text as a body id", lambda a: order(a, customer_id=str(a.pk)), 422, "customer_id"),
    (
        "year 1 before UTC",
        lambda a: order(a, occurred_at="0001-01-01T00:30:00+01:00"),
        422,
        "occurred_at",
    ),
    (
        "year 9999 past UTC",
        lambda a: order(a, occurred_at="9999-12-31T23:30:00-01:00"),
        422,
        "occurred_at",
    ),
    ("year 10000", lambda a: order(a, occurred_at="10000-01-01T00:00:00Z"), 422, "occurred_at"),
    ("a number as a date", lambda a: order(a, occurred_at=0), 422, "occurred_at"),
    ("NUL in text", lambda a: order(a, description="a\x00b"), 422, "description"),
    ("bell in text", lambda a: order(a, description="ring\x07"), 422, "description"),
    ("false as an amount", lambda a: order(a, amount=False), 422, "amount"),
    ("huge amount", lambda a: order(a, amount="1e30"), 422, "amount"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "body", "status", "field"), BODY_ROWS, ids=[r[0] for r in BODY_ROWS]
)
def test_api_creates_refuse_bad_input_and_store_nothing(
    client, bob, acme, label, body, status, field
):
    response = call(client, "post", "/orders", token_for(bob), body(acme))
    assert response.status_code == status, response.content
    problem = response.json()["detail"][0]
    assert problem["loc"][-1] == field, problem
    assert not acme.orders.exists() if hasattr(acme, "orders") else True
    from accord.commerce.models import Order

    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_or_not_json(client, bob, acme):
    token = token_for(bob)
    listed = call(client, "post", f"/subscriptions/{HUGE}/end", token, None)
    assert listed.status_code == 404
    for raw, status in ((b"[null, null]", 422), (b"\x00", 400), (b"{", 400)):
        response = client.post(
            "/api/v1/customers",
            raw,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == status, (raw, response.content)
        assert "detail" in response.json()
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_duplicates_answer_409_naming_the_field(client, bob, acme):
    token = token_for(bob)
    again = call(client, "post", "/customers", token, {"name": "Acme 2", "email": "BUY@acme.test"})
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["body", "payload", "email"]
    assert "buy@acme.test" in again.json()["detail"][0]["msg"]
    assert Customer.objects.count() == 1


# Staff pages: a path past 64 bits is a 404 page; NUL in a filter a 400; form fields
# refuse NUL and foreign digits beside the field (status 400), creating nothing.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/customers/{HUGE}/", 404),
        ("/customers/9223372036854775808/edit/", 404),
        (f"/staff/{HUGE}/", 404),
        ("/?q=a%00b", 400),
        (f"/?owner={UNICODE_DIGIT}", 200),
        ("/board/?as_of=0001-01-01", 200),
        ("/board/?as_of=99999-01-01", 200),
    ],
)
def test_staff_pages_refuse_bad_input(client: Client, alice, path: str, status: int):
    client.force_login(alice)
    response = client.get(path)
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Acme\x00"), ("owner", UNICODE_DIGIT), ("owner", str(HUGE)), ("email", "a\x00@b.c")],
)
def test_staff_new_customer_form_refuses_bad_input(client: Client, alice, field, value):
    client.force_login(alice)
    form = {
        "customer-kind": "person",
        "customer-name": "Acme",
        "customer-owner": str(alice.pk),
        "customer-stage": "prospect",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    form[f"customer-{field}"] = value
    response = client.post("/customers/new/", form)
    assert response.status_code == 400
    assert not Customer.objects.exists()


# Portal: the same classes through the customer's own forms and pages.
@pytest.mark.django_db
def test_portal_refuses_bad_input(world: World):  # noqa: F811
    client = sign_in(Client(), "ada@example.com")
    assert client.get(f"/portal/promises/{HUGE}/").status_code == 404
    assert client.get(f"/portal/requests/{HUGE}/").status_code == 404
    assert client.get("/portal/timeline/?q=%00").status_code == 400
    before = Consent.objects.count()
    for partner in (str(HUGE), UNICODE_DIGIT, "-1"):
        consent = client.post(
            "/portal/consents/", {"purpose": "marketing", "partner": partner, "decision": "grant"}
        )
        assert consent.status_code == 400, partner
    assert Consent.objects.count() == before
    rectify = client.post("/portal/data/rectify/", {"field": "name", "correction": "Ada\x00"})
    assert rectify.status_code == 400
    assert client.post("/portal/sign-in/", {"email": "ada\x00@example.com"}).status_code in (
        200,
        400,
    )
