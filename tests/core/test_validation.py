"""The shared cleaners: each bad value is refused with the field named, good ones cleaned."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from accord.commerce.validators import clean_order, clean_subscription
from accord.consents.validators import clean_consent
from accord.core import validation as v
from accord.customers.models import CustomerKind
from accord.customers.validators import clean_customer, clean_customer_changes, clean_identity
from accord.interactions.validators import clean_interaction
from accord.promises.validators import clean_promise
from accord.voice.validators import clean_survey_response


def refusal(cleaner, value) -> str:
    with pytest.raises(v.ValidationProblem) as caught:
        cleaner(value)
    return str(caught.value)


def test_text_strips_and_refuses_control_characters_and_overlong_values():
    name = v.text("name", 5, required=True)
    assert name("  Ann ") == "Ann"
    assert refusal(name, "") == "name: is required"
    assert refusal(name, "Ann\x00") == "name: contains control character U+0000"
    assert refusal(name, "a\nb") == "name: contains control character U+000A"
    assert refusal(name, "abcdef") == "name: is 6 characters long, at most 5 fit"
    assert refusal(name, 12) == "name: must be text, not int"
    assert v.text("body", 10, multiline=True)("a\r\nb\tc") == "a\r\nb\tc"


def test_email_country_currency():
    assert v.email("email")(" Ann@Example.COM ") == "ann@example.com"
    assert refusal(v.email("email"), "ann@") == "email: 'ann@' is not an email address"
    assert v.country("country")("ma") == "MA"
    assert refusal(v.country("country"), "XX") == "country: 'XX' is not an ISO 3166 country code"
    assert v.currency("currency")("") == "EUR"
    assert (
        refusal(v.currency("currency"), "EU")
        == "currency: 'EU' is not a three-letter currency code"
    )


def test_money_fits_the_column_exactly():
    amount = v.money("amount", max_digits=5, decimal_places=2)
    assert amount("123.4") == Decimal("123.40")
    assert amount(7) == Decimal("7.00")
    assert amount("1.50000") == Decimal("1.50")  # more digits, no more value
    assert refusal(amount, "1.005") == "amount: 1.005 has more than 2 decimals"
    assert refusal(amount, "1000") == "amount: 1000 is too large (below 1000 fits)"
    assert refusal(amount, "-1") == "amount: must not be negative"
    assert refusal(amount, "NaN") == "amount: 'NaN' is not a number"
    assert refusal(amount, "abc") == "amount: 'abc' is not a number"
    assert refusal(amount, 0.1) == "amount: send an amount as a string or integer"
    assert refusal(amount, None) == "amount: is required"


def test_datetimes_are_aware_and_storable():
    at = v.aware_datetime("at")
    assert at("2026-03-01T10:00:00Z") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    assert at("2026-03-01T12:00+02:00") == datetime(2026, 3, 1, 12, tzinfo=plus_two)
    assert refusal(at, "2026-03-01T10:00") == "at: needs a time zone (got 2026-03-01T10:00:00)"
    assert refusal(at, "yesterday") == "at: 'yesterday' is not an ISO 8601 datetime"
    assert refusal(at, "0001-01-01T00:00+00:00") == "at: 0001-01-01T00:00:00+00:00 is out of range"
    assert refusal(at, "9999-12-31T23:00-05:00").startswith("at: 9999-12-31T23:00:00-05:00 is")
    assert v.calendar_date("day")("2026-02-28") == date(2026, 2, 28)
    assert (
        refusal(v.calendar_date("day"), "2026-02-30")
        == "day: '2026-02-30' is not a date (YYYY-MM-DD)"
    )


def test_ids_integers_booleans_choices():
    ident = v.record_id("id")
    assert ident("42") == 42
    assert ident(2**63 - 1) == 2**63 - 1
    assert refusal(ident, str(2**63)) == f"id: {2**63} is outside 1..{2**63 - 1}"
    assert refusal(ident, "٤٢") == "id: '٤٢' is not a whole number"
    assert refusal(ident, "1_0") == "id: '1_0' is not a whole number"
    assert refusal(ident, "0") == f"id: 0 is outside 1..{2**63 - 1}"
    assert refusal(ident, True) == "id: must be a whole number, not bool"
    kind = v.choice("kind", CustomerKind)
    assert kind(CustomerKind.ORGANIZATION) == "organization"
    assert kind(" person ") == "person"
    assert refusal(kind, ["person"]) == "kind: must be text, not list"
    assert v.boolean("flag")("Yes") is True
    assert v.boolean("flag")("0") is False
    assert refusal(v.boolean("flag"), "maybe") == "flag: 'maybe' is not true or false"


def test_domain_validators_clean_a_record_and_name_the_field():
    customer = clean_customer({"name": " Ann ", "email": "A@B.TEST", "country": "fr", "x": 1})
    assert customer == {
        "kind": "person",
        "name": "Ann",
        "email": "a@b.test",
        "phone": "",
        "city": "",
        "country": "FR",
    }
    assert refusal(clean_customer, {"name": "Ann", "kind": "robot"}).startswith("kind: unknown")
    assert refusal(clean_customer_changes, {"owner": 3}) == (
        "owner: is not a field that can be changed here"
    )
    assert clean_identity({"kind": "email", "value": "X@Y.TEST"})["value"] == "x@y.test"
    interaction = clean_interaction(
        {"channel": "call", "direction": "outbound", "kind": "support"}
        | {"occurred_at": "2026-01-02T03:04:05+00:00", "external_id": "c-1"}
    )
    assert (interaction["function"], interaction["source"], interaction["external_id"]) == (
        "",
        "accord",
        "c-1",
    )
    order = clean_order({"amount": "10", "occurred_at": "2026-01-02T00:00Z"})
    assert (order["amount"], order["currency"], order["external_id"]) == (
        Decimal("10.00"),
        "EUR",
        None,
    )
    subscription = {"product": "Fibre", "monthly_price": "30", "start_date": "2026-02-01"}
    assert refusal(clean_subscription, subscription | {"term_end_date": "2026-01-01"}) == (
        "term_end_date: falls before start_date"
    )
    assert refusal(clean_survey_response, {"responded_at": "2026-01-01T00:00Z", "nps": "11"}) == (
        "nps: 11 is outside 0..10"
    )
    assert refusal(clean_survey_response, {"responded_at": "2026-01-01T00:00Z"}) == (
        "nps: a response needs at least one score or a comment"
    )
    assert refusal(clean_consent, {"purpose": "partner_sharing", "method": "call"}) == (
        "partner_id: give a partner for partner_sharing and only for it"
    )
    promise = {"made_by_side": "company", "kind": "callback", "description": "Call back"}
    assert refusal(
        clean_promise,
        promise | {"due_at": "2026-01-01T00:00Z", "made_at": "2026-01-02T00:00Z"},
    ) == ("due_at: falls before the promise was made")


def test_bidirectional_controls_are_closed_inside_the_value():
    from accord.core.validation import ValidationProblem, contain_bidi, parse_id, text

    rlo, pdf, rli, pdi, lre = "\u202e", "\u202c", "\u2067", "\u2069", "\u202a"
    assert contain_bidi("plain") == "plain"
    assert contain_bidi(f"a{rlo}bc") == f"a{rlo}bc{pdf}"
    assert contain_bidi(f"{rlo}x{pdf}y") == f"{rlo}x{pdf}y"  # already closed: unchanged
    assert contain_bidi(f"{rli}{lre}x") == f"{rli}{lre}x{pdf}{pdi}"
    assert contain_bidi(f"{rli}{lre}x{pdi}") == f"{rli}{lre}x{pdi}"  # PDI closes both
    assert text("subject", 10)(f"{rlo}cod.exe") == f"{rlo}cod.exe{pdf}"
    with pytest.raises(ValidationProblem, match="at most 10 fit"):
        text("subject", 10)(f"{rlo}abcdefghi")  # the closer counts against the column
    assert [parse_id(raw) for raw in ("12", " 7 ", "\u00b3", "\u0661", "-1", "0", str(2**63))] == [
        12,
        7,
        None,
        None,
        None,
        None,
        None,
    ]
